"""Rows to RDF: the graph of an import's tables, its blocks in reading order, its mistakes.

Takes the tables read, the graph's ``Context``, the import's ``Source`` and the rows to
leave out; gives a ``BuildResult``: the triples of every row (``actor_rows``, then
``membership_rows``), every mistake, the row each block comes from, and the order the
Turtle tells them in — the source first, each actor then its memberships, the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from rdflib import Graph
from rdflib.term import Node

from mes_graph.base.terms import DCTERMS
from mes_graph.spreadsheets.actor_rows import (
    add_classes_and_names,
    add_organisation_cells,
    link_actors,
    name_actors,
)
from mes_graph.spreadsheets.context import Context
from mes_graph.spreadsheets.membership_rows import add_memberships
from mes_graph.spreadsheets.mistakes import Mistake
from mes_graph.spreadsheets.resolve import display_name, sources_of_row
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.source import Source, add_source_document
from mes_graph.spreadsheets.state import ImportState, note_origin, report

__all__ = ["BuildResult", "graph_of_rows"]


class BuildResult(NamedTuple):
    """What an import built: the graph, the order of its blocks, the mistakes."""

    graph: Graph
    blocks: list[tuple[str, Node]]
    mistakes: list[Mistake]
    origins: dict[Node, tuple[str, int]]
    counts: dict[str, int]


def _reading_order(state: ImportState) -> list[tuple[str, Node]]:
    """The blocks in reading order: source, each actor then its memberships, the rest."""
    ordered: list[tuple[str, Node]] = []
    done: set[Node] = set()

    def place(comment: str, node: Node) -> None:
        if node not in done:
            done.add(node)
            ordered.append((comment, node))
            for following in state.following.get(node, []):
                place("", following)

    if state.source_used:
        place("La source de ces données.", state.source.iri)
    for comment, node in state.blocks:
        place(comment, node)
    for member in state.members_outside:
        place(f"« {display_name(state, member)} », déjà dans le graphe : ses adhésions.", member)
    for node in sorted({s for s in state.graph.subjects() if s not in done}, key=str):
        known = node in state.ctx.subjects
        place("déjà dans le graphe : relations inverses." if known else "", node)
    return ordered


def graph_of_rows(
    tables: Sequence[Table],
    ctx: Context,
    source: Source,
    excluded: frozenset[tuple[str, int]] = frozenset(),
) -> BuildResult:
    """Turn the rows of the tables into triples, collecting every mistake.

    Parameters
    ----------
    tables : sequence of Table
        What ``read_spreadsheet`` read.
    ctx : Context
        The graph the rows are checked against.
    source : Source
        The source of the statements whose row names none.
    excluded : frozenset of (str, int)
        The rows (file, line) left out; the rows that name their actors are left out too.

    Returns
    -------
    BuildResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> from mes_graph.spreadsheets.context import context
    >>> from mes_graph.spreadsheets.reading import read_spreadsheet
    >>> from mes_graph.spreadsheets.source import import_source
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acteurs.csv"
    >>> _ = path.write_text("nom;type\\nRéseau Breton;RT\\n", encoding="utf-8")
    >>> ctx = context(load())
    >>> result = graph_of_rows(read_spreadsheet(path)[0], ctx, import_source(None, [], ctx))
    >>> result.counts, result.blocks[1]
    ({'acteurs': 1, 'personnes': 0, 'adhesions': 0}, ('acteurs.csv, ligne 2 : « Réseau Breton »', rdflib.term.URIRef('https://w3id.org/mes-graph/id/organisation/reseau-breton')))
    """
    state = ImportState(ctx, source, excluded)
    by_table: defaultdict[str, list[tuple[Table, Row]]] = defaultdict(list)
    for table in tables:
        for row in table.rows:
            by_table[table.name].append((table, row))
            if row.outside and (row.file, row.number) not in excluded:
                cells = ", ".join(f"« {c} »" for c in row.outside)
                report(state, table, row, None, f"cellule hors des colonnes : {cells}")
    name_actors(state, by_table)
    for table, row, iri in state.actors:
        note_origin(state, iri, row)
        where = Mistake(row.file, row.number).location()
        state.blocks.append((f"{where} : « {row.cells.get('nom', '')} »", iri))
        add_classes_and_names(state, table, row, iri)
        if not state.refs[iri].person:
            add_organisation_cells(state, table, row, iri)
        for src in sources_of_row(state, table, row):
            state.graph.add((iri, DCTERMS.source, src))
    link_actors(state)
    add_memberships(state, by_table["adhesions"])
    if state.source_used:
        add_source_document(state.graph, state.source)
    people = sum(1 for _, _, iri in state.actors if state.refs[iri].person)
    counts = {
        "acteurs": len(state.actors) - people,
        "personnes": people,
        "adhesions": len(state.memberships),
    }
    return BuildResult(state.graph, _reading_order(state), state.mistakes, state.origins, counts)
