"""The W3C SHACL Core test suite, run through ``validate`` as ``mes-graph validate`` runs it.

The suite is read in place from ``../shared/data/w3c-shacl/suite/`` (the Core part of
w3c/data-shapes). Each ``sht:Validate`` test loads its data graph with ``load`` on both
engines, validates it against its shapes graph with our own evaluator (pySHACL is never
asked), and compares the results with the expected ``sh:ValidationReport``: conformance,
and the multiset of results by focus node, path, value, source shape, constraint
component and severity (and message, where the test gives one).

Terms are compared as written. A blank node of the data is compared by the canonical form
(rdflib's canonicalisation) of the whole graph with that node marked, which is exact: two
blank nodes get one key only when an isomorphism of the graphs maps one onto the other.
A path is compared by its structure.
"""

from __future__ import annotations

import functools
import urllib.parse
import warnings
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

import mes_graph.validate as validate_module
from mes_graph.engine import oxigraph_store
from mes_graph.load import load, read_turtle
from mes_graph.validate import validate

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "data" / "w3c-shacl" / "suite" / "tests" / "core"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
TYPE, FIRST, REST, NIL = (ox.NamedNode(RDF + n) for n in ("type", "first", "rest", "nil"))


def sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


class Triples:
    """A file's statements as written (pyoxigraph terms), indexed by subject."""

    def __init__(self, triples) -> None:
        self.triples = list(dict.fromkeys(triples))
        self.out: dict = {}
        for s, p, o in self.triples:
            self.out.setdefault(s, {}).setdefault(p, []).append(o)

    def objects(self, s, p) -> list:
        return self.out.get(s, {}).get(p, [])

    def value(self, s, p):
        found = self.objects(s, p)
        return found[0] if found else None

    def items(self, node) -> list:
        found = []
        while node != NIL:
            found.append(self.value(node, FIRST))
            node = self.value(node, REST)
        return found

    @functools.cached_property
    def rdflib(self) -> Graph:
        """The statements as an rdflib graph, literals kept as written."""
        graph = Graph()
        with warnings.catch_warnings():  # rdflib on ill-typed literals ("none"^^xsd:boolean)
            warnings.simplefilter("ignore")
            for triple in self.triples:
                graph.add(tuple(map(rdflib_term, triple)))
        return graph

    @functools.cache  # noqa: B019 - a handful of graphs, kept for the session
    def blank_key(self, node) -> str:
        """The canonical form of the graph with ``node`` marked: an exact key of a blank node."""
        graph = Graph()
        graph += self.rdflib
        mark = URIRef("urn:x-test:mark")
        graph.add((rdflib_term(node), mark, mark))
        return "\n".join(sorted(to_canonical_graph(graph).serialize(format="nt").splitlines()))


def rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def file_of(iri) -> Path:
    return Path(urllib.parse.unquote(urllib.parse.urlparse(iri.value).path))


@functools.cache
def read(path: Path) -> Triples:
    return Triples((t.subject, t.predicate, t.object) for t in read_turtle(path))


def manifest_tests() -> list:
    """Every ``sht:Validate`` test of the suite: (name, file, entry)."""
    if not SUITE.is_dir():
        return []
    found, todo, seen = [], [SUITE / "manifest.ttl"], set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        graph = read(path)
        manifest = ox.NamedNode(path.as_uri())
        todo += [file_of(i) for i in graph.objects(manifest, MF_INCLUDE)]
        for entries in graph.objects(manifest, MF_ENTRIES):
            for entry in graph.items(entries):
                if ox.NamedNode(SHT + "Validate") in graph.objects(entry, TYPE):
                    name = f"{path.parent.name}/{entry.value.rsplit('/', 1)[-1]}"
                    found.append((name, path, entry))
    return found


MF_INCLUDE, MF_ENTRIES = ox.NamedNode(MF + "include"), ox.NamedNode(MF + "entries")
TESTS = manifest_tests()
needs_suite = pytest.mark.skipif(
    not SUITE.is_dir(), reason=f"the W3C SHACL test suite is not at {SUITE} (../shared absent)"
)


