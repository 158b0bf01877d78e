"""Run ``mes-graph serve``: Oxigraph behind the application, until Ctrl-C, SIGTERM or SIGHUP.

Takes the dataset ``load`` built and the server's bounds; starts Oxigraph over the served
profile (``sparql.OxigraphServer``, under its watchdog: it and its copy of the data go
when this process goes, however it goes), computes once what the pages need (the
description, the ontology's page, the search index, the catalogue), and serves the
application (``app``) with uvicorn on a socket bound here, so that a busy port is
reported before anything starts.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn
from rdflib import Dataset, Graph

from mes_graph.base.terms import GRAPH
from mes_graph.describe import Distribution, describe
from mes_graph.export import apply_profile, version, write_rdf
from mes_graph.server.app import Served, application
from mes_graph.server.pages import ontology_html
from mes_graph.server.search import search_index
from mes_graph.server.upstream import Store
from mes_graph.site import DUMPS
from mes_graph.site.dataset import DATA_URL
from mes_graph.sparql import (
    OxigraphServer,
    QueryError,
    ServerError,
    bind_query,
    bind_terms,
    catalogue,
    free_port,
)

__all__ = ["LOOPBACK", "MAX_MB", "catalogue_entries", "describe_downloads", "serve"]

MAX_MB = 64
"""The largest answer the endpoint sends, in MiB, unless told otherwise."""

LOOPBACK = ("127.0.0.1", "localhost", "::1")
"""The addresses that keep the server to this machine."""


def catalogue_entries(dataset: Dataset) -> list[dict[str, Any]]:
    """The catalogue's queries as the editor lists them, each bound to its defaults.

    Parameters
    ----------
    dataset : rdflib.Dataset
        Where the default actors' names are looked up.

    Returns
    -------
    list of dict
        ``name``, ``title``, ``parameters`` (their signatures) and ``text`` (the query,
        its parameters bound by a ``VALUES`` block to their defaults).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> members = {q["name"]: q for q in catalogue_entries(load())}["members"]
    >>> "VALUES (?org) { (<https://w3id.org/mes-graph/id/organisation/mes>) }" in members["text"]
    True
    """
    entries = []
    for name, query in sorted(catalogue().items()):
        try:
            text = bind_query(query, bind_terms(query, {}, lambda: dataset))
        except QueryError:
            text = query.text
        entries.append(
            {
                "name": name,
                "title": query.title,
                "parameters": [{"signature": p.signature()} for p in query.parameters],
                "text": text,
            }
        )
    return entries


def describe_downloads(dataset: Dataset, served: Dataset, profile: str, folder: Path) -> Graph:
    """Write the dumps of the served profile into ``folder``; the description naming them.

    The same files as the static site's ``donnees/`` (``site.DUMPS``), written in a stream,
    and downloaded from ``/donnees/`` as the description says (``site.DATA_URL``).
    """
    names = {fmt: name for name, fmt in DUMPS.items()}
    written, facts = write_rdf(folder, served, DUMPS.values(), names=names)
    dists = [
        Distribution(f.name, f.path, f.fmt, profile, f.size, f.sha256, f.statements)
        for f in written
    ]
    return describe(
        dataset, dists, profile=profile, profiled=served, base_url=DATA_URL, facts=facts
    )


def _socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OverflowError:
        sock.close()
        raise ServerError(f"port {port}: choose a port from 0 to 65535") from None
    except OSError as err:
        sock.close()
        raise ServerError(f"port {port} of {host}: {err.strerror}") from None
    sock.listen(128)
    return sock


def serve(
    dataset: Dataset,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: int = 30,
    max_mb: int = MAX_MB,
    profile: str = "public",
    out: Any = None,
) -> int:
    """Serve a dataset read-only until Ctrl-C, SIGTERM or SIGHUP; the exit status.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    host : str
        The address to listen on: 127.0.0.1 by default; another publishes the server.
    port : int
        The port (0: any free one).
    timeout_s : int
        Seconds within which a query must be answered in full.
    max_mb : int
        The largest answer, in MiB.
    profile : str
        What is served: ``public`` (default), ``full`` or ``essglobal``.
    out : file, optional
        Where the server's addresses are printed once it answers (standard output).

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

    listening = _socket(host, port)
    port = listening.getsockname()[1]
    served_data = apply_profile(dataset, profile)
    # Oxigraph's own timeout comes later than the front's: the front always answers first
    oxigraph = OxigraphServer(served_data, port=free_port(), timeout_s=timeout_s + 5)
    main_thread = threading.current_thread() is threading.main_thread()
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, interrupt) for s in stops} if main_thread else {}
    web: uvicorn.Server | None = None
    thread: threading.Thread | None = None
    try:
        oxigraph.start()
        ontology = Dataset(default_union=True)
        for name in ("ontology", "vocabularies"):
            for triple in served_data.graph(GRAPH[name]):
                ontology.graph(GRAPH[name]).add(triple)
        downloads = oxigraph.folder / "donnees"  # the watchdog removes it with the store
        served = Served(
            store=Store(oxigraph.port, timeout_s, max_mb * 2**20),
            dataset=served_data,
            description=describe_downloads(dataset, served_data, profile, downloads),
            downloads=downloads,
            ontology_page=ontology_html(ontology),
            search=search_index(served_data),
            catalogue=catalogue_entries(served_data),
            version=version(dataset),
            statements=len(served_data),
            loopback=host in LOOPBACK,
            port=port,
        )
        config = uvicorn.Config(
            application(served),
            log_level="warning",
            timeout_graceful_shutdown=1,
            lifespan="off",
        )
        web = uvicorn.Server(config)
        thread = threading.Thread(target=web.run, kwargs={"sockets": [listening]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not web.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise ServerError(f"the web server did not start on {host}:{port}")
            time.sleep(0.01)
        shown = f"[{host}]" if ":" in host else host
        print(
            f"SPARQL endpoint: http://{shown}:{port}/query (read-only, profile "
            f"{profile}, default graph = union of the named graphs, answers within "
            f"{timeout_s} s and {max_mb} MiB, no SERVICE); Ctrl-C stops it",
            file=out,
            flush=True,
        )
        print(
            f"Données liées, recherche et éditeur SPARQL : http://{shown}:{port}/",
            file=out,
            flush=True,
        )
        status = oxigraph.wait()
        if status:
            raise ServerError(f"oxigraph stopped with status {status}: {oxigraph.log()}")
        return 0
    except KeyboardInterrupt:
        print("stopped", file=out, flush=True)
        return 0
    finally:
        if web is not None:
            web.should_exit = True
        if thread is not None:
            thread.join(10)
        with contextlib.suppress(OSError):
            listening.close()
        oxigraph.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
