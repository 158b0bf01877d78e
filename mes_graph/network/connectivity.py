"""Weak points of the network: articulation points, bridges, and what their loss separates.

Takes a projection (``projection.alliance_network``) or any NetworkX graph; gives the
actors whose loss disconnects others (``cut_points``), the ties whose loss does
(``bridges``), the parts an actor's component falls into without it (``separated_by``),
and the same for every articulation point at once (``separations``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, NamedTuple

import networkx as nx

from mes_graph.network.backends import choose_backend, igraph_of
from mes_graph.network.paths import find_actor
from mes_graph.network.views import ties

__all__ = ["Separation", "bridges", "cut_points", "separated_by", "separations"]


def cut_points(G: nx.Graph) -> list[str]:
    """The articulation points: actors whose loss disconnects others, sorted.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    list

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> [a.rsplit("/")[-1] for a in cut_points(alliance_network(tiny_alliance()))]
    ['mes', 'ana']
    """
    return sorted(nx.articulation_points(ties(G)), key=str)


def bridges(G: nx.Graph) -> list[tuple[str, str]]:
    """The ties whose loss disconnects the network, each pair in order, sorted.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> bridges(nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4)]))
    [(3, 4)]
    """
    T = ties(G)
    if choose_backend(T, None) == "igraph":  # the same ties, found without a Python walk
        g, nodes = igraph_of(T)
        found = ((nodes[e.source], nodes[e.target]) for e in g.es[g.bridges()])
    else:
        found = nx.bridges(T)
    pairs = (tuple(sorted(pair, key=str)) for pair in found)
    return sorted(pairs, key=lambda pair: tuple(map(str, pair)))


def separated_by(G: nx.Graph, actor: str) -> list[list[str]]:
    """The parts an actor's component falls into without it: whose loss disconnects whom.

    Parameters
    ----------
    G : networkx.Graph
    actor : str
        A node, or an actor's IRI, acronym or label.

    Returns
    -------
    list of list
        Each part sorted, the largest first.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> parts = separated_by(alliance_network(tiny_alliance()), "MES")
    >>> [[a.rsplit("/")[-1] for a in part] for part in parts]
    [['lab', 'ana'], ['apes'], ['ardes'], ['ripess']]
    """
    T = ties(G)
    node = find_actor(G, actor)
    component = nx.node_connected_component(T, node) - {node}
    parts = nx.connected_components(T.subgraph(component))
    return sorted((sorted(p, key=str) for p in parts), key=lambda p: (-len(p), str(p[0])))


class Separation(NamedTuple):
    """What an articulation point's loss does: its component falls into ``parts`` parts,
    the largest of ``largest`` actors; ``cut_off`` are the actors of the others, part by
    part (as ``separated_by`` orders them), each part sorted."""

    parts: int
    largest: int
    cut_off: list[str]


def separations(G: nx.Graph) -> dict[str, Separation]:
    """What the loss of each articulation point does, for every one at once.

    The same parts as ``separated_by``, from one block-cut tree of the network (rooted at
    its centroid, so that the largest part is mostly the rest of the network) instead of
    one search of the component per articulation point.

    Parameters
    ----------
    G : networkx.Graph

    Returns
    -------
    dict
        Articulation point to ``Separation``.

    Examples
    --------
    >>> from mes_graph.base.terms import ID
    >>> from mes_graph.network import alliance_network, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> mes = separations(G)[str(ID["organisation/mes"])]
    >>> mes.parts, mes.largest, [a.rsplit("/")[-1] for a in mes.cut_off]
    (4, 2, ['apes', 'ardes', 'ripess'])
    >>> separations(nx.path_graph(["a", "b", "c", "d"]))["b"]
    Separation(parts=2, largest=2, cut_off=['a'])
    """
    T = ties(G)
    cuts = set(nx.articulation_points(T))
    if not cuts:
        return {}
    blocks: list[list[Any]] = []
    tree: dict[Any, list[Any]] = defaultdict(list)  # the block-cut tree
    weight: dict[Any, int] = {}
    for number, block in enumerate(nx.biconnected_components(T)):
        own = sorted((n for n in block if n not in cuts), key=str)
        blocks.append(own)
        weight[("block", number)] = len(own)
        for cut in sorted((n for n in block if n in cuts), key=str):
            tree[("block", number)].append(("cut", cut))
            tree[("cut", cut)].append(("block", number))
    for cut in cuts:
        weight[("cut", cut)] = 1

    def vertices(x: Any) -> list[Any]:
        return [x[1]] if x[0] == "cut" else blocks[x[1]]

    found: dict[str, Separation] = {}
    seen: set[Any] = set()
    for first in sorted(tree, key=str):
        if first in seen:
            continue
        order, parent, below = _preorder(tree, weight, _centroid(tree, weight, first))
        seen.update(order)
        start, line = {}, []  # the vertices in preorder: a subtree is a slice
        for x in order:
            start[x] = len(line)
            line.extend(vertices(x))
        keys = [str(n) for n in line]
        total = len(line)
        for x in order:
            if x[0] != "cut":
                continue
            parts = [  # (size, first actor, actors) of each part but the rest
                (
                    below[y],
                    min(keys[start[y] : start[y] + below[y]]),
                    line[start[y] : start[y] + below[y]],
                )
                for y in tree[x]
                if parent.get(y) == x
            ]
            a, b = start[x], start[x] + below[x]
            rest = total - below[x] if parent[x] is not None else 0
            biggest = max(size for size, _, _ in parts)
            if rest and rest <= biggest:  # the rest may not be the largest: list it too
                others = line[:a] + line[b:]
                parts.append((rest, min(map(str, others)), others))
            elif rest:  # the rest is the largest: never listed
                parts.append((rest, "", []))
            parts.sort(key=lambda part: (-part[0], part[1]) if part[2] else (-part[0], ""))
            cut_off = [n for _, _, part in parts[1:] for n in sorted(part, key=str)]
            found[x[1]] = Separation(len(parts), parts[0][0], cut_off)
    return found


def _preorder(
    tree: Mapping[Any, list[Any]], weight: Mapping[Any, int], root: Any
) -> tuple[list[Any], dict[Any, Any], dict[Any, int]]:
    """A tree's nodes in preorder from ``root``, each one's parent, and the weight of each
    subtree (the actors below it)."""
    order, parent = [], {root: None}
    stack = [root]
    while stack:
        x = stack.pop()
        order.append(x)
        for y in reversed(tree[x]):
            if y not in parent:
                parent[y] = x
                stack.append(y)
    below = dict.fromkeys(order, 0)
    for x in reversed(order):
        below[x] += weight[x]
        if parent[x] is not None:
            below[parent[x]] += below[x]
    return order, parent, below


def _centroid(tree: Mapping[Any, list[Any]], weight: Mapping[Any, int], first: Any) -> Any:
    """The node of a weighted tree whose removal leaves no part above half the weight."""
    order, parent, below = _preorder(tree, weight, first)
    total = below[first]
    best, best_size = first, math.inf
    for x in order:
        parts = [below[y] for y in tree[x] if parent.get(y) == x]
        parts.append(total - below[x])
        if max(parts) < best_size:
            best, best_size = x, max(parts)
    return best
