"""RDF terms written in SPARQL and read back: the only way a value enters a query's text.

Takes an IRI as a person writes it, or an rdflib term; gives the checked term
(``check_iri``, ``to_iri``), its SPARQL syntax with everything that could end it escaped
(``escape_string``, ``sparql_term``), a one-row ``VALUES`` block of such terms
(``values_block``), and the terms a SPARQL parser reads back from that block
(``read_values``), so that a value can only ever be a term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import InlineData, expandUnicodeEscapes
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from mes_graph.base.terms import PREFIXES, REGISTER_NAMESPACES
from mes_graph.sparql.errors import QueryError, one_line

__all__ = ["check_iri", "escape_string", "read_values", "sparql_term", "to_iri", "values_block"]

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*\Z")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*):([^\s<>\"{}|^`\\]*)\Z")


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

    Known prefixes: the graph's (``PREFIXES``) and the registers' (``REGISTER_NAMESPACES``).

    Examples
    --------
    >>> to_iri("region:28")
    rdflib.term.URIRef('https://w3id.org/mes-graph/id/place/region/28')
    >>> to_iri("siren:100029172")[-15:]
    'siren/100029172'
    >>> to_iri("<urn:x>")
    rdflib.term.URIRef('urn:x')
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return check_iri(value[1:-1])
    match = _PREFIXED.match(value)
    namespaces = {**REGISTER_NAMESPACES, **PREFIXES}
    if match and match.group(1) in namespaces:
        return check_iri(str(namespaces[match.group(1)]) + match.group(2))
    return check_iri(value)


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
        raise QueryError(f"a parameter cannot be written in SPARQL: {one_line(err)}") from None
    terms = []
    for value in row:
        if isinstance(value, CompValue) and value.name == "literal":
            lang, datatype = dict.get(value, "lang"), dict.get(value, "datatype")
            value = Literal(str(value["string"]), lang=lang, datatype=datatype)
        terms.append(value)
    return dict(zip(names, terms, strict=True))
