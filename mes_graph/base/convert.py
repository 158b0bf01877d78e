"""Convert RDF terms between rdflib and Oxigraph: the same term on either side.

Takes an rdflib term or a pyoxigraph term; gives the equal term of the other library.
Plain strings stay plain: RDF 1.1 holds ``"x"`` and ``"x"^^xsd:string`` to be one term,
which rdflib does not.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.terms import XSD

XSD_STRING = str(XSD.string)
"""The IRI of ``xsd:string``, the datatype of plain literals."""

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term."""


def from_oxigraph(term: OxTerm) -> Node:
    """The rdflib term equal to an Oxigraph term (``xsd:string`` literals stay plain).

    Examples
    --------
    >>> from_oxigraph(ox.Literal("Lille"))
    rdflib.term.Literal('Lille')
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_oxigraph(term: Node) -> OxTerm:
    """The Oxigraph term equal to an rdflib term.

    Examples
    --------
    >>> to_oxigraph(Literal("Lille", lang="fr"))
    <Literal value=Lille language=fr>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")
