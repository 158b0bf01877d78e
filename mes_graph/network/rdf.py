"""The metrics as RDF, in their own named graph: observations and the analysis as PROV.

Takes the table ``tables.metrics_table`` gives; gives the metrics graph (``metrics_graph``,
vocabulary ``ontology/metrics.ttl``), the same as Turtle written fast (``metrics_turtle``,
or in pieces to a file: ``metrics_turtle_stream``),
a dataset holding it as its named graph (``add_metrics``), and the SPARQL query of the top
brokers over it (``TOP_BROKERS_QUERY``).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import itertools
import json
import operator
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.convert import to_oxigraph
from mes_graph.base.order import n3_key
from mes_graph.base.terms import GRAPH, ID, MES, PREFIXES, PROV, RDF, XSD
from mes_graph.base.turtle import prefix_lines
from mes_graph.network.backends import DIGITS
from mes_graph.network.tables import METRICS, plain_value

__all__ = [
    "METRICS_GRAPH",
    "SOSA",
    "TOP_BROKERS_QUERY",
    "add_metrics",
    "metrics_graph",
    "metrics_turtle",
    "metrics_turtle_stream",
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


def _observed(row: Mapping[str, Any]) -> Iterator[tuple[str, bool | int | float]]:
    """The metrics of a table's row that have a value: column, and value as RDF writes it."""
    for column in METRICS:
        value = plain_value(row.get(column))
        if value is None:
            continue
        if not isinstance(value, (bool, int)):
            value = round(float(value), DIGITS)
        yield column, value


def _observations(
    table: pd.DataFrame, analysis: URIRef
) -> Iterator[tuple[str, str, URIRef, Literal]]:
    """The observations of ``metrics_graph``: IRI, actor's IRI, metric and value."""
    literals: dict[tuple[type, Any], Literal] = {}
    for row in table.to_dict("records"):
        actor = str(row["actor"])
        local = _local(actor)
        for column, value in _observed(row):
            literal = literals.get((type(value), value))
            if literal is None:
                if isinstance(value, bool):
                    literal = Literal(value)
                elif isinstance(value, int):
                    literal = Literal(value, datatype=XSD.integer)
                else:
                    literal = Literal(value, datatype=XSD.double)
                literals[(type(value), value)] = literal
            yield f"{analysis}/{local}/{column.replace('_', '-')}", actor, METRICS[column], literal


_CHUNK = 4096
"""How many actors ``metrics_turtle_stream`` writes at a time (and blocks it yields)."""

_SENTINEL = "urn:mes-graph:metrics-turtle:"
"""The IRIs standing for the terms of an observation in its template."""

_XSD_TYPES = {bool: XSD.boolean, int: XSD.integer, float: XSD.double}


def _ox_literal(value: bool | int | float) -> ox.Literal:
    """A value as the literal ``metrics_graph`` gives it (rdflib's lexical forms)."""
    lexical = ("true" if value else "false") if isinstance(value, bool) else repr(value)
    return ox.Literal(lexical, datatype=ox.NamedNode(str(_XSD_TYPES[type(value)])))


