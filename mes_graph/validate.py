"""Validate the graph against the SHACL shapes of the public vocabulary contract.

Takes the dataset ``load`` built; gives a list of violations a person can read
(resource, property, message), instead of pySHACL's report graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.term import Node

from mes_graph.export import to_oxigraph
from mes_graph.load import from_oxigraph, parse_turtle, shapes_file, union_graph
from mes_graph.terms import RDF, RDFS, SH


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
    # the SPARQL constraints first, on Oxigraph; they are removed from shapes_graph
    found = _sparql_violations(shapes_graph, data, _oxigraph_of(dataset, data))
    _, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        inplace=False,
        allow_warnings=True,
    )
    return sorted(found + _violations(report, data))


def _oxigraph_of(original: Dataset | Graph, data: Graph) -> ox.Store:
    """An Oxigraph store holding the data: the dataset's own, or a copy."""
    if isinstance(original, Dataset) and isinstance(original.store, OxigraphStore):
        return original.store._inner
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in data)
    return store


def _name(data: Graph, node: Node | None) -> str:
    if node is None:
        return ""
    try:
        return data.namespace_manager.normalizeUri(node)
    except Exception:
        return str(node)


def _violations(report: Graph, data: Graph) -> list[Violation]:
    return [
        Violation(
            resource=_name(data, report.value(result, SH.focusNode)),
            path=_name(data, report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "does not conform"),
            severity=_name(data, report.value(result, SH.resultSeverity)).rsplit(":", 1)[-1],
        )
        for result in report.subjects(SH.resultSeverity, None)
    ]


def _focus_nodes(shape: Node, shapes: Graph, data: Graph) -> set[Node] | None:
    """The focus nodes of a shape's sh:targetClass and sh:targetSubjectsOf, or None."""
    targets = set(shapes.predicates(shape, None)) & {
        SH.targetNode,
        SH.targetObjectsOf,
        SH.targetClass,
        SH.targetSubjectsOf,
    }
    if targets - {SH.targetClass, SH.targetSubjectsOf}:
        return None
    nodes: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(data.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(prop, None))
    return nodes


def _sparql_violations(shapes: Graph, data: Graph, store: ox.Store) -> list[Violation]:
    """Evaluate SPARQL constraints with one query each rather than one per focus node.

    pySHACL runs a constraint's SELECT once per focus node, which costs most of the
    validation time; the query with ``$this`` left free gives the same rows in one run,
    on Oxigraph (``store``), with the default graph as the union of the named graphs. The
    constraints handled here are taken out of ``shapes``; those whose targets this
    function does not cover are left for pySHACL.

    Without pre-binding, ``FILTER NOT EXISTS { … }`` over a plain basic graph pattern is
    run as ``MINUS { … }``: the two agree when every variable of the outer pattern is bound
    (no OPTIONAL, no UNION), and Oxigraph runs MINUS as a join where it runs FILTER NOT
    EXISTS once per row (0.03 s against 20 s on 100,000 statements). SHACL forbids MINUS
    in the shapes themselves, where ``$this`` is pre-bound.
    """
    found = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        focus = _focus_nodes(shape, shapes, data)
        if focus is None:
            continue
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for declared in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(declared, SH.declare)
        )
        query = prefixes + str(shapes.value(constraint, SH.select))
        if not re.search(r"\b(OPTIONAL|UNION)\b", query, re.IGNORECASE):
            query = re.sub(r"FILTER\s+NOT\s+EXISTS\s*\{", "MINUS {", query, flags=re.IGNORECASE)
        message = str(shapes.value(constraint, SH.message) or "does not conform")
        solutions = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {
                name: from_oxigraph(solution[name]) for name in names if solution[name] is not None
            }
            if values.get("this") not in focus:
                continue
            text = re.sub(
                r"\{[?$](\w+)\}", lambda m, row=values: _name(data, row.get(m.group(1))), message
            )
            path = _name(data, values.get("path"))
            found.append(Violation(_name(data, values["this"]), path, text))
        shapes.remove((shape, SH.sparql, constraint))
    return found


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
