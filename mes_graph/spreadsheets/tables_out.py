"""Tables out: the whole graph as the three spreadsheets, and the triples they carry.

Takes the graph ``load`` built (or a profile of it); gives the rows of ``acteurs``,
``adhesions`` and ``personnes`` (``table_rows``, or one at a time: ``table_streams``),
written as CSV for spreadsheets row by row (``write_tables``, ``write_csv``), and the
triples those tables carry (``tables_view``): importing the
tables back gives that view of the graph, isomorphic. A code-list cell holds the French
label (else the notation, else the IRI), an actor cell the actor's identifier.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.files import replacing
from mes_graph.base.tables import csv_bytes
from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    MES,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    SCHEMA,
    SCHEMES,
    SKOS,
)
from mes_graph.engine import union_view
from mes_graph.spreadsheets.cells import SLUG_PATTERN, local_name, source_cell
from mes_graph.spreadsheets.columns import (
    CLASSIFICATION_COLUMNS,
    MS,
    ORGA,
    PERSON,
    SEPARATOR,
    TABLES,
    TEXT_COLUMNS,
)
from mes_graph.spreadsheets.context import CodeList, Context, context, kinds_of
from mes_graph.spreadsheets.dates import DATE_PROPERTIES, membership_period, period_triples

__all__ = ["table_rows", "table_streams", "tables_view", "write_csv", "write_tables"]


def _code_lists_of_concepts(graph: Graph) -> dict[Node, str]:
    """Concept -> the key of its code list (kind, sector, legal_form, axis)."""
    found = {}
    for key in ("kind", "sector", "legal_form", "axis"):
        for concept in graph.subjects(SKOS.inScheme, SCHEMES[key]):
            found[concept] = key
    return found


def _code_cell(node: Node, codes: CodeList, ctx: Context) -> str:
    """The French label of a concept or place, else its notation, else its IRI."""
    label = ctx.labels.get(node)  # type: ignore[arg-type]
    if label and codes.get(fold(label)) == {node}:
        return label
    for notation in ctx.graph.objects(node, SKOS.notation):
        if codes.get(fold(str(notation))) == {node}:
            return str(notation)
    return str(node)


def _actor_cell(node: Node, ctx: Context) -> str:
    """An actor's identifier: its IRI end when that is unambiguous, else more."""
    local = local_name(node)
    for prefix, namespace in (("orga", ORGA), ("person", PERSON)):
        if _in(node, namespace, local) and SLUG_PATTERN.match(local):
            return local if len(ctx.local_names.get(local, ())) == 1 else f"{prefix}:{local}"
    return str(node)


def _identifier_cell(node: Node, namespace: Namespace) -> str:
    local = local_name(node)
    return local if _in(node, namespace, local) and SLUG_PATTERN.match(local) else str(node)


def _in(node: Node, namespace: Namespace, local: str) -> bool:
    """Whether ``node`` is ``namespace[local]`` (compared as text: no IRI made)."""
    return (
        isinstance(node, URIRef)
        and len(node) == len(namespace) + len(local)
        and (node.startswith(namespace) and node.endswith(local))
    )


def _sources_cell(graph: Graph, node: Node, prop: Node) -> str:
    return SEPARATOR.join(sorted(source_cell(s) for s in graph.objects(node, prop)))


def _joined(values: Iterable[Node]) -> str:
    return SEPARATOR.join(sorted(str(v) for v in values))


def _in_language(graph: Graph, node: Node, prop: Node, lang: str) -> list[Literal]:
    return sorted(
        v for v in graph.objects(node, prop)
        if isinstance(v, Literal) and v.language == lang
    )  # fmt: skip


