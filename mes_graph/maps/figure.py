"""A map as a static image, PNG or SVG, drawn by matplotlib: for slides and reports.

Takes the data of a map (``data.map_data``); gives the image's bytes (``render_figure``;
``map_figure`` draws a view straight to it), the same bytes for the same input.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx

from mes_graph.maps.data import layout, map_data
from mes_graph.maps.options import MapOptions
from mes_graph.maps.style import BORDER, EDGE_COLOUR, GROUP_EDGE, MARKERS, RING
from mes_graph.maps.words import STRINGS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FIGURE_FORMATS", "FIGURE_RC", "draw_figure", "map_figure", "render_figure"]

FIGURE_FORMATS = ("png", "svg")

FIGURE_RC = {"svg.hashsalt": "mes-graph", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
"""Matplotlib's settings for the images: fonts as paths, stable SVG ids."""


def _linestyle(dashes: Any) -> Any:
    return (0, tuple(float(d) / 2 for d in dashes)) if dashes else "solid"


def draw_figure(data: Mapping[str, Any], dpi: int = 150) -> Figure:
    """Draw map data as a matplotlib ``Figure``: what ``render_figure`` saves.

    Positions are the page's, or (for a map the browser lays out) NetworkX's, seeded,
    the actors with no link in rows beside the others. Labels go to the largest nodes
    first, and one that would overlap another is left out. Math text is off: a ``$`` in
    a label is a dollar.

    Parameters
    ----------
    data : mapping
        From ``map_data``.
    dpi : int

    Returns
    -------
    matplotlib.figure.Figure
        14 × 9 inches: the map, its title and notices, its legend.

    Examples
    --------
    >>> from mes_graph import network
    >>> fig = draw_figure(map_data(network.alliance_network(network.tiny_alliance())))
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text())  # the links: ""
    ['APES', 'ARDES', 'Ana', 'Lab', 'MES', 'RIPESS Europe']
    """
    import matplotlib
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes, edges, legend, header = data["nodes"], data["edges"], data["legend"], data["header"]
    if nodes and "x" not in nodes[0]:
        kinds = {n["id"]: (n["f"].get("kind") or [""])[0] for n in nodes}
        found = layout(list(kinds), [(e["from"], e["to"]) for e in edges], data["seed"], kinds)
    else:
        found = {n["id"]: (n["x"], n["y"]) for n in nodes}
    pos = {k: (x, -y) for k, (x, y) in found.items()}  # the canvas's y runs down
    shrink = min(1.0, math.sqrt(60 / max(len(nodes), 1)))
    radius = {n["id"]: n["size"] * 0.42 * shrink for n in nodes}  # points
    with matplotlib.rc_context(FIGURE_RC):
        fig = Figure(figsize=(14, 9), dpi=dpi, facecolor="white")
        ax = fig.add_axes((0.01, 0.02, 0.7, 0.8))
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
        for e in edges:
            (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
            arrow = "-|>" if e["arrow"] and len(edges) <= 400 else "-"
            ax.annotate(
                "",
                xy=(x2, y2),
                xytext=(x1, y1),
                zorder=1,
                arrowprops={
                    "arrowstyle": arrow,
                    "color": e["color"],
                    "linewidth": e["width"] * 0.8,
                    "linestyle": _linestyle(e["dashes"]),
                    "shrinkA": radius[e["from"]],
                    "shrinkB": radius[e["to"]],
                    "mutation_scale": 9,
                },
            )
        for shape in sorted({n["shape"] for n in nodes}):
            group = [n for n in nodes if n["shape"] == shape]
            for faded in (False, True):
                chosen = [n for n in group if bool(n.get("faded")) is faded]
                if not chosen:
                    continue
                ax.scatter(
                    [pos[n["id"]][0] for n in chosen],
                    [pos[n["id"]][1] for n in chosen],
                    s=[(2 * radius[n["id"]]) ** 2 for n in chosen],
                    c=[n["fill"] for n in chosen],
                    marker=MARKERS.get(shape, "o"),
                    edgecolors=[n["border"] for n in chosen],
                    linewidths=[n["bw"] * 0.7 for n in chosen],
                    alpha=0.35 if faded else 1.0,
                    zorder=3,
                )
        ax.autoscale_view()
        ax.margins(0.06)
        ax.apply_aspect()
        renderer = FigureCanvasAgg(fig).get_renderer()
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        taken: list[Any] = []  # the labels drawn, largest node first: none over another
        for n in sorted(nodes, key=lambda n: -n["size"]):
            label = ax.annotate(
                n["label"],
                pos[n["id"]],
                xytext=(0, -radius[n["id"]] - 1),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5 if len(nodes) <= 80 else 6,
                zorder=4,
                parse_math=False,
                path_effects=halo,
            )
            box = label.get_window_extent(renderer)
            if any(box.overlaps(other) for other in taken):
                label.remove()
            else:
                taken.append(box)
        top = 0.985
        texts = [
            (header["title"], 15, "bold"),
            (header["subtitle"], 11.5, "normal"),
            (header["meta"], 9, "normal"),
        ]
        texts += [(n, 9, "normal") for n in header["notices"]]
        for text, size, weight in texts:
            wrapped = textwrap.fill(text, 150 if size < 10 else 110)
            fig.text(
                0.01, top, wrapped, fontsize=size, fontweight=weight, va="top", parse_math=False
            )
            top -= 0.028 * (wrapped.count("\n") + 1) * (size / 10) + 0.008
        handles: list[Any] = []
        labels: list[str] = []
        titles: list[int] = []

        def heading(text: str) -> None:
            titles.append(len(labels))
            handles.append(Line2D([], [], linestyle="none"))
            labels.append(text)

        heading(legend["colour_title"])
        for name, fill, ring in legend["colours"]:
            handles.append(
                Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor=fill,
                       markeredgecolor=RING if ring else BORDER,
                       markeredgewidth=2.2 if ring else 0.7)
            )  # fmt: skip
            labels.append(name)
        heading(STRINGS[data["lang"]]["legend_shape"])
        for shape, name in legend["shapes"]:
            handles.append(
                Line2D([], [], linestyle="none", marker=MARKERS.get(shape, "o"), markersize=9,
                       markerfacecolor="white", markeredgecolor=BORDER)
            )  # fmt: skip
            labels.append(name)
        heading(STRINGS[data["lang"]]["legend_relation"])
        for relation, name, dashes, width in legend["relations"]:
            colour = GROUP_EDGE if relation == "aggregate" else EDGE_COLOUR
            handles.append(
                Line2D([], [], color=colour, linewidth=width * 0.8, linestyle=_linestyle(dashes))
            )
            labels.append(name)
        heading(legend["size"])
        if legend.get("highlight"):
            heading(legend["highlight"])
        box = fig.legend(
            handles,
            [textwrap.fill(label, 48) for label in labels],
            loc="upper left",
            bbox_to_anchor=(0.72, 0.82),
            frameon=False,
            fontsize=8,
            handlelength=3,
        )
        for i, text in enumerate(box.get_texts()):
            text.set_parse_math(False)
            if i in titles:
                text.set_fontweight("bold")
    return fig


