"""Metrics per actor: degrees, centralities, brokerage, k-cores and clustering.

Takes a projection (``projection.alliance_network``) or any NetworkX graph; gives a
dictionary actor → value for each metric. The metrics run on the ties
(``views.ties``), but for the degrees in and out and PageRank, which follow the direction
of the links. Large networks are computed by python-igraph, and above ``SAMPLE_FROM``
actors betweenness and closeness are estimated (``backends``).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from mes_graph.network.backends import DIGITS, choose_backend, igraph_of, sampled_sources
from mes_graph.network.views import directed_links, is_actor, largest_component, ties

__all__ = [
    "betweenness",
    "brokers",
    "closeness",
    "clustering",
    "constraint",
    "core_number",
    "degree",
    "effective_size",
    "eigenvector",
    "in_degree",
    "out_degree",
    "pagerank",
]


def _links_counted(G: nx.Graph, incoming: bool) -> dict[str, int]:
    """Links each actor receives (``incoming``) or makes; the degree when undirected."""
    nodes = [n for n in G if is_actor(G, n)]
    if not G.is_directed():
        return dict(G.degree(nodes))
    counts = dict.fromkeys(nodes, 0)
    for u, v in G.edges():
        if u in counts and v in counts:
            counts[v if incoming else u] += 1
    return counts


def in_degree(G: nx.Graph) -> dict[str, int]:
    """Links each actor receives (members, affiliates, parts of a body).

    On an undirected graph, the degree.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Actor → number of incoming links.

    Examples
    --------
    >>> from mes_graph.base.terms import ID
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> in_degree(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])]
    3
    """
    return _links_counted(G, incoming=True)


def out_degree(G: nx.Graph) -> dict[str, int]:
    """Links each actor makes (its memberships, affiliations, foundings…).

    On an undirected graph, the degree.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Actor → number of outgoing links.

    Examples
    --------
    >>> from mes_graph.base.terms import ID
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> out_degree(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])]
    2
    """
    return _links_counted(G, incoming=False)


def degree(G: nx.Graph) -> dict[str, int]:
    """The number of distinct partners of each actor.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    return dict(ties(G).degree())


def betweenness(G: nx.Graph, backend: str | None = None, seed: int = 42) -> dict[str, float]:
    """Betweenness centrality: the share of shortest paths between others through an actor.

    Normalised by the number of pairs of other actors; hops are counted, weights ignored.

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        By default NetworkX below ``IGRAPH_FROM`` actors, igraph from there on.
    seed : int
        Draws the sources of the estimate above ``SAMPLE_FROM`` actors.

    Returns
    -------
    dict

    Examples
    --------
    >>> from mes_graph.base.terms import ID
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> round(betweenness(alliance_network(tiny_alliance()))[str(ID["organisation/mes"])], 3)
    0.9
    """
    T = ties(G)
    if choose_backend(T, backend) == "networkx":
        return nx.betweenness_centrality(T, normalized=True)
    g, nodes = igraph_of(T)
    n, sources = len(nodes), sampled_sources(nodes, seed)
    raw = g.betweenness(directed=False, sources=sources)  # each pair once
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if sources is not None:
        scale *= n / len(sources)
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


def brokers(G: nx.Graph, n: int = 5) -> list[tuple[str, float]]:
    """The ``n`` actors of highest betweenness, ties broken by IRI.

    Parameters
    ----------
    G : networkx.Graph
    n : int

    Returns
    -------
    list of (actor, betweenness)

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> [(a.rsplit("/")[-1], round(b, 2)) for a, b in brokers(alliance_network(tiny_alliance()), 2)]
    [('mes', 0.9), ('ana', 0.4)]
    """
    scores = betweenness(G)
    return sorted(scores.items(), key=lambda item: (-round(item[1], DIGITS), str(item[0])))[:n]


