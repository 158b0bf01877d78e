"""Serve the dataset: every IRI resolves, a SPARQL endpoint and editor, search and maps.

Takes the dataset ``load`` built; gives ``mes-graph serve``: one read-only web server,
on 127.0.0.1 by default, in front of an Oxigraph server that holds the served profile.
Every IRI of the dataset, its description and its ontology answers in HTML, Turtle,
JSON-LD and N-Triples (``303 See Other`` from the thing to its document, chosen by
``Accept``, or the document's own suffix), as the static site's paths do.

Modules, in the order a request goes through them:

- ``negotiation``: which path serves which IRI, and in which syntax;
- ``upstream``: one request to Oxigraph, within the deadline and the size bound;
- ``documents``: the statements about an IRI and those that point to it;
- ``search``: names and labels, accents ignored;
- ``pages``: the HTML pages (Jinja2, ``templates/server``);
- ``app``: the Starlette application, its routes and its guards;
- ``run``: ``serve``, Oxigraph and uvicorn until Ctrl-C.
"""

from __future__ import annotations

from mes_graph.server.app import CONCURRENT, HOSTS, MAX_QUERY_BYTES, Served, application
from mes_graph.server.documents import ROW_LIMIT, Document, document, known
from mes_graph.server.negotiation import SYNTAXES, document_of, iri_of, negotiate
from mes_graph.server.run import MAX_MB, catalogue_entries, describe_downloads, serve
from mes_graph.server.search import SearchIndex, search_index

__all__ = [
    "CONCURRENT",
    "HOSTS",
    "MAX_MB",
    "MAX_QUERY_BYTES",
    "ROW_LIMIT",
    "SYNTAXES",
    "Document",
    "SearchIndex",
    "Served",
    "application",
    "catalogue_entries",
    "describe_downloads",
    "document",
    "document_of",
    "iri_of",
    "known",
    "negotiate",
    "search_index",
    "serve",
]
