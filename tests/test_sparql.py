"""One query contract on every engine: binding, injection, local == remote, push, serve, errors.

The remote engine is a real Oxigraph server on 127.0.0.1 (the ``oxigraph_server`` fixture
of conftest.py), filled by ``push``; the failing endpoints are local sockets and a small
HTTP server of the test's own. Nothing leaves the loopback interface.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import signal
import socket
import tempfile
import threading
import time

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from stores import pushed

from mes_graph import sparql
from mes_graph.cli import main
from mes_graph.load import load
from mes_graph.sparql import (
    Endpoint,
    OxigraphServer,
    Parameter,
    QueryError,
    RemoteError,
    bind_query,
    bind_terms,
    catalogue,
    execute,
    parse_header,
    push,
    render,
    run_query,
    to_term,
    top_level_groups,
    update_requests,
)

ORGA = "https://w3id.org/mes-graph/id/organisation/"
INJECTIONS = [
    "x> } ; DROP ALL ; #",
    '"} UNION { ?s ?p ?o }',
    "'} UNION { ?s ?p ?o } #",
    '""" } UNION { ?s ?p ?o } #',
    'x" . } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    '\\" } UNION { ?s ?p ?o } #',
    "trailing backslash \\",
    "line\nbreak } UNION { ?s ?p ?o }\r\t",
    "Économie « solidaire » → ✓",
]
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ECHO = parse_header(
    "# title: Echo\n# param: text | literal | required | anything\n"
    "SELECT ?echo WHERE { BIND (?text AS ?echo) }",
    name="echo",
)


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def cli_reuses_the_loaded_graph(monkeypatch, dataset):
    """The commands load the embedded graph once for the module (load has its own tests)."""
    monkeypatch.setattr(
        "mes_graph.load.load",  # what the commands call (dataset_of imports it when run)
        lambda data=(), **options: load(data, **options) if data else dataset,
    )


@pytest.fixture(scope="module")
def remote(oxigraph_server, dataset) -> str:
    """The query endpoint of the real Oxigraph server, filled by ``push``."""
    push(dataset, oxigraph_server + "/update")
    return oxigraph_server + "/query"


def remote_count(endpoint: str) -> int:
    return int(execute(COUNT_QUADS, endpoint=endpoint).rows[0][0])


def local_quads(dataset: Dataset) -> set[tuple]:
    return {(g, s, p, o) for s, p, o, g in dataset.quads((None, None, None, None))}


class Stub:
    """A local HTTP server answering each request with the next scripted response."""

    def __init__(self, responses: list[tuple[int, dict, bytes]]) -> None:
        self.responses, self.requests = list(responses), []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                stub.requests.append((self.command, dict(self.headers), self.rfile.read(length)))
                status, headers, body = stub.responses.pop(0) if stub.responses else (500, {}, b"")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        serve.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    servers = []

    def start(*responses: tuple[int, dict, bytes]) -> Stub:
        servers.append(Stub(list(responses)))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


JSON_OK = (
    200,
    {"Content-Type": "application/sparql-results+json"},
    b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", '
    b'"value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}',
)


def run_cli(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


# --- binding ----------------------------------------------------------------------------


def test_top_level_groups_ignore_braces_in_strings_iris_and_comments():
    text = (
        'PREFIX x: <urn:a#b> CONSTRUCT { ?s ?p \'}\' } WHERE { ?s ?p """{""" # }\n'
        "  FILTER(?s < ?p) } VALUES ?s { x:a\\{ }"
    )
    groups = top_level_groups(text)
    assert len(groups) == 3
    assert text[groups[1][0] : groups[1][0] + 9] == '{ ?s ?p "'


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?o WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "SELECT ?o { ?s ?p ?o } VALUES ?o { 1 }",
        'PREFIX e: <urn:e#> SELECT ?o WHERE { ?s e:p "{" ; e:q ?o # }\n }',
    ],
)
def test_values_go_first_in_the_outermost_where_group(text):
    bound = bind_query(parse_header(text), {"s": URIRef("urn:x")})
    where = bound[top_level_groups(bound)[1 if "CONSTRUCT {" in text else 0][0] :]
    assert where.startswith("{ VALUES (?s) { (<urn:x>) }")


