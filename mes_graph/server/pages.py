"""The server's HTML pages: a resource, the home page, search, the SPARQL editor, errors.

Takes ``Document`` values and what the server knows (labels from the store, the
catalogue of queries, the dataset's description); gives HTML (bytes, UTF-8) rendered by
Jinja2 with autoescape, from ``templates/server``. Links between pages are paths of the
server (``/id/organisation/ardes.html``); an IRI outside the dataset links to itself.
The ontology's page is the static site's (``site.ontology_page``), in the server's frame.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.convert import from_oxigraph
from mes_graph.base.terms import DCTERMS, FOAF, PUBLISH_PREFIXES, RDF, RDFS, SCHEMA, SKOS
from mes_graph.export import compact_iri
from mes_graph.server.documents import ROW_LIMIT, Document
from mes_graph.server.negotiation import document_of
from mes_graph.server.upstream import Store
from mes_graph.sparql import sparql_term

__all__ = ["LABELS", "environment", "href", "labels", "ontology_html", "render", "resource_html"]

LABELS = (SKOS.prefLabel, FOAF.name, SCHEMA.name, RDFS.label, DCTERMS.title)
"""The properties that name a resource, in the order they are preferred."""

_PREFIXES = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment: the server's templates first, then the site's."""
    return Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("mes_graph", "templates/server"),
                PackageLoader("mes_graph", "templates/site"),
            ]
        ),
        autoescape=select_autoescape(["html"], default=True),
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> bytes:
    """A page of the server from its template, in UTF-8.

    Examples
    --------
    >>> b"&lt;b&gt;" in render("error.html", title="<b>", message="", version="0")
    True
    """
    values.setdefault("alternates", [])
    values.setdefault("root", "/")
    return environment().get_template(template).render(**values).encode("utf-8")


def href(iri: str) -> str:
    """The server's link to an IRI: its page when the dataset holds it, else the IRI.

    Examples
    --------
    >>> href("https://w3id.org/mes-graph/id/organisation/ardes")
    '/id/organisation/ardes.html'
    >>> href("https://w3id.org/mes-graph/ontology#Actor"), href("https://schema.org/name")
    ('/ontology.html#Actor', 'https://schema.org/name')
    >>> href("https://w3id.org/mes-graph/donnees/mes-graph.ttl")
    '/donnees/mes-graph.ttl'
    """
    document = document_of(iri)
    if document is None:
        return iri
    if document.startswith("donnees/"):  # a download: the file itself
        return "/" + document
    fragment = iri.partition("#")[2]
    return "/" + document + ".html" + ("#" + fragment if fragment else "")


def labels(store: Store, nodes: Iterable[Node], extra: Graph | None = None) -> dict[str, str]:
    """The name of each IRI, French first, as the store (or ``extra``) gives it.

    Parameters
    ----------
    store : Store
    nodes : iterable of terms
        Terms that are not IRIs are left out; at most ``ROW_LIMIT`` * 4 are asked for.
    extra : rdflib.Graph, optional
        Another graph to read names from (the description).

    Returns
    -------
    dict
        IRI to name, for the IRIs that have one.
    """
    iris = sorted({str(n) for n in nodes if isinstance(n, URIRef)})[: ROW_LIMIT * 4]
    if not iris:
        return {}
    found: dict[str, tuple[int, str]] = {}

    def keep(iri: str, prop: Node, value: Node) -> None:
        if not isinstance(value, Literal):
            return
        rank = LABELS.index(prop) * 2 + (0 if value.language in ("fr", None) else 1)
        if iri not in found or (rank, str(value)) < found[iri]:
            found[iri] = (rank, str(value))

    values = " ".join(sparql_term(URIRef(i)) for i in iris)
    props = " ".join(sparql_term(p) for p in LABELS)
    rows = store.rows(
        f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {props} }} ?x ?p ?l }}"
    )
    for row in rows:
        keep(row["x"].value, from_oxigraph(row["p"]), from_oxigraph(row["l"]))
    for iri in iris if extra is not None else ():
        for prop in LABELS:
            for value in extra.objects(URIRef(iri), prop):
                keep(iri, prop, value)
    return {iri: name for iri, (_, name) in found.items()}


def _ref(node: Node, names: Mapping[str, str]) -> dict[str, Any]:
    if isinstance(node, URIRef):
        iri = str(node)
        return {
            "text": names.get(iri) or compact_iri(iri, _PREFIXES),
            "href": href(iri),
            "iri": iri,
        }
    return {"text": str(node), "href": None, "iri": None}


def _value(node: Node, names: Mapping[str, str], nested: Mapping[Node, list]) -> dict[str, Any]:
    if isinstance(node, Literal):
        datatype = compact_iri(str(node.datatype), _PREFIXES) if node.datatype else None
        return {"literal": str(node), "lang": node.language, "datatype": datatype}
    if isinstance(node, BNode):
        rows = [
            {"property": _ref(p, names), "value": _value(o, names, {})}
            for p, o in nested.get(node, [])
        ]
        return {"rows": rows}
    return {"ref": _ref(node, names)}


def resource_html(doc: Document, store: Store, description: Graph, version: str) -> bytes:
    """The page of a resource: its name, classes, statements, what points to it, its graph.

    Parameters
    ----------
    doc : Document
    store : Store
        Where the names of the resources it links to are read.
    description : rdflib.Graph
        The dataset's description (names of its resources).
    version : str
        The dataset's version, for the footer.

    Returns
    -------
    bytes
    """
    nodes = {t for triple in [*doc.about, *doc.mentions, *doc.graph_head] for t in triple}
    names = labels(store, nodes | {doc.iri}, description)
    nested: dict[Node, list] = {}
    own = []
    for s, p, o in sorted(doc.about, key=lambda t: (t[1], t[2].n3())):
        if s == doc.iri:
            own.append((p, o))
        else:
            nested.setdefault(s, []).append((p, o))
    classes = [_ref(o, names) for p, o in own if p == RDF.type]
    rows = [{"property": _ref(p, names), "value": _value(o, names, nested)} for p, o in own]
    mentions = [{"subject": _ref(s, names), "property": _ref(p, names)} for s, p, _ in doc.mentions]
    head = [
        {"subject": _ref(s, names), "property": _ref(p, names), "value": _value(o, names, {})}
        for s, p, o in doc.graph_head
    ]
    name = document_of(str(doc.iri)) or ""
    base = name.rsplit("/", 1)[-1]
    return render(
        "resource.html",
        title=names.get(str(doc.iri)) or compact_iri(str(doc.iri), _PREFIXES),
        iri=str(doc.iri),
        slug=base,
        classes=classes,
        rows=rows,
        mentions=mentions,
        more_mentions=doc.more_mentions,
        graph_size=doc.graph_size,
        graph_head=head,
        row_limit=ROW_LIMIT,
        version=version,
        alternates=[
            {"type": "text/turtle", "href": base + ".ttl"},
            {"type": "application/ld+json", "href": base + ".jsonld"},
            {"type": "application/n-triples", "href": base + ".nt"},
        ],
    )


def ontology_html(dataset: Dataset) -> bytes:
    """The ontology's page (``site.ontology_page``: classes, properties, code lists,
    shapes), in the server's frame.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The ontology and vocabulary graphs of the served dataset.

    Returns
    -------
    bytes
    """
    from mes_graph.site import Site, SiteOptions
    from mes_graph.site.ontology import ontology_page

    site = Site(dataset, SiteOptions(public=dataset))
    site.env = environment()
    ontology_page(site)
    return site.files["ontologie.html"]
