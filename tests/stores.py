"""Helpers of the tests that talk to a real store: what a push leaves there, a proxy that
forwards requests to it, changing or refusing some on the way, and Debian's Virtuoso 7."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, URIRef

from mes_graph import sparql
from mes_graph.sparql import free_port

HAS_PART = URIRef("http://purl.org/dc/terms/hasPart")


def pushed(dataset: Dataset) -> set[tuple]:
    """What a push leaves in a store: the quads, and the record of their graphs."""
    quads = {(g, s, p, o) for s, p, o, g in dataset.quads((None, None, None, None))}
    return quads | {(sparql.PUSHED, sparql.PUSHED, HAS_PART, q[0]) for q in quads}


class ForwardingProxy:
    """Forwards each POST to ``upstream`` (a URL), its body as ``alter(n, body)`` makes it
    for the n-th request; when that gives None, answers 500 instead. ``url``: the proxy's."""

    def __init__(self, upstream: str, alter: Callable[[int, bytes], bytes | None]) -> None:
        self.count = 0
        proxy, target = self, urllib.parse.urlsplit(upstream)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.count += 1
                sent = alter(proxy.count, body)
                if sent is None:
                    self.send_response(500)
                    self.send_header("Content-Length", "4")
                    self.end_headers()
                    self.wfile.write(b"down")
                    return
                connection = http.client.HTTPConnection(target.netloc, timeout=30)
                headers = {
                    k: self.headers[k] for k in ("Content-Type", "Accept") if self.headers[k]
                }
                connection.request("POST", target.path, body=sent, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.getheader("Content-Type") or "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{target.path}"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()


VIRTUOSO_INI = """; Virtuoso 7 for the tests: its folder, loopback ports, Debian's stock limits
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {folder}
DefaultIsolation = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10

[SPARQL]
; as in Debian's /etc/virtuoso-opensource-7/virtuoso.ini
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""
"""The configuration of the test's Virtuoso: ``ResultSetMaxRows`` is the stock 10,000."""


def start_virtuoso(folder: Path, log: BinaryIO) -> tuple[subprocess.Popen, str]:
    """Debian's ``virtuoso-t`` in the foreground over ``folder``; the process and its base URL.

    ``/sparql`` answers queries; ``/sparql-auth`` takes updates, from ``dba`` (password
    ``dba``, the stock account of a new database) logged in with Digest.
    """
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port), "utf-8"
    )
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, "virtuoso-t stopped at start"
        probe = url + "/sparql?query=ASK%7B%7D"
        with contextlib.suppress(OSError), urllib.request.urlopen(probe, timeout=2) as answer:
            if answer.status == 200:
                return process, url
        assert time.monotonic() < deadline, "virtuoso-t did not start within 120 s"
        time.sleep(0.2)


def virtuoso_load(url: str, path: Path, graph: str) -> None:
    """Load a Turtle file into a graph of Virtuoso by its Graph Store endpoint, as ``dba``
    (Digest): a partner's bulk load, seconds where ``INSERT DATA`` takes minutes."""
    logins = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    logins.add_password(None, url, "dba", "dba")
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(logins))
    target = f"{url}/sparql-graph-crud-auth?" + urllib.parse.urlencode({"graph-uri": graph})
    request = urllib.request.Request(
        target, data=path.read_bytes(), method="POST", headers={"Content-Type": "text/turtle"}
    )
    with opener.open(request, timeout=300) as answer:
        assert answer.status in (200, 201, 204), answer.status


def assert_local_rows(name: str, dataset: Dataset, endpoint: str) -> None:
    """A catalogue query gives, from a store filled by ``push``, the local CSV, JSON and
    graph (with its example parameters)."""
    from mes_graph.sparql import catalogue, execute, render, store_endpoint

    params = dict(catalogue()[name].example_params)
    local = execute(name, params, dataset=dataset)
    far = execute(name, params, endpoint=store_endpoint(endpoint))
    for fmt in ("csv", "json"):
        assert render(local, fmt) == render(far, fmt), name
    if local.graph is not None:
        assert set(local.graph) == set(far.graph)