def table_streams(
    dataset: Dataset | Graph,
) -> dict[str, tuple[list[str], Iterator[list[str]]]]:
    """The three tables of a graph, each row made as it is read, in sorted order.

    What ``table_rows`` gives, for a graph too large to hold its tables: the graph is read
    in place (``engine.union_view``), never copied, and each table's rows come one at a
    time, sorted (by identifier, then by the whole row). Read the tables in order.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    dict
        ``acteurs``, ``adhesions``, ``personnes`` -> (column names, iterator of rows).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> header, rows = table_streams(load())["personnes"]
    >>> header, next(rows)[0]
    (['identifiant', 'nom', 'type', 'source'], 'alexane-heredia')
    """
    ctx = context(union_view(dataset), index=False)
    g = ctx.graph
    lists_of = _code_lists_of_concepts(g)
    kinds = {**ctx.code_lists["kind"], **ctx.code_lists["person_kind"]}
    places = ctx.code_lists["place"]
    actors = ctx.organisations | ctx.people  # once, not once per organisation
    made_cells: dict[tuple[Node, int], str] = {}  # a concept's cell, made once

    def code(node: Node, codes: CodeList) -> str:
        key = (node, id(codes))
        if key not in made_cells:
            made_cells[key] = _code_cell(node, codes, ctx)
        return made_cells[key]

    def codes_cell(nodes: Iterable[Node], codes: CodeList) -> str:
        return SEPARATOR.join(sorted(code(node, codes) for node in nodes))

    def organisation_row(org: URIRef) -> list[str]:
        cells = {"identifiant": _identifier_cell(org, ORGA)}
        for column, (prop, lang) in TEXT_COLUMNS.items():
            cells[column] = _joined(_in_language(g, org, prop, lang))
        by_key = defaultdict(list)
        for concept in g.objects(org, ORG.classification):
            if concept in lists_of:
                by_key[lists_of[concept]].append(concept)
        for column, key in CLASSIFICATION_COLUMNS.items():
            codes = kinds if key == "kind" else ctx.code_lists[key]
            cells[column] = codes_cell(by_key[key], codes)
        cells["region"] = codes_cell(g.objects(org, SCHEMA.areaServed), places)
        cells["lieu_creation"] = codes_cell(g.objects(org, SCHEMA.foundingLocation), places)
        cells["site_web"] = _joined(g.objects(org, FOAF.homepage))
        cells["date_creation"] = _joined(g.objects(org, SCHEMA.foundingDate))
        parents = set(g.objects(org, ORG.subOrganizationOf)) | set(
            g.subjects(ORG.hasSubOrganization, org)
        )
        founders = set(g.objects(org, SCHEMA.founder)) | set(g.subjects(MES.founderOf, org))
        for column, values in (
            ("rattachement", parents),
            ("participe_a", set(g.objects(org, MES.participatesIn))),
            ("fondateurs", founders),
        ):
            cells[column] = SEPARATOR.join(
                sorted(_actor_cell(v, ctx) for v in values if v in actors)
            )
        cells["source"] = _sources_cell(g, org, DCTERMS.source)
        return [cells.get(c.name, "") for c in TABLES["acteurs"]]

    def person_row(person: URIRef) -> list[str]:
        names = sorted(g.objects(person, FOAF.name))
        return [
            _identifier_cell(person, PERSON),
            str(names[0]) if names else "",
            codes_cell(kinds_of(ctx, person), kinds),
            _sources_cell(g, person, DCTERMS.source),
        ]

    def membership_row(ms: URIRef) -> list[str] | None:
        member, body = g.value(ms, ORG.member), g.value(ms, ORG.organization)
        if member is None or body is None:
            return None
        period = membership_period(g, ms)
        role = g.value(ms, ORG.role)
        return [
            _identifier_cell(ms, MS),
            _actor_cell(member, ctx),
            _actor_cell(body, ctx),
            code(role, ctx.code_lists["role"]) if role is not None else "",
            str(period[1]) if period and period[1] is not None else "",
            str(period[2]) if period and period[2] is not None else "",
            _sources_cell(g, ms, PROV.wasDerivedFrom),
        ]

    memberships = {m for m in g.subjects(RDF.type, ORG.Membership) if isinstance(m, URIRef)}
    made = {
        "acteurs": _sorted_rows(ctx.organisations, ORGA, organisation_row),
        "adhesions": _sorted_rows(memberships, MS, membership_row),
        "personnes": _sorted_rows(ctx.people, PERSON, person_row),
    }
    return {name: ([c.name for c in TABLES[name]], made[name]) for name in TABLES}


def _sorted_rows(
    nodes: Iterable[URIRef], namespace: Namespace, row: Callable[[URIRef], list[str] | None]
) -> Iterator[list[str]]:
    """The rows of nodes in the order of ``sorted(rows)``, each made when it is read.

    A row starts with the node's identifier: nodes sorted by it give the rows sorted,
    those sharing one (never, for IRIs of ours) sorted among themselves.
    """
    keyed = sorted((_identifier_cell(node, namespace), node) for node in nodes)
    for _, group in itertools.groupby(keyed, key=lambda pair: pair[0]):
        rows = [r for _, node in group if (r := row(node)) is not None]
        yield from (rows if len(rows) == 1 else sorted(rows))


