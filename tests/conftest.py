"""Shared fixtures: the embedded graph, loaded once per test session; the hostile actor of
the map tests; a real Oxigraph server; a headless, offline Chromium."""

from __future__ import annotations

import subprocess

import pytest
from rdflib import Dataset

from mes_graph.load import load


def stop(process: subprocess.Popen, seconds: float) -> None:
    """Ask a server of the tests to stop; kill it if it has not within ``seconds``."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The embedded graph (ontology, code lists, data), as ``load`` builds it."""
    return load()


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory: pytest.TempPathFactory):
    """The hostile actor of ``hostile_actor.py`` in a Turtle file, to add with ``--data``."""
    from hostile_actor import HOSTILE_TTL

    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE_TTL, encoding="utf-8")
    return path


def _oxigraph(tmp_path_factory: pytest.TempPathFactory, union: bool):
    """A real ``oxigraph serve`` (read-write) on a free port of 127.0.0.1, empty at start.

    Yields the base URL; ``/query`` and ``/update`` are its SPARQL endpoints. With
    ``union``, the default graph is the union of the named graphs, as in the local engine;
    without, a graph of its own (Oxigraph's default, most stores'). The store lives in its
    own temporary folder (the server locks it) and the server stops after the session.
    """
    import shutil
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    command = Path(sys.executable).parent / "oxigraph"
    if not command.is_file():
        command = Path(shutil.which("oxigraph") or "oxigraph")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = tmp_path_factory.mktemp("oxigraph-store")
    log = (store.parent / f"{store.name}.log").open("wb")
    process = subprocess.Popen(
        [
            str(command),
            "serve",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            *(["--union-default-graph"] if union else []),
            "--timeout-s",
            "10",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, "oxigraph serve stopped at start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "oxigraph serve did not start"
                time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, 5)
        log.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    """``_oxigraph`` whose default graph is the union of its named graphs."""
    yield from _oxigraph(tmp_path_factory, union=True)


@pytest.fixture(scope="session")
def oxigraph_plain(tmp_path_factory: pytest.TempPathFactory):
    """``_oxigraph`` with a default graph of its own, as most stores have."""
    yield from _oxigraph(tmp_path_factory, union=False)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    """Debian's Virtuoso 7.2 (``virtuoso-t``) on loopback ports, empty at start; its base URL.

    Skips with the reason when it is not installed, unless ``CI`` is set: then the tests
    fail, as they must run there (``.ci/run`` installs ``virtuoso-opensource-7-bin``).
    """
    import os
    import shutil

    from stores import start_virtuoso

    if shutil.which("virtuoso-t") is None:
        missing = "Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: the Virtuoso tests must run under CI")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("virtuoso")
    with (folder / "console.log").open("wb") as log:
        process, url = start_virtuoso(folder, log)
        try:
            yield url
        finally:
            stop(process, 30)


@pytest.fixture(scope="session")
def comunica(tmp_path_factory: pytest.TempPathFactory, dataset):
    """Comunica 4.5 (``comunica-sparql-http``, from ``tests/comunica``) over the embedded
    graph as N-Quads, the union of its graphs as default graph; its query endpoint.

    The N-Quads come from a file server of the test on 127.0.0.1. Skips with the reason
    when Comunica is not installed (``cd tests/comunica && npm ci``), unless ``CI`` is set.
    """
    import functools
    import http.server
    import os
    import threading
    import time
    import urllib.request
    from pathlib import Path

    from mes_graph.export import serialize
    from mes_graph.sparql import free_port

    command = Path(__file__).parent / "comunica/node_modules/.bin/comunica-sparql-http"
    if not command.is_file():
        missing = "Comunica is not installed (cd tests/comunica && npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: the Comunica tests must run under CI")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("comunica")
    (folder / "data.nq").write_bytes(serialize(dataset, "nquads"))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    files = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=files.serve_forever, daemon=True).start()
    port = free_port()
    source = f"http://127.0.0.1:{files.server_address[1]}/data.nq"
    with (folder / "comunica.log").open("wb") as log:
        process = subprocess.Popen(
            [str(command), source, "-p", str(port), "--unionDefaultGraph", "-t", "60"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            deadline = time.monotonic() + 90
            while True:
                assert process.poll() is None, "comunica-sparql-http stopped at start"
                try:
                    with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "Comunica did not start within 90 s"
                    time.sleep(0.2)
            yield url
        finally:
            stop(process, 10)
            files.shutdown()
            files.server_close()


CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: the browser tests drive it through Playwright, no browser download."""


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory):
    """A headless Chromium with a new, empty profile, offline; requests leaving are recorded.

    Skips with the reason when Chromium or Playwright is missing, unless ``CI`` is set:
    then the browser tests fail, as they must run there. ``context.left`` lists the URLs
    that tried to leave the machine (each was aborted); requests to servers of the tests on
    127.0.0.1 go through once a test turns the context online (``set_offline(False)``).
    """
    import os
    import shutil
    from pathlib import Path

    from mes_graph.maps.browser import CHROMIUM_ARGS

    chromium = shutil.which("chromium") or CHROMIUM
    missing = None
    if not Path(chromium).is_file():
        missing = f"Chromium is not installed ({chromium}; apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "Playwright is not installed (pip install playwright)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}: the browser tests must run under CI")
        pytest.skip(missing)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": 1280, "height": 900},
        )
        context.set_offline(True)
        left: list[str] = []

        def cut(route):
            if route.request.url.startswith(("file:", "data:", "about:", "http://127.0.0.1:")):
                route.continue_()
            else:
                left.append(route.request.url)
                route.abort()

        context.route("**/*", cut)
        context.left = left  # type: ignore[attr-defined]
        try:
            yield context
        finally:
            context.close()
