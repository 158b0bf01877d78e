"""The map of a view as plain data: nodes, edges, filters, legend and header.

Takes a projection (``network.alliance_network``) and ``MapOptions``; gives
``map_data``, what the page embeds as JSON and the images draw: every actor as a
vis-network node (with its tooltip, filter values and search keys), every link as an
edge, and above ``MAX_NODES`` nodes the aggregated view (the ``TOP_ACTORS`` actors of
highest metric, every other actor counted in a group, by each of ``groupings``, the
groups made of shared leaves of actors); positions (``layout``, and ``ring`` for the
groups) when the map is too large for the browser's physics; the actors with
coordinates, for the map of France.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from mes_graph import network
from mes_graph.actors import fold
from mes_graph.maps.header import map_filters, map_header, map_legend
from mes_graph.maps.options import FILTERS, MapOptions, map_options
from mes_graph.maps.style import (
    BORDER,
    EDGE_COLOUR,
    FADED,
    GREY,
    GROUP_EDGE,
    HIGHLIGHT,
    PALETTE,
    RELATION_STYLES,
    RING,
    SHAPES,
    node_size,
)
from mes_graph.maps.views import MAX_EDGES, MAX_NODES, Scene
from mes_graph.maps.words import (
    JS_STRINGS,
    LINK_PHRASES,
    METRIC_HINTS,
    METRIC_NAMES,
    capitalised,
    format_count,
    format_number,
    split_values,
)

__all__ = [
    "OPEN_MAX",
    "PHYSICS_MAX",
    "POINTS_MAX",
    "TOP_ACTORS",
    "groupings",
    "layout",
    "map_data",
    "ring",
    "timeline",
]

PHYSICS_MAX = 300
"""Up to this many nodes the browser lays the map out; above, NetworkX does."""

TOP_ACTORS = 200
"""Actors drawn one by one in the aggregated view: the highest by the metric."""

POINTS_MAX = 20_000
"""At most this many actors with coordinates are drawn as points on the map of France."""

OPEN_MAX = 5_000
"""A group of at most this many actors opens into them; a larger one into smaller groups
(by kind, région or sector, else parts of this size): an opening never draws more."""


def _tip(title: str, rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {"title": title, "rows": [[k, str(v)] for k, v in rows if v not in (None, "")]}


def _dates(data: Mapping[str, Any], words: Mapping[str, str]) -> list[str]:
    parts = []
    if data.get("since"):
        parts.append(f"{words['since'].lower()} {data['since']}")
    if data.get("until"):
        parts.append(f"{words['until'].lower()} {data['until']}")
    return parts


def _fill(scene: Scene, node: Any) -> tuple[str, bool]:
    """An actor's colour and ring: its community's, or its (first) kind's."""
    data = scene.H.nodes[node]
    if data.get("type") == "concept":
        return GREY, False
    if scene.view == "communities":
        number = scene.community.get(node, 0)
        return (PALETTE[number - 1] if 0 < number <= len(PALETTE) else GREY), False
    kinds = split_values(data.get("kind"))
    return scene.colours.get(kinds[0], (GREY, False)) if kinds else (GREY, False)


def _name(H: nx.MultiDiGraph, node: Any) -> str:
    return str(H.nodes[node].get("name") or H.nodes[node].get("label") or node)


def _aggregate(scene: Scene) -> tuple[list[Any], list[Any]]:
    """The actors drawn one by one and those counted in groups, both best first."""
    H = scene.H
    ordered = sorted(H, key=scene.rank)
    if not scene.aggregated:
        return ordered, []
    keep = set(scene.focus["keep"])
    budget = max(0, TOP_ACTORS - len(keep))
    actors = [n for n in ordered if H.nodes[n].get("type") != "concept"]
    shown = keep | set(actors[:budget])
    return [n for n in ordered if n in shown], [n for n in ordered if n not in shown]


