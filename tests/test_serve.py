"""``mes-graph serve`` as a linked-data server: every IRI resolves, in HTML and in Turtle.

A real ``mes-graph serve`` process on 127.0.0.1 (Oxigraph behind it), with the hostile actor
added; the tests walk every IRI of the served dataset, of its description and of its
ontology, follow the links of every page they reach, search, and run a catalogue query in
the SPARQL editor in Chromium, offline.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import select
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from hostile_actor import HOSTILE_IRI, PAYLOAD, SCRIPT
from rdflib import RDFS, Graph, Namespace, URIRef

from mes_graph.base.terms import BASE
from mes_graph.export import apply_profile
from mes_graph.load import load
from mes_graph.server import describe_downloads
from mes_graph.sparql import execute, free_port

MES_CLI = [sys.executable, "-m", "mes_graph.cli"]
SPDX = Namespace("http://spdx.org/rdf/terms#")


class Server:
    """A ``mes-graph serve`` process; ``get`` asks it one request, following no redirect."""

    def __init__(self, *args: str, host: str = "127.0.0.1") -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*MES_CLI, "serve", "--host", host, "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        ready, _, _ = select.select([self.process.stdout], [], [], 150)
        assert ready, "the server did not announce itself within 150 s"
        self.banner = self.process.stdout.readline()
        assert self.banner.startswith(f"SPARQL endpoint: http://{host}:{self.port}/query ")

    def get(
        self, path: str, accept: str = "text/html", headers: dict | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Accept": accept, **(headers or {})})
            answer = connection.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        finally:
            connection.close()

    def follow(self, path: str, accept: str = "text/html") -> tuple[int, str, str, bytes]:
        """Status, final path, content type and body after at most one 303."""
        status, headers, body = self.get(path, accept)
        if status == 303:
            assert headers.get("vary") == "Accept", path
            path = urllib.parse.urlsplit(headers["location"]).path
            status, headers, body = self.get(path, accept)
        return status, path, headers.get("content-type", ""), body

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server(hostile_file) -> Iterator[Server]:
    running = Server("--data", str(hostile_file), "--timeout-s", "3")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def served(hostile_file, tmp_path_factory):
    """What the server serves, computed here: the public profile and its description."""
    dataset = load([hostile_file])
    public = apply_profile(dataset, "public")
    folder = tmp_path_factory.mktemp("donnees")
    return public, describe_downloads(dataset, public, "public", folder)


def our_iris(*graphs) -> set[str]:
    """Every IRI of ours (under the base) that the graphs name, as subject, predicate,
    object or graph."""
    found = set()
    for graph in graphs:
        quads = (
            graph.quads((None, None, None, None))
            if hasattr(graph, "quads")
            else ((*t, None) for t in graph)
        )
        for quad in quads:
            for term in quad:
                if isinstance(term, URIRef) and str(term).startswith(BASE):
                    found.add(str(term))
    return found


def path_of(iri: str) -> str:
    return "/" + urllib.parse.quote(iri[len(BASE) :].partition("#")[0], safe="/~.-_")


def test_every_iri_answers_in_html_and_in_turtle(server, served):
    public, description = served
    iris = our_iris(public, description)
    assert len(iris) > 190  # the dataset, its description and its ontology
    assert {
        BASE,
        BASE + "dataset",
        BASE + "ontology#TerritorialNetwork",
        BASE + "graph/ontology",
    } <= iris
    assert BASE + "id/membership/ardes--mes" in iris and BASE + "profile/public" in iris
    downloads = {iri for iri in iris if iri.startswith(BASE + "donnees/")}
    assert len(downloads) == 3
    for iri in sorted(downloads):  # the files the description names, as they are
        status, headers, body = server.get(path_of(iri), "text/html")
        assert status == 200 and headers["content-type"] != "text/html; charset=utf-8", iri
        assert hashlib.sha256(body).hexdigest() in {
            str(o) for o in description.objects(None, SPDX.checksumValue)
        }
    for iri in sorted(iris - downloads):
        status, where, kind, body = server.follow(path_of(iri), "text/html")
        assert (status, kind) == (200, "text/html; charset=utf-8"), (iri, status)
        assert where.endswith(".html") and b"<!DOCTYPE html>" in body[:100], iri
        status, where, kind, body = server.follow(path_of(iri), "text/turtle")
        assert (status, kind) == (200, "text/turtle; charset=utf-8"), (iri, status)
        turtle = Graph().parse(data=body, format="turtle")
        node = URIRef(iri)
        assert (
            (node, None, None) in turtle
            or (None, None, node) in turtle
            or (None, node, None) in turtle
        ), iri


def test_each_syntax_by_accept_and_by_suffix(server, served):
    public, _ = served
    ardes = URIRef(BASE + "id/organisation/ardes")
    for accept, suffix, kind in (
        ("application/ld+json", "jsonld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("text/turtle;q=0.5, text/html;q=0.9", "html", "text/html; charset=utf-8"),
    ):
        status, headers, _ = server.get("/id/organisation/ardes", accept)
        assert status == 303 and headers["location"].endswith(f"/id/organisation/ardes.{suffix}")
        status, headers, _ = server.get(f"/id/organisation/ardes.{suffix}", "*/*")
        assert status == 200 and headers["content-type"] == kind
    _, _, jsonld = server.get("/id/organisation/ardes.jsonld")
    _, _, nt = server.get("/id/organisation/ardes.nt")
    from_jsonld = Graph().parse(data=jsonld, format="json-ld")
    from_nt = Graph().parse(data=nt, format="nt")
    assert len(from_jsonld) == len(from_nt) > 8
    own = {(ardes, p, o) for p, o in public.predicate_objects(ardes)}
    assert own <= set(from_nt)  # every statement about ARDES, nothing lost on the way
    assert server.get("/id/organisation/nobody")[0] == 404
    assert server.get("/id/organisation/nobody.ttl", "text/turtle")[0] == 404


def test_the_ontology_documents_every_term_in_both_languages(server):
    status, where, _, body = server.follow("/ontology", "text/html")
    page = body.decode("utf-8")
    assert (status, where) == (200, "/ontology.html")
    assert 'id="TerritorialNetwork"' in page and "réseau territorial" in page
    assert 'lang="en"' in page
    status, _, _, body = server.follow("/ontology", "text/turtle")
    ontology = Graph().parse(data=body, format="turtle")
    term = URIRef(BASE + "ontology#TerritorialNetwork")
    labels = {o.language for o in ontology.objects(term, RDFS.label)}
    assert status == 200 and {"fr", "en"} <= labels


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_link_of_the_pages_reached_resolves(server):
    """From the home page, every page of the server and every link on it answers 200."""
    todo, seen, checked = ["/index.html"], set(), 0
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        status, where, kind, body = server.follow(path)
        assert status == 200, (path, status)
        checked += 1
        if not kind.startswith("text/html") or where.endswith(".carte.html"):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.links:
            parts = urllib.parse.urlsplit(urllib.parse.urljoin(where, link))
            if parts.scheme or parts.netloc:
                continue
            target = parts.path + ("?" + parts.query if parts.query else "")
            if target not in seen and (len(seen) < 400 or not target.endswith(".html")):
                todo.append(target)
    assert checked > 150


def test_search_ignores_accents_and_case(server):
    def hits(q: str) -> list[str]:
        status, _, body = server.get("/recherche.json?" + urllib.parse.urlencode({"q": q}))
        assert status == 200
        return [hit["iri"] for hit in json.loads(body)["hits"]]

    mes = BASE + "id/organisation/mes"
    assert hits("Mouvement pour l'Économie") == hits("MOUVEMENT POUR L ECONOMIE")
    assert hits("mouvement pour l'economie")[0] == mes
    assert hits("ripess")[0] == BASE + "id/organisation/ripess-europe"
    assert hits("") == [] and hits("zzzz-nothing") == []
    _, _, page = server.get("/recherche.html?q=" + urllib.parse.quote("économie solidaire"))
    assert "/id/organisation/mes.html" in page.decode("utf-8")


def test_hostile_names_show_as_text(server):
    path = path_of(HOSTILE_IRI) + ".html"
    for where in (path, "/recherche.html?q=" + urllib.parse.quote("img src")):
        status, _, body = server.get(where)
        page = body.decode("utf-8")
        assert status == 200 and PAYLOAD not in page and SCRIPT not in page, where
    assert "&lt;img src=x onerror=" in server.get(path)[2].decode("utf-8")


def test_a_runaway_query_stops_at_the_timeout_and_the_next_is_served(server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    status, _, body = server.get("/query?" + urllib.parse.urlencode({"query": runaway}))
    assert (status, body) == (504, b"no complete answer within 3 s: stopped\n")
    assert time.monotonic() - start < 6
    status, _, body = server.get("/query?query=ASK%7B%7D", "application/sparql-results+json")
    assert (status, json.loads(body)["boolean"]) == (200, True)
    assert server.get("/id/organisation/ardes.html")[0] == 200


def test_more_queries_at_once_than_slots_are_asked_to_retry(server):
    """Six runaway queries at once: four run (and stop at the timeout), the others get 503."""
    from concurrent.futures import ThreadPoolExecutor

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    path = "/query?" + urllib.parse.urlencode({"query": runaway})
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: server.get(path), range(6)))
    statuses = sorted(status for status, _, _ in answers)
    assert statuses.count(503) >= 2 and set(statuses) <= {503, 504}
    assert all(h.get("retry-after") == "1" for status, h, _ in answers if status == 503)
    assert server.get("/query?query=ASK%7B%7D", "application/sparql-results+json")[0] == 200


def test_the_sparql_editor_runs_a_catalogue_query_offline(server, browser_context, served):
    """YASGUI, from the package, runs the catalogue's ``members`` in Chromium: its rows."""
    expected = execute("members", dataset=served[0])
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    left_before = len(browser_context.left)
    browser_context.set_offline(False)
    try:
        page.goto(f"http://127.0.0.1:{server.port}/requetes.html")
        page.click("button[data-query=members]")
        page.wait_for_function(
            "document.querySelectorAll('.yasr table.dataTable tbody tr').length > 0",
            timeout=30000,
        )
        rows = page.eval_on_selector_all(".yasr table.dataTable tbody tr", "r => r.length")
        text = page.inner_text(".yasr table.dataTable tbody")
    finally:
        browser_context.set_offline(True)
        page.close()
    assert errors == []
    assert rows == len(expected.rows) > 15
    assert "ARDES" in text
    assert browser_context.left[left_before:] == []  # nothing asked of another host


def test_published_with_host_it_answers_any_host_name(server):
    """``--host 0.0.0.0`` publishes the server: a public name is not this machine's."""
    outside = {"Host": "data.example.org"}
    assert server.get("/index.html", headers=outside)[0] == 403  # on loopback by default
    published = Server(host="0.0.0.0")
    try:
        assert published.get("/index.html", headers=outside)[0] == 200
    finally:
        published.stop()
