"""Which path serves which IRI, and in which syntax: the Cool URIs of the dataset.

Takes IRIs and requests' paths and ``Accept`` headers; gives the document of an IRI (its
path under the base without suffix: ``…/id/organisation/ardes`` → ``id/organisation/ardes``,
the same paths as the static site), the IRI a document is about, and the syntax a client
asks for. An IRI without a suffix is a thing, not a document: the server answers it with
``303 See Other`` to the document in the syntax asked for (``.html``, ``.ttl``,
``.jsonld``, ``.nt``). A hash IRI (``…/ontology#Actor``) is answered by its document
(``…/ontology``), as the W3C note "Cool URIs for the Semantic Web" describes.
"""

from __future__ import annotations

from mes_graph.base.terms import BASE

__all__ = ["SYNTAXES", "document_of", "iri_of", "negotiate"]

SYNTAXES = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
"""The suffix of each document syntax, and its media type."""

_ACCEPTED = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
}


def document_of(iri: str) -> str | None:
    """The path of the document about an IRI of the base, without suffix; None outside it.

    Examples
    --------
    >>> document_of("https://w3id.org/mes-graph/id/organisation/ardes")
    'id/organisation/ardes'
    >>> document_of("https://w3id.org/mes-graph/ontology#Actor")
    'ontology'
    >>> document_of("https://w3id.org/mes-graph/"), document_of("https://w3id.org/mes-graph/id/")
    ('index', 'id/index')
    >>> document_of("https://schema.org/name") is None
    True
    """
    if not iri.startswith(BASE):
        return None
    local = iri[len(BASE) :].partition("#")[0]
    return local + "index" if local == "" or local.endswith("/") else local


def iri_of(document: str) -> str:
    """The IRI a document is about: the inverse of ``document_of``.

    Examples
    --------
    >>> iri_of("id/organisation/ardes"), iri_of("index"), iri_of("id/index")
    ('https://w3id.org/mes-graph/id/organisation/ardes', 'https://w3id.org/mes-graph/', \
'https://w3id.org/mes-graph/id/')
    """
    if document == "index" or document.endswith("/index"):
        return BASE + document[: -len("index")]
    return BASE + document


def negotiate(accept: str | None) -> str:
    """The suffix of the syntax a client prefers, by its ``Accept`` header (HTML by default).

    Examples
    --------
    >>> negotiate("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8"), negotiate(None)
    ('html', 'html')
    >>> negotiate("application/n-triples, text/html;q=0.1")
    'nt'
    """
    best, best_q = "html", 0.0
    for item in (accept or "").split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        suffix = _ACCEPTED.get(kind.lower())
        if suffix and q > best_q:
            best, best_q = suffix, q
    return best
