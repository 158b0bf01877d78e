"""The views the metrics run on: the ties between actors, and the links between them.

Takes a projection (``projection.alliance_network``) or any NetworkX graph; gives the
undirected weighted view (``ties``: one tie per pair of actors, ``weight`` = the number of
links between them), the directed weighted view for PageRank (``directed_links``), the
largest component, and ``kept``, which computes a value once per graph. Betweenness,
closeness and paths count hops on ``ties``; PageRank (on ``directed_links``), eigenvector,
Burt's constraint and effective size use the weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

__all__ = ["directed_links", "is_actor", "kept", "largest_component", "ties"]


def is_actor(G: nx.Graph, node: str) -> bool:
    """Whether a node is an actor (an organisation or a person), not a concept.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"type": "person"}), ("s", {"type": "concept"})])
    >>> is_actor(G, "a"), is_actor(G, "s")
    (True, False)
    """
    return G.nodes[node].get("type") != "concept"


def kept(G: nx.Graph, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per graph: kept in NetworkX's cache of ``G`` under ``key``.

    NetworkX empties that cache when a node or an edge is added or removed; after changing
    attributes in place, ``nx._clear_cache(G)`` does. A graph without it computes anew.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> kept(G, "n", G.number_of_nodes), kept(G, "n", lambda: 0)
    (3, 3)
    >>> G.add_node(3)
    >>> kept(G, "n", G.number_of_nodes)
    4
    """
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def ties(G: nx.Graph) -> nx.Graph:
    """The undirected weighted view: one tie per pair of actors, weight = number of links.

    Concept nodes and self-loops are left out. A simple undirected graph is returned as it
    is (ties of weight 1 unless it says otherwise). The view is built once per graph, and
    frozen (``kept``).

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph.

    Returns
    -------
    networkx.Graph
        With the node attributes of ``G``; each tie has ``weight`` and ``relations``.

    Examples
    --------
    >>> from mes_graph.base.terms import ID
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> T = ties(alliance_network(tiny_alliance()))
    >>> mes, ripess = str(ID["organisation/mes"]), str(ID["organisation/ripess"])
    >>> T.number_of_edges(), T[mes][ripess]["weight"]
    (5, 2)
    """
    if not G.is_directed() and not G.is_multigraph():
        return G
    return kept(G, "mes_graph.ties", lambda: nx.freeze(_ties(G)))


def _ties(G: nx.Graph) -> nx.Graph:
    view = nx.Graph(**G.graph)
    view.add_nodes_from((n, d) for n, d in G.nodes(data=True) if is_actor(G, n))
    for u, v, data in G.edges(data=True):
        if u == v or u not in view or v not in view:
            continue
        if view.has_edge(u, v):
            view[u][v]["weight"] += 1
            view[u][v]["relations"] = sorted({*view[u][v]["relations"], data.get("relation")})
        else:
            view.add_edge(u, v, weight=1, relations=[data.get("relation")])
    return view


def directed_links(G: nx.Graph) -> nx.Graph:
    """The directed weighted view (links between actors collapsed), for PageRank.

    Parameters
    ----------
    G : networkx.Graph
        A projection; a graph that is not a multigraph is returned as it is.

    Returns
    -------
    networkx.DiGraph
        One link per ordered pair of actors, ``weight`` = the number of links.

    Examples
    --------
    >>> D = directed_links(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")]))
    >>> sorted(D.edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 1)]
    """
    if not G.is_multigraph():
        return G
    view = nx.DiGraph()
    view.add_nodes_from(n for n in G if is_actor(G, n))
    for u, v in G.edges():
        if u in view and v in view:
            weight = view[u][v]["weight"] + 1 if view.has_edge(u, v) else 1
            view.add_edge(u, v, weight=weight)
    return view


def largest_component(T: nx.Graph) -> set[str]:
    """The actors of the largest component of a ties view (ties broken by the least IRI).

    Examples
    --------
    >>> sorted(largest_component(nx.Graph([(1, 2), (2, 3), (4, 5)])))
    [1, 2, 3]
    """
    components = sorted(nx.connected_components(T), key=lambda c: (-len(c), min(map(str, c))))
    return set(components[0]) if components else set()
