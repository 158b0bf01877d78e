"""Serve the graph over SPARQL to the programs of this machine: read-only, bounded, closed.

Takes the dataset ``load`` built; gives a SPARQL 1.1 Protocol endpoint on 127.0.0.1 until
Ctrl-C. Oxigraph answers the queries, behind a front of ours that only lets through what a
local, read-only endpoint should take:

- the published profile by default (``public``: a person's name, affiliations and roles);
- requests addressed to this server by name (``Host`` 127.0.0.1, localhost or [::1] with
  its port), so that a web page cannot reach it by DNS rebinding, and no cross-origin
  request (``Origin`` or ``Sec-Fetch-Site`` from another site) is answered;
- queries only, on ``/query``: updates and the graph store are refused;
- no ``SERVICE``: the endpoint calls no other endpoint (``service.service_calls``);
- an answer within ``timeout_s`` and of at most ``max_mb`` MiB, or an error status: the
  front reads Oxigraph's whole answer before it sends it, so a cancelled query is never
  a truncated ``200``.

Oxigraph runs under ``mes_graph.sparql.watchdog``: it and its copy of the data go when this
process goes, however it goes.
"""

from __future__ import annotations

import http.client
import http.server
import signal
import sys
import threading
import urllib.parse
from typing import Any

from rdflib import Dataset

from mes_graph.export import apply_profile
from mes_graph.sparql.errors import ServerError
from mes_graph.sparql.server import OxigraphServer, free_port
from mes_graph.sparql.service import service_calls
from mes_graph.sparql.transport import Deadline, TooLarge, read_bounded

__all__ = ["CONCURRENT", "HOSTS", "MAX_MB", "MAX_QUERY_BYTES", "serve"]

MAX_MB = 64
"""The largest answer the endpoint sends, in MiB, unless told otherwise."""

MAX_QUERY_BYTES = 4 * 2**20
"""The largest request body the endpoint reads (4 MiB)."""

CONCURRENT = 4
"""How many queries run at once; more are asked to retry (503, Retry-After)."""

HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""The names a request may give in ``Host``, with the port."""


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _upstream(
    port: int, path: str, body: bytes, accept: str, seconds: float, limit: int
) -> tuple[int, str, bytes]:
    """Ask Oxigraph; its status, content type and whole body, within the time and size."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds)
    with Deadline(seconds) as deadline:
        try:
            connection.connect()
            deadline.watch(connection.sock)
            headers = {"Content-Type": "application/sparql-query", "Accept": accept}
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            answer = read_bounded(response, limit)
            if deadline.expired:
                raise TimeoutError
            return response.status, response.getheader("Content-Type", "text/plain"), answer
        except TooLarge as err:
            raise _Refusal(507, str(err)) from None
        except (TimeoutError, OSError, http.client.HTTPException) as err:
            if deadline.expired or isinstance(err, TimeoutError):
                raise _Refusal(504, f"no complete answer within {seconds:g} s: stopped") from None
            raise _Refusal(502, "the query was cancelled before its answer was complete") from None
        finally:
            connection.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Front
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if status == 503:
            self.send_header("Retry-After", "1")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _check_origin(self) -> None:
        names = {f"{host}:{self.server.port}" for host in HOSTS}
        if self.headers.get("Host") not in names:
            raise _Refusal(403, "this endpoint answers only to 127.0.0.1, localhost, [::1]")
        origin = self.headers.get("Origin")
        if origin is not None and origin not in {f"http://{name}" for name in names}:
            raise _Refusal(403, "cross-origin requests are refused")
        if self.headers.get("Sec-Fetch-Site") == "cross-site":
            raise _Refusal(403, "cross-site requests are refused")

    def _query(self) -> tuple[str, str]:
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/update", "/store"):
            raise _Refusal(403, "this endpoint is read-only")
        if url.path != "/query":
            raise _Refusal(404, "the SPARQL endpoint is /query")
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if self.command == "POST":
            length = self.headers.get("Content-Length", "")
            if not length.isdigit():
                raise _Refusal(411, "a POST needs a Content-Length")
            if int(length) > MAX_QUERY_BYTES:
                raise _Refusal(413, f"a query may hold up to {MAX_QUERY_BYTES // 2**20} MiB")
            body = self.rfile.read(int(length))
            kind = self.headers.get_content_type()
            if kind == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), True)
                params = {**params, **form}
            elif kind == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            elif kind == "application/sparql-update":
                raise _Refusal(403, "this endpoint is read-only")
            else:
                raise _Refusal(415, f"unsupported content type {kind}")
        if "update" in params:
            raise _Refusal(403, "this endpoint is read-only")
        if len(params.get("query", [])) != 1:
            raise _Refusal(400, "give one query parameter")
        graphs = [
            (k, v) for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])
        ]
        return params["query"][0], "/query" + (
            "?" + urllib.parse.urlencode(graphs) if graphs else ""
        )

    def _answer(self) -> None:
        try:
            self._check_origin()
            text, path = self._query()
            calls = service_calls(text)
            if calls:
                message = f"SERVICE {calls[0]}: refused, this endpoint calls no other endpoint"
                raise _Refusal(403, message)
            if not self.server.slots.acquire(blocking=False):
                raise _Refusal(503, "too many queries at once: retry")
            try:
                accept = self.headers.get("Accept") or "application/sparql-results+json"
                status, kind, body = _upstream(
                    self.server.upstream,
                    path,
                    text.encode("utf-8"),
                    accept,
                    self.server.timeout_s,
                    self.server.max_bytes,
                )
            finally:
                self.server.slots.release()
            self._send(status, body, kind)
        except _Refusal as refusal:
            self._send(
                refusal.status, (refusal.message + "\n").encode(), "text/plain; charset=utf-8"
            )

    do_GET = do_POST = do_HEAD = _answer

    def do_PUT(self) -> None:
        self._send(405, b"this endpoint is read-only\n", "text/plain; charset=utf-8")

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT


class _Front(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, upstream: int, timeout_s: float, max_bytes: int) -> None:
        try:
            super().__init__(("127.0.0.1", port), _Handler)
        except OverflowError:
            raise ServerError(f"port {port}: choose a port from 0 to 65535") from None
        except OSError as err:
            raise ServerError(f"port {port} of 127.0.0.1: {err.strerror}") from None
        self.port = self.server_address[1]
        self.upstream, self.timeout_s, self.max_bytes = upstream, timeout_s, max_bytes
        self.slots = threading.BoundedSemaphore(CONCURRENT)


def serve(
    dataset: Dataset,
    *,
    port: int = 7878,
    timeout_s: int = 30,
    max_mb: int = MAX_MB,
    profile: str = "public",
    out: Any = None,
) -> int:
    """Serve a dataset read-only on 127.0.0.1 until Ctrl-C, SIGTERM or SIGHUP; exit status.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    port : int
        The port of 127.0.0.1 (0: any free one).
    timeout_s : int
        Seconds within which a query must be answered in full.
    max_mb : int
        The largest answer, in MiB.
    profile : str
        What is served: ``public`` (default), ``full`` or ``essglobal`` (see
        ``export.PROFILES``).
    out : file, optional
        Where the endpoint's address is printed once it answers (standard output).

    Returns
    -------
    int
        0 once stopped.

    Raises
    ------
    ServerError
        The port is taken or out of range, Oxigraph is missing, cannot load the data, or
        dies.
    """
    out = out or sys.stdout

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    front = _Front(port, free_port(), timeout_s, max_mb * 2**20)
    # Oxigraph's own timeout comes later than the front's: the front always answers first
    server = OxigraphServer(
        apply_profile(dataset, profile), port=front.upstream, timeout_s=timeout_s + 5
    )
    serving = threading.Thread(target=front.serve_forever, args=(0.1,), daemon=True)
    main_thread = threading.current_thread() is threading.main_thread()
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, interrupt) for s in stops} if main_thread else {}
    try:
        server.start()
        serving.start()
        print(
            f"SPARQL endpoint: http://127.0.0.1:{front.port}/query (read-only, profile "
            f"{profile}, default graph = union of the named graphs, answers within "
            f"{timeout_s} s and {max_mb} MiB, no SERVICE); Ctrl-C stops it",
            file=out,
            flush=True,
        )
        status = server.wait()
        if status:
            raise ServerError(f"oxigraph stopped with status {status}: {server.log()}")
        return 0
    except KeyboardInterrupt:
        print("stopped", file=out, flush=True)
        return 0
    finally:
        if serving.is_alive():
            front.shutdown()
        front.server_close()
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
