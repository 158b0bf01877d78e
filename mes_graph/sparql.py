"""Ask the graph questions in SPARQL: the query catalogue, one query contract on every engine.

Takes a query (the name of a catalogue query, a ``.rq`` file or SPARQL text), parameters
as a person types them, and either the dataset ``load`` built or the URL of a remote
SPARQL endpoint; gives a pandas ``DataFrame`` (or the raw ``Result``: rows of RDF terms,
a boolean, a graph) that is the same whichever engine answers, and CSV, TSV, JSON,
Markdown or terminal renderings that are byte-stable. Also pushes the dataset into a
remote store with SPARQL 1.1 Update, and runs an Oxigraph server (``OxigraphServer``, which
``mes_graph.serve`` puts behind its front).

Parameters are never pasted into query text. Each value becomes an RDF term, checked
against the type its query declares, and all of them are bound by one ``VALUES`` block
placed first in the outermost ``WHERE`` group, the same text on every engine. The block
is read back by a SPARQL parser before the query runs: a value can only ever be a term.

A catalogue query is a ``queries/NAME.rq`` file that starts with a header in comments::

    # title: Members of an organisation
    # description: The organisations and people that are members of an organisation,
    #   continued on lines indented under the first.
    # param: org | IRI actor | MES | the organisation whose members to list
    # param: kind | IRI | | keep only the members of this kind
    # example: mes-graph query members --param kind=kind:reseau-territorial

A ``param`` line gives the name (the query's variable, without ``?``), the type (``IRI``,
``literal``, ``integer`` or ``date``; ``IRI actor`` takes an actor's IRI, acronym or
label), the default (empty: optional, left unbound; ``required``: must be given) and a
description. An IRI may be written in full, between ``<>`` or with a prefix of
``mes_graph.base.terms.PREFIXES`` (``region:28``).
"""

from __future__ import annotations

import base64
import contextlib
import csv
import functools
import http.client
import io
import itertools
import json
import logging
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from http.client import HTTPException
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import InlineData, expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper import __version__ as sparqlwrapper_version

from mes_graph.actors import UnknownActor, resolve_actor
from mes_graph.base.terms import PREFIXES
from mes_graph.engine import query as engine_query
from mes_graph.export import serialize
from mes_graph.load import load, resource_dir

TYPES = ("IRI", "literal", "integer", "date")
"""The parameter types a query header may declare."""

FORMATS = ("table", "csv", "tsv", "json", "markdown", "ntriples")
"""The renderings of a result; ``ntriples`` is for CONSTRUCT and DESCRIBE results."""

ENV_USER, ENV_PASSWORD, ENV_TOKEN = "MES_GRAPH_USER", "MES_GRAPH_PASSWORD", "MES_GRAPH_TOKEN"
"""The environment variables that hold the credentials of a remote endpoint."""


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("mes-graph")
    except Exception:  # pragma: no cover - not installed
        return "0"


USER_AGENT = (
    f"mes-graph/{_version()} (+https://w3id.org/mes-graph; knowledge graph of the "
    f"Mouvement pour l'Economie Solidaire) SPARQLWrapper/{sparqlwrapper_version}"
)
"""The User-Agent of every request to a remote endpoint."""


# --- errors -----------------------------------------------------------------------------


class SparqlError(Exception):
    """A failure to report as one line; ``exit_code`` is the command's exit status."""

    exit_code = 2


class QueryError(SparqlError, ValueError):
    """Bad input: an unknown query, a malformed header, a parameter of the wrong type."""

    exit_code = 2


class RemoteError(SparqlError):
    """A remote endpoint is unreachable, too slow, refuses the request or answers nonsense."""

    exit_code = 3


class ServerError(SparqlError):
    """The local Oxigraph server cannot be prepared or started."""

    exit_code = 3


# --- the catalogue ----------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a query: its variable, type, default and meaning."""

    name: str
    type: str
    actor: bool = False
    default: str | None = None
    required: bool = False
    description: str = ""

    def signature(self) -> str:
        """The parameter as the catalogue lists it, e.g. ``org (IRI actor) = MES``."""
        kind = f"{self.type} actor" if self.actor else self.type
        if self.required:
            return f"{self.name} ({kind}, required)"
        if self.default is None:
            return f"{self.name} ({kind}, optional)"
        return f"{self.name} ({kind}) = {self.default}"


@dataclass(frozen=True)
class Query:
    """A query and its header: what it asks, its parameters and an example."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    example: str = ""
    example_params: tuple[tuple[str, str], ...] = ()
    path: Path | None = None
    scope: str = "actor"
    """``global`` for a query that reads the whole graph (counts, every pair), whose time
    grows with the sector; ``actor`` for one that starts from given resources."""

    @property
    def body(self) -> str:
        """The query without the comment lines of its header."""
        lines = self.text.splitlines(keepends=True)
        start = 0
        while start < len(lines) and (not lines[start].strip() or lines[start].lstrip()[:1] == "#"):
            start += 1
        return "".join(lines[start:])

    def parameter(self, name: str) -> Parameter:
        """The declared parameter ``name``, or a ``QueryError`` listing the declared ones."""
        for param in self.parameters:
            if param.name == name:
                return param
        declared = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name} has no parameter {name!r} (declared: {declared})")


_HEADER_LINE = re.compile(r"#\s?(title|description|param|example|scope):\s?(.*)\Z")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def parse_header(text: str, name: str = "query", path: Path | None = None) -> Query:
    """Read the header of a query: title, description, parameters and example.

    Parameters
    ----------
    text : str
        The query, its header in the comment lines at its top.
    name : str
        The name to report the query by.
    path : Path, optional
        The file the query comes from.

    Returns
    -------
    Query

    Raises
    ------
    QueryError
        A header line is malformed, or a parameter's type is unknown.

    Examples
    --------
    >>> q = parse_header('''# title: Members
    ... # param: org | IRI actor | MES | the organisation
    ... SELECT ?m WHERE { ?m <http://www.w3.org/ns/org#memberOf> ?org }''')
    >>> q.title, q.parameters[0].signature()
    ('Members', 'org (IRI actor) = MES')
    """
    fields: dict[str, list[str]] = {"title": [], "description": [], "example": [], "scope": []}
    params: list[Parameter] = []
    last = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("#"):
            if line:
                break
            last = None
            continue
        match = _HEADER_LINE.match(line)
        if match:
            key, value = match.group(1), match.group(2).strip()
            if key == "param":
                params.append(_parse_param(value, name, number))
                last = None
            else:
                fields[key].append(value)
                last = key
        elif last in ("description", "title") and re.match(r"#\s{2,}\S", line):
            fields[last].append(line[1:].strip())
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise QueryError(f"query {name}: a parameter is declared twice")
    example = " ".join(fields["example"])
    return Query(
        name=name,
        text=text,
        title=" ".join(fields["title"]),
        description=" ".join(fields["description"]),
        parameters=tuple(params),
        example=example,
        example_params=_example_params(example, name) if example else (),
        path=path,
        scope=" ".join(fields["scope"]) or "actor",
    )


def _parse_param(value: str, query: str, line: int) -> Parameter:
    cells = [cell.strip() for cell in value.split("|")]
    if len(cells) != 4:
        raise QueryError(
            f"query {query}, line {line}: a param line is NAME | TYPE | DEFAULT | TEXT"
        )
    name, kind, default, description = cells
    words = kind.split()
    if not _NAME.match(name):
        raise QueryError(f"query {query}, line {line}: {name!r} is not a variable name")
    if not words or words[0] not in TYPES or words[1:] not in ([], ["actor"]):
        raise QueryError(
            f"query {query}, line {line}: type {kind!r} is not one of {', '.join(TYPES)}"
            " (or 'IRI actor')"
        )
    if words[1:] and words[0] != "IRI":
        raise QueryError(f"query {query}, line {line}: only an IRI parameter can be an actor")
    return Parameter(
        name=name,
        type=words[0],
        actor=bool(words[1:]),
        default=default if default and default != "required" else None,
        required=default == "required",
        description=description,
    )


def _example_params(example: str, query: str) -> tuple[tuple[str, str], ...]:
    try:
        words = shlex.split(example)
    except ValueError as err:
        raise QueryError(f"query {query}: example: {err}") from None
    pairs = []
    for flag, value in itertools.pairwise(words):
        if flag == "--param":
            key, sep, val = value.partition("=")
            if not sep:
                raise QueryError(f"query {query}: example: --param {value!r} needs NAME=VALUE")
            pairs.append((key, val))
    return tuple(pairs)


def read_query(path: Path | str) -> Query:
    """Read a ``.rq`` file and its header; its name is the file name without ``.rq``.

    Examples
    --------
    >>> read_query(catalogue_dir() / "members.rq").parameters[0].name
    'org'
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise QueryError(f"{path}: cannot read the query: {err}") from None
    return parse_header(text, name=path.stem, path=path)


