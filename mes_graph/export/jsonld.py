"""JSON-LD, compacted by hand with the published context: every literal keeps its type.

Takes rdflib triples and prefixes; gives the JSON-LD context, compact IRIs, JSON-LD values
and node objects, and whole documents.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, URIRef
from rdflib.term import Node

from mes_graph.base.files import json_bytes
from mes_graph.base.order import sorted_triples
from mes_graph.base.terms import (
    PUBLISH_PREFIXES,
    RDF,
    XSD,
)

__all__ = [
    "compact_iri",
    "context",
    "context_document",
    "jsonld_nodes",
    "jsonld_value",
    "to_jsonld",
]


def context(prefixes: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The JSON-LD context we publish as ``context.jsonld``: one prefix per namespace.

    It maps prefixes only (no type coercion), so compaction loses nothing: every literal
    keeps its ``@language`` or ``@type`` as in the graph.

    Examples
    --------
    >>> context()["org"]
    'http://www.w3.org/ns/org#'
    """
    items = (prefixes or PUBLISH_PREFIXES).items()
    return {prefix: str(namespace) for prefix, namespace in sorted(items)}


def context_document() -> bytes:
    """The file ``context.jsonld``: ``{"@context": context()}``, sorted, UTF-8.

     Examples
     --------
    >>> import json
     >>> json.loads(context_document())["@context"]["skos"]
     'http://www.w3.org/2004/02/skos/core#'
    """
    return json_bytes({"@context": context()})


def compact_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """An IRI as ``prefix:local`` under the longest matching namespace, else as it is.

    Examples
    --------
    >>> compact_iri("http://www.w3.org/ns/org#memberOf", context())
    'org:memberOf'
    >>> compact_iri("https://example.org/x", context())
    'https://example.org/x'
    """
    return _compactor(tuple(prefixes.items()))(iri)


@functools.lru_cache(maxsize=8)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> Any:
    """``compact_iri`` for one set of prefixes: longest namespaces first, answers kept."""
    longest = sorted(((p, str(ns)) for p, ns in prefixes), key=lambda pn: -len(pn[1]))

    @functools.lru_cache(maxsize=1 << 19)  # bounded: IRIs of resources rarely come back
    def compact(iri: str) -> str:
        for prefix, namespace in longest:
            local = iri[len(namespace) :]
            if prefix and iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{prefix}:{local}"
        return iri

    return compact


def jsonld_value(term: Node, prefixes: Mapping[str, str]) -> Any:
    """A term as a compacted JSON-LD value: ``{"@id"}``, a string, or a typed value.

     Examples
     --------
    >>> from rdflib import Literal
     >>> jsonld_value(Literal("2010", datatype=XSD.gYear), context())
     {'@value': '2010', '@type': 'xsd:gYear'}
     >>> jsonld_value(Literal("Lille", lang="fr"), context())
     {'@value': 'Lille', '@language': 'fr'}
    """
    return _jsonld_value(term, _compactor(tuple(prefixes.items())))


def _jsonld_value(term: Node, compact: Any) -> Any:
    if isinstance(term, URIRef):
        return {"@id": compact(str(term))}
    if isinstance(term, BNode):
        return {"@id": f"_:{term}"}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is None or term.datatype == XSD.string:
        return str(term)
    return {"@value": str(term), "@type": compact(str(term.datatype))}


def jsonld_nodes(
    triples: Iterable[tuple[Node, Node, Node]],
    prefixes: Mapping[str, str],
    *,
    ordered: bool = False,
) -> list[dict[str, Any]]:
    """Node objects of compacted JSON-LD, one per subject, in sorted order.

     ``ordered``: the triples are already distinct and sorted (``sorted_triples``).

     Examples
     --------
    >>> from rdflib import Graph
     >>> g = Graph().parse(data="<urn:a> a <urn:C> ; <urn:p> 'x' .", format="turtle")
     >>> jsonld_nodes(g, {})
     [{'@id': 'urn:a', '@type': 'urn:C', 'urn:p': 'x'}]
    """
    compact = _compactor(tuple(prefixes.items()))  # once, not once per IRI
    by_subject: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples if ordered else sorted_triples(triples):
        by_subject[s]["@type" if p == RDF.type else compact(str(p))].append(o)
    nodes = []
    for subject, properties in by_subject.items():
        node: dict[str, Any] = _jsonld_value(subject, compact)
        if not isinstance(node, dict):  # pragma: no cover - a literal subject
            continue
        types = properties.pop("@type", None)
        if types:
            names = [compact(str(t)) for t in types]
            node["@type"] = names[0] if len(names) == 1 else names
        for key in sorted(properties):
            values = [_jsonld_value(v, compact) for v in properties[key]]
            node[key] = values[0] if len(values) == 1 else values
        nodes.append(node)
    return nodes


def to_jsonld(
    triples: Iterable[tuple[Node, Node, Node]], prefixes: Mapping[str, str] | None = None
) -> bytes:
    """Compacted JSON-LD of triples: the context inline, then ``@graph`` sorted by subject.

     The context inline is the one published as ``context.jsonld``, so the document loads
     offline in any processor (Oxigraph and rdflib load no remote context).

     Examples
     --------
    >>> import json
    >>> from rdflib import Graph
     >>> g = Graph().parse(data="<https://schema.org/x> <https://schema.org/p> 1 .", format="ttl")
     >>> json.loads(to_jsonld(g))["@graph"]
     [{'@id': 'schema:x', 'schema:p': {'@value': '1', '@type': 'xsd:integer'}}]
    """
    ctx = context(prefixes)
    return json_bytes({"@context": ctx, "@graph": jsonld_nodes(triples, ctx)})
