"""Write a dataset in the standard RDF syntaxes, deterministically.

Takes the dataset ``load`` built; gives Turtle, N-Triples, N-Quads, TriG, JSON-LD or
RDF/XML bytes. Triple syntaxes carry the union of the named graphs; quad syntaxes (N-Quads,
TriG) keep one named graph per source. Statements are sorted before Oxigraph's serialisers
write them, so the same graph gives byte-identical files.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from mes_graph.base.convert import from_oxigraph
from mes_graph.base.files import json_bytes
from mes_graph.base.terms import (
    PUBLISH_PREFIXES,
)
from mes_graph.base.turtle import turtle
from mes_graph.engine import is_dataset, sorted_statements
from mes_graph.export.jsonld import context, graphs_jsonld, jsonld_nodes

__all__ = ["FORMATS", "MEDIA_TYPES", "serialize", "serialize_formats"]


FORMATS = {
    # name: (Oxigraph format, file suffix, keeps named graphs)
    "turtle": (ox.RdfFormat.TURTLE, ".ttl", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt", False),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq", True),
    "trig": (ox.RdfFormat.TRIG, ".trig", True),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld", True),
    "rdfxml": (ox.RdfFormat.RDF_XML, ".rdf", False),
}
"""The RDF syntaxes: Oxigraph format, file suffix, whether named graphs are kept."""


MEDIA_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "csv": "text/csv",
}
"""The IANA media type of each format (GraphML and GEXF have none of their own: XML)."""


def serialize_formats(
    dataset: Dataset | Graph,
    formats: Iterable[str] = tuple(FORMATS),
    *,
    prefixes: Mapping[str, Any] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Serialise a dataset in several of ``FORMATS``: ``serialize`` of each, sharing work.

    From Oxigraph, the statements are read and sorted once for the formats of triples
    and once for those of quads, not once per format; the documents come one at a time,
    so that a caller writing each holds one only.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
    formats : iterable of str
        Keys of ``FORMATS`` (all by default).
    prefixes : mapping, optional
        As in ``serialize``.

    Yields
    ------
    (str, bytes)
        A format and its document.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ds = load()
    >>> dict(serialize_formats(ds, ["turtle", "nquads"]))["nquads"] == serialize(ds, "nquads")
    True
    """
    shared: dict[bool, Any] = {}
    for fmt in formats:
        yield fmt, serialize(dataset, fmt, prefixes=prefixes, _sorted=shared)


def serialize(
    dataset: Dataset | Graph,
    fmt: str,
    *,
    prefixes: Mapping[str, Any] | None = None,
    _sorted: dict[bool, Any] | None = None,
) -> bytes:
    """Serialise a dataset in one of ``FORMATS``, deterministically.

    Statements are sorted (by graph, then subject, predicate and object) before Oxigraph's
    serialisers write them, so the same graph gives byte-identical files and a diff
    between two releases shows only what changed. Turtle and TriG group each subject's
    statements under our prefixes; JSON-LD is compacted with ``context()``.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The dataset ``load`` built (a plain graph has no named graphs to keep).
    fmt : str
        A key of ``FORMATS``.
    prefixes : mapping, optional
        Prefix to namespace; ``PUBLISH_PREFIXES`` by default.

    Returns
    -------
    bytes
        The document, in UTF-8.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ds = load()
    >>> serialize(ds, "ntriples").count(b"\\n") == len(ds)
    True
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    ox_format, _, keeps_graphs = FORMATS[fmt]
    prefixes = {p: str(ns) for p, ns in (prefixes or PUBLISH_PREFIXES).items()}
    shared = {} if _sorted is None else _sorted
    quads = keeps_graphs and is_dataset(dataset)  # a plain graph has no named graph
    if quads not in shared:
        shared[quads] = sorted_statements(dataset, quads)
    items = shared[quads]
    if fmt == "jsonld":  # sorted in Oxigraph's terms, then converted
        term = functools.cache(from_oxigraph)

        def triples(statements: Iterable[Any]) -> list[tuple]:
            return [(term(t.subject), term(t.predicate), term(t.object)) for t in statements]

        if not quads:
            ctx = context(prefixes)
            return json_bytes(
                {"@context": ctx, "@graph": jsonld_nodes(triples(items), ctx, ordered=True)}
            )
        graphs = itertools.groupby(items, key=lambda q: q.graph_name)
        return graphs_jsonld(
            (
                (None if isinstance(g, ox.DefaultGraph) else term(g), triples(qs))
                for g, qs in graphs
            ),
            prefixes,
        )
    if fmt in ("turtle", "trig"):
        return turtle(items, prefixes, ox_format)
    return ox.serialize(items, format=ox_format, prefixes=prefixes)
