"""The texts around a map: its header, its legend, its filters, and the data's stamp.

Takes the ``Scene`` of a view and its drawn nodes and edges; gives the header (title,
subtitle, the data's version and date, the notices), what the legend lists (colours,
shapes, relations, size, highlight) and the values the page filters on. ``data_stamp``
reads the version and date of a dataset, for the header.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

import networkx as nx
from rdflib import URIRef

from mes_graph.actors import fold
from mes_graph.base.terms import DCTERMS, OWL, RDF
from mes_graph.maps.options import FILTERS
from mes_graph.maps.style import GREY, PALETTE, RELATION_STYLES, SHAPES
from mes_graph.maps.views import Scene
from mes_graph.maps.words import METRIC_NAMES, format_count, relation_name

__all__ = ["data_stamp", "map_filters", "map_header", "map_legend", "printed_date"]


def printed_date(day: str | date | datetime | None, G: nx.Graph) -> str | None:
    """The date printed on the page: given, else the graph's, else ``SOURCE_DATE_EPOCH``.

    No clock is read: without any of them, no date is printed.

    Parameters
    ----------
    day : str, date or datetime, optional
    G : networkx.Graph
        The projection (its ``date``).

    Returns
    -------
    str or None
        ``YYYY-MM-DD``, or the text given.

    Examples
    --------
    >>> printed_date(date(2026, 11, 30), nx.Graph()), printed_date("mai 2026", nx.Graph())
    ('2026-11-30', 'mai 2026')
    """
    if day is None:
        day = G.graph.get("date")
    if day is None and os.environ.get("SOURCE_DATE_EPOCH"):
        day = datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), UTC).date()
    if isinstance(day, datetime):
        day = day.date()
    return day.isoformat() if isinstance(day, date) else (str(day) if day else None)


def _version(given: str | None) -> str:
    if given:
        return given
    try:
        return package_version("mes-graph")
    except PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "unknown"


def data_stamp(dataset: Any) -> dict[str, str | None]:
    """The version and date of the data, as the header of a map prints them.

    The version is the ontology's ``owl:versionInfo``; the date the latest
    ``dcterms:modified``, ``dcterms:issued`` or ``dcterms:created`` of the ontology or of a
    dataset description (``void:Dataset``, ``dcat:Dataset``).

    Parameters
    ----------
    dataset : rdflib.Graph or rdflib.Dataset
        The dataset ``load`` built.

    Returns
    -------
    dict
        ``version`` and ``date`` (``None`` where the data says nothing): keyword arguments
        of ``map_page``.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> sorted(data_stamp(load()))
    ['date', 'version']
    """
    described = set(dataset.subjects(RDF.type, OWL.Ontology))
    for cls in ("http://rdfs.org/ns/void#Dataset", "http://www.w3.org/ns/dcat#Dataset"):
        described |= set(dataset.subjects(RDF.type, URIRef(cls)))
    versions = sorted(str(v) for s in described for v in dataset.objects(s, OWL.versionInfo))
    dates = sorted(
        str(value)[:10]
        for subject in described
        for prop in (DCTERMS.modified, DCTERMS.issued, DCTERMS.created)
        for value in dataset.objects(subject, prop)
        if re.match(r"^\d{4}-\d{2}-\d{2}", str(value))
    )
    return {"version": versions[-1] if versions else None, "date": dates[-1] if dates else None}


def map_filters(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    words: Mapping[str, str],
    lang: str,
    grouped: Mapping[str, Counter[str]] | None = None,
) -> list[dict[str, Any]]:
    """The values the page can filter on, with how many actors or links have each: the
    actors drawn, and those counted in groups (``grouped``: dimension → value → count)."""
    out = []
    for dimension in FILTERS:
        counts = Counter(v for n in nodes if not n.get("group") for v in n["f"].get(dimension, ()))
        counts.update((grouped or {}).get(dimension, {}))
        values = sorted(counts.items(), key=lambda item: (fold(item[0]), item[0]))
        out.append(
            {
                "key": dimension,
                "label": words[f"filter_{dimension}"],
                "values": [[v, v, c] for v, c in values],
            }
        )
    relations = Counter(e["rel"] for e in edges)
    order = list(RELATION_STYLES)
    out.append(
        {
            "key": "relation",
            "label": words["filter_relation"],
            "values": [
                [r, relation_name(r, lang), relations[r]]
                for r in sorted(relations, key=lambda r: (order.index(r) if r in order else 99, r))
            ],
        }
    )
    return out


def map_legend(
    scene: Scene, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the legend lists: colours, shapes, relations, size, highlight.

    Parameters
    ----------
    scene : Scene
        The view drawn.
    nodes, edges : list of dict
        The nodes and edges drawn (``map_data``'s).

    Returns
    -------
    dict
        ``colour_title``, ``colours`` (name, colour, ring), ``shapes`` (shape, name),
        ``relations`` (relation, name, dashes, width), ``size``, ``highlight``.

    Examples
    --------
    >>> from mes_graph import network
    >>> from mes_graph.maps.options import MapOptions
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> legend = map_legend(Scene.of(G, MapOptions(lang="en")), [], [])
    >>> legend["size"], legend["highlight"]
    ('Size: betweenness (over the whole network)', None)
    """
    words, lang = scene.words, scene.lang
    if scene.view == "communities":
        numbers = sorted(set(scene.community.values()))
        sizes = Counter(scene.community.values())
        colours = [
            [f"{words['community'].format(n=i)} ({sizes[i]})", PALETTE[i - 1], False]
            for i in numbers
            if i <= len(PALETTE)
        ]
        if len(numbers) > len(PALETTE):
            colours.append([words["other_groups"], GREY, False])
        colour_title = words["legend_community"]
    else:
        present = Counter(
            (n["f"]["kind"] or [words["none"]])[0] for n in nodes if n["shape"] != "square"
        )
        colours = [
            [kind, *scene.colours.get(kind, (GREY, False))]
            for kind in sorted(present, key=lambda k: (fold(k), k))
        ]
        colour_title = words["legend_kind"]
    shapes = sorted({n["shape"] for n in nodes}, key=list(SHAPES.values()).index)
    by_shape = {v: k for k, v in SHAPES.items()}
    order = list(RELATION_STYLES)
    relations = sorted(
        {e["rel"] for e in edges}, key=lambda r: (order.index(r) if r in order else len(order), r)
    )
    styles = {r: RELATION_STYLES.get(r, RELATION_STYLES["link"]) for r in relations}
    highlight = None
    if scene.focus.get("paths"):
        highlight = words["legend_highlight"].format(what=words["highlight_path"])
    elif scene.focus.get("centre") is not None:
        highlight = words["legend_highlight"].format(what=words["highlight_ego"])
    return {
        "colour_title": colour_title,
        "colours": colours,
        "shapes": [[s, words[by_shape[s]]] for s in shapes],
        "relations": [
            [r, relation_name(r, lang), styles[r]["dashes"], styles[r]["width"]] for r in relations
        ],
        "size": words["legend_size"].format(metric=METRIC_NAMES[lang][scene.options.size_by]),
        "highlight": highlight,
    }


