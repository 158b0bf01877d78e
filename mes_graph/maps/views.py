"""What a view draws: its actors, its focus, the metrics shown, gathered in a ``Scene``.

Takes a projection (``network.alliance_network``) and ``MapOptions``; gives the graph a
view draws before aggregation and its focus (``select_view``: the ego's centre, the
paths), the metrics of every actor (``metric_values``, from the table when given), and
the ``Scene`` the nodes, edges, legend and header are drawn from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from mes_graph import network
from mes_graph.actors import fold
from mes_graph.maps.options import KEY_METRICS, MapOptions
from mes_graph.maps.style import finite, kind_colours, top_value
from mes_graph.maps.words import split_values, words_for

__all__ = [
    "BETWEENNESS_BUDGET",
    "MAX_EDGES",
    "MAX_NODES",
    "Scene",
    "metric_values",
    "select_view",
]

MAX_NODES = 1500
"""Above this many nodes the page shows the aggregated view."""

MAX_EDGES = 10_000
"""Above this many links too; and at most this many links are drawn."""

BETWEENNESS_BUDGET = 1_000_000
"""Nodes plus ties times sources: above it, betweenness is estimated from sampled sources."""


def metric_values(
    G: nx.Graph, names: Iterable[str], seed: int, table: Any = None
) -> tuple[dict[str, dict[Any, Any]], int | None]:
    """The values of some metrics for every actor, and the sample size if estimated.

    Parameters
    ----------
    G : networkx.Graph
        A projection.
    names : iterable of str
        Metrics of ``SIZE_METRICS``.
    seed : int
        Of the betweenness estimate, when ``G`` is too large for the exact one.
    table : pandas.DataFrame or mapping, optional
        ``network.metrics_table(G)``, or metric name → ``{actor: value}``: the metrics it
        holds are read, not computed.

    Returns
    -------
    (dict, int or None)
        Metric → actor → value; how many sources the betweenness was estimated from.

    Examples
    --------
    >>> values, sampled = metric_values(nx.path_graph(3), ["degree"], seed=42)
    >>> values, sampled
    ({'degree': {0: 1, 1: 2, 2: 1}}, None)
    """
    functions = {
        "degree": network.degree,
        "degree_in": network.in_degree,
        "degree_out": network.out_degree,
        "pagerank": network.pagerank,
        "closeness": network.closeness,
        "eigenvector": network.eigenvector,
        "constraint": network.constraint,
        "effective_size": network.effective_size,
        "core_number": network.core_number,
        "clustering": network.clustering,
    }
    T = None
    values: dict[str, dict[Any, Any]] = {}
    sampled = None
    for name in dict.fromkeys(names):
        if isinstance(table, Mapping) and name in table:
            values[name] = table[name]  # already read from the table
            continue
        if table is not None and name in getattr(table, "columns", ()):
            values[name] = dict(zip(table["actor"], table[name], strict=True))
            continue
        if name in ("degree_in", "degree_out", "pagerank"):
            values[name] = functions[name](G)  # on the directed links
            continue
        T = network.ties(G) if T is None else T
        if name == "betweenness":
            size = T.number_of_nodes() + T.number_of_edges()
            k = max(4, BETWEENNESS_BUDGET // max(size, 1))
            if k >= T.number_of_nodes():
                values[name] = network.betweenness(T)
            else:
                sampled = k
                values[name] = nx.betweenness_centrality(T, k=k, normalized=True, seed=seed)
        else:
            values[name] = functions[name](T)
    return values, sampled


def _matching(G: nx.Graph, attribute: str, wanted: Sequence[str]) -> set[Any]:
    """The nodes whose ``attribute`` has one of the values ``wanted`` (case, accents aside)."""
    keys = {fold(w) for w in wanted}
    found: set[Any] = set()
    seen: set[str] = set()
    for node, value in G.nodes(data=attribute):
        parts = split_values(value)
        seen.update(parts)
        if any(fold(p) in keys for p in parts):
            found.add(node)
    unknown = sorted(w for w in wanted if fold(w) not in {fold(s) for s in seen})
    if unknown:
        known = ", ".join(f"« {v} »" for v in sorted(seen, key=fold)) or "none"
        raise ValueError(
            f"no actor has the {attribute.replace('_', ' ')} "
            f"{', '.join(f'« {u} »' for u in unknown)}; "
            f"the values are: {known}"
        )
    return found


def select_view(G: nx.MultiDiGraph, options: MapOptions) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The graph a view draws (before aggregation) and its focus: centre, paths.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection; only read.
    options : MapOptions
        The view, its actors and radius, the filters.

    Returns
    -------
    (networkx.MultiDiGraph, dict)
        The graph (``G`` itself, an ego network, or a subgraph of the actors the filters
        keep), and its focus: ``keep`` (the actors the filters never hide), ``centre``
        (ego), ``start``, ``end``, ``paths``, ``path_nodes`` and ``path_pairs`` (path).

    Raises
    ------
    ValueError
        A filter value no actor has.
    mes_graph.actors.UnknownActor
        An actor no node matches.

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> H, focus = select_view(G, MapOptions(view="ego", actor="Ana"))
    >>> H.number_of_nodes(), focus["centre"].rsplit("/")[-1]
    (3, 'ana')
    """
    view, actor, to = options.view, options.actor, options.to
    focus: dict[str, Any] = {"keep": set(), "path_nodes": set(), "path_pairs": set()}
    H = G
    if view == "ego":
        centre = network.find_actor(G, actor)
        H = network.ego(G, centre, options.radius)
        focus.update(centre=centre, keep={centre})
    elif view == "path":
        start, end = network.find_actor(G, actor), network.find_actor(G, to)
        paths = network.shortest_paths(G, start, end)
        nodes = {start, end}
        for path in paths:
            for step in path:
                nodes.update((step["from"], step["to"]))
                focus["path_pairs"].add(frozenset((step["from"], step["to"])))
        focus.update(start=start, end=end, paths=paths, path_nodes=nodes, keep=set(nodes))
    wanted = {name: values for name, values in options.filters.items() if values}
    if wanted:
        keep = set(H)
        for attribute, values in wanted.items():
            keep &= _matching(G, attribute, values)
        keep |= focus["keep"] & set(H)
        H = H.subgraph([n for n in H if n in keep])
    return H, focus


