"""The ontology: OWL 2 DL consistency under HermiT, labels and definitions, alignments."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef

from mes_graph.base.terms import ESSGLOBAL, FOAF, ID, MES, ORG, OWL, RDF, RDFS, SKOS
from mes_graph.engine import union_graph
from mes_graph.load import load, parse_turtle, resource_dir

ONTOLOGY = URIRef("https://w3id.org/mes-graph/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_turtle(resource_dir() / "ontology" / "mes.ttl")


def our_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(MES))})


def hermit_consistent(graph: Graph, tmp_path) -> bool:
    """Run HermiT through owlready2 on a graph; True when consistent."""
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return True


def test_ontology_and_data_are_consistent_for_hermit(tmp_path):
    assert hermit_consistent(union_graph(load()), tmp_path)


def test_hermit_catches_a_researcher_typed_as_an_organisation(tmp_path):
    # the trap of importing ESSGlobal: people made organisations; the reasoner must see it
    graph = union_graph(load())
    graph.add((ID["person/josette-combes"], RDF.type, ORG.Organization))
    assert not hermit_consistent(graph, tmp_path)


def test_ontology_header(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(str(ONTOLOGY) + "/0.1.0")
    for prop in ("title", "description", "license", "creator"):
        assert ontology.value(ONTOLOGY, URIRef("http://purl.org/dc/terms/" + prop)), prop
    prefix = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
    assert ontology.value(ONTOLOGY, prefix) == Literal("mes")


def test_every_term_is_labelled_in_french_and_english_and_defined(ontology):
    terms = our_terms(ontology)
    assert len(terms) == 26  # and mes:hasRegionalAntennas, mes:incompleteProperty (issue 15)
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"fr", "en"} <= languages, term
        definitions = {d.language for d in ontology.objects(term, SKOS.definition)}
        assert {"fr", "en"} <= definitions, term


def test_every_term_used_in_the_data_is_defined(ontology):
    data = union_graph(load())
    used = {t for triple in data for t in triple if isinstance(t, URIRef) and t in MES}
    metrics = parse_turtle(resource_dir() / "ontology" / "metrics.ttl")
    assert used - set(our_terms(ontology)) - set(our_terms(metrics)) == set()


def test_every_concept_and_scheme_is_labelled_in_french_and_english(dataset):
    for cls in (SKOS.Concept, SKOS.ConceptScheme):
        for node in set(dataset.subjects(RDF.type, cls)):
            languages = {label.language for label in dataset.objects(node, SKOS.prefLabel)}
            assert {"fr", "en"} <= languages, node


def test_classes_are_aligned_to_the_standard_vocabularies(ontology):
    classes = [t for t in our_terms(ontology) if (t, RDF.type, OWL.Class) in ontology]
    assert len(classes) == 16
    standard = (str(ORG), str(FOAF), "https://schema.org/", "http://www.w3.org/ns/prov#")
    for cls in classes:
        parents = list(ontology.objects(cls, RDFS.subClassOf))
        assert any(str(p).startswith(standard) for p in parents), cls


def test_essglobal_is_mapped_never_imported(ontology):
    assert not list(ontology.objects(ONTOLOGY, OWL.imports))
    mapped = {
        cls
        for cls, target in ontology.subject_objects(SKOS.closeMatch)
        if str(target).startswith(str(ESSGLOBAL))
    }
    assert {MES.TerritorialNetwork, MES.SectorFederation, MES.ResourceStructure} <= mapped
    assert ESSGLOBAL.Network in set(ontology.objects(MES.TerritorialNetwork, SKOS.closeMatch))


def test_people_cannot_be_organisations(ontology):
    assert (FOAF.Person, OWL.disjointWith, ORG.Organization) in ontology
    assert (MES.ResearcherActor, RDFS.subClassOf, FOAF.Person) in ontology
