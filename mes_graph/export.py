"""Export the graph: standard RDF syntaxes, profiles, graph and table formats, atomically.

Takes the dataset ``load`` built; gives files. Triple syntaxes (Turtle, N-Triples,
RDF/XML, JSON-LD) carry the union of the named graphs; quad syntaxes (N-Quads, TriG)
keep one named graph per source. Oxigraph's serialisers write them from sorted
statements; JSON-LD is compacted here with the published context (``context()``), every
literal keeping its datatype or language. So outputs are byte-stable: the same graph
gives byte-identical files.

Profiles (``PROFILES``) choose what goes out: ``public`` (a person keeps name,
affiliations and roles, unless the data marks ``mes:publicationConsent true``), ``full``,
``essglobal`` (public plus the ESSGlobal view RIPESS partners read) and ``schemaorg``
(one schema.org JSON-LD document per organisation). ``graphml``, ``gexf`` and ``csv``
write the alliance network (``mes_graph.network``) with its metrics for Gephi, Kumu or a
spreadsheet.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from mes_graph.base.convert import from_oxigraph, to_oxigraph
from mes_graph.base.files import json_bytes, write_atomic, write_folder_atomic
from mes_graph.base.order import sorted_triples
from mes_graph.base.tables import csv_bytes
from mes_graph.base.terms import (
    BASE,
    DCTERMS,
    ESSGLOBAL,
    FOAF,
    GRAPH,
    MES,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
)
from mes_graph.base.turtle import turtle
from mes_graph.engine import copy, is_dataset, sorted_statements

FORMATS = {
    # name: (Oxigraph format, file suffix, keeps named graphs)
    "turtle": (ox.RdfFormat.TURTLE, ".ttl", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt", False),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq", True),
    "trig": (ox.RdfFormat.TRIG, ".trig", True),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld", False),
    "rdfxml": (ox.RdfFormat.RDF_XML, ".rdf", False),
}
"""The RDF syntaxes: Oxigraph format, file suffix, whether named graphs are kept."""

NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": ""}
"""The graph and table formats of the alliance network (``csv`` is a folder)."""

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

PROFILES = {
    "public": (
        "Profil public : une personne garde son nom, ses affiliations et ses rôles, rien "
        "d'autre sans consentement marqué dans les données.",
        "Public profile: a person keeps their name, affiliations and roles, nothing else "
        "unless the data marks consent.",
    ),
    "full": (
        "Profil complet : toutes les déclarations du graphe.",
        "Full profile: every statement of the graph.",
    ),
    "essglobal": (
        "Profil ESSGlobal : le profil public plus la vue ESSGlobal (essglobal:SSEInitiative, "
        "essglobal:Network, listes de codes ESSGlobal, dcterms:isPartOf).",
        "ESSGlobal profile: the public profile plus the ESSGlobal view (essglobal:SSEInitiative, "
        "essglobal:Network, ESSGlobal code lists, dcterms:isPartOf).",
    ),
    "schemaorg": (
        "Profil schema.org : un document JSON-LD schema.org par organisation, à intégrer "
        "dans une page web.",
        "schema.org profile: one schema.org JSON-LD document per organisation, to embed in "
        "a web page.",
    ),
}
"""The export profiles, with their description in French and English."""

PROFILE = Namespace(BASE + "profile/")
"""The IRIs naming the profiles (``dcterms:conformsTo`` of a distribution)."""

PUBLISH_PREFIXES = {
    **PREFIXES,
    "scheme": Namespace(BASE + "id/scheme/"),
    "vann": Namespace("http://purl.org/vocab/vann/"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
    "void": Namespace("http://rdfs.org/ns/void#"),
    "spdx": Namespace("http://spdx.org/rdf/terms#"),
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
    "prof": Namespace("http://www.w3.org/ns/dx/prof/"),
}
"""The prefixes of published documents: those of the graph plus DCAT, VoID, SPDX, SHACL."""

PERSON_PUBLIC = frozenset(
    {
        RDF.type,
        FOAF.name,
        SKOS.hiddenLabel,
        ORG.memberOf,
        ORG.hasMembership,
        ORG.headOf,
        ORG.holds,
        ORG.classification,
        MES.participatesIn,
        MES.founderOf,
        MES.publicationConsent,
        DCTERMS.source,
        PROV.wasDerivedFrom,
    }
)
"""What a person's public record keeps: name, type, affiliations, roles and provenance."""

