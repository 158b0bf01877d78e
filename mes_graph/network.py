"""Network analysis of the alliances: RDF → NetworkX projection, metrics, communities, paths.

Takes the dataset ``load`` built (any rdflib ``Graph`` or ``Dataset``); gives a NetworkX
``MultiDiGraph`` of the actors and their links, the metrics of every actor (as a pandas
table, CSV, JSON), the summary of the network, Louvain communities, every shortest path
between two actors with the relation at each step, ego maps, and the metrics back as RDF
in their own named graph (vocabulary: ``ontology/metrics.ttl``).

Projection rules (``alliance_network``)
---------------------------------------
Nodes are the actors, keyed by their IRI as a plain ``str``: every ``org:Organization``
and ``foaf:Person``, plus any other IRI at an end of a link below (typed ``organisation``).
Literals and blank nodes never become nodes. Attributes: ``type`` (``organisation``,
``person``, ``concept``), ``label`` (``skos:prefLabel`` in the chosen language, else French,
else English, else ``foaf:name``), ``name`` (the acronym, ``skos:altLabel``, else the
label), ``kind``, ``sector``, ``legal_form`` (labels of the ``org:classification`` values
of those SKOS schemes; several are joined by ``"; "``), ``region`` (label of
``schema:areaServed``), ``homepage`` (``foaf:homepage``), ``source`` (the documents of
``dcterms:source`` and ``prov:wasDerivedFrom``, joined by ``"; "``); ``None`` where the
data says nothing.

Edges run from the actor who acts to the body it acts in; each carries ``relation``,
``role`` (label), ``role_iri``, ``since``, ``until`` (lexical dates or ``None``),
``source`` (the document, from ``prov:wasDerivedFrom`` or ``dcterms:source``) and
``membership`` (the ``org:Membership`` IRI, if any):

- ``membership``: one edge per ``org:Membership`` (``org:member`` → ``org:organization``);
  ``affiliation`` instead when its role is *chercheur·e affilié·e* or a person is the member
  of a research institution, chair or university network. The shortcut ``org:memberOf``
  adds an edge only for a pair no ``org:Membership`` describes.
- ``sub_organisation``: ``org:subOrganizationOf`` (or the inverse ``org:hasSubOrganization``),
  part → whole, one edge per pair however it is stated.
- ``participation``: ``mes:participatesIn``.
- ``founding``: ``mes:founderOf`` (or the inverse ``schema:founder``), founder → founded.
- ``succession``: an ``org:ChangeEvent``'s ``org:originalOrganization`` (or ``org:changedBy``)
  → its ``org:resultingOrganization`` (or ``org:resultedFrom``).
- ``alliance``: ``org:linkedTo``.
- with ``concepts=True``, ``classification`` (actor → sector) and ``area_served``
  (actor → region) to concept nodes, for bipartite views; the metrics ignore them.

``as_of`` keeps the memberships valid on that date. A bound dated to a year or a month
counts for the whole of it (a membership since 2010 is valid on 2010-01-01). A membership
without a date, or with a bound that has none (the shipped RIPESS Europe membership runs
"since its origin"), is kept: the source asserts it and gives no limit to it.

Metrics run on ``ties``, the undirected view: one tie per pair of actors, ``weight`` = the
number of links between them. Betweenness, closeness and paths count hops; PageRank (on
the directed links), eigenvector, Burt's constraint and effective size use the weights.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import json
import math
import os
import random
import re
import warnings
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from itertools import combinations, pairwise
from typing import Any, NamedTuple

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.actors import UnknownActor, fold
from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    GRAPH,
    ID,
    MES,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
    TIME,
    XSD,
)
from mes_graph.engine import PlainTerm, plain_pairs

METRICS_GRAPH = GRAPH["metrics"]
"""The named graph the metrics are written in."""

SOSA = "http://www.w3.org/ns/sosa/"

ROLE_MEMBER = ID["concept/role/membre"]
ROLE_AFFILIATED = ID["concept/role/chercheur-affilie"]
RESEARCH_CLASSES = (MES.ResearchInstitution, MES.ResearchChair, MES.UniversityNetwork)

DIRECT_LINKS: dict[URIRef, tuple[str, bool]] = {
    ORG.memberOf: ("membership", False),
    ORG.subOrganizationOf: ("sub_organisation", False),
    ORG.hasSubOrganization: ("sub_organisation", True),
    MES.participatesIn: ("participation", False),
    MES.founderOf: ("founding", False),
    SCHEMA.founder: ("founding", True),
    ORG.linkedTo: ("alliance", False),
}
"""Predicates read as one link each: relation, and whether the object is the one who acts."""

PROJECTION_PREDICATES: tuple[URIRef, ...] = (
    RDF.type, SKOS.prefLabel, SKOS.altLabel, FOAF.name, SKOS.inScheme, ORG.classification,
    SCHEMA.areaServed, FOAF.homepage, DCTERMS.source, PROV.wasDerivedFrom, ORG.member,
    ORG.organization, ORG.role, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd,
    TIME.inXSDgYear, TIME.inXSDgYearMonth, TIME.inXSDDate, TIME.inXSDDateTime,
    TIME.inXSDDateTimeStamp, *DIRECT_LINKS, ORG.originalOrganization,
    ORG.resultingOrganization, ORG.changedBy, ORG.resultedFrom, RDFS.seeAlso,
)  # fmt: skip
"""Every predicate ``alliance_network`` reads: what to fetch from a remote store."""

PHRASES: dict[str, dict[str, str]] = {
    "membership": {"en": "member of", "fr": "membre de"},
    "affiliation": {"en": "affiliated with", "fr": "affilié·e à"},
    "sub_organisation": {"en": "part of", "fr": "fait partie de"},
    "participation": {"en": "participates in", "fr": "participe à"},
    "founding": {"en": "founder of", "fr": "fondateur de"},
    "succession": {"en": "predecessor of", "fr": "prédécesseur de"},
    "alliance": {"en": "linked to", "fr": "lié à"},
    "classification": {"en": "classified as", "fr": "classé dans"},
    "area_served": {"en": "serves", "fr": "agit en"},
}
"""How a relation reads in a path, by language."""

DEFAULT_ROLES = {"membership": str(ROLE_MEMBER), "affiliation": str(ROLE_AFFILIATED)}
"""The role a relation implies: not repeated when a path is printed."""

METRICS: dict[str, URIRef] = {
    "degree_in": MES.inDegree,
    "degree_out": MES.outDegree,
    "degree": MES.degree,
    "betweenness": MES.betweennessCentrality,
    "pagerank": MES.pageRank,
    "closeness": MES.closenessCentrality,
    "eigenvector": MES.eigenvectorCentrality,
    "constraint": MES.burtConstraint,
    "effective_size": MES.effectiveSize,
    "core_number": MES.coreNumber,
    "clustering": MES.clusteringCoefficient,
    "community": MES.louvainCommunity,
    "articulation_point": MES.articulationPoint,
}
"""Columns of the metrics table and the terms of ``ontology/metrics.ttl`` naming them."""

FLOAT_METRICS = {
    "betweenness",
    "pagerank",
    "closeness",
    "eigenvector",
    "constraint",
    "effective_size",
    "clustering",
}
"""The metrics that are real numbers (the others are counts, a number, a flag)."""

ATTRIBUTES = ("label", "name", "type", "kind", "region", "sector", "legal_form")
"""Node attributes copied into the metrics table."""

DIGITS = 6
"""Decimals kept in tables and RDF, so that outputs are byte-identical from run to run."""

IGRAPH_FROM = 2_000
"""From this many actors on, python-igraph computes the metrics NetworkX is slow at
(betweenness, closeness, constraint, effective size, clustering, communities); below, NetworkX
does, and stays the reference the tests compare igraph with."""

SAMPLE_FROM = 10_000
"""From this many actors on, betweenness and closeness are estimated from ``SAMPLE_SIZE``
source actors drawn with the seed, and the output says so."""

SAMPLE_SIZE = 256
"""How many source actors the estimates of betweenness and closeness start from."""

SWEEPS = 4
"""Above ``SAMPLE_FROM`` actors, the diameter is the longest of this many double sweeps."""

_IGRAPHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _backend(T: nx.Graph, backend: str | None) -> str:
    if backend not in (None, "networkx", "igraph"):
        raise ValueError(f"unknown backend {backend!r}: networkx or igraph")
    return backend or ("igraph" if T.number_of_nodes() >= IGRAPH_FROM else "networkx")


def _igraph(T: nx.Graph) -> tuple[ig.Graph, list]:
    """The igraph copy of a ties view (vertex i is ``nodes[i]``), built once per view."""
    cached = _IGRAPHS.get(T)
    if cached and cached[0] == (T.number_of_nodes(), T.number_of_edges()):
        return cached[1], cached[2]
    nodes = list(T)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in T.edges()])
    g.es["weight"] = [d.get("weight", 1) for *_, d in T.edges(data=True)]
    _IGRAPHS[T] = ((T.number_of_nodes(), T.number_of_edges()), g, nodes)
    return g, nodes


def _sample(nodes: list, seed: int) -> list[int] | None:
    """The indexes of the sampled sources, or None when the graph is small enough."""
    if len(nodes) < SAMPLE_FROM:
        return None
    return sorted(random.Random(seed).sample(range(len(nodes)), SAMPLE_SIZE))


def approximations(G: nx.Graph, seed: int = 42) -> dict[str, str]:
    """Which metrics are estimated rather than computed exactly, and how.

    Examples
    --------
    >>> approximations(nx.path_graph(3))
    {}
    """
    n = ties(G).number_of_nodes()
    if n < SAMPLE_FROM:
        return {}
    how = f"estimated from {SAMPLE_SIZE} source actors of {n} drawn with seed {seed}"
    sweep = f"a lower bound from {SWEEPS} double sweeps (breadth-first) of the largest component"
    return {"betweenness": how, "closeness": how, "diameter": sweep}


TINY_ALLIANCE = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix mes: <https://w3id.org/mes-graph/ontology#> .
@prefix o: <https://w3id.org/mes-graph/id/organisation/> .
@prefix p: <https://w3id.org/mes-graph/id/person/> .
@prefix ms: <https://w3id.org/mes-graph/id/membership/> .
@prefix role: <https://w3id.org/mes-graph/id/concept/role/> .
@prefix doc: <https://w3id.org/mes-graph/id/source/> .
o:mes a org:Organization ; skos:prefLabel "Mouvement"@fr ; skos:altLabel "MES"@fr ;
    mes:founderOf o:ripess .
o:ardes a org:Organization ; skos:prefLabel "ARDES"@fr ; org:memberOf o:mes .
o:apes a org:Organization ; skos:prefLabel "APES"@fr ; org:memberOf o:mes .
o:ripess a org:Organization ; skos:prefLabel "RIPESS Europe"@fr ; schema:founder o:mes .
o:lab a org:Organization, mes:ResearchInstitution ; skos:prefLabel "Lab"@fr .
p:ana a foaf:Person ; foaf:name "Ana" .
ms:ardes--mes a org:Membership ; org:member o:ardes ; org:organization o:mes ;
    org:role role:membre ; prov:wasDerivedFrom doc:a .
ms:mes--ripess a org:Membership ; org:member o:mes ; org:organization o:ripess ;
    org:role role:membre-fondateur ; prov:wasDerivedFrom doc:a .
ms:ana--mes a org:Membership ; org:member p:ana ; org:organization o:mes ; org:role role:membre .
ms:ana--lab a org:Membership ; org:member p:ana ; org:organization o:lab .
role:membre skos:prefLabel "Member"@en . role:membre-fondateur skos:prefLabel "Founding member"@en .
"""
"""A tiny alliance in Turtle, for the examples: MES and its members ARDES, APES and Ana (a
researcher affiliated with a lab); MES founded RIPESS Europe and is its founding member."""