@dataclass
class Scene:
    """A view ready to draw: its graphs, focus, words, metrics, colours and groups.

    Built by ``Scene.of``; the nodes, edges, legend and header of ``map_data`` are drawn
    from it.

    Attributes
    ----------
    G : networkx.MultiDiGraph
        The whole projection (colours and sizes come from it, the same on every map).
    H : networkx.MultiDiGraph
        What the view draws, before aggregation.
    options : MapOptions
    focus : dict
        From ``select_view``.
    words : dict
        The page's words in the options' language.
    values : dict
        Metric → actor → value, for ``metric_names``: the one sizing the nodes first.
    sampled : int or None
        How many sources the betweenness was estimated from, if it was.
    sizes : mapping
        Actor → the value sizing its node; ``top`` is the largest finite one.
    colours : dict
        Kind → (colour, ring) (``style.kind_colours``).
    community : dict
        Actor → its community's number, in the communities view.
    aggregated : bool
        Whether the view is too large to draw actor by actor.
    """

    G: nx.MultiDiGraph
    H: nx.MultiDiGraph
    options: MapOptions
    focus: dict[str, Any]
    words: Mapping[str, str]
    metric_names: list[str]
    values: dict[str, dict[Any, Any]]
    sampled: int | None
    sizes: Mapping[Any, Any]
    top: float
    colours: dict[str, tuple[str, bool]]
    community: dict[Any, int]
    aggregated: bool

    @property
    def view(self) -> str:
        """The view (``options.view``)."""
        return self.options.view

    @property
    def lang(self) -> str:
        """The language of the words (``options.lang``)."""
        return self.options.lang

    @classmethod
    def of(cls, G: nx.MultiDiGraph, options: MapOptions) -> Scene:
        """The scene of a view: what it draws, the metrics it shows, its colours and groups.

        Parameters
        ----------
        G : networkx.MultiDiGraph
            A projection; only read.
        options : MapOptions

        Returns
        -------
        Scene

        Examples
        --------
        >>> G = network.alliance_network(network.tiny_alliance())
        >>> drawn = Scene.of(G, MapOptions(view="communities"))
        >>> drawn.H.number_of_nodes(), sorted(set(drawn.community.values())), drawn.aggregated
        (6, [1, 2], False)
        """
        H, focus = select_view(G, options)
        size_by = options.size_by
        metric_names = [size_by, *(m for m in KEY_METRICS if m != size_by)]
        values, sampled = metric_values(G, metric_names, options.seed, options.metrics)
        sizes = values[size_by]
        community: dict[Any, int] = {}
        if options.view == "communities":
            groups = network.communities(H, seed=options.seed)
            community = {n: i for i, group in enumerate(groups, 1) for n in group}
        return cls(
            G=G,
            H=H,
            options=options,
            focus=focus,
            words=words_for(options.lang),
            metric_names=metric_names,
            values=values,
            sampled=sampled,
            sizes=sizes,
            top=top_value(G, sizes),
            colours=kind_colours(G),
            community=community,
            aggregated=H.number_of_nodes() > MAX_NODES or H.number_of_edges() > MAX_EDGES,
        )

    def rank(self, node: Any) -> tuple[float, str]:
        """The order actors are drawn and kept in: highest metric first, then by IRI."""
        value = self.sizes.get(node)
        return (-float(value) if finite(value) else math.inf, str(node))
