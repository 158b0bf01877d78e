"""What a build did, told to a person or a script: progress, a summary, JSON.

Takes the stages as they run and the ``Summary`` a build fills; gives progress lines (rich
on a terminal, plain otherwise), the final summary in words, and the same as JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

STAGES = ("load", "validate", "analyze", "maps", "exports", "description", "site", "report")
"""The stages of a build, in the order they run."""


@dataclass(frozen=True)
class StageResult:
    """One stage done: its name, how long it took, what it wrote, a line saying what it did."""

    name: str
    seconds: float
    outputs: tuple[str, ...] = ()
    detail: str = ""


@dataclass
class Summary:
    """What a build did: the folder, the stages, the counts, the files written."""

    output: Path
    stages: list[StageResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    ok: bool = False

    @property
    def seconds(self) -> float:
        """The time of every stage, summed."""
        return sum(stage.seconds for stage in self.stages)


Progress = Callable[[str, "StageResult | None"], None]
"""Called with ``(stage, None)`` when a stage starts and ``(stage, result)`` when it ends."""


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _rich() -> Any:
    try:
        import rich.console
        import rich.table
    except ImportError:  # pragma: no cover - rich is a dependency
        return None
    return rich


def progress_printer(stream: TextIO | None = None) -> Progress:
    """A ``Progress`` that tells a person: a spinner and a line per stage in a terminal
    (rich), a plain log line per stage otherwise.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> tell = progress_printer(out)
    >>> tell("load", None)
    >>> tell("load", StageResult("load", 0.25, (), "1513 statements"))
    >>> out.getvalue()
    'mes-graph build: load          0.25 s  1513 statements\\n'
    """
    stream = stream if stream is not None else sys.stdout
    rich = _rich() if _is_terminal(stream) else None
    if rich is None:

        def plain(name: str, result: StageResult | None) -> None:
            if result is not None:
                line = f"mes-graph build: {name:<12} {result.seconds:5.2f} s  {result.detail}"
                print(line.rstrip(), file=stream, flush=True)

        return plain

    console = rich.console.Console(file=stream, highlight=False)
    status: dict[str, Any] = {}

    def fancy(name: str, result: StageResult | None) -> None:
        if result is None:
            number = STAGES.index(name) + 1 if name in STAGES else 0
            status["spinner"] = console.status(f"[{number}/{len(STAGES)}] {name}…")
            status["spinner"].start()
            return
        if "spinner" in status:
            status.pop("spinner").stop()
        console.print(
            f"[green]✓[/green] {name:<12} [dim]{result.seconds:5.2f} s[/dim]  {result.detail}",
            markup=True,
        )

    return fancy


def summary_rows(summary: Summary) -> dict[str, Any]:
    """The summary as plain data (what ``--json`` prints).

    Examples
    --------
    >>> rows = summary_rows(Summary(Path("build"), [StageResult("load", 0.5)], {"actors": 3}))
    >>> rows["stages"], rows["counts"], rows["ok"]
    ([{'name': 'load', 'seconds': 0.5, 'outputs': [], 'detail': ''}], {'actors': 3}, False)
    """
    root = summary.output
    return {
        "ok": summary.ok,
        "output": str(root),
        "seconds": round(summary.seconds, 3),
        "stages": [
            {
                "name": s.name,
                "seconds": round(s.seconds, 3),
                "outputs": [str(root / o) + ("/" if o.endswith("/") else "") for o in s.outputs],
                "detail": s.detail,
            }
            for s in summary.stages
        ],
        "counts": dict(summary.counts),
        "files": summary.files,
        "bytes": summary.bytes,
    }


def summary_json(summary: Summary) -> str:
    """The summary as JSON, for scripts (keys sorted, one document)."""
    return json.dumps(summary_rows(summary), ensure_ascii=False, indent=2, sort_keys=True)


def _counts_line(counts: Mapping[str, int]) -> str:
    c = dict(counts)
    parts = []
    if "statements" in c:
        parts.append(f"{c['statements']} statements in {c.get('named_graphs', 0)} named graphs")
    if "actors" in c:
        parts.append(
            f"{c['actors']} actors ({c.get('organisations', 0)} organisations, "
            f"{c.get('people', 0)} people)"
        )
        parts.append(
            f"{c.get('memberships', 0)} memberships ({c.get('memberships_dated', 0)} with a "
            f"period, {c.get('memberships_sourced', 0)} with a source)"
        )
        parts.append(f"{c.get('links', 0)} links, {c.get('communities', 0)} communities")
    return "; ".join(parts)


def format_summary(summary: Summary) -> str:
    """The final summary as plain text: counts, time per stage, where each output is.

    Examples
    --------
    >>> s = Summary(Path("build"), [StageResult("maps", 0.5, ("carte.html",), "4 maps")])
    >>> print(format_summary(s))  # doctest: +NORMALIZE_WHITESPACE
    mes-graph build: build/ in 0.50 s (0 files, 0 bytes)
    stage          time  outputs
    maps         0.50 s  build/carte.html
    """
    root = summary.output
    lines = [
        f"mes-graph build: {root}/ in {summary.seconds:.2f} s "
        f"({summary.files} files, {summary.bytes} bytes)"
    ]
    if _counts_line(summary.counts):
        lines.append(_counts_line(summary.counts))
    lines.append(f"{'stage':<12} {'time':>6}  outputs")
    for s in summary.stages:
        where = ", ".join(f"{root}/{o}" for o in s.outputs)
        lines.append(f"{s.name:<12} {s.seconds:4.2f} s  {where}".rstrip())
    return "\n".join(lines)


def print_summary(summary: Summary, stream: TextIO | None = None) -> None:
    """Print the final summary: a rich table in a terminal, plain text otherwise."""
    stream = stream if stream is not None else sys.stdout
    rich = _rich() if _is_terminal(stream) else None
    if rich is None:
        print(format_summary(summary), file=stream)
        return
    console = rich.console.Console(file=stream, highlight=False)
    root = summary.output
    table = rich.table.Table(
        title=f"mes-graph build → {root}/ in {summary.seconds:.2f} s",
        caption=_counts_line(summary.counts),
    )
    table.add_column("stage")
    table.add_column("time", justify="right")
    table.add_column("what")
    table.add_column(f"outputs in {root}/", overflow="fold")
    for s in summary.stages:
        table.add_row(s.name, f"{s.seconds:.2f} s", s.detail, "\n".join(s.outputs))
    console.print(table)
    console.print(f"{summary.files} files, {summary.bytes:,} bytes. Open {root}/report.html")
