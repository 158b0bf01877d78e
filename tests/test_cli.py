"""The command line as a user runs it: real processes, exit codes, stdout and stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from mes_graph.engine import union_graph
from mes_graph.export import FORMATS
from mes_graph.stats import stats

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mes_graph.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_help_lists_and_explains_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("validate", "stats", "export"):
        assert command in result.stdout
    assert "Exit codes" in result.stdout


def test_validate_the_shipped_graph():
    result = run("validate")
    assert (result.returncode, result.stdout) == (0, "The graph conforms to the shapes.\n")


def test_validate_with_a_file_broken_on_line_7():
    result = run("validate", "--data", str(FIXTURES / "broken-line-7.ttl"))
    assert result.returncode == 2
    assert result.stdout == ""
    broken = FIXTURES / "broken-line-7.ttl"
    assert result.stderr == f"mes-graph: error: {broken}:7: Unexpected end of file (column 19)\n"


def test_validate_reports_shape_violations_with_exit_1():
    result = run("validate", "--data", str(FIXTURES / "invalid-membership.ttl"))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "3 violations."
    assert "ms:opale--ess-france org:role" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", "--data", "nope.ttl"), "mes-graph: error: nope.ttl: no such file"),
        (
            ("export", "--format", "xml", "-o", "x.rdf"),
            "mes-graph: error: argument --format: invalid choice: 'xml'",
        ),
        (("frobnicate",), "mes-graph: error: argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(args, message, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_stats_counts_classes_memberships_sources_and_languages(dataset):
    counts = stats(dataset)
    result = run("stats")
    assert result.returncode == 0
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["memberships", "29"] in lines
    assert ["memberships", "with", "a", "source", "29"] in lines
    assert ["foaf:Person", "5"] in lines
    assert ["mes:TerritorialNetwork", "5"] in lines
    assert ["src:mes-presentation", str(counts["sources"]["src:mes-presentation"])] in lines
    assert ["fr", str(counts["languages"]["fr"])] in lines
    assert counts["languages"]["fr"] > counts["languages"]["en"] > 0


RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_parses_back_to_the_same_graph(fmt, dataset, tmp_path):
    path = tmp_path / f"out{FORMATS[fmt][1]}"
    result = run("export", "--format", fmt, "-o", str(path))
    assert result.returncode == 0, result.stderr
    if FORMATS[fmt][2]:  # quads: the named graphs come back
        back = Dataset()
        back.parse(path, format=RDFLIB_FORMATS[fmt])
        assert {str(g.identifier) for g in back.graphs() if len(g)} == {
            str(g.identifier) for g in dataset.graphs() if len(g)
        }
        back = union_graph(back)
    else:
        back = Graph().parse(path, format=RDFLIB_FORMATS[fmt])
    assert isomorphic(back, union_graph(dataset))
    # and Oxigraph's parser reads the same number of triples
    quads = list(ox.parse(path=str(path), format=FORMATS[fmt][0]))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(union_graph(dataset))


def test_every_export_is_byte_stable(tmp_path):
    for fmt in FORMATS:
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        assert run("export", "--format", fmt, "-o", str(first)).returncode == 0
        assert run("export", "--format", fmt, "-o", str(second)).returncode == 0
        assert first.read_bytes() == second.read_bytes(), fmt


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous release\n")
    result = run(
        "export",
        "--format",
        "turtle",
        "-o",
        str(target),
        "--data",
        str(FIXTURES / "broken-line-7.ttl"),
    )
    assert result.returncode == 2
    assert target.read_bytes() == b"previous release\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_a_failed_export_creates_no_file(tmp_path):
    target = tmp_path / "new.ttl"
    result = run("export", "--format", "turtle", "-o", str(target), "--data", "nope.ttl")
    assert result.returncode == 2
    assert not target.exists()


def test_the_command_lines_choices_are_the_stages_own():
    from mes_graph import engine, export
    from mes_graph.cli import choices

    assert choices.ENGINES == engine.ENGINES and choices.DEFAULT_ENGINE == engine.DEFAULT_ENGINE
    assert tuple(export.FORMATS) == choices.FORMATS
    assert tuple(export.NETWORK_FORMATS) == choices.NETWORK_FORMATS
    assert tuple(export.PROFILES) == choices.PROFILES


def test_help_imports_no_library():
    import subprocess
    import sys

    probe = (
        "import sys; from mes_graph.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pandas', 'networkx', 'pyarrow') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
