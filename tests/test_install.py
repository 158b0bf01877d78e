"""A non-editable install: the wheel carries the ontology, the data and the queries.

The wheel is built from the checkout and installed into a new virtual environment,
then the console script runs from an unrelated folder. The new environment borrows the
test environment's dependencies through a ``.pth`` file, so nothing is downloaded.
"""

from __future__ import annotations

import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from mes_graph.load import load

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("mes_graph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=False)
    (purelib,) = env.glob("lib/python*/site-packages")
    (purelib / "borrowed-deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install",
         "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=300,
    )  # fmt: skip
    return env / "bin" / "mes-graph"


def test_wheel_carries_ontology_data_and_queries(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "mes_graph/_data/ontology/mes.ttl" in names
    assert "mes_graph/_data/ontology/shapes.ttl" in names
    assert "mes_graph/_data/ontology/vocabularies/kinds.ttl" in names
    assert "mes_graph/_data/graph/mouvement.ttl" in names


def test_installed_command_validates_and_exports_from_another_folder(installed, tmp_path):
    result = subprocess.run(
        [str(installed), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert (result.returncode, result.stdout) == (0, "The graph conforms to the shapes.\n")
    result = subprocess.run(
        [str(installed), "export", "--format", "nquads", "-o", "mes.nq"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "mes.nq").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(load())
    # the data came from the installed package, not from this checkout
    where = subprocess.run(
        [str(installed.parent / "python"), "-c", "import mes_graph; print(mes_graph.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(ROOT) not in where.stdout
