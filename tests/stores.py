"""Helpers of the tests that talk to a real store: what a push leaves there, and a proxy
that forwards requests to it, changing or refusing some on the way."""

from __future__ import annotations

import http.client
import http.server
import threading
import urllib.parse
from collections.abc import Callable

from rdflib import Dataset, URIRef

from mes_graph import sparql

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
