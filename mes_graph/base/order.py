"""Order terms and statements one way, everywhere: the same graph, the same bytes.

Takes terms (rdflib's or Oxigraph's) or triples; gives sort keys and sorted statements,
the order in which every file is written.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Node

from mes_graph.base.convert import XSD_STRING


def n3_key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """An Oxigraph term as rdflib's ``n3()`` writes it: the key statements are sorted by.

    Examples
    --------
    >>> n3_key(ox.Literal('say "hi"', language="en")) == Literal('say "hi"', lang="en").n3()
    True
    >>> n3_key(ox.Literal("2010", datatype=ox.NamedNode(XSD_STRING[:-6] + "gYear")))
    '"2010"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    """
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    quoted = Literal(term.value)._quote_encode()
    if term.language:
        return f"{quoted}@{term.language}"
    datatype = term.datatype.value
    return quoted if datatype == XSD_STRING else f"{quoted}^^<{datatype}>"


def sorted_triples(graph: Graph | Iterable[tuple[Node, Node, Node]]) -> list[tuple]:
    """The distinct triples of a graph (union of a dataset's graphs), sorted.

    Examples
    --------
    >>> g = Graph().parse(data="<urn:b> <urn:p> 2 . <urn:a> <urn:p> 1 .", format="turtle")
    >>> [str(t[0]) for t in sorted_triples(g)]
    ['urn:a', 'urn:b']
    """
    triples = graph.triples((None, None, None)) if isinstance(graph, Graph) else graph
    unique = {tuple(x.n3() for x in t): t for t in triples}
    return [unique[key] for key in sorted(unique)]
