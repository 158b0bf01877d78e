"""Membership rows to RDF: the rows of ``adhesions`` as ``org:Membership`` resources.

Takes the state of an import (its actors named) and the rows of ``adhesions``; checks
each (its member and organisation, its role, its dates), drops the doubles, names each
membership (given, the graph's own for the same facts, or ``ms:member--organisation``),
and gives its triples: member, organisation, role, sources, the ``org:memberOf``
shortcut and, when dated, its ``org:memberDuring`` interval with OWL-Time instants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node

from mes_graph.base.terms import ORG, PROV, RDF, TIME
from mes_graph.spreadsheets.cells import given_iri, local_name
from mes_graph.spreadsheets.columns import MS, TM
from mes_graph.spreadsheets.context import Context
from mes_graph.spreadsheets.dates import (
    DATE_PROPERTIES,
    date_bounds,
    membership_period,
    parse_date,
    period_triples,
)
from mes_graph.spreadsheets.mistakes import date_message, not_an_identifier, required_cell
from mes_graph.spreadsheets.resolve import actor_of_cell, codes_of_cell, is_person, sources_of_row
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.state import ImportState, note_origin, report, row_elsewhere

__all__ = ["MembershipRow", "add_memberships", "default_role"]


class MembershipRow(NamedTuple):
    """A membership row once checked: its actors, role, dates and sources."""

    table: Table
    row: Row
    member: URIRef
    organisation: URIRef
    role: URIRef
    start: Literal | None
    end: Literal | None
    sources: list[URIRef]


def default_role(ctx: Context) -> URIRef | None:
    """The role « Membre », the default of an empty role cell.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.spreadsheets.context import context
    >>> default_role(context(load()))
    rdflib.term.URIRef('https://w3id.org/mes-graph/id/concept/role/membre')
    """
    found = ctx.code_lists["role"].get("membre", set())
    return next(iter(found)) if len(found) == 1 else None


def _read_membership(state: ImportState, table: Table, row: Row) -> MembershipRow | None:
    """Check a membership row: its actors, role and dates; None if it cannot be kept."""
    cells = row.cells
    member = body = None
    if cells.get("membre"):
        member = actor_of_cell(state, table, row, "membre", cells["membre"])
    else:
        report(state, table, row, "membre", required_cell("le membre"))
    if cells.get("organisation"):
        body = actor_of_cell(state, table, row, "organisation", cells["organisation"])
    else:
        report(state, table, row, "organisation", required_cell("l'organisation"))
    if body is not None and is_person(state, body):
        report(state, table, row, "organisation", f"« {cells['organisation']} » est une "
               "personne : on adhère à une organisation")  # fmt: skip
        body = None
    if member is not None and member == body:
        message = "un acteur ne peut pas être membre de lui-même"
        report(state, table, row, "organisation", message)
        body = None
    roles = (
        codes_of_cell(state, table, row, "role") if cells.get("role") else [default_role(state.ctx)]
    )
    if len(roles) > 1:
        report(state, table, row, "role", "un seul rôle par ligne — une ligne par rôle")
    dates: dict[str, Literal | None] = {"debut": None, "fin": None}
    for column in dates:
        if cells.get(column):
            try:
                dates[column] = parse_date(cells[column])
            except ValueError as why:
                report(state, table, row, column, date_message(cells[column], why))
    start, end = dates["debut"], dates["fin"]
    if start is not None and end is not None and date_bounds(end)[1] < date_bounds(start)[0]:
        message = f"la fin (« {cells['fin']} ») précède le début (« {cells['debut']} »)"
        report(state, table, row, "fin", message)
    if member is None or body is None or not roles or roles[0] is None:
        return None
    sources = sources_of_row(state, table, row)
    return MembershipRow(table, row, member, body, roles[0], start, end, sources)


def _membership_iri(
    state: ImportState, found: MembershipRow, pairs: Mapping[tuple, set[Node]]
) -> URIRef | None:
    """A membership's IRI: given, the graph's own for the same facts, or minted.

    Minted as ``ms:member--organisation``, with ``--role`` when the pair holds several
    roles, and ``-2``… when taken.
    """
    ident = found.row.cells.get("identifiant", "")
    if ident:
        iri = given_iri(ident, MS, {"ms": MS})
        if iri is None:
            report(state, found.table, found.row, "identifiant", not_an_identifier(ident))
        return iri
    graph = state.ctx.graph
    for known in state.ctx.memberships.get((found.member, found.organisation, found.role), []):
        if known in state.memberships:
            continue
        period = membership_period(graph, known)
        if (
            (known, ORG.memberDuring, None) not in graph
            or (found.start is None and found.end is None)
            or (period is not None and period[1:] == (found.start, found.end))
        ):
            return known
    base = f"{local_name(found.member)}--{local_name(found.organisation)}"
    if len(pairs[(found.member, found.organisation)]) > 1:
        base += f"--{local_name(found.role)}"
    iri, n = MS[base], 1
    while iri in state.taken or iri in state.memberships:
        n += 1
        iri = MS[f"{base}-{n}"]
    return iri


def _add_membership(state: ImportState, found: MembershipRow, ms: URIRef) -> None:
    """A membership's triples, its shortcut, its dated interval, and where they go."""
    g, graph = state.graph, state.ctx.graph
    note_origin(state, ms, found.row)
    g.add((ms, RDF.type, ORG.Membership))
    g.add((ms, ORG.member, found.member))
    g.add((ms, ORG.organization, found.organisation))
    g.add((ms, ORG.role, found.role))
    for src in found.sources:
        g.add((ms, PROV.wasDerivedFrom, src))
    g.add((found.member, ORG.memberOf, found.organisation))
    if found.member not in state.refs and found.member not in state.members_outside:
        state.members_outside.append(found.member)
        note_origin(state, found.member, found.row)
    state.following[found.member].append(ms)
    if found.start is None and found.end is None:
        return
    period = membership_period(graph, ms) if ms in state.ctx.subjects else None
    if period is not None and period[1:] == (found.start, found.end):
        interval = period[0]  # the graph's own interval, with its IRIs
        triples = period_triples(graph, interval)
    else:
        interval = TM[local_name(ms)]
        triples = [(interval, RDF.type, TIME.Interval)]
        for word, prop, value in (("debut", TIME.hasBeginning, found.start),
                                  ("fin", TIME.hasEnd, found.end)):  # fmt: skip
            if value is not None:
                instant = TM[f"{local_name(ms)}-{word}"]
                triples += [(interval, prop, instant), (instant, RDF.type, TIME.Instant),
                            (instant, DATE_PROPERTIES[value.datatype], value)]  # fmt: skip
    g.add((ms, ORG.memberDuring, interval))
    for triple in triples:
        g.add(triple)
    state.following[ms].append(interval)
    note_origin(state, interval, found.row)
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        for instant in g.objects(interval, prop):
            state.following[interval].append(instant)
            note_origin(state, instant, found.row)


def add_memberships(state: ImportState, rows: Sequence[tuple[Table, Row]]) -> None:
    """Every membership row: checked, deduplicated, named and written."""
    kept = []
    for table, row in rows:
        if (row.file, row.number) not in state.excluded:
            found = _read_membership(state, table, row)
            if found is not None:
                kept.append(found)
    pairs: defaultdict[tuple[Node, Node], set[Node]] = defaultdict(set)
    for member, body, role in state.ctx.memberships:
        pairs[(member, body)].add(role)
    for found in kept:
        pairs[(found.member, found.organisation)].add(found.role)
    seen: dict[tuple, Row] = {}
    for found in kept:
        key = (found.member, found.organisation, found.role, found.start, found.end)
        if key in seen:
            message = f"doublon de la ligne {row_elsewhere(seen[key], found.row)}"
            report(state, found.table, found.row, None, message)
            continue
        seen[key] = found.row
        ms = _membership_iri(state, found, pairs)
        if ms is None:
            continue
        if ms in state.memberships:
            message = f"identifiant « {local_name(ms)} » déjà pris par une autre ligne"
            report(state, found.table, found.row, "identifiant", message)
            continue
        state.memberships.add(ms)
        state.taken.add(ms)
        _add_membership(state, found, ms)
