"""The graph says what its sources say, under the standard vocabularies, to a reasoner too.

A partner loads our Turtle export with the W3C ORG ontology as the W3C publishes it: HermiT
and OWL-RL find no clash. With the standard vocabularies alone (no ``mes:`` term, no
reasoner) the seed's facts answer. Each named graph holds only what its source says: the
seed's graph is checked against the seed's own text, and the rest against fixtures.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import owlready2
import owlrl
import pytest
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, URIRef

from mes_graph import network
from mes_graph.base.terms import DCTERMS, GRAPH, ID, MES, ORG, RDF, SCHEMA, SKOS, TIME
from mes_graph.export import render
from mes_graph.load import load, parse_turtle, resource_dir

SHARED = Path(__file__).resolve().parents[2] / "shared"
ORG_TTL = SHARED / "data" / "w3c" / "org.ttl"
SEED_TEXT = SHARED / "seed" / "mes-presentation.txt"
FIXTURES = Path(__file__).parent / "fixtures"
SEED = ID["source/mes-presentation"]
OURS = ID["source/traductions-et-notes"]
INSEE = URIRef("https://www.insee.fr/fr/information/2560452")
M49 = URIRef("https://unstats.un.org/unsd/methodology/m49/")
ORGA = ID["organisation/"]
PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX orga: <https://w3id.org/mes-graph/id/organisation/>
"""


def need(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"{path} is absent: the shared data sits beside the checkout")
    return path


@pytest.fixture(scope="module")
def export() -> Graph:
    """The public Turtle export, parsed back as a partner reads it."""
    return Graph().parse(data=render(load(), "turtle").decode("utf-8"), format="turtle")


@pytest.fixture(scope="module")
def with_org(export) -> Graph:
    """Our ontology, the export and ORG's own axioms, together."""
    graph = Graph()
    graph += parse_turtle(resource_dir() / "ontology" / "mes.ttl")
    graph += export
    graph.parse(need(ORG_TTL), format="turtle")
    return graph


def hermit_consistent(graph: Graph, tmp_path: Path) -> bool:
    path = tmp_path / "graph.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False
    return True


def owlrl_clashes(graph: Graph) -> list[str]:
    closure = Graph()
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return sorted(
        str(message)
        for error in closure.subjects(RDF.type, ERRNS.ErrorMessage)
        for message in closure.objects(error, ERRNS.error)
    )


# --- consistent under ORG's own axioms --------------------------------------------------


def test_ontology_export_and_org_are_consistent_for_hermit(with_org, tmp_path):
    assert hermit_consistent(with_org, tmp_path)
    classified = Graph()
    classified += with_org  # the fault of the earlier data: a person with a classification
    classified.add((ID["person/josette-combes"], ORG.classification, ID["concept/kind/chaire"]))
    assert not hermit_consistent(classified, tmp_path)


def test_owl_rl_closure_raises_no_inconsistency(with_org):
    assert owlrl_clashes(with_org) == []
    classified = Graph()
    classified += with_org
    classified.add((ID["person/josette-combes"], ORG.classification, ID["concept/kind/chaire"]))
    (clash,) = owlrl_clashes(classified)
    assert "foaf/0.1/Person" in clash and "josette-combes" in clash


def test_our_axioms_impose_nothing_on_a_third_partys_schema_founder():
    ontology = parse_turtle(resource_dir() / "ontology" / "mes.ttl")
    assert not {*ontology.objects(MES.founderOf, None)} & {ORG.Organization}
    graph = Graph()
    graph += ontology
    company, alice = URIRef("urn:x:company"), URIRef("urn:x:alice")
    graph.add((company, SCHEMA.founder, alice))
    closure = Graph()
    closure += graph
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    types = {t for node in (company, alice) for t in closure.objects(node, RDF.type)}
    assert types <= {URIRef("http://www.w3.org/2002/07/owl#Thing")}


def test_people_say_their_kind_by_their_class_and_role(dataset):
    assert not list(dataset.triples((ID["person/alexane-heredia"], ORG.classification, None)))
    assert not [p for p in dataset.subjects(RDF.type, MES.ResearcherActor)
                if (p, ORG.classification, None) in dataset]  # fmt: skip
    G = network.alliance_network(dataset, lang="fr")
    assert {G.nodes[str(p)]["kind"] for p in dataset.subjects(RDF.type, MES.ResearcherActor)} == {
        "Citoyen·ne, chercheur·e-acteur·rice"
    }


# --- the seed's facts with the standard vocabularies only -------------------------------


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    assert "mes:" not in query and "ontology#" not in query
    return [tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)]