def _actor_node(scene: Scene, node: Any) -> dict[str, Any]:
    """One actor as a vis-network node, with its tooltip, filter values and search keys."""
    words, lang, focus = scene.words, scene.lang, scene.focus
    data = scene.H.nodes[node]
    kind = data.get("type") or "organisation"
    fill, ring = _fill(scene, node)
    label = str(data.get("label") or node)
    name = str(data.get("name") or label)
    rows: list[tuple[str, Any]] = []
    if name != label:
        rows.append((words["acronym"], name))
    for attribute in ("kind", "region", "sector", "legal_form"):
        rows.append((words[attribute], data.get(attribute)))
    if node in scene.community:
        rows.append((words["community"].format(n="").strip(), scene.community[node]))
    if data.get("distance") is not None:
        rows.append((words["distance"], data["distance"]))
    if kind != "concept":
        for metric in scene.metric_names:
            value = scene.values[metric].get(node)
            rows.append((capitalised(METRIC_NAMES[lang][metric]), format_number(value, lang)))
    rows += [
        (words["homepage"], data.get("homepage")),
        (words["sources"], data.get("source")),
        (words["iri"], str(node)),
    ]
    entry: dict[str, Any] = {
        "id": str(node),
        "label": name,
        "shape": SHAPES.get(kind, "dot"),
        "size": 10.0 if kind == "concept" else node_size(scene.sizes.get(node), scene.top),
        "fill": fill,
        "border": RING if ring else BORDER,
        "bw": 3.5 if ring else 1.0,
        "tip": _tip(label, rows),
        "f": {a: split_values(data.get(a)) or [words["none"]] for a in FILTERS},
        "keys": sorted({fold(label), fold(name)}),
    }
    if data.get("departement"):  # the map of France's départements
        entry["f"]["departement"] = split_values(data["departement"])
    if data.get("founded") or data.get("dissolved"):
        entry["life"] = [data.get("founded"), data.get("dissolved")]
    homepage = str(data.get("homepage") or "")
    if re.match(r"^https?://[^\s\"'<>]+$", homepage):
        entry["homepage"] = homepage
    if node == focus.get("centre") or node in focus["path_nodes"]:
        entry.update(border=HIGHLIGHT, bw=5.0)
    elif focus.get("paths"):
        entry["faded"] = True
    return entry


DIMENSIONS = ("kind", "region", "sector", "community")
"""What a group too large to open splits by, in this order: the first not set yet that
tells its actors apart."""


@dataclass
class _Leaf:
    """Grouped actors with the same value of every dimension, at most ``OPEN_MAX``."""

    key: dict[str, str]
    nodes: list[Any]
    regions: Counter[str]
    departements: Counter[str]


def groupings(scene: Scene) -> tuple[str, ...]:
    """The dimensions the page can group an aggregated view by, the view's own first.

    Examples
    --------
    >>> from mes_graph.maps.options import MapOptions
    >>> from mes_graph.maps.synthetic import synthetic_network
    >>> groupings(Scene.of(synthetic_network(2000), MapOptions()))
    ('kind', 'region')
    """
    if not scene.aggregated:
        return ()
    return ("community", "kind", "region") if scene.view == "communities" else ("kind", "region")


def _value(scene: Scene, node: Any, dimension: str) -> str:
    """An actor's value of a dimension: its community, or its first kind, région or sector."""
    if dimension == "community":
        return scene.words["community"].format(n=scene.community.get(node, 0))
    values = split_values(scene.H.nodes[node].get(dimension))
    return values[0] if values else scene.words["none"]


def _leaves(scene: Scene, grouped: Iterable[Any], dimensions: Sequence[str]) -> list[_Leaf]:
    """The grouped actors cut into leaves: the same value of every dimension, at most
    ``OPEN_MAX`` actors each, best first. Every group of every grouping is a union of
    leaves, so the page holds each actor once however it groups them."""
    last: dict[tuple[str, ...], _Leaf] = {}
    leaves: list[_Leaf] = []
    for node in grouped:
        key = tuple(_value(scene, node, d) for d in dimensions)
        leaf = last.get(key)
        if leaf is None or len(leaf.nodes) == OPEN_MAX:
            leaf = _Leaf(dict(zip(dimensions, key, strict=True)), [], Counter(), Counter())
            last[key] = leaf
            leaves.append(leaf)
        leaf.nodes.append(node)
        data = scene.H.nodes[node]
        leaf.regions.update(split_values(data.get("region")))
        if data.get("departement"):
            leaf.departements.update(split_values(data["departement"]))
    return leaves