def table_rows(dataset: Dataset | Graph) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The three tables of a graph: for each, the header and the rows, sorted.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    dict
        ``acteurs``, ``adhesions``, ``personnes`` -> (column names, rows of cells).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> header, rows = table_rows(load())["acteurs"]
    >>> row = dict(zip(header, next(r for r in rows if r[0] == "ardes")))
    >>> row["nom"], row["type"], row["region"], row["source"]
    ('ARDES', 'Réseau territorial', 'Normandie', 'src:mes-presentation')
    """
    return {name: (header, list(rows)) for name, (header, rows) in table_streams(dataset).items()}


def write_csv(rows: Iterable[Sequence[Any]], out: BinaryIO, batch: int = 10_000) -> None:
    """Write rows as CSV for spreadsheets to a binary file, ``batch`` rows at a time.

    The bytes of ``base.tables.csv_bytes`` (comma, no byte order mark), for tables too
    large to hold as one text.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> write_csv([["a", "b"], ["=1", None]], out, batch=1)
    >>> out.getvalue()
    b"a,b\\n'=1,\\n"
    """
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        out.write(csv_bytes(chunk, ",", False))


def write_tables(dataset: Dataset | Graph, folder: Path | str) -> list[Path]:
    """Write the three tables of a graph: ``acteurs.csv``, ``adhesions.csv``, ``personnes.csv``.

    Standard CSV (UTF-8, comma, one header line, rows sorted by identifier), the same
    bytes for the same graph, written row by row; ``import_spreadsheets`` reads them back
    into ``tables_view`` of the graph.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The graph ``load`` built (or a profile of it).
    folder : Path or str
        Created if missing; the three files are written atomically.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> paths = write_tables(load(), tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['acteurs.csv', 'adhesions.csv', 'personnes.csv']
    >>> paths[1].read_text(encoding="utf-8").splitlines()[0]
    'identifiant,membre,organisation,role,debut,fin,source'
    """
    folder = Path(folder)
    written = []
    for name, (header, rows) in table_streams(dataset).items():
        with replacing(folder / f"{name}.csv") as out:
            write_csv(itertools.chain([header], rows), out)
        written.append(folder / f"{name}.csv")
    return written


def tables_view(dataset: Dataset | Graph) -> Graph:
    """The triples of a graph that its three tables carry (see ``mes_graph.spreadsheets``).

    ``import_spreadsheets`` of ``write_tables(dataset)`` gives a graph isomorphic to
    this one (with no source document of its own, as every row names its source).

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    rdflib.Graph
        For each organisation, person and membership, the triples of the columns; for
        a membership with dated ends, its interval and instants.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> view = tables_view(load())
    >>> len(set(view.subjects(ORG.member, None))), (None, ORG.resultedFrom, None) in view
    (29, False)
    """
    ctx = context(dataset)
    g = ctx.graph
    lists_of = _code_lists_of_concepts(g)
    places = {p for ps in ctx.code_lists["place"].values() for p in ps}
    actors = ctx.organisations | ctx.people
    view = Graph()
    for prefix, namespace in PREFIXES.items():
        view.bind(prefix, namespace, replace=True)

    def keep(node: Node, props: Iterable[Node], test: Any) -> None:
        for prop in props:
            for value in g.objects(node, prop):
                if test(prop, value):
                    view.add((node, prop, value))

    texts = {prop for prop, _ in TEXT_COLUMNS.values()}
    for org in ctx.organisations:
        keep(org, [RDF.type], lambda p, v: True)
        keep(org, texts, lambda p, v: isinstance(v, Literal) and v.language in (
            ("fr", "en") if p in (SKOS.prefLabel, SCHEMA.description, MES.mission,
                                  SKOS.editorialNote, SKOS.scopeNote) else ("fr",)))  # fmt: skip
        keep(org, [ORG.classification], lambda p, v: v in lists_of)
        keep(org, [SCHEMA.areaServed, SCHEMA.foundingLocation], lambda p, v: v in places)
        keep(org, [FOAF.homepage], lambda p, v: isinstance(v, URIRef))
        keep(
            org, [SCHEMA.foundingDate], lambda p, v: getattr(v, "datatype", None) in DATE_PROPERTIES
        )
        relations = [ORG.subOrganizationOf, ORG.hasSubOrganization, MES.participatesIn,
                     SCHEMA.founder, MES.founderOf, ORG.memberOf]  # fmt: skip
        keep(org, relations, lambda p, v: v in actors)
        keep(org, [DCTERMS.source], lambda p, v: isinstance(v, URIRef))
    for person in ctx.people:
        keep(person, [RDF.type], lambda p, v: True)
        keep(person, [FOAF.name], lambda p, v: isinstance(v, Literal))
        keep(person, [ORG.memberOf, MES.founderOf], lambda p, v: v in actors)
        keep(person, [DCTERMS.source], lambda p, v: isinstance(v, URIRef))
    for ms in g.subjects(RDF.type, ORG.Membership):
        member, body = g.value(ms, ORG.member), g.value(ms, ORG.organization)
        if not isinstance(ms, URIRef) or member not in actors or body not in actors:
            continue
        keep(ms, [RDF.type, ORG.member, ORG.organization, ORG.role], lambda p, v: True)
        keep(ms, [PROV.wasDerivedFrom], lambda p, v: isinstance(v, URIRef))
        period = membership_period(g, ms)
        if period is not None:
            view.add((ms, ORG.memberDuring, period[0]))
            for triple in period_triples(g, period[0]):
                view.add(triple)
    return view
