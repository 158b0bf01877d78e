"""GoGoCarto in and out: Transiscope's records around Niort (read in place from
``../shared/data``, ODbL), a native ``elements.json``, broken files, and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from mes_graph.base.terms import ID, MES, ORG, SCHEMA
from mes_graph.engine import query
from mes_graph.load import load
from mes_graph.registers.gogocarto import (
    GRAPH_LICENCE,
    ODBL,
    element_iri,
    elements_json,
    read_gogocarto,
)
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.writing import write_turtle
from mes_graph.validate import validate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NIORT = DATA / "transiscope" / "niort-2020.json"
SOURCE = ID["source/transiscope"]
AGENT = ID["agent/transiscope"]
SCHEME = ID["scheme/transiscope-categories"]
KIND = ID["concept/kind/organisation-ess"]
PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def category(key: str) -> URIRef:
    return ID[f"concept/transiscope/{key}"]


@pytest.fixture(scope="module")
def niort() -> Path:
    if not NIORT.is_file():
        pytest.skip(f"../shared/data absent: {NIORT} (Transiscope around Niort) is read in place")
    return NIORT


@pytest.fixture(scope="module")
def read(niort):
    extract = read_gogocarto(niort)
    return extract, list(extract.units)


@pytest.fixture(scope="module")
def header(read) -> Graph:
    graph = Graph()
    for statement in read[0].header:
        graph.add(statement)
    return graph


@pytest.fixture(scope="module")
def units(read) -> dict[URIRef, set]:
    return {unit[0][0]: set(unit) for unit in read[1]}


@pytest.fixture(scope="module")
def written(niort, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gogocarto") / "transiscope.ttl"
    write_turtle(read_gogocarto(niort), path)
    return path


@pytest.fixture(scope="module")
def loaded(written):
    return load([written])


def objects(statements: set, predicate: URIRef) -> set:
    return {o for _, p, o in statements if p == predicate}


def test_niort_gives_100_organisations(units):
    assert len(units) == 100
    for unit, said in units.items():
        assert str(unit).startswith("https://w3id.org/mes-graph/id/organisation/gogocarto/")
        assert (unit, RDF.type, ORG.Organization) in said
        assert objects({s for s in said if s[0] == unit}, DCTERMS.source) == {SOURCE}
        assert KIND in objects(said, ORG.classification)
        assert len(objects({s for s in said if s[0] == unit}, SKOS.prefLabel)) == 1
    count = {
        prop: sum(any(p == prop for _, p, _ in said) for said in units.values())
        for prop in (SCHEMA.geo, SCHEMA.address, SCHEMA.description, FOAF.homepage, RDFS.seeAlso)
    }
    assert count == {
        SCHEMA.geo: 100,
        SCHEMA.address: 100,
        SCHEMA.description: 99,
        FOAF.homepage: 59,
        RDFS.seeAlso: 100,
    }
    categorised = [u for u, said in units.items() if objects(said, ORG.classification) - {KIND}]
    assert len(categorised) == 84


def test_one_record_exactly(units):
    unit = element_iri("transiscope", "3oEt")
    address, geo = URIRef(f"{unit}/adresse"), URIRef(f"{unit}/geo")
    assert units[unit] == {
        (unit, RDF.type, ORG.Organization),
        (unit, SKOS.prefLabel, Literal("Les Paniers de la Sésinière", lang="fr")),
        (unit, ORG.classification, KIND),
        (unit, ORG.classification, category("33")),
        (unit, ORG.classification, category("3")),
        (unit, SCHEMA.description,
         Literal("Paniers - Légumes bio - Vente à partir de juillet 2010 à Lusignan", lang="fr")),
        (unit, RDFS.seeAlso, URIRef("https://presdecheznous.fr/annuaire#/fiche/id/BBQ")),
        (unit, DCTERMS.source, SOURCE),
        (unit, SCHEMA.address, address),
        (address, RDF.type, SCHEMA.PostalAddress),
        (address, SCHEMA.streetAddress, Literal("7 rue des Fleurs")),
        (address, SCHEMA.postalCode, Literal("86470")),
        (address, SCHEMA.addressLocality, Literal("Benassay")),
        (address, SCHEMA.addressCountry, Literal("FR")),
        (unit, SCHEMA.geo, geo),
        (geo, RDF.type, SCHEMA.GeoCoordinates),
        (geo, SCHEMA.latitude, Literal("46.56037", datatype=XSD.decimal)),
        (geo, SCHEMA.longitude, Literal("0.04569", datatype=XSD.decimal)),
    }  # fmt: skip


def test_countries_web_sites_and_coordinates_as_written(niort, units):
    records = {r["id"]: r for r in json.loads(niort.read_text("utf-8"))}
    countries = [o for said in units.values() for o in objects(said, SCHEMA.addressCountry)]
    assert {str(c) for c in countries} == {"FR"} and len(countries) == 84  # FR, fr, France
    homepages = {str(o) for said in units.values() for o in objects(said, FOAF.homepage)}
    assert {"http://www.lanatural.fr", "http://www.champsdupartage.com"} <= homepages
    assert all(h.startswith(("http://", "https://")) for h in homepages)
    for unit, said in units.items():
        lat = next(iter(objects(said, SCHEMA.latitude)))
        written = json.dumps(records[str(unit).rsplit("/", 1)[-1]]["location"]["lat"])
        assert str(lat) == written


def test_no_email_or_telephone(niort, written):
    records = json.loads(niort.read_text("utf-8"))
    personal = [r[k] for r in records for k in ("email", "telephone") if r.get(k)]
    assert len(personal) == 16
    text = written.read_text("utf-8")
    assert not [value for value in personal if value in text]
    assert "mailto:" not in text and "schema:email" not in text and "telephone" not in text


def test_the_source_under_odbl_and_its_publisher(header):
    assert (SOURCE, RDF.type, MES.SourceDocument) in header
    assert (SOURCE, DCTERMS.license, ODBL) in header
    assert (SOURCE, DCTERMS.publisher, AGENT) in header
    assert header.value(SOURCE, DCTERMS.language) == Literal("fr")
    assert Literal("Transiscope : les éléments de la carte", lang="fr") in set(
        header.objects(SOURCE, DCTERMS.title)
    )
    assert set(header.objects(AGENT, RDF.type)) == {PROV.Organization, DCTERMS.Agent}
    assert header.value(AGENT, FOAF.name) == Literal("Transiscope")


def test_the_scheme_of_17_categories(header):
    concepts = set(header.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 17
    assert set(header.subjects(SKOS.inScheme, SCHEME)) == concepts
    broader = {(str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1])
               for a, b in header.subject_objects(SKOS.broader)}  # fmt: skip
    assert broader == {
        ("3", "33"), ("6", "19"), ("7", "8"), ("9", "8"), ("10", "21"), ("11", "57"),
        ("12", "57"), ("14", "21"), ("15", "8"), ("16", "46"), ("18", "46"),
    }  # fmt: skip
    tops = {category(k) for k in ("8", "19", "21", "33", "46", "57")}
    assert set(header.objects(SCHEME, SKOS.hasTopConcept)) == tops
    assert set(header.subjects(SKOS.topConceptOf, SCHEME)) == tops
    assert header.value(category("3"), SKOS.prefLabel) == Literal(
        "Agriculture et alimentation", lang="fr"
    )
    assert header.value(category("3"), SKOS.notation) == Literal("3")
    assert not list(header.objects(None, SKOS.altLabel))  # shortName is the name, every time
    assert (SCHEME, DCTERMS.publisher, AGENT) in header


def test_loaded_in_the_named_graph_of_the_source(loaded):
    def count(text: str) -> int:
        return int(next(iter(query(loaded, PREFIXES + text)))[0])

    in_graph = f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        GRAPH <{SOURCE}> {{ ?o a org:Organization }} }}"""
    assert count(in_graph) == 100
    outside = f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER (STRSTARTS(STR(?s), "{ID}organisation/gogocarto/") && ?g != <{SOURCE}>) }}"""
    assert count(outside) == 0
    placed = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?o a org:Organization ; dcterms:source ?source ;
           schema:geo [ schema:latitude ?lat ; schema:longitude ?lon ] ;
           schema:address [ a schema:PostalAddress ] .
        ?source dcterms:license ?licence . }"""
    assert count(placed) == 100
    in_niort = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
        ?o a org:Organization ; schema:address/schema:addressLocality "Niort" }"""
    assert count(in_niort) == 10
    food = f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        ?o org:classification/skos:broader* <{category("33")}> }}"""
    categorised = f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        ?o a org:Organization ; org:classification/skos:inScheme <{SCHEME}> }}"""
    assert 0 < count(food) < count(categorised) == 84


def test_the_loaded_graph_conforms_to_the_shapes(loaded):
    assert validate(loaded) == []


def test_the_turtle_file_is_deterministic(niort, written, tmp_path):
    again = tmp_path / "again.ttl"
    write_turtle(read_gogocarto(niort), again)
    assert again.read_bytes() == written.read_bytes()


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
def test_the_export_reads_back_as_the_same_organisations(read, written, engine, tmp_path):
    exported = elements_json(load([written], engine=engine))
    assert exported == elements_json(load([written], engine=engine))
    document = json.loads(exported)
    assert document["licence"] == str(ODBL) and document["ontology"] == "gogofull"
    assert len(document["data"]) == 100
    assert [e["id"] for e in document["data"]] == sorted(e["id"] for e in document["data"])
    first = next(e for e in document["data"] if e["id"] == "3oEt")
    assert first["geo"] == {"latitude": 46.56037, "longitude": 0.04569}
    assert first["categories"] == ["Agriculture et alimentation", "Écologie, Alimentation, Énergie"]
    assert first["source"] == "Transiscope"
    path = tmp_path / "elements.json"
    path.write_bytes(exported)
    again = read_gogocarto(path)
    assert [set(unit) for unit in again.units] == [set(unit) for unit in sorted(
        read[1], key=lambda unit: str(unit[0][0]).rsplit("/", 1)[-1])]  # fmt: skip
    concepts = {s for s in read[0].header if str(s[0]).startswith(str(ID["concept/"]))}
    assert {s for s in again.header if str(s[0]).startswith(str(ID["concept/"]))} == concepts


def test_the_shipped_graph_has_no_placed_organisation(dataset):
    assert json.loads(elements_json(dataset))["data"] == []


def test_an_organisation_of_the_graph_is_exported_with_an_id_from_its_iri():
    graph = Graph().parse(
        format="turtle",
        data=f"""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix schema: <https://schema.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <{ID}organisation/siren/100029172> a org:Organization ; skos:prefLabel "JUNIOR"@fr ;
            org:classification <{KIND}> ; foaf:homepage <https://junior.example.org/> ;
            dcterms:source <{ID}source/insee-sirene> ;
            schema:address [ schema:postalCode "13013" ; schema:addressLocality "MARSEILLE" ] .
        <{KIND}> skos:prefLabel "Structure de l'ESS"@fr .
        <{ID}source/insee-sirene> dcterms:license <https://www.etalab.gouv.fr/licence-ouverte-open-licence/> .
        <{ID}organisation/ardes> a org:Organization ; skos:prefLabel "ARDES"@fr .""",  # noqa: E501
    )
    document = json.loads(elements_json(graph))
    assert document["licence"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert document["data"] == [
        {
            "id": "siren-100029172",
            "name": "JUNIOR",
            "address": {"postalCode": "13013", "addressLocality": "MARSEILLE"},
            "categories": ["Structure de l'ESS"],
            "website": "https://junior.example.org/",
            "source": f"{ID}source/insee-sirene",
        }
    ]
    graph.remove((None, DCTERMS.license, None))
    assert json.loads(elements_json(graph))["licence"] == str(GRAPH_LICENCE)


NATIVE = {  # the shape of GET /api/elements.json (NOTES §4.1): a current map, and one of 2018
    "licence": "https://opendatacommons.org/licenses/odbl/summary/",
    "ontology": "gogofull",
    "data": [
        {"id": "mM", "name": "Fountain", "geo": {"latitude": 48.88482, "longitude": 2.29816},
         "categories": ["Drinking water"]},
        {"id": "3paH", "name": "La Cagette", "geo": {"latitude": 43.6, "longitude": 3.87},
         "sourceKey": "Transiscope",
         "address": {"streetAddress": "1 rue de la Coopération", "addressLocality": "Montpellier",
                     "postalCode": "34000", "addressCountry": "France",
                     "customFormatedAddress": "1 rue de la Coopération, Montpellier"},
         "openHours": {"Mo": "09:00-12:00"}, "createdAt": "11/03/2018",
         "updatedAt": "2024-03-11T09:41:45+01:00", "categories": [10427, 10431],
         "categoriesDescriptions": [], "website": "lacagette-coop.fr",
         "description": "Supermarché coopératif", "telephone": "04 00 00 00 00",
         "email": "contact@example.org", "images": [{"url": "https://example.org/i.png"}],
         "status": 1},
        {"id": 7, "name": "Atelier vélo", "lat": "45.19", "lng": "5.72",
         "address": {"customFormatedAddress": "Halle Pajol, Paris", "addressCountry": "fr"},
         "categoriesFull": [{"id": 5, "name": "Vélo", "parentId": 2},
                            {"id": 2, "name": "Mobilité"}]},
    ],
}  # fmt: skip


def test_a_native_elements_json(tmp_path):
    path = tmp_path / "elements.json"
    path.write_text(json.dumps(NATIVE, indent=2), "utf-8")
    extract = read_gogocarto(path, map_name="presdecheznous")
    assert iter(extract.units) is extract.units  # given lazily
    units = {unit[0][0]: set(unit) for unit in extract.units}
    fountain, cagette, bikes = (element_iri("presdecheznous", i) for i in ("mM", "3paH", "7"))
    assert list(units) == [fountain, cagette, bikes]
    water = ID["concept/presdecheznous/drinking-water"]
    assert water in objects(units[fountain], ORG.classification)
    assert str(next(iter(objects(units[fountain], SCHEMA.latitude)))) == "48.88482"
    assert objects(units[cagette], SCHEMA.addressCountry) == {Literal("FR")}
    assert objects(units[cagette], FOAF.homepage) == {URIRef("http://lacagette-coop.fr")}
    assert {ID["concept/presdecheznous/10427"], ID["concept/presdecheznous/10431"]} <= objects(
        units[cagette], ORG.classification
    )
    asked = (SCHEMA.latitude, SCHEMA.streetAddress, SCHEMA.addressCountry)
    assert {(p, str(o)) for _, p, o in units[bikes] if p in asked} == {
        (SCHEMA.latitude, "45.19"),
        (SCHEMA.streetAddress, "Halle Pajol, Paris"),
        (SCHEMA.addressCountry, "FR"),
    }
    header = set(extract.header)
    bike, mobility = ID["concept/presdecheznous/5"], ID["concept/presdecheznous/2"]
    assert (bike, SKOS.broader, mobility) in header
    assert (ID["scheme/presdecheznous-categories"], SKOS.hasTopConcept, mobility) in header
    source = ID["source/presdecheznous"]
    assert (source, DCTERMS.license, ODBL) in header
    assert (source, DCTERMS.modified, Literal("2024-03-11", datatype=XSD.date)) in header
    assert (water, SKOS.prefLabel, Literal("Drinking water", lang="fr")) in header
    assert (water, SKOS.notation, Literal("drinking-water")) in header
    everything = " ".join(str(o) for said in units.values() for _, _, o in said)
    assert "contact@example.org" not in everything and "04 00" not in everything
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(NATIVE["data"]), "utf-8")
    assert [set(u) for u in read_gogocarto(bare, map_name="presdecheznous").units] == list(
        units.values()
    )


def broken(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "elements.json"
    text = document if isinstance(document, str) else json.dumps(document, indent=2)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("document", "line", "said"),
    [
        ('{"data": [\n  {"id": "a", "name": "A"},\n  {"id": "b", "name": "B"\n', 4,
         "JSON invalide"),
        ({"type": "FeatureCollection", "features": []}, 3, "GeoJSON (clé « features »)"),
        ({"foo": 1}, 1, "l'objet n'a pas de clé « data » (clés : « foo »)"),
        ({"data": {"id": "a"}}, 2, "« data » est un objet"),
        ({"data": [{"id": "a", "name": "A"}, {"id": "b", "nom": ""}]}, 9, "n'a pas de nom"),
        ([{"id": "a", "name": "A", "geo": {"latitude": 123, "longitude": 2}}], 6,
         "latitude hors des bornes (de -90 à 90) : 123"),
        ([{"id": "a", "name": "A", "lat": "x", "lng": 1}], 5, "la latitude n'est pas un nombre"),
        ([{"id": "a", "name": "A", "geo": {"latitude": 46}}], 6, "une latitude sans longitude"),
        ([{"name": "A"}], 2, "l'élément n° 1 n'a pas d'identifiant"),
        ([{"id": "a", "name": "A"}, {"id": "a", "name": "B"}], 7, "identifiant « a » en double"),
        ([["3paH", "A", 46.1, 0.1, [1]]], 2, "(du gogocompact ? demandez ontology=gogofull)"),
        ('"elements"', 1, "le document est un texte"),
    ],
)  # fmt: skip
def test_a_broken_file_names_its_line(tmp_path, document, line, said):
    path = broken(tmp_path, document)
    with pytest.raises(RegisterError) as caught:
        read_gogocarto(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, ligne {line}")
    assert said in message


def test_truncated_transiscope_and_other_bytes(niort, tmp_path):
    text = niort.read_text("utf-8")
    cut = broken(tmp_path, text[:5000])
    with pytest.raises(RegisterError) as caught:
        read_gogocarto(cut)
    assert str(caught.value).startswith(f"{cut}, ligne {text[:5000].count(chr(10)) + 1}, colonne")
    latin = tmp_path / "latin.json"
    latin.write_bytes('[\n{"id": "a", "name": "Créteil"}]'.encode("latin-1"))
    with pytest.raises(RegisterError, match="ligne 2 : le fichier n'est pas en UTF-8"):
        read_gogocarto(latin)
    with pytest.raises(ValueError, match="nom de carte invalide"):
        read_gogocarto(niort, map_name="Trans Iscope")
