"""The repository keeps its promises: README commands, CI, style."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    test_command = ci_lines[-1]
    assert test_command.endswith("pytest")
    assert f"\n{test_command}\n" in README


def test_readme_quick_start_has_the_main_job():
    assert "\npython3.11 -m venv .venv && .venv/bin/pip install . && .venv/bin/mes-graph" in README


def test_ruff_check_and_format_are_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        command = [sys.executable, "-m", "ruff", *args]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_readme_documents_every_command_of_the_cli():
    from mes_graph.cli import build_parser

    (commands,) = (
        action.choices
        for action in build_parser()._actions
        if isinstance(action.choices, dict)  # the sub-commands
    )
    assert len(commands) == 20
    for name, parser in commands.items():
        assert f"| `mes-graph {name}" in README, name
        assert parser.description, name