def tiny_alliance() -> Graph:
    """The tiny alliance of the examples, as an rdflib graph.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> len(tiny_alliance()) > 0
    True
    """
    return Graph().parse(data=TINY_ALLIANCE, format="turtle")


# ---------------------------------------------------------------------------
# Projection
# ---------------------------------------------------------------------------


def _index(graph: Graph, predicate: URIRef) -> dict[str, set[PlainTerm]]:
    """Subject → objects of one predicate, as plain values, read in one pass."""
    found: dict[str, set[PlainTerm]] = defaultdict(set)
    for subject, obj in plain_pairs(graph, predicate):
        found[subject].add(obj)
    return found


def _iris(values: Iterable[PlainTerm]) -> list[str]:
    """The IRIs among plain values (no literal, no blank node), sorted."""
    return sorted(v for v in values if isinstance(v, str) and not v.startswith("_:"))


def _pick_label(values: Iterable[PlainTerm], lang: str) -> str | None:
    """The label of ``lang``, else French, else English, else any, from plain literals."""
    literals = sorted(v for v in values if isinstance(v, tuple))
    for wanted in (lang, "fr", "en"):
        for text, language in literals:
            if language == wanted:
                return text
    return literals[0][0] if literals else None


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _bounds(lexical: str) -> tuple[date, date] | None:
    """The first and last day a date of year, month or day precision covers."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", lexical.strip())
    if not match:
        return None
    year = int(match[1])
    if match[3]:
        day = date(year, int(match[2]), int(match[3]))
        return day, day
    if match[2]:
        month = int(match[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def valid_on(since: str | None, until: str | None, day: date) -> bool:
    """Whether a membership with these bounds holds on ``day``; a missing bound is open.

    Examples
    --------
    >>> valid_on("2010", "2015-06", date(2015, 6, 30)), valid_on("2010", None, date(2009, 12, 31))
    (True, False)
    >>> valid_on(None, None, date(1900, 1, 1))
    True
    """
    start = _bounds(since) if since else None
    end = _bounds(until) if until else None
    return (start is None or day >= start[0]) and (end is None or day <= end[1])


def alliance_network(
    graph: Graph,
    *,
    as_of: date | None = None,
    concepts: bool = False,
    lang: str = "en",
) -> nx.MultiDiGraph:
    """Project the RDF graph onto a NetworkX multigraph of actors and their links.

    The rules are those of the module's docstring. The graph handed in is only read; the
    triples of each predicate needed are read once, and nodes and edges are added in IRI
    order, so that two projections of the same data are identical.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        The dataset ``load`` built, or any graph on the public vocabulary.
    as_of : datetime.date, optional
        Keep only the memberships valid on that day (undated ones are kept).
    concepts : bool
        Add sectors and regions as ``concept`` nodes, linked to their actors.
    lang : str
        Language of the labels (``"en"`` or ``"fr"``); French, then English, stand in.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by IRI (``str``); edges keyed by the membership IRI or the relation.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> G.number_of_nodes(), G.number_of_edges()
    (6, 6)
    >>> mes, ripess = str(ID["organisation/mes"]), str(ID["organisation/ripess"])
    >>> sorted(d["relation"] for d in G[mes][ripess].values())
    ['founding', 'membership']
    >>> G.nodes[mes]["name"], G.nodes[mes]["label"]
    ('MES', 'Mouvement')
    """
    typed = _index(graph, RDF.type)
    research_classes = {str(cls) for cls in RESEARCH_CLASSES}
    persons = {s for s, classes in typed.items() if str(FOAF.Person) in classes}
    research = {s for s, classes in typed.items() if classes & research_classes}
    pref, alt = _index(graph, SKOS.prefLabel), _index(graph, SKOS.altLabel)
    names = _index(graph, FOAF.name)
    in_scheme = _index(graph, SKOS.inScheme)
    classification = _index(graph, ORG.classification)
    kinds_of_class: dict[str, set[str]] = defaultdict(set)  # a person's kind is their class
    for concept, classes in _index(graph, RDFS.seeAlso).items():
        if str(SCHEMES["kind"]) in in_scheme.get(concept, ()):
            for cls in _iris(classes):
                kinds_of_class[cls].add(concept)
    area = _index(graph, SCHEMA.areaServed)
    homepages = _index(graph, FOAF.homepage)
    sources: dict[str, str] = {}
    cited: dict[str, set[str]] = defaultdict(set)  # every document an actor cites
    for prop in (DCTERMS.source, PROV.wasDerivedFrom):  # prov:wasDerivedFrom wins
        for subject, values in _index(graph, prop).items():
            documents = _iris(values)
            if documents:
                sources[subject] = documents[0]
                cited[subject].update(documents)

    def label_of(node: str) -> str:
        found = _pick_label(pref.get(node, ()), lang) or _pick_label(names.get(node, ()), lang)
        return found or _tail(node)

    nodes: dict[str, dict[str, Any]] = {}

    def add_actor(node: PlainTerm) -> bool:
        if not isinstance(node, str) or node.startswith("_:"):
            return False
        if node not in nodes:
            nodes[node] = {"type": "person" if node in persons else "organisation"}
        return True

    actor_classes = {str(ORG.Organization), str(FOAF.Person)}
    for actor in _iris(s for s, classes in typed.items() if classes & actor_classes):
        add_actor(actor)

    edges: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add_link(member: PlainTerm, body: PlainTerm, key: str, attrs: dict[str, Any]) -> None:
        if add_actor(member) and add_actor(body):
            edges.setdefault((member, body, key), attrs)

    # memberships, reified
    member_of, organisation = _index(graph, ORG.member), _index(graph, ORG.organization)
    role_of, during = _index(graph, ORG.role), _index(graph, ORG.memberDuring)
    begins, ends = _index(graph, TIME.hasBeginning), _index(graph, TIME.hasEnd)
    stamps: dict[str, str] = {}
    for prop in (
        TIME.inXSDgYear,
        TIME.inXSDgYearMonth,
        TIME.inXSDDate,
        TIME.inXSDDateTime,
        TIME.inXSDDateTimeStamp,
    ):
        for instant, values in _index(graph, prop).items():
            stamps[instant] = min(v[0] for v in values if isinstance(v, tuple))

    def bound(interval_of: dict[str, set[PlainTerm]], membership: str) -> str | None:
        for interval in sorted(v for v in during.get(membership, ()) if isinstance(v, str)):
            for instant in sorted(v for v in interval_of.get(interval, ()) if isinstance(v, str)):
                if instant in stamps:
                    return stamps[instant]
        return None

    described: set[tuple[str, str]] = set()
    for membership in sorted(set(member_of) & set(organisation)):
        members, bodies = _iris(member_of[membership]), _iris(organisation[membership])
        if not members or not bodies:
            continue
        member, body = members[0], bodies[0]
        described.add((member, body))
        roles = _iris(role_of.get(membership, ()))
        role = roles[0] if roles else None
        since, until = bound(begins, membership), bound(ends, membership)
        if as_of is not None and not valid_on(since, until, as_of):
            continue
        affiliation = role == str(ROLE_AFFILIATED) or (member in persons and body in research)
        add_link(
            member,
            body,
            membership,
            {
                "relation": "affiliation" if affiliation else "membership",
                "role": label_of(role) if role is not None else None,
                "role_iri": role,
                "since": since,
                "until": until,
                "source": sources.get(membership) or sources.get(member),
                "membership": membership,
            },
        )

    # links stated by one triple
    linked = set()  # pairs a narrower link already joins: org:linkedTo adds no second one
    for predicate, (relation, inverse) in sorted(
        DIRECT_LINKS.items(), key=lambda item: (item[0] == ORG.linkedTo, str(item[0]))
    ):
        pairs = sorted((s, o) for s, o in plain_pairs(graph, predicate) if isinstance(o, str))
        for subject, obj in pairs:
            actor, body = (obj, subject) if inverse else (subject, obj)
            if relation == "membership" and (actor, body) in described:
                continue
            if predicate == ORG.linkedTo and (actor, body) in linked:
                continue
            linked.add((actor, body))
            add_link(actor, body, relation, _plain_link(relation, sources.get(subject)))

    # succession through change events
    original, resulting = (
        _index(graph, ORG.originalOrganization),
        _index(graph, ORG.resultingOrganization),
    )
    for org_, events in _index(graph, ORG.changedBy).items():
        for event in _iris(events):
            original.setdefault(event, set()).add(org_)
    for org_, events in _index(graph, ORG.resultedFrom).items():
        for event in _iris(events):
            resulting.setdefault(event, set()).add(org_)
    for event in sorted(set(original) & set(resulting)):
        for before in _iris(original[event]):
            for after in _iris(resulting[event]):
                add_link(before, after, "succession", _plain_link("succession", sources.get(event)))

    schemes = {name: str(scheme) for name, scheme in SCHEMES.items()}
    concept_nodes: dict[str, dict[str, Any]] = {}
    for key, attrs in nodes.items():
        by_scheme: dict[str, list[str]] = defaultdict(list)
        for value in _iris(classification.get(key, ())):
            for name, scheme in schemes.items():
                if scheme in in_scheme.get(value, ()):
                    by_scheme[name].append(value)
        if not by_scheme.get("kind"):
            classes = _iris(typed.get(key, ()))
            by_scheme["kind"] = sorted({k for c in classes for k in kinds_of_class.get(c, ())})
        regions = _iris(area.get(key, ()))
        attrs["label"] = label_of(key)
        attrs["name"] = _pick_label(alt.get(key, ()), lang) or attrs["label"]
        for name in ("kind", "sector", "legal_form"):
            values = by_scheme.get(name)
            attrs[name] = "; ".join(label_of(v) for v in values) if values else None
        attrs["region"] = "; ".join(label_of(r) for r in regions) if regions else None
        pages = _iris(homepages.get(key, ()))
        attrs["homepage"] = pages[0] if pages else None
        attrs["source"] = "; ".join(sorted(cited.get(key, ()))) or None
        if concepts:
            linked = [(v, "sector", "classification") for v in by_scheme.get("sector", ())]
            linked += [(r, "region", "area_served") for r in regions]
            for value, scheme, relation in linked:
                name = label_of(value)
                concept = {"type": "concept", "scheme": scheme, "label": name, "name": name}
                concept_nodes.setdefault(value, concept)
                edges[(key, value, relation)] = _plain_link(relation, None)

    network = nx.MultiDiGraph(
        as_of=as_of.isoformat() if as_of else None,
        lang=lang,
        sources=sorted({e["source"] for e in edges.values() if e["source"]}),
    )
    every_node = {**nodes, **concept_nodes}
    for key in sorted(every_node):
        network.add_node(key, **every_node[key])
    for (member, body, key), attrs in sorted(edges.items()):
        network.add_edge(member, body, key=key, **attrs)
    return network


def _plain_link(relation: str, source: str | None) -> dict[str, Any]:
    return {
        "relation": relation,
        "role": None,
        "role_iri": None,
        "since": None,
        "until": None,
        "source": source,
        "membership": None,
    }


def memberships(G: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    """The membership and affiliation links of a projection: member, body, attributes.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``alliance_network``).

    Returns
    -------
    list of (str, str, dict)
        In the graph's (IRI) order.

    Examples
    --------
    >>> [(m.rsplit("/")[-1], b.rsplit("/")[-1], d["relation"])
    ...  for m, b, d in memberships(alliance_network(tiny_alliance()))][:2]
    [('apes', 'mes', 'membership'), ('ardes', 'mes', 'membership')]
    """
    return [
        (member, body, data)
        for member, body, data in G.edges(data=True)
        if data.get("relation") in ("membership", "affiliation")
    ]


def _is_actor(G: nx.Graph, node: str) -> bool:
    return G.nodes[node].get("type") != "concept"


def kept(G: nx.Graph, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per graph: kept in NetworkX's cache of ``G`` under ``key``.

    NetworkX empties that cache when a node or an edge is added or removed; after changing
    attributes in place, ``nx._clear_cache(G)`` does. A graph without it computes anew.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> kept(G, "n", G.number_of_nodes), kept(G, "n", lambda: 0)
    (3, 3)
    >>> G.add_node(3)
    >>> kept(G, "n", G.number_of_nodes)
    4
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def ties(G: nx.Graph) -> nx.Graph:
    """The undirected weighted view: one tie per pair of actors, weight = number of links.

    Concept nodes and self-loops are left out. A simple undirected graph is returned as it
    is (ties of weight 1 unless it says otherwise). The view is built once per graph, and
    frozen (``kept``).

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph.

    Returns
    -------
    networkx.Graph
        With the node attributes of ``G``; each tie has ``weight`` and ``relations``.

    Examples
    --------
    >>> T = ties(alliance_network(tiny_alliance()))
    >>> mes, ripess = str(ID["organisation/mes"]), str(ID["organisation/ripess"])
    >>> T.number_of_edges(), T[mes][ripess]["weight"]
    (5, 2)
    """
    if not G.is_directed() and not G.is_multigraph():
        return G
    return kept(G, "mes_graph.ties", lambda: nx.freeze(_ties(G)))


def _ties(G: nx.Graph) -> nx.Graph:
    view = nx.Graph(**G.graph)
    view.add_nodes_from((n, d) for n, d in G.nodes(data=True) if _is_actor(G, n))
    for u, v, data in G.edges(data=True):
        if u == v or u not in view or v not in view:
            continue
        if view.has_edge(u, v):
            view[u][v]["weight"] += 1
            view[u][v]["relations"] = sorted({*view[u][v]["relations"], data.get("relation")})
        else:
            view.add_edge(u, v, weight=1, relations=[data.get("relation")])
    return view


def _links(G: nx.Graph) -> nx.Graph:
    """The directed weighted view (links between actors collapsed), for PageRank."""
    if not G.is_multigraph():
        return G
    view = nx.DiGraph()
    view.add_nodes_from(n for n in G if _is_actor(G, n))
    for u, v in G.edges():
        if u in view and v in view:
            weight = view[u][v]["weight"] + 1 if view.has_edge(u, v) else 1
            view.add_edge(u, v, weight=weight)
    return view


# ---------------------------------------------------------------------------
# Metrics per actor
# ---------------------------------------------------------------------------


def _links_counted(G: nx.Graph, incoming: bool) -> dict[str, int]:
    """Links each actor receives (``incoming``) or makes; the degree when undirected."""
    nodes = [n for n in G if _is_actor(G, n)]
    if not G.is_directed():
        return dict(G.degree(nodes))
    counts = dict.fromkeys(nodes, 0)
    for u, v in G.edges():
        if u in counts and v in counts:
            counts[v if incoming else u] += 1
    return counts


def in_degree(G: nx.Graph) -> dict[str, int]:
    """Links each actor receives (members, affiliates, parts of a body).

    On an undirected graph, the degree.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Actor → number of incoming links.

    Examples
    --------
    >>> in_degree(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])]
    3
    """
    return _links_counted(G, incoming=True)


def out_degree(G: nx.Graph) -> dict[str, int]:
    """Links each actor makes (its memberships, affiliations, foundings…).

    On an undirected graph, the degree.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Actor → number of outgoing links.

    Examples
    --------
    >>> out_degree(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])]
    2
    """
    return _links_counted(G, incoming=False)


def degree(G: nx.Graph) -> dict[str, int]:
    """The number of distinct partners of each actor.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    return dict(ties(G).degree())