@pytest.mark.parametrize(
    "text",
    ["SELECT * { SELECT ?s { ?s ?p ?o } }", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <urn:x>"],
)
def test_a_where_group_that_cannot_take_values_is_refused(text):
    """A sub-query, a short CONSTRUCT (triples only) or no WHERE at all: no VALUES there."""
    with pytest.raises(QueryError, match="cannot bind"):
        bind_query(parse_header(text), {"s": URIRef("urn:x")})


def test_terms_are_checked_against_their_type():
    iri, integer, day, text = (Parameter("v", t) for t in ("IRI", "integer", "date", "literal"))
    assert to_term(iri, "kind:collectif") == URIRef(
        "https://w3id.org/mes-graph/id/concept/kind/collectif"
    )
    assert to_term(iri, "<urn:a>") == to_term(iri, "urn:a") == URIRef("urn:a")
    assert to_term(integer, " 42 ").n3() == '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert (
        to_term(day, "2002-03-01").n3() == '"2002-03-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    )
    assert to_term(day, "2002-03") == to_term(day, "2002-03-01")  # a month: its first day
    for param, value in [
        (iri, "not an iri"),
        (iri, "urn:a> } DROP ALL"),
        (iri, 'urn:"x"'),
        (integer, "4.2"),
        (integer, "1 } UNION { ?s ?p ?o"),
        (integer, True),
        (day, "2002-13"),
        (day, "2002-03-01} #"),
        (text, "nul\x00"),
    ]:
        with pytest.raises(QueryError):
            to_term(param, value)


@pytest.mark.parametrize("value", ["\\u0022} UNION {", "C:\\Users", "\\\\U0001F600", '\\"'])
def test_backslashes_and_escapes_come_back_as_written(value, engine):
    """SPARQL reads \\u escapes before strings: a backslash and a u are bound as text."""
    assert to_term(Parameter("text", "literal"), value) == Literal(value)
    assert engine(ECHO, {"text": value}).rows == ((Literal(value),),)
    memory = execute(ECHO, {"text": value}, dataset=load(engine="memory", shipped=False))
    assert memory.rows == ((Literal(value),),)


def test_parameters_declared_required_and_defaults(dataset):
    members = catalogue()["members"]
    assert bind_terms(members, None, lambda: dataset) == {"org": URIRef(ORGA + "mes")}
    with pytest.raises(QueryError, match="has no parameter 'orga'"):
        bind_terms(members, {"orga": "MES"}, lambda: dataset)
    with pytest.raises(QueryError, match="needs parameter a"):
        bind_terms(catalogue()["common-members"], {"b": "MES"}, lambda: dataset)


def test_an_ambiguous_actor_is_an_error_listing_the_candidates(tmp_path):
    extra = tmp_path / "cnam.ttl"
    extra.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://example.org/cnam-lille> a org:Organization ; skos:altLabel "CNAM" .\n'
    )
    ds = load([extra])
    with pytest.raises(QueryError, match="ambiguous") as err:
        execute("members", {"org": "cnam"}, dataset=ds)
    assert "CNAM Paris" in str(err.value) and "cnam-lille" in str(err.value)


# --- injection, on every engine ---------------------------------------------------------


@pytest.fixture(params=["local", "remote"])
def engine(request, dataset):
    """Run a query on one engine: the local dataset or the Oxigraph server."""
    endpoint = request.getfixturevalue("remote") if request.param == "remote" else None

    def run(query, params=None):
        return execute(query, params, endpoint=endpoint, dataset=dataset)

    run.endpoint = endpoint
    return run


def test_injected_text_comes_back_as_one_literal(engine):
    for value in INJECTIONS:
        assert engine(ECHO, {"text": value}).rows == ((Literal(value),),)


