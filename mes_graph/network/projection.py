"""The projection: RDF → the NetworkX multigraph of the actors and their links.

Takes the dataset ``load`` built (any rdflib ``Graph`` or ``Dataset``); gives a NetworkX
``MultiDiGraph`` of the actors and their links (``alliance_network``), its membership links
(``memberships``), and the tiny alliance of the examples (``tiny_alliance``).

Projection rules (``alliance_network``)
---------------------------------------
Nodes are the actors, keyed by their IRI as a plain ``str``: every ``org:Organization``
and ``foaf:Person``, plus any other IRI at an end of a link below (typed ``organisation``).
Literals and blank nodes never become nodes. Attributes: ``type`` (``organisation``,
``person``, ``concept``), ``label`` (``skos:prefLabel`` in the chosen language, else French,
else English, else ``foaf:name``), ``name`` (the acronym, ``skos:altLabel``, else the
label), ``kind``, ``sector``, ``legal_form`` (labels of the ``org:classification`` values
of those SKOS schemes; several are joined by ``"; "``), ``region`` (label of
``schema:areaServed``, else of the région of ``schema:location``: a région, or the one a
département or commune is ``skos:broader`` of), ``departement`` (label of the département
of ``schema:location``), ``latitude`` and ``longitude`` (floats, of the
``schema:GeoCoordinates`` of ``schema:geo``), ``homepage`` (``foaf:homepage``),
``founded`` and ``dissolved`` (lexical ``schema:foundingDate`` and
``schema:dissolutionDate``), ``source`` (the documents of ``dcterms:source`` and
``prov:wasDerivedFrom``, joined by ``"; "``); ``None`` where the data says nothing.

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

``as_of`` keeps the memberships valid on that date, and the actors that exist on it (not
founded after it, nor dissolved before). A bound dated to a year or a month counts for
the whole of it (a membership since 2010 is valid on 2010-01-01). A membership without a
date, or with a bound that has none (the shipped RIPESS Europe membership runs "since its
origin"), is kept: the source asserts it and gives no limit to it; so is an actor with
no founding date. ``as_of_date`` reads a date as people write it: ``2000`` is the last
day of 2000.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    ID,
    MES,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
    TIME,
)
from mes_graph.engine import PlainTerm, plain_pairs

__all__ = [
    "DIRECT_LINKS",
    "PROJECTION_PREDICATES",
    "RESEARCH_CLASSES",
    "ROLE_AFFILIATED",
    "ROLE_MEMBER",
    "TINY_ALLIANCE",
    "alliance_network",
    "as_of_date",
    "local_name",
    "memberships",
    "tiny_alliance",
    "valid_on",
]

ROLE_MEMBER = ID["concept/role/membre"]

ROLE_AFFILIATED = ID["concept/role/chercheur-affilie"]

RESEARCH_CLASSES = (MES.ResearchInstitution, MES.ResearchChair, MES.UniversityNetwork)

DEPARTEMENTS = str(ID["scheme/departements"])

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
    SCHEMA.areaServed, SCHEMA.location, SKOS.broader, SCHEMA.geo, SCHEMA.latitude,
    SCHEMA.longitude, FOAF.homepage, DCTERMS.source, PROV.wasDerivedFrom, ORG.member,
    ORG.organization, ORG.role, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd,
    TIME.inXSDgYear, TIME.inXSDgYearMonth, TIME.inXSDDate, TIME.inXSDDateTime,
    TIME.inXSDDateTimeStamp, *DIRECT_LINKS, ORG.originalOrganization,
    ORG.resultingOrganization, ORG.changedBy, ORG.resultedFrom, RDFS.seeAlso,
    SCHEMA.foundingDate, SCHEMA.dissolutionDate,
)  # fmt: skip
"""Every predicate ``alliance_network`` reads: what to fetch from a remote store."""

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


def _coordinates(
    latitudes: Iterable[PlainTerm], longitudes: Iterable[PlainTerm]
) -> tuple[float, float] | None:
    """A point's latitude and longitude as floats, if both are numbers within bounds."""
    for lat in sorted(v[0] for v in latitudes if isinstance(v, tuple)):
        for lon in sorted(v[0] for v in longitudes if isinstance(v, tuple)):
            try:
                point = float(lat), float(lon)
            except ValueError:
                continue
            if abs(point[0]) <= 90 and abs(point[1]) <= 180:
                return point
    return None