def betweenness(G: nx.Graph, backend: str | None = None, seed: int = 42) -> dict[str, float]:
    """Betweenness centrality: the share of shortest paths between others through an actor.

    Normalised by the number of pairs of other actors; hops are counted, weights ignored.

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        By default NetworkX below ``IGRAPH_FROM`` actors, igraph from there on.
    seed : int
        Draws the sources of the estimate above ``SAMPLE_FROM`` actors.

    Returns
    -------
    dict

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> round(betweenness(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])], 3)
    0.9
    """
    T = ties(G)
    if _backend(T, backend) == "networkx":
        return nx.betweenness_centrality(T, normalized=True)
    g, nodes = _igraph(T)
    n, sources = len(nodes), _sample(nodes, seed)
    raw = g.betweenness(directed=False, sources=sources)  # each pair once
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if sources is not None:
        scale *= n / len(sources)
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def brokers(G: nx.Graph, n: int = 5) -> list[tuple[str, float]]:
    """The ``n`` actors of highest betweenness, ties broken by IRI.

    Parameters
    ----------
    G : networkx.Graph
    n : int

    Returns
    -------
    list of (actor, betweenness)

    Examples
    --------
    >>> [(a.rsplit("/")[-1], round(b, 2)) for a, b in brokers(alliance_network(tiny_alliance()), 2)]
    [('mes', 0.9), ('ana', 0.4)]
    """
    scores = betweenness(G)
    return sorted(scores.items(), key=lambda item: (-round(item[1], DIGITS), str(item[0])))[:n]


