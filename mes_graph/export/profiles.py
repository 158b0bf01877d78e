"""What a profile publishes: a person's private data left out, the ESSGlobal view added.

Takes the dataset ``load`` built and a profile name; gives the dataset as that profile
publishes it (``public``, ``full``, ``essglobal``), and the pieces of that rule: who is a
person, who consented, which statements are private, ESSGlobal's statements.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from mes_graph.base.convert import from_oxigraph, to_oxigraph
from mes_graph.base.order import sorted_triples
from mes_graph.base.terms import (
    BASE,
    DCTERMS,
    ESSGLOBAL,
    FOAF,
    GRAPH,
    MES,
    ORG,
    PROV,
    PUBLISH_PREFIXES,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
)
from mes_graph.engine import copy, statement_reader

__all__ = [
    "ESSGLOBAL_GRAPH",
    "PERSON_CLASSES",
    "PERSON_PUBLIC",
    "PROFILE",
    "PROFILES",
    "apply_profile",
    "essglobal_view",
    "has_consent",
    "person_nodes",
    "persons",
    "private_statements",
]


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
    return any(_consents(v) for v in graph.objects(person, MES.publicationConsent))


def _consents(value: Node) -> bool:
    """Whether a value of ``mes:publicationConsent`` gives consent: ``true``."""
    return isinstance(value, Literal) and value.toPython() is True


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
    answers = graph.subject_objects(MES.publicationConsent)  # in one pass, not per person
    consenting = {person for person, value in answers if _consents(value)}
    dropped: set[tuple[Node, Node, Node]] = set()
    public, quads = {to_oxigraph(p) for p in PERSON_PUBLIC}, statement_reader(graph)
    for person in sorted(everyone - consenting, key=str):
        owned, frontier = {person}, []
        for quad in quads(to_oxigraph(person), None, None):  # terms made only if dropped
            if quad.predicate not in public:
                o = from_oxigraph(quad.object)
                dropped.add((person, from_oxigraph(quad.predicate), o))
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
            for target in sorted(matches.get(source, ())):  # not a set's order: stable files
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
        ``full``: the dataset itself; ``public``: a copy without ``private_statements``
        (the dataset itself when it has none);
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
    if profile == "public" and not dropped:  # nothing to leave out: no second store
        return dataset
    private = {ox.Triple(*map(to_oxigraph, t)) for t in dropped}
    out = copy(dataset, lambda quad: quad.triple not in private, PUBLISH_PREFIXES)
    if profile == "essglobal":
        target = out.graph(ESSGLOBAL_GRAPH)
        for triple in sorted_triples(essglobal_view(dataset)):  # not a set's order
            if triple not in dropped:
                target.add(triple)
    return out