def catalogue_dir() -> Path:
    """The folder of the catalogue's ``.rq`` files (in a checkout or an installed wheel)."""
    return resource_dir() / "queries"


@cache
def _catalogue(folder: Path) -> dict[str, Query]:
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def catalogue() -> dict[str, Query]:
    """Every query of the catalogue, by name, in name order.

    Returns
    -------
    dict
        Query name to ``Query``.

    Examples
    --------
    >>> queries = catalogue()
    >>> len(queries) >= 15, queries["members"].title
    (True, 'Members of an organisation')
    """
    return dict(_catalogue(catalogue_dir()))


def get_query(query: str | Path | Query) -> Query:
    """Find a query: a catalogue name, a ``.rq`` file, or SPARQL text.

    Parameters
    ----------
    query : str, Path or Query
        ``"members"``, ``"my-query.rq"`` or ``"SELECT ..."``.

    Returns
    -------
    Query

    Raises
    ------
    QueryError
        No such query in the catalogue and no such file.

    Examples
    --------
    >>> get_query("members").name
    'members'
    >>> get_query("SELECT * WHERE { ?s ?p ?o }").name
    'text'
    >>> get_query("membres")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mes_graph.sparql.QueryError: no query named 'membres' ...; did you mean members, ...
    """
    if isinstance(query, Query):
        return query
    if isinstance(query, Path) or str(query).endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return read_query(path)
    queries = catalogue()
    if query in queries:
        return queries[query]
    if re.search(r"[\s{]", query):
        return parse_header(query, name="text")
    import difflib

    close = difflib.get_close_matches(query, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ";"
    raise QueryError(
        f"no query named {query!r} in the catalogue{hint} (mes-graph queries lists them)"
    )


# --- parameters as RDF terms ------------------------------------------------------------

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*\Z")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*):([^\s<>\"{}|^`\\]*)\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_BAD_LITERAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

ParamValue = str | int | date | Node


def check_iri(value: str) -> URIRef:
    """An absolute IRI as a term, or a ``QueryError``: nothing that could leave ``<...>``.

    Examples
    --------
    >>> check_iri("https://w3id.org/mes-graph/id/organisation/mes")
    rdflib.term.URIRef('https://w3id.org/mes-graph/id/organisation/mes')
    >>> check_iri("x> } ; DROP ALL ; #")
    Traceback (most recent call last):
    ...
    mes_graph.sparql.QueryError: 'x> } ; DROP ALL ; #' is not an absolute IRI
    """
    if not _IRI.match(value):
        raise QueryError(f"{value!r} is not an absolute IRI")
    return URIRef(value)


def to_iri(value: str) -> URIRef:
    """Read an IRI as a person writes it: in full, between ``<>``, or with a known prefix.

    Examples
    --------
    >>> to_iri("region:28")
    rdflib.term.URIRef('https://w3id.org/mes-graph/id/place/region/28')
    >>> to_iri("<urn:x>")
    rdflib.term.URIRef('urn:x')
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return check_iri(value[1:-1])
    match = _PREFIXED.match(value)
    if match and match.group(1) in PREFIXES:
        return check_iri(str(PREFIXES[match.group(1)]) + match.group(2))
    return check_iri(value)


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
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise QueryError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None
        if not isinstance(value, date) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value.isoformat()):
            raise QueryError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
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


_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TO_ESCAPE = re.compile(r'[\\"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|(?<=\\)[uU]')


def escape_string(text: str) -> str:
    r"""A string's content written for any SPARQL parser, between double quotes.

    SPARQL reads ``\u`` and ``\U`` escapes before anything else, even after a backslash
    (rdflib everywhere, Oxigraph in strings): so a ``u`` or ``U`` that follows a
    backslash is itself written as an escape (``\U`` and eight digits: rdflib would read
    more than four after ``\u``), and ``C:\Users`` comes back as written.
    Control characters are written as escapes too.

    Examples
    --------
    >>> print(escape_string('say "hi"\n'))
    say \"hi\"\n
    >>> print(escape_string("C:\\Users"))
    C:\\\U00000055sers
    """
    out, start = [], 0
    for match in _TO_ESCAPE.finditer(text):
        char = match.group()
        out += [text[start : match.start()], _STRING_ESCAPES.get(char) or f"\\U{ord(char):08X}"]
        start = match.end()
    return "".join([*out, text[start:]])


def sparql_term(term: Node) -> str:
    """Write an IRI or a literal in SPARQL syntax, escaping everything that could end it.

    Examples
    --------
    >>> print(sparql_term(Literal('say "hi"\\n')))
    "say \\"hi\\"\\n"
    >>> sparql_term(Literal("2", datatype=XSD.integer))
    '"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, URIRef):
        return f"<{check_iri(str(term))}>"
    if isinstance(term, Literal):
        escaped = escape_string(str(term))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"{term.language!r} is not a language tag")
            return f'"{escaped}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{escaped}"^^<{check_iri(str(term.datatype))}>'
        return f'"{escaped}"'
    raise QueryError(f"{term!r} cannot be a parameter: only IRIs and literals can")


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