def pagerank(G: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank: prestige flowing along the links, from members to the bodies they join.

    On a projection, the directed links weighted by their number; on an undirected graph,
    both ways.

    Parameters
    ----------
    G : networkx.Graph
    alpha : float
        Damping factor.

    Returns
    -------
    dict
        Sums to 1. A node without outgoing links spreads its rank evenly.

    Examples
    --------
    >>> {n: round(v, 4) for n, v in pagerank(nx.DiGraph([("a", "b")])).items()}
    {'a': 0.3509, 'b': 0.6491}
    """
    return nx.pagerank(_links(G), alpha=alpha, weight="weight", max_iter=1000, tol=1e-10)


def closeness(G: nx.Graph, backend: str | None = None, seed: int = 42) -> dict[str, float]:
    """Closeness centrality in hops, scaled by the share of actors reachable (Wasserman–Faust).

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        As for ``betweenness``.
    seed : int
        Draws the sources of the estimate above ``SAMPLE_FROM`` actors: each actor's mean
        distance is then its mean distance to the sampled actors of its component.

    Returns
    -------
    dict

    Examples
    --------
    >>> closeness(nx.star_graph(3))
    {0: 1.0, 1: 0.6, 2: 0.6, 3: 0.6}
    """
    T = ties(G)
    if _backend(T, backend) == "networkx":
        return nx.closeness_centrality(T, wf_improved=True)
    g, nodes = _igraph(T)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    component = np.array(g.connected_components().membership)
    reach = np.bincount(component)[component]  # the size of each actor's component
    sources = _sample(nodes, seed)
    if sources is None:
        inner = np.nan_to_num(np.array(g.closeness(), dtype=float))  # (r - 1) / sum
    else:
        far = np.array(g.distances(source=sources), dtype=float)  # sources x actors
        same = (component[sources][:, None] == component[None, :]) & (far > 0)
        counted = same.sum(axis=0)
        total = np.where(same, far, 0.0).sum(axis=0)
        inner = np.divide(1.0, total / counted, out=np.zeros(n), where=counted > 0)
        small = np.flatnonzero(counted == 0)  # components no source fell in: exactly
        if small.size:
            exact = np.nan_to_num(np.array(g.closeness(vertices=small), dtype=float))
            inner[small] = exact
    values = inner * (reach - 1) / (n - 1)
    return {node: float(v) for node, v in zip(nodes, values, strict=True)}


def _largest_component(T: nx.Graph) -> set[str]:
    components = sorted(nx.connected_components(T), key=lambda c: (-len(c), min(map(str, c))))
    return set(components[0]) if components else set()


def eigenvector(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Eigenvector centrality, weighted, where it is defined; NaN elsewhere.

    It is defined within the largest component (of two actors or more): on a disconnected
    graph the other components get NaN, and so does every actor if the power iteration does
    not converge.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Unit Euclidean norm over the largest component.

    Examples
    --------
    >>> {n: round(v, 4) for n, v in eigenvector(nx.star_graph(3)).items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    >>> eigenvector(nx.Graph([(1, 2), (3, 4), (4, 5)]))[1]
    nan
    """
    T = ties(G)
    values = dict.fromkeys(T, math.nan)
    core = _largest_component(T)
    if len(core) < 2:
        return values
    if _backend(T, backend) == "igraph":
        g, nodes = _igraph(T.subgraph(core).copy())
        found = np.array(g.eigenvector_centrality(weights="weight", scale=False))
        values.update(zip(nodes, found / np.linalg.norm(found), strict=True))
        return values
    try:
        found = nx.eigenvector_centrality(
            T.subgraph(core), max_iter=1000, tol=1e-9, weight="weight"
        )
    except nx.PowerIterationFailedConvergence:
        return values
    values.update(found)
    return values


def constraint(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Burt's constraint: how much an actor's ties lead to each other (low = a broker).

    Weighted by the number of links; NaN for an actor without ties.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> {n: round(v, 4) for n, v in constraint(nx.star_graph(3)).items()}
    {0: 0.3333, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    T = ties(G)
    if _backend(T, backend) == "networkx":
        return nx.constraint(T, weight="weight")
    g, nodes = _igraph(T)
    values = g.constraint(weights="weight")
    degrees = g.degree()
    return {n: (values[i] if degrees[i] else math.nan) for i, n in enumerate(nodes)}


def effective_size(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Burt's effective size: the partners of an actor that are not redundant with each other.

    Weighted by the number of links; NaN for an actor without ties.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> effective_size(nx.star_graph(3))
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    T = ties(G)
    if _backend(T, backend) == "networkx":
        return nx.effective_size(T, weight="weight")
    g, nodes = _igraph(T)  # Borgatti's form for unweighted ties: n - 2t/n = n - c(n - 1)
    local = g.transitivity_local_undirected(mode="zero")
    return {
        node: (g.degree(i) - local[i] * (g.degree(i) - 1)) if g.degree(i) else math.nan
        for i, node in enumerate(nodes)
    }


def core_number(G: nx.Graph) -> dict[str, int]:
    """The k-core of each actor: the largest k such that it sits in a k-core.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> core_number(nx.path_graph(3))
    {0: 1, 1: 1, 2: 1}
    """
    return nx.core_number(ties(G))


def clustering(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """The clustering coefficient: how many of an actor's partners are partners themselves.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> clustering(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))[3]
    0.3333333333333333
    """
    T = ties(G)
    if _backend(T, backend) == "networkx":
        return nx.clustering(T)
    g, nodes = _igraph(T)
    return dict(zip(nodes, g.transitivity_local_undirected(mode="zero"), strict=True))


# ---------------------------------------------------------------------------
# Cut points, communities, co-membership, assortativity, summary
# ---------------------------------------------------------------------------


def cut_points(G: nx.Graph) -> list[str]:
    """The articulation points: actors whose loss disconnects others, sorted.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    list

    Examples
    --------
    >>> [a.rsplit("/")[-1] for a in cut_points(alliance_network(tiny_alliance()))]
    ['mes', 'ana']
    """
    return sorted(nx.articulation_points(ties(G)), key=str)


def bridges(G: nx.Graph) -> list[tuple[str, str]]:
    """The ties whose loss disconnects the network, each pair in order, sorted.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> bridges(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))
    [(3, 4)]
    """
    pairs = (tuple(sorted(pair, key=str)) for pair in nx.bridges(ties(G)))
    return sorted(pairs, key=lambda pair: tuple(map(str, pair)))


def separated_by(G: nx.Graph, actor: str) -> list[list[str]]:
    """The parts an actor's component falls into without it: whose loss disconnects whom.

    Parameters
    ----------
    G : networkx.Graph
    actor : str
        A node, or an actor's IRI, acronym or label.

    Returns
    -------
    list of list
        Each part sorted, the largest first.

    Examples
    --------
    >>> parts = separated_by(alliance_network(tiny_alliance()), "MES")
    >>> [[a.rsplit("/")[-1] for a in part] for part in parts]
    [['lab', 'ana'], ['apes'], ['ardes'], ['ripess']]
    """
    T = ties(G)
    node = find_actor(G, actor)
    component = nx.node_connected_component(T, node) - {node}
    parts = nx.connected_components(T.subgraph(component))
    return sorted((sorted(p, key=str) for p in parts), key=lambda p: (-len(p), str(p[0])))


def communities(
    G: nx.Graph, seed: int = 42, resolution: float = 1.0, backend: str | None = None
) -> list[list[str]]:
    """Communities by Louvain, weighted, with a fixed seed: the same input, the same groups.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
    resolution : float
        Above 1, smaller groups; below 1, larger ones.

    Returns
    -------
    list of list
        Each community sorted, the largest first.

    Examples
    --------
    >>> communities(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)]))
    [[1, 2, 3], [4, 5, 6]]
    """
    T = ties(G)
    if T.number_of_nodes() == 0:
        return []
    if _backend(T, backend) == "networkx":
        found = nx.community.louvain_communities(
            T, weight="weight", resolution=resolution, seed=seed
        )
    else:
        g, nodes = _igraph(T)
        ig.set_random_number_generator(random.Random(seed))
        try:
            parts = g.community_multilevel(weights="weight", resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
        found = [{nodes[i] for i in part} for part in parts]
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def modularity(G: nx.Graph, groups: list[list[str]], resolution: float = 1.0) -> float:
    """The modularity of a partition of the actors (NaN for a network without ties).

    Parameters
    ----------
    G : networkx.Graph
    groups : list of list
        A partition, e.g. from ``communities``.
    resolution : float

    Returns
    -------
    float

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)])
    >>> round(modularity(G, communities(G)), 4)
    0.3571
    """
    T = ties(G)
    if T.number_of_edges() == 0:
        return math.nan
    return nx.community.modularity(T, groups, weight="weight", resolution=resolution)


def co_membership(
    G: nx.MultiDiGraph,
    side: str = "members",
    relations: Iterable[str] = ("membership", "affiliation"),
) -> nx.Graph:
    """The bipartite co-membership projection: actors sharing bodies, or bodies sharing members.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    side : {"members", "bodies"}
        ``members``: two actors are tied by the bodies they both belong to; ``bodies``:
        two bodies by the members they share.
    relations : iterable of str
        The relations that make a member (add ``"participation"`` to count it).

    Returns
    -------
    networkx.Graph
        Ties with ``weight`` (how many are shared) and ``shared`` (their IRIs, sorted).

    Examples
    --------
    >>> C = co_membership(alliance_network(tiny_alliance()))
    >>> sorted((u.rsplit("/")[-1], v.rsplit("/")[-1], w) for u, v, w in C.edges(data="weight"))
    [('apes', 'ana', 1), ('apes', 'ardes', 1), ('ardes', 'ana', 1)]
    >>> co_membership(alliance_network(tiny_alliance()), "bodies").number_of_edges()
    1
    """
    if side not in ("members", "bodies"):
        raise ValueError(f"side must be 'members' or 'bodies', not {side!r}")
    wanted = set(relations)
    groups: dict[str, set[str]] = defaultdict(set)
    for member, body, data in G.edges(data=True):
        if data.get("relation") in wanted:
            if side == "members":
                groups[body].add(member)
            else:
                groups[member].add(body)
    projection = nx.Graph()
    projection.add_nodes_from(
        (n, G.nodes[n]) for n in sorted({n for g in groups.values() for n in g}, key=str)
    )
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for hub in sorted(groups, key=str):
        for u, v in combinations(sorted(groups[hub], key=str), 2):
            shared[(u, v)].append(hub)
    for (u, v), hubs in sorted(shared.items()):
        projection.add_edge(u, v, weight=len(hubs), shared=hubs)
    return projection


def assortativity(G: nx.Graph, attribute: str) -> float:
    """Attribute assortativity: do ties join actors of the same kind, region or sector?

    1 when ties only join alike actors, negative when they cross categories; computed over
    the actors that have a value; NaN when undefined (no such tie, or a single category).

    Parameters
    ----------
    G : networkx.Graph
    attribute : str
        A node attribute: ``kind``, ``region``, ``sector``…

    Returns
    -------
    float

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)])
    >>> nx.set_node_attributes(G, {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "b"}, "kind")
    >>> round(assortativity(G, "kind"), 4)
    0.7143
    >>> assortativity(nx.path_graph(3), "kind")
    nan
    """
    T = ties(G)
    valued = [n for n, value in T.nodes(data=attribute) if value is not None]
    sub = T.subgraph(valued)
    if sub.number_of_edges() == 0:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            value = float(nx.attribute_assortativity_coefficient(sub, attribute))
        except (ZeroDivisionError, ValueError):
            return math.nan
    return value if math.isfinite(value) else math.nan


def diameter(G: nx.Graph, backend: str | None = None, seed: int = 42) -> int:
    """The diameter of the largest component: its longest shortest path, in ties.

    Exact below ``SAMPLE_FROM`` actors (on igraph from ``IGRAPH_FROM``); above, a lower
    bound, the longest of ``SWEEPS`` double sweeps from seeded starts (each sweep goes to
    the actor farthest from the last one), which ``approximations`` says.

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        Default: igraph from ``IGRAPH_FROM`` actors.
    seed : int
        Of the starts of the sweeps.

    Returns
    -------
    int
        0 for a network without ties.

    Examples
    --------
    >>> diameter(nx.path_graph(5)), diameter(nx.path_graph(5), backend="igraph")
    (4, 4)
    >>> diameter(alliance_network(tiny_alliance()))
    3
    """
    T = ties(G)
    core = _largest_component(T)
    if not core:
        return 0
    if _backend(T, backend) == "networkx":
        return int(nx.diameter(T.subgraph(core)))
    g, nodes = _igraph(T)
    keep = sorted(i for i, n in enumerate(nodes) if n in core)
    sub = g.induced_subgraph(keep)
    if len(keep) < SAMPLE_FROM:
        return int(sub.diameter(directed=False))
    rng = random.Random(seed)
    longest = 0
    for _ in range(SWEEPS):
        start = rng.randrange(len(keep))
        for _ in range(2):
            lengths = sub.distances(source=start)[0]
            start = max(range(len(lengths)), key=lengths.__getitem__)
            longest = max(longest, int(lengths[start]))
    return longest


class Separation(NamedTuple):
    """What an articulation point's loss does: its component falls into ``parts`` parts,
    the largest of ``largest`` actors; ``cut_off`` are the actors of the others, part by
    part (as ``separated_by`` orders them), each part sorted."""

    parts: int
    largest: int
    cut_off: list[str]


def separations(G: nx.Graph) -> dict[str, Separation]:
    """What the loss of each articulation point does, for every one at once.

    The same parts as ``separated_by``, from one block-cut tree of the network (rooted at
    its centroid, so that the largest part is mostly the rest of the network) instead of
    one search of the component per articulation point.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Articulation point to ``Separation``.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> mes = separations(G)[str(ID["organisation/mes"])]
    >>> mes.parts, mes.largest, [a.rsplit("/")[-1] for a in mes.cut_off]
    (4, 2, ['apes', 'ardes', 'ripess'])
    >>> separations(nx.path_graph(["a", "b", "c", "d"]))["b"]
    Separation(parts=2, largest=2, cut_off=['a'])
    """
    T = ties(G)
    cuts = set(nx.articulation_points(T))
    if not cuts:
        return {}
    blocks: list[list[Any]] = []
    tree: dict[Any, list[Any]] = defaultdict(list)  # the block-cut tree
    weight: dict[Any, int] = {}
    for number, block in enumerate(nx.biconnected_components(T)):
        own = sorted((n for n in block if n not in cuts), key=str)
        blocks.append(own)
        weight[("block", number)] = len(own)
        for cut in sorted((n for n in block if n in cuts), key=str):
            tree[("block", number)].append(("cut", cut))
            tree[("cut", cut)].append(("block", number))
    for cut in cuts:
        weight[("cut", cut)] = 1

    def vertices(x: Any) -> list[Any]:
        return [x[1]] if x[0] == "cut" else blocks[x[1]]

    found: dict[str, Separation] = {}
    seen: set[Any] = set()
    for first in sorted(tree, key=str):
        if first in seen:
            continue
        order, parent, below = _preorder(tree, weight, _centroid(tree, weight, first))
        seen.update(order)
        start, line = {}, []  # the vertices in preorder: a subtree is a slice
        for x in order:
            start[x] = len(line)
            line.extend(vertices(x))
        keys = [str(n) for n in line]
        total = len(line)
        for x in order:
            if x[0] != "cut":
                continue
            parts = [  # (size, first actor, actors) of each part but the rest
                (
                    below[y],
                    min(keys[start[y] : start[y] + below[y]]),
                    line[start[y] : start[y] + below[y]],
                )
                for y in tree[x]
                if parent.get(y) == x
            ]
            a, b = start[x], start[x] + below[x]
            rest = total - below[x] if parent[x] is not None else 0
            biggest = max(size for size, _, _ in parts)
            if rest and rest <= biggest:  # the rest may not be the largest: list it too
                others = line[:a] + line[b:]
                parts.append((rest, min(map(str, others)), others))
            elif rest:  # the rest is the largest: never listed
                parts.append((rest, "", []))
            parts.sort(key=lambda part: (-part[0], part[1]) if part[2] else (-part[0], ""))
            cut_off = [n for _, _, part in parts[1:] for n in sorted(part, key=str)]
            found[x[1]] = Separation(len(parts), parts[0][0], cut_off)
    return found


def _preorder(
    tree: Mapping[Any, list[Any]], weight: Mapping[Any, int], root: Any
) -> tuple[list[Any], dict[Any, Any], dict[Any, int]]:
    """A tree's nodes in preorder from ``root``, each one's parent, and the weight of each
    subtree (the actors below it)."""
    order, parent = [], {root: None}
    stack = [root]
    while stack:
        x = stack.pop()
        order.append(x)
        for y in reversed(tree[x]):
            if y not in parent:
                parent[y] = x
                stack.append(y)
    below = dict.fromkeys(order, 0)
    for x in reversed(order):
        below[x] += weight[x]
        if parent[x] is not None:
            below[parent[x]] += below[x]
    return order, parent, below


def _centroid(tree: Mapping[Any, list[Any]], weight: Mapping[Any, int], first: Any) -> Any:
    """The node of a weighted tree whose removal leaves no part above half the weight."""
    order, parent, below = _preorder(tree, weight, first)
    total = below[first]
    best, best_size = first, math.inf
    for x in order:
        parts = [below[y] for y in tree[x] if parent.get(y) == x]
        parts.append(total - below[x])
        if max(parts) < best_size:
            best, best_size = x, max(parts)
    return best


def summary(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> dict[str, Any]:
    """The summary of the network: size, density, components, diameter, modularity, cut points.

    Parameters
    ----------
    G : networkx.Graph
    seed, resolution
        Of the Louvain communities whose modularity is reported.

    Returns
    -------
    dict
        ``nodes``, ``links`` (all links), ``ties`` (pairs), ``density``, ``components``,
        ``largest_component``, ``diameter`` (of the largest), ``communities``,
        ``modularity``, ``articulation_points`` (IRIs), ``bridges`` (how many) and
        ``assortativity_kind`` / ``_region`` / ``_sector``.

    Examples
    --------
    >>> s = summary(alliance_network(tiny_alliance()))
    >>> s["nodes"], s["links"], s["ties"], s["components"], s["diameter"], s["bridges"]
    (6, 6, 5, 1, 3, 5)
    """
    T = ties(G)
    links = G.subgraph(T.nodes).number_of_edges()
    core = _largest_component(T)
    groups = communities(T, seed=seed, resolution=resolution)
    return {
        "nodes": T.number_of_nodes(),
        "links": links,
        "ties": T.number_of_edges(),
        "density": nx.density(T) if T.number_of_nodes() > 1 else math.nan,
        "components": nx.number_connected_components(T),
        "largest_component": len(core),
        "diameter": diameter(T, seed=seed),
        "communities": len(groups),
        "modularity": modularity(G, groups, resolution),
        "articulation_points": cut_points(G),
        "bridges": len(bridges(G)),
        "assortativity_kind": assortativity(G, "kind"),
        "assortativity_region": assortativity(G, "region"),
        "assortativity_sector": assortativity(G, "sector"),
    }


def metrics_table(
    G: nx.Graph, seed: int = 42, resolution: float = 1.0, alpha: float = 0.85
) -> pd.DataFrame:
    """Every metric of every actor, as a table sorted by betweenness (then IRI).

    Parameters
    ----------
    G : networkx.Graph
        A projection.
    seed, resolution
        Of the Louvain communities (``community`` numbers them from 1, largest first).
    alpha : float
        PageRank's damping factor.

    Returns
    -------
    pandas.DataFrame
        One row per actor: ``actor`` (IRI), the node attributes, the metrics of
        ``METRICS``; floats rounded to ``DIGITS`` decimals. ``attrs["parameters"]``
        records the parameters, ``attrs["sources"]`` the documents the links come from.

    Examples
    --------
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> print(table[["name", "degree", "betweenness", "community"]].head(2).to_string(index=False))
    name  degree  betweenness  community
     MES       4          0.9          1
     Ana       2          0.4          2
    """
    T = ties(G)
    nodes = sorted(T, key=str)
    groups = communities(T, seed=seed, resolution=resolution)
    community = {n: i for i, group in enumerate(groups, 1) for n in group}
    cuts = set(cut_points(G))
    columns: dict[str, dict[str, Any]] = {
        "degree_in": in_degree(G),
        "degree_out": out_degree(G),
        "degree": degree(T),
        "betweenness": betweenness(T, seed=seed),
        "pagerank": pagerank(G, alpha),
        "closeness": closeness(T, seed=seed),
        "eigenvector": eigenvector(T),
        "constraint": constraint(T),
        "effective_size": effective_size(T),
        "core_number": core_number(T),
        "clustering": clustering(T),
        "community": community,
        "articulation_point": {n: n in cuts for n in nodes},
    }
    rows = []
    for node in nodes:
        row: dict[str, Any] = {"actor": str(node)}
        row |= {a: T.nodes[node].get(a) for a in ATTRIBUTES}
        for column, values in columns.items():
            value = values.get(node, math.nan)
            if column in FLOAT_METRICS:
                value = round(float(value), DIGITS)
            row[column] = value
        rows.append(row)
    table = pd.DataFrame(rows, columns=["actor", *ATTRIBUTES, *METRICS])
    table["betweenness"] = table["betweenness"].astype(float)
    table = table.sort_values(["betweenness", "actor"], ascending=[False, True], kind="stable")
    table = table.reset_index(drop=True)
    table.attrs["parameters"] = {
        "seed": seed,
        "resolution": resolution,
        "pagerank_alpha": alpha,
        "as_of": G.graph.get("as_of"),
        "software": _software(),
        "backend": _backend(T, None),
        "sampled_sources": SAMPLE_SIZE if approximations(T, seed) else None,
    }
    table.attrs["sources"] = list(G.graph.get("sources", []))
    return table


def _software() -> str:
    try:
        ours = version("mes-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ours = "unknown"
    return f"mes-graph {ours}; networkx {nx.__version__}"


# ---------------------------------------------------------------------------
# Paths and neighbourhoods
# ---------------------------------------------------------------------------


def find_actor(G: nx.Graph, name: Any) -> Any:
    """The node a name designates in a projection: the node itself, its IRI, acronym or label.

    Case, accents and punctuation are ignored, as in ``mes_graph.actors.resolve_actor``.

    Parameters
    ----------
    G : networkx.Graph
    name : str
        ``"ARDES"``, ``"ripess europe"``, an IRI (``str`` or ``URIRef``).

    Returns
    -------
    The node.

    Raises
    ------
    UnknownActor
        No node or several carry that name; the message lists the candidates.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> find_actor(G, "ripess europe").rsplit("/")[-1]
    'ripess'
    >>> find_actor(G, "Ripes Europe")
    Traceback (most recent call last):
    ...
    mes_graph.actors.UnknownActor: no actor named « Ripes Europe »; did you mean RIPESS Europe?
    """
    if name in G:
        return name
    if isinstance(name, str) and str(name) in G:
        return str(name)
    index: dict[str, set[Any]] = defaultdict(set)
    for node, data in G.nodes(data=True):
        for key in (str(node), _tail(str(node)), data.get("label"), data.get("name")):
            if key:
                index[fold(str(key))].add(node)
    matches = index.get(fold(str(name)), set())
    if len(matches) == 1:
        return next(iter(matches))
    shown = {node: G.nodes[node].get("label") or str(node) for node in G}
    if matches:
        raise UnknownActor(str(name), sorted(f"{shown[m]} <{m}>" for m in matches), True)
    import difflib

    close = difflib.get_close_matches(fold(str(name)), list(index), n=5, cutoff=0.6)
    raise UnknownActor(str(name), sorted({shown[n] for key in close for n in index[key]}))


def _step(G: nx.Graph, u: Any, v: Any) -> dict[str, Any]:
    links = []
    for source, target, forward in ((u, v, True), (v, u, False)):
        if G.is_multigraph() and G.has_edge(source, target):
            found = G[source][target].values()
        elif G.has_edge(source, target):
            found = [G[source][target]]
        else:
            found = []
        for data in found:
            links.append({**data, "forward": forward or not G.is_directed()})
    links.sort(key=lambda d: (not d["forward"], str(d.get("relation")), str(d.get("role"))))
    return {"from": u, "to": v, "links": links}


def shortest_paths(G: nx.Graph, a: Any, b: Any) -> list[list[dict[str, Any]]]:
    """Every shortest path between two actors, with the links at each step.

    Paths run over the ties (hops, either direction); each step lists every link between
    its two actors, with ``forward`` telling whether it runs from ``from`` to ``to``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    a, b : str
        Actors: nodes, IRIs, acronyms or labels.

    Returns
    -------
    list of list of dict
        Each path a list of steps ``{"from", "to", "links"}``; sorted by the IRIs they go
        through; empty when no path joins them.

    Raises
    ------
    UnknownActor
        A name designates no actor.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> for path in shortest_paths(G, "ARDES", "RIPESS Europe"):
    ...     print(format_path(G, path))
    ARDES -member of-> MES -member of (founding member), founder of-> RIPESS Europe
    """
    start, end = find_actor(G, a), find_actor(G, b)
    T = ties(G)
    if start == end:
        return [[]]
    try:
        found = list(nx.all_shortest_paths(T, start, end))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda path: [str(n) for n in path])
    return [[_step(G, u, v) for u, v in pairwise(path)] for path in found]


def _lower_first(text: str) -> str:
    """``Founding member`` → ``founding member``; an acronym (``CA member``) is kept."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _phrases(links: Iterable[Mapping[str, Any]], lang: str) -> str:
    """The links of one step as words: ``member of (founding member), founder of``."""
    roles: dict[str, set[str]] = defaultdict(set)
    special: set[str] = set()
    for link in links:
        relation = str(link.get("relation"))
        roles[relation].add(_lower_first(link["role"]) if link.get("role") else "")
        if link.get("role") and link.get("role_iri") != DEFAULT_ROLES.get(relation):
            special.add(relation)
    order = list(PHRASES)
    words = []
    for relation in sorted(roles, key=lambda r: (order.index(r) if r in order else len(order), r)):
        phrase = PHRASES.get(relation, {}).get(lang) or PHRASES.get(relation, {}).get("en")
        phrase = phrase or relation.replace("_", " ")
        if relation in special:
            phrase += f" ({'; '.join(sorted(r for r in roles[relation] if r))})"
        words.append(phrase)
    return ", ".join(words)


def format_path(G: nx.Graph, path: list[dict[str, Any]]) -> str:
    """A path as one readable line: ``ARDES -member of-> MES -founder of-> RIPESS Europe``.

    Links that run the other way read ``A <-member of- B``; a role other than plain
    membership shows in brackets; several links between two actors are joined by commas.

    Parameters
    ----------
    G : networkx.Graph
        The projection the path comes from (its ``lang`` and names).
    path : list of dict
        One path of ``shortest_paths``.

    Returns
    -------
    str

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> format_path(G, shortest_paths(G, "Lab", "ARDES")[0])
    'Lab <-affiliated with- Ana -member of-> MES <-member of- ARDES'
    """
    if not path:
        return ""
    lang = G.graph.get("lang", "en")

    def name(node: Any) -> str:
        return str(G.nodes[node].get("name") or node)

    parts = [name(path[0]["from"])]
    for step in path:
        forward = _phrases((k for k in step["links"] if k["forward"]), lang)
        backward = _phrases((k for k in step["links"] if not k["forward"]), lang)
        arrows = []
        if backward:
            arrows.append(f"<-{backward}-")
        if forward:
            arrows.append(f"-{forward}->")
        parts.append(" / ".join(arrows))
        parts.append(name(step["to"]))
    return " ".join(parts)


def induced(G: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """A copy of the subgraph on some nodes, in their order, edges in ``G``'s order.

    ``G.subgraph(nodes).copy()`` iterates a set of the nodes when they are fewer than
    ``G``'s, so its order changes from run to run with Python's string hashing; this one
    does not.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> list(induced(G, ["c", "a"]).edges())
    [('c', 'a')]
    """
    nodes = list(dict.fromkeys(n for n in nodes if n in G))
    keep = set(nodes)
    sub = G.__class__()
    sub.graph.update(G.graph)
    sub.add_nodes_from((n, dict(G.nodes[n])) for n in nodes)
    for u in nodes:
        for v, data in G.adj[u].items():
            if v not in keep or (not G.is_directed() and v in sub.adj[u]):
                continue
            if G.is_multigraph():
                sub.add_edges_from((u, v, key, dict(d)) for key, d in data.items())
            else:
                sub.add_edge(u, v, **data)
    return sub


def ego(G: nx.MultiDiGraph, actor: Any, radius: int = 1) -> nx.MultiDiGraph:
    """The ego map of an actor: every actor within ``radius`` ties, and all their links.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    actor : str
        A node, IRI, acronym or label.
    radius : int
        How many ties away.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (``G`` is untouched); each node has ``distance`` from the actor, the
        graph has ``ego`` and ``radius``.

    Examples
    --------
    >>> E = ego(alliance_network(tiny_alliance()), "Ana")
    >>> sorted((n.rsplit("/")[-1], d) for n, d in E.nodes(data="distance"))
    [('ana', 0), ('lab', 1), ('mes', 1)]
    """
    if radius < 0:
        raise ValueError("radius must be 0 or more")
    center = find_actor(G, actor)
    distances = {center: 0}  # breadth-first, links either way (no undirected view to build)
    layer = [center]
    for step in range(1, radius + 1):
        following = []
        for node in layer:
            around = [*G.succ[node], *G.pred[node]] if G.is_directed() else list(G.adj[node])
            for other in around:
                if other not in distances:
                    distances[other] = step
                    following.append(other)
        layer = following
    sub = induced(G, sorted(distances, key=str))
    nx.set_node_attributes(sub, distances, "distance")
    sub.graph.update(ego=center, radius=radius)
    return sub


def format_ego(E: nx.Graph) -> str:
    """An ego map as text: the actors by distance, then every link as a path step.

    Examples
    --------
    >>> print(format_ego(ego(alliance_network(tiny_alliance()), "Ana")))
    Ego map of Ana, radius 1: 3 actors, 2 links
    distance 0: Ana
    distance 1: Lab, MES
    Ana -affiliated with-> Lab
    Ana -member of-> MES
    """
    center = E.graph["ego"]
    name = {n: str(d.get("name") or n) for n, d in E.nodes(data=True)}
    lines = [
        f"Ego map of {name[center]}, radius {E.graph['radius']}: "
        f"{E.number_of_nodes()} actors, {E.number_of_edges()} links"
    ]
    by_distance: dict[int, list[str]] = defaultdict(list)
    for node, distance in E.nodes(data="distance"):
        by_distance[distance].append(name[node])
    for distance in sorted(by_distance):
        names = ", ".join(sorted(by_distance[distance], key=fold))
        lines.append(f"distance {distance}: {names}")
    for u, v in sorted(set(E.edges()), key=lambda pair: (fold(name[pair[0]]), fold(name[pair[1]]))):
        forward = [link for link in _step(E, u, v)["links"] if link["forward"]]
        lines.append(format_path(E, [{"from": u, "to": v, "links": forward}]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Results as tables and as RDF
# ---------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def table_csv(table: pd.DataFrame) -> bytes:
    """The metrics table as CSV (UTF-8, ``\\n`` line ends; NaN as an empty cell).

    Texts a spreadsheet would run as a formula (``=…``, ``+…``, ``@…``) start with ``'``
    (``mes_graph.base.tables.spreadsheet_cell``); numbers are written as they are.

    Examples
    --------
    >>> table_csv(metrics_table(alliance_network(tiny_alliance()))).splitlines()[0][:25]
    b'actor,label,name,type,kin'
    """
    import csv

    from mes_graph.base.tables import spreadsheet_cell

    texts = table.select_dtypes(include=["object", "string"]).columns
    table = table.copy()
    table[texts] = table[texts].map(lambda v: spreadsheet_cell(v) if isinstance(v, str) else v)
    # csv quotes a "\n", not a lone "\r", which a spreadsheet takes for a new row
    lone_cr = table[texts].map(lambda v: isinstance(v, str) and "\r" in v).to_numpy().any()
    quoting = csv.QUOTE_ALL if lone_cr else csv.QUOTE_MINIMAL
    return table.to_csv(index=False, lineterminator="\n", quoting=quoting).encode("utf-8")


def table_json(table: pd.DataFrame, summary_: Mapping[str, Any] | None = None) -> bytes:
    """The metrics table as JSON: parameters, summary and one record per actor (NaN → null).

    Examples
    --------
    >>> doc = json.loads(table_json(metrics_table(alliance_network(tiny_alliance()))))
    >>> doc["metrics"][0]["name"], doc["parameters"]["seed"]
    ('MES', 42)
    """
    records = [{k: _clean(v) for k, v in row.items()} for row in table.to_dict("records")]
    document = {
        "parameters": table.attrs.get("parameters", {}),
        "summary": {k: _clean(v) for k, v in (summary_ or {}).items()},
        "metrics": records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _when(when: date | datetime | None) -> datetime:
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def _local(iri: str) -> str:
    """An actor's IRI as a readable path segment of an observation IRI."""
    if iri.startswith(str(ID)):
        return iri[len(str(ID)) :]
    return "external/" + hashlib.sha1(iri.encode()).hexdigest()[:12]


def metrics_graph(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Graph:
    """The metrics as RDF: one observation per actor and metric, and the analysis as PROV.

    Vocabulary: ``ontology/metrics.ttl``. Each observation is a ``mes:MetricObservation``
    (and ``sosa:Observation``) with ``mes:actor``, ``mes:metric``, ``mes:value`` and
    ``prov:wasGeneratedBy`` the ``mes:NetworkAnalysis``, which carries
    ``prov:endedAtTime``, ``prov:used`` (the source documents) and one ``mes:parameter``
    per parameter. NaN values are left out. IRIs derive from the date and parameters,
    so the same table and date give the same graph.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics_table``.
    when : date or datetime, optional
        Date of the analysis (default: ``SOURCE_DATE_EPOCH`` if set, else now, UTC).
    parameters : mapping, optional
        Default: ``table.attrs["parameters"]``.

    Returns
    -------
    rdflib.Graph
        Its identifier is ``METRICS_GRAPH``.

    Examples
    --------
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> g = metrics_graph(table, when=date(2026, 1, 1))
    >>> g.identifier == METRICS_GRAPH, len(set(g.subjects(MES.metric, MES.betweennessCentrality)))
    (True, 6)
    """
    analysis, header = _analysis(table, when, parameters)
    sosa = URIRef(SOSA + "Observation")
    graph = Graph(identifier=METRICS_GRAPH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    graph.bind("sosa", SOSA)
    for triple in header:
        graph.add(triple)
    for observation, actor, metric, literal in _observations(table, analysis):
        observation, actor = URIRef(observation), URIRef(actor)
        graph.add((observation, RDF.type, MES.MetricObservation))
        graph.add((observation, RDF.type, sosa))
        graph.add((observation, MES.actor, actor))
        graph.add((observation, MES.metric, metric))
        graph.add((observation, MES.value, literal))
        graph.add((observation, PROV.wasGeneratedBy, analysis))
    return graph


def _analysis(
    table: pd.DataFrame, when: date | datetime | None, parameters: Mapping[str, Any] | None
) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
    """The analysis of ``metrics_graph``: its IRI, and its statements and its parameters'."""
    stamp = _when(when)
    params = dict(parameters if parameters is not None else table.attrs.get("parameters", {}))
    digest = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    analysis = ID[f"analysis/{stamp:%Y%m%dT%H%M%SZ}-{digest[:8]}"]
    header: list[tuple[Node, Node, Node]] = [
        (analysis, RDF.type, MES.NetworkAnalysis),
        (analysis, RDF.type, PROV.Activity),
        (analysis, PROV.endedAtTime, Literal(stamp.isoformat(), datatype=XSD.dateTime)),
    ]
    for source in table.attrs.get("sources", []):
        header.append((analysis, PROV.used, URIRef(source)))
    for name, value in sorted(params.items()):
        if value is None:
            continue
        parameter = URIRef(f"{analysis}/parameter/{name}")
        header.append((analysis, MES.parameter, parameter))
        header.append((parameter, RDF.type, MES.AnalysisParameter))
        header.append((parameter, MES.parameterName, Literal(name)))
        header.append((parameter, MES.parameterValue, Literal(value)))
    return analysis, header


def _observations(
    table: pd.DataFrame, analysis: URIRef
) -> Iterator[tuple[str, str, URIRef, Literal]]:
    """The observations of ``metrics_graph``: IRI, actor's IRI, metric and value."""
    literals: dict[tuple[type, Any], Literal] = {}
    for row in table.to_dict("records"):
        actor = str(row["actor"])
        local = _local(actor)
        for column, metric in METRICS.items():
            value = _clean(row.get(column))
            if value is None:
                continue
            if not isinstance(value, (bool, int)):
                value = round(float(value), DIGITS)
            literal = literals.get((type(value), value))
            if literal is None:
                if isinstance(value, bool):
                    literal = Literal(value)
                elif isinstance(value, int):
                    literal = Literal(value, datatype=XSD.integer)
                else:
                    literal = Literal(value, datatype=XSD.double)
                literals[(type(value), value)] = literal
            yield f"{analysis}/{local}/{column.replace('_', '-')}", actor, metric, literal


def metrics_turtle(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> bytes:
    """``metrics_graph`` as Turtle, the bytes ``export.serialize`` writes of it, fast.

    The graph has six statements per actor and metric (four million at 50,000 actors):
    they are written to Oxigraph's serialiser in sorted order, subject by subject,
    without an rdflib graph between.

    Examples
    --------
    >>> from mes_graph.export import serialize
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> prefixes = {**PREFIXES, "sosa": SOSA}
    >>> graph = metrics_graph(table, date(2026, 1, 1))
    >>> metrics_turtle(table, date(2026, 1, 1)) == serialize(graph, "turtle", prefixes=prefixes)
    True
    """
    from mes_graph.base.convert import to_oxigraph
    from mes_graph.base.order import n3_key
    from mes_graph.base.turtle import turtle

    analysis, header = _analysis(table, when, parameters)
    blocks: dict[str, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in header:
        blocks[s.n3()].append((p, o))
    observations = {f"<{iri}>": rest for iri, *rest in _observations(table, analysis)}
    term = functools.cache(to_oxigraph)

    sosa = URIRef(SOSA + "Observation")
    # the six statements of an observation, in the order of their keys: the same for all
    slots = {
        "type": (RDF.type, MES.MetricObservation),
        "sosa": (RDF.type, sosa),
        "actor": (MES.actor, MES.actor),
        "metric": (MES.metric, MES.metric),
        "value": (MES.value, MES.value),
        "run": (PROV.wasGeneratedBy, analysis),
    }
    same_predicate = {"type", "sosa"}  # ordered by their objects; the others by predicate
    order = sorted(
        slots,
        key=lambda k: (
            n3_key(term(slots[k][0])),
            n3_key(term(slots[k][1])) if k in same_predicate else "",
        ),
    )
    fixed = {k: (term(p), term(o)) for k, (p, o) in slots.items()}

    def statements() -> Iterator[ox.Triple]:
        for key in sorted([*blocks, *observations]):
            subject = ox.NamedNode(key[1:-1])
            if key not in observations:
                pairs = blocks[key]
                ordered = sorted(
                    {(n3_key(term(p)), n3_key(term(o))): (p, o) for p, o in pairs}.items()
                )
                for _, (p, o) in ordered:
                    yield ox.Triple(subject, term(p), term(o))
                continue
            actor, metric, literal = observations[key]
            objects = {"actor": term(URIRef(actor)), "metric": term(metric), "value": term(literal)}
            for slot in order:
                predicate, obj = fixed[slot]
                yield ox.Triple(subject, predicate, objects.get(slot, obj))

    prefixes = {prefix: str(namespace) for prefix, namespace in {**PREFIXES, "sosa": SOSA}.items()}
    return turtle(statements(), prefixes)


def add_metrics(dataset: Any, metrics: Graph) -> Any:
    """Add the metrics graph to a dataset, as its named graph, so SPARQL can query it.

    This changes ``dataset`` in place (and returns it).

    Parameters
    ----------
    dataset : rdflib.Dataset
    metrics : rdflib.Graph
        From ``metrics_graph``.

    Returns
    -------
    rdflib.Dataset

    Examples
    --------
    >>> from rdflib import Dataset
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> ds = add_metrics(Dataset(default_union=True), metrics_graph(table, date(2026, 1, 1)))
    >>> [row.actor.rsplit("/")[-1] for row in ds.query(TOP_BROKERS_QUERY)][:2]
    ['mes', 'ana']
    """
    named = dataset.graph(metrics.identifier)
    named.addN((s, p, o, named) for s, p, o in metrics)
    for prefix, namespace in metrics.namespaces():
        dataset.bind(prefix, namespace, override=False)
    return dataset


FORMATS = ("csv", "json", "turtle")
"""The formats ``metrics_document`` writes."""


def metrics_document(
    table: pd.DataFrame,
    fmt: str,
    summary_: Mapping[str, Any] | None = None,
    when: date | datetime | None = None,
) -> bytes:
    """The metrics as a file: CSV, JSON (with the summary) or Turtle (the metrics graph).

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics_table``.
    fmt : {"csv", "json", "turtle"}
    summary_ : mapping, optional
        From ``summary``, for JSON.
    when : date or datetime, optional
        Date of the analysis, for Turtle (see ``metrics_graph``).

    Returns
    -------
    bytes
        UTF-8; the same input (and date) gives the same bytes.

    Examples
    --------
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> b"mes:MetricObservation" in metrics_document(table, "turtle", when=date(2026, 1, 1))
    True
    """
    if fmt == "csv":
        return table_csv(table)
    if fmt == "json":
        return table_json(table, summary_)
    if fmt == "turtle":
        return metrics_turtle(table, when)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


TOP_BROKERS_QUERY = """
PREFIX mes:  <https://w3id.org/mes-graph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?actor ?label ?betweenness WHERE {
  {
    SELECT (MAX(?ended) AS ?latest) WHERE {
      GRAPH <https://w3id.org/mes-graph/graph/metrics> {
        ?run a mes:NetworkAnalysis ; prov:endedAtTime ?ended .
      }
    }
  }
  GRAPH <https://w3id.org/mes-graph/graph/metrics> {
    ?analysis a mes:NetworkAnalysis ; prov:endedAtTime ?latest .
    ?observation prov:wasGeneratedBy ?analysis ;
        mes:metric mes:betweennessCentrality ; mes:actor ?actor ; mes:value ?betweenness .
  }
  OPTIONAL { ?actor skos:prefLabel ?fr FILTER (lang(?fr) = "fr") }
  OPTIONAL { ?actor foaf:name ?name }
  BIND (COALESCE(?fr, ?name, STR(?actor)) AS ?label)
}
ORDER BY DESC(?betweenness) ?actor
LIMIT 5
"""
"""SPARQL over a dataset holding the metrics graph: the five actors of highest betweenness
in the latest analysis, with their label."""


# ---------------------------------------------------------------------------
# Text for the command line
# ---------------------------------------------------------------------------

TEXT_COLUMNS = {
    "name": "actor",
    "kind": "kind",
    "degree_in": "in",
    "degree_out": "out",
    "degree": "ties",
    "betweenness": "betweenness",
    "pagerank": "pagerank",
    "closeness": "closeness",
    "eigenvector": "eigenvector",
    "constraint": "constraint",
    "effective_size": "eff. size",
    "core_number": "core",
    "clustering": "clustering",
    "community": "community",
}


def format_table(table: pd.DataFrame) -> str:
    """The metrics table as aligned text: names to the left, numbers to the right.

    Three decimals; ``-`` where a value is undefined or missing.

    Examples
    --------
    >>> format_table(metrics_table(alliance_network(tiny_alliance()))).splitlines()[1].split()[:6]
    ['MES', '-', '3', '2', '4', '0.900']
    """

    def cell(value: Any) -> str:
        value = _clean(value)
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.3f}"
        return str(value)

    header = list(TEXT_COLUMNS.values())
    rows = [[cell(row[c]) for c in TEXT_COLUMNS] for row in table.to_dict("records")]
    widths = [max(len(x) for x in column) for column in zip(header, *rows, strict=True)]
    left = {0, 1}  # actor, kind

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), *map(line, rows)])


def format_communities(G: nx.Graph, groups: list[list[str]], resolution: float = 1.0) -> str:
    """Communities as text: their number, the modularity, then each with its actors' names.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> print(format_communities(G, communities(G)))
    2 communities, modularity 0.208
    1. (4 actors) APES, ARDES, MES, RIPESS Europe
    2. (2 actors) Ana, Lab
    """
    score = modularity(G, groups, resolution)
    shown = "undefined" if math.isnan(score) else f"{score:.3f}"
    lines = [f"{len(groups)} communities, modularity {shown}"]
    for number, group in enumerate(groups, 1):
        names = sorted((str(G.nodes[n].get("name") or n) for n in group), key=fold)
        lines.append(f"{number}. ({len(group)} actors) {', '.join(names)}")
    return "\n".join(lines)


def format_summary(G: nx.Graph, summary_: Mapping[str, Any]) -> str:
    """The summary as aligned text; articulation points by name, with what they separate.

    Examples
    --------
    >>> G = alliance_network(tiny_alliance())
    >>> print(format_summary(G, summary(G)).splitlines()[-1])
      articulation points   Ana (2 parts), MES (4 parts)
    """
    rows: list[tuple[str, str]] = []
    for key, value in summary_.items():
        if key == "articulation_points":
            names = [
                f"{G.nodes[a].get('name') or a} ({len(separated_by(G, a))} parts)" for a in value
            ]
            text = ", ".join(sorted(names, key=fold)) or "none"
        elif isinstance(value, float):
            text = "undefined" if math.isnan(value) else f"{value:.3f}"
        else:
            text = str(value)
        rows.append((key.replace("_", " "), text))
    rows.sort(key=lambda r: r[0] == "articulation points")
    width = max(len(k) for k, _ in rows)
    return "Summary\n" + "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)
