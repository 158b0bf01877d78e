"""The metrics as RDF, in their own named graph: observations and the analysis as PROV.

Takes the table ``tables.metrics_table`` gives; gives the metrics graph (``metrics_graph``,
vocabulary ``ontology/metrics.ttl``), the same as Turtle written fast (``metrics_turtle``),
a dataset holding it as its named graph (``add_metrics``), and the SPARQL query of the top
brokers over it (``TOP_BROKERS_QUERY``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.convert import to_oxigraph
from mes_graph.base.order import n3_key
from mes_graph.base.terms import GRAPH, ID, MES, PREFIXES, PROV, RDF, XSD
from mes_graph.base.turtle import turtle
from mes_graph.network.backends import DIGITS
from mes_graph.network.tables import METRICS, plain_value

__all__ = [
    "METRICS_GRAPH",
    "SOSA",
    "TOP_BROKERS_QUERY",
    "add_metrics",
    "metrics_graph",
    "metrics_turtle",
]

METRICS_GRAPH = GRAPH["metrics"]
"""The named graph the metrics are written in."""

SOSA = "http://www.w3.org/ns/sosa/"


def _when(when: date | datetime | None) -> datetime:
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def _local(iri: str) -> str:
    """An actor's IRI as a readable path segment of an observation IRI."""
    if iri.startswith(str(ID)):
        return iri[len(str(ID)) :]
    return "external/" + hashlib.sha1(iri.encode()).hexdigest()[:12]