def test_injection_adds_no_rows_and_changes_nothing(engine, oxigraph_server):
    before = remote_count(oxigraph_server + "/query")
    for value in INJECTIONS[:3]:
        assert engine("search", {"text": value}).rows == ()
        assert engine("strategy", {"lang": value}).rows == ()
    for value in INJECTIONS:
        for query, name in [("members", "org"), ("members", "kind"), ("founding", "before")]:
            with pytest.raises(QueryError):
                engine(query, {name: value})
        with pytest.raises(QueryError):
            engine("member-counts", {"min": value})
    assert remote_count(oxigraph_server + "/query") == before


def test_cli_injection_is_an_error_or_a_literal(capsysbinary, remote):
    for endpoint in ([], ["--endpoint", remote]):
        code, out, err = run_cli(
            capsysbinary, "query", "members", "--param", f"kind={INJECTIONS[0]}", *endpoint
        )
        assert code == 2 and err.count("\n") == 1 and "not an absolute IRI" in err
        code, out, err = run_cli(
            capsysbinary, "query", "search", "--param", f"text={INJECTIONS[1]}", "--format",
            "csv", *endpoint,
        )  # fmt: skip
        assert (code, out) == (0, b"actor,label,matched\n")


# --- the same rows on every engine ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_local_and_remote_give_identical_csv_and_json(name, dataset, remote):
    """Every catalogue query with its example parameters: the same bytes on both engines."""
    params = dict(catalogue()[name].example_params)
    local = execute(name, params, dataset=dataset)
    far = execute(name, params, endpoint=remote)
    assert local.rows or catalogue()[name].needs == "registers", name
    for fmt in ("csv", "json"):
        assert render(local, fmt) == render(far, fmt)
    if local.graph is not None:
        assert set(local.graph) == set(far.graph)


def test_queries_without_order_are_sorted_alike(dataset, remote):
    text = "PREFIX org: <http://www.w3.org/ns/org#>\nSELECT * WHERE { ?m org:memberOf ?o ; a ?t }"
    local, far = execute(text, dataset=dataset), execute(text, endpoint=remote)
    assert local.variables == far.variables == ("m", "o", "t")
    assert render(local, "csv") == render(far, "csv")
    assert list(local.rows) == sorted(local.rows, key=sparql.row_key)


def test_dataframe_types(dataset):
    frame = run_query("member-counts", dataset=dataset)
    assert str(frame["members"].dtype) == "Int64" and frame["members"].sum() == 28
    assert list(frame.columns) == ["organisation", "label", "members"]
    assert run_query("is-member", {"member": "ARDES", "org": "MES"})["boolean"].tolist() == [True]
    graph = run_query("ego-network", {"actor": "RIPESS Europe"})
    assert list(graph.columns) == ["subject", "predicate", "object"] and len(graph) == 5


def test_renderings_are_byte_stable(dataset):
    result = execute("members", dataset=dataset)
    again = execute("members", dataset=load())
    for fmt in ("csv", "tsv", "json", "markdown", "table"):
        assert render(result, fmt) == render(again, fmt)
    records = json.loads(render(result, "json"))  # SPARQL 1.1 JSON results
    assert records["head"]["vars"] == list(result.variables)
    bindings = records["results"]["bindings"]
    assert len(bindings) == 18 and bindings[0]["member"]["type"] == "uri"
    assert bindings[0]["member"]["value"].startswith("https://")
    ask = json.loads(render(execute("is-member", {"member": "ARDES", "org": "MES"}), "json"))
    assert ask == {"head": {}, "boolean": True}
    from rdflib.query import Result as Parsed  # an independent reader of SPARQL JSON results

    parsed = Parsed.parse(io.BytesIO(render(result, "json").encode()), format="json")
    assert [tuple(row) for row in parsed] == [tuple(row) for row in result.rows]
    lines = render(execute("ego-network"), "ntriples").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


# --- local-only rules -------------------------------------------------------------------


def test_service_is_refused_locally_unless_allowed(remote, capsysbinary):
    member_of = "<http://www.w3.org/ns/org#memberOf>"
    text = f"SELECT ?m WHERE {{ SERVICE <{remote}> {{ ?m {member_of} <{ORGA}ripess-europe> }} }}"
    with pytest.raises(QueryError, match="SERVICE"):
        execute(text)
    code, _, err = run_cli(capsysbinary, "query", text)
    assert code == 2 and "--allow-service" in err
    assert execute(text, allow_service=True).rows == ((URIRef(ORGA + "mes"),),)


