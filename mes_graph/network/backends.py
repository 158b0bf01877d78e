"""Which library computes the metrics, when estimates stand for exact values, and precision.

Takes a ties view (``views.ties``); gives the library to compute with (NetworkX below
``IGRAPH_FROM`` actors, python-igraph from there on), the igraph copy of the view, the
source actors of the sampled estimates above ``SAMPLE_FROM`` actors, and what the output
says of them (``approximations``). ``DIGITS`` is the precision of every table and graph
written.

The thresholds are read here only: to try another one, set it on this module
(``mes_graph.network.backends.SAMPLE_FROM = 100``).
"""

from __future__ import annotations

import random
import weakref

import igraph as ig
import networkx as nx

from mes_graph.network.views import ties

__all__ = [
    "DIGITS",
    "IGRAPH_FROM",
    "SAMPLE_FROM",
    "SAMPLE_SIZE",
    "SWEEPS",
    "approximations",
    "choose_backend",
    "estimated",
    "igraph_of",
    "sample_size",
    "sampled_sources",
]

DIGITS = 6
"""Decimals kept in tables and RDF, so that outputs are byte-identical from run to run."""

IGRAPH_FROM = 2_000
"""From this many actors on, python-igraph computes the metrics NetworkX is slow at
(betweenness, closeness, constraint, effective size, clustering, communities); below, NetworkX
does, and stays the reference the tests compare igraph with."""

SAMPLE_FROM = 10_000
"""From this many actors on, betweenness and closeness are estimated from ``SAMPLE_SIZE``
source actors drawn with the seed, and the output says so."""

SAMPLE_SIZE = 256
"""How many source actors the estimates of betweenness and closeness start from."""

SWEEPS = 4
"""Above ``SAMPLE_FROM`` actors, the diameter is the longest of this many double sweeps."""

_IGRAPHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def choose_backend(T: nx.Graph, backend: str | None) -> str:
    """The library that computes a metric of a ties view: the one asked for, else by size.

    Parameters
    ----------
    T : networkx.Graph
        A ties view (``views.ties``).
    backend : {"networkx", "igraph"}, optional
        The library asked for; ``None`` for NetworkX below ``IGRAPH_FROM`` actors, igraph
        from there on.

    Returns
    -------
    str
        ``"networkx"`` or ``"igraph"``.

    Examples
    --------
    >>> choose_backend(nx.path_graph(3), None), choose_backend(nx.path_graph(3), "igraph")
    ('networkx', 'igraph')
    """
    if backend not in (None, "networkx", "igraph"):
        raise ValueError(f"unknown backend {backend!r}: networkx or igraph")
    return backend or ("igraph" if T.number_of_nodes() >= IGRAPH_FROM else "networkx")


def igraph_of(T: nx.Graph) -> tuple[ig.Graph, list]:
    """The igraph copy of a ties view, built once per view (while it keeps its size).

    Parameters
    ----------
    T : networkx.Graph
        A ties view (``views.ties``); each tie's ``weight`` (default 1) is copied.

    Returns
    -------
    (igraph.Graph, list)
        The copy, and the nodes of ``T``: vertex ``i`` is ``nodes[i]``.

    Examples
    --------
    >>> g, nodes = igraph_of(nx.path_graph(["a", "b", "c"]))
    >>> g.ecount(), nodes
    (2, ['a', 'b', 'c'])
    """
    cached = _IGRAPHS.get(T)  # a frozen view cannot change; counting edges walks them all
    if cached and (nx.is_frozen(T) or cached[0] == (T.number_of_nodes(), T.number_of_edges())):
        return cached[1], cached[2]
    nodes = list(T)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in T.edges()])
    g.es["weight"] = [d.get("weight", 1) for *_, d in T.edges(data=True)]
    _IGRAPHS[T] = ((T.number_of_nodes(), T.number_of_edges()), g, nodes)
    return g, nodes


def estimated(actors: int) -> bool:
    """Whether a network (or component) of that many actors gets estimates, not exact values.

    Examples
    --------
    >>> estimated(100), estimated(SAMPLE_FROM)
    (False, True)
    """
    return actors >= SAMPLE_FROM


def sampled_sources(nodes: list, seed: int) -> list[int] | None:
    """The indexes of the source actors of the estimates, drawn with the seed.

    Parameters
    ----------
    nodes : list
        The nodes of a ties view, in the order of its igraph copy (``igraph_of``).
    seed : int

    Returns
    -------
    list of int or None
        ``SAMPLE_SIZE`` indexes, sorted; ``None`` when the network is small enough for
        exact values.

    Examples
    --------
    >>> sampled_sources(list(range(10)), seed=42) is None
    True
    """
    if not estimated(len(nodes)):
        return None
    return sorted(random.Random(seed).sample(range(len(nodes)), SAMPLE_SIZE))


def sample_size(G: nx.Graph) -> int | None:
    """How many source actors the estimates of a network start from; ``None`` when exact.

    Examples
    --------
    >>> sample_size(nx.path_graph(3)) is None
    True
    """
    return SAMPLE_SIZE if estimated(ties(G).number_of_nodes()) else None


def approximations(G: nx.Graph, seed: int = 42) -> dict[str, str]:
    """Which metrics are estimated rather than computed exactly, and how.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
        The seed the sources are drawn with.

    Returns
    -------
    dict
        Metric → how it is estimated; empty below ``SAMPLE_FROM`` actors.

    Examples
    --------
    >>> approximations(nx.path_graph(3))
    {}
    """
    n = ties(G).number_of_nodes()
    if not estimated(n):
        return {}
    how = f"estimated from {SAMPLE_SIZE} source actors of {n} drawn with seed {seed}"
    sweep = f"a lower bound from {SWEEPS} double sweeps (breadth-first) of the largest component"
    return {"betweenness": how, "closeness": how, "diameter": sweep}
