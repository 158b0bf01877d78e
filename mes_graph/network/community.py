"""Groups of actors: Louvain communities, their modularity, co-membership.

Takes a projection (``projection.alliance_network``) or any NetworkX graph; gives the
communities (lists of actors, the same for the same seed), the modularity of a partition,
and the bipartite co-membership projection (actors sharing bodies, or bodies sharing
members).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

import igraph as ig
import networkx as nx

from mes_graph.network.backends import choose_backend, igraph_of
from mes_graph.network.views import ties

__all__ = ["co_membership", "communities", "modularity"]


def communities(
    G: nx.Graph, seed: int = 42, resolution: float = 1.0, backend: str | None = None
) -> list[list[str]]:
    """Communities by Louvain, weighted, with a fixed seed: the same input, the same groups.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
    resolution : float
        Above 1, smaller groups; below 1, larger ones.

    Returns
    -------
    list of list
        Each community sorted, the largest first.

    Examples
    --------
    >>> communities(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)]))
    [[1, 2, 3], [4, 5, 6]]
    """
    T = ties(G)
    if T.number_of_nodes() == 0:
        return []
    if choose_backend(T, backend) == "networkx":
        found = nx.community.louvain_communities(
            T, weight="weight", resolution=resolution, seed=seed
        )
    else:
        g, nodes = igraph_of(T)
        ig.set_random_number_generator(random.Random(seed))
        try:
            parts = g.community_multilevel(weights="weight", resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
        found = [{nodes[i] for i in part} for part in parts]
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def modularity(G: nx.Graph, groups: list[list[str]], resolution: float = 1.0) -> float:
    """The modularity of a partition of the actors (NaN for a network without ties).

    Parameters
    ----------
    G : networkx.Graph
    groups : list of list
        A partition, e.g. from ``communities``.
    resolution : float

    Returns
    -------
    float

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)])
    >>> round(modularity(G, communities(G)), 4)
    0.3571
    """
    T = ties(G)
    if T.number_of_edges() == 0:
        return math.nan
    return nx.community.modularity(T, groups, weight="weight", resolution=resolution)


def co_membership(
    G: nx.MultiDiGraph,
    side: str = "members",
    relations: Iterable[str] = ("membership", "affiliation"),
) -> nx.Graph:
    """The bipartite co-membership projection: actors sharing bodies, or bodies sharing members.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    side : {"members", "bodies"}
        ``members``: two actors are tied by the bodies they both belong to; ``bodies``:
        two bodies by the members they share.
    relations : iterable of str
        The relations that make a member (add ``"participation"`` to count it).

    Returns
    -------
    networkx.Graph
        Ties with ``weight`` (how many are shared) and ``shared`` (their IRIs, sorted).

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> C = co_membership(alliance_network(tiny_alliance()))
    >>> sorted((u.rsplit("/")[-1], v.rsplit("/")[-1], w) for u, v, w in C.edges(data="weight"))
    [('apes', 'ana', 1), ('apes', 'ardes', 1), ('ardes', 'ana', 1)]
    >>> co_membership(alliance_network(tiny_alliance()), "bodies").number_of_edges()
    1
    """
    if side not in ("members", "bodies"):
        raise ValueError(f"side must be 'members' or 'bodies', not {side!r}")
    wanted = set(relations)
    groups: dict[str, set[str]] = defaultdict(set)
    for member, body, data in G.edges(data=True):
        if data.get("relation") in wanted:
            if side == "members":
                groups[body].add(member)
            else:
                groups[member].add(body)
    projection = nx.Graph()
    projection.add_nodes_from(
        (n, G.nodes[n]) for n in sorted({n for g in groups.values() for n in g}, key=str)
    )
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for hub in sorted(groups, key=str):
        for u, v in combinations(sorted(groups[hub], key=str), 2):
            shared[(u, v)].append(hub)
    for (u, v), hubs in sorted(shared.items()):
        projection.add_edge(u, v, weight=len(hubs), shared=hubs)
    return projection