def test_updates_are_refused_as_queries_on_every_engine(engine):
    for text in ("DROP ALL", "PREFIX x: <urn:x#>\nINSERT DATA { x:a x:b x:c }"):
        with pytest.raises(QueryError, match="update, not a query"):
            engine(text)


def test_from_a_graph_the_dataset_lacks_is_refused(dataset):
    with pytest.raises(QueryError, match="no such graph"):
        execute("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }")
    source = "https://w3id.org/mes-graph/id/source/mes-presentation"
    rows = execute(f"SELECT (COUNT(*) AS ?n) FROM <{source}> WHERE {{ ?s ?p ?o }}").rows
    assert int(rows[0][0]) == len(dataset.graph(URIRef(source)))


def test_graph_queries_see_the_named_graphs(dataset):
    rows = execute("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=dataset).rows
    assert {r[0] for r in rows} == {g.identifier for g in dataset.graphs() if len(g)}


# --- push -------------------------------------------------------------------------------


def test_push_keeps_named_graphs_and_is_idempotent(dataset, remote, oxigraph_server):
    quads = local_quads(dataset)
    assert set(execute(QUADS, endpoint=remote).rows) == pushed(dataset)
    report = push(dataset, oxigraph_server + "/update", batch_size=400)
    assert report.statements == len(quads) and report.requests > report.graphs
    assert remote_count(remote) == len(pushed(dataset))


def test_push_replace_drops_stale_statements_of_our_graphs_only(dataset, remote, oxigraph_server):
    update = Endpoint(oxigraph_server + "/update")
    source = "https://w3id.org/mes-graph/id/source/mes-presentation"
    update.update(
        f"INSERT DATA {{ GRAPH <{source}> {{ <urn:stale> <urn:p> 1 }} "
        "GRAPH <urn:test:foreign> { <urn:kept> <urn:p> 1 } }"
    )
    push(dataset, oxigraph_server + "/update", replace=True)
    assert not execute("ASK { <urn:stale> ?p ?o }", endpoint=remote).boolean
    assert execute("ASK { GRAPH <urn:test:foreign> { <urn:kept> ?p ?o } }", endpoint=remote).boolean
    update.update("DROP GRAPH <urn:test:foreign>")
    assert remote_count(remote) == len(pushed(dataset))


def test_push_into_one_graph_and_blank_nodes(oxigraph_server, remote):
    ds = Dataset()
    node = BNode()
    ds.graph(URIRef("urn:test:source")).add((URIRef("urn:a"), URIRef("urn:p"), node))
    ds.graph(URIRef("urn:test:source")).add((node, URIRef("urn:q"), Literal("x")))
    for _ in range(2):
        push(ds, oxigraph_server + "/update", graph="urn:test:one", batch_size=1)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:test:one> { ?s ?p ?o } }"
    assert execute(count, endpoint=remote).rows[0][0] == Literal(2)
    Endpoint(oxigraph_server + "/update").update("DROP GRAPH <urn:test:one>")
    assert update_requests(ds, batch_size=1) == update_requests(ds, batch_size=1)


def test_cli_push_prints_no_credentials(capsysbinary, monkeypatch, oxigraph_server, remote):
    monkeypatch.setenv("MES_GRAPH_USER", "alice")
    monkeypatch.setenv("MES_GRAPH_PASSWORD", "s3cret-pw")
    url = oxigraph_server.replace("http://", "http://alice:s3cret-pw@") + "/update"
    code, out, err = run_cli(capsysbinary, "push", "--endpoint", url)
    assert code == 0 and b"s3cret" not in out and "s3cret" not in err
    assert b"pushed " in out and b"alice" not in out


# --- remote errors ----------------------------------------------------------------------


def test_endpoint_down(capsysbinary):
    port = sparql.free_port()
    with pytest.raises(RemoteError, match="unreachable"):
        execute("counts-per-kind", endpoint=f"http://127.0.0.1:{port}/query")
    code, out, err = run_cli(
        capsysbinary, "query", "counts-per-kind", "--endpoint", f"http://127.0.0.1:{port}/query"
    )
    assert (code, out) == (3, b"") and err.count("\n") == 1 and "Traceback" not in err