def pagerank(G: nx.Graph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank: prestige flowing along the links, from members to the bodies they join.

    On a projection, the directed links weighted by their number; on an undirected graph,
    both ways.

    Parameters
    ----------
    G : networkx.Graph
    alpha : float
        Damping factor.

    Returns
    -------
    dict
        Sums to 1. A node without outgoing links spreads its rank evenly.

    Examples
    --------
    >>> {n: round(v, 4) for n, v in pagerank(nx.DiGraph([("a", "b")])).items()}
    {'a': 0.3509, 'b': 0.6491}
    """
    return nx.pagerank(directed_links(G), alpha=alpha, weight="weight", max_iter=1000, tol=1e-10)


def closeness(G: nx.Graph, backend: str | None = None, seed: int = 42) -> dict[str, float]:
    """Closeness centrality in hops, scaled by the share of actors reachable (Wasserman–Faust).

    Parameters
    ----------
    G : networkx.Graph
    backend : {"networkx", "igraph"}, optional
        As for ``betweenness``.
    seed : int
        Draws the sources of the estimate above ``SAMPLE_FROM`` actors: each actor's mean
        distance is then its mean distance to the sampled actors of its component.

    Returns
    -------
    dict

    Examples
    --------
    >>> closeness(nx.star_graph(3))
    {0: 1.0, 1: 0.6, 2: 0.6, 3: 0.6}
    """
    T = ties(G)
    if choose_backend(T, backend) == "networkx":
        return nx.closeness_centrality(T, wf_improved=True)
    g, nodes = igraph_of(T)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    component = np.array(g.connected_components().membership)
    reach = np.bincount(component)[component]  # the size of each actor's component
    sources = sampled_sources(nodes, seed)
    if sources is None:
        inner = np.nan_to_num(np.array(g.closeness(), dtype=float))  # (r - 1) / sum
    else:
        far = np.array(g.distances(source=sources), dtype=float)  # sources x actors
        same = (component[sources][:, None] == component[None, :]) & (far > 0)
        counted = same.sum(axis=0)
        total = np.where(same, far, 0.0).sum(axis=0)
        inner = np.divide(1.0, total / counted, out=np.zeros(n), where=counted > 0)
        small = np.flatnonzero(counted == 0)  # components no source fell in: exactly
        if small.size:
            exact = np.nan_to_num(np.array(g.closeness(vertices=small), dtype=float))
            inner[small] = exact
    values = inner * (reach - 1) / (n - 1)
    return {node: float(v) for node, v in zip(nodes, values, strict=True)}


def eigenvector(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Eigenvector centrality, weighted, where it is defined; NaN elsewhere.

    It is defined within the largest component (of two actors or more): on a disconnected
    graph the other components get NaN, and so does every actor if the power iteration does
    not converge.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Unit Euclidean norm over the largest component.

    Examples
    --------
    >>> {n: round(v, 4) for n, v in eigenvector(nx.star_graph(3)).items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    >>> eigenvector(nx.Graph([(1, 2), (3, 4), (4, 5)]))[1]
    nan
    """
    T = ties(G)
    values = dict.fromkeys(T, math.nan)
    core = largest_component(T)
    if len(core) < 2:
        return values
    if choose_backend(T, backend) == "igraph":
        g, nodes = igraph_of(T)  # the largest component cut from the copy of the whole
        inside = [i for i, node in enumerate(nodes) if node in core]
        g = g.induced_subgraph(inside, implementation="create_from_scratch")
        found = np.array(g.eigenvector_centrality(weights="weight", scale=False))
        values.update(zip((nodes[i] for i in inside), found / np.linalg.norm(found), strict=True))
        return values
    try:
        found = nx.eigenvector_centrality(
            T.subgraph(core), max_iter=1000, tol=1e-9, weight="weight"
        )
    except nx.PowerIterationFailedConvergence:
        return values
    values.update(found)
    return values


def constraint(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Burt's constraint: how much an actor's ties lead to each other (low = a broker).

    Weighted by the number of links; NaN for an actor without ties.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> {n: round(v, 4) for n, v in constraint(nx.star_graph(3)).items()}
    {0: 0.3333, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    T = ties(G)
    if choose_backend(T, backend) == "networkx":
        return nx.constraint(T, weight="weight")
    g, nodes = igraph_of(T)
    values = g.constraint(weights="weight")
    degrees = g.degree()
    return {n: (values[i] if degrees[i] else math.nan) for i, n in enumerate(nodes)}


def effective_size(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """Burt's effective size: the partners of an actor that are not redundant with each other.

    Weighted by the number of links; NaN for an actor without ties.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> effective_size(nx.star_graph(3))
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    T = ties(G)
    if choose_backend(T, backend) == "networkx":
        return nx.effective_size(T, weight="weight")
    g, nodes = igraph_of(T)  # Borgatti's form for unweighted ties: n - 2t/n = n - c(n - 1)
    local = g.transitivity_local_undirected(mode="zero")
    return {
        node: (g.degree(i) - local[i] * (g.degree(i) - 1)) if g.degree(i) else math.nan
        for i, node in enumerate(nodes)
    }


def core_number(G: nx.Graph) -> dict[str, int]:
    """The k-core of each actor: the largest k such that it sits in a k-core.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> core_number(nx.path_graph(3))
    {0: 1, 1: 1, 2: 1}
    """
    return nx.core_number(ties(G))


def clustering(G: nx.Graph, backend: str | None = None) -> dict[str, float]:
    """The clustering coefficient: how many of an actor's partners are partners themselves.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict

    Examples
    --------
    >>> clustering(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))[3]
    0.3333333333333333
    """
    T = ties(G)
    if choose_backend(T, backend) == "networkx":
        return nx.clustering(T)
    g, nodes = igraph_of(T)
    return dict(zip(nodes, g.transitivity_local_undirected(mode="zero"), strict=True))
