"""Ask a remote SPARQL endpoint: SPARQL 1.1 Protocol by POST, its answers read as ours.

Takes the URL of an endpoint (and the credentials in the environment); gives an
``Endpoint`` whose ``query`` answers a ``Result`` equal to what the local engine gives,
whose ``update`` sends SPARQL 1.1 Update, and ``fetch_statements``, the statements of some
predicates read page by page. Every request has a deadline and a size cap, follows no
redirect, and never prints a credential (``mes_graph.sparql.transport``).

A store's default graph is what the store makes it: the union of its named graphs
(Oxigraph's ``--union-default-graph``, Virtuoso), or a graph of its own, often empty
(Oxigraph's default, most stores). ``store_endpoint`` asks the store which graphs
``push`` loaded (it records them in ``PUSHED``) and queries those, named in the request
(``default-graph-uri``, ``named-graph-uri``, SPARQL 1.1 Protocol §2.1.4), so that the
answers are the local ones whatever the store's default graph.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import time
import urllib.error
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Mapping
from http.client import HTTPException
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper import __version__ as sparqlwrapper_version

from mes_graph.base.terms import GRAPH
from mes_graph.sparql.binding import Shape, query_shape
from mes_graph.sparql.errors import QueryError, RemoteError, one_line
from mes_graph.sparql.results import Result, ask_result, graph_result, select_result
from mes_graph.sparql.terms import check_iri, sparql_term, values_block
from mes_graph.sparql.transport import (
    MAX_ANSWER_BYTES,
    REDIRECTS,
    Deadline,
    DigestLogin,
    TooLarge,
    opener,
    read_bounded,
    redact,
    redact_secrets,
    retry_delay,
)

__all__ = [
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "PUSHED",
    "USER_AGENT",
    "Endpoint",
    "fetch_statements",
    "pushed_graphs",
    "store_endpoint",
]

PUSHED = GRAPH["pushed"]
"""The graph in which ``push`` records the named graphs it loaded (``dcterms:hasPart``)."""

ENV_USER, ENV_PASSWORD, ENV_TOKEN = "MES_GRAPH_USER", "MES_GRAPH_PASSWORD", "MES_GRAPH_TOKEN"
"""The environment variables that hold the credentials of a remote endpoint."""


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("mes-graph")
    except Exception:  # pragma: no cover - not installed
        return "0"


USER_AGENT = (
    f"mes-graph/{_version()} (+https://w3id.org/mes-graph; knowledge graph of the "
    f"Mouvement pour l'Economie Solidaire) SPARQLWrapper/{sparqlwrapper_version}"
)
"""The User-Agent of every request to a remote endpoint."""


def _ask_answer(data: Any) -> bool | None:
    """The answer of an ASK query in SPARQL JSON; also Virtuoso 7's, which comes as one row
    of ``__ASK_RETVAL`` (1 or 0); None when there is none.

    Examples
    --------
    >>> _ask_answer({"head": {}, "boolean": True})
    True
    >>> row = {"__ASK_RETVAL": {"type": "typed-literal", "value": "0"}}
    >>> _ask_answer({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [row]}})
    False
    """
    if isinstance(data.get("boolean"), bool):
        return data["boolean"]
    with contextlib.suppress(KeyError, TypeError, AttributeError, IndexError):
        if data["head"]["vars"] == ["__ASK_RETVAL"]:
            return data["results"]["bindings"][0]["__ASK_RETVAL"]["value"] not in ("0", "")
    return None


SPARQL_JSON = "application/sparql-results+json"
"""The one syntax of SELECT and ASK answers asked for: engines that negotiate (Comunica)
would otherwise answer ``application/json`` in a syntax of their own."""


class Endpoint:
    """A remote SPARQL endpoint, asked through SPARQLWrapper with POST.

    Every request names the project in its User-Agent, must be answered within its
    timeout (a deadline for the whole answer, not for each read), and is retried with
    backoff on 429 and 503, honouring Retry-After. A redirect is never followed: the
    credentials would go to another address, and an update would become an empty GET.
    Failures raise ``RemoteError`` with one line: unreachable, HTTP error with the
    server's message, redirected, timeout, answer too large, malformed result.
    Credentials come from ``MES_GRAPH_TOKEN`` (bearer) or ``MES_GRAPH_USER`` and
    ``MES_GRAPH_PASSWORD`` (basic) and are never printed, even when a server echoes them.

    Parameters
    ----------
    url : str
        The query endpoint (for ``update``, the update endpoint).
    timeout : float
        Seconds within which each request must be answered in full.
    retries : int
        How many times to retry after a 429 or 503.
    backoff : float
        First wait between retries when the server gives no Retry-After, doubled each time.
    max_wait : float
        The longest wait between two retries, whatever Retry-After says.
    sleep : callable
        How to wait (tests pass a recorder).
    environ : mapping, optional
        Where to read the credentials (default ``os.environ``); a user and password
        written in the URL are used when the environment gives none.
    max_bytes : int
        The largest answer to read (``MAX_ANSWER_BYTES``).
    graphs : sequence of str, optional
        The graphs a query reads, named in each request as its default graph (their
        merge) and its named graphs; without them, the store's own default graph.

    Examples
    --------
    >>> Endpoint("http://me:secret@127.0.0.1:7878/query", environ={})
    Endpoint('http://127.0.0.1:7878/query')
    """

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        environ: Mapping[str, str] | None = None,
        max_bytes: int = MAX_ANSWER_BYTES,
        graphs: Iterable[str] | None = None,
    ) -> None:
        if any("\udc80" <= char <= "\udcff" for char in url):
            raise QueryError("the endpoint URL is not valid UTF-8")
        url = urllib.parse.quote(url, safe=":/?#[]@!$&'()*+,;=%~")
        try:
            parts = urllib.parse.urlsplit(url)
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise QueryError(f"{redact(url)!r} is not an http(s) endpoint URL")
        env = os.environ if environ is None else environ
        self._token = _credential(env, ENV_TOKEN)
        self._user = _credential(env, ENV_USER)
        self._password = _credential(env, ENV_PASSWORD)
        if parts.username is not None and not (self._user or self._token):
            # credentials written in the URL: used as basic auth, never sent in the URL
            self._user = urllib.parse.unquote(parts.username)
            self._password = urllib.parse.unquote(parts.password or "")
        url = redact(url)
        self.url, self.timeout, self.retries = url, float(timeout), int(retries)
        self.backoff, self.max_wait, self.sleep = backoff, max_wait, sleep
        self.max_bytes = int(max_bytes)
        self.graphs = tuple(str(check_iri(g)) for g in graphs or ())
        self._names: Graph | None = None
        self._digest: DigestLogin | None = None
        self.requests = 0

    def __repr__(self) -> str:
        return f"Endpoint({redact(self.url)!r})"

    def _secrets(self) -> list[str | None]:
        basic = None
        if self._user and self._password:
            pair = f"{self._user}:{self._password}".encode()
            basic = base64.b64encode(pair).decode("ascii")
        return [self._token, self._password, basic]

    def _client(self, text: str, *, update: bool, accept: str | None = None) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url, updateEndpoint=self.url, agent=USER_AGENT)
        client.setMethod(POST)
        client.setRequestMethod(URLENCODED)
        client.setOnlyConneg(True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            client.setQuery(text)
        graph = accept is not None and accept != SPARQL_JSON
        client.queryType = "INSERT" if update else "CONSTRUCT" if graph else "SELECT"
        client.setReturnFormat(TURTLE if graph else JSON)
        client.timeout = self.timeout  # setTimeout() would round it down to whole seconds
        if accept:
            client.addCustomHttpHeader("Accept", accept)
        for name in () if update else self.graphs:  # the dataset of the query, by name
            client.addParameter("default-graph-uri", name)
            client.addParameter("named-graph-uri", name)
        if self._token:
            client.addCustomHttpHeader("Authorization", f"Bearer {self._token}")
        elif self._user and self._password:
            client.setCredentials(self._user, self._password)
        return client

    def _send(self, client: SPARQLWrapper, *, update: bool = False) -> tuple[bytes, str]:
        try:
            return self._attempts(client, update)
        except RemoteError as err:
            raise RemoteError(redact_secrets(str(err), self._secrets())) from None

    def _attempts(self, client: SPARQLWrapper, update: bool) -> tuple[bytes, str]:
        where = redact(self.url)
        challenged, probe = False, False
        for attempt in range(self.retries + 3):  # and two, to be challenged and answer Digest
            request = client._createRequest()
            digest = self._digest.header(request) if self._digest else None
            if digest:  # in place of the basic credentials SPARQLWrapper adds
                request.add_header("Authorization", digest)
            elif probe:  # without them: a server that refused them says what it asks for
                request.remove_header("Authorization")
            self.requests += 1
            with Deadline(self.timeout) as deadline:
                try:
                    with opener(deadline).open(request, timeout=self.timeout) as response:
                        body = _read_answer(response, self.max_bytes, where)
                        if deadline.expired:
                            raise TimeoutError
                        return body, response.headers.get_content_type()
                except urllib.error.HTTPError as err:
                    challenge = err.headers.get("WWW-Authenticate", "") if err.headers else ""
                    if err.code == 401 and not challenged and self._user and self._password:
                        self._digest = self._digest or DigestLogin(self._user, self._password)
                        challenged = self._digest.challenged(challenge)
                        if challenged or not (challenge or probe):  # Digest: answer, once
                            probe = True  # no challenge (Virtuoso, to basic): ask for one
                            err.close()
                            continue
                    if err.code in (429, 503) and attempt < self.retries:
                        retry_after = err.headers.get("Retry-After") if err.headers else None
                        err.close()
                        self.sleep(retry_delay(retry_after, attempt, self.backoff, self.max_wait))
                        continue
                    if err.code in REDIRECTS:
                        location = (err.headers.get("Location") if err.headers else None) or "?"
                        err.close()
                        what = "the update was not applied" if update else "not followed"
                        raise RemoteError(
                            f"{where}: HTTP {err.code}, redirected to {redact(location)}: "
                            f"{what} (credentials go only to the URL given; give that URL if "
                            "you trust it)"
                        ) from None
                    message = "" if deadline.expired else _server_message(err)
                    raise RemoteError(f"{where}: HTTP {err.code} {err.reason}{message}") from None
                except TimeoutError:
                    raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
                except urllib.error.URLError as err:
                    if isinstance(err.reason, TimeoutError) or deadline.expired:
                        raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
                    raise RemoteError(f"{where}: unreachable: {one_line(err.reason)}") from None
                except (ConnectionError, HTTPException, OSError, ValueError) as err:
                    if deadline.expired:
                        raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from None
                    reason = one_line(err) or type(err).__name__
                    raise RemoteError(f"{where}: connection failed: {reason}") from None
        raise RemoteError(f"{where}: still busy after {self.retries} retries")  # not reached

    def query(self, text: str, shape: Shape | None = None) -> Result:
        """Run SPARQL text on the endpoint; the answer as a ``Result``.

        Raises
        ------
        QueryError
            The text is not a SPARQL query.
        RemoteError
            The endpoint fails, or its answer is not a SPARQL result.
        """
        shape = shape or query_shape(text)
        where = redact(self.url)
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            body, _ = self._send(
                self._client(text, update=False, accept="application/n-triples, text/turtle")
            )
            graph = Graph()
            try:
                graph.parse(data=body.decode("utf-8"), format="turtle")
            except Exception as err:
                raise RemoteError(
                    f"{where}: malformed result (not Turtle): {one_line(err)}"
                ) from None
            return graph_result(graph, shape.form, text)
        client = self._client(text, update=False, accept=SPARQL_JSON)
        body, kind = self._send(client)
        if kind not in (SPARQL_JSON, "application/json"):  # another syntax, by negotiation
            raise RemoteError(f"{where}: malformed result: {kind}, not SPARQL JSON")
        data = _json_results(body, where)
        if shape.form == "ASK":
            answer = _ask_answer(data)
            if answer is None:
                raise RemoteError(f"{where}: malformed result: no boolean")
            return ask_result(answer, text)
        try:
            head_vars = [str(v) for v in data["head"].get("vars", [])]
            bindings = data["results"]["bindings"]
            rows = [{key: _json_term(value) for key, value in b.items()} for b in bindings]
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise RemoteError(
                f"{where}: malformed result: {one_line(err) or 'missing field'}"
            ) from None
        variables = list(shape.projection or sorted(head_vars))
        return select_result(variables, rows, shape.ordered, text)

    def update(self, text: str) -> None:
        """Send a SPARQL 1.1 Update request.

        Raises
        ------
        RemoteError
            The endpoint fails, refuses the update or redirects it.
        """
        self._send(self._client(text, update=True), update=True)

    def names(self) -> Graph:
        """The endpoint's actors, their types and names: where actor parameters are looked up."""
        if self._names is None:
            result = self.query(
                "PREFIX org: <http://www.w3.org/ns/org#>\n"
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                "CONSTRUCT { ?actor a ?type . ?actor ?property ?name } WHERE {\n"
                "  VALUES ?type { org:Organization foaf:Person }\n"
                "  ?actor a ?type .\n"
                "  OPTIONAL { VALUES ?property { skos:prefLabel skos:altLabel\n"
                "    skos:hiddenLabel foaf:name } ?actor ?property ?name }\n"
                "}"
            )
            self._names = result.graph if result.graph is not None else Graph()
        return self._names


