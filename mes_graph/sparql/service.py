"""Find the other endpoints a query calls with ``SERVICE``, as either engine would read it.

Takes SPARQL query text; gives each ``SERVICE`` call's endpoint as written
(``service_calls``), and refuses a query that calls another endpoint unless allowed, and
one whose endpoint is computed by the query always (``check_service``). Nothing is run:
Oxigraph's parser and rdflib's are only asked to parse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from mes_graph.sparql.errors import QueryError

__all__ = ["check_service", "service_calls", "uses_service"]


def _walk(node: Any) -> Iterable[Any]:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _oxigraph_parses(text: str) -> bool:
    # Oxigraph's own parser, without running anything: a query that parses then fails on
    # two options that exclude each other (ValueError) before it is evaluated; one that
    # does not parse raises SyntaxError. tests/test_security.py pins this behaviour.
    try:
        _PARSER_STORE.query(text, use_default_graph_as_union=True, default_graph=_NO_GRAPH)
    except SyntaxError:
        return False
    except ValueError:
        return True
    raise QueryError("Oxigraph ran a query it was only asked to parse")  # pragma: no cover


_PARSER_STORE = ox.Store()
_NO_GRAPH = ox.NamedNode("urn:x-mes-graph:parse-only")
_SERVICE_WORD = re.compile("service", re.IGNORECASE)
_GAP = r"(?:[ \t\r\n]|#[^\r\n]*)*"  # white space and comments, as Oxigraph reads them
_AFTER_SERVICE = re.compile(f"{_GAP}(?:SILENT\\b{_GAP})?", re.IGNORECASE)


def _oxigraph_service_calls(text: str) -> list[str]:
    if not _SERVICE_WORD.search(text) or not _oxigraph_parses(text):
        return []  # Oxigraph reads no escape outside strings: no word, no keyword
    calls = []
    for word in _SERVICE_WORD.finditer(text):
        masked = text[: word.start()] + "XXXXXXX" + text[word.end() :]
        if _oxigraph_parses(masked):
            continue  # inside a string, an IRI, a name or a comment: not the keyword
        rest = text[word.end() :]
        after = rest[_AFTER_SERVICE.match(rest).end() :]
        calls.append(after.split("{", 1)[0].strip() or "?")
    return calls


def _rdflib_service_calls(text: str) -> list[str]:
    try:
        parsed = parseQuery(text)
    except Exception:
        return []
    return [
        node["term"].n3() if isinstance(node.get("term"), Node) else str(node.get("term"))
        for node in _walk(parsed)
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern"
    ]


@functools.lru_cache(maxsize=512)
def service_calls(text: str) -> tuple[str, ...]:
    r"""The endpoints a query calls with ``SERVICE``, as either engine reads the text.

    Oxigraph's parser and rdflib's disagree on some texts (a comment ends at a carriage
    return for Oxigraph, at a line feed for rdflib; rdflib expands ``\u`` escapes
    everywhere, Oxigraph only in strings and IRIs), so both are asked. Oxigraph is asked
    whether each word ``service`` of the text is the keyword: the text with that word
    masked must still parse. Nothing is run.

    Parameters
    ----------
    text : str
        SPARQL query text.

    Returns
    -------
    tuple of str
        Each call's endpoint as written (an IRI, a prefixed name, or a variable ``?u``);
        empty when the query calls no other endpoint.

    Examples
    --------
    >>> service_calls("SELECT * WHERE { ?s ?p ?o # x\r SERVICE <http://e.org/q> {} \n}")
    ('<http://e.org/q>',)
    >>> service_calls('SELECT * WHERE { ?service ?p "SERVICE <x> {}" } # SERVICE <y> {}')
    ()
    """
    calls = _oxigraph_service_calls(text) + _rdflib_service_calls(text)
    return tuple(dict.fromkeys(calls))


def uses_service(text: str) -> bool:
    """Whether a query calls another endpoint with ``SERVICE`` (see ``service_calls``).

    Examples
    --------
    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <x> {}" }')
    False
    """
    return bool(service_calls(text))


def check_service(text: str, allow_service: bool = False) -> None:
    """Refuse a query that calls another endpoint, unless allowed; never a computed one.

    An endpoint computed from the data (``SERVICE ?u``) could carry the data itself to
    any address, so it is refused even with ``allow_service``.

    Raises
    ------
    QueryError
        The query calls an endpoint and ``allow_service`` is false, or it calls a
        variable endpoint.

    Examples
    --------
    >>> check_service("SELECT * WHERE { SERVICE ?u { } }", allow_service=True)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mes_graph.sparql.QueryError: SERVICE ?u: the endpoint is computed by the query; ...
    """
    calls = service_calls(text)
    variable = next((c for c in calls if c.startswith(("?", "$"))), None)
    if variable:
        raise QueryError(
            f"SERVICE {variable}: the endpoint is computed by the query; only endpoints "
            "written as IRIs can be called (with --allow-service)"
        )
    if calls and not allow_service:
        raise QueryError(
            f"the query calls another endpoint (SERVICE {calls[0]}): give --allow-service"
        )
