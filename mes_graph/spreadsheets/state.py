"""The state of one import: what the steps that turn rows into triples share.

Takes the context, the source and the rows left out; gives an ``ImportState``, the
record the steps (``actor_rows``, ``membership_rows``, ``assemble``) fill: the graph
built, the mistakes (``report``), where each block comes from (``note_origin``), the
actors named so far and the IRIs taken.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.term import Node

from mes_graph.spreadsheets.context import Context
from mes_graph.spreadsheets.mistakes import Mistake
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.source import Source

__all__ = ["ActorRef", "ImportState", "note_origin", "report", "row_elsewhere"]


class ActorRef(NamedTuple):
    """An actor named in this import: its IRI, whether it is a person, its row."""

    iri: URIRef
    person: bool
    row: Row | None


@dataclass
class ImportState:
    """What the steps of one import share (a record: the steps are functions)."""

    ctx: Context
    source: Source
    excluded: frozenset[tuple[str, int]]
    graph: Graph = field(default_factory=Graph)
    mistakes: list[Mistake] = field(default_factory=list)
    origins: dict[Node, tuple[str, int]] = field(default_factory=dict)
    blocks: list[tuple[str, Node]] = field(default_factory=list)
    following: defaultdict[Node, list[Node]] = field(default_factory=lambda: defaultdict(list))
    members_outside: list[Node] = field(default_factory=list)
    source_used: bool = False
    refs: dict[URIRef, ActorRef] = field(default_factory=dict)
    actors: list[tuple[Table, Row, URIRef]] = field(default_factory=list)
    names: defaultdict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    local_names: defaultdict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    rejected: dict[str, Row] = field(default_factory=dict)
    rejected_iris: set[URIRef] = field(default_factory=set)
    taken: set[Node] = field(default_factory=set)
    memberships: set[Node] = field(default_factory=set)


def report(state: ImportState, table: Table, row: Row, column: str | None, message: str) -> None:
    """Note a mistake of a row, in a column (None: the row as a whole)."""
    position, header = table.columns.get(column, (-1, column or "")) if column else (-1, "")
    state.mistakes.append(Mistake(row.file, row.number, position, header, message))


def note_origin(state: ImportState, node: Node, row: Row) -> None:
    """Note the row a block comes from, unless an earlier one is noted."""
    state.origins.setdefault(node, (row.file, row.number))


def row_elsewhere(other: Row, row: Row) -> str:
    """Another row, as seen from a row: ``4``, or ``4 de acteurs.csv``.

    Examples
    --------
    >>> a, b = Row("acteurs.csv", 4, {}, ()), Row("adhesions.csv", 2, {}, ())
    >>> row_elsewhere(a, a), row_elsewhere(a, b)
    ('4', '4 de acteurs.csv')
    """
    return str(other.number) if other.file == row.file else f"{other.number} de {other.file}"
