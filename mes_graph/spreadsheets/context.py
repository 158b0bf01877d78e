"""The graph's context of an import: its actors, code lists, places, sources, memberships.

Takes the graph ``load`` built (the shipped graph and ``--data``); gives a ``Context``:
the indexes an import checks its rows against (an actor by identifier, IRI, name or
acronym; a concept or a place by label or notation, accents and case aside; a source by
IRI or title; a membership by its member, organisation and role) and the labels its
messages show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    MES,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
)
from mes_graph.engine import union_graph
from mes_graph.spreadsheets.cells import local_name, source_cell

__all__ = ["CodeList", "Context", "context", "kinds_of"]

CodeList = dict[str, set[URIRef]]
"""A code list as cells name its concepts: folded label, notation or IRI -> the concepts."""


class Context(NamedTuple):
    """The indexes of the graph an import is checked against."""

    graph: Graph
    organisations: frozenset[URIRef]
    people: frozenset[URIRef]
    names: dict[str, set[URIRef]]
    local_names: dict[str, set[URIRef]]
    code_lists: dict[str, CodeList]
    labels: dict[URIRef, str]
    kind_classes: dict[URIRef, tuple[URIRef, ...]]
    sources: dict[str, set[URIRef]]
    memberships: dict[tuple[Node, Node, Node], list[URIRef]]
    subjects: frozenset[Node]


def _label(graph: Graph, node: Node) -> str:
    labels = sorted(graph.objects(node, SKOS.prefLabel))
    for lang in ("fr", "en", None):
        for value in labels:
            if getattr(value, "language", None) == lang:
                return str(value)
    name = graph.value(node, FOAF.name)
    return str(name) if name is not None else local_name(node)


def _concept_keys(graph: Graph, node: URIRef) -> set[str]:
    keys = {fold(local_name(node)), str(node)}
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
        for value in graph.objects(node, prop):
            keys.add(fold(str(value)))
            if prop == SKOS.notation and str(value).isdigit():
                keys.add(str(int(str(value))))  # region "01" typed as 1
    return keys - {""}


def _index(entries: Iterable[tuple[URIRef, Iterable[str]]]) -> CodeList:
    index: CodeList = defaultdict(set)
    for node, keys in entries:
        for key in keys:
            index[key].add(node)
    return dict(index)


def _classes_of_kind(graph: Graph, kind: URIRef) -> tuple[URIRef, ...]:
    """The classes an actor of a kind states: its class, the ORG or FOAF class above."""
    classes = sorted(c for c in graph.objects(kind, RDFS.seeAlso) if isinstance(c, URIRef))
    classes = [c for c in classes if (c, RDF.type, None) in graph] or classes
    if not classes:
        return (ORG.Organization,)
    cls = classes[0]
    above = set(graph.transitive_objects(cls, RDFS.subClassOf))
    if FOAF.Person in above:
        return tuple(dict.fromkeys([cls, FOAF.Person]))
    middle = [c for c in (ORG.FormalOrganization, ORG.OrganizationalUnit) if c in above]
    return tuple(dict.fromkeys([cls, *middle, ORG.Organization]))


def kinds_of(ctx: Context, actor: URIRef) -> set[URIRef]:
    """An actor's kinds: its org:classification in the kinds, else what its class says.

    A person has no org:classification (ORG gives that property the domain
    org:Organization): their kind is the one whose class they have.

    Parameters
    ----------
    ctx : Context
    actor : rdflib.URIRef

    Returns
    -------
    set of rdflib.URIRef
        Concepts of the kinds' scheme.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.spreadsheets.columns import ORGA
    >>> ctx = context(load())
    >>> [ctx.labels[k] for k in kinds_of(ctx, ORGA["ardes"])]
    ['Réseau territorial']
    """
    known = {k for k in ctx.graph.objects(actor, ORG.classification) if k in ctx.kind_classes}
    return known or {
        k for k, classes in ctx.kind_classes.items() if (actor, RDF.type, classes[0]) in ctx.graph
    }


def context(dataset: Dataset | Graph, *, index: bool = True) -> Context:
    """Index a graph for an import: its actors, code lists, places, sources, memberships.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The graph ``load`` built (the shipped graph and ``--data``).
    index : bool
        Index the names, sources, memberships and subjects a row is checked against
        (an import). Without (``False``): the actors, code lists, kinds and the labels
        of concepts and places only, what writing the tables needs; the rest is empty.

    Returns
    -------
    Context

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ctx = context(load())
    >>> sorted(ctx.code_lists["place"]["bretagne"]), len(ctx.code_lists["role"]) > 5
    ([rdflib.term.URIRef('https://w3id.org/mes-graph/id/place/region/53')], True)
    """
    graph = union_graph(dataset)
    orgs = frozenset(o for o in graph.subjects(RDF.type, ORG.Organization) if isinstance(o, URIRef))
    people = frozenset(p for p in graph.subjects(RDF.type, FOAF.Person) if isinstance(p, URIRef))
    names: dict[str, set[URIRef]] = defaultdict(set)
    locals_: dict[str, set[URIRef]] = defaultdict(set)
    labels: dict[URIRef, str] = {}
    for actor in orgs | people:
        locals_[local_name(actor)].add(actor)
        if not index:
            continue
        names[str(actor)].add(actor)
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name):
            for value in graph.objects(actor, prop):
                names[fold(str(value))].add(actor)
        labels[actor] = _label(graph, actor)
    code_lists: dict[str, CodeList] = {}
    kinds = {c for c in graph.subjects(SKOS.inScheme, SCHEMES["kind"]) if isinstance(c, URIRef)}
    classes = {kind: _classes_of_kind(graph, kind) for kind in kinds}
    person_kinds = {k for k in kinds if FOAF.Person in classes[k]}
    for key in ("sector", "legal_form", "axis", "role"):
        concepts = [c for c in graph.subjects(SKOS.inScheme, SCHEMES[key]) if isinstance(c, URIRef)]
        code_lists[key] = _index((c, _concept_keys(graph, c)) for c in concepts)
        labels.update({c: _label(graph, c) for c in concepts})
    code_lists["kind"] = _index((k, _concept_keys(graph, k)) for k in kinds - person_kinds)
    code_lists["person_kind"] = _index((k, _concept_keys(graph, k)) for k in person_kinds)
    labels.update({k: _label(graph, k) for k in kinds})
    places = {c for c in graph.subjects(SKOS.inScheme, SCHEMES["region"]) if isinstance(c, URIRef)}
    for cls in (SCHEMA.Place, SCHEMA.City, SCHEMA.AdministrativeArea, SCHEMA.Country,
                SCHEMA.Continent):  # fmt: skip
        places |= {p for p in graph.subjects(RDF.type, cls) if isinstance(p, URIRef)}
    places = {p for p in places if (p, SKOS.prefLabel, None) in graph}
    code_lists["place"] = _index(
        (p, _concept_keys(graph, p) | {fold(str(i)) for i in graph.objects(p, SCHEMA.identifier)})
        for p in places
    )
    labels.update({p: _label(graph, p) for p in places})
    sources: dict[str, set[URIRef]] = defaultdict(set)
    memberships: dict[tuple[Node, Node, Node], list[URIRef]] = defaultdict(list)
    if not index:
        return Context(
            graph, orgs, people, {}, dict(locals_), code_lists, labels, classes, {}, {},
            frozenset(),
        )  # fmt: skip
    documents = set(graph.subjects(RDF.type, MES.SourceDocument))
    documents |= set(graph.objects(None, DCTERMS.source)) | set(
        graph.objects(None, PROV.wasDerivedFrom)
    )
    for doc in documents:
        if isinstance(doc, URIRef):
            sources[str(doc)].add(doc)
            sources[fold(local_name(doc))].add(doc)
            for title in graph.objects(doc, DCTERMS.title):
                sources[fold(str(title))].add(doc)
            labels.setdefault(doc, source_cell(doc))
    for m in sorted(graph.subjects(RDF.type, ORG.Membership)):
        key = (
            graph.value(m, ORG.member),
            graph.value(m, ORG.organization),
            graph.value(m, ORG.role),
        )
        if isinstance(m, URIRef):
            memberships[key].append(m)
    return Context(
        graph, orgs, people, dict(names), dict(locals_), code_lists, labels, classes,
        dict(sources), dict(memberships), frozenset(graph.subjects()),
    )  # fmt: skip
