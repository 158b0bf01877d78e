"""A small smoke run of benchmarks/run.py, and the synthetic ESS it measures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mes_graph.base.terms import ORG, RDF
from mes_graph.cli import main
from mes_graph.load import load
from mes_graph.validate import validate

ROOT = Path(__file__).parent.parent


def test_synth_writes_a_graph_that_passes_the_shapes_and_is_deterministic(tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert main(["synth", "--organisations", "60", "--seed", "3", "-o", str(first)]) == 0
    assert main(["synth", "--organisations", "60", "--seed", "3", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "'" in text and '\\"' in text and "é" in text  # apostrophes, quotes, accents
    dataset = load([first])
    assert validate(dataset) == []
    organisations = set(dataset.subjects(RDF.type, ORG.Organization))
    assert len(organisations) >= 60 + 27  # the shipped graph's actors and the new ones
    counts = {}  # most structures in one network, a few in many
    for member in dataset.subjects(ORG.memberOf, None):
        counts[member] = counts.get(member, 0) + 1
    assert max(counts.values()) > 1 and sorted(counts.values())[len(counts) // 2] == 1


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "2k",
         "--runs", "1", "--timeout", "60", "--no-build", "--organisations", "60",
         "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "## 2,000 statements of synthetic data" in text
    assert "| load |" in text and "| query members |" in text and "| projection |" in text
    assert "> 60 s" not in text
    assert "| peak, oxigraph | peak, memory |" in text
    assert "## `mes-graph synth --organisations 60`, then validate and build" in text
    for command in ("synth", "validate", "build"):  # each ran and succeeded
        assert re.search(rf"\| mes-graph {command} \| [0-9.]+ s \| [0-9.]+ GB \| 0 \|", text)
    assert "| site |" in text  # the build's own stages


def test_register_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmarks\n\n## Other\n\nkept\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "registers.py"), "--rows", "20k",
         "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Other\n\nkept\n\n## Registers")
    rows = [line for line in text.splitlines() if line.startswith("| 20,000 |")]
    assert len(rows) == 3
    kept = {line.rsplit("|", 2)[-2].strip() for line in rows[1:]}
    assert len(kept) == 1 and 300 < int(kept.pop().replace(",", "")) < 800  # about 2.8 %
