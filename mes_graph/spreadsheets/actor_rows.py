"""Actor rows to RDF: the rows of ``acteurs`` and ``personnes`` as organisations and people.

Takes the state of an import and the rows of its actor tables; gives each row its IRI
(given, recognised in the graph by name or acronym, or minted from them), and the triples
of its columns: classes (from its kind), names, code lists, places, web site, founding
date; then the parts, participations and founders between actors, with their inverses.
A mistake of a row is reported on its column.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Literal, URIRef

from mes_graph.actors import fold
from mes_graph.base.terms import FOAF, ORG, RDF, SCHEMA, SKOS
from mes_graph.spreadsheets.cells import (
    DOMAIN_PATTERN,
    IRI_PATTERN,
    cell_values,
    given_iri,
    local_name,
    slug,
)
from mes_graph.spreadsheets.columns import ORGA, PERSON, RELATION_COLUMNS, TEXT_COLUMNS
from mes_graph.spreadsheets.context import kinds_of
from mes_graph.spreadsheets.dates import parse_date
from mes_graph.spreadsheets.mistakes import (
    date_message,
    not_an_identifier,
    required_cell,
    several_actors,
)
from mes_graph.spreadsheets.resolve import actor_of_cell, codes_of_cell, display_name, is_person
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.state import ActorRef, ImportState, note_origin, report, row_elsewhere

__all__ = ["add_classes_and_names", "add_organisation_cells", "link_actors", "name_actors"]

_ACTOR_PREFIXES = {"orga": ORGA, "person": PERSON}
_AMBIGUOUS = URIRef("urn:mes-graph:ambigu")


def _recognise(state: ImportState, table: Table, row: Row, person: bool) -> URIRef | None:
    """An actor of the graph the row names by its name or acronym, if any."""
    pool = state.ctx.people if person else state.ctx.organisations
    name = row.cells.get("nom", "")
    for candidate in [name, *cell_values(row.cells.get("sigle", ""), True)]:
        known = {a for a in state.ctx.names.get(fold(candidate), set()) if a in pool}
        if len(known) == 1:
            return next(iter(known))
        if len(known) > 1:
            labels = state.ctx.labels
            names = ", ".join(f"« {labels[a]} » ({local_name(a)})" for a in sorted(known))
            column = "nom" if candidate == name else "sigle"
            report(state, table, row, column, several_actors(candidate, names))
            return _AMBIGUOUS
    return None


def name_actors(state: ImportState, by_table: Mapping[str, list[tuple[Table, Row]]]) -> None:
    """Give every actor row its IRI: given, recognised in the graph, or minted from names.

    Given identifiers are reserved first, so that a minted one never takes them; minted
    ones follow the rows' order, a collision taking ``-2``, ``-3``…
    """
    state.taken = set(state.ctx.subjects)
    explicit: dict[tuple[str, int], URIRef] = {}
    for name, namespace in (("acteurs", ORGA), ("personnes", PERSON)):
        for table, row in by_table[name]:
            ident = row.cells.get("identifiant", "")
            if not ident:
                continue
            iri = given_iri(ident, namespace, _ACTOR_PREFIXES)
            if iri is None:
                message = not_an_identifier(ident, slug(ident) or "mon-reseau")
                report(state, table, row, "identifiant", message)
                continue
            explicit[(row.file, row.number)] = iri
            state.taken.add(iri)
    seen: dict[URIRef, Row] = {}
    for name, namespace in (("acteurs", ORGA), ("personnes", PERSON)):
        person = name == "personnes"
        for table, row in by_table[name]:
            key = (row.file, row.number)
            label = row.cells.get("nom", "")
            if not label:
                report(state, table, row, "nom", required_cell("le nom"))
            iri = explicit.get(key)  # a bad identifier, reported above, is minted anew
            if iri is None and label:
                iri = _recognise(state, table, row, person)
                if iri == _AMBIGUOUS:
                    continue
                if iri is None:
                    acronyms = cell_values(row.cells.get("sigle", ""), True)
                    base = slug(acronyms[0] if acronyms and not person else label)
                    base = base or ("personne" if person else "acteur")
                    iri, n = namespace[base], 1
                    while iri in state.taken:
                        n += 1
                        iri = namespace[f"{base}-{n}"]
                    state.taken.add(iri)
            if iri is None:
                continue
            if iri in seen:
                where = row_elsewhere(seen[iri], row)
                message = f"doublon de la ligne {where} (même acteur « {label} »)"
                report(state, table, row, None, message)
                continue
            seen[iri] = row
            names = [row.cells.get(c, "") for c in ("nom", "nom_en")]
            names += [
                v for c in ("sigle", "variantes") for v in cell_values(row.cells.get(c, ""), True)
            ]
            if key in state.excluded:  # a rejected row: the rows naming it are rejected too
                state.rejected_iris.add(iri)
                for value in [row.cells.get("identifiant", ""), local_name(iri), *names]:
                    state.rejected.setdefault(fold(value), row)
                continue
            state.refs[iri] = ActorRef(iri, person, row)
            state.actors.append((table, row, iri))
            state.local_names[local_name(iri)].add(iri)
            state.names[str(iri)].add(iri)
            for value in names:
                if value:
                    state.names[fold(value)].add(iri)


def add_classes_and_names(state: ImportState, table: Table, row: Row, iri: URIRef) -> None:
    """An actor's classes (from its kind), kind, and names, checked against the graph's."""
    ctx, graph, cells = state.ctx, state.graph, row.cells
    person = state.refs[iri].person
    existing = iri in (ctx.people if person else ctx.organisations)
    kinds = codes_of_cell(state, table, row, "type") if "type" in cells else []
    if len(kinds) > 1:
        report(state, table, row, "type", "un seul type par acteur")
    if not kinds and not person and not cells.get("type"):
        report(state, table, row, "type", required_cell("le type"))
    if kinds and existing:
        known = kinds_of(ctx, iri)
        if known and kinds[0] not in known:
            was = ", ".join(f"« {ctx.labels[k]} »" for k in sorted(known))
            message = f"« {cells['type']} » : « {display_name(state, iri)} » est déjà du type {was}"
            report(state, table, row, "type", message)
    classes = ctx.kind_classes.get(kinds[0], ()) if kinds else ()
    for cls in classes or ((FOAF.Person,) if person else (ORG.Organization,)):
        graph.add((iri, RDF.type, cls))
    for kind in kinds[:1] if not person else ():  # a person's kind is their class
        graph.add((iri, ORG.classification, kind))
    name = cells.get("nom", "")
    if person:
        if name:
            names = list(ctx.graph.objects(iri, FOAF.name)) if existing else []
            if names and fold(name) != fold(str(names[0])):
                report(state, table, row, "nom", f"« {name} » : cette personne s'appelle déjà "
                       f"« {names[0]} » — reprenez ce nom, ou donnez un autre identifiant "
                       "s'il s'agit d'une autre personne")  # fmt: skip
            graph.add((iri, FOAF.name, names[0] if names else Literal(name)))
        return
    for column, (prop, lang) in TEXT_COLUMNS.items():
        multiple = column in ("sigle", "variantes")
        for value in cell_values(cells.get(column, ""), multiple):
            literal = Literal(value, lang=lang)
            if column == "nom" and existing:
                labels = [
                    v for v in ctx.graph.objects(iri, SKOS.prefLabel)
                    if getattr(v, "language", None) == "fr"
                ]  # fmt: skip
                if labels and fold(value) == fold(str(labels[0])):
                    literal = labels[0]  # its own spelling
                elif labels and iri in ctx.names.get(fold(value), set()):
                    continue  # recognised by one of its other names
                elif labels:
                    report(state, table, row, "nom", f"« {value} » : l'acteur {local_name(iri)} "
                           f"s'appelle déjà « {labels[0]} » — reprenez ce nom, ou donnez un "
                           "autre identifiant s'il s'agit d'un autre acteur")  # fmt: skip
                    continue
            graph.add((iri, prop, literal))


def add_organisation_cells(state: ImportState, table: Table, row: Row, iri: URIRef) -> None:
    """An organisation's code lists, places, web site and founding date."""
    graph, cells = state.graph, row.cells
    for column in ("filieres", "forme_juridique", "axes"):
        for concept in codes_of_cell(state, table, row, column) if column in cells else []:
            graph.add((iri, ORG.classification, concept))
    for place in codes_of_cell(state, table, row, "region") if "region" in cells else []:
        graph.add((iri, SCHEMA.areaServed, place))
    places = codes_of_cell(state, table, row, "lieu_creation") if "lieu_creation" in cells else []
    for place in places[:1]:
        graph.add((iri, SCHEMA.foundingLocation, place))
    if len(places) > 1:
        report(state, table, row, "lieu_creation", "un seul lieu de création")
    site = cells.get("site_web", "")
    if site:
        url = site if "://" in site or not DOMAIN_PATTERN.match(site) else "https://" + site
        if IRI_PATTERN.match(url) and url.lower().startswith("http"):
            graph.add((iri, FOAF.homepage, URIRef(url)))
        else:
            report(state, table, row, "site_web", f"« {site} » n'est pas une adresse web — "
                   "écrivez-la comme https://www.exemple.org/")  # fmt: skip
    founded = cells.get("date_creation", "")
    if founded:
        try:
            graph.add((iri, SCHEMA.foundingDate, parse_date(founded)))
        except ValueError as why:
            report(state, table, row, "date_creation", date_message(founded, why))


def link_actors(state: ImportState) -> None:
    """Parts, participations and founders between actors, with their inverses."""
    for table, row, iri in state.actors:
        if state.refs[iri].person:
            continue
        for column, (prop, inverse, org_only) in RELATION_COLUMNS.items():
            for value in cell_values(row.cells.get(column, ""), True):
                other = actor_of_cell(state, table, row, column, value)
                if other is None:
                    continue
                if other == iri:
                    report(state, table, row, column, f"« {value} » est l'acteur lui-même")
                    continue
                if org_only and is_person(state, other):
                    message = f"« {value} » est une personne, pas une organisation"
                    report(state, table, row, column, message)
                    continue
                state.graph.add((iri, prop, other))
                if inverse is not None:
                    state.graph.add((other, inverse, iri))
                    note_origin(state, other, row)
                    if other not in state.refs:
                        state.following[iri].append(other)