def test_endpoint_that_never_answers_times_out(capsysbinary):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        start = time.monotonic()
        with pytest.raises(RemoteError, match=r"no answer within 0\.3 s"):
            execute("counts-per-kind", endpoint=Endpoint(url, timeout=0.3))
        code, _, err = run_cli(
            capsysbinary, "query", "counts-per-kind", "--endpoint", url, "--timeout", "0.3"
        )
        assert code == 3 and "no answer" in err and err.count("\n") == 1
        assert time.monotonic() - start < 3


def test_endpoint_error_500_shows_the_server_message(stub, capsysbinary):
    server = stub(*[(500, {}, b"Internal trouble:\n store on fire")] * 2)
    with pytest.raises(RemoteError, match=r"HTTP 500 .*store on fire"):
        execute("counts-per-kind", endpoint=server.url)
    code, _, err = run_cli(capsysbinary, "query", "counts-per-kind", "--endpoint", server.url)
    assert code == 3 and "store on fire" in err and err.count("\n") == 1


def test_429_and_503_are_retried_honouring_retry_after(stub):
    server = stub((429, {"Retry-After": "2"}, b"slow down"), (503, {}, b"busy"), JSON_OK)
    waits: list[float] = []
    endpoint = Endpoint(server.url, sleep=waits.append, backoff=0.25)
    assert execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=endpoint).rows == ((Literal(1),),)
    assert waits == [2.0, 0.5] and len(server.requests) == 3
    always = stub(*[(503, {"Retry-After": "1"}, b"down for maintenance")] * 3)
    waits.clear()
    with pytest.raises(RemoteError, match=r"HTTP 503 .*maintenance"):
        execute("ASK {}", endpoint=Endpoint(always.url, retries=2, sleep=waits.append))
    assert waits == [1.0, 1.0] and len(always.requests) == 3


def test_malformed_results(stub):
    server = stub((200, {"Content-Type": "application/json"}, b"<html>not json"))
    with pytest.raises(RemoteError, match="malformed result"):
        execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=server.url)
    server = stub((200, {}, b'{"head": {}, "results": {"bindings": [{"n": {"type": "x"}}]}}'))
    with pytest.raises(RemoteError, match="malformed result"):
        execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=server.url)


def test_requests_name_the_project_post_and_carry_credentials(stub, monkeypatch):
    server = stub(JSON_OK, JSON_OK, (401, {}, b"who are you?"), (401, {}, b"who are you?"))
    monkeypatch.setenv("MES_GRAPH_TOKEN", "tok-123")
    execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=server.url)
    method, headers, body = server.requests[0]
    assert method == "POST" and headers["User-Agent"].startswith("mes-graph/")
    assert headers["Authorization"] == "Bearer tok-123"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert body.startswith(b"query=")
    monkeypatch.delenv("MES_GRAPH_TOKEN")
    monkeypatch.setenv("MES_GRAPH_USER", "alice")
    monkeypatch.setenv("MES_GRAPH_PASSWORD", "pw-456")
    execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=server.url)
    assert server.requests[1][1]["Authorization"].startswith("Basic ")
    with pytest.raises(RemoteError) as err:
        execute("SELECT ?n WHERE { ?s ?p ?n }", endpoint=server.url)
    assert "HTTP 401" in str(err.value) and "pw-456" not in str(err.value)
    # refused with no challenge: asked once more without credentials, to learn the scheme
    assert "Authorization" not in server.requests[3][1] and len(server.requests) == 4


# --- serve ------------------------------------------------------------------------------


def test_read_only_server_answers_and_refuses_updates(dataset):
    with OxigraphServer(dataset) as server:
        assert render(execute("roles", {"org": "RIPESS Europe"}, endpoint=server.endpoint)) == (
            render(execute("roles", {"org": "RIPESS Europe"}, dataset=dataset))
        )
        before = remote_count(server.endpoint)
        for url in (server.update_endpoint, server.endpoint):
            with pytest.raises(RemoteError, match=r"HTTP (403|400)"):
                Endpoint(url).update("DROP ALL")
        with pytest.raises(RemoteError, match="read-only"):
            push(dataset, server.update_endpoint)
        assert remote_count(server.endpoint) == before == len(local_quads(dataset))
        folder = server.folder
    assert folder is not None and not folder.exists()