def test_mes_takes_part_in_the_csess_under_org(export):
    query = "SELECT ?l { orga:mes org:linkedTo ?b . ?b skos:prefLabel ?l FILTER (LANG(?l) = 'fr') }"
    assert rows(export, query) == [("Conseil supérieur de l'économie sociale et solidaire",)]
    assert not rows(export, "SELECT ?b { orga:mes org:memberOf orga:csess }")


def test_mes_mission_under_org(export):
    assert rows(export, "SELECT ?m { orga:mes org:purpose ?m FILTER (LANG(?m) = 'fr') }") == [
        (
            "La mission du MES est de développer la citoyenneté économique, d'encourager la "
            "coopération et d'œuvrer pour un développement économique solidaire et écologique.",
        )
    ]


def test_the_strategic_project_and_its_five_priority_actions(export):
    project = rows(
        export,
        "SELECT ?p ?l ?start ?end { ?p a schema:Project ; prov:wasAttributedTo orga:mes ; "
        "skos:prefLabel ?l ; schema:startDate ?start ; schema:endDate ?end "
        "FILTER (LANG(?l) = 'fr') }",
    )
    assert project == [
        (str(ID["project/mes-2019-2022"]), "Projet stratégique du MES 2019-2022", "2019", "2022")
    ]
    actions = rows(
        export,
        "SELECT ?n ?l { ?p prov:wasAttributedTo orga:mes ; dcterms:subject ?a . "
        "?a skos:notation ?n ; skos:prefLabel ?l FILTER (LANG(?l) = 'fr') } ORDER BY ?n",
    )
    assert actions == [
        ("P1", "L'innovation sociale et citoyenne au service du développement des territoires"),
        ("P2", "L'évaluation de l'utilité sociale et de l'impact social"),
        ("P3", "Les modèles socio-économiques des petites et moyennes entreprises et "
               "organisations de l'ESS"),
        ("P4", "Renforcer le plaidoyer en faveur d'une transition économique écologique et "
               "solidaire dans une dynamique de convergence"),
        ("P5", "L'intégration de l'ESS dans l'ensemble des programmes de l'enseignement et de "
               "la formation professionnelle"),
    ]  # fmt: skip


def test_the_level_of_each_body(export):
    levels = rows(
        export,
        "SELECT ?body ?level ?code { VALUES ?body { orga:ess-france orga:csess "
        "orga:ripess-europe } ?body schema:areaServed ?area . ?area skos:prefLabel ?level ; "
        "skos:notation ?code FILTER (LANG(?level) = 'fr') } ORDER BY ?body",
    )
    assert levels == [
        (str(ORGA + "csess"), "France", "FR"),
        (str(ORGA + "ess-france"), "France", "FR"),
        (str(ORGA + "ripess-europe"), "Europe", "150"),
    ]


def test_axes_actions_and_intervals_name_their_source_in_the_turtle_export(export):
    for cls in (SKOS.Concept, TIME.Interval, TIME.Instant):
        for node in export.subjects(RDF.type, cls):
            if str(node).startswith(str(ID["concept/axis"])) or cls != SKOS.Concept:
                assert (node, DCTERMS.source, SEED) in export, node
    for n in range(1, 6):
        assert (ID[f"concept/action/{n}"], DCTERMS.source, SEED) in export


# --- each statement under its true source -----------------------------------------------


