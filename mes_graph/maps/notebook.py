"""A map in a notebook: Jupyter shows the page inline, no file written.

Takes a projection and ``MapOptions``; gives a ``MapDisplay``, whose ``_repr_html_`` is
the page in a sandboxed ``<iframe srcdoc>``.
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from mes_graph.maps.options import MapOptions
from mes_graph.maps.page import map_page

__all__ = ["MapDisplay", "show_map"]


class MapDisplay:
    """A map Jupyter shows inline: the page in a sandboxed ``<iframe srcdoc>``."""

    def __init__(self, page: str, height: int = 720) -> None:
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" title="mes-graph map"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<MapDisplay: {len(self.page)} characters of HTML>"


def show_map(
    G: nx.MultiDiGraph,
    options: MapOptions | None = None,
    *,
    height: int = 720,
    assets: str | None = None,
    **changes: Any,
) -> MapDisplay:
    """The map of a view, for a notebook: Jupyter shows it inline; no file is written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    options : MapOptions, optional
        What the map shows, as in ``map_data``.
    height : int
        Of the frame, in pixels.
    assets : None
        Refused: the frame holds everything.
    **changes
        Fields of ``MapOptions``, over ``options``.

    Returns
    -------
    MapDisplay
        Its ``_repr_html_`` is an ``<iframe srcdoc>`` holding the escaped page; ``page``
        is the page itself.

    Examples
    --------
    >>> from mes_graph import network
    >>> shown = show_map(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> shown._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    if assets is not None:
        raise ValueError("show_map inlines everything: it takes no assets prefix")
    return MapDisplay(map_page(G, options, **changes), height)