@pytest.mark.timeout(180)  # a server that never announces itself fails, not hangs
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_cli_serve_prints_the_endpoint_and_stops_cleanly(stop, capsys, monkeypatch, tmp_path):
    """``mes-graph serve`` in this process; a helper queries it, then sends Ctrl-C or SIGTERM."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    port, seen, serving = sparql.free_port(), {}, threading.Event()
    url = f"http://127.0.0.1:{port}/query"
    wait = OxigraphServer.wait

    def announce_then_wait(server: OxigraphServer) -> int:
        serving.set()  # the URL is printed and the signal handlers are in place
        return wait(server)

    monkeypatch.setattr(OxigraphServer, "wait", announce_then_wait)

    def client() -> None:
        if not serving.wait(150):  # never served: the test's timeout fails it, no signal
            return  # would reach a process without its handlers (SIGTERM would end pytest)
        try:
            seen["answer"] = execute("is-member", {"member": "ARDES", "org": "MES"}, endpoint=url)
            Endpoint(url.replace("/query", "/update")).update("DROP ALL")
        except RemoteError as err:
            seen["refused"] = str(err)
        finally:
            os.kill(os.getpid(), stop)  # whatever happened, the server must stop

    helper = threading.Thread(target=client)
    helper.start()
    code = main(["serve", "--port", str(port)])
    helper.join()
    out = capsys.readouterr().out
    assert code == 0 and out.startswith(f"SPARQL endpoint: {url} ") and out.endswith("stopped\n")
    assert seen["answer"].boolean and "403" in seen["refused"]
    assert not list(tmp_path.glob("mes-graph-oxigraph-*"))


# --- command line -----------------------------------------------------------------------


def test_cli_queries_lists_the_catalogue(capsysbinary):
    code, out, _ = run_cli(capsysbinary, "queries")
    lines = out.decode().splitlines()
    assert code == 0 and len(lines) == 2 + len(catalogue()) >= 17
    assert all(any(line.startswith(name + " ") for line in lines) for name in catalogue())
    code, out, _ = run_cli(capsysbinary, "queries", "members")
    assert code == 0 and b"org (IRI actor) = MES" in out and b"example: mes-graph query" in out


def test_cli_query_csv_is_the_same_locally_and_remotely(capsysbinary, remote):
    args = ["query", "roles", "--param", "org=RIPESS Europe", "--format", "csv"]
    code, local, _ = run_cli(capsysbinary, *args)
    code2, far, _ = run_cli(capsysbinary, *args, "--endpoint", remote)
    assert code == code2 == 0 and local == far
    assert local.decode().splitlines()[0] == "member,memberLabel,role,roleLabel,during"


def test_cli_query_errors_and_output_file(capsysbinary, tmp_path):
    code, _, err = run_cli(capsysbinary, "query", "roles", "--param", "org=RIPES")
    assert code == 2 and "did you mean" in err and err.count("\n") == 1
    assert run_cli(capsysbinary, "query", "no-such-query")[0] == 2
    assert run_cli(capsysbinary, "query", "members", "--format", "ntriples")[0] == 2
    assert run_cli(capsysbinary, "query", "members", "--param", "org")[0] == 2
    target = tmp_path / "out" / "members.json"
    code, out, _ = run_cli(capsysbinary, "query", "members", "--format", "json", "-o", str(target))
    assert code == 0 and len(json.loads(target.read_text("utf-8"))["results"]["bindings"]) == 18
    query_file = tmp_path / "mine.rq"
    query_file.write_text(ECHO.text, encoding="utf-8")
    code, out, _ = run_cli(
        capsysbinary, "query", str(query_file), "--param", "text=a,b", "--format", "csv"
    )
    assert (code, out) == (0, b'echo\n"a,b"\n')
