"""Validate the graph against the SHACL shapes of the public vocabulary contract.

Takes the dataset ``load`` built; gives a list of violations a person can read
(resource, property, message), instead of pySHACL's report graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.term import Node

from mes_graph.load import parse_turtle, shapes_file, union_graph
from mes_graph.terms import SH


@dataclass(frozen=True, order=True)
class Violation:
    """One result of the SHACL report: which resource, which property, what is wrong."""

    resource: str
    path: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f"{self.resource} {self.path}".rstrip()
        return f"{self.severity}: {where}: {self.message}"


def validate(dataset: Dataset | Graph, shapes: Path | str | None = None) -> list[Violation]:
    """Check a dataset against the shapes; return the violations, sorted.

    All named graphs are validated together (a membership in one source may point to an
    organisation described in another), without inference: what the contract promises
    must be asserted.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The graph to check.
    shapes : Path or str, optional
        A shapes file; the contract's ``ontology/shapes.ttl`` by default.

    Returns
    -------
    list of Violation
        Empty when the graph conforms.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> validate(load())
    []
    """
    data = union_graph(dataset) if isinstance(dataset, Dataset) else dataset
    shapes_graph = parse_turtle(shapes or shapes_file())
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        inplace=False,
        allow_warnings=True,
    )
    return sorted(_violations(report, data))


def _violations(report: Graph, data: Graph) -> list[Violation]:
    def name(node: Node | None) -> str:
        if node is None:
            return ""
        try:
            return data.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)

    return [
        Violation(
            resource=name(report.value(result, SH.focusNode)),
            path=name(report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "does not conform"),
            severity=name(report.value(result, SH.resultSeverity)).split("#")[-1].split(":")[-1],
        )
        for result in report.subjects(SH.resultSeverity, None)
    ]


def format_report(violations: list[Violation]) -> str:
    """The violations as text, one per line, with a closing count.

    Examples
    --------
    >>> print(format_report([Violation("orga:x", "skos:prefLabel", "missing")]))
    Violation: orga:x skos:prefLabel: missing
    1 violation.
    >>> print(format_report([]))
    The graph conforms to the shapes.
    """
    if not violations:
        return "The graph conforms to the shapes."
    lines = [str(v) for v in violations]
    count = len(violations)
    lines.append(f"{count} violation{'s' if count > 1 else ''}.")
    return "\n".join(lines)
