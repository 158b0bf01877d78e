"""Loading with provenance, validation against the shapes, and bad input."""

from __future__ import annotations

import random
import warnings
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from mes_graph.base.terms import GRAPH, ID, ORG, PROV, RDF, SCHEMA, XSD
from mes_graph.engine import union_graph
from mes_graph.load import LoadError, load, parse_turtle, resource_dir
from mes_graph.validate import validate

FIXTURES = Path(__file__).parent / "fixtures"
SEED = ID["source/mes-presentation"]
INSEE = URIRef("https://www.insee.fr/fr/information/2560452")
SH = "http://www.w3.org/ns/shacl#"


def graph_names(dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}


def test_every_statement_sits_in_the_named_graph_of_its_source(dataset):
    ontology, graph = resource_dir() / "ontology", resource_dir() / "graph"
    terms = len(parse_turtle(ontology / "mes.ttl") + parse_turtle(ontology / "metrics.ttl"))
    vocabularies = [ontology / "vocabularies" / f"{n}.ttl" for n in ("kinds", "legal-forms",
                    "roles", "sectors")]  # fmt: skip
    seed = [graph / f"{n}.ttl" for n in ("mouvement", "instances", "personnes",
            "reseaux-territoriaux", "federations", "structures-ressources")]  # fmt: skip
    seed.append(ontology / "vocabularies" / "strategy.ttl")  # MES's axes and actions
    assert graph_names(dataset) == {
        str(SEED): sum(len(parse_turtle(p)) for p in seed),
        str(INSEE): 151,  # the regions and Lille, as INSEE gives them
        "https://unstats.un.org/unsd/methodology/m49/": 20,  # France and Europe
        str(ID["source/traductions-et-notes"]): len(parse_turtle(graph / "traductions.ttl")),
        "http://cresol.fr/index.php/presentation/nos-convictions": 2,  # the names that
        "http://webalice.viabloga.com/alice_cooperatif_concept.shtml": 3,  # organisations
        "http://www.cnam-bourgognefranchecomte.fr/le-cnam": 3,  # give themselves
        str(GRAPH["ontology"]): terms,
        str(GRAPH["vocabularies"]): sum(len(parse_turtle(p)) for p in vocabularies),
        str(GRAPH["data/sources"]): len(parse_turtle(graph / "sources.ttl")),
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
                ("person:anonyme", "dcterms:source"),
                ("person:anonyme", "foaf:name"),
                ("person:anonyme", "org:classification"),
            ],
        ),
    ],
)
def test_shapes_reject_broken_fixtures(name, expected):
    # sh:node gives one result, on the focus node, not those of the nested shape (SHACL
    # 4.7.1): region:99 is the value of the result of orga:reseau-sans-contrat
    violations = validate(load([FIXTURES / name]))
    assert [(v.resource, v.path) for v in violations] == expected
    assert all(v.message and v.severity == "Violation" for v in violations)