def _credential(env: Mapping[str, str], name: str) -> str | None:
    value = (env.get(name) or "").strip()  # a file saved on Windows ends lines with \r
    if any(ord(char) < 32 or ord(char) > 255 or char == "\x7f" for char in value):
        raise QueryError(f"{name} holds a character that cannot go in an HTTP header")
    return value or None


def _read_answer(response: Any, limit: int, where: str) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RemoteError(f"{where}: the answer is larger than {limit // 2**20} MiB: refused")
    try:
        return read_bounded(response, limit)
    except TooLarge as err:
        raise RemoteError(f"{where}: {err}") from None


def _server_message(err: urllib.error.HTTPError) -> str:
    try:
        body = err.read(2000).decode("utf-8", "replace")
    except Exception:
        body = ""
    finally:
        err.close()
    message = one_line(body)
    return f": {message}" if message else ""


def _json_results(body: bytes, where: str) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise RemoteError(f"{where}: malformed result (JSON nested too deeply)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise RemoteError(f"{where}: malformed result (not SPARQL JSON): {one_line(err)}") from None
    if not isinstance(data, dict):
        raise RemoteError(f"{where}: malformed result (not SPARQL JSON)")
    return data


def _json_term(value: Mapping[str, str]) -> Node:
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise ValueError(f"unknown term type {kind!r}")


def pushed_graphs(endpoint: Endpoint) -> list[str]:
    """The named graphs ``push`` recorded in a store (``PUSHED``), sorted; none if it holds
    no record. Read with an explicit ``GRAPH``, so whatever the store's default graph."""
    text = (
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        f"SELECT DISTINCT ?g WHERE {{ GRAPH <{PUSHED}> {{ <{PUSHED}> dcterms:hasPart ?g }} }}"
    )
    found = endpoint.query(text)
    return sorted(str(row[0]) for row in found.rows if isinstance(row[0], URIRef))


def store_endpoint(
    url: str, graphs: Iterable[str] | None = None, *, timeout: float = 30.0
) -> Endpoint:
    """The endpoint of a store, reading the graphs given, else those ``push`` recorded.

    Parameters
    ----------
    url : str
        The query endpoint.
    graphs : iterable of str, optional
        The graphs to read (``--graph``); without them, the store is asked which graphs
        ``push`` loaded (one request), and without any, its own default graph is read.
    timeout : float

    Returns
    -------
    Endpoint

    Raises
    ------
    RemoteError
        The store fails.
    """
    chosen = list(graphs or ())
    if not chosen:
        chosen = pushed_graphs(Endpoint(url, timeout=timeout))
    return Endpoint(url, timeout=timeout, graphs=chosen)


_KEY_O = 'COALESCE(STR(?o), "")'
_KEY = "STR(?s) " + _KEY_O
"""The order statements are read in: subject, then object, as strings (no ``OFFSET``)."""


def _key(subject: Node, obj: Node) -> tuple[str, str]:
    return str(subject), "" if isinstance(obj, BNode) else str(obj)


def fetch_statements(
    endpoint: str | Endpoint, predicates: Iterable[URIRef], page: int = 10_000
) -> Graph:
    """The statements of some predicates in a remote store, fetched page by page.

    One CONSTRUCT per predicate and page, in the order of subject then object as strings,
    each page starting at the last key of the one before (no ``OFFSET``: Virtuoso sorts at
    most ``ResultSetMaxRows`` rows, 10,000 in its stock settings, whatever the offset), so
    that a large store is read in requests of bounded size: what ``mes-graph analyze
    --endpoint`` projects. A store may cut an answer short of ``LIMIT``: the next page
    starts where that answer ended, until the store's count of the statements is read; a
    page that brings nothing new before is an error, never taken for the end.

    Parameters
    ----------
    endpoint : str or Endpoint
        The query endpoint (a URL: its default graph; ``store_endpoint`` for the graphs
        ``push`` recorded).
    predicates : iterable of URIRef
    page : int
        Statements per request, at most.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    RemoteError
        The store fails, or gives fewer statements than it counts.
    """
    endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint)
    graph = Graph()
    for predicate in predicates:
        count = endpoint.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { "
            + values_block({"p": predicate})
            + " ?s ?p ?o } }"
        )
        expected = int(count.rows[0][0]) if count.rows and count.rows[0][0] is not None else 0
        read, after = 0, ""
        while read < expected:
            text = (  # the predicate and the last key bound as terms; LIMIT an integer
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT ?s ?p ?o WHERE { "
                + values_block({"p": predicate})
                + f" ?s ?p ?o {after}}} ORDER BY {_KEY} LIMIT {page:d} }}"
            )
            found = endpoint.query(text).graph or Graph()
            before = len(graph)
            graph += found
            if len(graph) == before:
                break
            read += len(graph) - before
            last_s, last_o = max(_key(s, o) for s, _, o in found)
            after = (
                f"FILTER (STR(?s) > {sparql_term(Literal(last_s))} || (STR(?s) = "
                f"{sparql_term(Literal(last_s))} && {_KEY_O} >= {sparql_term(Literal(last_o))})) "
            )
        if read < expected:
            raise RemoteError(
                f"{redact(endpoint.url)}: read {read} of the {expected} statements of "
                f"<{predicate}>: the store cut its answers"
            )
    return graph
