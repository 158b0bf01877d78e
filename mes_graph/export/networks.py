"""The alliance network as files: GraphML and GEXF for Gephi, CSV tables for Kumu.

Takes a dataset (its alliance network, ``mes_graph.network``) or the network itself; gives
GraphML and GEXF with the metrics as attributes, ``nodes.csv``/``edges.csv`` with Kumu's
column names, and the spreadsheet tables of ``mes_graph.spreadsheets``: as bytes, or
written to a file node by node and row by row (``write_graphml``, ``write_gexf``,
``network_rows``), the same bytes.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ElementTree, SubElement, tostring

import networkx as nx
import pandas as pd
from rdflib import Dataset, Graph

from mes_graph.base.tables import csv_bytes

__all__ = [
    "EDGE_ATTRIBUTES",
    "NETWORK_FORMATS",
    "NODE_ATTRIBUTES",
    "csv_tables",
    "network_rows",
    "network_tables",
    "network_with_metrics",
    "to_gexf",
    "to_graphml",
    "write_gexf",
    "write_graphml",
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
    write_graphml(G, out)
    return out.getvalue()


def write_graphml(G: nx.Graph, out: BinaryIO) -> None:
    """Write a network as GraphML to a binary file, element by element (``to_graphml``).

    NetworkX's lxml writer writes each node and edge as it comes.

    Examples
    --------
    >>> out = io.BytesIO()
    >>> write_graphml(nx.MultiDiGraph([("a", "b")]), out)
    >>> out.getvalue() == to_graphml(nx.MultiDiGraph([("a", "b")]))
    True
    """
    nx.write_graphml(G, out, encoding="utf-8", prettyprint=True)


def to_gexf(G: nx.Graph, when: date | None = None) -> bytes:
    """A network as GEXF 1.2 (UTF-8), for Gephi; the date in its header is ``when``.

    NetworkX writes today's date in the header: we write the release date instead, so that
    the file is byte-stable.

    Examples
    --------
    >>> b'lastmodifieddate="2026-01-02"' in to_gexf(nx.MultiDiGraph([("a", "b")]), date(2026, 1, 2))
    True
    """
    out = io.BytesIO()
    write_gexf(G, out, when)
    return out.getvalue()


def write_gexf(G: nx.Graph, out: BinaryIO, when: date | None = None) -> None:
    """Write a network as GEXF 1.2 to a binary file, node by node and edge by edge.

    NetworkX's writer holds the whole document as XML elements before it writes; this
    one declares the attributes (a first pass over the data), then writes each element
    as NetworkX would: the same bytes, ``when`` in the header as in ``to_gexf``.

    Examples
    --------
    >>> out = io.BytesIO()
    >>> write_gexf(nx.MultiDiGraph([("a", "b")]), out, date(2026, 1, 2))
    >>> b'<edge source="a" target="b" id="0"' in out.getvalue()
    True
    """
    writer = _GexfStream(G, when)
    writer.write_to(out)


_NODE_SPECIAL = frozenset({"pid", "start", "end", "parents", "spells", "viz"})
_EDGE_SPECIAL = frozenset({"label", "weight", "type", "start", "end", "spells", "viz"})
_FLOAT_WORDS = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}  # as NetworkX writes them
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
            ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))  # fmt: skip


def _attribute(text: str) -> str:
    """An attribute's value escaped as ElementTree escapes it, in its order."""
    for char, entity in _ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    return text


_GEXF_RESERVED = {  # the attributes GEXF writes itself, not as attvalues (NetworkX's lists)
    "node": ("id", "label", "pid", "start", "end", "parents", "spells", "viz"),
    "edge": ("id", "label", "weight", "type", "start", "end", "spells", "viz"),
}