def _count(leaves: Sequence[_Leaf], members: Iterable[int]) -> int:
    return sum(len(leaves[i].nodes) for i in members)


def _split(
    scene: Scene, leaves: Sequence[_Leaf], members: list[int], within: tuple[str, ...]
) -> tuple[list[tuple[str, str | None, list[int]]], tuple[str, ...]]:
    """The smaller groups a group too large to open splits into, as (key, dimension,
    leaves), and the dimensions set before theirs: by the first of ``DIMENSIONS`` not set
    that tells its actors apart, else its leaves, parts of at most ``OPEN_MAX`` actors."""
    for dimension in (d for d in DIMENSIONS if d not in within and d in leaves[members[0]].key):
        split: dict[str, list[int]] = defaultdict(list)
        for i in members:
            split[leaves[i].key[dimension]].append(i)
        if len(split) > 1:
            size = {k: _count(leaves, v) for k, v in split.items()}
            order = sorted(split, key=lambda k: (-size[k], fold(k), k))
            return [(k, dimension, split[k]) for k in order], within
        within = (*within, dimension)
    label = scene.words["group_part"].format
    return [(label(i=n + 1, n=len(members)), None, [i]) for n, i in enumerate(members)], within


def _group_node(
    scene: Scene,
    leaves: Sequence[_Leaf],
    key: str,
    gid: str,
    members: list[int],
    dimension: str | None = None,
    within: tuple[str, ...] = (),
    parent: Mapping[str, Any] | None = None,
    path: str = "",
) -> dict[str, Any]:
    """A group of actors as one hexagon: its size, main actors and kinds, colour, filter
    values, and what the page opens it into: its ``leaves`` (numbers in ``map_data``'s
    ``leaves``) when it counts at most ``OPEN_MAX`` actors, else its ``parts``, smaller
    groups (``_split``). ``dimension`` is what its actors share (None: a part or the
    other groups), ``within`` what they shared before, ``parent`` the group it is part of
    and ``path`` that group's title."""
    words, lang = scene.words, scene.lang
    count = _count(leaves, members)
    top = heapq.nsmallest(10, (n for i in members for n in leaves[i].nodes[:10]), key=scene.rank)
    style: dict[str, Any] = {"fill": GREY, "border": BORDER, "bw": 1.0}
    if dimension == "kind" and key in scene.colours and scene.view != "communities":
        fill, ring = scene.colours[key]
        style = {"fill": fill, "border": RING if ring else BORDER, "bw": 3.5 if ring else 1.0}
    elif dimension == "community":
        style["fill"] = _fill(scene, leaves[members[0]].nodes[0])[0]
    elif parent is not None:  # a région or sector of a kind: the kind's colour
        style = {k: parent[k] for k in style}
    shared = (*within, dimension) if dimension else within
    f = {**(parent["f"] if parent else {}), **({dimension: [key]} if dimension in FILTERS else {})}
    rows = [(words["actors"], format_count(count, lang))]
    if "kind" not in shared:
        kinds: Counter[str] = Counter()
        for i in members:
            kinds[leaves[i].key["kind"]] += len(leaves[i].nodes)
        del kinds[words["none"]]
        rows.append((words["main_kinds"], ", ".join(f"{k} ({c})" for k, c in kinds.most_common(3))))
    names = [_name(scene.H, n) for n in top]
    rows.append((words["top_members"], ", ".join(names) + (", …" if count > 10 else "")))
    title = f"{path} · {key}" if path else key
    entry = {
        "id": gid,
        "label": f"{key}\n{format_count(count, lang)}",
        "shape": SHAPES["group"],
        "size": round(18 + 8 * math.log10(count + 1), 1),
        **style,
        "tip": _tip(f"{title} ({format_count(count, lang)})", rows),
        "f": {"kind": [], **f},
        "keys": [fold(key)],
        "group": True,
        "count": count,
    }
    if parent is None:  # the map of France counts the actors of each région, drawn or grouped
        regions: Counter[str] = Counter()
        departements: Counter[str] = Counter()
        for i in members:
            regions.update(leaves[i].regions)
            departements.update(leaves[i].departements)
        entry["regions"] = dict(sorted(regions.items()))
        if departements:
            entry["departements"] = dict(sorted(departements.items()))
    if count <= OPEN_MAX:
        entry["leaves"] = members
    else:
        parts, before = _split(scene, leaves, members, shared)
        entry["parts"] = [
            _group_node(scene, leaves, k, f"{gid}.{i}", sub, d, before, entry, title)
            for i, (k, d, sub) in enumerate(parts)
        ]
    return entry


