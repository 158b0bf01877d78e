"""Bind a query's parameters: one ``VALUES`` block first in its outermost ``WHERE`` group.

Takes a ``Query`` and the terms of its parameters (``parameters.bind_terms``); gives the
text to send to any engine, the same on every engine. Also says what a query is as a
SPARQL parser reads it (``Shape``: its form, projection, order, ``FROM``, groups), parsed
once and cached, which the engines use to read their answers alike.

The block's place is found by scanning the text (``top_level_groups``) and must agree with
what the parser reads; the block alone is read back by the parser and must give exactly
the intended terms. Otherwise the query is refused.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from mes_graph.sparql.errors import QueryError, one_line
from mes_graph.sparql.queries import Query
from mes_graph.sparql.terms import read_values, values_block

__all__ = ["Shape", "bind_query", "query_shape", "top_level_groups"]

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")


def _skip_string(text: str, start: int) -> int:
    quote = text[start]
    long = text.startswith(quote * 3, start)
    i = start + (3 if long else 1)
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
        elif long and text.startswith(quote * 3, i):
            return i + 3
        elif not long and char == quote:
            return i + 1
        else:
            i += 1
    return len(text)


def top_level_groups(text: str) -> list[tuple[int, int]]:
    """The ``{ ... }`` groups of a query at depth 0: (index of ``{``, index of ``}``).

    Braces inside strings, IRIs and comments do not count.

    Examples
    --------
    >>> top_level_groups('CONSTRUCT { ?s ?p "}" } WHERE { ?s ?p ?o # }\\n }')
    [(10, 22), (30, 46)]
    """
    groups, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        if char == "<":
            match = _IRIREF.match(text, i)
            if match:
                i = match.end()
                continue
        if char == "\\":
            i += 2
            continue
        if char == "{":
            if depth == 0:
                start = i
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                groups.append((start, i))
            elif depth < 0:
                raise QueryError("the query's braces do not balance")
        i += 1
    return groups


_UPDATE = re.compile(
    r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)<[^>]*>\s*|#[^\n]*\n\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)


def _parse(text: str, name: str) -> Any:
    try:
        return parseQuery(text)
    except Exception as err:  # pyparsing's ParseException says where
        if _UPDATE.match(text):
            raise QueryError(f"query {name}: a SPARQL update, not a query: refused") from None
        if hasattr(err, "lineno") and hasattr(err, "col"):
            raise QueryError(
                f"query {name}: SPARQL syntax error at line {err.lineno}, column {err.col}"
            ) from None
        raise QueryError(f"query {name}: not a SPARQL query: {one_line(err)}") from None


@dataclass(frozen=True)
class Shape:
    """What a query is, as a SPARQL parser reads it, once.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE; ``projection`` the projected
    variables (None for ``*``); ``ordered`` whether it has ORDER BY; ``dataset_clause``
    whether it has FROM; ``groups`` how many ``{}``
    groups it has at depth 0 and ``where`` which of them is the WHERE group (None when
    there is none, or when it is a sub-query, where no VALUES can go first).
    """

    form: str
    projection: tuple[str, ...] | None
    ordered: bool
    dataset_clause: bool
    groups: int
    where: int | None


@functools.lru_cache(maxsize=512)
def _shape(text: str, name: str) -> Shape:
    parsed = _parse(text, name)[1]
    template = parsed.name == "ConstructQuery" and "template" in parsed
    where = dict.get(parsed, "where")  # CompValue.get returns the key when it is absent
    bindable = isinstance(where, CompValue) and where.name == "GroupGraphPatternSub"
    return Shape(
        form=parsed.name.removesuffix("Query").upper(),
        projection=_projection(parsed),
        ordered="orderby" in parsed,
        dataset_clause="datasetClause" in parsed,
        groups=(where is not None) + template + ("valuesClause" in parsed),
        where=(1 if template else 0) if bindable else None,
    )


def query_shape(text: str, name: str = "query") -> Shape:
    """Parse a query once (cached) and say what it is.

    Raises
    ------
    QueryError
        The text is not a SPARQL query.

    Examples
    --------
    >>> shape = query_shape("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }")
    >>> shape.form, shape.groups, shape.where
    ('CONSTRUCT', 3, 1)
    """
    return _shape(text, name)


def bind_query(query: Query, terms: Mapping[str, Node]) -> str:
    """The query's text with its parameters bound by one VALUES block, read back.

    The block goes first in the outermost WHERE group, so every engine joins it with the
    rest of the pattern in the same way. The place is found by scanning the text and
    must agree with what a SPARQL parser reads (how many top-level groups, which is the
    WHERE group); the block alone is read back by the parser and must give exactly the
    intended terms. Otherwise the query is refused. The header comments are left out.

    Parameters
    ----------
    query : Query
    terms : mapping
        Variable name to term, as ``bind_terms`` gives them.

    Returns
    -------
    str
        SPARQL text to send to any engine.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from mes_graph.sparql.queries import parse_header
    >>> q = parse_header('SELECT ?label WHERE { ?org <urn:label> ?label }')
    >>> print(bind_query(q, {"org": URIRef("urn:x")}))
    SELECT ?label WHERE { VALUES (?org) { (<urn:x>) }
     ?org <urn:label> ?label }
    """
    text = query.body
    if not terms:
        return text
    shape = query_shape(text, query.name)
    groups = top_level_groups(text)
    if shape.where is None or len(groups) != shape.groups:
        raise QueryError(f"query {query.name}: cannot bind parameters in this query")
    start = groups[shape.where][0]
    block = values_block(terms)
    if read_values(block) != dict(terms):
        raise QueryError(f"query {query.name}: a parameter value does not survive binding")
    return text[: start + 1] + " " + block + "\n" + text[start + 1 :]


def _projection(parsed_query: Any) -> tuple[str, ...] | None:
    if "projection" not in parsed_query:  # SELECT *
        return None
    projection = parsed_query["projection"]
    return tuple(str(item["var"] if "var" in item else item["evar"]) for item in projection)
