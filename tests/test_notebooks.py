"""The notebooks never rot: each one runs, top to bottom, offline, and is stored stripped.

Each notebook of ``notebooks/`` is executed by nbclient in a fresh Python kernel, in a
temporary working folder (what a notebook saves lands there), with a time limit. A first
cell, added for the test only, refuses any connection that leaves the machine: a
notebook that reaches the internet fails. Any error in any cell fails the test, with the
cell and its traceback.

In git (and on disk), notebooks carry no outputs, no execution counts and no run
metadata, so that a diff shows only what a person changed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="pip install nbformat (a dev dependency)")
nbclient = pytest.importorskip("nbclient", reason="pip install nbclient (a dev dependency)")

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {
    "01-decouvrir-le-graphe.ipynb",
    "02-analyse-de-reseau.ipynb",
    "03-cartes-des-alliances.ipynb",
    "04-endpoint-sparql.ipynb",
}
TIMEOUT = 120
"""Seconds a cell may take."""

OFFLINE = """
import socket as _socket

_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_connect, _connect_ex = _socket.socket.connect, _socket.socket.connect_ex


def _check(sock, address):
    if sock.family in (_socket.AF_INET, _socket.AF_INET6) and address[0] not in _LOOPBACK:
        raise OSError(f"the notebook tried to reach {address[0]}: the tests run offline")


def _offline_connect(self, address):
    _check(self, address)
    return _connect(self, address)


def _offline_connect_ex(self, address):
    _check(self, address)
    return _connect_ex(self, address)


_socket.socket.connect, _socket.socket.connect_ex = _offline_connect, _offline_connect_ex
"""
"""The cell the test runs first: connections only to this machine."""


def test_the_four_notebooks_are_there():
    assert {path.name for path in NOTEBOOKS} == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_offline_without_error(path: Path, tmp_path: Path):
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(OFFLINE, id="offline-guard"))
    client = nbclient.NotebookClient(
        notebook,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as err:
        pytest.fail(f"{path.name}: a cell failed:\n{err}")
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, errors


def test_offline_guard_refuses_the_internet(tmp_path: Path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(OFFLINE, id="guard"),
        nbformat.v4.new_code_cell(
            "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=1)", id="out"
        ),
    ]
    client = nbclient.NotebookClient(notebook, timeout=30, kernel_name="python3")
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="tests run offline"):
        client.execute()


def _stripped(text: str, name: str) -> list[str]:
    """What is not stripped in a notebook's JSON: one line per problem."""
    document = json.loads(text)
    problems = []
    for number, cell in enumerate(document["cells"], 1):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"{name}: cell {number} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{name}: cell {number} has an execution count")
        if set(cell.get("metadata", {})) & {"execution", "scrolled", "collapsed"}:
            problems.append(f"{name}: cell {number} has run metadata")
    if set(document.get("metadata", {})) - {"kernelspec", "language_info"}:
        problems.append(f"{name}: notebook metadata beyond kernelspec and language_info")
    return problems


def test_notebooks_are_stripped_on_disk_and_in_git():
    problems = []
    for path in NOTEBOOKS:
        problems += _stripped(path.read_text(encoding="utf-8"), path.name)
        relative = path.relative_to(ROOT).as_posix()
        for revision, where in ((":", "the git index"), ("HEAD:", "HEAD")):
            shown = subprocess.run(
                ["git", "show", f"{revision}{relative}"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if shown.returncode == 0:  # tracked there
                problems += _stripped(shown.stdout, f"{relative} in {where}")
    assert not problems, "\n".join(problems) + "\nstrip them: jupyter nbconvert --clear-output"