def fold(text: str) -> str:
    """Text as the seed's words are compared: no accents, case, punctuation or spacing."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’'`]", "'", text)
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


def test_every_word_in_the_seeds_graph_is_the_seeds(dataset):
    seed_text = fold(need(SEED_TEXT).read_text("utf-8"))
    words = [(s, p, o) for s, p, o in dataset.graph(SEED) if isinstance(o, Literal)]
    texts = [(s, p, o) for s, p, o in words if o.datatype is None]
    assert len(texts) == 61
    for s, p, o in texts:
        assert o.language in (None, "fr"), (s, p, o)
        for sentence in re.split(r"(?<=\.) ", str(o)):
            assert fold(sentence) in seed_text, (s, p, str(o))


def test_every_other_statement_of_the_seeds_graph_is_an_expected_fact(dataset):
    facts = parse_turtle(FIXTURES / "seed-facts.ttl")
    graph = dataset.graph(SEED)
    found = {(s, p, o) for s, p, o in graph if not isinstance(o, Literal) or o.datatype}
    assert found == set(facts)


def test_what_the_sources_do_not_say_is_ours(dataset):
    """English, corrections, codes and notes: under src:traductions-et-notes, nothing else."""
    ours = dataset.graph(OURS)
    allowed = {SKOS.prefLabel, SKOS.altLabel, SKOS.notation, SKOS.definition, SKOS.scopeNote,
               SKOS.editorialNote, SCHEMA.description, MES.mission, ORG.purpose,
               DCTERMS.description, DCTERMS.source}  # fmt: skip
    assert {p for _, p, _ in ours} <= allowed
    assert all((s, DCTERMS.source, OURS) in ours for s in set(ours.subjects()))
    assert len(set(ours.subjects())) == 45
    own = {GRAPH["ontology"], GRAPH["vocabularies"], GRAPH["data/sources"], OURS, M49}
    for graph in dataset.graphs():
        if graph.identifier not in own:  # the other sources write French only
            english = [t for t in graph if isinstance(t[2], Literal) and t[2].language == "en"]
            assert english == [], graph.identifier
    assert (ORGA + "mes", SKOS.prefLabel, Literal("Movement for the Solidarity Economy", lang="en"),
            OURS) in set(dataset.quads())  # fmt: skip


REGIONS = {
    "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne",
    "24": "Centre-Val de Loire", "94": "Corse", "44": "Grand Est", "32": "Hauts-de-France",
    "11": "Île-de-France", "28": "Normandie", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "52": "Pays de la Loire", "93": "Provence-Alpes-Côte d'Azur", "01": "Guadeloupe",
    "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
}  # fmt: skip
"""INSEE's regions (Code officiel géographique, since 2016): code and name."""


def test_insees_graph_holds_insees_regions_and_lille(dataset):
    insee = dataset.graph(INSEE)
    region = ID["place/region/"]
    names = {str(s)[len(region):]: str(o) for s, o in insee.subject_objects(SKOS.prefLabel)
             if str(s).startswith(region)}  # fmt: skip
    assert names == REGIONS
    assert {str(o) for o in insee.objects(None, SKOS.notation)} == set(REGIONS)
    lille = ID["place/commune/59350"]
    assert set(insee.predicate_objects(lille)) == {
        (RDF.type, SCHEMA.City), (SKOS.prefLabel, Literal("Lille", lang="fr")),
        (SCHEMA.identifier, Literal("59350")), (DCTERMS.source, INSEE),
        (SCHEMA.containedInPlace, region + "32"),
    }  # fmt: skip
    assert not list(insee.triples((None, SKOS.hiddenLabel, None)))  # the seed's, in its graph
    seed = dataset.graph(SEED)
    assert (region + "32", SKOS.hiddenLabel, Literal("Haut de France", lang="fr")) in seed


def test_the_names_organisations_give_themselves_under_their_own_pages(dataset):
    pages = {
        "http://cresol.fr/index.php/presentation/nos-convictions": ("cre-sol", ["Cré-sol"]),
        "http://webalice.viabloga.com/alice_cooperatif_concept.shtml": ("alicescop",
                                                                       ["ALICECOOP"]),
        "http://www.cnam-bourgognefranchecomte.fr/le-cnam": (
            "cnam-paris", ["Cnam", "Conservatoire national des arts et métiers"]),
    }  # fmt: skip
    for page, (actor, names) in pages.items():
        graph = dataset.graph(URIRef(page))
        assert set(graph.subjects()) == {ORGA + actor}
        assert sorted(str(n) for n in graph.objects(None, SKOS.altLabel)) == names
        assert (URIRef(page), RDF.type, MES.SourceDocument) in dataset


# --- no more than the source ------------------------------------------------------------


def test_say_no_more_than_the_source(dataset):
    sector = ID["concept/sector/"]
    assert Literal("AMAP", lang="fr") not in set(dataset.objects(sector + "circuits-courts",
                                                                 SKOS.altLabel))  # fmt: skip
    assert (sector + "amap", SKOS.broader, sector + "circuits-courts") in dataset
    assert not list(dataset.subjects(ORG.classification, sector + "amap"))  # no source says it
    ripess = ORGA + "ripess-europe"
    assert (ripess, MES.incompleteProperty, SCHEMA.founder) in dataset.graph(SEED)
    assert (ID["person/jean-louis-laville"], SKOS.hiddenLabel,
            Literal("Jean Louis LAVILLE")) in dataset.graph(SEED)  # fmt: skip
    assert (ORGA + "mes", MES.hasRegionalAntennas, Literal(True)) in dataset.graph(SEED)
    assert not list(dataset.subjects(RDF.type, MES.RegionalAntennas))
    G = network.alliance_network(dataset)
    assert G.number_of_nodes() == 31 and not [n for n in G if "antenne" in n]