def _groups(
    scene: Scene, leaves: Sequence[_Leaf], dimension: str, room: int
) -> list[tuple[dict[str, Any], list[int]]]:
    """The groups of a grouping, with their leaves: one per value of its dimension, largest
    first, those beyond ``room`` merged into one (``other_groups``)."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, leaf in enumerate(leaves):
        by[leaf.key[dimension]].append(i)
    size = {k: _count(leaves, v) for k, v in by.items()}
    order = sorted(by, key=lambda k: (-size[k], fold(k), k))
    tops: list[tuple[str, str | None, list[int]]] = [(k, dimension, by[k]) for k in order]
    if len(order) > room:
        rest = sorted(i for k in order[room - 1 :] for i in by[k])
        tops = [*tops[: room - 1], (scene.words["other_groups"], None, rest)]
    return [
        (_group_node(scene, leaves, k, f"group:{dimension}:{n}", members, d), members)
        for n, (k, d, members) in enumerate(tops)
    ]


def _points(
    scene: Scene, shown: Iterable[Any], leaves: Sequence[_Leaf]
) -> tuple[list[list[Any]], int]:
    """The actors with coordinates as points of the map of France, and how many they are:
    ``[latitude, longitude, IRI, name, leaf]`` (-1 for an actor drawn), the drawn first,
    then the grouped, at most ``POINTS_MAX``."""
    H, found, total = scene.H, [], 0
    grouped = ((n, i) for i, leaf in enumerate(leaves) for n in leaf.nodes)
    for node, leaf in itertools.chain(((n, -1) for n in shown), grouped):
        lat, lon = H.nodes[node].get("latitude"), H.nodes[node].get("longitude")
        if lat is None or lon is None:
            continue
        total += 1
        if len(found) < POINTS_MAX:
            found.append([round(lat, 5), round(lon, 5), str(node), _name(H, node), leaf])
    return found, total


def _links(scene: Scene, shown: set[Any], titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """The links between drawn actors, one by one."""
    words, lang, focus = scene.words, scene.lang, scene.focus
    edges: list[dict[str, Any]] = []
    for u, v, data in scene.H.edges(data=True):
        if u not in shown or v not in shown:
            continue
        relation = str(data.get("relation") or "link")
        style = RELATION_STYLES.get(relation, RELATION_STYLES["link"])
        phrase = network.PHRASES.get(relation, {}).get(lang) or relation.replace("_", " ")
        details = [str(data.get("role") or ""), *_dates(data, words)]
        edge = {
            "id": f"e{len(edges)}",
            "from": str(u),
            "to": str(v),
            "rel": relation,
            "dashes": style["dashes"],
            "width": style["width"],
            "arrow": style["arrow"],
            "color": EDGE_COLOUR,
            "desc": " · ".join(d for d in details if d),
            "tip": _tip(
                f"{titles[str(u)]} → {titles[str(v)]}",
                [
                    (words["relation"], phrase),
                    (words["role"], data.get("role")),
                    (words["since"], data.get("since")),
                    (words["until"], data.get("until")),
                    (words["source"], data.get("source")),
                ],
            ),
        }
        if data.get("since") or data.get("until"):
            edge["when"] = [data.get("since"), data.get("until")]
        if focus["path_pairs"] and frozenset((u, v)) in focus["path_pairs"]:
            edge.update(color=HIGHLIGHT, width=5.0)
        elif focus["path_pairs"]:
            edge["color"] = FADED
        edges.append(edge)
    return edges


def _bundles(
    scene: Scene, where: Mapping[Any, str], titles: Mapping[str, str], room: int, prefix: str
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The links of the groups, bundled: one edge per pair of ends, the ``room`` heaviest,
    and how many links each group holds inside."""
    bundles: Counter[tuple[str, str]] = Counter()
    inside: Counter[str] = Counter()
    for u, v in scene.H.edges():
        if u not in where and v not in where:
            continue
        a, b = where.get(u, str(u)), where.get(v, str(v))
        if a == b:
            inside[a] += 1
        else:
            bundles[(min(a, b), max(a, b))] += 1
    heaviest = sorted(bundles.items(), key=lambda item: (-item[1], item[0]))[: max(0, room)]
    lang, links = scene.lang, scene.words["links"]
    edges = [
        {
            "id": f"{prefix}{i}",
            "from": a,
            "to": b,
            "rel": "aggregate",
            "dashes": False,
            "width": round(min(8.0, 1 + math.log2(weight)), 1),
            "arrow": None,
            "color": GROUP_EDGE,
            "desc": f"{format_count(weight, lang)} {links.lower()}",
            "tip": _tip(f"{titles[a]} — {titles[b]}", [(links, format_count(weight, lang))]),
        }
        for i, ((a, b), weight) in enumerate(sorted(heaviest))
    ]
    return edges, inside