class _GexfStream(nx.readwrite.gexf.GEXFWriter):
    """NetworkX's GEXF writer, one element at a time (its ``add_nodes``, ``add_edges``)."""

    _MARK = "mes-graph-element-written-here"

    def __init__(self, G: nx.Graph, when: date | None) -> None:
        super().__init__(encoding="utf-8", prettyprint=True)
        meta = self.xml.find("meta")
        meta.set("lastmodifieddate", (when or date(1970, 1, 1)).isoformat())
        meta.find("creator").text = "mes-graph"
        self.G = G
        for _, _, data in G.edges(data=True):  # add_graph's first pass
            if data.get("id") is not None:
                self.all_edge_ids.add(str(data["id"]))
        mode = "dynamic" if G.graph.get("mode") == "dynamic" else "static"
        default = "directed" if G.is_directed() else "undirected"
        self.graph_element = Element(
            "graph", defaultedgetype=default, mode=mode, name=G.graph.get("name", "")
        )

    def write_to(self, out: BinaryIO) -> None:
        for _, data in self.G.nodes(data=True):  # declare every attribute first
            self._declare("node", self._data("node", data))
        for _, _, _, data in self._edges():
            self._declare("edge", self._data("edge", data))
        declared = sum(len(a) for a in self.graph_element.findall("attributes"))
        nodes, edges = (
            SubElement(self.graph_element, "nodes"),
            SubElement(self.graph_element, "edges"),
        )
        for part, some in ((nodes, self.G.number_of_nodes()), (edges, self.G.number_of_edges())):
            if some:
                SubElement(part, part.tag[:-1], id=self._MARK)
        self.xml.append(self.graph_element)
        self.indent(self.xml)
        document = io.BytesIO()
        ElementTree(self.xml).write(document, encoding="utf-8", xml_declaration=True)
        pieces = document.getvalue().split(f'<node id="{self._MARK}" />'.encode())
        head, rest = pieces if len(pieces) == 2 else (None, pieces[0])
        pieces = rest.split(f'<edge id="{self._MARK}" />'.encode())
        middle, tail = pieces if len(pieces) == 2 else (rest, None)
        if head is not None:
            out.write(head)
            self._elements(out, (self._node_element(n, d) for n, d in self.G.nodes(data=True)))
        out.write(middle)
        if tail is not None:
            self._elements(out, (self._edge_element(*edge) for edge in self._edges()))
            out.write(tail)
        if sum(len(a) for a in self.graph_element.findall("attributes")) != declared:
            raise RuntimeError("an attribute appeared after the header was written")

    def _declare(self, kind: str, data: dict[str, Any]) -> None:
        """``add_attributes``'s declarations of a node's or edge's attributes, no element."""
        default = self._default(kind)
        for key, value in data.items():
            if isinstance(value, list):  # dynamic: NetworkX's own way
                self.add_attributes(kind, Element(kind), {key: value}, default)
                continue
            title = "networkx_key" if key == "key" else str(key)
            if title not in self.attr[kind]["static"]:
                if type(value) not in self.xml_type:
                    raise TypeError(f"attribute value type is not allowed: {type(value)}")
                self.get_attr_id(title, self.xml_type[type(value)], kind, default, "static")

    def _elements(self, out: BinaryIO, elements: Iterator[str | Element]) -> None:
        """Elements at the depth of nodes and edges, indented as ``indent`` does."""
        batch: list[str] = []
        for element in elements:
            if not isinstance(element, str):
                self.indent(element, 3)
                element.tail = None
                element = tostring(element, encoding="unicode")
            batch.append(element)
            if len(batch) == 1000:
                out.write(("\n      ".join(batch) + "\n      ").encode("utf-8"))
                batch = []
        out.write("\n      ".join(batch).encode("utf-8"))

    def _text(self, tag: str, head: str, kind: str, data: dict[str, Any]) -> str | None:
        """A node's or edge's element as ``indent`` and ElementTree write it, or None when
        its data needs NetworkX's own way (dynamic values, spells, viz...)."""
        ids = self.attr[kind]["static"]
        lines = []
        for key, value in data.items():
            kind_of = type(value)
            if kind_of not in self.xml_type or kind_of is list:
                return None
            if kind_of is bool:
                text = "true" if value else "false"
            else:
                text = str(value)
                if kind_of is float:
                    text = _FLOAT_WORDS.get(text, text)
            title = "networkx_key" if key == "key" else str(key)
            lines.append(f'\n          <attvalue for="{ids[title]}" value="{_attribute(text)}" />')
        if not lines:
            return f"<{tag} {head} />"
        values = "".join(lines)
        return f"<{tag} {head}>\n        <attvalues>{values}\n        </attvalues>\n      </{tag}>"

    @staticmethod
    def _data(tag: str, data: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if k not in _GEXF_RESERVED[tag]}

    def _edges(self) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        """``add_edges``'s edges: ends, id, data with the multigraph key."""
        G = self.G
        counter, taken = itertools.count(), set(self.all_edge_ids)  # the same ids each pass
        edges = G.edges(data=True, keys=True) if G.is_multigraph() else G.edges(data=True)
        for edge in edges:
            u, v, data = edge[0], edge[1], dict(edge[-1])
            if G.is_multigraph():
                data.update(key=edge[2])
            edge_id = data.get("id")
            if edge_id is None:
                edge_id = next(counter)
                while str(edge_id) in taken:
                    edge_id = next(counter)
                taken.add(str(edge_id))
            yield u, v, edge_id, data

    def _node_element(self, node: Any, data: dict[str, Any]) -> str | Element:
        """``add_nodes``'s element of one node (as text, when it is a plain one)."""
        if not _NODE_SPECIAL.intersection(data):
            node_id, label = str(data.get("id", node)), str(data.get("label", node))
            rest = {k: v for k, v in data.items() if k not in ("id", "label")}
            head = f'id="{_attribute(node_id)}" label="{_attribute(label)}"'
            text = self._text("node", head, "node", rest)
            if text is not None:
                return text
        node_data = dict(data)
        kw = {"id": str(node_data.pop("id", node)), "label": str(node_data.pop("label", node))}
        for key in ("pid", "start", "end"):
            if key in node_data:
                kw[key] = str(node_data.pop(key))
                if key != "pid":
                    self.alter_graph_mode_timeformat(kw[key])
        element = Element("node", **kw)
        node_data = self.add_parents(element, node_data)
        node_data = self.add_spells(element, node_data)
        node_data = self.add_viz(element, node_data)
        self.add_attributes("node", element, node_data, self._default("node"))
        return element

    def _edge_element(self, u: Any, v: Any, edge_id: Any, data: dict[str, Any]) -> str | Element:
        """``add_edges``'s element of one edge (as text, when it is a plain one)."""
        if not _EDGE_SPECIAL.intersection(data):
            source = _attribute(str(self.G.nodes[u].get("id", u)))
            target = _attribute(str(self.G.nodes[v].get("id", v)))
            head = f'source="{source}" target="{target}" id="{_attribute(str(edge_id))}"'
            text = self._text("edge", head, "edge", {k: x for k, x in data.items() if k != "id"})
            if text is not None:
                return text
        edge_data = dict(data)
        edge_data.pop("id", None)
        kw = {"id": str(edge_id)}
        for key in ("label", "weight", "type", "start", "end"):
            if key in edge_data:
                kw[key] = str(edge_data.pop(key))
                if key in ("start", "end"):
                    self.alter_graph_mode_timeformat(kw[key])
        source = str(self.G.nodes[u].get("id", u))
        target = str(self.G.nodes[v].get("id", v))
        element = Element("edge", source=source, target=target, **kw)
        edge_data = self.add_spells(element, edge_data)
        edge_data = self.add_viz(element, edge_data)
        self.add_attributes("edge", element, edge_data, self._default("edge"))
        return element

    def _default(self, kind: str) -> dict[str, Any]:
        return self.G.graph.get(f"{kind}_default", {})


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


