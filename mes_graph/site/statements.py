"""The statements of a graph read once, by subject and by object, for the pages.

Takes a graph or dataset (the site's public profile); gives ``Statements``, which answers
the few questions every page asks (a resource's objects, its statements, who mentions it)
from dictionaries.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.term import Node

from mes_graph.engine import distinct_triples

__all__ = ["Statements"]


class Statements:
    """The statements of a graph read once, by subject and by object, as rdflib terms.

    The site asks the same few questions of every resource (its labels, its statements,
    who mentions it): dictionaries answer them at once, where each question to the store
    walks rdflib's API. An Oxigraph-backed dataset is read from Oxigraph directly.

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
        out: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        into: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in distinct_triples(graph):
            out[s][p].append(o)
            if isinstance(o, URIRef):
                into[o].append((s, p))
        self.out, self.into = out, into

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of a subject and predicate (``graph.objects``)."""
        found = self.out.get(subject)
        return found.get(predicate, []) if found else []

    def predicate_objects(self, subject: Node) -> list[tuple[Node, Node]]:
        """The predicates and objects of a subject."""
        return [(p, o) for p, objects in self.out.get(subject, {}).items() for o in objects]

    def subject_predicates(self, obj: Node) -> list[tuple[Node, Node]]:
        """The subjects and predicates of an IRI as object."""
        return self.into.get(obj, [])

    def has(self, subject: Node, predicate: Node, obj: Node | None = None) -> bool:
        """Whether the statement is there (any object when ``obj`` is None)."""
        objects = self.objects(subject, predicate)
        return bool(objects) if obj is None else obj in objects