def render_figure(data: Mapping[str, Any], format: str = "png", dpi: int = 150) -> bytes:
    """Draw map data with matplotlib: ``map_figure`` is ``render_figure(map_data(...))``.

    The figure is ``draw_figure``'s.

    Parameters
    ----------
    data : mapping
        From ``map_data``.
    format : {"png", "svg"}
    dpi : int

    Returns
    -------
    bytes

    Examples
    --------
    >>> from mes_graph import network
    >>> data = map_data(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> render_figure(data, "svg").startswith(b"<?xml")
    True
    """
    if format not in FIGURE_FORMATS:
        raise ValueError(f"unknown image format {format!r}; choose one of png, svg")
    import matplotlib

    fig = draw_figure(data, dpi)
    with matplotlib.rc_context(FIGURE_RC):
        buffer = io.BytesIO()
        software = f"mes-graph {data['header']['version']}"
        metadata: dict[str, Any] = (
            {"Software": software} if format == "png" else {"Date": None, "Creator": software}
        )
        fig.savefig(buffer, format=format, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def map_figure(
    G: nx.MultiDiGraph,
    options: MapOptions | None = None,
    *,
    format: str = "png",
    dpi: int = 150,
    assets: str | None = None,
    **changes: Any,
) -> bytes:
    """The map of a view as a static image (matplotlib), with labels and legend, for slides.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    options : MapOptions, optional
        What the map shows, as in ``map_data``.
    format : {"png", "svg"}
    dpi : int
        Resolution of a PNG (the figure is 14 × 9 inches).
    assets : str, optional
        Ignored (an image links no file), so that ``map_page``'s keywords can be passed.
    **changes
        Fields of ``MapOptions``, over ``options``.

    Returns
    -------
    bytes
        The image; the same input gives the same bytes.

    Examples
    --------
    >>> from mes_graph import network
    >>> png = map_figure(network.alliance_network(network.tiny_alliance()), dpi=40)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if format not in FIGURE_FORMATS:
        raise ValueError(f"unknown image format {format!r}; choose one of png, svg")
    return render_figure(map_data(G, options, **changes), format, dpi)