def metrics_graph(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Graph:
    """The metrics as RDF: one observation per actor and metric, and the analysis as PROV.

    Vocabulary: ``ontology/metrics.ttl``. Each observation is a ``mes:MetricObservation``
    (and ``sosa:Observation``) with ``mes:actor``, ``mes:metric``, ``mes:value`` and
    ``prov:wasGeneratedBy`` the ``mes:NetworkAnalysis``, which carries
    ``prov:endedAtTime``, ``prov:used`` (the source documents) and one ``mes:parameter``
    per parameter. NaN values are left out. IRIs derive from the date and parameters,
    so the same table and date give the same graph.

    Parameters
    ----------
    table : pandas.DataFrame
        From ``metrics_table``.
    when : date or datetime, optional
        Date of the analysis (default: ``SOURCE_DATE_EPOCH`` if set, else now, UTC).
    parameters : mapping, optional
        Default: ``table.attrs["parameters"]``.

    Returns
    -------
    rdflib.Graph
        Its identifier is ``METRICS_GRAPH``.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> g = metrics_graph(table, when=date(2026, 1, 1))
    >>> g.identifier == METRICS_GRAPH, len(set(g.subjects(MES.metric, MES.betweennessCentrality)))
    (True, 6)
    """
    analysis, header = _analysis(table, when, parameters)
    sosa = URIRef(SOSA + "Observation")
    graph = Graph(identifier=METRICS_GRAPH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    graph.bind("sosa", SOSA)
    for triple in header:
        graph.add(triple)
    for observation, actor, metric, literal in _observations(table, analysis):
        observation, actor = URIRef(observation), URIRef(actor)
        graph.add((observation, RDF.type, MES.MetricObservation))
        graph.add((observation, RDF.type, sosa))
        graph.add((observation, MES.actor, actor))
        graph.add((observation, MES.metric, metric))
        graph.add((observation, MES.value, literal))
        graph.add((observation, PROV.wasGeneratedBy, analysis))
    return graph


def _analysis(
    table: pd.DataFrame, when: date | datetime | None, parameters: Mapping[str, Any] | None
) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
    """The analysis of ``metrics_graph``: its IRI, and its statements and its parameters'."""
    stamp = _when(when)
    params = dict(parameters if parameters is not None else table.attrs.get("parameters", {}))
    digest = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    analysis = ID[f"analysis/{stamp:%Y%m%dT%H%M%SZ}-{digest[:8]}"]
    header: list[tuple[Node, Node, Node]] = [
        (analysis, RDF.type, MES.NetworkAnalysis),
        (analysis, RDF.type, PROV.Activity),
        (analysis, PROV.endedAtTime, Literal(stamp.isoformat(), datatype=XSD.dateTime)),
    ]
    for source in table.attrs.get("sources", []):
        header.append((analysis, PROV.used, URIRef(source)))
    for name, value in sorted(params.items()):
        if value is None:
            continue
        parameter = URIRef(f"{analysis}/parameter/{name}")
        header.append((analysis, MES.parameter, parameter))
        header.append((parameter, RDF.type, MES.AnalysisParameter))
        header.append((parameter, MES.parameterName, Literal(name)))
        header.append((parameter, MES.parameterValue, Literal(value)))
    return analysis, header


def _observations(
    table: pd.DataFrame, analysis: URIRef
) -> Iterator[tuple[str, str, URIRef, Literal]]:
    """The observations of ``metrics_graph``: IRI, actor's IRI, metric and value."""
    literals: dict[tuple[type, Any], Literal] = {}
    for row in table.to_dict("records"):
        actor = str(row["actor"])
        local = _local(actor)
        for column, metric in METRICS.items():
            value = plain_value(row.get(column))
            if value is None:
                continue
            if not isinstance(value, (bool, int)):
                value = round(float(value), DIGITS)
            literal = literals.get((type(value), value))
            if literal is None:
                if isinstance(value, bool):
                    literal = Literal(value)
                elif isinstance(value, int):
                    literal = Literal(value, datatype=XSD.integer)
                else:
                    literal = Literal(value, datatype=XSD.double)
                literals[(type(value), value)] = literal
            yield f"{analysis}/{local}/{column.replace('_', '-')}", actor, metric, literal


def metrics_turtle(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> bytes:
    """``metrics_graph`` as Turtle, the bytes ``export.serialize`` writes of it, fast.

    The graph has six statements per actor and metric (four million at 50,000 actors):
    they are written to Oxigraph's serialiser in sorted order, subject by subject,
    without an rdflib graph between.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> from mes_graph.export import serialize
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> prefixes = {**PREFIXES, "sosa": SOSA}
    >>> graph = metrics_graph(table, date(2026, 1, 1))
    >>> metrics_turtle(table, date(2026, 1, 1)) == serialize(graph, "turtle", prefixes=prefixes)
    True
    """
    analysis, header = _analysis(table, when, parameters)
    blocks: dict[str, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in header:
        blocks[s.n3()].append((p, o))
    observations = {f"<{iri}>": rest for iri, *rest in _observations(table, analysis)}
    term = functools.cache(to_oxigraph)

    sosa = URIRef(SOSA + "Observation")
    # the six statements of an observation, in the order of their keys: the same for all
    slots = {
        "type": (RDF.type, MES.MetricObservation),
        "sosa": (RDF.type, sosa),
        "actor": (MES.actor, MES.actor),
        "metric": (MES.metric, MES.metric),
        "value": (MES.value, MES.value),
        "run": (PROV.wasGeneratedBy, analysis),
    }
    same_predicate = {"type", "sosa"}  # ordered by their objects; the others by predicate
    order = sorted(
        slots,
        key=lambda k: (
            n3_key(term(slots[k][0])),
            n3_key(term(slots[k][1])) if k in same_predicate else "",
        ),
    )
    fixed = {k: (term(p), term(o)) for k, (p, o) in slots.items()}

    def statements() -> Iterator[ox.Triple]:
        for key in sorted([*blocks, *observations]):
            subject = ox.NamedNode(key[1:-1])
            if key not in observations:
                pairs = blocks[key]
                ordered = sorted(
                    {(n3_key(term(p)), n3_key(term(o))): (p, o) for p, o in pairs}.items()
                )
                for _, (p, o) in ordered:
                    yield ox.Triple(subject, term(p), term(o))
                continue
            actor, metric, literal = observations[key]
            objects = {"actor": term(URIRef(actor)), "metric": term(metric), "value": term(literal)}
            for slot in order:
                predicate, obj = fixed[slot]
                yield ox.Triple(subject, predicate, objects.get(slot, obj))

    prefixes = {prefix: str(namespace) for prefix, namespace in {**PREFIXES, "sosa": SOSA}.items()}
    return turtle(statements(), prefixes)


def add_metrics(dataset: Any, metrics: Graph) -> Any:
    """Add the metrics graph to a dataset, as its named graph, so SPARQL can query it.

    This changes ``dataset`` in place (and returns it).

    Parameters
    ----------
    dataset : rdflib.Dataset
    metrics : rdflib.Graph
        From ``metrics_graph``.

    Returns
    -------
    rdflib.Dataset

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> from rdflib import Dataset
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> ds = add_metrics(Dataset(default_union=True), metrics_graph(table, date(2026, 1, 1)))
    >>> [row.actor.rsplit("/")[-1] for row in ds.query(TOP_BROKERS_QUERY)][:2]
    ['mes', 'ana']
    """
    named = dataset.graph(metrics.identifier)
    named.addN((s, p, o, named) for s, p, o in metrics)
    for prefix, namespace in metrics.namespaces():
        dataset.bind(prefix, namespace, override=False)
    return dataset


TOP_BROKERS_QUERY = """
PREFIX mes:  <https://w3id.org/mes-graph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?actor ?label ?betweenness WHERE {
  {
    SELECT (MAX(?ended) AS ?latest) WHERE {
      GRAPH <https://w3id.org/mes-graph/graph/metrics> {
        ?run a mes:NetworkAnalysis ; prov:endedAtTime ?ended .
      }
    }
  }
  GRAPH <https://w3id.org/mes-graph/graph/metrics> {
    ?analysis a mes:NetworkAnalysis ; prov:endedAtTime ?latest .
    ?observation prov:wasGeneratedBy ?analysis ;
        mes:metric mes:betweennessCentrality ; mes:actor ?actor ; mes:value ?betweenness .
  }
  OPTIONAL { ?actor skos:prefLabel ?fr FILTER (lang(?fr) = "fr") }
  OPTIONAL { ?actor foaf:name ?name }
  BIND (COALESCE(?fr, ?name, STR(?actor)) AS ?label)
}
ORDER BY DESC(?betweenness) ?actor
LIMIT 5
"""
"""SPARQL over a dataset holding the metrics graph: the five actors of highest betweenness
in the latest analysis, with their label."""
