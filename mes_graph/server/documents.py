"""The document about one IRI, read from the served store: its statements, in and out.

Takes the ``Store`` behind the front, an IRI and the dataset's description (DCAT, VoID);
gives a ``Document``: the statements about the IRI (with the blank nodes it points to),
those that point to it (up to ``ROW_LIMIT``), those of the description, and, when the
IRI names a graph, its size and its first statements. The RDF syntaxes carry the
statements about and to the IRI; the HTML page shows them all (``pages``). Every query
binds the IRI as a term (``sparql.values_block``), never pasted as text.

The ontology's document (``…/ontology``, whose terms are hash IRIs) is the ontology's
graph: every term with its labels and definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from mes_graph.base.convert import from_oxigraph
from mes_graph.base.order import sorted_triples
from mes_graph.base.terms import GRAPH, MES
from mes_graph.server.upstream import Store
from mes_graph.sparql import QueryError, values_block

__all__ = ["ROW_LIMIT", "Document", "document", "known"]

ROW_LIMIT = 1000
"""The most statements pointing to an IRI, or of a graph, that a document carries."""

Triple = tuple[Node, Node, Node]


@dataclass
class Document:
    """What the server says about one IRI."""

    iri: URIRef
    about: list[Triple] = field(default_factory=list)
    """The statements whose subject is the IRI, or a blank node it points to."""
    mentions: list[Triple] = field(default_factory=list)
    """Statements whose object is the IRI, up to ``ROW_LIMIT``."""
    more_mentions: bool = False
    """True when there are more than ``ROW_LIMIT`` of them."""
    graph_size: int | None = None
    """How many statements the graph of that name holds, when the IRI names one."""
    graph_head: list[Triple] = field(default_factory=list)
    """The first ``ROW_LIMIT`` statements of that graph."""

    @property
    def triples(self) -> list[Triple]:
        """Every statement the RDF syntaxes carry, sorted, each once."""
        return sorted_triples({*self.about, *self.mentions})


def _bound(iri: URIRef) -> str:
    return values_block({"i": iri})


def _triples(store: Store, query: str) -> list[Triple]:
    return [
        (from_oxigraph(s), from_oxigraph(p), from_oxigraph(o)) for s, p, o in store.triples(query)
    ]


def document(store: Store, iri: str, description: Graph) -> Document:
    """The document about an IRI: its statements in the store and in the description.

    Parameters
    ----------
    store : Store
        The Oxigraph server behind the front (union of the named graphs as default).
    iri : str
    description : rdflib.Graph
        The dataset's description (``describe.describe``), which the store does not hold.

    Returns
    -------
    Document
        Empty when nothing is said of the IRI, or when it is not a valid IRI (the server
        answers 404 for an IRI ``known`` does not find).
    """
    try:
        node = URIRef(iri)
        bound = _bound(node)
    except QueryError:
        return Document(URIRef("urn:invalid"))
    doc = Document(node)
    if iri == str(MES).rstrip("#"):  # the ontology: every term of its graph
        ontology = values_block({"g": GRAPH["ontology"]})
        doc.about = _triples(
            store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {ontology} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    else:
        doc.about = _triples(
            store,
            f"CONSTRUCT {{ ?i ?p ?o . ?o ?q ?v }} WHERE {{ {bound} ?i ?p ?o "
            "OPTIONAL { FILTER(isBlank(?o)) ?o ?q ?v } }",
        )
    mentions = _triples(
        store,
        f"CONSTRUCT {{ ?s ?p ?i }} WHERE {{ {{ SELECT ?s ?p ?i WHERE {{ {bound} ?s ?p ?i }} "
        f"LIMIT {ROW_LIMIT + 1} }} }}",
    )
    doc.more_mentions = len(mentions) > ROW_LIMIT
    doc.mentions = sorted_triples(mentions)[:ROW_LIMIT]
    doc.about += list(description.triples((node, None, None)))
    if iri == str(MES).rstrip("#"):  # and what the description says of its terms
        doc.mentions += [t for t in description if str(t[2]).startswith(str(MES))]
    else:
        doc.mentions += [t for t in description.triples((None, None, node)) if t[0] != node]
    size = store.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {bound} GRAPH ?i {{ ?s ?p ?o }} }}")
    count = int(size[0]["n"].value) if size and "n" in size[0] else 0
    if count:
        doc.graph_size = count
        doc.graph_head = sorted_triples(
            _triples(
                store,
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ {bound} "
                f"GRAPH ?i {{ ?s ?p ?o }} }} LIMIT {ROW_LIMIT} }} }}",
            )
        )
    return doc


def known(store: Store, iri: str, description: Graph) -> bool:
    """True when the store or the description names the IRI (as subject, object or graph).

    Parameters
    ----------
    store : Store
    iri : str
    description : rdflib.Graph

    Returns
    -------
    bool
    """
    try:
        node = URIRef(iri)
        bound = _bound(node)
    except QueryError:
        return False
    if (node, None, None) in description or (None, None, node) in description:
        return True
    if iri == str(MES).rstrip("#"):
        return True
    return store.ask_boolean(
        f"ASK {{ {bound} {{ ?i ?p ?o }} UNION {{ ?s ?p ?i }} UNION {{ GRAPH ?i {{ ?s ?p ?o }} }} }}"
    )
