"""Debian's Virtuoso 7.2, as a partner runs it: Digest login, a default graph that is the
union of all its graphs, stock limits (``ResultSetMaxRows`` 10,000). After ``push`` the
catalogue gives the local rows; ``push --replace`` leaves exactly the local graphs;
``analyze --endpoint`` reads every statement of a graph of 200,000+ statements."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from stores import assert_local_rows, pushed, virtuoso_load

from mes_graph import network as nw
from mes_graph import sparql
from mes_graph.cli import main
from mes_graph.load import load
from mes_graph.sparql import catalogue, execute, parse_header
from mes_graph.synth import write_synthetic

DBA = {"MES_GRAPH_USER": "dba", "MES_GRAPH_PASSWORD": "dba"}
"""The stock account of a new Virtuoso database."""

QUADS = parse_header(
    "# param: g | IRI | required | the graph\nSELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def system_graphs(virtuoso) -> set[str]:
    """The graphs a new Virtuoso database holds of its own (its schemas, LDP, OWL)."""
    return graphs_of(virtuoso + "/sparql")


@pytest.fixture(scope="module")
def filled(virtuoso, system_graphs, monkeypatch_module) -> str:
    """Virtuoso's query endpoint, after ``mes-graph push`` of the embedded graph."""
    for name, value in DBA.items():
        monkeypatch_module.setenv(name, value)
    assert main(["push", "--endpoint", virtuoso + "/sparql-auth", "--replace"]) == 0
    return virtuoso + "/sparql"


def graphs_of(endpoint: str) -> set[str]:
    found = execute("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", endpoint=endpoint)
    return {str(g) for (g,) in found.rows}


def test_push_logs_in_with_digest_and_says_when_it_cannot(virtuoso, filled, capsys):
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MES_GRAPH_USER")
        patch.delenv("MES_GRAPH_PASSWORD")
        assert main(["push", "--endpoint", virtuoso + "/sparql-auth"]) == 3
    err = capsys.readouterr().err
    assert "HTTP 401" in err and err.count("\n") == 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MES_GRAPH_PASSWORD", "wrong")
        assert main(["push", "--endpoint", virtuoso + "/sparql-auth"]) == 3
    assert "HTTP 401" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_the_catalogue_gives_the_local_rows(name, dataset, filled):
    assert_local_rows(name, dataset, filled)


def test_push_replace_leaves_exactly_the_local_graphs(
    virtuoso, filled, system_graphs, dataset, hostile_file
):
    update = virtuoso + "/sparql-auth"
    local = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert main(["push", "--endpoint", update, "--data", str(hostile_file)]) == 0
    assert graphs_of(filled) - system_graphs > local | {str(sparql.PUSHED)}
    assert main(["push", "--endpoint", update, "--replace"]) == 0
    assert graphs_of(filled) - system_graphs == local | {str(sparql.PUSHED)}
    found = set()
    for name in sorted(local | {str(sparql.PUSHED)}):  # a graph an answer: 10,000 rows at most
        rows = execute(QUADS, {"g": name}, endpoint=filled).rows
        found |= {(URIRef(name), *row) for row in rows}
    assert found == pushed(dataset)


def test_analyze_reads_every_statement_under_the_stock_limits(virtuoso, tmp_path, capsys):
    """6,000 synthetic organisations: 200,000+ statements, 10,000+ of some predicates,
    where Virtuoso gives at most 10,000 rows an answer and sorts at most 10,000."""
    path = write_synthetic(tmp_path / "ess.ttl", 6000)
    synthetic = load([path], shipped=False)
    graph = "urn:x:synthetic"
    virtuoso_load(virtuoso, path, graph)
    endpoint = sparql.Endpoint(virtuoso + "/sparql", graphs=[graph])
    count = execute("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=endpoint)
    assert int(count.rows[0][0]) == len(synthetic) > 200_000
    read = []
    fetch = sparql.fetch_statements

    def counted(*args, **kwargs):
        read.append(fetch(*args, **kwargs))
        return read[-1]

    local = nw.table_csv(nw.metrics_table(nw.alliance_network(synthetic)))
    capsys.readouterr()
    argv = ["analyze", "--endpoint", virtuoso + "/sparql", "--graph", graph, "--format", "csv"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sparql, "fetch_statements", counted)
        assert main(argv) == 0
    assert capsys.readouterr().out.encode() == local
    counts = {p: len(list(synthetic.triples((None, p, None)))) for p in nw.PROJECTION_PREDICATES}
    assert max(counts.values()) > 10_000  # more than Virtuoso gives in one answer
    assert {p: len(list(read[0].triples((None, p, None)))) for p in counts} == counts