def layout(
    nodes: Sequence[str],
    links: Iterable[tuple[str, str]],
    seed: int = 42,
    groups: Mapping[str, str] | None = None,
) -> dict:
    """Positions for a map too large for the browser's physics, or an image: NetworkX's
    spring layout for the actors linked, rows beside it for those alone.

    Parameters
    ----------
    nodes : sequence of str
    links : iterable of (str, str)
    seed : int
        The same seed gives the same positions.
    groups : mapping, optional
        Node → its group (its kind): the actors with no link are set out in rows, one
        group after the other, beside the others, instead of flung around them.

    Returns
    -------
    dict
        Node → (x, y) in whole pixels: of the linked, nine in ten within a radius in
        proportion to the square root of their number, none farther than a quarter
        beyond it.

    Examples
    --------
    >>> pos = layout(["a", "b", "c", "d"], [("a", "b"), ("b", "c")])
    >>> pos == layout(["a", "b", "c", "d"], [("a", "b"), ("b", "c")]), sorted(pos)
    (True, ['a', 'b', 'c', 'd'])
    >>> pos["d"][0] > max(pos[n][0] for n in "abc")  # alone: beside the others
    True
    """
    D = nx.Graph()
    D.add_nodes_from(nodes)
    D.add_edges_from((u, v) for u, v in links if u != v)
    alone = [n for n in D if D.degree(n) == 0]
    D.remove_nodes_from(alone if len(alone) < D.number_of_nodes() else [])
    placed: dict[str, tuple[int, int]] = {}
    if D.number_of_nodes():
        iterations = 50 if D.number_of_nodes() < 500 else 30
        found = {
            n: (float(x), float(y))
            for n, (x, y) in nx.spring_layout(D, seed=seed, iterations=iterations).items()
        }
        far = sorted(math.hypot(x, y) for x, y in found.values())
        reach = max(far[int(0.9 * (len(far) - 1))], 1e-3)  # nine nodes in ten within
        scale = (45 * math.sqrt(D.number_of_nodes()) + 150) / reach
        for n, (x, y) in found.items():  # the far-flung (small components) brought in
            pull = min(1.0, 1.25 * reach / max(math.hypot(x, y), 1e-9))
            placed[n] = (round(x * pull * scale), round(y * pull * scale))
    if len(placed) == len(nodes) or not placed:
        return placed
    xs, ys = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    step = 90  # a node and its label
    columns = math.ceil(math.sqrt(len(alone)))  # a square block, right of the others
    row, x = 0, max(xs) + 2 * step
    group_of = (groups or {}).get
    order = sorted(alone, key=lambda n: (group_of(n, ""), str(n)))
    for _, members in itertools.groupby(order, key=lambda n: group_of(n, "")):
        for i, node in enumerate(members):
            if i and i % columns == 0:
                row += 1
            placed[node] = (x + (i % columns) * step, min(ys) + row * step)
        row += 1  # each group starts a row
    return placed


