"""A map as a pyvis ``Network``, for notebook users who restyle it: still offline and escaped.

Takes a projection and ``MapOptions``; gives ``pyvis_network``: a ``pyvis.network.Network``
whose node and edge lists are the map's (filled directly, not by pyvis's ``add_node``,
which is quadratic) and whose template is the project's page (``page.render_page``),
given to pyvis through its own template mechanism (``templateEnv`` and ``template``). So
``show_buttons``, ``toggle_physics``, ``barnes_hut`` or ``set_options`` restyle the map, and
``generate_html``, ``write_html`` and ``show`` give the project's page: vis-network
inlined (the build pyvis 0.3.2 ships, byte-identical to ``static/``), no Bootstrap from a
CDN, every text escaped and set as text (a title holding ``href`` included), written as
UTF-8, atomically, with no ``lib/`` folder copied beside it. The projection is only read
(pyvis's ``from_nx`` is not used: it changes its input).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network
from pyvis.options import Options

from mes_graph.maps.data import map_data
from mes_graph.maps.options import MapOptions
from mes_graph.maps.page import render_page, write_map

__all__ = ["MapNetwork", "pyvis_network"]


def _changed(options: Any, default: Any) -> Any:
    """What of pyvis's options differs from its defaults (``None``: nothing)."""
    if isinstance(options, dict) and isinstance(default, dict):
        changed = {}
        for key, value in options.items():
            found = _changed(value, default.get(key))
            if found is not None:
                changed[key] = found
        return changed or None
    return None if options == default else options


class _PageTemplate:
    """The project's page, as pyvis renders a template: ``render(nodes=, edges=, options=)``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def render(self, *, nodes: list, edges: list, options: str, **_: Any) -> str:
        default = json.loads(Options(None).to_json())
        data = {**self.data, "nodes": nodes, "edges": edges}
        data["vis_options"] = _changed(json.loads(options), default)
        return render_page(data)

    def get_template(self, name: str) -> _PageTemplate:  # pyvis's templateEnv
        return self


class MapNetwork(Network):
    """A pyvis ``Network`` drawn by the project's page; written as UTF-8, nothing beside it."""

    def write_html(
        self, name: str, local: bool = True, notebook: bool = False, open_browser: bool = False
    ) -> None:
        """Write the page as UTF-8, atomically; no ``lib/`` folder, no browser opened."""
        write_map(Path(name), self.generate_html(name, notebook=notebook))


def pyvis_network(
    G: nx.MultiDiGraph, options: MapOptions | None = None, **changes: Any
) -> MapNetwork:
    """The map of a view as a pyvis ``Network`` that renders the project's offline page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``network.alliance_network``); only read.
    options : MapOptions, optional
        What the map shows, as in ``map_data``.
    **changes
        Fields of ``MapOptions``, over ``options``.

    Returns
    -------
    MapNetwork
        A ``pyvis.network.Network``: ``nodes`` and ``edges`` are the map's (as
        ``map_data`` gives them), its options start from pyvis's defaults, and what one
        changes of them (``show_buttons()``, ``toggle_physics(False)``...) is applied on
        top of the page's own.

    Examples
    --------
    >>> from mes_graph import network
    >>> net = pyvis_network(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> isinstance(net, Network), net.num_nodes(), net.num_edges()
    (True, 6, 6)
    >>> net.toggle_physics(False)
    >>> page = net.generate_html()
    >>> '"vis_options":{"physics":{"enabled":false}}' in page
    True
    >>> import re; re.findall(r'(?:src|href)="https?:', page)
    []
    """
    data = map_data(G, options, **changes)
    net = MapNetwork(height="720px", width="100%", directed=True, heading=data["header"]["title"])
    net.nodes = data["nodes"]
    net.edges = data["edges"]
    net.node_ids = [node["id"] for node in data["nodes"]]
    net.node_map = {node["id"]: node for node in data["nodes"]}
    page = _PageTemplate({k: v for k, v in data.items() if k not in ("nodes", "edges")})
    net.templateEnv = page  # type: ignore[assignment]
    net.template = page
    return net