def metrics_turtle(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """``metrics_graph`` as Turtle, the bytes ``export.serialize`` writes of it, fast.

    Parameters
    ----------
    table, when, parameters
        As in ``metrics_graph``.
    prefixes : mapping of str to str, optional
        Default: the project's (``PREFIXES``) and ``sosa``.

    Returns
    -------
    bytes
        ``b"".join(metrics_turtle_stream(...))``.

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
    return b"".join(metrics_turtle_stream(table, when, parameters, prefixes))


def metrics_turtle_stream(
    table: pd.DataFrame,
    when: date | datetime | None = None,
    parameters: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Iterator[bytes]:
    """``metrics_turtle`` in pieces, to write to a file: memory grows with ``_CHUNK``.

    The graph has six statements per actor and metric (seven million at 550,000 actors),
    written alike: Oxigraph's serialiser writes one observation whose terms are
    placeholders, the template of all of them, and, a chunk of actors at a time, each
    of their terms (actor, value) once. The blocks come in the order of their subjects,
    as Oxigraph writes sorted statements.

    Parameters
    ----------
    table, when, parameters, prefixes
        As in ``metrics_turtle``.

    Returns
    -------
    iterator of bytes

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> pieces = list(metrics_turtle_stream(table, date(2026, 1, 1)))
    >>> pieces[0].startswith(b"@prefix dcterms:"), b"".join(pieces).count(b" a sosa:Observation")
    (True, 78)
    """
    if prefixes is None:
        prefixes = {**PREFIXES, "sosa": SOSA}
    prefixes = {prefix: str(namespace) for prefix, namespace in prefixes.items()}
    write = functools.partial(ox.serialize, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    analysis, header = _analysis(table, when, parameters)

    # an observation with placeholders: the subject, the actor, the metric, the value
    subject, actor, metric, value = (ox.NamedNode(f"{_SENTINEL}{i}") for i in range(4))
    a, run = ox.NamedNode(str(RDF.type)), to_oxigraph(analysis)
    model = [
        (a, to_oxigraph(MES.MetricObservation)),
        (a, ox.NamedNode(SOSA + "Observation")),
        (to_oxigraph(MES.actor), actor),
        (to_oxigraph(MES.metric), metric),
        (to_oxigraph(MES.value), value),
        (to_oxigraph(PROV.wasGeneratedBy), run),
    ]
    model.sort(key=lambda po: (n3_key(po[0]), n3_key(po[1])))
    head, body = prefix_lines(write(ox.Triple(subject, p, o) for p, o in model))
    yield head
    template = body.decode().replace("{", "{{").replace("}", "}}")
    for index, node in enumerate((subject, actor, metric, value)):
        template = template.replace(f"<{node.value}>", f"{{{index}}}")

    blocks: dict[str, list[ox.Triple]] = defaultdict(list)  # the analysis, its parameters
    for s, p, o in header:
        blocks[s.n3()].append(ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)))
    described = sorted(
        (key, prefix_lines(write(sorted(set(triples), key=_triple_key)))[1].decode())
        for key, triples in blocks.items()
    )
    base = f"{analysis}/"  # of every observation's IRI: written <IRI> unless a prefix fits
    shortened = any(base.startswith(ns) or ns.startswith(base) for ns in prefixes.values())
    observations = _observation_blocks(table, base, template, write, shortened)
    buffer: list[str] = []
    for _, text in heapq.merge(described, observations, key=operator.itemgetter(0)):
        buffer.append(text)
        if len(buffer) >= _CHUNK:
            yield "".join(buffer).encode()
            buffer.clear()
    yield "".join(buffer).encode()


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return n3_key(triple.subject), n3_key(triple.predicate), n3_key(triple.object)


def _observation_blocks(
    table: pd.DataFrame,
    base: str,
    template: str,
    write: Callable[..., bytes],
    shortened: bool,
) -> Iterator[tuple[str, str]]:
    """The observations' Turtle blocks, each with its subject's key, in the keys' order.

    An observation's subject is ``{base}{local}/{column}``: the actors sorted by their
    ``local/``, and each one's columns sorted, give the subjects in order, unless one
    ``local/`` begins another (then every subject is sorted).
    """
    locals_ = [_local(str(actor)) + "/" for actor in table["actor"]]
    order = sorted(range(len(locals_)), key=locals_.__getitem__)
    nested = any(locals_[j].startswith(locals_[i]) for i, j in itertools.pairwise(order))
    blocks = (
        block
        for start in range(0, len(order), _CHUNK)
        for block in _chunk_blocks(
            [locals_[i] for i in order[start : start + _CHUNK]],
            table.iloc[order[start : start + _CHUNK]].to_dict("records"),
            base, template, write, shortened,
        )
    )  # fmt: skip
    return iter(sorted(blocks)) if nested else blocks


_SLUGS = {column: column.replace("_", "-") for column in METRICS}
"""Each metric column as the last segment of its observations' IRIs."""

_BY_SLUG = sorted(METRICS, key=lambda column: _SLUGS[column] + ">")
"""The metric columns in the order of their observations' subjects."""


def _chunk_blocks(
    locals_: list[str],
    rows: list[dict[str, Any]],
    base: str,
    template: str,
    write: Callable[..., bytes],
    shortened: bool,
) -> Iterator[tuple[str, str]]:
    """``_observation_blocks`` of a chunk of actors, their terms written by Oxigraph once.

    The subjects are written ``<IRI>``, or as Oxigraph writes them when ``shortened``.
    """
    terms: dict[tuple[str, Any], ox.NamedNode | ox.Literal] = {
        ("metric", column): to_oxigraph(term) for column, term in METRICS.items()
    }
    observed = []
    for local, row in zip(locals_, rows, strict=True):
        actor = str(row["actor"])
        terms["actor", actor] = ox.NamedNode(actor)  # each actor once in a table
        values = dict(_observed(row))
        for column in _BY_SLUG:
            if column in values:
                value = values[column]
                if ("value", (type(value), value)) not in terms:
                    terms["value", (type(value), value)] = _ox_literal(value)
                iri = f"{base}{local}{_SLUGS[column]}"
                if shortened:
                    terms[("subject", iri)] = ox.NamedNode(iri)
                observed.append((iri, actor, column, value))
    text = dict(zip(terms, _written(list(terms.values()), write), strict=True))
    for iri, actor, column, value in observed:
        key = f"<{iri}>"
        yield (
            key,
            template.format(
                text[("subject", iri)] if shortened else key,
                text[("actor", actor)],
                text[("metric", column)],
                text[("value", (type(value), value))],
            ),
        )


def _written(terms: list[ox.NamedNode | ox.Literal], write: Callable[..., bytes]) -> list[str]:
    """How Oxigraph's Turtle serialiser writes each term, as an object."""
    predicate = ox.NamedNode(_SENTINEL + "p")
    document = write(
        ox.Triple(ox.NamedNode(f"{_SENTINEL}{i}"), predicate, term) for i, term in enumerate(terms)
    )
    lead = f" <{predicate.value}> "
    lines = prefix_lines(document)[1].decode().split("\n")
    return [line[line.index(lead) + len(lead) : -2] for line in lines if line]


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
