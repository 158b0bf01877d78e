"""The statements of a graph, read from its store one resource at a time, for the pages.

Takes a graph or dataset (the site's public profile); gives ``Statements``, which answers
the few questions every page asks (a resource's objects, its statements, who mentions it)
from the store, keeping only the last resources asked of in memory.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from mes_graph.base.convert import from_oxigraph, to_oxigraph
from mes_graph.base.terms import RDF
from mes_graph.engine import plain_pairs, statements

__all__ = ["CACHED", "Statements"]

CACHED = 4_096
"""How many resources' statements are kept between questions: those asked of again and
again (the concepts every actor names) stay; the actors, asked of once or twice, pass."""


class Statements:
    """The statements of a graph by subject and by object, as rdflib terms.

    The site asks the same few questions of every resource (its labels, its statements,
    who mentions it). Each is answered from the store (Oxigraph's own index, or rdflib's),
    a statement held in several named graphs once; the answers of the last ``CACHED``
    subjects are kept, so that memory does not grow with the graph.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        A dataset's union of named graphs is read.

    Examples
    --------
    >>> from mes_graph.base.terms import SKOS
    >>> from mes_graph.network import tiny_alliance
    >>> from mes_graph.base.terms import ID
    >>> index = Statements(tiny_alliance())
    >>> [str(v) for v in index.objects(ID["organisation/mes"], SKOS.prefLabel)]
    ['Mouvement']
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._out: Callable[[Node], dict[Node, list[Node]]] = functools.lru_cache(CACHED)(
            self._read_out
        )
        self._term = functools.lru_cache(1 << 16)(from_oxigraph)

    def _read_out(self, subject: Node) -> dict[Node, list[Node]]:
        found: dict[Node, list[Node]] = {}
        if not isinstance(subject, URIRef | BNode):
            return found
        term = self._term
        quads = statements(self.graph, subject=to_oxigraph(subject))
        for triple in dict.fromkeys(q.triple for q in quads):
            found.setdefault(term(triple.predicate), []).append(term(triple.object))
        return found

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of a subject and predicate (``graph.objects``)."""
        return self._out(subject).get(predicate, [])

    def predicate_objects(self, subject: Node) -> list[tuple[Node, Node]]:
        """The predicates and objects of a subject."""
        return [(p, o) for p, objects in self._out(subject).items() for o in objects]

    def subject_predicates(self, obj: Node) -> list[tuple[Node, Node]]:
        """The subjects and predicates of an IRI as object, each pair once."""
        return list(dict.fromkeys(self._mentions(obj)))

    def first_mentions(
        self, obj: Node, limit: int, keep: Callable[[Node, Node], bool]
    ) -> list[tuple[URIRef, URIRef]]:
        """The first pairs of IRIs (subject, predicate) naming ``obj``, in IRI order.

        As ``sorted(subject_predicates(obj))`` filtered by ``keep`` and cut at ``limit``,
        without holding every pair: a source cited by a million statements costs the
        ``limit`` first of them.

        Parameters
        ----------
        obj : Node
        limit : int
            How many pairs to give, at most.
        keep : callable
            ``keep(subject, predicate)``: whether a pair counts.

        Returns
        -------
        list of (URIRef, URIRef)

        Examples
        --------
        >>> from mes_graph.network import tiny_alliance
        >>> from mes_graph.base.terms import ID
        >>> index = Statements(tiny_alliance())
        >>> [s.split("/")[-1] for s, _ in index.first_mentions(
        ...     ID["organisation/mes"], 2, lambda s, p: True)]
        ['ana--mes', 'ardes--mes']
        """
        if limit <= 0:
            return []
        best: list[tuple[str, str]] = []
        held: set[tuple[str, str]] = set()
        for s, p in self._mentions(obj):
            if not (isinstance(s, URIRef) and isinstance(p, URIRef)):
                continue
            key = (str(s), str(p))
            if key in held or (len(best) == limit and key >= best[-1]) or not keep(s, p):
                continue
            bisect.insort(best, key)
            held.add(key)
            if len(best) > limit:
                held.discard(best.pop())
        return [(URIRef(s), URIRef(p)) for s, p in best]

    def _mentions(self, obj: Node) -> Iterator[tuple[Node, Node]]:
        if not isinstance(obj, URIRef):
            return
        term = self._term
        for quad in statements(self.graph, obj=to_oxigraph(obj)):
            yield term(quad.subject), term(quad.predicate)

    def has(self, subject: Node, predicate: Node, obj: Node | None = None) -> bool:
        """Whether the statement is there (any object when ``obj`` is None)."""
        objects = self.objects(subject, predicate)
        return bool(objects) if obj is None else obj in objects

    def typed_in(self, namespace: str) -> list[URIRef]:
        """Every IRI of a namespace that has a type (``rdf:type``), sorted.

        One pass over the type statements, keeping only those IRIs (the ontology's terms,
        each of which has a type): not over every statement.

        Examples
        --------
        >>> from mes_graph.network import tiny_alliance
        >>> from mes_graph.base.terms import ID
        >>> len(Statements(tiny_alliance()).typed_in(str(ID["organisation/"])))
        5
        """
        found = {s for s, _ in plain_pairs(self.graph, RDF.type) if s.startswith(namespace)}
        return sorted(URIRef(s) for s in found)