ESSGLOBAL_GRAPH = GRAPH["profile/essglobal"]
"""The named graph of the ESSGlobal view the ``essglobal`` profile adds."""

ESSGLOBAL_CODE_LISTS = {
    "http://purl.org/essglobal/standard/legal-form/": ESSGLOBAL.legalForm,
    "http://purl.org/essglobal/standard/activities-modified/": ESSGLOBAL.economicSector,
    "http://purl.org/essglobal/standard/activities/": ESSGLOBAL.economicSector,
    "http://purl.org/essglobal/standard/organisational-structure/": (
        ESSGLOBAL.organisationalStructure
    ),
}
"""ESSGlobal code lists our concepts map to, and the ESSGlobal property that takes them."""


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
        triples = [(term(t.subject), term(t.predicate), term(t.object)) for t in items]
        ctx = context(prefixes)
        return json_bytes({"@context": ctx, "@graph": jsonld_nodes(triples, ctx, ordered=True)})
    if fmt in ("turtle", "trig"):
        return turtle(items, prefixes, ox_format)
    return ox.serialize(items, format=ox_format, prefixes=prefixes)


# ---------------------------------------------------------------------------
# JSON-LD, compacted by hand with the published context
# ---------------------------------------------------------------------------


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
    >>> g = Graph().parse(data="<https://schema.org/x> <https://schema.org/p> 1 .", format="ttl")
    >>> json.loads(to_jsonld(g))["@graph"]
    [{'@id': 'schema:x', 'schema:p': {'@value': '1', '@type': 'xsd:integer'}}]
    """
    ctx = context(prefixes)
    return json_bytes({"@context": ctx, "@graph": jsonld_nodes(triples, ctx)})


def release_date(dataset: Graph) -> date:
    """The date of this release of the data, stable from run to run.

    ``$SOURCE_DATE_EPOCH`` when set (reproducible builds), else the ontology's
    ``dcterms:modified``, else its ``dcterms:created``, else 1970-01-01.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> release_date(load()).isoformat()  # doctest: +SKIP
    '2026-11-30'
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).date()
    ontology = URIRef(str(MES).rstrip("#"))
    for prop in (DCTERMS.modified, DCTERMS.created):
        values = sorted(str(v) for v in dataset.objects(ontology, prop))
        if values:
            with contextlib.suppress(ValueError):
                return date.fromisoformat(values[-1][:10])
    return date(1970, 1, 1)


def version(dataset: Graph) -> str:
    """The version of the data: the ontology's ``owl:versionInfo``.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> version(load())
    '0.1.0'
    """
    ontology = URIRef(str(MES).rstrip("#"))
    values = sorted(str(v) for v in dataset.objects(ontology, OWL.versionInfo))
    return values[-1] if values else "0"


# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------


PERSON_CLASSES = (
    FOAF.Person,
    SCHEMA.Person,
    PROV.Person,
    URIRef("http://www.w3.org/2006/vcard/ns#Individual"),
)
"""The classes of persons in the vocabularies we know; their subclasses are persons too."""

SHARED_CLASSES = frozenset(
    {ORG.Organization, ORG.Membership, ORG.Role, SKOS.Concept, SKOS.ConceptScheme}
)
"""Resources that never belong to one person, even when only a person refers to them."""


