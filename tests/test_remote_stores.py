"""Remote stores as they are: a real Oxigraph server whose default graph is a graph of its
own (no ``--union-default-graph``), as most stores have. After ``push``, the commands read
the graphs it recorded, and give the local answers; ``push --replace`` leaves exactly the
local graphs."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from rdflib import URIRef
from stores import ForwardingProxy, assert_local_rows

from mes_graph import sparql
from mes_graph.cli import main
from mes_graph.load import load
from mes_graph.sparql import catalogue, execute, push, store_endpoint

GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.fixture(scope="module")
def plain(oxigraph_plain, dataset) -> str:
    """The query endpoint of a store without a union default graph, filled by ``push``."""
    push(dataset, oxigraph_plain + "/update")
    return oxigraph_plain + "/query"


def run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_the_store_default_graph_is_empty_and_push_records_its_graphs(plain, dataset):
    assert not execute("ASK { ?s ?p ?o }", endpoint=plain).boolean  # nothing by default
    named = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert sparql.pushed_graphs(sparql.Endpoint(plain)) == named
    assert store_endpoint(plain).graphs == tuple(named)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_the_catalogue_gives_the_local_rows(name, dataset, plain):
    assert_local_rows(name, dataset, plain)


def test_query_and_analyze_commands_answer_as_locally(plain, capsysbinary):
    for query in (("query", "members", "--format", "csv"), ("query", "counts-per-kind")):
        code, local, _ = run(capsysbinary, *query)
        assert code == 0 and local
        assert run(capsysbinary, *query, "--endpoint", plain) == (0, local, "")
    code, local, _ = run(capsysbinary, "analyze", "--format", "csv")
    assert code == 0 and local.count(b"\n") == 32
    assert run(capsysbinary, "analyze", "--format", "csv", "--endpoint", plain) == (0, local, "")


def test_data_not_found_is_said_without_a_traceback(plain, capsysbinary):
    nowhere = ("--endpoint", plain, "--graph", "urn:x:nothing")
    code, out, err = run(capsysbinary, "query", "members", *nowhere)
    assert (code, out) == (3, b"") and err.count("\n") == 1
    assert "no actor in the graphs urn:x:nothing" in err and "--graph" in err
    code, out, err = run(capsysbinary, "analyze", *nowhere)
    assert (code, out) == (3, b"") and err.count("\n") == 1
    assert "nothing to analyse in urn:x:nothing" in err and "Traceback" not in err
    code, _, err = run(capsysbinary, "query", "members", "--graph", "urn:x:nothing")
    assert code == 2 and "give --endpoint" in err


def test_push_replace_leaves_exactly_the_local_graphs(oxigraph_plain, plain, dataset, hostile_file):
    update = oxigraph_plain + "/update"
    with_more = load([hostile_file])
    extra = {str(g.identifier) for g in with_more.graphs() if len(g)} - {
        str(g.identifier) for g in dataset.graphs() if len(g)
    }
    assert extra  # the hostile actor's file is a graph of its own
    push(with_more, update)
    found = {str(row[0]) for row in execute(GRAPHS, endpoint=plain).rows}
    assert extra <= found
    theirs = "INSERT DATA { GRAPH <urn:x:theirs> { <urn:x:a> <urn:x:p> 1 } }"
    sparql.Endpoint(update).update(theirs)  # a graph no push made: it stays
    push(dataset, update, replace=True)
    graphs = {str(row[0]) for row in execute(GRAPHS, endpoint=plain).rows}
    local = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert graphs == local | {str(sparql.PUSHED), "urn:x:theirs"}
    quads = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    remote = {row for row in execute(quads, endpoint=plain).rows if str(row[0]) in local}
    assert remote == {(g, s, p, o) for s, p, o, g in dataset.quads() if isinstance(g, URIRef)}
    sparql.Endpoint(update).update("DROP GRAPH <urn:x:theirs>")


def test_analyze_reads_every_statement_when_the_store_cuts_its_pages(plain, dataset):
    """Pages of 1,000 asked, 7 statements given each time: every one is read all the same
    (before, a short page was taken for the last: 7 of each predicate)."""
    from mes_graph import network as nw

    def cut(_: int, body: bytes) -> bytes:  # each LIMIT cut to 7, as Virtuoso's
        form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)  # ResultSetMaxRows
        form["query"] = [re.sub(r"LIMIT \d+", "LIMIT 7", form["query"][0])]  # cuts, silently
        return urllib.parse.urlencode(form, doseq=True).encode()

    proxy = ForwardingProxy(plain, cut)
    try:
        remote = store_endpoint(proxy.url)
        cut = sparql.fetch_statements(remote, nw.PROJECTION_PREDICATES, page=1000)
    finally:
        proxy.server.shutdown()
    whole = sparql.fetch_statements(store_endpoint(plain), nw.PROJECTION_PREDICATES)
    assert len(cut) == len(whole) > 900 and set(cut) == set(whole)  # 7 at a time
