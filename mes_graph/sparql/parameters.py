"""A query's parameters as RDF terms: each value checked against the type its header declares.

Takes a ``Query`` and values as a person types them (or ints, dates, rdflib terms); gives
the term of each parameter (``to_term``: an IRI, possibly an actor found by name, or a
literal typed ``xsd:string``, ``xsd:integer`` or ``xsd:date``), and the terms of all of a
query's parameters, defaults included (``bind_terms``). Parameters are never pasted into
query text: ``binding.bind_query`` binds these terms in a ``VALUES`` block.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from mes_graph.actors import UnknownActor, resolve_actor
from mes_graph.sparql.errors import QueryError
from mes_graph.sparql.queries import Parameter, Query
from mes_graph.sparql.terms import check_iri, to_iri

__all__ = ["ParamValue", "bind_terms", "to_term"]

_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_BAD_LITERAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ParamValue = str | int | date | Node
"""What a parameter's value may be given as: text as typed, an int, a date or an rdflib term."""


def to_term(param: Parameter, value: ParamValue, names: Callable[[], Graph] | None = None) -> Node:
    """Turn a value into the RDF term of a parameter, checked against its declared type.

    Parameters
    ----------
    param : Parameter
        The declared parameter.
    value : str, int, date or rdflib term
        What the user gave.
    names : callable, optional
        Gives the graph in which actor names are looked up (needed for ``IRI actor``).

    Returns
    -------
    rdflib term
        A ``URIRef``, or a ``Literal`` typed ``xsd:string``, ``xsd:integer`` or ``xsd:date``.

    Raises
    ------
    QueryError
        The value is not of the declared type, or names no actor (or several).

    Examples
    --------
    >>> to_term(Parameter("min", "integer"), "2")
    rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_term(Parameter("text", "literal"), '"} UNION { ?s ?p ?o }')
    rdflib.term.Literal('"} UNION { ?s ?p ?o }')
    >>> to_term(Parameter("min", "integer"), "2; DROP ALL")
    Traceback (most recent call last):
    ...
    mes_graph.sparql.QueryError: parameter min: '2; DROP ALL' is not an integer
    >>> before = Parameter("before", "date")  # a year or a month: its first day
    >>> str(to_term(before, "2010")), str(to_term(before, "2010-06"))
    ('2010-01-01', '2010-06-01')
    """
    where = f"parameter {param.name}"
    if param.type == "IRI":
        if isinstance(value, URIRef):
            iri = check_iri(str(value))
            if not param.actor:
                return iri
            value = str(iri)
        if not isinstance(value, str):
            raise QueryError(f"{where}: {value!r} is not an IRI")
        if param.actor:
            if names is None:
                raise QueryError(f"{where}: no graph to look actor names up in")
            with contextlib.suppress(QueryError):  # a prefixed IRI first: siren:100029172
                value = str(to_iri(value))
            try:
                with _quiet_rdflib():  # resolve_actor tries the name as an IRI first
                    return resolve_actor(names(), value.strip())
            except UnknownActor as err:
                raise QueryError(f"{where}: {err}") from None
        try:
            return to_iri(value)
        except QueryError as err:
            raise QueryError(f"{where}: {err}") from None
    if param.type == "integer":
        if isinstance(value, Literal) and value.datatype == XSD.integer:
            value = str(value)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise QueryError(f"{where}: {value!r} is not an integer")
        if isinstance(value, str) and not _INTEGER.match(value.strip()):
            raise QueryError(f"{where}: {value!r} is not an integer")
        return Literal(str(int(value)), datatype=XSD.integer)
    if param.type == "date":
        if isinstance(value, Literal) and value.datatype == XSD.date:
            value = str(value)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):  # a year or a month, as people write it: its first day
            text = value.strip()
            if re.fullmatch(r"\d{4}(-\d\d)?", text):
                text += "-01-01"[len(text) - 4 :]
            try:
                value = date.fromisoformat(text)
            except ValueError:
                raise QueryError(
                    f"{where}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                ) from None
        if not isinstance(value, date) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value.isoformat()):
            raise QueryError(f"{where}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return Literal(value.isoformat(), datatype=XSD.date)
    # literal
    if isinstance(value, Literal):
        value = str(value)
    if not isinstance(value, str):
        raise QueryError(f"{where}: {value!r} is not text")
    if _BAD_LITERAL.search(value):
        raise QueryError(f"{where}: control characters are not allowed")
    return Literal(value)


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def bind_terms(
    query: Query,
    params: Mapping[str, ParamValue] | None = None,
    names: Callable[[], Graph] | None = None,
) -> dict[str, Node]:
    """The terms of a query's parameters: the user's values, else the defaults.

    Parameters
    ----------
    query : Query
    params : mapping, optional
        Parameter name to value; a value of ``None`` leaves an optional parameter unbound.
    names : callable, optional
        Gives the graph in which actor names are looked up.

    Returns
    -------
    dict
        Variable name to term, in the order the header declares them.

    Raises
    ------
    QueryError
        An undeclared parameter, a required one missing, or a value of the wrong type.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.sparql.queries import get_query
    >>> ds = load()
    >>> terms = bind_terms(get_query("roles"), {"org": "ripess europe"}, lambda: ds)
    >>> [(k, v.n3()) for k, v in terms.items()]
    [('org', '<https://w3id.org/mes-graph/id/organisation/ripess-europe>')]
    """
    params = dict(params or {})
    for key in params:
        query.parameter(key)
    terms: dict[str, Node] = {}
    for param in query.parameters:
        value = params.get(param.name, param.default)
        if value is None:
            if param.required:
                raise QueryError(
                    f"query {query.name} needs parameter {param.name} ({param.type}"
                    f"{' actor' if param.actor else ''}): {param.description}"
                )
            continue
        terms[param.name] = to_term(param, value, names)
    return terms