def person_nodes(graph: Graph) -> set[Node]:
    """Every person of the graph, IRI or blank node, whatever vocabulary types them.

    A person is typed by a class of ``PERSON_CLASSES`` or by one of their subclasses
    (``rdfs:subClassOf``, at any depth, as the graph states it: ``mes:ResearcherActor``).

    Examples
    --------
    >>> g = Graph().parse(data='''@prefix schema: <https://schema.org/> .
    ...     <urn:p> a schema:Person . <urn:o> a schema:Organization .''', format="turtle")
    >>> person_nodes(g)
    {rdflib.term.URIRef('urn:p')}
    """
    classes, frontier = set(PERSON_CLASSES), list(PERSON_CLASSES)
    while frontier:
        for sub in graph.subjects(RDFS.subClassOf, frontier.pop()):
            if sub not in classes:
                classes.add(sub)
                frontier.append(sub)
    return {node for cls in classes for node in graph.subjects(RDF.type, cls)}


def persons(graph: Graph) -> list[URIRef]:
    """Every person of the graph with an IRI (see ``person_nodes``), sorted."""
    return sorted(p for p in person_nodes(graph) if isinstance(p, URIRef))


def has_consent(graph: Graph, person: Node) -> bool:
    """Whether the data marks the person's consent to publish (``mes:publicationConsent``).

    Examples
    --------
    >>> g = Graph().parse(data='''@prefix mes: <https://w3id.org/mes-graph/ontology#> .
    ...     <urn:p> mes:publicationConsent true .''', format="turtle")
    >>> has_consent(g, URIRef("urn:p")), has_consent(g, URIRef("urn:q"))
    (True, False)
    """
    return any(
        isinstance(v, Literal) and v.toPython() is True
        for v in graph.objects(person, MES.publicationConsent)
    )


def private_statements(graph: Graph) -> set[tuple[Node, Node, Node]]:
    """The statements the public profile drops: all that a person's record holds but
    their name, type, affiliations, roles and provenance.

    A person who has not consented (``has_consent``) keeps the properties of
    ``PERSON_PUBLIC``; their other statements go, and so does everything reached from
    them: a blank node (an address, a contact point) always, an IRI when nothing outside
    what is dropped refers to it and it is no organisation, membership, role or concept
    (``SHARED_CLASSES``). Their memberships (``org:Membership``, with role and dates)
    are kept.

    Examples
    --------
    >>> g = Graph().parse(data='''@prefix foaf: <http://xmlns.com/foaf/0.1/> .
    ...     @prefix schema: <https://schema.org/> .
    ...     <urn:p> a foaf:Person ; foaf:name "P" ; foaf:mbox <mailto:p@example.org> ;
    ...         schema:address [ schema:streetAddress "12 rue Secrète" ] .''',
    ...     format="turtle")
    >>> sorted(str(t[1]).split("/")[-1] for t in private_statements(g))
    ['address', 'mbox', 'streetAddress']
    """
    everyone = person_nodes(graph)
    dropped: set[tuple[Node, Node, Node]] = set()
    for person in sorted(everyone, key=str):
        if has_consent(graph, person):
            continue
        owned, frontier = {person}, []
        for p, o in graph.predicate_objects(person):
            if p not in PERSON_PUBLIC:
                dropped.add((person, p, o))
                frontier.append(o)
        while frontier:
            node = frontier.pop()
            if node in owned or isinstance(node, Literal) or node in everyone:
                continue
            if isinstance(node, URIRef) and (
                any((node, RDF.type, cls) in graph for cls in SHARED_CLASSES)
                or any(s not in owned for s in graph.subjects(None, node))
            ):
                continue
            owned.add(node)
            for p, o in graph.predicate_objects(node):
                dropped.add((node, p, o))
                frontier.append(o)
    return dropped


