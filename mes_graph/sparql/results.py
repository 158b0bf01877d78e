"""The answer to a query, the same whichever engine gave it, and as a pandas table.

Takes what an engine answered (an ASK boolean, a graph, or SELECT rows of terms by
variable); gives a ``Result`` whose rows are in the query's order, or sorted by
``term_key`` when the query has no ORDER BY, so that two engines give equal results; and
``to_dataframe``, one column per variable, integers as a nullable ``Int64`` column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Result",
    "ask_result",
    "cell_value",
    "graph_result",
    "row_key",
    "select_result",
    "term_key",
    "to_dataframe",
]


@dataclass(frozen=True)
class Result:
    """The raw answer to a query, the same whichever engine gave it.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE. ``rows`` holds RDF terms (``None``
    where unbound), in the query's order, or sorted when the query has no ORDER BY. An
    ASK result has one row, one column ``boolean``; a graph result one row per triple
    (``subject``, ``predicate``, ``object``), sorted, and the graph itself in ``graph``.
    """

    form: str
    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    boolean: bool | None = None
    graph: Graph | None = None
    text: str = field(default="", repr=False)


_NUMERIC = {
    XSD[name]
    for name in [
        "integer", "decimal", "double", "float", "long", "int", "short", "byte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    ]
}  # fmt: skip
_INTEGERS = _NUMERIC - {XSD.decimal, XSD.double, XSD.float}
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


def term_key(term: Node | None) -> tuple:
    """A sort key for terms: unbound, blank nodes, IRIs, numbers by value, other literals.

    Examples
    --------
    >>> terms = [Literal(10), None, Literal(9), URIRef("urn:a"), Literal("b")]
    >>> [None if t is None else t.n3() for t in sorted(terms, key=term_key)]  # doctest: +ELLIPSIS
    [None, '<urn:a>', '"9"^^<...#integer>', '"10"^^<...#integer>', '"b"']
    """
    if term is None:
        return (0, 0, 0.0, "", "", "")
    if isinstance(term, BNode):
        return (1, 0, 0.0, str(term), "", "")
    if isinstance(term, URIRef):
        return (2, 0, 0.0, str(term), "", "")
    if isinstance(term, Literal):
        if term.datatype in _NUMERIC:
            try:
                return (3, 0, float(str(term)), str(term), "", str(term.datatype))
            except ValueError:
                pass
        return (3, 1, 0.0, str(term), term.language or "", str(term.datatype or ""))
    return (4, 0, 0.0, str(term), "", "")


def row_key(row: tuple[Node | None, ...]) -> tuple:
    """A sort key for rows of terms: each term's ``term_key`` in turn.

    Examples
    --------
    >>> rows = [(URIRef("urn:b"), None), (URIRef("urn:a"), Literal(2))]
    >>> [str(row[0]) for row in sorted(rows, key=row_key)]
    ['urn:a', 'urn:b']
    """
    return tuple(term_key(term) for term in row)


def graph_result(graph: Graph, form: str, text: str) -> Result:
    """The result of a CONSTRUCT or DESCRIBE query: its graph, and one sorted row a triple.

    Parameters
    ----------
    graph : rdflib.Graph
        The statements the engine answered.
    form : str
        ``CONSTRUCT`` or ``DESCRIBE``.
    text : str
        The query that was run.

    Returns
    -------
    Result

    Examples
    --------
    >>> g = Graph().parse(data="<urn:b> <urn:p> 2 . <urn:a> <urn:p> 1 .", format="turtle")
    >>> [str(row[0]) for row in graph_result(g, "CONSTRUCT", "").rows]
    ['urn:a', 'urn:b']
    """
    rows = tuple(sorted(((s, p, o) for s, p, o in graph), key=row_key))
    return Result(form, ("subject", "predicate", "object"), rows, graph=graph, text=text)


def select_result(
    variables: list[str], rows: Iterable[Mapping[str, Node | None]], ordered: bool, text: str
) -> Result:
    """The result of a SELECT query: a row of terms per answer, sorted unless ``ordered``.

    Parameters
    ----------
    variables : list of str
        The columns, in the query's order.
    rows : iterable of mappings
        Variable name to term; an absent variable is unbound (``None``).
    ordered : bool
        The query has ORDER BY: its order is kept.
    text : str
        The query that was run.

    Returns
    -------
    Result

    Examples
    --------
    >>> rows = [{"s": URIRef("urn:b")}, {"s": URIRef("urn:a"), "n": Literal("x")}]
    >>> select_result(["s", "n"], rows, False, "").rows
    ((rdflib.term.URIRef('urn:a'), rdflib.term.Literal('x')), (rdflib.term.URIRef('urn:b'), None))
    """
    table = [tuple(row.get(var) for var in variables) for row in rows]
    if not ordered:
        table.sort(key=row_key)
    return Result("SELECT", tuple(variables), tuple(table), text=text)


def ask_result(answer: bool, text: str) -> Result:
    """The result of an ASK query: one row, one column ``boolean``.

    Examples
    --------
    >>> ask_result(True, "ASK {}").boolean
    True
    """
    return Result("ASK", ("boolean",), ((Literal(answer),),), boolean=answer, text=text)


def cell_value(term: Node | None) -> Any:
    """A term as a table cell: an integer or a boolean as Python's, anything else its text.

    Examples
    --------
    >>> cell_value(Literal(2)), cell_value(Literal(True)), cell_value(URIRef("urn:a"))
    (2, True, 'urn:a')
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _INTEGERS and _INTEGER.match(str(term)):
            return int(str(term))
        if term.datatype == XSD.boolean and str(term) in ("true", "false", "1", "0"):
            return str(term) in ("true", "1")
    return str(term)


def to_dataframe(result: Result) -> pd.DataFrame:
    """A result as a table: one column per variable, IRIs and literals as their text.

    Integers become a nullable ``Int64`` column, booleans Python ``bool``; unbound cells
    are ``None``.

    Examples
    --------
    >>> r = Result("SELECT", ("n", "s"), ((Literal(2), URIRef("urn:a")), (None, None)))
    >>> to_dataframe(r).to_dict("list")
    {'n': [2, None], 's': ['urn:a', None]}
    """
    import pandas as pd  # here only: a query's text and rows need no pandas

    columns: dict[str, Any] = {}
    for index, name in enumerate(result.variables):
        cells = [cell_value(row[index]) for row in result.rows]
        present = [cell for cell in cells if cell is not None]
        if present and all(isinstance(c, int) and not isinstance(c, bool) for c in present):
            columns[name] = pd.array(cells, dtype="Int64")
        else:
            columns[name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=list(result.variables))
