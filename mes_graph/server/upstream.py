"""Ask the Oxigraph server behind the front: one request, a deadline, a size bound.

Takes the port of the ``OxigraphServer`` that holds the served dataset, a SPARQL query and
its limits; gives Oxigraph's whole answer (status, content type, body), or a ``Refusal``
with the status and the message to send: 504 past the deadline, 507 past the size bound,
502 when Oxigraph broke the answer off. The front reads the whole answer before it sends
it, so a cancelled query is never a truncated ``200``. ``Store`` holds the port and the
limits, so that the pages ask the same server within the same bounds as ``/query``.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

import pyoxigraph as ox

from mes_graph.sparql.transport import Deadline, TooLarge, read_bounded

__all__ = ["Refusal", "Store", "ask_oxigraph"]


class Refusal(Exception):
    """A request the front answers itself, with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def ask_oxigraph(
    port: int, path: str, query: str, accept: str, seconds: float, limit: int
) -> tuple[int, str, bytes]:
    """Oxigraph's status, content type and whole body for a query, within time and size.

    Parameters
    ----------
    port : int
        The port of Oxigraph on 127.0.0.1.
    path : str
        ``/query``, with the ``default-graph-uri`` and ``named-graph-uri`` the client gave.
    query : str
    accept : str
        The ``Accept`` header to send.
    seconds : float
        The deadline for the whole answer.
    limit : int
        The most bytes to read.

    Returns
    -------
    (int, str, bytes)

    Raises
    ------
    Refusal
        504 past the deadline, 507 past the limit, 502 when the answer broke off.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=seconds)
    with Deadline(seconds) as deadline:
        try:
            connection.connect()
            deadline.watch(connection.sock)
            headers = {"Content-Type": "application/sparql-query", "Accept": accept}
            connection.request("POST", path, body=query.encode("utf-8"), headers=headers)
            response = connection.getresponse()
            answer = read_bounded(response, limit)
            if deadline.expired:
                raise TimeoutError
            return response.status, response.getheader("Content-Type", "text/plain"), answer
        except TooLarge as err:
            raise Refusal(507, str(err)) from None
        except (TimeoutError, OSError, http.client.HTTPException) as err:
            if deadline.expired or isinstance(err, TimeoutError):
                raise Refusal(504, f"no complete answer within {seconds:g} s: stopped") from None
            raise Refusal(502, "the query was cancelled before its answer was complete") from None
        finally:
            connection.close()


@dataclass(frozen=True)
class Store:
    """The Oxigraph server behind the front, and the bounds every request to it keeps."""

    port: int
    timeout_s: float
    max_bytes: int

    def ask(self, query: str, accept: str, path: str = "/query") -> tuple[int, str, bytes]:
        """Oxigraph's answer to a query, as ``ask_oxigraph`` gives it."""
        return ask_oxigraph(self.port, path, query, accept, self.timeout_s, self.max_bytes)

    def triples(self, query: str) -> list[tuple[ox.Term, ox.Term, ox.Term]]:
        """The triples of a ``CONSTRUCT`` query (N-Triples from Oxigraph, parsed)."""
        status, _, body = self.ask(query, "application/n-triples")
        if status != 200:
            raise Refusal(502, body.decode("utf-8", "replace").strip() or f"HTTP {status}")
        parsed = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        return [(q.subject, q.predicate, q.object) for q in parsed]

    def rows(self, query: str) -> list[dict[str, ox.Term]]:
        """The rows of a ``SELECT`` query (SPARQL JSON from Oxigraph, parsed)."""
        status, _, body = self.ask(query, "application/sparql-results+json")
        if status != 200:
            raise Refusal(502, body.decode("utf-8", "replace").strip() or f"HTTP {status}")
        results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        names = [v.value for v in results.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in results]

    def ask_boolean(self, query: str) -> bool:
        """The answer of an ``ASK`` query."""
        status, _, body = self.ask(query, "application/sparql-results+json")
        if status != 200:
            raise Refusal(502, body.decode("utf-8", "replace").strip() or f"HTTP {status}")
        return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
