"""The questions a researcher asks of the seed, answered from the Turtle export.

The export is parsed and queried by Oxigraph (an engine independent of rdflib, which
wrote it), with the standard vocabularies only: ORG, FOAF, SKOS, schema.org, PROV,
OWL-Time, Dublin Core. No prefix of our own ontology appears in these queries.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from mes_graph.export import serialize

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

MES = "<https://w3id.org/mes-graph/id/organisation/mes>"


@pytest.fixture(scope="module")
def store(dataset) -> ox.Store:
    store = ox.Store()
    store.load(serialize(dataset, "turtle"), format=ox.RdfFormat.TURTLE)
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    """The rows of a SELECT as tuples of plain strings, sorted."""
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return sorted(
        tuple(getattr(s[n], "value", "") if s[n] is not None else "" for n in names)
        for s in solutions
    )


def test_no_term_of_our_ontology_is_needed(store):
    # the queries below only use standard prefixes: the export states the contract
    assert "mes-graph/ontology#" not in PREFIXES


def test_members_of_mes_are_13_structures_and_5_people(store):
    organisations = rows(
        store,
        f"""SELECT ?name WHERE {{
            ?m org:memberOf {MES} ; a org:Organization ; skos:prefLabel ?name .
            FILTER(lang(?name) = "fr") }}""",
    )
    people = rows(
        store, f"SELECT ?name WHERE {{ ?m org:memberOf {MES} ; a foaf:Person ; foaf:name ?name }}"
    )
    assert [n for (n,) in organisations] == [
        "ALICESCOP",
        "APES",
        "ARDES",
        "Artisans du Monde",
        "BABALEX",
        "CNLRQ",
        "CRE-SOL",
        "MES Occitanie",
        "MIRAMAP",
        "OPALE",
        "PES21",
        "Route des SEL",
        "UFISC",
    ]
    assert [n for (n,) in people] == [
        "Alexane Heredia",
        "Jean-Louis Laville",
        "Josette Combes",
        "Laurent Fraisse",
        "Laurent Gardin",
    ]


def test_memberships_state_member_organisation_and_role(store):
    # the same 18 members through org:Membership, each with a labelled org:Role
    found = rows(
        store,
        f"""SELECT ?member ?role WHERE {{
            ?ms a org:Membership ; org:member ?member ; org:organization {MES} ; org:role ?r .
            ?r a org:Role ; skos:prefLabel ?role . FILTER(lang(?role) = "en") }}""",
    )
    assert len(found) == 18
    assert sorted({role for _, role in found}) == ["Citizen, researcher-actor", "Member"]


def test_region_served_by_each_territorial_network(store):
    found = rows(
        store,
        """SELECT ?network ?region ?code WHERE {
            ?n org:classification ?kind ; skos:prefLabel ?network ; schema:areaServed ?r .
            ?kind skos:prefLabel "Réseau territorial"@fr .
            ?r skos:prefLabel ?region ; skos:notation ?code .
            FILTER(lang(?network) = "fr" && lang(?region) = "fr") }""",
    )
    assert found == [
        ("APES", "Hauts-de-France", "32"),
        ("ARDES", "Normandie", "28"),
        ("CRE-SOL", "Centre-Val de Loire", "24"),
        ("MES Occitanie", "Occitanie", "76"),
        ("PES21", "Bourgogne-Franche-Comté", "27"),
    ]


def test_sector_of_each_federation_and_field_of_each_resource_structure(store):
    found = rows(
        store,
        """SELECT ?kindLabel ?name ?sector WHERE {
            ?o org:classification ?kind , ?s ; skos:prefLabel ?name .
            ?kind skos:inScheme/skos:prefLabel "Kinds of actor"@en ; skos:prefLabel ?kindLabel .
            ?s skos:inScheme/skos:prefLabel "Sectors and fields"@en ; skos:prefLabel ?sector .
            FILTER(lang(?name) = "fr" && lang(?sector) = "en" && lang(?kindLabel) = "en") }""",
    )
    assert found == [
        ("Resource structure", "ALICESCOP", "Citizen media and cooperatives"),
        ("Resource structure", "BABALEX", "Legal citizenship, commons and SSE"),
        ("Resource structure", "OPALE", "Culture and entrepreneurship"),
        ("Sector federation", "Artisans du Monde", "Fair trade"),
        ("Sector federation", "CNLRQ", "Neighbourhood enterprises"),
        ("Sector federation", "MIRAMAP", "Short food circuits, responsible food"),
        ("Sector federation", "Route des SEL", "Non-monetary exchange"),
        ("Sector federation", "UFISC", "Culture"),
    ]


def test_bodies_mes_belongs_to_and_takes_part_in(store):
    member_of = rows(
        store,
        f"""SELECT ?body WHERE {{ {MES} org:memberOf ?b . ?b skos:prefLabel ?body .
            FILTER(lang(?body) = "fr") }}""",
    )
    assert [b for (b,) in member_of] == [
        "Collectif des associations citoyennes",
        "Collectif pour une transition citoyenne",
        "ESS France",
        "Inter-réseaux des PTCE",
        "RIPESS Europe",
        "Transiscope",
    ]
    # the Conseil supérieur is a participation, not a membership; RIPESS Europe was founded
    # by MES among others (schema:founder)
    founded = rows(
        store,
        f'SELECT ?o WHERE {{ ?b schema:founder {MES} ; skos:prefLabel ?o FILTER(lang(?o)="fr") }}',
    )
    assert founded == [("RIPESS Europe",)]


def test_roles_of_mes_in_ripess_europe_since_the_start(store):
    found = rows(
        store,
        f"""SELECT ?role ?since WHERE {{
            ?ms org:member {MES} ; org:organization ?r ; org:role/skos:prefLabel ?role ;
                org:memberDuring/time:hasBeginning/skos:prefLabel ?since .
            ?r skos:prefLabel "RIPESS Europe"@en .
            FILTER(lang(?role) = "en" && lang(?since) = "en") }}""",
    )
    assert found == [
        ("Founding member", "Founding of RIPESS Europe"),
        ("Member of the coordination committee", "Founding of RIPESS Europe"),
    ]


def test_researchers_and_their_institutions(store):
    found = rows(
        store,
        f"""SELECT ?name ?institution WHERE {{
            ?p a foaf:Person ; foaf:name ?name ; org:memberOf {MES} .
            OPTIONAL {{
                ?p org:memberOf ?i . FILTER(?i != {MES})
                ?m org:member ?p ; org:organization ?i .
                ?i skos:prefLabel ?institution }} }}""",
    )
    assert found == [
        ("Alexane Heredia", ""),
        ("Jean-Louis Laville", "CNAM Paris"),
        ("Josette Combes", "RIUESS"),
        ("Laurent Fraisse", "Collège d'études mondiales"),
        ("Laurent Gardin", "CHAIR'ESS"),
    ]


def test_founding_date_place_and_predecessor_of_mes(store):
    found = store.query(
        PREFIXES
        + f"""SELECT ?date ?place ?predecessor ?since WHERE {{
            {MES} schema:foundingDate ?date ; schema:foundingLocation/skos:prefLabel ?place ;
                org:resultedFrom ?event .
            ?event a org:ChangeEvent ; org:originalOrganization ?p ;
                org:resultingOrganization {MES} .
            ?p skos:prefLabel ?predecessor ; schema:foundingDate ?since .
            FILTER(lang(?place) = "fr" && lang(?predecessor) = "fr") }}"""
    )
    (row,) = list(found)
    assert row["date"] == ox.Literal(
        "2002-03", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )
    assert row["place"].value == "Lille"
    assert row["predecessor"].value == "Inter-Réseaux de l'Économie Solidaire"
    assert row["since"].value == "1997-06"


def test_legal_form_homepage_and_mission_of_mes(store):
    found = rows(
        store,
        f"""SELECT ?form ?home WHERE {{
            {MES} org:classification ?f ; foaf:homepage ?home .
            ?f skos:inScheme/skos:prefLabel "Legal forms"@en ; skos:prefLabel ?form .
            FILTER(lang(?form) = "fr") }}""",
    )
    assert found == [("Association loi 1901", "https://www.le-mes.org/")]


def test_every_membership_and_actor_has_a_source(store):
    unsourced = rows(
        store,
        """SELECT ?x WHERE {
            { ?x a org:Membership FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s } }
            UNION
            { ?x a org:Organization FILTER NOT EXISTS { ?x dcterms:source ?s } }
            UNION
            { ?x a foaf:Person FILTER NOT EXISTS { ?x dcterms:source ?s } } }""",
    )
    assert unsourced == []
    (count,) = rows(
        store,
        """SELECT (COUNT(?m) AS ?n) WHERE {
            ?m a org:Membership ; prov:wasDerivedFrom ?doc .
            ?doc dcterms:title "Présentation du Mouvement pour l'Économie Solidaire"@fr }""",
    )
    assert count == ("29",)


def test_source_list_of_researchers_is_marked_not_exhaustive(dataset):
    from mes_graph.base.terms import ID, MES

    assert (ID["organisation/mes"], MES.nonExhaustiveRole, ID["concept/role/chercheur-acteur"]) in (
        dataset
    )


def test_source_spelling_slips_kept_as_hidden_labels(store):
    found = rows(
        store,
        """SELECT ?label ?slip WHERE { ?x skos:hiddenLabel ?slip ; skos:prefLabel ?label .
            FILTER(lang(?label) = "fr")
            FILTER(?slip IN ("Haut de France"@fr, "Bourgogne Franche Conté"@fr,
                             "Culture et entreprenariat"@fr)) }""",
    )
    assert found == [
        ("Bourgogne-Franche-Comté", "Bourgogne Franche Conté"),
        ("Culture et entrepreneuriat", "Culture et entreprenariat"),
        ("Hauts-de-France", "Haut de France"),
    ]


def test_strategic_axes_and_priority_actions(store):
    axes = rows(
        store,
        f"""SELECT ?code WHERE {{ {MES} org:classification ?a .
            ?a skos:inScheme/skos:prefLabel "MES strategic axes"@en ; skos:notation ?code }}""",
    )
    assert axes == [("A1",), ("A2",), ("A3",), ("A4",), ("A5",)]
    actions = rows(
        store,
        """SELECT ?code WHERE {
            ?s skos:prefLabel "Priority actions of the 2019-2022 strategic project"@en ;
               skos:hasTopConcept/skos:notation ?code }""",
    )
    assert actions == [("P1",), ("P2",), ("P3",), ("P4",), ("P5",)]
