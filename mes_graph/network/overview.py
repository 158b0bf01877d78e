"""The network as a whole: its diameter, its assortativity, and its summary.

Takes a projection (``projection.alliance_network``) or any NetworkX graph; gives the
diameter of its largest component, the assortativity of an attribute, and ``summary``:
size, density, components, diameter, modularity, cut points, bridges, assortativity.
"""

from __future__ import annotations

import math
import random
import warnings
from typing import Any

import networkx as nx

from mes_graph.network.backends import SWEEPS, choose_backend, estimated, igraph_of
from mes_graph.network.community import communities, modularity
from mes_graph.network.connectivity import bridges, cut_points
from mes_graph.network.views import largest_component, ties

__all__ = ["assortativity", "diameter", "summary"]


def assortativity(G: nx.Graph, attribute: str, backend: str | None = None) -> float:
    """Attribute assortativity: do ties join actors of the same kind, region or sector?

    1 when ties only join alike actors, negative when they cross categories; computed over
    the actors that have a value; NaN when undefined (no such tie, or a single category).

    Parameters
    ----------
    G : networkx.Graph
    attribute : str
        A node attribute: ``kind``, ``region``, ``sector``…
    backend : {"networkx", "igraph"}, optional
        Default: igraph from ``IGRAPH_FROM`` actors (the same coefficient).

    Returns
    -------
    float

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)])
    >>> nx.set_node_attributes(G, {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "b"}, "kind")
    >>> round(assortativity(G, "kind"), 4), round(assortativity(G, "kind", "igraph"), 4)
    (0.7143, 0.7143)
    >>> assortativity(nx.path_graph(3), "kind")
    nan
    """
    T = ties(G)
    if choose_backend(T, backend) == "igraph":
        return _igraph_assortativity(T, attribute)
    valued = [n for n, value in T.nodes(data=attribute) if value is not None]
    sub = T.subgraph(valued)
    if sub.number_of_edges() == 0:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            value = float(nx.attribute_assortativity_coefficient(sub, attribute))
        except (ZeroDivisionError, ValueError):
            return math.nan
    return value if math.isfinite(value) else math.nan


def _igraph_assortativity(T: nx.Graph, attribute: str) -> float:
    g, nodes = igraph_of(T)
    values = [T.nodes[n].get(attribute) for n in nodes]
    valued = [i for i, value in enumerate(values) if value is not None]
    sub = g.induced_subgraph(valued, implementation="create_from_scratch")
    if sub.ecount() == 0:
        return math.nan
    codes = {value: i for i, value in enumerate(sorted({values[i] for i in valued}, key=str))}
    value = sub.assortativity_nominal([codes[values[i]] for i in valued], directed=False)
    return value if math.isfinite(value) else math.nan


def diameter(G: nx.Graph, backend: str | None = None, seed: int = 42) -> int:
    """The diameter of the largest component: its longest shortest path, in ties.

    Exact below ``SAMPLE_FROM`` actors (on igraph from ``IGRAPH_FROM``); above, a lower
    bound, the longest of ``SWEEPS`` double sweeps from seeded starts (each sweep goes to
    the actor farthest from the last one), which ``approximations`` says.

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        Default: igraph from ``IGRAPH_FROM`` actors.
    seed : int
        Of the starts of the sweeps.

    Returns
    -------
    int
        0 for a network without ties.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> diameter(nx.path_graph(5)), diameter(nx.path_graph(5), backend="igraph")
    (4, 4)
    >>> diameter(alliance_network(tiny_alliance()))
    3
    """
    T = ties(G)
    core = largest_component(T)
    if not core:
        return 0
    if choose_backend(T, backend) == "networkx":
        return int(nx.diameter(T.subgraph(core)))
    g, nodes = igraph_of(T)
    keep = sorted(i for i, n in enumerate(nodes) if n in core)
    sub = g.induced_subgraph(keep)
    if not estimated(len(keep)):
        return int(sub.diameter(directed=False))
    rng = random.Random(seed)
    longest = 0
    for _ in range(SWEEPS):
        start = rng.randrange(len(keep))
        for _ in range(2):
            lengths = sub.distances(source=start)[0]
            start = max(range(len(lengths)), key=lengths.__getitem__)
            longest = max(longest, int(lengths[start]))
    return longest


def summary(G: nx.Graph, seed: int = 42, resolution: float = 1.0) -> dict[str, Any]:
    """The summary of the network: size, density, components, diameter, modularity, cut points.

    Parameters
    ----------
    G : networkx.Graph
    seed, resolution
        Of the Louvain communities whose modularity is reported.

    Returns
    -------
    dict
        ``nodes``, ``links`` (all links), ``ties`` (pairs), ``density``, ``components``,
        ``largest_component``, ``diameter`` (of the largest), ``communities``,
        ``modularity``, ``articulation_points`` (IRIs), ``bridges`` (how many) and
        ``assortativity_kind`` / ``_region`` / ``_sector``.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> s = summary(alliance_network(tiny_alliance()))
    >>> s["nodes"], s["links"], s["ties"], s["components"], s["diameter"], s["bridges"]
    (6, 6, 5, 1, 3, 5)
    """
    T = ties(G)
    links = G.subgraph(T.nodes).number_of_edges()
    core = largest_component(T)
    groups = communities(T, seed=seed, resolution=resolution)
    return {
        "nodes": T.number_of_nodes(),
        "links": links,
        "ties": T.number_of_edges(),
        "density": nx.density(T) if T.number_of_nodes() > 1 else math.nan,
        "components": nx.number_connected_components(T),
        "largest_component": len(core),
        "diameter": diameter(T, seed=seed),
        "communities": len(groups),
        "modularity": modularity(G, groups, resolution),
        "articulation_points": cut_points(G),
        "bridges": len(bridges(G)),
        "assortativity_kind": assortativity(G, "kind"),
        "assortativity_region": assortativity(G, "region"),
        "assortativity_sector": assortativity(G, "sector"),
    }
