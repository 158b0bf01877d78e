"""The report's charts: actors by kind, the degree distribution, as PNG data URIs.

Takes the projection or its metrics table; gives PNG bytes drawn by matplotlib, the same
bytes for the same input, and the ``data:`` URI that embeds them in the page.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

from mes_graph.report.words import STRINGS

__all__ = ["actor_kinds", "data_uri", "degree_chart", "kind_chart", "split_cell"]


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def split_cell(value: Any) -> list[str]:
    """The values of a ``; ``-separated attribute of the projection."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [part for part in str(value).split("; ") if part]


def actor_kinds(G: nx.Graph, unknown: str) -> Counter:
    """How many actors of each kind a projection holds (``unknown`` for none)."""
    counts: Counter = Counter()
    for _, data in G.nodes(data=True):
        if data.get("type") == "concept":
            continue
        for kind in split_cell(data.get("kind")) or [unknown]:
            counts[kind] += 1
    return counts


def kind_chart(G: nx.Graph, lang: str = "fr") -> bytes:
    """A horizontal bar chart of the number of actors per kind, as PNG bytes.

    The bars take the colours the maps give each kind (``maps.kind_colours``).

    Examples
    --------
    >>> from mes_graph import network
    >>> kind_chart(network.alliance_network(network.tiny_alliance()))[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    from mes_graph.maps import kind_colours

    counts = actor_kinds(G, STRINGS[lang]["unknown"])
    colours = kind_colours(G)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[::-1]
    figure = Figure(figsize=(7.5, 0.34 * len(rows) + 1.0), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    names = [name for name, _ in rows]
    values = [value for _, value in rows]
    axes.barh(names, values, color=[colours.get(n, ("#BBBBBB", False))[0] for n in names])
    for y, value in enumerate(values):
        axes.text(value, y, f" {value}", va="center", fontsize=9)
    axes.set_xlabel(STRINGS[lang]["actors_axis"])
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.1)
    return _png(figure)


def degree_chart(table: pd.DataFrame, lang: str = "fr") -> bytes:
    """A bar chart of the degree distribution (actors per number of links), as PNG bytes.

    Examples
    --------
    >>> from mes_graph import network
    >>> table = network.metrics_table(network.alliance_network(network.tiny_alliance()))
    >>> degree_chart(table)[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    counts = Counter(int(d) for d in table["degree"]) if len(table) else Counter()
    figure = Figure(figsize=(7.5, 3.2), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    degrees = sorted(counts)
    axes.bar(degrees, [counts[d] for d in degrees], color="#332288", width=0.8)
    axes.set_xlabel(STRINGS[lang]["degree_axis"])
    axes.set_ylabel(STRINGS[lang]["actors_axis"])
    if len(degrees) > 1 and degrees[-1] > 30 * max(degrees[0], 1):
        axes.set_xscale("symlog")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, to embed in a page that fetches nothing.

    Examples
    --------
    >>> data_uri(b"abc")
    'data:image/png;base64,YWJj'
    """
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
