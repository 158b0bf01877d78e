"""The web application of ``mes-graph serve``: linked data, search, editor, maps, SPARQL.

Takes a ``Served`` (the store behind the front and what the server computed once: the
description, the ontology's page, the search index, the catalogue); gives a Starlette
application:

- every IRI of the dataset, its description and its ontology: ``/<path>`` answers ``303``
  to ``/<path>.html``, ``.ttl``, ``.jsonld`` or ``.nt`` by ``Accept``; each suffix answers
  ``200`` in its syntax (``negotiation``, ``documents``, ``pages``);
- ``/index.html`` (home), ``/recherche.html?q=`` (names and labels, accents ignored),
  ``/requetes.html`` (the SPARQL editor, YASGUI, with the catalogue's queries),
  ``/ontology.html``, ``/carte.html`` and ``/<actor>.carte.html`` (the alliance maps);
- ``/query`` (and ``/sparql``): the SPARQL 1.1 Protocol, queries only, no ``SERVICE``,
  each answered within the timeout and size bound or refused with a clear message.

Bounded everywhere: at most ``CONCURRENT`` requests reach the store at once (more get
``503`` and ``Retry-After``), a query body is at most ``MAX_QUERY_BYTES``, an HTML page
shows at most ``documents.ROW_LIMIT`` statements of a kind. On loopback (the default) a
request must name this server in ``Host`` and come from no other site (DNS rebinding,
cross-site requests); published with ``--host``, the endpoint answers any origin.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from mes_graph.base.convert import to_oxigraph
from mes_graph.base.files import json_bytes
from mes_graph.base.terms import PUBLISH_PREFIXES
from mes_graph.export import MEDIA_TYPES, context, jsonld_nodes
from mes_graph.server import pages
from mes_graph.server.documents import document, known
from mes_graph.server.negotiation import SYNTAXES, document_of, iri_of, negotiate
from mes_graph.server.search import SearchIndex
from mes_graph.server.upstream import Refusal, Store
from mes_graph.site import DUMPS, resource_turtle
from mes_graph.sparql.service import service_calls

__all__ = ["CONCURRENT", "HOSTS", "MAX_QUERY_BYTES", "Served", "application"]

MAX_QUERY_BYTES = 4 * 2**20
"""The largest request body the endpoint reads (4 MiB)."""

CONCURRENT = 4
"""How many requests reach the store at once; more are asked to retry (503, Retry-After)."""

HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""The names a request may give in ``Host`` (with the port) when served on loopback."""

ASSETS = {
    "style.css": ("static/site/style.css", "text/css; charset=utf-8"),
    "yasgui.min.js": ("static/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    "yasgui.min.css": ("static/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    "editor.js": ("static/server/editor.js", "text/javascript; charset=utf-8"),
}
"""The files under ``/assets/``: where each is in the package, and its media type."""


@dataclass
class Served:
    """What the application serves, computed once when the server starts."""

    store: Store
    dataset: Dataset
    """The served dataset (the profile), for the maps."""
    description: Graph
    downloads: Path
    """The folder of the dumps the description names, served under ``/donnees/``."""
    ontology_page: bytes
    search: SearchIndex
    catalogue: list[dict[str, Any]]
    version: str
    statements: int
    loopback: bool = True
    port: int = 0
    slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(CONCURRENT)
    )
    maps: dict[str, bytes] = field(default_factory=dict)
    """The maps drawn so far, by path: each is drawn once, on first request."""
    _network: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def network(self) -> Any:
        """The alliance network of the served dataset, projected once, on first use."""
        with self._lock:
            if self._network is None:
                from mes_graph.network import alliance_network

                self._network = alliance_network(self.dataset, lang="fr")
            return self._network


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(message + "\n", status, headers=headers, media_type="text/plain; charset=utf-8")


def _html(status: int, body: bytes) -> Response:
    return Response(body, status, media_type=SYNTAXES["html"])


def _error_page(served: Served, status: int, title: str, message: str) -> Response:
    body = pages.render("error.html", title=title, message=message, version=served.version)
    return _html(status, body)


def _guarded(served: Served, call: Callable[[], Any]) -> Any:
    """Run a call that asks the store within a slot of ``CONCURRENT``, or refuse (503)."""
    if not served.slots.acquire(blocking=False):
        raise Refusal(503, "too many queries at once: retry")
    try:
        return call()
    finally:
        served.slots.release()


# -- the SPARQL endpoint -------------------------------------------------------------------


