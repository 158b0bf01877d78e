"""The map of a view as plain data: nodes, edges, filters, legend and header.

Takes a projection (``network.alliance_network``) and ``MapOptions``; gives
``map_data``, what the page embeds as JSON and the images draw: every actor as a
vis-network node (with its tooltip, filter values and search keys), every link as an
edge, and above ``MAX_NODES`` nodes the aggregated view (the ``TOP_ACTORS`` actors of
highest metric, every other actor counted in a group); positions (``layout``) when the
map is too large for the browser's physics.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
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

__all__ = ["OPEN_MAX", "PHYSICS_MAX", "TOP_ACTORS", "layout", "map_data", "timeline"]

PHYSICS_MAX = 300
"""Up to this many nodes the browser lays the map out; above, NetworkX does."""

TOP_ACTORS = 200
"""Actors drawn one by one in the aggregated view: the highest by the metric."""

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


def _group_of(scene: Scene, node: Any) -> str:
    if scene.view == "communities":
        return scene.words["community"].format(n=scene.community.get(node, 0))
    kinds = split_values(scene.H.nodes[node].get("kind"))
    return kinds[0] if kinds else scene.words["none"]


def _aggregate(scene: Scene) -> tuple[list[Any], dict[str, list[Any]]]:
    """The actors drawn one by one (best first) and the groups counting the others."""
    H, rank = scene.H, scene.rank
    if not scene.aggregated:
        return sorted(H, key=rank), {}
    keep = set(scene.focus["keep"])
    budget = max(0, TOP_ACTORS - len(keep))
    actors = sorted((n for n in H if H.nodes[n].get("type") != "concept"), key=rank)
    shown = keep | set(actors[:budget])
    members: dict[str, list[Any]] = defaultdict(list)
    for node in sorted(H, key=rank):
        if node not in shown:
            members[_group_of(scene, node)].append(node)
    order = sorted(members, key=lambda g: (-len(members[g]), fold(g), g))
    room = max(2, MAX_NODES - len(shown))
    groups = {g: members[g] for g in order[: room - 1 if len(order) > room else room]}
    if len(order) > room:  # the smallest groups are merged into one
        other = [n for g in order[room - 1 :] for n in members[g]]
        groups[scene.words["other_groups"]] = sorted(other, key=rank)
    return sorted(shown, key=rank), groups


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


def _parts(scene: Scene, nodes: list[Any], within: Sequence[str]) -> tuple[list, tuple]:
    """The smaller groups a group too large to open splits into, and what is left to split
    by: the first of kind, région, sector (not grouped by already) that tells its actors
    apart, else parts of ``OPEN_MAX`` actors, best first."""
    dimensions = tuple(d for d in ("kind", "region", "sector") if d not in within)
    for number, dimension in enumerate(dimensions):
        split: dict[str, list[Any]] = defaultdict(list)
        for node in nodes:
            values = split_values(scene.H.nodes[node].get(dimension))
            split[values[0] if values else scene.words["none"]].append(node)
        if len(split) > 1:
            order = sorted(split, key=lambda k: (-len(split[k]), fold(k), k))
            return [(k, split[k]) for k in order], (*within, *dimensions[: number + 1])
    count = math.ceil(len(nodes) / OPEN_MAX)
    label = scene.words["group_part"].format
    chunks = [nodes[i * OPEN_MAX : (i + 1) * OPEN_MAX] for i in range(count)]
    return [(label(i=i + 1, n=count), chunk) for i, chunk in enumerate(chunks)], within


def _group_node(
    scene: Scene, key: str, gid: str, nodes: list[Any], within: Sequence[str] = (), path: str = ""
) -> dict[str, Any]:
    """A group of actors as one hexagon: its size, main actors, (communities) kinds, and
    what the page opens it into on a search or a click: its ``members`` (IRI, name) when
    it counts at most ``OPEN_MAX`` actors, else its ``parts``, smaller groups (``_parts``)."""
    words, lang, H = scene.words, scene.lang, scene.H
    count = len(nodes)
    fill, ring = GREY, False
    if key in scene.colours and scene.view != "communities":
        fill, ring = scene.colours[key]
    elif scene.view == "communities" and key != words["other_groups"]:
        fill, ring = _fill(scene, nodes[0])
    rows = [(words["actors"], format_count(count, lang))]
    if scene.view == "communities":
        kinds = Counter(k for n in nodes for k in split_values(H.nodes[n].get("kind"))[:1])
        rows.append((words["main_kinds"], ", ".join(f"{k} ({c})" for k, c in kinds.most_common(3))))

    def name(n: Any) -> str:
        return str(H.nodes[n].get("name") or H.nodes[n].get("label") or n)

    names = [name(n) for n in nodes[:10]]
    rows.append((words["top_members"], ", ".join(names) + (", …" if count > 10 else "")))
    title = f"{path} · {key}" if path else key
    entry = {
        "id": gid,
        "label": f"{key}\n{format_count(count, lang)}",
        "shape": SHAPES["group"],
        "size": round(18 + 8 * math.log10(count + 1), 1),
        "fill": fill,
        "border": RING if ring else BORDER,
        "bw": 3.5 if ring else 1.0,
        "tip": _tip(f"{title} ({format_count(count, lang)})", rows),
        "f": {"kind": [key] if key in scene.colours and scene.view != "communities" else []},
        "keys": [fold(key)],
        "group": True,
        "count": count,
    }
    if not path:  # the map of France counts the actors of each région, drawn or grouped
        regions = Counter(r for n in nodes for r in split_values(H.nodes[n].get("region")))
        entry["regions"] = dict(sorted(regions.items()))
    if count <= OPEN_MAX:
        entry["members"] = [[str(n), name(n)] for n in nodes]
    else:
        parts, split = _parts(scene, nodes, within)
        entry["parts"] = [
            _group_node(scene, k, f"{gid}.{i}", sub, split, title)
            for i, (k, sub) in enumerate(parts)
        ]
        for part in entry["parts"]:  # a région or sector of a kind: the kind's colour
            if not part["f"]["kind"]:
                part.update({k: entry[k] for k in ("fill", "border", "bw", "f")})
    return entry


def _edges(
    scene: Scene, shown: set[Any], where: Mapping[Any, str], titles: Mapping[str, str]
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The links between drawn actors, one by one, and those of groups, bundled."""
    words, lang, focus, H = scene.words, scene.lang, scene.focus, scene.H
    edges: list[dict[str, Any]] = []
    bundles: Counter[tuple[str, str]] = Counter()
    inside: Counter[str] = Counter()
    for u, v, data in H.edges(data=True):
        if u not in shown or v not in shown:
            a, b = str(where.get(u, u)), str(where.get(v, v))
            if a == b:
                inside[a] += 1
            else:
                bundles[(min(a, b), max(a, b))] += 1
            continue
        relation = str(data.get("relation") or "link")
        style = RELATION_STYLES.get(relation, RELATION_STYLES["link"])
        phrase = network.PHRASES.get(relation, {}).get(lang) or relation.replace("_", " ")
        details = [str(data.get("role") or ""), *_dates(data, words)]
        edge = {
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
    room = max(0, MAX_EDGES - len(edges))
    heaviest = sorted(bundles.items(), key=lambda item: (-item[1], item[0]))[:room]
    for (a, b), weight in sorted(heaviest):
        edges.append(
            {
                "from": a,
                "to": b,
                "rel": "aggregate",
                "dashes": False,
                "width": round(min(8.0, 1 + math.log2(weight)), 1),
                "arrow": None,
                "color": GROUP_EDGE,
                "desc": f"{format_count(weight, lang)} {words['links'].lower()}",
                "tip": _tip(
                    f"{titles[a]} — {titles[b]}", [(words["links"], format_count(weight, lang))]
                ),
            }
        )
    for i, edge in enumerate(edges):
        edge["id"] = f"e{i}"
    return edges, inside


def layout(nodes: Sequence[str], links: Iterable[tuple[str, str]], seed: int = 42) -> dict:
    """Positions for a map too large for the browser's physics: NetworkX's spring layout.

    Parameters
    ----------
    nodes : sequence of str
    links : iterable of (str, str)
    seed : int
        The same seed gives the same positions.

    Returns
    -------
    dict
        Node → (x, y) in whole pixels, spread in proportion to the square root of the
        number of nodes.

    Examples
    --------
    >>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> pos == layout(["a", "b", "c"], [("a", "b"), ("b", "c")]), sorted(pos)
    (True, ['a', 'b', 'c'])
    """
    D = nx.Graph()
    D.add_nodes_from(nodes)
    D.add_edges_from((u, v) for u, v in links if u != v)
    if D.number_of_nodes() == 0:
        return {}
    iterations = 50 if D.number_of_nodes() < 500 else 30
    found = nx.spring_layout(D, seed=seed, iterations=iterations)
    scale = 45 * math.sqrt(D.number_of_nodes()) + 150
    return {n: (round(float(x) * scale), round(float(y) * scale)) for n, (x, y) in found.items()}


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
    shown, groups = _aggregate(drawn)
    nodes = [_actor_node(drawn, node) for node in shown]
    where: dict[Any, str] = {}
    for number, (key, members) in enumerate(groups.items()):
        by_kind = drawn.view != "communities" and key != words["other_groups"]
        within = ("kind",) if by_kind else ()
        nodes.append(_group_node(drawn, key, f"group:{number}", members, within))
        where.update(dict.fromkeys(members, f"group:{number}"))
    titles = {n["id"]: n["label"].split("\n")[0] for n in nodes}
    edges, inside = _edges(drawn, set(shown), where, titles)
    for entry in nodes:
        if entry.get("group"):
            entry["tip"]["rows"].insert(
                1, [words["internal"], format_count(inside[entry["id"]], lang)]
            )
    physics = not drawn.aggregated and len(nodes) <= PHYSICS_MAX
    if not physics:
        positions = layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges], seed)
        for entry in nodes:
            entry["x"], entry["y"] = positions[entry["id"]]
    centre = drawn.focus.get("centre")
    header = map_header(drawn, nodes, edges, groups)
    return {
        "lang": lang,
        "nodes": nodes,
        "edges": edges,
        "filters": map_filters(nodes, edges, words, lang),
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
