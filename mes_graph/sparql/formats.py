"""Write a result as text: an aligned table, CSV, TSV, JSON, Markdown or N-Triples.

Takes a ``Result``; gives text ending with a newline. CSV, TSV, JSON and N-Triples give
full IRIs and are byte-stable; the table shortens IRIs with the project's prefixes and
long cells with an ellipsis, its columns aligned by display width (``align``). JSON is
the SPARQL 1.1 Query Results JSON Format, which SPARQL tools read.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from mes_graph.base.terms import PREFIXES
from mes_graph.sparql.errors import QueryError
from mes_graph.sparql.results import Result

__all__ = ["FORMATS", "align", "render", "sparql_json"]

FORMATS = ("table", "csv", "tsv", "json", "markdown", "ntriples")
"""The renderings of a result; ``ntriples`` is for CONSTRUCT and DESCRIBE results."""


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


def _json_term(term: Node) -> dict[str, str]:
    """A term as the SPARQL 1.1 JSON results give it."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    found = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        found["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype and term.datatype != XSD.string:
        found["datatype"] = str(term.datatype)
    return found


def sparql_json(result: Result) -> str:
    """A result in the SPARQL 1.1 Query Results JSON Format, one binding a line.

    Examples
    --------
    >>> from rdflib import Literal
    >>> rows = ((URIRef("urn:x:mes"), Literal("MES", lang="fr")), (URIRef("urn:x:b"), None))
    >>> print(sparql_json(Result("SELECT", ("o", "n"), rows)), end="")  # doctest: +ELLIPSIS
    {"head": {"vars": ["o", "n"]}, "results": {"bindings": [
    {"o": {"type": "uri", "value": "urn:x:mes"}, "n": {"type": "literal", "value": "MES", ...}},
    {"o": {"type": "uri", "value": "urn:x:b"}}
    ]}}
    >>> print(sparql_json(Result("ASK", ("boolean",), ((Literal(True),),), boolean=True)), end="")
    {"head": {}, "boolean": true}
    """
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
    lines = [
        json.dumps(
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None},
            ensure_ascii=False,
        )
        for row in result.rows
    ]
    head = json.dumps({"vars": list(result.variables)}, ensure_ascii=False)
    body = "\n" + ",\n".join(lines) + "\n" if lines else ""
    return f'{{"head": {head}, "results": {{"bindings": [{body}]}}}}\n'


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
    >>> from rdflib import Literal
    >>> mes = URIRef("https://w3id.org/mes-graph/id/organisation/mes")
    >>> r = Result("SELECT", ("org", "n"), ((mes, Literal(18)),))
    >>> print(render(r, "csv"), end="")
    org,n
    https://w3id.org/mes-graph/id/organisation/mes,18
    >>> print(render(r, "table"), end="")
    org       n
    --------  --
    orga:mes  18
    >>> import json
    >>> json.loads(render(r, "json"))["results"]["bindings"][0]["n"]["value"]
    '18'
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
        return sparql_json(result)
    if fmt == "markdown":

        def cell(term: Node | None) -> str:
            return " ".join(_text(term).split()).replace("|", "\\|")

        lines = ["| " + " | ".join(result.variables) + " |"]
        lines.append("|" + "|".join("---" for _ in result.variables) + "|")
        lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
        return "\n".join(lines) + "\n"
    cells = [[_clip(_compact(term), 72) for term in row] for row in result.rows]
    return align(list(result.variables), cells)


def align(header: list[str], rows: list[list[str]]) -> str:
    """Text cells as a table: the header, a rule, the rows, columns aligned by display width.

    Examples
    --------
    >>> print(align(["name", "n"], [["MES", "18"], ["RIPESS Europe", "2"]]), end="")
    name           n
    -------------  --
    MES            18
    RIPESS Europe  2
    """
    table = [header, *rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    table.insert(1, ["-" * w for w in widths])
    lines = []
    for row in table:
        padded = [text + " " * (w - _width(text)) for text, w in zip(row, widths, strict=True)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"