def ring(
    positions: Mapping[str, tuple[int, int]], groups: Sequence[str], spacing: int = 170
) -> dict[str, tuple[int, int]]:
    """Places for the groups of an aggregated view: on rings around the actors drawn.

    Every group links to many actors, so a spring layout piles them up in the middle;
    around the actors, each hexagon and its label stay readable, and the actors keep
    their places whatever the page groups them by.

    Parameters
    ----------
    positions : mapping
        The actors' positions (``layout``).
    groups : sequence of str
        The groups, in the order they go round, from the top, clockwise.
    spacing : int
        Pixels between two groups, and between two rings.

    Returns
    -------
    dict
        Group → (x, y) in whole pixels.

    Examples
    --------
    >>> ring({"a": (0, 0), "b": (100, 0)}, ["g1", "g2"])
    {'g1': (50, -220), 'g2': (50, 220)}
    """
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    cx, cy = (sum(xs) / len(xs), sum(ys) / len(ys)) if xs else (0.0, 0.0)
    far = (math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True))
    radius = max(far, default=0) + spacing
    placed: dict[str, tuple[int, int]] = {}
    left = list(groups)
    while left:
        room = max(1, int(2 * math.pi * radius / spacing))
        here, left = left[:room], left[room:]
        for i, group in enumerate(here):
            angle = -math.pi / 2 + 2 * math.pi * i / len(here)
            placed[group] = (
                round(cx + radius * math.cos(angle)),
                round(cy + radius * math.sin(angle)),
            )
        radius += spacing
    return placed


def timeline(
    nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]], date: str | None
) -> list[int] | None:
    """The years the page's date slider spans: from the first date of the data to the last.

    Parameters
    ----------
    nodes, edges : iterable of dict
        The map's nodes (``life``: founded, dissolved) and edges (``when``: since, until).
    date : str or None
        The date of the data, the slider's end when it is later than every date.

    Returns
    -------
    list of int or None
        ``[first, last]``, or None when the map has no date (no slider).

    Examples
    --------
    >>> timeline([{"life": ["2002-03", None]}], [{"when": ["1997", "2005"]}], "2026-11-30")
    [1997, 2026]
    >>> timeline([{"id": "a"}], [], "2026-11-30") is None
    True
    """
    years = [
        int(value[:4])
        for item in (*nodes, *edges)
        for value in item.get("life", item.get("when", ()))
        if value and re.match(r"^\d{4}", value)
    ]
    if not years:
        return None
    if date and re.match(r"^\d{4}", date):
        years.append(int(date[:4]))
    return [min(years), max(years)]