# --- binding: one VALUES block in the outermost WHERE group -----------------------------

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


def values_block(terms: Mapping[str, Node]) -> str:
    """One ``VALUES`` row binding each variable to its term, written by ``sparql_term``.

    Examples
    --------
    >>> values_block({"org": URIRef("urn:x"), "lang": Literal("fr")})
    'VALUES (?org ?lang) { (<urn:x> "fr") }'
    """
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(sparql_term(term) for term in terms.values())
    return f"VALUES ({names}) {{ ({row}) }}"


def read_values(block: str) -> dict[str, Node]:
    """Read a one-row VALUES block back with the SPARQL parser: variable to term.

    Examples
    --------
    >>> read_values('VALUES (?a ?b) { (<urn:x> "y\\\\"z"@fr) }')
    {'a': rdflib.term.URIRef('urn:x'), 'b': rdflib.term.Literal('y"z', lang='fr')}
    """
    try:
        parsed = InlineData.parse_string(expandUnicodeEscapes(block), parse_all=True)[0]
        names = [str(var) for var in parsed["var"]]
        (row,) = parsed["value"]
    except Exception as err:
        raise QueryError(f"a parameter cannot be written in SPARQL: {_one_line(err)}") from None
    terms = []
    for value in row:
        if isinstance(value, CompValue) and value.name == "literal":
            lang, datatype = dict.get(value, "lang"), dict.get(value, "datatype")
            value = Literal(str(value["string"]), lang=lang, datatype=datatype)
        terms.append(value)
    return dict(zip(names, terms, strict=True))


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
        raise QueryError(f"query {name}: not a SPARQL query: {_one_line(err)}") from None


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


# --- results ----------------------------------------------------------------------------


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


def _row_key(row: tuple[Node | None, ...]) -> tuple:
    return tuple(term_key(term) for term in row)


def _projection(parsed_query: Any) -> tuple[str, ...] | None:
    if "projection" not in parsed_query:  # SELECT *
        return None
    projection = parsed_query["projection"]
    return tuple(str(item["var"] if "var" in item else item["evar"]) for item in projection)


def _graph_result(graph: Graph, form: str, text: str) -> Result:
    rows = tuple(sorted(((s, p, o) for s, p, o in graph), key=_row_key))
    return Result(form, ("subject", "predicate", "object"), rows, graph=graph, text=text)


def _select_result(
    variables: list[str], rows: Iterable[Mapping[str, Node | None]], ordered: bool, text: str
) -> Result:
    table = [tuple(row.get(var) for var in variables) for row in rows]
    if not ordered:
        table.sort(key=_row_key)
    return Result("SELECT", tuple(variables), tuple(table), text=text)


def _ask_result(answer: bool, text: str) -> Result:
    return Result("ASK", ("boolean",), ((Literal(answer),),), boolean=answer, text=text)


def _one_line(err: object) -> str:
    return " ".join(str(err).split())[:300]


# --- the local engine -------------------------------------------------------------------


@cache
def shipped_dataset() -> Dataset:
    """The embedded graph, loaded once per process for queries that name no dataset."""
    return load()


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


def run_local(
    text: str, dataset: Dataset, *, allow_service: bool = False, shape: Shape | None = None
) -> Result:
    """Run SPARQL text on a dataset whose default graph is the union of its named graphs.

    Parameters
    ----------
    text : str
        A SPARQL query, parameters already bound.
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    allow_service : bool
        Let ``SERVICE`` reach other endpoints (refused by default).
    shape : Shape, optional
        The query's shape when already known (binding does not change it).

    Returns
    -------
    Result

    Raises
    ------
    QueryError
        The query does not parse, uses ``SERVICE`` without leave, names a graph in
        ``FROM`` that the dataset lacks, or fails.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> run_local("ASK { GRAPH ?g { ?s ?p ?o } }", load()).boolean
    True
    """
    shape = shape or query_shape(text)
    check_service(text, allow_service)
    if shape.dataset_clause:  # FROM must not make rdflib fetch a graph from elsewhere
        try:
            algebra = translateQuery(parseQuery(text)).algebra
        except Exception as err:
            raise QueryError(f"query cannot run: {_one_line(err)}") from None
        known = {graph.identifier for graph in dataset.graphs()}
        for clause in algebra.get("datasetClause") or ():
            named = dict.get(clause, "named")  # CompValue.get gives the key when absent
            iri = named if named is not None else dict.get(clause, "default")
            if iri not in known:
                keyword = "FROM NAMED" if named is not None else "FROM"
                raise QueryError(f"{keyword} <{iri}>: the local dataset has no such graph")

    def evaluate() -> Result:
        answer = engine_query(dataset, text, own_default_graph=shape.dataset_clause)
        if shape.form == "ASK":
            return _ask_result(bool(answer.askAnswer), text)
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            for triple in answer.graph or ():
                graph.add(triple)
            return _graph_result(graph, shape.form, text)
        variables = list(shape.projection or sorted(str(v) for v in answer.vars or ()))
        rows = [{str(k): v for k, v in row.asdict().items()} for row in answer]
        return _select_result(variables, rows, shape.ordered, text)

    try:
        return interruptible(evaluate)
    except (KeyboardInterrupt, SparqlError):
        raise
    except RecursionError:
        raise QueryError("query failed on the local graph: nested too deeply") from None
    except Exception as err:
        reason = _one_line(err) or type(err).__name__
        if isinstance(err, OSError) and service_calls(text):
            raise RemoteError(f"SERVICE failed: {reason}") from None
        raise QueryError(f"query failed on the local graph: {reason}") from None


