"""The house a newcomer lives in: layers that point one way, one engine boundary, small rooms.

Read from the package's own source with ``ast``: which module imports which, which names
they take, how long each module is. ``docs/architecture.md`` explains the layout.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mes_graph"
MAX_LINES = 800
"""No module longer than this (the issue's guide), but for ``LONGER`` below."""

LONGER: dict[str, str] = {}
"""Modules allowed past ``MAX_LINES``, each with the reason: none."""


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.with_suffix("").relative_to(PACKAGE.parent).parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, known: set[str]) -> list[tuple[str, str]]:
    """The (module, name) pairs a module imports from the package, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mes_graph"):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.append((sub, "") if sub in known else (node.module, alias.name))
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.startswith("mes_graph")]
    return found


def package_of(name: str) -> str:
    """The stage a module belongs to: ``mes_graph.sparql.remote`` is in ``mes_graph.sparql``."""
    return ".".join(name.split(".")[:2])


def test_no_import_cycle():
    known = modules()
    edges = {m: {t for t, _ in imports(p, set(known)) if t in known and t != m}
             for m, p in known.items()}  # fmt: skip
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if nxt.startswith(node + "."):  # a package's __init__ gathers its own modules
                continue
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (cycle := visit(nxt, [*path, node])):
                return cycle
        state[node] = 2
        return None

    cycles = [c for m in sorted(edges) if m not in state and (c := visit(m, []))]
    assert cycles == []
    assert len(known) > 40  # the test reads the real package


def test_the_bottom_layer_uses_no_stage():
    known = modules()
    for name, path in known.items():
        if name.startswith("mes_graph.base"):
            used = {package_of(t) for t, _ in imports(path, set(known))}
            assert used <= {"mes_graph.base"}, (name, used)


def test_no_stage_reaches_into_anothers_private_names():
    known = modules()
    reaches = [
        (name, target, item)
        for name, path in known.items()
        for target, item in imports(path, set(known))
        if item.startswith("_") and package_of(target) != package_of(name)
    ]
    assert reaches == []


def code_of(path: Path) -> tuple[str, ast.Module, set[int]]:
    """A module's text, tree, and the ids of its docstrings' nodes."""
    text = path.read_text("utf-8")
    tree = ast.parse(text)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = (
            body[0].value
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr)
            else None
        )
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            docstrings.add(id(first))
    return text, tree, docstrings


def test_one_engine_boundary():
    """Only ``engine`` asks whether a dataset lives on Oxigraph or in rdflib's memory."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "engine.py":
            continue
        text, tree, _ = code_of(path)
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance":
                kinds = ast.get_source_segment(text, node.args[1]) if len(node.args) > 1 else ""
                if re.search(r"Store|Dataset", kinds or ""):
                    found.append(where)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [a.name for a in node.names]
                if any(n.split(".")[0] == "oxrdflib" for n in names):
                    found.append(where)
            elif (isinstance(node, ast.Attribute) and node.attr == "oxigraph_store") or (
                isinstance(node, ast.Name) and node.id == "oxigraph_store"
            ):
                found.append(where)
    assert found == []
    engine = (PACKAGE / "engine.py").read_text("utf-8")
    assert "isinstance(graph.store, oxrdflib.OxigraphStore)" in engine


def test_one_turtle_writer():
    """Turtle is written in ``base/turtle`` only: no other code formats a prefix line."""
    writers = {
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.JoinedStr)
        and any(isinstance(v, ast.Constant) and "@prefix" in v.value for v in node.values)
    }
    assert writers == {"base/turtle.py"}


def test_no_module_is_too_long():
    lengths = {name: len(path.read_text("utf-8").splitlines()) for name, path in modules().items()}
    longer = {name for name, n in lengths.items() if n > MAX_LINES}
    assert longer == set(LONGER), {name: lengths[name] for name in longer}


def test_every_module_says_what_it_takes_and_gives():
    missing = [
        name
        for name, path in modules().items()
        if not ast.get_docstring(ast.parse(path.read_text("utf-8")))
    ]
    assert missing == []
