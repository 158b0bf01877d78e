"""The metrics of every actor as a table: pandas, CSV and JSON.

Takes a projection (``projection.alliance_network``); gives the table of every metric of
every actor (``metrics_table``, sorted by betweenness), and that table as CSV for
spreadsheets (``table_csv``) or as JSON with the summary (``table_json``).
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import URIRef

from mes_graph.base.tables import spreadsheet_cell
from mes_graph.base.terms import MES
from mes_graph.network.backends import DIGITS, choose_backend, sample_size
from mes_graph.network.centrality import (
    betweenness,
    closeness,
    clustering,
    constraint,
    core_number,
    degree,
    effective_size,
    eigenvector,
    in_degree,
    out_degree,
    pagerank,
)
from mes_graph.network.community import communities
from mes_graph.network.connectivity import cut_points
from mes_graph.network.views import ties

__all__ = [
    "ATTRIBUTES",
    "FLOAT_METRICS",
    "METRICS",
    "metrics_table",
    "plain_value",
    "table_csv",
    "table_json",
]

METRICS: dict[str, URIRef] = {
    "degree_in": MES.inDegree,
    "degree_out": MES.outDegree,
    "degree": MES.degree,
    "betweenness": MES.betweennessCentrality,
    "pagerank": MES.pageRank,
    "closeness": MES.closenessCentrality,
    "eigenvector": MES.eigenvectorCentrality,
    "constraint": MES.burtConstraint,
    "effective_size": MES.effectiveSize,
    "core_number": MES.coreNumber,
    "clustering": MES.clusteringCoefficient,
    "community": MES.louvainCommunity,
    "articulation_point": MES.articulationPoint,
}
"""Columns of the metrics table and the terms of ``ontology/metrics.ttl`` naming them."""

FLOAT_METRICS = {
    "betweenness",
    "pagerank",
    "closeness",
    "eigenvector",
    "constraint",
    "effective_size",
    "clustering",
}
"""The metrics that are real numbers (the others are counts, a number, a flag)."""

ATTRIBUTES = ("label", "name", "type", "kind", "region", "sector", "legal_form")
"""Node attributes copied into the metrics table."""


def metrics_table(
    G: nx.Graph, seed: int = 42, resolution: float = 1.0, alpha: float = 0.85
) -> pd.DataFrame:
    """Every metric of every actor, as a table sorted by betweenness (then IRI).

    Parameters
    ----------
    G : networkx.Graph
        A projection.
    seed, resolution
        Of the Louvain communities (``community`` numbers them from 1, largest first).
    alpha : float
        PageRank's damping factor.

    Returns
    -------
    pandas.DataFrame
        One row per actor: ``actor`` (IRI), the node attributes, the metrics of
        ``METRICS``; floats rounded to ``DIGITS`` decimals. ``attrs["parameters"]``
        records the parameters, ``attrs["sources"]`` the documents the links come from.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> table = metrics_table(alliance_network(tiny_alliance()))
    >>> print(table[["name", "degree", "betweenness", "community"]].head(2).to_string(index=False))
    name  degree  betweenness  community
     MES       4          0.9          1
     Ana       2          0.4          2
    """
    T = ties(G)
    nodes = sorted(T, key=str)
    groups = communities(T, seed=seed, resolution=resolution)
    community = {n: i for i, group in enumerate(groups, 1) for n in group}
    cuts = set(cut_points(G))
    columns: dict[str, dict[str, Any]] = {
        "degree_in": in_degree(G),
        "degree_out": out_degree(G),
        "degree": degree(T),
        "betweenness": betweenness(T, seed=seed),
        "pagerank": pagerank(G, alpha),
        "closeness": closeness(T, seed=seed),
        "eigenvector": eigenvector(T),
        "constraint": constraint(T),
        "effective_size": effective_size(T),
        "core_number": core_number(T),
        "clustering": clustering(T),
        "community": community,
        "articulation_point": {n: n in cuts for n in nodes},
    }
    rows = []
    for node in nodes:
        row: dict[str, Any] = {"actor": str(node)}
        row |= {a: T.nodes[node].get(a) for a in ATTRIBUTES}
        for column, values in columns.items():
            value = values.get(node, math.nan)
            if column in FLOAT_METRICS:
                value = round(float(value), DIGITS)
            row[column] = value
        rows.append(row)
    table = pd.DataFrame(rows, columns=["actor", *ATTRIBUTES, *METRICS])
    table["betweenness"] = table["betweenness"].astype(float)
    table = table.sort_values(["betweenness", "actor"], ascending=[False, True], kind="stable")
    table = table.reset_index(drop=True)
    table.attrs["parameters"] = {
        "seed": seed,
        "resolution": resolution,
        "pagerank_alpha": alpha,
        "as_of": G.graph.get("as_of"),
        "software": _software(),
        "backend": choose_backend(T, None),
        "sampled_sources": sample_size(T),
    }
    table.attrs["sources"] = list(G.graph.get("sources", []))
    return table


def _software() -> str:
    try:
        ours = version("mes-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ours = "unknown"
    return f"mes-graph {ours}; networkx {nx.__version__}"


def plain_value(value: Any) -> Any:
    """A cell as plain Python: numpy scalars as Python numbers, NaN as ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> plain_value(np.int64(3)), plain_value(float("nan")), plain_value("MES")
    (3, None, 'MES')
    """
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return plain_value(value.item())
    return value


def table_csv(table: pd.DataFrame) -> bytes:
    """The metrics table as CSV (UTF-8, ``\\n`` line ends; NaN as an empty cell).

    Texts a spreadsheet would run as a formula (``=…``, ``+…``, ``@…``) start with ``'``
    (``mes_graph.base.tables.spreadsheet_cell``); numbers are written as they are.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> table_csv(metrics_table(alliance_network(tiny_alliance()))).splitlines()[0][:25]
    b'actor,label,name,type,kin'
    """
    texts = table.select_dtypes(include=["object", "string"]).columns
    table = table.copy()
    table[texts] = table[texts].map(lambda v: spreadsheet_cell(v) if isinstance(v, str) else v)
    # csv quotes a "\n", not a lone "\r", which a spreadsheet takes for a new row
    lone_cr = table[texts].map(lambda v: isinstance(v, str) and "\r" in v).to_numpy().any()
    quoting = csv.QUOTE_ALL if lone_cr else csv.QUOTE_MINIMAL
    return table.to_csv(index=False, lineterminator="\n", quoting=quoting).encode("utf-8")


def table_json(table: pd.DataFrame, summary_: Mapping[str, Any] | None = None) -> bytes:
    """The metrics table as JSON: parameters, summary and one record per actor (NaN → null).

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> doc = json.loads(table_json(metrics_table(alliance_network(tiny_alliance()))))
    >>> doc["metrics"][0]["name"], doc["parameters"]["seed"]
    ('MES', 42)
    """
    records = [{k: plain_value(v) for k, v in row.items()} for row in table.to_dict("records")]
    document = {
        "parameters": table.attrs.get("parameters", {}),
        "summary": {k: plain_value(v) for k, v in (summary_ or {}).items()},
        "metrics": records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