def map_data(
    G: nx.MultiDiGraph, options: MapOptions | None = None, **changes: Any
) -> dict[str, Any]:
    """The map of a view as plain data: nodes, edges, filters, legend and header.

    This is what ``map_page`` embeds (as JSON) and ``map_figure`` draws. ``G`` is only read.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``network.alliance_network``).
    options : MapOptions, optional
        What the map shows (default: ``MapOptions()``, the whole network).
    **changes
        Fields of ``MapOptions`` (``view``, ``actor``, ``to``, ``radius``, ``size_by``,
        ``kinds``, ``regions``, ``sectors``, ``title``, ``subtitle``, ``lang``,
        ``version``, ``date``, ``seed``, ``metrics``), over ``options``.

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (vis-network fields, plus ``tip``: the tooltip, a title
        and rows of text), ``filters``, ``legend``, ``header``, ``physics``,
        ``aggregated``, ``selected``, ``strings``, ``phrases`` (each relation read from
        either end, ``words.LINK_PHRASES``), ``hints`` (a plain sentence per metric
        shown, by its name) and ``timeline`` (the years of the date slider, or None).
        An aggregated view's groups are in ``nodes`` too; ``groupings`` lists what the
        page can group by (``groupings``), the first drawn, each other with its groups
        (``nodes``) and their bundled links (``edges``); ``leaves`` holds the grouped
        actors (IRI, name), which every grouping's groups are made of; ``points`` the
        actors with coordinates (``_points``) and ``points_total`` how many they are.

    Raises
    ------
    ValueError
        An unknown view, metric, language or filter value; a view without its actor.
    mes_graph.actors.UnknownActor
        An actor no node matches (its message lists the candidates).

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> data = map_data(G, lang="en")
    >>> len(data["nodes"]), len(data["edges"]), data["physics"], data["aggregated"]
    (6, 6, True, False)
    >>> mes = data["nodes"][0]
    >>> mes["label"], mes["shape"], mes["size"], mes["tip"]["title"]
    ('MES', 'dot', 40.0, 'Mouvement')
    >>> len(map_data(G, view="ego", actor="Ana", lang="en")["nodes"])
    3
    """
    options = map_options(options, **changes)
    drawn = Scene.of(G, options)
    words, lang, seed = drawn.words, options.lang, options.seed
    shown, grouped = _aggregate(drawn)
    nodes = [_actor_node(drawn, node) for node in shown]
    titles = {n["id"]: n["label"].split("\n")[0] for n in nodes}
    edges = _links(drawn, set(shown), titles)
    dimensions = groupings(drawn)
    leaves = _leaves(drawn, grouped, [*dimensions, *(d for d in FILTERS if d not in dimensions)])
    made = []
    for dimension in dimensions:
        groups = _groups(drawn, leaves, dimension, room=max(2, MAX_NODES - len(shown)))
        where = {n: g["id"] for g, members in groups for i in members for n in leaves[i].nodes}
        ends = {**titles, **{g["id"]: g["label"].split("\n")[0] for g, _ in groups}}
        bundles, inside = _bundles(drawn, where, ends, MAX_EDGES - len(edges), f"{dimension}:e")
        for group, _ in groups:
            group["tip"]["rows"].insert(
                1, [words["internal"], format_count(inside[group["id"]], lang)]
            )
        made.append(
            {
                "key": dimension,
                "label": words[f"by_{dimension}"],
                "nodes": [g for g, _ in groups],
                "edges": bundles,
            }
        )
    default = made[0] if made else {"nodes": [], "edges": []}
    physics = not drawn.aggregated and len(nodes) <= PHYSICS_MAX
    if not physics:
        kinds = {n["id"]: n["f"]["kind"][0] for n in nodes}
        actors_at = layout(list(kinds), [(e["from"], e["to"]) for e in edges], seed, kinds)
        positions = dict(actors_at)
        for grouping in made:  # each grouping's ring around the actors alone
            positions.update(ring(actors_at, [g["id"] for g in grouping["nodes"]]))
        for entry in (*nodes, *(g for m in made for g in m["nodes"])):
            entry["x"], entry["y"] = positions[entry["id"]]
    points, located = _points(drawn, shown, leaves)
    counted: dict[str, Counter[str]] = {d: Counter() for d in FILTERS}
    for leaf in leaves:
        for dimension in FILTERS:
            counted[dimension][leaf.key[dimension]] += len(leaf.nodes)
    nodes, edges = [*nodes, *default["nodes"]], [*edges, *default["edges"]]
    centre = drawn.focus.get("centre")
    header = map_header(drawn, nodes, edges, [g["count"] for g in default["nodes"]])
    return {
        "lang": lang,
        "nodes": nodes,
        "edges": edges,
        "groupings": [
            {
                "key": m["key"],
                "label": m["label"],
                **({"nodes": m["nodes"], "edges": m["edges"]} if i else {}),
            }
            for i, m in enumerate(made)
        ],
        "leaves": [[[str(n), _name(drawn.H, n)] for n in leaf.nodes] for leaf in leaves],
        "points": points,
        "points_total": located,
        "filters": map_filters(nodes, edges, words, lang, counted),
        "legend": map_legend(drawn, nodes, edges),
        "header": header,
        "timeline": timeline(nodes, edges, header["date"]),
        "physics": physics,
        "aggregated": drawn.aggregated,
        "selected": str(centre) if centre is not None else None,
        "seed": seed,
        "strings": {k: words[k] for k in JS_STRINGS},
        "phrases": LINK_PHRASES[lang],
        "hints": {
            capitalised(METRIC_NAMES[lang][m]): METRIC_HINTS[lang][m] for m in drawn.metric_names
        },
    }