def essglobal_view(graph: Graph) -> Graph:
    """The ESSGlobal statements derived from our mappings, for RIPESS partners.

    An organisation whose class or kind is ``skos:closeMatch``/``skos:exactMatch`` an
    ESSGlobal class gets ``a essglobal:SSEInitiative`` or ``a essglobal:Network``; a
    classification mapped to an ESSGlobal code list gives ``essglobal:legalForm`` or
    ``essglobal:economicSector`` with the ESSGlobal concept; an organisation member of an
    ESSGlobal network ``dcterms:isPartOf`` it (and the network ``dcterms:hasPart`` it).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.base.terms import ID
    >>> view = essglobal_view(load())
    >>> (ID["organisation/ardes"], DCTERMS.isPartOf, ID["organisation/mes"]) in view
    True
    """
    view = Graph()
    matches: dict[Node, set[Node]] = defaultdict(set)
    for prop in (SKOS.closeMatch, SKOS.exactMatch):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, URIRef) and str(o).startswith("http://purl.org/essglobal/"):
                matches[s].add(o)
    organisations = {o for o in graph.subjects(RDF.type, ORG.Organization)}
    organisations -= person_nodes(graph)
    ess_classes = {ESSGLOBAL.SSEInitiative, ESSGLOBAL.Network}
    for org in sorted(organisations):
        sources = [*graph.objects(org, RDF.type), *graph.objects(org, ORG.classification)]
        for source in sources:
            for target in matches.get(source, ()):
                if target in ess_classes:
                    view.add((org, RDF.type, target))
                for namespace, prop in ESSGLOBAL_CODE_LISTS.items():
                    if str(target).startswith(namespace):
                        view.add((org, prop, target))
    networks = set(view.subjects(RDF.type, ESSGLOBAL.Network))
    for member, body in sorted(graph.subject_objects(ORG.memberOf)):
        if member in organisations and body in networks:
            view.add((member, DCTERMS.isPartOf, body))
            view.add((body, DCTERMS.hasPart, member))
    return view