def local_name(iri: str) -> str:
    """The last segment of an IRI (after its last ``/`` or ``#``): a name of last resort.

    Examples
    --------
    >>> local_name("https://w3id.org/mes-graph/id/organisation/ardes")
    'ardes'
    """
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


def as_of_date(text: str) -> date:
    """The day a date as people write it names, for ``as_of``: a year or a month counts
    to its last day (the alliances as they stood at the end of it).

    Raises
    ------
    ValueError
        Not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or no such day.

    Examples
    --------
    >>> as_of_date("2000"), as_of_date("2005-02"), as_of_date("2005-03-14")
    (datetime.date(2000, 12, 31), datetime.date(2005, 2, 28), datetime.date(2005, 3, 14))
    >>> as_of_date("2005-13")
    Traceback (most recent call last):
    ValueError: « 2005-13 » is not a date: write YYYY, YYYY-MM or YYYY-MM-DD
    """
    try:
        found = _bounds(text) if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text.strip()) else None
    except ValueError:
        found = None
    if found is None:
        raise ValueError(f"« {text} » is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return found[1]


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
    located, broader = _index(graph, SCHEMA.location), _index(graph, SKOS.broader)

    def place_in(places: Iterable[PlainTerm], scheme: str) -> list[str]:
        """The concepts of a scheme among places and what they are part of (3 levels)."""
        found, level = set(), set(_iris(places))
        for _ in range(3):
            found |= {p for p in level if scheme in in_scheme.get(p, ())}
            level = {b for p in level for b in _iris(broader.get(p, ()))}
        return sorted(found)

    positions: dict[str, tuple[float, float]] = {}
    latitudes, longitudes = _index(graph, SCHEMA.latitude), _index(graph, SCHEMA.longitude)
    for subject, points in _index(graph, SCHEMA.geo).items():
        for point in _iris(points):
            found = _coordinates(latitudes.get(point, ()), longitudes.get(point, ()))
            if found is not None:
                positions.setdefault(subject, found)
                break
    homepages = _index(graph, FOAF.homepage)
    lifetimes = {
        name: {s: min(v[0] for v in vs if isinstance(v, tuple)) for s, vs in found.items()}
        for name, found in (
            ("founded", _index(graph, SCHEMA.foundingDate)),
            ("dissolved", _index(graph, SCHEMA.dissolutionDate)),
        )
    }
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
        return found or local_name(node)

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
        places = located.get(key, ())
        departements = place_in(places, DEPARTEMENTS) if places else []
        attrs["label"] = label_of(key)
        attrs["name"] = _pick_label(alt.get(key, ()), lang) or attrs["label"]
        for name in ("kind", "sector", "legal_form"):
            values = by_scheme.get(name)
            attrs[name] = "; ".join(label_of(v) for v in values) if values else None
        where = regions or (place_in(places, str(SCHEMES["region"])) if places else [])
        attrs["region"] = "; ".join(label_of(r) for r in where) if where else None
        attrs["departement"] = "; ".join(map(label_of, departements)) if departements else None
        attrs["latitude"], attrs["longitude"] = positions.get(key, (None, None))
        pages = _iris(homepages.get(key, ()))
        attrs["homepage"] = pages[0] if pages else None
        for name, dates in lifetimes.items():
            attrs[name] = dates.get(key)
        attrs["source"] = "; ".join(sorted(cited.get(key, ()))) or None
        if concepts:
            linked = [(v, "sector", "classification") for v in by_scheme.get("sector", ())]
            linked += [(r, "region", "area_served") for r in regions]
            for value, scheme, relation in linked:
                name = label_of(value)
                concept = {"type": "concept", "scheme": scheme, "label": name, "name": name}
                concept_nodes.setdefault(value, concept)
                edges[(key, value, relation)] = _plain_link(relation, None)

    if as_of is not None:  # the actors that exist on that day, and their links
        gone = {k for k, a in nodes.items() if not valid_on(a["founded"], a["dissolved"], as_of)}
        nodes = {k: a for k, a in nodes.items() if k not in gone}
        edges = {k: a for k, a in edges.items() if k[0] not in gone and k[1] not in gone}
        linked_concepts = {k[1] for k in edges}
        concept_nodes = {k: a for k, a in concept_nodes.items() if k in linked_concepts}
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
