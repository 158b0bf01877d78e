"""Run a real Oxigraph SPARQL server on 127.0.0.1, over a copy of a dataset, under a watchdog.

Takes a dataset; gives an ``OxigraphServer`` listening on loopback (read-only by default,
the union of the named graphs as default graph, a query timeout), whose process and copy
of the data go when this process goes, however it goes (``mes_graph.sparql.watchdog``).
Also finds the ``oxigraph`` command (``oxigraph_executable``) and a free port
(``free_port``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

from mes_graph.sparql.errors import ServerError, one_line

__all__ = ["WATCHDOG", "OxigraphServer", "free_port", "oxigraph_executable"]

WATCHDOG = Path(__file__).with_name("watchdog.py")
"""The watchdog the server runs under, run as a file: it imports the standard library only,
so it starts at once and does not depend on the rest of the package."""


def oxigraph_executable() -> str:
    """The ``oxigraph`` command (from the ``oxigraph`` package), next to Python or on PATH.

    Raises
    ------
    ServerError
        The command is not installed.

    Examples
    --------
    >>> Path(oxigraph_executable()).name
    'oxigraph'
    """
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServerError("the oxigraph command is missing: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port of ``host`` that nothing listens on right now.

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """A real Oxigraph SPARQL server on 127.0.0.1, over a fresh store in a temporary folder.

    ``start`` writes the dataset as N-Quads and has ``mes_graph.sparql.watchdog`` load it with
    ``oxigraph load`` and run ``oxigraph serve-read-only`` (or ``serve`` when
    ``read_only`` is false) with the union of the named graphs as default graph and a
    query timeout; ``stop`` ends the server and removes the folder. The watchdog does the
    same if this process dies, however it dies: no server and no copy of the data
    outlive it. Use it as a context manager.

    Parameters
    ----------
    dataset : rdflib.Dataset, optional
        The statements to serve; an empty store when not given.
    port : int
        The port to listen on; 0 picks a free one.
    read_only : bool
        Refuse updates (default).
    timeout_s : int
        The server's query timeout, in seconds.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> from mes_graph.sparql import run_query
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    >>> with OxigraphServer(ds) as server:
    ...     run_query("SELECT ?o WHERE { ?s ?p ?o }", endpoint=server.endpoint)["o"].tolist()
    [1]
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        *,
        port: int = 0,
        read_only: bool = True,
        timeout_s: int = 30,
    ) -> None:
        self.dataset, self.port, self.read_only = dataset, port, read_only
        self.timeout_s = timeout_s
        self.folder: Path | None = None
        self.process: subprocess.Popen | None = None
        self._pipe: int | None = None

    @property
    def endpoint(self) -> str:
        """The URL of the SPARQL query endpoint."""
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update_endpoint(self) -> str:
        """The URL of the SPARQL update endpoint (refused when read-only)."""
        return f"http://127.0.0.1:{self.port}/update"

    def log(self) -> str:
        """What the server wrote, on one line, without Rust's backtrace ("" when none)."""
        if self.folder is None:
            return ""
        with contextlib.suppress(OSError):
            text = (self.folder / "server.log").read_text("utf-8", "replace")
            return one_line(text.split("stack backtrace:")[0])
        return ""

    def start(self, wait: float = 10.0, load_wait: float = 600.0) -> OxigraphServer:
        """Load the store and start the server; return when it accepts connections."""
        command = oxigraph_executable()
        self.folder = Path(tempfile.mkdtemp(prefix="mes-graph-oxigraph-"))
        store, log = self.folder / "store", self.folder / "server.log"
        try:
            self.port = self.port or free_port()
            mode = "serve-read-only" if self.read_only else "serve"
            serve = [command, mode, "--location", str(store)]
            serve += ["--bind", f"127.0.0.1:{self.port}", "--union-default-graph"]
            serve += ["--timeout-s", str(int(self.timeout_s))]
            steps, data = serve, None
            if self.dataset is not None or self.read_only:  # a read-only store must exist
                from mes_graph.export import serialize  # here only: export pulls NetworkX

                data = self.folder / "data.nq"
                data.write_bytes(serialize(self.dataset, "nquads") if self.dataset else b"")
                steps = [command, "load", "--location", str(store), "--file", str(data)]
                steps += ["--then", *serve]
            read, self._pipe = os.pipe()
            watchdog = [sys.executable, "-P", str(WATCHDOG)]  # the file alone, not the package
            watchdog += ["--folder", str(self.folder), "--pipe", str(read), "--log", str(log)]
            watchdog += ["--discard", str(data)] if data else []
            try:
                self.process = subprocess.Popen(
                    [*watchdog, "--", *steps],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(read,),
                    start_new_session=True,  # Ctrl-C reaches us, and we stop the server
                )
            finally:
                os.close(read)
            deadline = time.monotonic() + wait + (load_wait if data else 0)
            while True:
                if self.process.poll() is not None:
                    raise ServerError(f"oxigraph {mode} stopped: {self.log()}")
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
                ):
                    break
                if time.monotonic() > deadline:
                    raise ServerError(f"oxigraph {mode} did not start in time")
                time.sleep(0.02)
        except BaseException:
            self.stop()
            raise
        return self

    def wait(self) -> int:
        """Block until the server ends; its exit status."""
        return self.process.wait() if self.process else 0

    def stop(self) -> None:
        """Stop the server and remove its folder (the watchdog does it when told)."""
        if self._pipe is not None:
            os.close(self._pipe)  # the watchdog reads end-of-file: it stops the server
            self._pipe = None
        if self.process is not None:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
