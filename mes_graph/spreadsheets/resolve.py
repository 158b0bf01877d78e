"""Cells resolved against the graph and the import: code lists, actors, sources.

Takes the state of an import and a cell of a row; gives the concepts or places it names
(by label or notation, accents and case aside), the actor it names (an IRI, ``orga:…``,
an identifier, an acronym or a name, in the graph or in this import), the sources of the
row — or, for each value it cannot resolve, a mistake with the closest known values.
"""

from __future__ import annotations

from rdflib import URIRef

from mes_graph.actors import fold
from mes_graph.base.terms import PREFIXES
from mes_graph.spreadsheets.cells import IRI_PATTERN, SLUG_PATTERN, cell_values, local_name
from mes_graph.spreadsheets.columns import CODE_LIST_COLUMNS, FEMININE_COLUMNS, SRC
from mes_graph.spreadsheets.mistakes import Mistake, several_actors, suggestions, unknown
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.state import ImportState, report

__all__ = ["actor_of_cell", "codes_of_cell", "display_name", "is_person", "sources_of_row"]


def sources_of_row(state: ImportState, table: Table, row: Row) -> list[URIRef]:
    """The sources a row names (IRIs, ``src:…``, titles), else the import's own."""
    found = []
    for value in cell_values(row.cells.get("source", ""), True):
        if IRI_PATTERN.match(value):
            found.append(URIRef(value))
            continue
        if value.startswith("src:") and SLUG_PATTERN.match(value[4:]):
            found.append(SRC[value[4:]])
            continue
        sources = state.ctx.sources
        matches = sources.get(fold(value), set()) | sources.get(value, set())
        if len(matches) == 1:
            found.append(next(iter(matches)))
            continue
        near = suggestions(value, sources, lambda n: state.ctx.labels.get(n, str(n)))
        text = unknown("source ", value, near, True)
        if not near:
            text += " — écrivez une adresse web (https://…) ou src:identifiant"
        report(state, table, row, "source", text)
    if not found:
        state.source_used = True
        found = [state.source.iri]
    return sorted(found)


def codes_of_cell(state: ImportState, table: Table, row: Row, column: str) -> list[URIRef]:
    """The concepts or places a cell names, by label or notation, accents and case aside."""
    ctx = state.ctx
    codes = ctx.code_lists[CODE_LIST_COLUMNS[(table.name, column)]]
    found = []
    for value in cell_values(row.cells.get(column, ""), True):
        key = fold(value)
        matches = codes.get(key) or codes.get(value) or set()
        if not matches and key.isdigit():
            matches = codes.get(key.zfill(2), set())
        if len(matches) == 1:
            found.append(next(iter(matches)))
            continue
        if matches:
            names = ", ".join(f"« {ctx.labels[m]} »" for m in sorted(matches))
            report(state, table, row, column, f"« {value} » est ambigu : {names}")
            continue
        if column == "type":
            other, where, what = (
                ("person_kind", "personnes", "personne")
                if table.name == "acteurs"
                else ("kind", "acteurs", "organisation")
            )
            if key in ctx.code_lists[other]:
                message = f"« {value} » est un type de {what} : sa place est dans la table {where}"
                report(state, table, row, column, message)
                continue
        near = suggestions(value, codes, lambda n: ctx.labels[n])
        text = unknown("", value, near, column in FEMININE_COLUMNS)
        choices = sorted({ctx.labels[n] for ns in codes.values() for n in ns})
        if not near and len(choices) <= 12:
            text += " — valeurs possibles : " + ", ".join(f"« {c} »" for c in choices)
        report(state, table, row, column, text)
    return found


def is_person(state: ImportState, iri: URIRef) -> bool:
    """Whether an actor of the import or of the graph is a person."""
    return state.refs[iri].person if iri in state.refs else iri in state.ctx.people


def display_name(state: ImportState, iri: URIRef) -> str:
    """An actor's name as messages and comments show it: its row's, else its label."""
    ref = state.refs.get(iri)
    if ref is not None and ref.row is not None:
        return ref.row.cells.get("nom", "") or local_name(iri)
    return state.ctx.labels.get(iri, local_name(iri))


def actor_of_cell(
    state: ImportState, table: Table, row: Row, column: str, value: str
) -> URIRef | None:
    """The actor a cell names: an IRI, ``orga:…``, an identifier, an acronym or a label."""
    ctx = state.ctx
    known = ctx.organisations | ctx.people
    matches: set[URIRef] = set()
    if IRI_PATTERN.match(value):
        iri = URIRef(value)
        matches = {iri} if iri in state.refs or iri in known else set()
    elif value.split(":", 1)[0] in ("orga", "person") and ":" in value:
        prefix, local = value.split(":", 1)
        iri = URIRef(PREFIXES[prefix] + local)
        matches = {iri} if iri in state.refs or iri in known else set()
    else:
        rejected = state.rejected_iris
        matches = state.local_names.get(value, set()) | (
            ctx.local_names.get(value, set()) - rejected
        )
        if not matches:
            key = fold(value)
            matches = state.names.get(key, set()) | (ctx.names.get(key, set()) - rejected)
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        names = ", ".join(
            f"« {display_name(state, a)} » ({local_name(a)})" for a in sorted(matches)
        )
        report(state, table, row, column, several_actors(value, names))
        return None
    rejected_row = state.rejected.get(fold(value))
    if rejected_row is not None:
        where = Mistake(rejected_row.file, rejected_row.number).location()
        report(
            state, table, row, column, f"l'acteur « {value} » est dans une ligne rejetée ({where})"
        )
        return None
    near = suggestions(value, {**ctx.names, **state.names}, lambda a: display_name(state, a))
    text = unknown("acteur ", value, near, False)
    if not near:
        text += " — ajoutez-le à acteurs ou personnes, ou écrivez son identifiant"
    report(state, table, row, column, text)
    return None