def apply_profile(dataset: Dataset, profile: str = "public") -> Dataset:
    """The dataset as a profile publishes it; named graphs are kept.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built (left untouched).
    profile : str
        ``public``, ``full`` or ``essglobal`` (``schemaorg`` documents are built from the
        public profile by ``schemaorg_documents``).

    Returns
    -------
    rdflib.Dataset
        ``full``: the dataset itself; ``public``: a copy without ``private_statements``;
        ``essglobal``: the public copy plus ``essglobal_view`` in the graph
        ``ESSGLOBAL_GRAPH``.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ds = load()
    >>> len(apply_profile(ds, "public")) == len(ds)  # no private data in the shipped graph
    True
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if profile == "full":
        return dataset
    dropped = private_statements(dataset)
    private = {ox.Triple(*map(to_oxigraph, t)) for t in dropped}
    out = copy(dataset, lambda quad: quad.triple not in private, PUBLISH_PREFIXES)
    if profile == "essglobal":
        target = out.graph(ESSGLOBAL_GRAPH)
        for triple in essglobal_view(dataset):
            if triple not in dropped:
                target.add(triple)
    return out


# ---------------------------------------------------------------------------
# schema.org documents, one per organisation
# ---------------------------------------------------------------------------


def slug(iri: str) -> str:
    """A file name for a resource: the last segment of its IRI, made safe.

    Examples
    --------
    >>> slug("https://w3id.org/mes-graph/id/organisation/ardes")
    'ardes'
    >>> slug("https://example.org/a b")[:4]
    'a-b-'
    """
    tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in tail)
    safe = safe.strip(".") or "resource"
    if safe != tail:
        safe += "-" + hashlib.sha1(iri.encode()).hexdigest()[:8]
    return safe


def _pick(graph: Graph, node: Node, prop: Node, lang: str = "fr") -> str | None:
    values = sorted(graph.objects(node, prop))
    for wanted in (lang, "fr", "en", None):
        for v in values:
            if isinstance(v, Literal) and v.language == wanted:
                return str(v)
    return str(values[0]) if values else None


def _name(graph: Graph, node: Node) -> str:
    return _pick(graph, node, SKOS.prefLabel) or _pick(graph, node, FOAF.name) or slug(str(node))


def _ref(graph: Graph, node: Node, persons_: set[Node]) -> dict[str, Any]:
    kind = "Person" if node in persons_ else "Organization"
    return {"@type": kind, "@id": str(node), "name": _name(graph, node)}


def interval_date(graph: Graph, interval: Node | None, prop: Node) -> str | None:
    """The lexical date of an interval's beginning or end (``prop``), or None.

    Examples
    --------
    >>> interval_date(Graph(), None, TIME.hasBeginning) is None
    True
    """
    if interval is None:
        return None
    for instant in sorted(graph.objects(interval, prop)):
        for stamp in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTime):
            value = graph.value(instant, stamp)
            if value is not None:
                return str(value)
    return None


def schemaorg_document(
    graph: Graph, organisation: URIRef, persons_: set[Node] | None = None
) -> dict[str, Any]:
    """One organisation as a schema.org JSON-LD object, to embed in a web page.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph (the public profile of it: a person appears by name only).
    organisation : URIRef
        An ``org:Organization`` of the graph.
    persons_ : set, optional
        The persons of the graph (``set(persons(graph))``), when writing many documents.

    Returns
    -------
    dict
        ``@context`` https://schema.org, ``@type`` Organization, name, alternateName,
        url, foundingDate, foundingLocation, areaServed, description, memberOf (as
        ``OrganizationRole`` with roleName and dates), member, founder,
        parentOrganization, subOrganization; empty fields left out.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.base.terms import ID
    >>> doc = schemaorg_document(load(), ID["organisation/ardes"])
    >>> doc["name"], doc["memberOf"][0]["memberOf"]["name"], doc["memberOf"][0]["roleName"]
    ('ARDES', "Mouvement pour l'Économie Solidaire", 'Membre')
    """
    g = graph
    if persons_ is None:
        persons_ = person_nodes(g)
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": str(organisation),
        "name": _name(g, organisation),
    }
    alternate = [str(v) for v in sorted(g.objects(organisation, SKOS.altLabel))]
    english = _pick(g, organisation, SKOS.prefLabel, "en")
    if english and english != doc["name"]:
        alternate.append(english)
    if alternate:
        doc["alternateName"] = alternate
    homepage = g.value(organisation, FOAF.homepage)
    if homepage is not None:
        doc["url"] = str(homepage)
    description = _pick(g, organisation, MES.mission) or _pick(g, organisation, SCHEMA.description)
    if description:
        doc["description"] = description
    founding = g.value(organisation, SCHEMA.foundingDate)
    if founding is not None:
        doc["foundingDate"] = str(founding)
    location = g.value(organisation, SCHEMA.foundingLocation)
    if location is not None:
        doc["foundingLocation"] = {
            "@type": "Place",
            "@id": str(location),
            "name": _name(g, location),
        }
    areas = []
    for area in sorted(g.objects(organisation, SCHEMA.areaServed)):
        place: dict[str, Any] = {"@type": "AdministrativeArea", "@id": str(area)}
        place["name"] = _name(g, area)
        code = g.value(area, SCHEMA.identifier) or g.value(area, SKOS.notation)
        if code is not None:
            place["identifier"] = str(code)
        areas.append(place)
    if areas:
        doc["areaServed"] = areas
    member_of, described = [], set()
    for membership in sorted(g.subjects(ORG.member, organisation)):
        body = g.value(membership, ORG.organization)
        if body is None:
            continue
        described.add(body)
        role: dict[str, Any] = {"@type": "OrganizationRole", "memberOf": _ref(g, body, persons_)}
        role_iri = g.value(membership, ORG.role)
        if role_iri is not None:
            role["roleName"] = _name(g, role_iri)
        interval = g.value(membership, ORG.memberDuring)
        for key, prop in (("startDate", TIME.hasBeginning), ("endDate", TIME.hasEnd)):
            value = interval_date(g, interval, prop)
            if value:
                role[key] = value
        member_of.append(role)
    for body in sorted(set(g.objects(organisation, ORG.memberOf)) - described):
        member_of.append(_ref(g, body, persons_))
    if member_of:
        doc["memberOf"] = member_of
    members = set(g.subjects(ORG.memberOf, organisation))
    members |= {g.value(m, ORG.member) for m in g.subjects(ORG.organization, organisation)}
    members.discard(None)
    if members:
        doc["member"] = [_ref(g, m, persons_) for m in sorted(members)]
    founders = set(g.objects(organisation, SCHEMA.founder)) | set(
        g.subjects(MES.founderOf, organisation)
    )
    if founders:
        doc["founder"] = [_ref(g, f, persons_) for f in sorted(founders)]
    parents = set(g.objects(organisation, ORG.subOrganizationOf)) | set(
        g.subjects(ORG.hasSubOrganization, organisation)
    )
    if parents:
        doc["parentOrganization"] = [_ref(g, p, persons_) for p in sorted(parents)]
    parts = set(g.objects(organisation, ORG.hasSubOrganization)) | set(
        g.subjects(ORG.subOrganizationOf, organisation)
    )
    if parts:
        doc["subOrganization"] = [_ref(g, p, persons_) for p in sorted(parts)]
    return doc


def organisations(graph: Graph) -> list[URIRef]:
    """Every ``org:Organization`` of the graph that is not a person, sorted."""
    found = set(graph.subjects(RDF.type, ORG.Organization))
    found -= person_nodes(graph)
    return sorted(o for o in found if isinstance(o, URIRef))


def schemaorg_documents(dataset: Graph, public: Graph | None = None) -> dict[str, bytes]:
    """One schema.org JSON-LD file per organisation, built from the public profile.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The dataset ``load`` built (its public profile is applied here), or a graph.
    public : rdflib.Dataset, optional
        ``apply_profile(dataset, "public")``, if already computed.

    Returns
    -------
    dict
        File name (``<slug>.jsonld``) to content.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> docs = schemaorg_documents(load())
    >>> len(docs), json.loads(docs["mes.jsonld"])["@type"]
    (26, 'Organization')
    """
    if public is None:
        public = apply_profile(dataset, "public") if is_dataset(dataset) else dataset
    files: dict[str, bytes] = {}
    persons_ = person_nodes(public)
    for organisation in organisations(public):
        name = slug(str(organisation))
        while f"{name}.jsonld" in files:  # pragma: no cover - two IRIs, one last segment
            name += "-" + hashlib.sha1(str(organisation).encode()).hexdigest()[:8]
        files[f"{name}.jsonld"] = json_bytes(schemaorg_document(public, organisation, persons_))
    return files


def schemaorg_archive(documents: Mapping[str, bytes], when: date) -> bytes:
    """The schema.org documents in one ZIP file, as a build publishes them.

    One entry per document, in name order, deflated, dated ``when`` (the release date,
    so the same documents give the same bytes) and readable by all (mode 0644).

    Parameters
    ----------
    documents : mapping
        File name to content, as ``schemaorg_documents`` gives them.
    when : datetime.date
        The date of every entry (a ZIP file holds none before 1980).

    Returns
    -------
    bytes

    Examples
    --------
    >>> import zipfile
    >>> archive = schemaorg_archive({"b.jsonld": b"{}", "a.jsonld": b"[]"}, date(2026, 1, 1))
    >>> zipfile.ZipFile(io.BytesIO(archive)).namelist()
    ['a.jsonld', 'b.jsonld']
    """
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(documents):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, for the mode below
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, documents[name])
    return buffer.getvalue()


def schemaorg_script(document: Mapping[str, Any]) -> str:
    """A schema.org document as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are escaped as JSON ``\\u`` sequences, so a label can never close
    the script element.

    Examples
    --------
    >>> schemaorg_script({"name": "</script>"})
    '<script type="application/ld+json">{"name": "\\\\u003c/script\\\\u003e"}</script>'
    """
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


# ---------------------------------------------------------------------------
# The alliance network for Gephi, Kumu and spreadsheets
# ---------------------------------------------------------------------------

NODE_ATTRIBUTES = ("label", "name", "type", "kind", "region", "sector", "legal_form")
"""The node attributes written to GraphML, GEXF and ``nodes.csv`` (then the metrics)."""

EDGE_ATTRIBUTES = ("relation", "role", "since", "until", "source", "membership")
"""The edge attributes written to GraphML, GEXF and ``edges.csv``."""


def _clean(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def network_with_metrics(
    dataset: Graph,
    lang: str = "fr",
    *,
    projection: nx.MultiDiGraph | None = None,
    table: pd.DataFrame | None = None,
) -> nx.MultiDiGraph:
    """The alliance network with the metrics of every actor, ready for GraphML and GEXF.

    Attributes that are ``None`` are left out (GraphML and GEXF have no null); each edge
    gets a unique ``id`` (its membership IRI, else ``member relation body``).

    Parameters
    ----------
    dataset : rdflib.Graph or rdflib.Dataset
    lang : str
        Language of labels and roles (French by default).
    projection : networkx.MultiDiGraph, optional
        ``network.alliance_network(dataset, lang=lang)``, if already computed.
    table : pandas.DataFrame, optional
        ``network.metrics_table(projection)``, if already computed.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> from mes_graph.base.terms import ID
    >>> G = network_with_metrics(tiny_alliance())
    >>> mes = str(ID["organisation/mes"])
    >>> G.nodes[mes]["label"], G.nodes[mes]["degree"], "kind" in G.nodes[mes]
    ('Mouvement', 4, False)
    """
    from mes_graph import network

    if projection is None:
        projection = network.alliance_network(dataset, lang=lang)
    if table is None:
        table = network.metrics_table(projection)
    metrics = {row["actor"]: row for row in table.to_dict("records")}
    G = nx.MultiDiGraph(name="mes-graph alliance network")
    for node, data in projection.nodes(data=True):
        attrs = {a: data.get(a) for a in NODE_ATTRIBUTES}
        attrs |= {m: metrics.get(node, {}).get(m) for m in network.METRICS}
        G.add_node(
            node, **{k: v for k, v in ((k, _clean(v)) for k, v in attrs.items()) if v is not None}
        )
    for u, v, key, data in projection.edges(keys=True, data=True):
        attrs = {a: _clean(data.get(a)) for a in EDGE_ATTRIBUTES}
        edge_id = data.get("membership") or f"{u} {key} {v}"
        G.add_edge(
            u, v, key=edge_id, id=edge_id, **{k: x for k, x in attrs.items() if x is not None}
        )
    return G


def to_graphml(G: nx.Graph) -> bytes:
    """A network as GraphML (UTF-8), for Gephi, yEd or Cytoscape.

    Examples
    --------
    >>> to_graphml(nx.MultiDiGraph([("a", "b")]))[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    out = io.BytesIO()
    nx.write_graphml(G, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def to_gexf(G: nx.Graph, when: date | None = None) -> bytes:
    """A network as GEXF 1.2 (UTF-8), for Gephi; the date in its header is ``when``.

    NetworkX writes today's date in the header: we write the release date instead, so that
    the file is byte-stable.

    Examples
    --------
    >>> b'lastmodifieddate="2026-01-02"' in to_gexf(nx.MultiDiGraph([("a", "b")]), date(2026, 1, 2))
    True
    """
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", (when or date(1970, 1, 1)).isoformat())
        creator = meta.find("creator")
        if creator is None:  # pragma: no cover
            creator = SubElement(meta, "creator")
        creator.text = "mes-graph"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_NODE_COLUMNS = {
    "ID": None,
    "Label": "label",
    "Name": "name",
    "Type": "kind",
    "Category": "type",
    "Region": "region",
    "Sector": "sector",
    "Legal form": "legal_form",
}
_EDGE_COLUMNS = {
    "From": None,
    "To": None,
    "Type": "relation",
    "Role": "role",
    "Since": "since",
    "Until": "until",
    "Source": "source",
    "Membership": "membership",
}


def network_tables(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` of a network, with Kumu's column names.

    Nodes: ``ID`` (the IRI), ``Label``, ``Name`` (acronym), ``Type`` (kind of actor),
    ``Category`` (organisation or person), ``Region``, ``Sector``, ``Legal form``, then
    the metrics. Edges: ``From``, ``To`` (IRIs), ``Type`` (relation), ``Role``, ``Since``,
    ``Until``, ``Source``, ``Membership``.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> tables = network_tables(network_with_metrics(tiny_alliance()))
    >>> tables["edges.csv"].decode().splitlines()[0]
    'From,To,Type,Role,Since,Until,Source,Membership'
    """
    from mes_graph.network import METRICS

    nodes = [[*_NODE_COLUMNS, *METRICS]]
    for node, data in sorted(G.nodes(data=True)):
        row = [node, *(data.get(a) for a in list(_NODE_COLUMNS.values())[1:])]
        nodes.append(row + [data.get(m) for m in METRICS])
    edges = [list(_EDGE_COLUMNS)]
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("id", ""))):
        edges.append([u, v, *(data.get(a) for a in list(_EDGE_COLUMNS.values())[2:])])
    return {"nodes.csv": csv_bytes(nodes), "edges.csv": csv_bytes(edges)}


def csv_tables(dataset: Dataset, G: nx.MultiDiGraph | None = None) -> dict[str, bytes]:
    """The files of ``--format csv``: ``nodes.csv``, ``edges.csv`` and the spreadsheets.

    The spreadsheets (``acteurs.csv``, ``adhesions.csv``, ``personnes.csv``) are those of
    ``mes_graph.spreadsheets.write_tables``, written from the same (profiled) dataset.
    """
    files = network_tables(G if G is not None else network_with_metrics(dataset))
    try:
        from mes_graph.spreadsheets import write_tables
    except ImportError:  # pragma: no cover - the spreadsheet stage is not installed
        return files
    with tempfile.TemporaryDirectory() as folder:
        for path in write_tables(dataset, Path(folder)):
            files[Path(path).name] = Path(path).read_bytes()
    return files


# ---------------------------------------------------------------------------
# One call: a format, a profile, a path
# ---------------------------------------------------------------------------


def render(dataset: Dataset, fmt: str, profile: str = "public") -> bytes | dict[str, bytes]:
    """The export of a dataset in a format and profile: bytes, or files of a folder.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    fmt : str
        A key of ``FORMATS`` or ``NETWORK_FORMATS``; ``jsonld`` with ``schemaorg``.
    profile : str
        A key of ``PROFILES``.

    Returns
    -------
    bytes or dict
        One file's content, or file name to content for a folder (``csv``, ``schemaorg``).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> {"nodes.csv", "edges.csv"} <= set(render(load(), "csv"))
    True
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if profile == "schemaorg":
        if fmt != "jsonld":
            raise ValueError("the schemaorg profile is written as JSON-LD (--format jsonld)")
        return schemaorg_documents(dataset)
    data = apply_profile(dataset, profile)
    if fmt in FORMATS:
        return serialize(data, fmt)
    if fmt not in NETWORK_FORMATS:
        choices = ", ".join([*FORMATS, *NETWORK_FORMATS])
        raise ValueError(f"unknown format {fmt!r}; choose one of {choices}")
    if fmt == "csv":
        return csv_tables(data)
    G = network_with_metrics(data)
    return to_graphml(G) if fmt == "graphml" else to_gexf(G, release_date(dataset))


def export(dataset: Dataset, fmt: str, path: Path | str, profile: str = "public") -> Path:
    """Write a dataset in a format and profile, atomically, to ``path``.

    Parameters
    ----------
    dataset : rdflib.Dataset
    fmt : str
        A key of ``FORMATS`` or ``NETWORK_FORMATS``.
    path : Path or str
        The file to write; a folder for ``csv`` and the ``schemaorg`` profile.
    profile : str
        A key of ``PROFILES`` (``public`` by default).

    Returns
    -------
    Path
        The file or folder written.
    """
    content = render(dataset, fmt, profile)
    if isinstance(content, dict):
        return write_folder_atomic(path, content)
    return write_atomic(path, content)


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "NETWORK_FORMATS",
    "PROFILES",
    "apply_profile",
    "context",
    "context_document",
    "essglobal_view",
    "export",
    "render",
    "schemaorg_archive",
    "schemaorg_documents",
    "serialize",
    "serialize_formats",
    "to_jsonld",
    "write_atomic",
    "write_folder_atomic",
]
