"""JSON-LD, compacted by hand with the published context: every literal keeps its type.

Takes rdflib triples and prefixes; gives the JSON-LD context, compact IRIs, JSON-LD values
and node objects, and whole documents; or Oxigraph's triples, written to a file node by
node (``JsonLdWriter``), for a graph too large to hold as one document. A dataset keeps
its named graphs (JSON-LD 1.1): each is an object of the top ``@graph`` with its ``@id``
and its own ``@graph`` of nodes, so the provenance of every statement survives.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

import pyoxigraph as ox
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
    "JsonLdWriter",
    "compact_iri",
    "context",
    "context_document",
    "graphs_jsonld",
    "indented_json",
    "jsonld_nodes",
    "jsonld_value",
    "to_jsonld",
    "write_jsonld",
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


def graphs_jsonld(
    graphs: Iterable[tuple[URIRef | None, list[tuple[Node, Node, Node]]]],
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """Compacted JSON-LD of a dataset: each named graph an object with its ``@graph``.

    ``graphs``: (graph name, or None for the default graph; its triples, distinct and
    sorted), in order. The default graph's nodes come first, at the top.

    Examples
    --------
    >>> a, p = URIRef("https://schema.org/a"), URIRef("https://schema.org/p")
    >>> [named] = json.loads(graphs_jsonld([(URIRef("urn:x:g"), [(a, p, a)])]))["@graph"]
    >>> named["@id"], named["@graph"]
    ('urn:x:g', [{'@id': 'schema:a', 'schema:p': {'@id': 'schema:a'}}])
    """
    ctx = context(prefixes)
    compact = _compactor(tuple(ctx.items()))
    top: list[dict[str, Any]] = []
    for name, triples in graphs:
        nodes = jsonld_nodes(triples, ctx, ordered=True)
        if name is None:
            top.extend(nodes)
        elif nodes:
            top.append({"@id": compact(str(name)), "@graph": nodes})
    return json_bytes({"@context": ctx, "@graph": top})


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


_RDF_TYPE = ox.NamedNode(str(RDF.type))
_XSD_STRING = str(XSD.string)


class JsonLdWriter:
    """Compacted JSON-LD written node by node: ``to_jsonld``'s document, in a stream.

    The statements of one subject that come one after the other make one node object
    (keys sorted, values in the order given); a subject that comes back later makes
    another node with the same ``@id``, which JSON-LD merges. Given sorted, distinct
    statements it writes ``to_jsonld``'s bytes. ``graph`` starts the statements of a
    named graph: given the graphs in order, each sorted, it writes ``graphs_jsonld``'s.

    Parameters
    ----------
    out : binary file
    prefixes : mapping, optional
        The context (``context(prefixes)``), inline; ``PUBLISH_PREFIXES`` by default.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> writer = JsonLdWriter(out, {"ex": "https://example.org/"})
    >>> a, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    >>> writer.add(ox.Triple(a, p, ox.Literal("x", language="fr")))
    >>> writer.close()
    >>> json.loads(out.getvalue())["@graph"]
    [{'@id': 'ex:a', 'ex:p': {'@value': 'x', '@language': 'fr'}}]
    """

    _CHUNK = 1 << 20  # characters gathered before a write

    def __init__(self, out: BinaryIO, prefixes: Mapping[str, Any] | None = None) -> None:
        self.out = out
        self.context = context(prefixes)
        self._compact = _compactor(tuple(self.context.items()))
        head = json.dumps({"@context": self.context}, ensure_ascii=False, indent=2)
        self._parts = [head[: -len("\n}")] + ',\n  "@graph": [']
        self._size = 0
        self._nodes = 0
        self._subject: ox.NamedNode | ox.BlankNode | None = None
        self._in_graph = -1  # the nodes of the named graph open, -1 for none
        self._properties: dict[str, list[Any]] = {}
        self._types: list[str] = []

    def graph(self, name: ox.NamedNode) -> None:
        """Start the statements of a named graph (after those of the default graph)."""
        self._flush_node()
        self._close_graph()
        head = '{\n      "@id": ' + _encode_string(self._compact(name.value))
        self._parts.append(("\n    " if self._nodes == 0 else ",\n    ") + head)
        self._parts.append(',\n      "@graph": [')
        self._nodes += 1
        self._in_graph = 0

    def _close_graph(self) -> None:
        if self._in_graph >= 0:
            self._parts.append("\n      ]\n    }" if self._in_graph else "]\n    }")
            self._in_graph = -1

    def add(self, triple: ox.Triple) -> None:
        """Add a statement (after the others)."""
        if triple.subject != self._subject:
            self._flush_node()
            self._subject = triple.subject
        if triple.predicate == _RDF_TYPE:
            self._types.append(self._compact(triple.object.value))
        else:
            key = self._compact(triple.predicate.value)
            self._properties.setdefault(key, []).append(self._value(triple.object))

    def close(self) -> None:
        """Write the last node and the end of the document."""
        self._flush_node()
        self._close_graph()
        self._parts.append("\n  ]\n}\n" if self._nodes else "]\n}\n")
        self._write()

    def _value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Any:
        if isinstance(term, ox.NamedNode):
            return {"@id": self._compact(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self._compact(term.datatype.value)}

    def _flush_node(self) -> None:
        if self._subject is None:
            return
        node = self._value(self._subject)
        if self._types:
            node["@type"] = self._types[0] if len(self._types) == 1 else self._types
        for key in sorted(self._properties):
            values = self._properties[key]
            node[key] = values[0] if len(values) == 1 else values
        if self._in_graph >= 0:  # a node of a named graph
            text = indented_json(node, "        ")
            self._parts.append(("\n        " if self._in_graph == 0 else ",\n        ") + text)
            self._in_graph += 1
        else:
            text = indented_json(node, "    ")
            self._parts.append(("\n    " if self._nodes == 0 else ",\n    ") + text)
            self._nodes += 1
        self._size += len(text)
        self._subject, self._properties, self._types = None, {}, []
        if self._size > self._CHUNK:
            self._write()

    def _write(self) -> None:
        self.out.write("".join(self._parts).encode("utf-8"))
        self._parts, self._size = [], 0


_encode_string = json.encoder.encode_basestring  # json.dumps's, without ensure_ascii


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` at depth ``indent``, faster.

    The standard library writes indented JSON in pure Python; JSON-LD documents hold
    strings, objects and arrays, written here with its C string encoder (other values as
    ``json.dumps`` writes them): ``base.files.json_bytes``'s text, for the many documents
    of a large graph.

    Examples
    --------
    >>> node = {"@id": "é\\"", "k": [{"@value": "x", "@language": "fr"}, 1, None], "e": []}
    >>> indented_json(node) == json.dumps(node, ensure_ascii=False, indent=2)
    True
    """
    if isinstance(value, str):
        return _encode_string(value)
    inner = indent + "  "
    if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        items = ",\n".join(
            f"{inner}{_encode_string(k)}: {indented_json(v, inner)}" for k, v in value.items()
        )
        return "{\n" + items + "\n" + indent + "}"
    if isinstance(value, list) and value:
        items = ",\n".join(inner + indented_json(v, inner) for v in value)
        return "[\n" + items + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def write_jsonld(
    triples: Iterable[ox.Triple], out: BinaryIO, prefixes: Mapping[str, Any] | None = None
) -> None:
    """Write compacted JSON-LD of Oxigraph's triples to a file, node by node.

    See ``JsonLdWriter``: sorted, distinct triples give the bytes of ``to_jsonld``.

    Examples
    --------
    >>> import io
    >>> from mes_graph.base.convert import from_oxigraph
    >>> a, p = ox.NamedNode("https://schema.org/x"), ox.NamedNode("https://schema.org/p")
    >>> t = ox.Triple(a, p, ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer))))
    >>> out = io.BytesIO()
    >>> write_jsonld([t], out)
    >>> out.getvalue() == to_jsonld([tuple(map(from_oxigraph, (t.subject, t.predicate, t.object)))])
    True
    """
    writer = JsonLdWriter(out, prefixes)
    for triple in triples:
        writer.add(triple)
    writer.close()
