"""Loading with provenance, validation against the shapes, and bad input."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from mes_graph.load import LoadError, load, parse_turtle, resource_dir, union_graph
from mes_graph.terms import GRAPH, ID, ORG, PROV, RDF, XSD
from mes_graph.validate import validate

FIXTURES = Path(__file__).parent / "fixtures"
SEED = ID["source/mes-presentation"]
INSEE = URIRef("https://www.insee.fr/fr/information/2560452")


def graph_names(dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}


def test_every_statement_sits_in_the_named_graph_of_its_source(dataset):
    ontology = resource_dir() / "ontology"
    terms = len(parse_turtle(ontology / "mes.ttl") + parse_turtle(ontology / "metrics.ttl"))
    code_lists = sum(len(parse_turtle(p)) for p in ontology.glob("vocabularies/*.ttl"))
    strategy = len(parse_turtle(ontology / "vocabularies" / "strategy.ttl"))
    data = sum(len(parse_turtle(p)) for p in (resource_dir() / "graph").glob("*.ttl"))
    assert graph_names(dataset) == {
        str(SEED): data - 9 + strategy,  # the data of graph/, and MES's axes and actions
        str(INSEE): 177,  # the regions and Lille
        str(GRAPH["ontology"]): terms,
        str(GRAPH["vocabularies"]): code_lists - strategy - 177,
        str(GRAPH["data/sources"]): 9,  # the source document's own description
    }
    seed = dataset.graph(SEED)
    # every membership, with its interval and instant, is in the seed's graph
    memberships = set(seed.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 29
    assert all((m, PROV.wasDerivedFrom, SEED) in seed for m in memberships)
    assert (ID["time/fondation-ripess-europe"], None, None) in seed


def test_the_default_graph_is_the_union(dataset):
    assert len(dataset) == sum(graph_names(dataset).values())
    assert (ID["organisation/ardes"], ORG.memberOf, ID["organisation/mes"]) in dataset


def test_user_data_joins_the_graph_of_its_own_source(dataset):
    extended = load([FIXTURES / "valid-actor.ttl"])
    fixture = extended.graph(URIRef("https://example.org/fixture"))
    assert len(fixture) == 13
    assert len(extended) == len(dataset) + 13
    assert validate(extended) == []


def test_a_subject_without_source_falls_back_to_the_graph_of_its_file(tmp_path):
    path = tmp_path / "notes.ttl"
    path.write_text("<urn:a> <urn:p> 'x' .\n", encoding="utf-8")
    assert graph_names(load([path], shipped=False)) == {str(GRAPH["data/notes"]): 1}


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf<urn:a> <urn:p> 'x' .\n")
    assert len(parse_turtle(path)) == 1


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("broken-line-7.ttl", 7, "Unexpected end of file (column 19)"),
        (
            "not-utf8.ttl",
            2,
            "Invalid UTF-8: invalid utf-8 sequence of 1 bytes from index 0 (column 25)",
        ),
    ],
)
def test_broken_turtle_names_file_and_line(name, line, message):
    with pytest.raises(LoadError) as caught:
        load([FIXTURES / name])
    assert caught.value.line == line
    assert str(caught.value) == f"{FIXTURES / name}:{line}: {message}"


def test_missing_file(tmp_path):
    with pytest.raises(LoadError, match=r"nope\.ttl: no such file"):
        load([tmp_path / "nope.ttl"])


def test_shipped_graph_conforms(dataset):
    assert validate(dataset) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "invalid-organisation.ttl",
            [
                ("orga:reseau-sans-contrat", "dcterms:source"),
                ("orga:reseau-sans-contrat", "org:classification"),
                ("orga:reseau-sans-contrat", "rdf:type"),
                ("orga:reseau-sans-contrat", "schema:areaServed"),
                ("orga:reseau-sans-contrat", "schema:foundingDate"),
                ("orga:reseau-sans-contrat", "skos:prefLabel"),
                ("region:99", "skos:prefLabel"),
            ],
        ),
        (
            "invalid-membership.ttl",
            [
                ("ms:opale--ess-france", "org:role"),
                ("ms:opale--ess-france", "prov:wasDerivedFrom"),
                ("orga:babalex", ""),
            ],
        ),
        (
            "invalid-person.ttl",
            [
                ("kind:inconnu", ""),
                ("kind:inconnu", "skos:inScheme"),
                ("person:anonyme", "dcterms:source"),
                ("person:anonyme", "foaf:name"),
                ("person:anonyme", "org:classification"),
            ],
        ),
    ],
)
def test_shapes_reject_broken_fixtures(name, expected):
    violations = validate(load([FIXTURES / name]))
    assert [(v.resource, v.path) for v in violations] == expected
    assert all(v.message and v.severity == "Violation" for v in violations)


def test_membership_without_shortcut_is_reported(tmp_path):
    path = tmp_path / "no-shortcut.ttl"
    path.write_text(
        (FIXTURES / "valid-actor.ttl")
        .read_text(encoding="utf-8")
        .replace("    org:memberOf orga:mes ;\n", ""),
        encoding="utf-8",
    )
    (violation,) = validate(load([path]))
    assert violation.resource == "ms:reseau-test--mes"
    assert "org:memberOf" in violation.message


def pyshacl_results(data, shapes=None) -> Counter:
    """What pySHACL, the reference, reports: (resource, path, message) of each result."""
    from pyshacl import validate as pyshacl_validate

    from mes_graph.load import shapes_file
    from mes_graph.terms import SH

    _, report, _ = pyshacl_validate(
        data, shacl_graph=parse_turtle(shapes or shapes_file()), inference="none", advanced=True
    )

    def name(node) -> str:
        if isinstance(node, Literal):
            return node.n3(data.namespace_manager)
        return "" if node is None else data.namespace_manager.normalizeUri(node)

    return Counter(
        (name(report.value(r, SH.focusNode)), name(report.value(r, SH.resultPath)))
        for r in report.subjects(SH.resultSeverity, None)
    )


def mutated(data: Graph, seed: int, count: int) -> Graph:
    """A copy of ``data`` with ``count`` random faults: statements dropped, duplicated
    with another language, a wrong datatype or kind, or turned around."""
    rng = random.Random(seed)
    statements = sorted(data)
    broken = Graph(namespace_manager=data.namespace_manager)
    for statement in statements:
        broken.add(statement)
    for _ in range(count):
        s, p, o = rng.choice(statements)
        fault = rng.randrange(6)
        if fault == 0:
            broken.remove((s, p, o))
        elif fault == 1:
            broken.add((s, p, Literal(f"{o} bis", lang=rng.choice(["fr", "en", "de"]))))
        elif fault == 2:
            broken.add((s, p, Literal("2004-12", datatype=XSD.gYearMonth)))
        elif fault == 3:
            broken.add((s, p, URIRef("https://example.org/nowhere")))
        elif fault == 4 and not isinstance(o, Literal):
            broken.add((o, p, s))
        elif fault == 5:
            broken.add((s, p, Literal("plain")))
    return broken


@pytest.mark.parametrize("seed", range(12))
def test_validation_on_oxigraph_finds_what_pyshacl_finds(seed):
    data = union_graph(load([FIXTURES / "valid-actor.ttl"]))
    broken = mutated(data, seed, count=15)
    found = Counter((v.resource, v.path) for v in validate(broken))
    assert found == pyshacl_results(broken)
    assert found  # 15 faults break the contract somewhere


def test_validation_gives_the_shapes_messages_and_readable_defaults(tmp_path):
    # stricter than pySHACL, which takes "20x0" for a year
    path = tmp_path / "faults.ttl"
    path.write_text(
        (FIXTURES / "valid-actor.ttl").read_text(encoding="utf-8")
        + 'orga:reseau-test schema:foundingDate "20x0"^^<http://www.w3.org/2001/XMLSchema#gYear> ;'
        + ' <http://xmlns.com/foaf/0.1/homepage> "http://example.org" .\n',
        encoding="utf-8",
    )
    assert [str(v) for v in validate(load([path]))] == [
        "Violation: orga:reseau-test foaf:homepage: "
        '"http://example.org" is not of node kind sh:IRI',
        "Violation: orga:reseau-test schema:foundingDate: schema:foundingDate is one "
        "typed date (xsd:gYear, xsd:gYearMonth or xsd:date)",
    ]


def test_shapes_beyond_what_oxigraph_evaluates_go_to_pyshacl(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
[] a sh:NodeShape ; sh:targetClass org:Membership ;
   sh:property [ sh:path ( org:organization foaf:homepage ) ; sh:minCount 1 ;
                 sh:message "the organisation of a membership has a homepage" ] .
""",
        encoding="utf-8",
    )
    data = union_graph(load([FIXTURES / "invalid-membership.ttl"]))
    with pytest.warns(UserWarning, match="a path longer than one step: validating with pySHACL"):
        found = validate(data, shapes)
    assert Counter(v.resource for v in found) == Counter(
        resource for (resource, _), n in pyshacl_results(data, shapes).items() for _ in range(n)
    )
    assert ("ms:opale--ess-france", "org:organization/foaf:homepage") in {
        (v.resource, v.path) for v in found
    }


def test_the_memory_engine_gives_the_same_violations():
    files = [FIXTURES / "invalid-person.ttl", FIXTURES / "invalid-membership.ttl"]
    assert validate(load(files, engine="memory")) == validate(load(files))
