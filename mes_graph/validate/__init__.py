"""Validate the graph against the SHACL shapes of the public vocabulary contract.

Takes the dataset ``load`` built; gives the results of a SHACL validation, each with what
a SHACL report holds (focus node, path, value, source shape, constraint component,
severity) and a message a person can read.

The shapes are evaluated here, on the store, for the whole of SHACL Core (the W3C
Recommendation): every target, every property path, every constraint component. A focus
node's values are read by indexed lookups, and whether a node conforms to a shape is
computed once. Literals are checked as the files wrote them, not as the store keeps them
(``dataset.literals_as_written``, see ``load.rewritten_literals``). SPARQL constraints
(``sh:sparql``) run on Oxigraph: once for all the focus nodes of a targeted shape, else
once per focus node with ``$this`` pre-bound. Only what is outside SHACL Core and SPARQL
constraints, constraint components defined in the shapes graph, is left to pySHACL.

The modules: ``_graphs`` (the shapes graph, the data graph read by index with its literals
as written, property paths), ``_core`` (shapes, targets, constraint components, SPARQL
constraints), ``_xsd`` (the lexical spaces and order of the XSD datatypes).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from mes_graph.base.convert import from_oxigraph, to_oxigraph
from mes_graph.engine import union_graph
from mes_graph.load import read_turtle, shapes_file
from mes_graph.validate._core import (
    CORE_COMPONENTS,
    Context,
    Result,
    Shape,
    core_results,
    instances,
    sparql_results,
)
from mes_graph.validate._graphs import (
    SHACL,
    TYPE,
    Data,
    ShapesGraph,
    Term,
    namer,
    read_path,
    sh,
)

__all__ = ["Violation", "format_report", "validate"]


@dataclass(frozen=True, order=True)
class Violation:
    """One result of the SHACL validation: which resource, which property, what is wrong.

    The text fields name terms with the data's prefixes; the ``*_node``, ``result_*``
    and ``source_*`` fields hold the terms themselves (pyoxigraph terms, literals as
    written), left out of comparisons.
    """

    resource: str
    path: str
    message: str
    severity: str = "Violation"
    value: str = ""
    shape: str = ""
    component: str = ""
    focus_node: Term | None = field(default=None, compare=False, repr=False)
    result_path: Term | None = field(default=None, compare=False, repr=False)
    value_node: Term | None = field(default=None, compare=False, repr=False)
    source_shape: Term | None = field(default=None, compare=False, repr=False)
    source_constraint_component: ox.NamedNode | None = field(
        default=None, compare=False, repr=False
    )
    result_severity: ox.NamedNode | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.resource} {self.path}".rstrip()
        return f"{self.severity}: {where}: {self.message}"


def validate(dataset: Dataset | Graph, shapes: Path | str | Graph | None = None) -> list[Violation]:
    """Check a dataset against the shapes; return the results, sorted.

    All named graphs are validated together (a membership in one source may point to an
    organisation described in another), without inference: what the contract promises
    must be asserted. Literals are checked as written when ``load`` recorded the forms
    the store rewrote (``dataset.literals_as_written``); a graph without that record is
    taken as written.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The data graph.
    shapes : Path, str or rdflib.Graph, optional
        The shapes graph, a Turtle file or a graph; the contract's ``ontology/shapes.ttl``
        by default.

    Returns
    -------
    list of Violation
        Every result, whatever its severity; empty when the graph conforms.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> validate(load())
    []
    """
    if isinstance(shapes, Graph):
        triples = [tuple(map(to_oxigraph, t)) for t in shapes.triples((None, None, None))]
    else:
        triples = [(t.subject, t.predicate, t.object) for t in read_turtle(shapes or shapes_file())]
    graph = ShapesGraph(triples)
    written = getattr(dataset, "literals_as_written", None) or {}
    data = Data(dataset, written)
    context = Context(data, namer(dataset.namespace_manager), dataset)
    compiled: dict[Any, Shape] = {}
    found = [_violation(context, r) for r in sparql_results(context, graph, compiled)]
    found += [_violation(context, r) for r in core_results(context, graph, compiled)]
    if instances(graph, sh("ConstraintComponent")):
        warnings.warn(
            "the shapes define constraint components of their own (SHACL-SPARQL): "
            "pySHACL evaluates those",
            stacklevel=2,
        )
        found += _pyshacl_violations(triples, dataset, context)
    if any(graph.value(t, sh("select")) is None for t in graph.objects_of(sh("target"))):
        warnings.warn(
            "targets of a type of their own (SHACL Advanced Features) are not evaluated",
            stacklevel=2,
        )
    return sorted(found)


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


def _violation(context: Context, result: Result) -> Violation:
    name, shape, component = context.name, result.shape, result.component
    severity = shape.severity
    severity_text = (
        severity.value[len(SHACL) :] if severity.value.startswith(SHACL) else name(severity)
    )
    return Violation(
        resource=name(result.focus),
        path=result.path.text if result.path else "",
        message=result.message,
        severity=severity_text,
        value=name(result.value),
        shape=shape.text,
        component=name(component),
        focus_node=result.focus,
        result_path=result.path.node if result.path else None,
        value_node=result.value,
        source_shape=shape.node,
        source_constraint_component=component,
        result_severity=severity,
    )


def _pyshacl_violations(
    triples: list[tuple], dataset: Dataset | Graph, context: Context
) -> list[Violation]:
    """The results of the constraint components the shapes graph defines, from pySHACL:
    those of SHACL Core and of SPARQL constraints are evaluated here."""
    from pyshacl import validate as shacl_validate

    shapes = Graph()
    shapes.addN((*map(from_oxigraph, t), shapes) for t in triples)
    data = union_graph(dataset)
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    graph = ShapesGraph(tuple(map(to_oxigraph, t)) for t in report)
    found = []
    for top in graph.subjects(TYPE, sh("ValidationReport")):
        for result in graph.objects(top, sh("result")):
            component = graph.value(result, sh("sourceConstraintComponent"))
            if component.value[len(SHACL) :] in CORE_COMPONENTS | {"SPARQLConstraintComponent"}:
                continue
            path = graph.value(result, sh("resultPath"))
            message = graph.value(result, sh("resultMessage"))
            shape = Shape(graph.value(result, sh("sourceShape")))
            shape.text = context.name(shape.node)
            shape.severity = graph.value(result, sh("resultSeverity"))
            focus = graph.value(result, sh("focusNode"))
            value = graph.value(result, sh("value"))
            text = message.value if message is not None else "does not conform"
            path = None if path is None else read_path(graph, path, context.name)
            found.append(_violation(context, Result(focus, path, value, shape, component, text)))
    return found