def network_rows(G: nx.MultiDiGraph) -> dict[str, Iterator[list[Any]]]:
    """The rows of ``nodes.csv`` and ``edges.csv``, the header first, one at a time.

    Nodes: ``ID`` (the IRI), ``Label``, ``Name`` (acronym), ``Type`` (kind of actor),
    ``Category`` (organisation or person), ``Region``, ``Sector``, ``Legal form``, then
    the metrics. Edges: ``From``, ``To`` (IRIs), ``Type`` (relation), ``Role``, ``Since``,
    ``Until``, ``Source``, ``Membership``. Both sorted (nodes by IRI, edges by their ends
    and id).

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> rows = network_rows(network_with_metrics(tiny_alliance()))
    >>> next(rows["edges.csv"])
    ['From', 'To', 'Type', 'Role', 'Since', 'Until', 'Source', 'Membership']
    """
    from mes_graph.network import METRICS

    node_columns = list(_NODE_COLUMNS.values())[1:]
    edge_columns = list(_EDGE_COLUMNS.values())[2:]
    nodes = (
        [node, *(data.get(a) for a in node_columns), *(data.get(m) for m in METRICS)]
        for node, data in sorted(G.nodes(data=True))
    )
    edges = (
        [u, v, *(data.get(a) for a in edge_columns)]
        for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("id", "")))
    )
    return {
        "nodes.csv": itertools.chain([[*_NODE_COLUMNS, *METRICS]], nodes),
        "edges.csv": itertools.chain([list(_EDGE_COLUMNS)], edges),
    }


def network_tables(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` of a network, with Kumu's column names.

    The rows of ``network_rows``, as CSV for spreadsheets.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> tables = network_tables(network_with_metrics(tiny_alliance()))
    >>> tables["edges.csv"].decode().splitlines()[0]
    'From,To,Type,Role,Since,Until,Source,Membership'
    """
    return {name: csv_bytes(rows) for name, rows in network_rows(G).items()}


def csv_tables(dataset: Dataset, G: nx.MultiDiGraph | None = None) -> dict[str, bytes]:
    """The files of ``--format csv``: ``nodes.csv``, ``edges.csv`` and the spreadsheets.

    The spreadsheets (``acteurs.csv``, ``adhesions.csv``, ``personnes.csv``) are those of
    ``mes_graph.spreadsheets.write_tables``, written from the same (profiled) dataset.
    """
    from mes_graph.spreadsheets import table_streams, write_csv

    files = network_tables(G if G is not None else network_with_metrics(dataset))
    for name, (header, rows) in table_streams(dataset).items():
        out = io.BytesIO()
        write_csv(itertools.chain([header], rows), out)
        files[f"{name}.csv"] = out.getvalue()
    return files
