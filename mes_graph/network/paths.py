"""Paths and neighbourhoods: an actor by name, shortest paths, ego networks.

Takes a projection (``projection.alliance_network``); gives the node a name designates
(``find_actor``), every shortest path between two actors with the links at each step
(``shortest_paths``), and the ego network of an actor (``ego``), as a subgraph in a fixed
order (``induced``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import networkx as nx

from mes_graph.actors import fold, match_name
from mes_graph.network.projection import local_name
from mes_graph.network.views import ties

__all__ = ["ego", "find_actor", "induced", "path_step", "shortest_paths"]


def find_actor(G: nx.Graph, name: Any) -> Any:
    """The node a name designates in a projection: the node itself, its IRI, acronym or label.

    Case, accents and punctuation are ignored, as in ``mes_graph.actors.resolve_actor``.

    Parameters
    ----------
    G : networkx.Graph
    name : str
        ``"ARDES"``, ``"ripess europe"``, an IRI (``str`` or ``URIRef``).

    Returns
    -------
    The node.

    Raises
    ------
    UnknownActor
        No node or several carry that name; the message lists the candidates.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> find_actor(G, "ripess europe").rsplit("/")[-1]
    'ripess'
    >>> find_actor(G, "Ripes Europe")
    Traceback (most recent call last):
    ...
    mes_graph.actors.UnknownActor: no actor named « Ripes Europe »; did you mean RIPESS Europe?
    """
    if name in G:
        return name
    if isinstance(name, str) and str(name) in G:
        return str(name)
    index: dict[str, set[Any]] = defaultdict(set)
    for node, data in G.nodes(data=True):
        for key in (str(node), local_name(str(node)), data.get("label"), data.get("name")):
            if key:
                index[fold(str(key))].add(node)
    return match_name(index, str(name), lambda node: G.nodes[node].get("label") or str(node))


def path_step(G: nx.Graph, u: Any, v: Any) -> dict[str, Any]:
    """One step of a path: every link between two actors, either way.

    Parameters
    ----------
    G : networkx.Graph
        A projection.
    u, v : node
        The actors the step goes from and to.

    Returns
    -------
    dict
        ``from``, ``to``, and ``links``: the attributes of each link, with ``forward``
        telling whether it runs from ``u`` to ``v``; forward links first.

    Examples
    --------
    >>> step = path_step(nx.MultiDiGraph([("a", "b", {"relation": "membership"})]), "b", "a")
    >>> [(link["relation"], link["forward"]) for link in step["links"]]
    [('membership', False)]
    """
    links = []
    for source, target, forward in ((u, v, True), (v, u, False)):
        if G.is_multigraph() and G.has_edge(source, target):
            found = G[source][target].values()
        elif G.has_edge(source, target):
            found = [G[source][target]]
        else:
            found = []
        for data in found:
            links.append({**data, "forward": forward or not G.is_directed()})
    links.sort(key=lambda d: (not d["forward"], str(d.get("relation")), str(d.get("role"))))
    return {"from": u, "to": v, "links": links}


def shortest_paths(G: nx.Graph, a: Any, b: Any) -> list[list[dict[str, Any]]]:
    """Every shortest path between two actors, with the links at each step.

    Paths run over the ties (hops, either direction); each step lists every link between
    its two actors, with ``forward`` telling whether it runs from ``from`` to ``to``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    a, b : str
        Actors: nodes, IRIs, acronyms or labels.

    Returns
    -------
    list of list of dict
        Each path a list of steps ``{"from", "to", "links"}``; sorted by the IRIs they go
        through; empty when no path joins them.

    Raises
    ------
    UnknownActor
        A name designates no actor.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, format_path, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> for path in shortest_paths(G, "ARDES", "RIPESS Europe"):
    ...     print(format_path(G, path))
    ARDES -member of-> MES -member of (founding member), founder of-> RIPESS Europe
    """
    start, end = find_actor(G, a), find_actor(G, b)
    T = ties(G)
    if start == end:
        return [[]]
    try:
        found = list(nx.all_shortest_paths(T, start, end))
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda path: [str(n) for n in path])
    return [[path_step(G, u, v) for u, v in pairwise(path)] for path in found]


def induced(G: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """A copy of the subgraph on some nodes, in their order, edges in ``G``'s order.

    ``G.subgraph(nodes).copy()`` iterates a set of the nodes when they are fewer than
    ``G``'s, so its order changes from run to run with Python's string hashing; this one
    does not.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> list(induced(G, ["c", "a"]).edges())
    [('c', 'a')]
    """
    nodes = list(dict.fromkeys(n for n in nodes if n in G))
    keep = set(nodes)
    sub = G.__class__()
    sub.graph.update(G.graph)
    sub.add_nodes_from((n, dict(G.nodes[n])) for n in nodes)
    for u in nodes:
        for v, data in G.adj[u].items():
            if v not in keep or (not G.is_directed() and v in sub.adj[u]):
                continue
            if G.is_multigraph():
                sub.add_edges_from((u, v, key, dict(d)) for key, d in data.items())
            else:
                sub.add_edge(u, v, **data)
    return sub


def ego(G: nx.MultiDiGraph, actor: Any, radius: int = 1) -> nx.MultiDiGraph:
    """The ego map of an actor: every actor within ``radius`` ties, and all their links.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    actor : str
        A node, IRI, acronym or label.
    radius : int
        How many ties away.

    Returns
    -------
    networkx.MultiDiGraph
        A new graph (``G`` is untouched); each node has ``distance`` from the actor, the
        graph has ``ego`` and ``radius``.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> E = ego(alliance_network(tiny_alliance()), "Ana")
    >>> sorted((n.rsplit("/")[-1], d) for n, d in E.nodes(data="distance"))
    [('ana', 0), ('lab', 1), ('mes', 1)]
    """
    if radius < 0:
        raise ValueError("radius must be 0 or more")
    center = find_actor(G, actor)
    distances = {center: 0}  # breadth-first, links either way (no undirected view to build)
    layer = [center]
    for step in range(1, radius + 1):
        following = []
        for node in layer:
            around = [*G.succ[node], *G.pred[node]] if G.is_directed() else list(G.adj[node])
            for other in around:
                if other not in distances:
                    distances[other] = step
                    following.append(other)
        layer = following
    sub = induced(G, sorted(distances, key=str))
    nx.set_node_attributes(sub, distances, "distance")
    sub.graph.update(ego=center, radius=radius)
    return sub