def test_each_result_names_focus_path_value_shape_component_and_severity():
    found = validate(load([FIXTURES / "invalid-organisation.ttl"]))
    served = next(v for v in found if v.path == "schema:areaServed")
    assert (served.resource, served.value, served.component, served.severity) == (
        "orga:reseau-sans-contrat",
        "region:99",
        "sh:NodeConstraintComponent",
        "Violation",
    )
    region = ox.NamedNode(str(ID["place/region/99"]))
    organisation = ox.NamedNode(str(ID["organisation/reseau-sans-contrat"]))
    assert (served.focus_node, served.value_node) == (organisation, region)
    assert served.result_path == ox.NamedNode(str(SCHEMA.areaServed))
    assert served.source_constraint_component == ox.NamedNode(SH + "NodeConstraintComponent")
    assert served.result_severity == ox.NamedNode(SH + "Violation")
    assert served.shape.startswith("[sh:message ") and "sh:path schema:areaServed" in served.shape
    assert isinstance(served.source_shape, ox.BlankNode)
    assert [(v.path, v.component, v.value) for v in found] == [
        ("dcterms:source", "sh:MinCountConstraintComponent", ""),
        ("org:classification", "sh:QualifiedMinCountConstraintComponent", ""),
        ("rdf:type", "sh:HasValueConstraintComponent", ""),
        ("schema:areaServed", "sh:NodeConstraintComponent", "region:99"),
        ("schema:foundingDate", "sh:OrConstraintComponent", '"2004"'),
        ("skos:prefLabel", "sh:QualifiedMinCountConstraintComponent", ""),
    ]


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
    """What pySHACL, the reference, reports: (resource, path) of each result of the report
    (those it nests in ``sh:detail``, the nested shape's under ``sh:node``, are no results
    of the report)."""
    from pyshacl import validate as pyshacl_validate

    from mes_graph.base.terms import SH
    from mes_graph.load import shapes_file

    _, report, _ = pyshacl_validate(
        data, shacl_graph=parse_turtle(shapes or shapes_file()), inference="none", advanced=True
    )

    def name(node) -> str:
        if isinstance(node, Literal):
            return node.n3(data.namespace_manager)
        return "" if node is None else data.namespace_manager.normalizeUri(node)

    return Counter(
        (name(report.value(r, SH.focusNode)), name(report.value(r, SH.resultPath)))
        for r in report.objects(None, SH.result)
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


def test_longer_paths_are_evaluated_here_as_pyshacl_does(tmp_path):
    # a sequence path once sent the whole file to pySHACL; SHACL Core is evaluated here
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
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing handed to pySHACL
        found = validate(data, shapes)
    assert Counter(v.resource for v in found) == Counter(
        resource for (resource, _), n in pyshacl_results(data, shapes).items() for _ in range(n)
    )
    component = "sh:MinCountConstraintComponent"
    assert ("ms:opale--ess-france", "org:organization/foaf:homepage", component) in {
        (v.resource, v.path, v.component) for v in found
    }


def pyshacl_report(data: Graph, shapes: Graph) -> Counter:
    """pySHACL's results as (focus, path, value, source shape, component, severity)."""
    from pyshacl import validate as pyshacl_validate

    from mes_graph.base.convert import to_oxigraph
    from mes_graph.base.terms import SH as SHNS

    _, report, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=True)
    keys = (SHNS.focusNode, SHNS.resultPath, SHNS.value, SHNS.sourceShape)
    keys += (SHNS.sourceConstraintComponent, SHNS.resultSeverity)
    return Counter(
        tuple(None if t is None else to_oxigraph(t) for t in (report.value(r, k) for k in keys))
        for r in report.objects(None, SHNS.result)
    )


def our_report(data: Graph, shapes: Graph) -> Counter:
    return Counter(
        (
            v.focus_node,
            v.result_path,
            v.value_node,
            v.source_shape,
            v.source_constraint_component,
            v.result_severity,
        )
        for v in validate(data, shapes)
    )


@pytest.mark.parametrize("seed", range(4))
def test_every_result_is_pyshacl_s_on_the_contract(seed):
    # the same shapes graph for both, so that its blank nodes (the shapes) are the same
    shapes = parse_turtle(resource_dir() / "ontology" / "shapes.ttl")
    data = mutated(union_graph(load([FIXTURES / "valid-actor.ttl"])), seed, count=15)
    ours = our_report(data, shapes)
    assert ours == pyshacl_report(data, shapes)
    assert ours


@pytest.mark.parametrize(
    "name", ["invalid-organisation.ttl", "invalid-membership.ttl", "invalid-person.ttl"]
)
def test_every_result_is_pyshacl_s_on_the_broken_fixtures(name):
    shapes = parse_turtle(resource_dir() / "ontology" / "shapes.ttl")
    data = union_graph(load([FIXTURES / name]))
    assert our_report(data, shapes) == pyshacl_report(data, shapes)


