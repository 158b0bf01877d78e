"""The alliance network as files: GraphML and GEXF for Gephi, CSV tables for Kumu.

Takes a dataset (its alliance network, ``mes_graph.network``) or the network itself; gives
GraphML and GEXF bytes with the metrics as attributes, ``nodes.csv``/``edges.csv`` with
Kumu's column names, and the spreadsheet tables of ``mes_graph.spreadsheets``.
"""

from __future__ import annotations

import io
import math
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import SubElement

import networkx as nx
import pandas as pd
from rdflib import Dataset, Graph

from mes_graph.base.tables import csv_bytes

__all__ = [
    "EDGE_ATTRIBUTES",
    "NETWORK_FORMATS",
    "NODE_ATTRIBUTES",
    "csv_tables",
    "network_tables",
    "network_with_metrics",
    "to_gexf",
    "to_graphml",
]


NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "csv": ""}
"""The graph and table formats of the alliance network (``csv`` is a folder)."""


NODE_ATTRIBUTES = ("label", "name", "type", "kind", "region", "sector", "legal_form")
"""The node attributes written to GraphML, GEXF and ``nodes.csv`` (then the metrics)."""


EDGE_ATTRIBUTES = ("relation", "role", "since", "until", "source", "membership")
"""The edge attributes written to GraphML, GEXF and ``edges.csv``."""


def _clean(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def network_with_metrics(
    dataset: Graph,
    lang: str = "fr",
    *,
    projection: nx.MultiDiGraph | None = None,
    table: pd.DataFrame | None = None,
) -> nx.MultiDiGraph:
    """The alliance network with the metrics of every actor, ready for GraphML and GEXF.

    Attributes that are ``None`` are left out (GraphML and GEXF have no null); each edge
    gets a unique ``id`` (its membership IRI, else ``member relation body``).

    Parameters
    ----------
    dataset : rdflib.Graph or rdflib.Dataset
    lang : str
        Language of labels and roles (French by default).
    projection : networkx.MultiDiGraph, optional
        ``network.alliance_network(dataset, lang=lang)``, if already computed.
    table : pandas.DataFrame, optional
        ``network.metrics_table(projection)``, if already computed.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> from mes_graph.base.terms import ID
    >>> G = network_with_metrics(tiny_alliance())
    >>> mes = str(ID["organisation/mes"])
    >>> G.nodes[mes]["label"], G.nodes[mes]["degree"], "kind" in G.nodes[mes]
    ('Mouvement', 4, False)
    """
    from mes_graph import network

    if projection is None:
        projection = network.alliance_network(dataset, lang=lang)
    if table is None:
        table = network.metrics_table(projection)
    metrics = {row["actor"]: row for row in table.to_dict("records")}
    G = nx.MultiDiGraph(name="mes-graph alliance network")
    for node, data in projection.nodes(data=True):
        attrs = {a: data.get(a) for a in NODE_ATTRIBUTES}
        attrs |= {m: metrics.get(node, {}).get(m) for m in network.METRICS}
        G.add_node(
            node, **{k: v for k, v in ((k, _clean(v)) for k, v in attrs.items()) if v is not None}
        )
    for u, v, key, data in projection.edges(keys=True, data=True):
        attrs = {a: _clean(data.get(a)) for a in EDGE_ATTRIBUTES}
        edge_id = data.get("membership") or f"{u} {key} {v}"
        G.add_edge(
            u, v, key=edge_id, id=edge_id, **{k: x for k, x in attrs.items() if x is not None}
        )
    return G


def to_graphml(G: nx.Graph) -> bytes:
    """A network as GraphML (UTF-8), for Gephi, yEd or Cytoscape.

    Examples
    --------
    >>> to_graphml(nx.MultiDiGraph([("a", "b")]))[:38]
    b"<?xml version='1.0' encoding='utf-8'?>"
    """
    out = io.BytesIO()
    nx.write_graphml(G, out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def to_gexf(G: nx.Graph, when: date | None = None) -> bytes:
    """A network as GEXF 1.2 (UTF-8), for Gephi; the date in its header is ``when``.

    NetworkX writes today's date in the header: we write the release date instead, so that
    the file is byte-stable.

    Examples
    --------
    >>> b'lastmodifieddate="2026-01-02"' in to_gexf(nx.MultiDiGraph([("a", "b")]), date(2026, 1, 2))
    True
    """
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(G)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", (when or date(1970, 1, 1)).isoformat())
        creator = meta.find("creator")
        if creator is None:  # pragma: no cover
            creator = SubElement(meta, "creator")
        creator.text = "mes-graph"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_NODE_COLUMNS = {
    "ID": None,
    "Label": "label",
    "Name": "name",
    "Type": "kind",
    "Category": "type",
    "Region": "region",
    "Sector": "sector",
    "Legal form": "legal_form",
}


_EDGE_COLUMNS = {
    "From": None,
    "To": None,
    "Type": "relation",
    "Role": "role",
    "Since": "since",
    "Until": "until",
    "Source": "source",
    "Membership": "membership",
}


def network_tables(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` of a network, with Kumu's column names.

    Nodes: ``ID`` (the IRI), ``Label``, ``Name`` (acronym), ``Type`` (kind of actor),
    ``Category`` (organisation or person), ``Region``, ``Sector``, ``Legal form``, then
    the metrics. Edges: ``From``, ``To`` (IRIs), ``Type`` (relation), ``Role``, ``Since``,
    ``Until``, ``Source``, ``Membership``.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> tables = network_tables(network_with_metrics(tiny_alliance()))
    >>> tables["edges.csv"].decode().splitlines()[0]
    'From,To,Type,Role,Since,Until,Source,Membership'
    """
    from mes_graph.network import METRICS

    nodes = [[*_NODE_COLUMNS, *METRICS]]
    for node, data in sorted(G.nodes(data=True)):
        row = [node, *(data.get(a) for a in list(_NODE_COLUMNS.values())[1:])]
        nodes.append(row + [data.get(m) for m in METRICS])
    edges = [list(_EDGE_COLUMNS)]
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("id", ""))):
        edges.append([u, v, *(data.get(a) for a in list(_EDGE_COLUMNS.values())[2:])])
    return {"nodes.csv": csv_bytes(nodes), "edges.csv": csv_bytes(edges)}


def csv_tables(dataset: Dataset, G: nx.MultiDiGraph | None = None) -> dict[str, bytes]:
    """The files of ``--format csv``: ``nodes.csv``, ``edges.csv`` and the spreadsheets.

    The spreadsheets (``acteurs.csv``, ``adhesions.csv``, ``personnes.csv``) are those of
    ``mes_graph.spreadsheets.write_tables``, written from the same (profiled) dataset.
    """
    files = network_tables(G if G is not None else network_with_metrics(dataset))
    try:
        from mes_graph.spreadsheets import write_tables
    except ImportError:  # pragma: no cover - the spreadsheet stage is not installed
        return files
    with tempfile.TemporaryDirectory() as folder:
        for path in write_tables(dataset, Path(folder)):
            files[Path(path).name] = Path(path).read_bytes()
    return files