def map_header(
    scene: Scene,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    groups: Sequence[int],
) -> dict[str, Any]:
    """The header's texts: title, subtitle, the data's version and date, the notices.

    Parameters
    ----------
    scene : Scene
        The view drawn; its options give the title, subtitle, version, date and seed.
    nodes, edges : list of dict
        The nodes and edges drawn (``map_data``'s).
    groups : sequence of int
        How many actors each group of the aggregated view counts.

    Returns
    -------
    dict
        ``title``, ``subtitle``, ``meta`` (one line), ``notices``, ``version``, ``date``.

    Examples
    --------
    >>> from mes_graph import network
    >>> from mes_graph.maps.options import MapOptions
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> header = map_header(Scene.of(G, MapOptions(lang="en", version="1.0")), [], [], [])
    >>> header["subtitle"], header["meta"].split(" · ")[0]
    ('All the alliances', 'mes-graph 1.0, the knowledge graph of the SSE around MES')
    """
    options = scene.options
    seed, subtitle, version = options.seed, options.subtitle, options.version
    words, lang, focus, G, H = scene.words, scene.lang, scene.focus, scene.G, scene.H

    def name(node: Any) -> str:
        return str(G.nodes[node].get("name") or G.nodes[node].get("label") or node)

    notices = []
    view = scene.view
    if subtitle is None:
        if view == "ego":
            subtitle = words["view_ego"].format(name=name(focus["centre"]), radius=options.radius)
        elif view == "path":
            a, b = name(focus["start"]), name(focus["end"])
            subtitle = words["view_path"].format(a=a, b=b)
            if focus["paths"]:
                hops = len(focus["paths"][0])
                subtitle += words["colon"]
                subtitle += words["path_found"].format(count=len(focus["paths"]), hops=hops)
            else:
                notices.append(words["path_none"].format(a=a, b=b))
        elif view == "communities":
            count = len(set(scene.community.values()))
            subtitle = words["view_communities"].format(seed=seed, count=count)
        else:
            subtitle = words["view_all"]
    when = printed_date(options.date, G)
    meta = [words["dataset"].format(version=_version(version))]
    if when:
        meta.append(words["dated"].format(date=when))
    if G.graph.get("as_of"):
        meta.append(words["as_of"].format(date=G.graph["as_of"]))
    meta.append(
        words["drawn"].format(
            nodes=format_count(len(nodes), lang), links=format_count(len(edges), lang)
        )
    )
    if scene.aggregated:
        rest = sum(groups)
        notices.append(
            words["aggregated"].format(
                total=format_count(H.number_of_nodes(), lang),
                top=format_count(len(nodes) - len(groups), lang),
                metric=METRIC_NAMES[lang][scene.metric_names[0]],
                rest=format_count(rest, lang),
                groups=format_count(len(groups), lang),
                by=words["by_community" if view == "communities" else "by_kind"],
            )
        )
    if scene.sampled:
        notices.append(words["approx"].format(k=scene.sampled, seed=seed))
    return {
        "title": options.title or words["title"],
        "subtitle": subtitle,
        "meta": " · ".join(meta),
        "notices": notices,
        "version": _version(version),
        "date": when,
    }
