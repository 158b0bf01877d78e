"""The query catalogue: the ``queries/*.rq`` files, their headers, and how they are listed.

Takes a query's name, a ``.rq`` file or SPARQL text; gives a ``Query`` (its text, title,
description, declared parameters and example), the whole catalogue by name, and the
texts ``mes-graph queries`` prints.

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
``mes_graph.base.terms.PREFIXES`` (``region:28``). A ``needs: registers`` line marks a
query of the registers' imports (``mes-graph register``): on the embedded graph alone it
answers nothing.
"""

from __future__ import annotations

import difflib
import itertools
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mes_graph.load import resource_dir
from mes_graph.sparql.errors import QueryError
from mes_graph.sparql.formats import align

__all__ = [
    "TYPES",
    "Parameter",
    "Query",
    "catalogue",
    "catalogue_dir",
    "describe_query",
    "format_catalogue",
    "get_query",
    "parse_header",
    "parse_params",
    "read_query",
]

TYPES = ("IRI", "literal", "integer", "date")
"""The parameter types a query header may declare."""


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
    needs: str = ""
    """``registers`` for a query of the registers' data (``mes-graph register``): on the
    embedded graph alone it answers nothing."""

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


_HEADER_LINE = re.compile(r"#\s?(title|description|param|example|scope|needs):\s?(.*)\Z")
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
    fields: dict[str, list[str]] = {
        k: [] for k in ("title", "description", "example", "scope", "needs")
    }
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
        needs=" ".join(fields["needs"]),
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
    close = difflib.get_close_matches(query, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ";"
    raise QueryError(
        f"no query named {query!r} in the catalogue{hint} (mes-graph queries lists them)"
    )


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
    return align(["name", "title", "parameters"], rows)


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
    if query.needs == "registers":
        lines += ["needs: the registers' data (mes-graph register …, then --data)", ""]
    if query.path:
        lines += [f"file: {query.path}", ""]
    body = "\n".join(
        line for line in query.text.splitlines() if not line.lstrip().startswith("#")
    ).strip()
    return "\n".join([*lines, body]) + "\n"