def path_key(graph: Triples, node):
    """A SHACL path by its structure."""
    if isinstance(node, ox.NamedNode):
        return node.value
    if graph.objects(node, FIRST):
        return ("sequence", *(path_key(graph, step) for step in graph.items(node)))
    if (members := graph.value(node, sh("alternativePath"))) is not None:
        return ("alternativePath", *(path_key(graph, m) for m in graph.items(members)))
    for kind in ("inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        if (inner := graph.value(node, sh(kind))) is not None:
            return (kind, path_key(graph, inner))
    raise AssertionError(f"not a path: {node}")


def node_key(graph: Triples, node):
    if isinstance(node, ox.BlankNode):
        return ("blank", graph.blank_key(node))
    return node


def expected_results(manifest: Triples, report, with_messages: bool) -> Counter:
    found = Counter()
    for result in manifest.objects(report, sh("result")):
        path = manifest.value(result, sh("resultPath"))
        message = manifest.value(result, sh("resultMessage"))
        found[
            (
                node_key(manifest, manifest.value(result, sh("focusNode"))),
                None if path is None else path_key(manifest, path),
                node_key(manifest, manifest.value(result, sh("value"))),
                manifest.value(result, sh("sourceShape")),
                manifest.value(result, sh("sourceConstraintComponent")),
                manifest.value(result, sh("resultSeverity")),
                message.value if with_messages and message is not None else None,
            )
        ] += 1
    return found


def data_as_written(dataset) -> Triples:
    """The loaded statements with the literals the store rewrote as the file wrote them."""
    store = oxigraph_store(dataset)
    if store is not None:
        stored = {
            (q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None)
        }
    else:
        from mes_graph.base.convert import to_oxigraph

        stored = {tuple(map(to_oxigraph, q[:3])) for q in dataset.quads()}
    written = dataset.literals_as_written
    return Triples(
        (s, p, form) for s, p, o in sorted(stored, key=str) for form in written.get((s, p, o), (o,))
    )


@pytest.fixture
def core_only(monkeypatch):
    """``validate``, failing if anything is handed to pySHACL or a warning is given."""

    def refuse(*args, **kwargs):
        raise AssertionError("handed to pySHACL")

    monkeypatch.setattr(validate_module, "_pyshacl_violations", refuse)

    def validate_here(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return validate(*args, **kwargs)

    return validate_here


@needs_suite
def test_the_suite_is_all_there():
    assert len(TESTS) == 98
    assert Counter(name.split("/")[0] for name, _, _ in TESTS) == {
        "complex": 2,
        "misc": 5,
        "node": 32,
        "path": 13,
        "property": 38,
        "targets": 7,
        "validation-reports": 1,
    }


@needs_suite
@pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")  # rdflib, loading
@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
@pytest.mark.parametrize(("name", "path", "entry"), TESTS, ids=[t[0] for t in TESTS])
def test_w3c_shacl_core(name, path, entry, engine, core_only):
    manifest = read(path)
    action = manifest.value(entry, ox.NamedNode(MF + "action"))
    data_file = file_of(manifest.value(action, ox.NamedNode(SHT + "dataGraph")))
    shapes_file = file_of(manifest.value(action, ox.NamedNode(SHT + "shapesGraph")))
    shapes = read(shapes_file)
    dataset = load([data_file], shipped=False, engine=engine)
    results = core_only(dataset, shapes=shapes.rdflib)

    report = manifest.value(entry, ox.NamedNode(MF + "result"))
    conforms = manifest.value(report, sh("conforms"))
    assert (not results) is (conforms.value == "true")
    with_messages = any(
        manifest.objects(r, sh("resultMessage")) for r in manifest.objects(report, sh("result"))
    )
    data = data_as_written(dataset)
    found = Counter(
        (
            node_key(data, v.focus_node),
            None if v.result_path is None else path_key(shapes, v.result_path),
            node_key(data, v.value_node),
            v.source_shape,
            v.source_constraint_component,
            v.result_severity,
            v.message if with_messages else None,
        )
        for v in results
    )
    expected = expected_results(manifest, report, with_messages)
    assert found - expected == Counter(), "reported, not expected"
    assert expected - found == Counter(), "expected, not reported"


XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("text", "datatype", "valid"),
    [
        ("-128", "byte", True),
        ("127", "byte", True),
        ("128", "byte", False),
        ("300", "byte", False),
        ("c", "byte", False),
        ("255", "unsignedByte", True),
        ("-1", "unsignedByte", False),
        ("65535", "unsignedShort", True),
        ("32768", "short", False),
        ("2147483647", "int", True),
        ("2147483648", "int", False),
        ("9223372036854775808", "long", False),
        ("18446744073709551615", "unsignedLong", True),
        ("0", "nonNegativeInteger", True),
        ("-1", "nonNegativeInteger", False),
        ("0", "positiveInteger", False),
        ("0", "nonPositiveInteger", True),
        ("-1", "negativeInteger", True),
        ("+007", "integer", True),
        ("1.0", "integer", False),
        ("\u0661", "integer", False),  # an Arabic-Indic digit
        ("1.50", "decimal", True),
        (".5", "decimal", True),
        ("1e3", "decimal", False),
        ("1e3", "double", True),
        ("-INF", "float", True),
        ("NaN", "double", True),
        ("nan", "double", False),
        ("1", "boolean", True),
        ("True", "boolean", False),
        ("2024-02-29", "date", True),
        ("2023-02-29", "date", False),
        ("2024-04-31", "date", False),
        ("2024-01-01Z", "date", True),
        ("2024-01-01+14:00", "date", True),
        ("2024-01-01+14:01", "date", False),
        ("2024-01-01T24:00:00", "dateTime", True),
        ("2024-01-01T24:00:01", "dateTime", False),
        ("2024-01-01T10:00:00", "dateTimeStamp", False),
        ("2004", "gYear", True),
        ("20x0", "gYear", False),
        ("-0044", "gYear", True),
        ("2004-13", "gYearMonth", False),
        ("--02-29", "gMonthDay", True),
        ("--02-30", "gMonthDay", False),
        ("a  b", "token", False),
        ("a b", "token", True),
        ("fr-BE", "language", True),
        ("0fAB", "hexBinary", True),
        ("0fA", "hexBinary", False),
        ("P1Y2M3DT4H5M6.5S", "duration", True),
        ("P", "duration", False),
        ("anything", "string", True),
    ],
)
def test_literals_are_checked_against_their_xsd_type(text, datatype, valid):
    from mes_graph.validate._xsd import well_formed

    assert well_formed(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))) is valid


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [
        (("01", "integer"), ("1.0", "decimal"), 0),
        (("2", "byte"), ("1e1", "double"), -1),
        (("b", "string"), ("a", "string"), 1),
        (("true", "boolean"), ("0", "boolean"), 1),
        (("1", "integer"), ("1", "string"), None),
        (("abc", "integer"), ("1", "integer"), None),
        (("NaN", "double"), ("1", "double"), None),
        (("2002-10-10T12:00:00-05:00", "dateTime"), ("2002-10-10T17:00:00Z", "dateTime"), 0),
        (("2002-10-10T12:00:00", "dateTime"), ("2002-10-10T12:00:00Z", "dateTime"), None),
        (("2002-10-09T00:00:00", "dateTime"), ("2002-10-10T12:00:00Z", "dateTime"), -1),
        (("2002-10-10", "date"), ("2002-10-10T00:00:00", "dateTime"), None),
        (("2001", "gYear"), ("2002", "gYear"), -1),
    ],
)
def test_literals_are_ordered_as_sparql_orders_them(a, b, order):
    from mes_graph.validate._xsd import compare

    def literal(pair):
        return ox.Literal(pair[0], datatype=ox.NamedNode(XSD + pair[1]))

    assert compare(literal(a), literal(b)) == order
    assert compare(literal(b), literal(a)) == (None if order is None else -order)


@pytest.mark.parametrize("shapes", ["shapes.ttl", "dcat-shapes.ttl"])
def test_the_project_s_shapes_are_all_evaluated_here(dataset, shapes, core_only):
    from mes_graph.describe import describe

    data = describe(dataset) if shapes == "dcat-shapes.ttl" else dataset
    assert core_only(data, ROOT / "ontology" / shapes) == []