async def _query_of(request: Request) -> tuple[str, str]:
    """The query and the path (with its graphs) to ask Oxigraph, from a protocol request."""
    params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            raise Refusal(411, "a POST needs a Content-Length")
        if int(length) > MAX_QUERY_BYTES:
            raise Refusal(413, f"a query may hold up to {MAX_QUERY_BYTES // 2**20} MiB")
        body = await request.body()
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), True)
            params = {**params, **form}
        elif kind == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
        elif kind == "application/sparql-update":
            raise Refusal(403, "this endpoint is read-only")
        else:
            raise Refusal(415, f"unsupported content type {kind}")
    if "update" in params:
        raise Refusal(403, "this endpoint is read-only")
    if len(params.get("query", [])) != 1:
        raise Refusal(400, "give one query parameter")
    graphs = [(k, v) for k in ("default-graph-uri", "named-graph-uri") for v in params.get(k, [])]
    path = "/query" + ("?" + urllib.parse.urlencode(graphs) if graphs else "")
    return params["query"][0], path


def sparql_endpoint(served: Served) -> Callable[[Request], Any]:
    """The handler of ``/query``: the SPARQL 1.1 Protocol, read-only, bounded."""

    async def endpoint(request: Request) -> Response:
        try:
            text, path = await _query_of(request)
            calls = service_calls(text)
            if calls:
                message = f"SERVICE {calls[0]}: refused, this endpoint calls no other endpoint"
                raise Refusal(403, message)
            accept = request.headers.get("accept") or "application/sparql-results+json"
            status, kind, body = await run_in_threadpool(
                _guarded, served, lambda: served.store.ask(text, accept, path)
            )
            return Response(body, status, headers={"Content-Type": kind})
        except Refusal as refusal:
            headers = {"Retry-After": "1"} if refusal.status == 503 else None
            return _text(refusal.status, refusal.message, headers)

    return endpoint


def read_only(request: Request) -> Response:
    """``/update`` and ``/store``: refused, the server is read-only."""
    return _text(403, "this endpoint is read-only")


# -- documents ----------------------------------------------------------------------------


def _rdf(served: Served, iri: str, suffix: str) -> Response:
    triples = document(served.store, iri, served.description).triples
    prefixes = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}
    if suffix == "ttl":
        body = resource_turtle(triples, prefixes)
    elif suffix == "jsonld":
        ctx = context(PUBLISH_PREFIXES)
        body = json_bytes({"@context": ctx, "@graph": jsonld_nodes(triples, ctx, ordered=True)})
    else:
        quads = [ox.Triple(*map(to_oxigraph, t)) for t in triples]
        body = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""
    return Response(body, 200, media_type=SYNTAXES[suffix])


def _document(served: Served, stem: str, suffix: str) -> Response:
    iri = iri_of(stem)
    if suffix != "html":
        return _rdf(served, iri, suffix)
    if stem == "ontology":
        return _html(200, served.ontology_page)
    doc = document(served.store, iri, served.description)
    return _html(200, pages.resource_html(doc, served.store, served.description, served.version))


def _ego_map(served: Served, stem: str) -> Response:
    G = served.network()
    iri = iri_of(stem)
    if iri not in G:
        return _error_page(served, 404, "Pas de carte", f"{iri} n'est pas un acteur du réseau.")
    key = stem + ".carte.html"
    if key not in served.maps:
        from mes_graph.maps import map_page

        served.maps[key] = map_page(
            G, view="ego", actor=iri, radius=1, title="Carte ego", lang="fr"
        ).encode("utf-8")
    return _html(200, served.maps[key])


def _full_map(served: Served) -> Response:
    if "carte.html" not in served.maps:
        from mes_graph.maps import map_page

        served.maps["carte.html"] = map_page(
            served.network(), view="all", title="Carte des alliances du MES", lang="fr"
        ).encode("utf-8")
    return _html(200, served.maps["carte.html"])


def _home(served: Served) -> Response:
    first = served.search.first  # the MES, when the dataset holds it
    start = {"href": pages.href(first), "text": "Le MES"} if first else None
    body = pages.render(
        "home.html",
        title="Le graphe de l'économie solidaire",
        statements=f"{served.statements:,}".replace(",", "\u00a0"),
        queries=len(served.catalogue),
        start=start or {"href": "ontology.html", "text": "L'ontologie"},
        version=served.version,
    )
    return _html(200, body)