def interruptible(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a worker thread, so that Ctrl-C stops the wait at once.

    Oxigraph evaluates a query without returning to Python, where the interrupt would
    be seen; the main thread waits here instead, and ``KeyboardInterrupt`` leaves the
    worker to end with the process.

    Examples
    --------
    >>> interruptible(lambda: 6 * 7)
    42
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as err:  # handed over without its frames: Oxigraph's
            try:  # objects must be dropped in the thread that made them
                outcome["error"] = type(err)(*err.args)
            except Exception:
                outcome["error"] = RuntimeError(_one_line(err))

    worker = threading.Thread(target=target, name="mes-graph-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def fetch_statements(
    endpoint: str | Endpoint, predicates: Iterable[URIRef], page: int = 50_000
) -> Graph:
    """The statements of some predicates in a remote store, fetched page by page.

    One CONSTRUCT per predicate and page (``LIMIT``/``OFFSET`` over a stable order), so
    that a large store is read in requests of bounded size: what ``mes-graph analyze
    --endpoint`` projects.

    Parameters
    ----------
    endpoint : str or Endpoint
        The query endpoint (its default graph the union of the named graphs).
    predicates : iterable of URIRef
    page : int
        Statements per request.

    Returns
    -------
    rdflib.Graph
    """
    endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    graph = Graph()
    for predicate in predicates:
        for offset in itertools.count(0, page):
            text = (  # the predicate bound as a term; LIMIT and OFFSET integers
                "CONSTRUCT { ?s ?p ?o } WHERE { "
                + values_block({"p": predicate})
                + f" ?s ?p ?o }} ORDER BY ?s ?o LIMIT {page:d} OFFSET {offset:d}"
            )
            found = endpoint.query(text).graph or Graph()
            graph += found
            if len(found) < page:
                break
    return graph


# --- the remote engine ------------------------------------------------------------------


def redact(url: str) -> str:
    """A URL without the user name and password it may carry, to print safely.

    Examples
    --------
    >>> redact("http://me:secret@example.org:8080/sparql")
    'http://example.org:8080/sparql'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
    except ValueError:
        return "<unreadable URL>"
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def retry_delay(retry_after: str | None, attempt: int, backoff: float, cap: float) -> float:
    """Seconds to wait before a retry: the server's Retry-After, else exponential backoff.

    Examples
    --------
    >>> retry_delay("2", 0, 0.5, 60), retry_delay(None, 3, 0.5, 60), retry_delay("999", 0, 0.5, 5)
    (2.0, 4.0, 5)
    """
    delay = backoff * 2**attempt
    if retry_after:
        value = retry_after.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            delay = float(value)
        else:
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                when = parsedate_to_datetime(value)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                delay = (when - datetime.now(UTC)).total_seconds()
    return min(max(delay, 0.0), cap)


MAX_ANSWER_BYTES = 256 * 2**20
"""The largest answer read from a remote endpoint (256 MiB); a longer one is refused."""

_REDIRECTS = (301, 302, 303, 307, 308)
_CREDENTIALS = re.compile(r"\b(Basic|Bearer|Digest)\s+[^\s,;\"']+", re.IGNORECASE)


def redact_secrets(text: str, secrets: Iterable[str | None] = ()) -> str:
    """A message without the credentials it may echo: tokens, passwords, auth headers.

    Examples
    --------
    >>> redact_secrets("you sent Basic YWxpY2U6c2VjcmV0MTIz and pw s3cret", ["s3cret"])
    'you sent Basic *** and pw ***'
    """
    for secret in sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _CREDENTIALS.sub(lambda m: f"{m.group(1)} ***", text)


class _Refuse(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None  # urllib then raises the 3xx as an HTTPError, handled by _send


class _Transport:
    """One request's connections, whose sockets are shut at the request's deadline."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def expire(self) -> None:
        self.expired = True
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def opener(self) -> urllib.request.OpenerDirector:
        transport = self

        def watched(base: type) -> type:
            class Connection(base):
                def connect(self) -> None:
                    super().connect()
                    transport.sockets.append(self.sock)
                    if transport.expired:
                        transport.expire()

            return Connection

        class Http(urllib.request.HTTPHandler):
            def http_open(self, req: urllib.request.Request) -> Any:
                return self.do_open(watched(http.client.HTTPConnection), req)

        class Https(urllib.request.HTTPSHandler):
            def https_open(self, req: urllib.request.Request) -> Any:
                return self.do_open(
                    watched(http.client.HTTPSConnection), req, context=self._context
                )

        return urllib.request.build_opener(Http, Https, _Refuse)


class Endpoint:
    """A remote SPARQL endpoint, asked through SPARQLWrapper with POST.

    Every request names the project in its User-Agent, must be answered within its
    timeout (a deadline for the whole answer, not for each read), and is retried with
    backoff on 429 and 503, honouring Retry-After. A redirect is never followed: the
    credentials would go to another address, and an update would become an empty GET.
    Failures raise ``RemoteError`` with one line: unreachable, HTTP error with the
    server's message, redirected, timeout, answer too large, malformed result.
    Credentials come from ``MES_GRAPH_TOKEN`` (bearer) or ``MES_GRAPH_USER`` and
    ``MES_GRAPH_PASSWORD`` (basic) and are never printed, even when a server echoes them.

    Parameters
    ----------
    url : str
        The query endpoint (for ``update``, the update endpoint).
    timeout : float
        Seconds within which each request must be answered in full.
    retries : int
        How many times to retry after a 429 or 503.
    backoff : float
        First wait between retries when the server gives no Retry-After, doubled each time.
    max_wait : float
        The longest wait between two retries, whatever Retry-After says.
    sleep : callable
        How to wait (tests pass a recorder).
    environ : mapping, optional
        Where to read the credentials (default ``os.environ``); a user and password
        written in the URL are used when the environment gives none.
    max_bytes : int
        The largest answer to read (``MAX_ANSWER_BYTES``).

    Examples
    --------
    >>> Endpoint("http://me:secret@127.0.0.1:7878/query", environ={})
    Endpoint('http://127.0.0.1:7878/query')
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        environ: Mapping[str, str] | None = None,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        if any("\udc80" <= char <= "\udcff" for char in url):
            raise QueryError("the endpoint URL is not valid UTF-8")
        url = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        try:
            parts = urllib.parse.urlsplit(url)
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise QueryError(f"{redact(url)!r} is not an http(s) endpoint URL")
        env = os.environ if environ is None else environ
        self._token = _credential(env, ENV_TOKEN)
        self._user = _credential(env, ENV_USER)
        self._password = _credential(env, ENV_PASSWORD)
        if parts.username is not None and not (self._user or self._token):
            # credentials written in the URL: used as basic auth, never sent in the URL
            self._user = urllib.parse.unquote(parts.username)
            self._password = urllib.parse.unquote(parts.password or "")
        url = redact(url)
        self.url, self.timeout, self.retries = url, float(timeout), int(retries)
        self.backoff, self.max_wait, self.sleep = backoff, max_wait, sleep
        self.max_bytes = int(max_bytes)
        self._names: Graph | None = None
        self.requests = 0

    def __repr__(self) -> str:
        return f"Endpoint({redact(self.url)!r})"

    def _secrets(self) -> list[str | None]:
        basic = None
        if self._user and self._password:
            pair = f"{self._user}:{self._password}".encode()
            basic = base64.b64encode(pair).decode("ascii")
        return [self._token, self._password, basic]

    def _client(self, text: str, *, update: bool, accept: str | None = None) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url, updateEndpoint=self.url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.setQuery(text)
        client.queryType = "INSERT" if update else "CONSTRUCT" if accept else "SELECT"
        client.setReturnFormat(TURTLE if accept else JSON)
        client.timeout = self.timeout  # setTimeout() would round it down to whole seconds
        if accept:
            client.addCustomHttpHeader("Accept", accept)
        if self._token:
            client.addCustomHttpHeader("Authorization", f"Bearer {self._token}")
        elif self._user and self._password:
            client.setCredentials(self._user, self._password)
        return client

    def _send(self, client: SPARQLWrapper, *, update: bool = False) -> tuple[bytes, str]:
        try:
            return self._attempts(client, update)
        except RemoteError as err:
            raise RemoteError(redact_secrets(str(err), self._secrets())) from None

    def _attempts(self, client: SPARQLWrapper, update: bool) -> tuple[bytes, str]:
        where = redact(self.url)
        for attempt in range(self.retries + 1):
            request = client._createRequest()
            self.requests += 1
            transport = _Transport(self.timeout)
            transport.timer.start()
            try:
                with transport.opener().open(request, timeout=self.timeout) as response:
                    body = _read_bounded(response, self.max_bytes, where)
                    if transport.expired:
                        raise TimeoutError
                    return body, response.headers.get_content_type()
            except urllib.error.HTTPError as err:
                if err.code in (429, 503) and attempt < self.retries:
                    retry_after = err.headers.get("Retry-After") if err.headers else None
                    err.close()
                    self.sleep(retry_delay(retry_after, attempt, self.backoff, self.max_wait))
                    continue
                if err.code in _REDIRECTS:
                    location = (err.headers.get("Location") if err.headers else None) or "?"
                    err.close()
                    what = "the update was not applied" if update else "not followed"
                    raise RemoteError(
                        f"{where}: HTTP {err.code}, redirected to {redact(location)}: {what} "
                        "(credentials go only to the URL given; give that URL if you trust it)"
                    ) from None
                message = "" if transport.expired else _server_message(err)
                raise RemoteError(f"{where}: HTTP {err.code} {err.reason}{message}") from None
            except TimeoutError:
                raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
            except urllib.error.URLError as err:
                if isinstance(err.reason, TimeoutError) or transport.expired:
                    raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
                raise RemoteError(f"{where}: unreachable: {_one_line(err.reason)}") from None
            except (ConnectionError, HTTPException, OSError, ValueError) as err:
                if transport.expired:
                    raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
                reason = _one_line(err) or type(err).__name__
                raise RemoteError(f"{where}: connection failed: {reason}") from None
            finally:
                transport.timer.cancel()
        raise RemoteError(f"{where}: still busy after {self.retries} retries")  # not reached

    def query(self, text: str, shape: Shape | None = None) -> Result:
        """Run SPARQL text on the endpoint; the answer as a ``Result``.

        Raises
        ------
        QueryError
            The text is not a SPARQL query.
        RemoteError
            The endpoint fails, or its answer is not a SPARQL result.
        """
        shape = shape or query_shape(text)
        where = redact(self.url)
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            body, _ = self._send(
                self._client(text, update=False, accept="application/n-triples, text/turtle")
            )
            graph = Graph()
            try:
                graph.parse(data=body.decode("utf-8"), format="turtle")
            except Exception as err:
                raise RemoteError(
                    f"{where}: malformed result (not Turtle): {_one_line(err)}"
                ) from None
            return _graph_result(graph, shape.form, text)
        body, _ = self._send(self._client(text, update=False))
        data = _json_results(body, where)
        if shape.form == "ASK":
            if not isinstance(data.get("boolean"), bool):
                raise RemoteError(f"{where}: malformed result: no boolean")
            return _ask_result(data["boolean"], text)
        try:
            head_vars = [str(v) for v in data["head"].get("vars", [])]
            bindings = data["results"]["bindings"]
            rows = [{key: _json_term(value) for key, value in b.items()} for b in bindings]
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise RemoteError(
                f"{where}: malformed result: {_one_line(err) or 'missing field'}"
            ) from None
        variables = list(shape.projection or sorted(head_vars))
        return _select_result(variables, rows, shape.ordered, text)

    def update(self, text: str) -> None:
        """Send a SPARQL 1.1 Update request.

        Raises
        ------
        RemoteError
            The endpoint fails, refuses the update or redirects it.
        """
        self._send(self._client(text, update=True), update=True)

    def names(self) -> Graph:
        """The endpoint's actors, their types and names: where actor parameters are looked up."""
        if self._names is None:
            result = self.query(
                "PREFIX org: <http://www.w3.org/ns/org#>\n"
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                "CONSTRUCT { ?actor a ?type . ?actor ?property ?name } WHERE {\n"
                "  VALUES ?type { org:Organization foaf:Person }\n"
                "  ?actor a ?type .\n"
                "  OPTIONAL { VALUES ?property { skos:prefLabel skos:altLabel\n"
                "    skos:hiddenLabel foaf:name } ?actor ?property ?name }\n"
                "}"
            )
            self._names = result.graph if result.graph is not None else Graph()
        return self._names


def _credential(env: Mapping[str, str], name: str) -> str | None:
    value = (env.get(name) or "").strip()  # a file saved on Windows ends lines with \r
    if any(ord(char) < 32 or ord(char) > 255 or char == "\x7f" for char in value):
        raise QueryError(f"{name} holds a character that cannot go in an HTTP header")
    return value or None


def _read_bounded(response: Any, limit: int, where: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RemoteError(f"{where}: the answer is larger than {limit // 2**20} MiB: refused")
    chunks, size = [], 0
    while chunk := response.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise RemoteError(f"{where}: the answer is larger than {limit // 2**20} MiB: stopped")
        chunks.append(chunk)
    return b"".join(chunks)


def _server_message(err: urllib.error.HTTPError) -> str:
    try:
        body = err.read(2000).decode("utf-8", "replace")
    except Exception:
        body = ""
    finally:
        err.close()
    message = _one_line(body)
    return f": {message}" if message else ""


def _json_results(body: bytes, where: str) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise RemoteError(f"{where}: malformed result (JSON nested too deeply)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise RemoteError(
            f"{where}: malformed result (not SPARQL JSON): {_one_line(err)}"
        ) from None
    if not isinstance(data, dict):
        raise RemoteError(f"{where}: malformed result (not SPARQL JSON)")
    return data


def _json_term(value: Mapping[str, str]) -> Node:
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise ValueError(f"unknown term type {kind!r}")


# --- one query contract -----------------------------------------------------------------


def execute(
    query: str | Path | Query,
    params: Mapping[str, ParamValue] | None = None,
    endpoint: str | Endpoint | None = None,
    dataset: Dataset | None = None,
    *,
    allow_service: bool = False,
    timeout: float = 30.0,
) -> Result:
    """Run a query with its parameters, locally or on an endpoint; the raw ``Result``.

    Parameters
    ----------
    query : str, Path or Query
        A catalogue name, a ``.rq`` file or SPARQL text.
    params : mapping, optional
        Parameter name to value (a string as typed, an int, a date or an rdflib term).
    endpoint : str or Endpoint, optional
        A remote SPARQL endpoint; without it the query runs on ``dataset``.
    dataset : rdflib.Dataset, optional
        The local graph; the embedded one when not given.
    allow_service : bool
        Let a local query call other endpoints with ``SERVICE``.
    timeout : float
        Client timeout in seconds for a remote endpoint given as a URL.

    Returns
    -------
    Result
        For ASK, ``result.boolean``; for CONSTRUCT and DESCRIBE, ``result.graph``.

    Raises
    ------
    QueryError
        Unknown query, bad parameter, refused or failing query.
    RemoteError
        The endpoint fails.

    Examples
    --------
    >>> execute("is-member", {"member": "ARDES", "org": "RIPESS Europe"}).boolean
    True
    >>> len(execute("ego-network", {"actor": "RIPESS Europe"}).graph)
    5
    """
    spec = get_query(query)
    if endpoint is None:  # before rdflib parses it: it may read the text otherwise
        check_service(spec.body, allow_service)
    shape = query_shape(spec.body, spec.name)
    if endpoint is None:
        local = dataset if dataset is not None else shipped_dataset()
        text = bind_query(spec, bind_terms(spec, params, lambda: local))
        return run_local(text, local, allow_service=allow_service, shape=shape)
    remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint, timeout=timeout)
    text = bind_query(spec, bind_terms(spec, params, remote.names))
    return remote.query(text, shape=shape)


def _cell(term: Node | None) -> Any:
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
    columns: dict[str, Any] = {}
    for index, name in enumerate(result.variables):
        cells = [_cell(row[index]) for row in result.rows]
        present = [cell for cell in cells if cell is not None]
        if present and all(isinstance(c, int) and not isinstance(c, bool) for c in present):
            columns[name] = pd.array(cells, dtype="Int64")
        else:
            columns[name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(columns, columns=list(result.variables))


def run_query(
    query: str | Path | Query,
    params: Mapping[str, ParamValue] | None = None,
    endpoint: str | Endpoint | None = None,
    dataset: Dataset | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run a query and give its answer as a pandas DataFrame, the same on every engine.

    Parameters
    ----------
    query : str, Path or Query
        A catalogue name (``mes-graph queries`` lists them), a ``.rq`` file or SPARQL text.
    params : mapping, optional
        Parameter name to value; an actor parameter takes an IRI, an acronym or a label.
    endpoint : str or Endpoint, optional
        A remote SPARQL endpoint; without it, the local graph answers.
    dataset : rdflib.Dataset, optional
        The local graph; the embedded one when not given.
    **options
        ``allow_service``, ``timeout``: see ``execute``.

    Returns
    -------
    pandas.DataFrame
        One column per projected variable, in the query's order (rows sorted when the
        query has no ORDER BY). ASK gives one column ``boolean``; CONSTRUCT and DESCRIBE
        give ``subject``, ``predicate``, ``object``. ``execute`` gives the raw result.

    Examples
    --------
    >>> len(run_query("members"))
    18
    >>> run_query("roles", {"org": "RIPESS Europe"})["roleLabel"].tolist()
    ['Membre du comité de coordination', 'Membre fondateur']
    """
    return to_dataframe(execute(query, params, endpoint, dataset, **options))


# --- renderings -------------------------------------------------------------------------


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def _compact(term: Node | None) -> str:
    if isinstance(term, URIRef):
        best = ""
        for prefix, namespace in PREFIXES.items():
            ns = str(namespace)
            if str(term).startswith(ns) and len(ns) > len(best):
                local = str(term)[len(ns) :]
                if re.fullmatch(r"[A-Za-z0-9_\-.]*", local) and not local.endswith("."):
                    best, name = ns, f"{prefix}:{local}"
        if best:
            return name
    return _text(term)


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out = ""
    for char in text:
        if _width(out + char) > limit - 1:
            break
        out += char
    return out + "…"


def render(result: Result, fmt: str = "table") -> str:
    """Write a result as text: an aligned table, CSV, TSV, JSON, Markdown or N-Triples.

    CSV, TSV, JSON and N-Triples give full IRIs and are byte-stable; the table shortens
    IRIs with the project's prefixes and long cells with an ellipsis.

    Parameters
    ----------
    result : Result
    fmt : str
        One of ``FORMATS``.

    Returns
    -------
    str
        The text, ending with a newline.

    Examples
    --------
    >>> mes = URIRef("https://w3id.org/mes-graph/id/organisation/mes")
    >>> r = Result("SELECT", ("org", "n"), ((mes, Literal(18)),))
    >>> print(render(r, "csv"), end="")
    org,n
    https://w3id.org/mes-graph/id/organisation/mes,18
    >>> print(render(r, "table"), end="")
    org       n
    --------  --
    orga:mes  18
    >>> print(render(r, "json"), end="")
    [
      {"org": "https://w3id.org/mes-graph/id/organisation/mes", "n": 18}
    ]
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "ntriples":
        if result.graph is None:
            raise QueryError("ntriples is for CONSTRUCT and DESCRIBE queries")
        lines = {f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in result.rows}
        return "".join(sorted(lines))
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([_text(term) for term in row] for row in result.rows)
        return out.getvalue()
    if fmt == "json":
        records = [
            "  "
            + json.dumps(
                {var: _cell(term) for var, term in zip(result.variables, row, strict=True)},
                ensure_ascii=False,
            )
            for row in result.rows
        ]
        return "[\n" + ",\n".join(records) + ("\n]\n" if records else "]\n")
    if fmt == "markdown":

        def cell(term: Node | None) -> str:
            return " ".join(_text(term).split()).replace("|", "\\|")

        lines = ["| " + " | ".join(result.variables) + " |"]
        lines.append("|" + "|".join("---" for _ in result.variables) + "|")
        lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
        return "\n".join(lines) + "\n"
    cells = [[_clip(_compact(term), 72) for term in row] for row in result.rows]
    return _align(list(result.variables), cells)


def _align(header: list[str], rows: list[list[str]]) -> str:
    table = [header, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    table.insert(1, ["-" * w for w in widths])
    lines = []
    for row in table:
        padded = [text + " " * (w - _width(text)) for text, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


# --- push: SPARQL 1.1 Update ------------------------------------------------------------


@dataclass(frozen=True)
class PushReport:
    """What a push sent: named graphs, statements and HTTP requests."""

    graphs: int
    statements: int
    requests: int


def _quads(dataset: Dataset, target: URIRef | None) -> dict[URIRef | None, list[tuple]]:
    by_graph: dict[URIRef | None, set[tuple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if target is not None:
            name = target
        elif name is None or str(name) == "urn:x-rdflib:default":
            name = None
        by_graph.setdefault(name, set()).add((s, p, o))
    return {g: sorted(triples, key=_row_key) for g, triples in by_graph.items()}


def _skolemize(triples: list[tuple]) -> list[tuple]:
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return triples
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(_graph_of(triples))
    authority = "https://w3id.org/mes-graph/"
    out = [
        tuple(t.skolemize(authority=authority) if isinstance(t, BNode) else t for t in triple)
        for triple in canonical
    ]
    return sorted(out, key=_row_key)


def _graph_of(triples: Iterable[tuple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


STAGING = "urn:x-mes-graph:staging:"
"""Where a push loads each graph before swapping it in: this prefix, a token, the graph."""


def staging_graph(name: URIRef | None, token: str = "0") -> URIRef:
    """The graph a push fills before it swaps it into ``name`` (None: the default graph).

    Examples
    --------
    >>> staging_graph(URIRef("urn:g"), "7")
    rdflib.term.URIRef('urn:x-mes-graph:staging:7:urn%3Ag')
    """
    target = "default" if name is None else urllib.parse.quote(str(name), safe="")
    return URIRef(f"{STAGING}{token}:{target}")


def update_requests(
    dataset: Dataset,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = 1000,
    token: str = "0",
) -> list[str]:
    """The SPARQL 1.1 Update requests that load a dataset into a store, in batches.

    Each named graph goes into the graph of the same name (or all of them into ``graph``).
    The batches fill staging graphs (``staging_graph``); the last request moves them all
    into their targets at once, so that the store changes in one request or not at all:
    ``MOVE`` with ``replace`` (each target graph replaced whole), else ``ADD`` (nothing
    already there is added twice, so pushing twice leaves the same data). Blank nodes
    become stable IRIs (``.well-known/genid``) so that batches and repeated pushes agree.

    Parameters
    ----------
    dataset : rdflib.Dataset
    graph : str, optional
        One IRI to load every statement into, instead of one graph per source.
    replace : bool
        Replace each target graph instead of adding to it.
    batch_size : int
        Statements per request.
    token : str
        Names the staging graphs of this push.

    Returns
    -------
    list of str
        Update requests, deterministic for a given dataset and token.

    Examples
    --------
    >>> ds = Dataset()
    >>> ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    <Graph identifier=urn:g (<class 'rdflib.graph.Graph'>)>
    >>> for text in update_requests(ds, replace=True):
    ...     print(text)
    DROP SILENT GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> ;
    INSERT DATA { GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> {
    <urn:a> <urn:p> "x" .
    } }
    MOVE SILENT GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> TO GRAPH <urn:g>
    """
    if batch_size < 1:
        raise QueryError("the batch size must be at least 1")
    target = check_iri(graph) if graph is not None else None
    requests, swaps = [], []
    quads = _quads(dataset, target)
    for name in sorted(quads, key=lambda g: (g is not None, str(g or ""))):
        staging = sparql_term(staging_graph(name, token))
        triples = _skolemize(quads[name])
        for start in range(0, len(triples), batch_size):
            lines = "".join(
                f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n"
                for s, p, o in triples[start : start + batch_size]
            )
            body = f"INSERT DATA {{ GRAPH {staging} {{\n{lines}}} }}"
            requests.append(f"DROP SILENT GRAPH {staging} ;\n{body}" if start == 0 else body)
        into = "DEFAULT" if name is None else f"GRAPH {sparql_term(name)}"
        if replace:
            swaps.append(f"MOVE SILENT GRAPH {staging} TO {into}")
        else:
            swaps += [f"ADD SILENT GRAPH {staging} TO {into}", f"DROP SILENT GRAPH {staging}"]
    if swaps:
        requests.append(" ;\n".join(swaps))
    return requests


def push(
    dataset: Dataset,
    endpoint: str | Endpoint,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = 1000,
    timeout: float = 60.0,
) -> PushReport:
    """Load a dataset into a remote store through its SPARQL 1.1 Update endpoint.

    The store changes in the last request, all at once (see ``update_requests``): if any
    request fails, the target graphs are left as they were, and the staging graphs are
    dropped.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    endpoint : str or Endpoint
        The store's update endpoint; credentials from the environment (see ``Endpoint``).
    graph, replace, batch_size
        See ``update_requests``.
    timeout : float
        Seconds within which each request must be answered.

    Returns
    -------
    PushReport

    Raises
    ------
    RemoteError
        The store fails, refuses or redirects a request; the message says what state
        the store was left in.
    """
    remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint, timeout=timeout)
    token = f"{os.getpid()}-{time.time_ns()}"
    requests = update_requests(
        dataset, graph=graph, replace=replace, batch_size=batch_size, token=token
    )
    for sent, text in enumerate(requests):
        try:
            remote.update(text)
        except RemoteError as err:
            if sent == 0:
                raise RemoteError(f"{err}; nothing was loaded") from None
            if sent == len(requests) - 1:
                state = (
                    "the request that swaps the new graphs in failed: the store applies it "
                    "whole or not at all; push again to be sure"
                )
            else:
                state = f"request {sent + 1} of {len(requests)} failed before the swap: the "
                state += "target graphs are unchanged"
            staged = _drop_staging(remote, "".join(requests[: sent + 1]), token)
            raise RemoteError(f"{err}; {state}{staged}") from None
    target = check_iri(graph) if graph is not None else None
    quads = _quads(dataset, target)
    return PushReport(len(quads), sum(len(t) for t in quads.values()), len(requests))


def _drop_staging(remote: Endpoint, sent: str, token: str) -> str:
    staged = sorted(set(re.findall(f"<({re.escape(STAGING + token)}:[^>]*)>", sent)))
    if not staged:
        return ""
    drop = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in staged)
    try:
        remote.update(drop)
    except RemoteError:
        return f"; staging graphs left in the store: {', '.join(staged)} (drop them)"
    return ""


# --- serve: a read-only Oxigraph server on loopback -------------------------------------


def oxigraph_executable() -> str:
    """The ``oxigraph`` command (from the ``oxigraph`` package), next to Python or on PATH.

    Raises
    ------
    ServerError
        The command is not installed.

    Examples
    --------
    >>> Path(oxigraph_executable()).name
    'oxigraph'
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServerError("the oxigraph command is missing: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port of ``host`` that nothing listens on right now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real Oxigraph SPARQL server on 127.0.0.1, over a fresh store in a temporary folder.

    ``start`` writes the dataset as N-Quads and has ``mes_graph.watchdog`` load it with
    ``oxigraph load`` and run ``oxigraph serve-read-only`` (or ``serve`` when
    ``read_only`` is false) with the union of the named graphs as default graph and a
    query timeout; ``stop`` ends the server and removes the folder. The watchdog does the
    same if this process dies, however it dies: no server and no copy of the data
    outlive it. Use it as a context manager.

    Parameters
    ----------
    dataset : rdflib.Dataset, optional
        The statements to serve; an empty store when not given.
    port : int
        The port to listen on; 0 picks a free one.
    read_only : bool
        Refuse updates (default).
    timeout_s : int
        The server's query timeout, in seconds.

    Examples
    --------
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    >>> with OxigraphServer(ds) as server:
    ...     run_query("SELECT ?o WHERE { ?s ?p ?o }", endpoint=server.endpoint)["o"].tolist()
    [1]
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        port: int = 0,
        read_only: bool = True,
        timeout_s: int = 30,
    ) -> None:
        self.dataset, self.port, self.read_only = dataset, port, read_only
        self.timeout_s = timeout_s
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None
        self._pipe: int | None = None

    @property
    def endpoint(self) -> str:
        """The URL of the SPARQL query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update_endpoint(self) -> str:
        """The URL of the SPARQL update endpoint (refused when read-only)."""
        return f"http://127.0.0.1:{self.port}/update"

    def _log(self) -> str:
        if self.folder is None:
            return ""
        with contextlib.suppress(OSError):
            text = (self.folder / "server.log").read_text("utf-8", "replace")
            return _one_line(text.split("stack backtrace:")[0])
        return ""

    def start(self, wait: float = 10.0, load_wait: float = 600.0) -> OxigraphServer:
        """Load the store and start the server; return when it accepts connections."""
        command = oxigraph_executable()
        self.folder = Path(tempfile.mkdtemp(prefix="mes-graph-oxigraph-"))
        store, log = self.folder / "store", self.folder / "server.log"
        try:
            self.port = self.port or free_port()
            mode = "serve-read-only" if self.read_only else "serve"
            serve = [command, mode, "--location", str(store)]
            serve += ["--bind", f"127.0.0.1:{self.port}", "--union-default-graph"]
            serve += ["--timeout-s", str(int(self.timeout_s))]
            steps, data = serve, None
            if self.dataset is not None or self.read_only:  # a read-only store must exist
                data = self.folder / "data.nq"
                data.write_bytes(serialize(self.dataset, "nquads") if self.dataset else b"")
                steps = [command, "load", "--location", str(store), "--file", str(data)]
                steps += ["--then", *serve]
            read, self._pipe = os.pipe()
            watchdog = [sys.executable, "-m", "mes_graph.watchdog", "--folder", str(self.folder)]
            watchdog += ["--pipe", str(read), "--log", str(log)]
            watchdog += ["--discard", str(data)] if data else []
            try:
                self.process = subprocess.Popen(
                    [*watchdog, "--", *steps],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(read,),
                    start_new_session=True,  # Ctrl-C reaches us, and we stop the server
                )
            finally:
                os.close(read)
            deadline = time.monotonic() + wait + (load_wait if data else 0)
            while True:
                if self.process.poll() is not None:
                    raise ServerError(f"oxigraph {mode} stopped: {self._log()}")
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
                ):
                    break
                if time.monotonic() > deadline:
                    raise ServerError(f"oxigraph {mode} did not start in time")
                time.sleep(0.02)
        except BaseException:
            self.stop()
            raise
        return self

    def wait(self) -> int:
        """Block until the server ends; its exit status."""
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        """Stop the server and remove its folder (the watchdog does it when told)."""
        if self._pipe is not None:
            os.close(self._pipe)  # the watchdog reads end-of-file: it stops the server
            self._pipe = None
        if self.process is not None:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- for the command line ---------------------------------------------------------------


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """Read ``--param NAME=VALUE`` options into a mapping.

    Examples
    --------
    >>> parse_params(["org=RIPESS Europe", "text=a=b"])
    {'org': 'RIPESS Europe', 'text': 'a=b'}
    >>> parse_params(["org"])
    Traceback (most recent call last):
    ...
    mes_graph.sparql.QueryError: --param 'org' is not NAME=VALUE
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryError(f"--param {pair!r} is not NAME=VALUE")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        params[name] = value
    return params


def format_catalogue(queries: Mapping[str, Query]) -> str:
    """The catalogue as an aligned table: name, title, parameters.

    Examples
    --------
    >>> print(format_catalogue({"roles": get_query("roles")}), end="")
    name   title                          parameters
    -----  -----------------------------  ---------------------------------------------------
    roles  Roles held in an organisation  org (IRI actor) = MES; member (IRI actor, optional)
    """
    rows = [
        [q.name, q.title, "; ".join(p.signature() for p in q.parameters) or "none"]
        for q in queries.values()
    ]
    return _align(["name", "title", "parameters"], rows)


def describe_query(query: Query) -> str:
    """A query's header spelt out, and its text: what ``mes-graph queries NAME`` prints.

    Examples
    --------
    >>> print(describe_query(parse_header("# title: All\\nASK {}", name="all")), end="")
    all: All
    <BLANKLINE>
    ASK {}
    """
    lines = [f"{query.name}: {query.title}", ""]
    if query.description:
        lines += [query.description, ""]
    if query.parameters:
        lines.append("parameters:")
        lines += [f"  {p.signature()}: {p.description}" for p in query.parameters]
        lines.append("")
    if query.example:
        lines += [f"example: {query.example}", ""]
    if query.path:
        lines += [f"file: {query.path}", ""]
    body = "\n".join(
        line for line in query.text.splitlines() if not line.lstrip().startswith("#")
    ).strip()
    return "\n".join([*lines, body]) + "\n"


def fail(err: SparqlError) -> int:
    """Report an error as one line on stderr; its exit code.

    Examples
    --------
    >>> fail(RemoteError("http://127.0.0.1:9/query: unreachable"))
    3
    """
    print(f"mes-graph: error: {_one_line(err)}", file=sys.stderr)
    return err.exit_code