def test_every_result_is_pyshacl_s_on_the_dataset_description():
    from mes_graph.describe import CATALOG, DATASET, PUBLISHER, dcat_shapes_file, describe

    shapes = parse_turtle(dcat_shapes_file())
    description = describe(load())
    broken = Graph()
    broken += description
    titles = sorted(description.triples((None, URIRef("http://purl.org/dc/terms/title"), None)))
    for s, p, o in [t for t in titles if t[0] in (CATALOG, DATASET)][:2]:
        broken.remove((s, p, o))  # a title short: the catalogue's or the dataset's
    broken.remove((PUBLISHER, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Organization")))
    ours = our_report(broken, shapes)
    assert ours == pyshacl_report(broken, shapes)
    assert ours and not our_report(description, shapes)


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def write(path: Path, text: str) -> Path:
    path.write_text(SHAPES_HEAD + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
def test_literals_are_checked_as_written(tmp_path, engine):
    # Oxigraph keeps "5"^^xsd:byte as "5"^^xsd:integer, "1.50"^^xsd:decimal as "1.5", and
    # the ill-formed "300"^^xsd:byte as "300"^^xsd:integer: validation sees the file's forms
    data = write(
        tmp_path / "data.ttl",
        """ex:a ex:small "5"^^xsd:byte ; ex:price "1.50"^^xsd:decimal .
ex:b ex:small "300"^^xsd:byte ; ex:price "1.5"^^xsd:decimal .
ex:c ex:small "01"^^xsd:byte .
""",
    )
    shapes = write(
        tmp_path / "shapes.ttl",
        """ex:Small a sh:PropertyShape ; sh:targetSubjectsOf ex:small ; sh:path ex:small ;
    sh:datatype xsd:byte ; sh:in ( "5"^^xsd:byte "300"^^xsd:byte "01"^^xsd:byte ) .
ex:Price a sh:PropertyShape ; sh:targetSubjectsOf ex:price ; sh:path ex:price ;
    sh:pattern "^1\\\\.50$" ; sh:minLength 4 ;
    sh:minInclusive 1.5 ; sh:maxExclusive "1.6"^^xsd:decimal .
""",
    )
    found = validate(load([data], shipped=False, engine=engine), shapes)
    assert [(v.resource, v.path, v.value, v.component) for v in found] == [
        ("<http://example.org/b>", "<http://example.org/price>", '"1.5"^^xsd:decimal',
         "sh:PatternConstraintComponent"),
        ("<http://example.org/b>", "<http://example.org/price>", '"1.5"^^xsd:decimal',
         "sh:MinLengthConstraintComponent"),
        ("<http://example.org/b>", "<http://example.org/small>", '"300"^^xsd:byte',
         "sh:DatatypeConstraintComponent"),
    ]  # fmt: skip
    byte = ox.NamedNode(str(XSD.byte))
    assert found[2].value_node == ox.Literal("300", datatype=byte)


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
def test_the_four_cases_of_the_issue(tmp_path, engine):
    shapes = write(
        tmp_path / "shapes.ttl",
        """ex:Byte a sh:PropertyShape ; sh:targetSubjectsOf ex:p ; sh:path ex:p ;
    sh:datatype xsd:byte .
ex:Decimal a sh:PropertyShape ; sh:targetSubjectsOf ex:d ; sh:path ex:d ;
    sh:pattern "^1\\\\.50$" ; sh:minLength 4 .
""",
    )
    cases = {
        'ex:x ex:p "300"^^xsd:byte .': ["sh:DatatypeConstraintComponent"],
        'ex:x ex:p "5"^^xsd:byte .': [],
        'ex:x ex:d "1.50"^^xsd:decimal .': [],
    }
    for number, (text, expected) in enumerate(cases.items()):
        data = write(tmp_path / f"data-{number}.ttl", text + "\n")
        found = validate(load([data], shipped=False, engine=engine), shapes)
        assert [v.component for v in found] == expected, text


def test_a_value_written_twice_is_checked_in_each_form(tmp_path):
    # "07" and "+7" are one value, stored once as "7": each form is a value node
    data = write(tmp_path / "data.ttl", 'ex:x ex:p "07"^^xsd:integer , "+7"^^xsd:integer .\n')
    shapes = write(
        tmp_path / "shapes.ttl",
        'ex:S sh:targetNode ex:x ; sh:property [ sh:path ex:p ; sh:pattern "^0" ] .\n',
    )
    dataset = load([data], shipped=False)
    assert len(dataset) == 1
    found = validate(dataset, shapes)
    assert [v.value for v in found] == ['"+7"^^xsd:integer']


def test_a_plain_graph_is_taken_as_written():
    graph = Graph()
    graph.add((URIRef("http://example.org/x"), URIRef("http://example.org/p"), Literal("a")))
    assert not hasattr(graph, "literals_as_written")
    shapes = Graph().parse(
        data=SHAPES_HEAD + "ex:S sh:targetNode ex:x ; sh:property [ sh:path ex:p ; "
        "sh:datatype xsd:string ; sh:maxLength 1 ] .",
        format="turtle",
    )
    assert validate(graph, shapes) == []


def test_paths_are_printed_in_sparql_syntax(tmp_path):
    data = write(tmp_path / "data.ttl", "ex:x ex:a ex:y . ex:z ex:b ex:x .\n")
    paths = [
        "[ sh:inversePath ex:b ]",
        "( ex:a ex:b )",
        "[ sh:alternativePath ( ex:a ex:b ) ]",
        "[ sh:zeroOrMorePath ex:a ]",
        "[ sh:oneOrMorePath ex:a ]",
        "[ sh:zeroOrOnePath ex:a ]",
        "( [ sh:inversePath ex:b ] [ sh:zeroOrMorePath ( ex:a ex:b ) ] )",
        "[ sh:inversePath ( ex:a [ sh:alternativePath ( ex:a [ sh:inversePath ex:b ] ) ] ) ]",
    ]
    shapes = write(
        tmp_path / "shapes.ttl",
        "".join(
            f"ex:s{i} sh:targetNode ex:x ; sh:path {p} ; sh:minCount 9 .\n"
            for i, p in enumerate(paths)
        ),
    )
    found = validate(load([data], shipped=False), shapes)
    texts = [v.path.replace("<http://example.org/", "").replace(">", "") for v in found]
    assert sorted(texts) == sorted(
        ["^b", "a/b", "(a|b)", "a*", "a+", "a?", "^b/(a/b)*", "^(a/(a|^b))"]
    )


def test_sh_unique_lang_is_on_only_for_true(tmp_path):
    data = write(tmp_path / "data.ttl", 'ex:x ex:label "a"@fr , "b"@fr .\n')
    found = {}
    for value in ("true", '"1"^^xsd:boolean', "false"):
        shapes = write(
            tmp_path / "shapes.ttl",
            f"ex:S sh:targetNode ex:x ; sh:property [ sh:path ex:label ; sh:uniqueLang {value} ]"
            " .\n",
        )
        found[value] = [v.component for v in validate(load([data], shipped=False), shapes)]
    assert found == {
        "true": ["sh:UniqueLangConstraintComponent"],
        '"1"^^xsd:boolean': [],
        "false": [],
    }


def test_only_components_defined_in_the_shapes_go_to_pyshacl(tmp_path):
    # SHACL-SPARQL: a constraint component of the shapes' own; pySHACL gives its results,
    # SHACL Core's (sh:minCount here) are ours, not given twice
    data = write(tmp_path / "data.ttl", "ex:x ex:p 1 .\n")
    shapes = write(
        tmp_path / "shapes.ttl",
        """ex:Component a sh:ConstraintComponent ; sh:parameter [ sh:path ex:answer ] ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:message "not the answer" ;
                   sh:ask "ASK { FILTER ($value = $answer) }" ] .
ex:S sh:targetNode ex:x ; sh:property [ sh:path ex:p ; ex:answer 42 ; sh:minCount 2 ] .
""",
    )
    with pytest.warns(UserWarning, match="constraint components of their own"):
        found = validate(load([data], shipped=False), shapes)
    assert [(v.component, v.value, v.message) for v in found] == [
        ("sh:MinCountConstraintComponent", "", "fewer than 2 values"),
        ("<http://example.org/Component>", "", "not the answer"),  # pySHACL gives no value
    ]
    assert found[1].source_shape == found[0].source_shape  # the property shape


def test_the_memory_engine_gives_the_same_violations():
    files = [FIXTURES / "invalid-person.ttl", FIXTURES / "invalid-membership.ttl"]
    assert validate(load(files, engine="memory")) == validate(load(files))