def _search(served: Served, request: Request) -> Response:
    q = request.query_params.get("q", "").strip()[:200]
    hits, total = served.search.find(q)
    refs = [{"text": label, "href": pages.href(iri), "iri": iri} for label, iri in hits]
    if request.url.path.endswith(".json"):
        return Response(
            json_bytes({"q": q, "total": total, "hits": [{"label": n, "iri": i} for n, i in hits]}),
            media_type="application/json",
        )
    summary = (
        f"{total} résultat{'s' if total > 1 else ''}"
        + (f", les {len(hits)} premiers" if total > len(hits) else "")
        if total
        else "Aucun résultat."
    )
    body = pages.render(
        "search.html", title="Recherche", q=q, hits=refs, summary=summary, version=served.version
    )
    return _html(200, body)


def _editor(served: Served) -> Response:
    body = pages.render(
        "editor.html",
        title="Requêtes SPARQL",
        catalogue=served.catalogue,
        catalogue_json=json.dumps(served.catalogue, ensure_ascii=False).replace("<", "\\u003c"),
        version=served.version,
    )
    return _html(200, body)


def _asset(name: str) -> Response:
    if name not in ASSETS:
        return _text(404, f"no asset {name}")
    where, kind = ASSETS[name]
    body = resources.files("mes_graph").joinpath(where).read_bytes()
    return Response(body, 200, media_type=kind, headers={"Cache-Control": "max-age=3600"})


def _download(served: Served, name: str) -> Response:
    if name not in DUMPS:
        return _text(404, f"no download {name}")
    return FileResponse(served.downloads / name, media_type=MEDIA_TYPES[DUMPS[name]])


def resolve(served: Served) -> Callable[[Request], Any]:
    """The handler of every other path: pages, assets, documents, and 303 for things."""

    def pages_and_documents(request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path.startswith("assets/"):
            return _asset(path[len("assets/") :])
        if path.startswith("donnees/"):
            return _download(served, path[len("donnees/") :])
        try:
            if path == "index.html":
                return _home(served)
            if path == "ontologie.html":  # the static site's name of the ontology's page
                return _html(200, served.ontology_page)
            if path in ("recherche.html", "recherche.json"):
                return _search(served, request)
            if path == "requetes.html":
                return _editor(served)
            if path == "carte.html":
                return _guarded(served, lambda: _full_map(served))
            if path.endswith(".carte.html"):
                return _guarded(served, lambda: _ego_map(served, path[: -len(".carte.html")]))
            stem, _, suffix = path.rpartition(".")
            if (
                stem
                and suffix in SYNTAXES
                and _guarded(served, lambda: known(served.store, iri_of(stem), served.description))
            ):
                return _guarded(served, lambda: _document(served, stem, suffix))
            # a thing, whose own name may end like a document's (…/distribution/x.jsonld)
            iri = iri_of(path.rstrip("/") + "/index" if path.endswith("/") else path)
            if _guarded(served, lambda: known(served.store, iri, served.description)):
                return _see_other(request, document_of(iri) or "index")
            if path.rpartition(".")[2] in SYNTAXES.keys() - {"html"}:
                return _text(404, f"the dataset does not name {iri}")
            return _error_page(served, 404, "Introuvable", f"Le jeu de données ne nomme pas {iri}.")
        except Refusal as refusal:
            headers = {"Retry-After": "1"} if refusal.status == 503 else None
            return _text(refusal.status, refusal.message, headers)

    return pages_and_documents


def _see_other(request: Request, stem: str) -> Response:
    suffix = negotiate(request.headers.get("accept"))
    return RedirectResponse(f"/{stem}.{suffix}", 303, headers={"Vary": "Accept"})


class _Guard:
    """Refuse requests that do not name this server, or come from another site."""

    def __init__(self, app: Any, served: Served) -> None:
        self.app, self.served = app, served

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.served.loopback:
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            names = {f"{host}:{self.served.port}" for host in HOSTS}
            origin = headers.get("origin")
            refusal = None
            if headers.get("host") not in names:
                refusal = "this endpoint answers only to 127.0.0.1, localhost, [::1]"
            elif origin is not None and origin not in {f"http://{name}" for name in names}:
                refusal = "cross-origin requests are refused"
            elif headers.get("sec-fetch-site") == "cross-site":
                refusal = "cross-site requests are refused"
            if refusal:
                await _text(403, refusal)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def application(served: Served) -> Any:
    """The ASGI application of a served dataset.

    Parameters
    ----------
    served : Served

    Returns
    -------
    ASGI application
        Starlette's, behind the guard of loopback requests.
    """
    methods = ["GET", "POST", "HEAD"]
    app = Starlette(
        routes=[
            Route("/query", sparql_endpoint(served), methods=methods),
            Route("/sparql", sparql_endpoint(served), methods=methods),
            Route("/update", read_only, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/store", read_only, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/{path:path}", resolve(served), methods=["GET", "HEAD"]),
        ]
    )
    return _Guard(app, served)
