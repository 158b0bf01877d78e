"""Maps of the alliances: one offline, safe HTML page per view, a notebook display, images.

Takes the projection ``network.alliance_network`` builds (a NetworkX ``MultiDiGraph`` of
actors and their links) and, optionally, its metrics table; gives:

- ``map_page``: a whole HTML page (UTF-8 text) drawn by vis-network, shipped inside this
  package (``mes_graph/static/``, see its ``NOTICE``) and inlined, or linked from a folder
  next to the page (``assets=``, with ``copy_assets``) for a static site of many maps;
- ``map_data``: the same map as plain data (nodes, edges, legend, header), for tests and
  for other renderers;
- ``show_map``: an object Jupyter shows inline (an ``<iframe srcdoc>``), no file written;
- ``map_figure``: the same view as a PNG or SVG image (matplotlib), for slides;
- ``write_map``: an atomic write of either.

What the page shows. Colour is the kind of actor, from Paul Tol's colour-blind-safe
*muted* palette (nine colours; the tenth to eighteenth kinds reuse them with a black ring,
the rest are grey), or the community in the ``communities`` view. Size is a metric of the
whole projection (default betweenness), so that an actor has the same size on every map.
Shape: a disc for an organisation, a diamond for a person, a square for a concept, a
hexagon for a group of actors. Each relation has its own dash pattern and arrow head. A
legend, a search box (name or acronym, accents ignored), filters by kind, region, sector
and relation, and a side panel with the memberships in and out of the clicked actor.

Views: ``all``; ``ego`` (an actor and the actors within ``radius`` ties); ``path`` (every
shortest path between ``actor`` and ``to``, highlighted on the whole map); ``communities``
(Louvain, fixed seed). ``kinds``, ``regions`` and ``sectors`` keep the actors that have one
of those values (the focal actors of a view always stay).

Scale. Up to ``PHYSICS_MAX`` nodes, vis-network's physics lays the map out (seeded) and
stops once stable; above, NetworkX computes the positions (seeded) and physics is off.
Above ``MAX_NODES`` nodes (or ``MAX_EDGES`` links) the page shows an aggregated view,
and says so: the ``TOP_ACTORS`` actors of highest metric, each drawn, and every other
actor counted in a group per kind (per community in the ``communities`` view).

Safety. Every text from the data reaches the page as JSON inside a non-executed
``<script type="application/json">`` (``<``, ``>`` and ``&`` escaped), and is set with DOM
``textContent``, never as HTML; the header and legend are escaped by ``html.escape``. A
Content-Security-Policy allows only the page's own scripts (by hash), no connection, no
image but ``data:``. Nothing is fetched from the network. The same input gives the same
bytes: no clock is read; the date printed is the one passed in, else the graph's
``date``, else ``SOURCE_DATE_EPOCH``, else none. pyvis is not used: its pages fetch
Bootstrap from a CDN, may put a title in ``innerHTML`` and write in the locale's encoding;
the vis-network build it ships is the one copied in ``static/``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import io
import json
import math
import os
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
from rdflib import URIRef

from mes_graph import network
from mes_graph.actors import fold
from mes_graph.base.files import write_atomic
from mes_graph.base.terms import DCTERMS, OWL, RDF

STATIC = Path(__file__).parent / "static"
"""The files of the page: vis-network (``NOTICE``: its licence), our script and style."""

ASSETS = ("vis-network.min.js", "vis-network.css", "NOTICE")
"""What ``copy_assets`` copies next to a static site."""

VIEWS = ("all", "ego", "path", "communities")
"""The views of ``map_page``."""

SIZE_METRICS = (
    "betweenness",
    "degree",
    "degree_in",
    "degree_out",
    "pagerank",
    "closeness",
    "eigenvector",
    "constraint",
    "effective_size",
    "core_number",
    "clustering",
)
"""The metrics a node's size can show (columns of ``network.metrics_table``)."""

KEY_METRICS = ("degree", "betweenness", "pagerank")
"""The metrics every actor's tooltip shows (plus the one sizing it)."""

MAX_NODES = 1500
"""Above this many nodes the page shows the aggregated view."""

MAX_EDGES = 10_000
"""Above this many links too; and at most this many links are drawn."""

PHYSICS_MAX = 300
"""Up to this many nodes the browser lays the map out; above, NetworkX does."""

TOP_ACTORS = 200
"""Actors drawn one by one in the aggregated view: the highest by the metric."""

BETWEENNESS_BUDGET = 1_000_000
"""Nodes plus ties times sources: above it, betweenness is estimated from sampled sources."""

PALETTE = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
"""Paul Tol's *muted* qualitative palette: distinct for the common colour-vision deficiencies."""

GREY = "#DDDDDD"
"""Tol's pale grey: no kind, other kinds, other communities."""

BORDER, RING = "#4D4D4D", "#000000"

HIGHLIGHT = "#000000"
"""The path and the ego's centre: black and thick, no colour needed to see them."""

SHAPES = {"organisation": "dot", "person": "diamond", "concept": "square", "group": "hexagon"}
"""vis-network shape of each type of node."""

MARKERS = {"dot": "o", "diamond": "D", "square": "s", "hexagon": "h"}
"""The matplotlib marker of each vis-network shape."""

RELATION_STYLES: dict[str, dict[str, Any]] = {
    "membership": {"dashes": False, "width": 1.5, "arrow": "arrow"},
    "affiliation": {"dashes": [2, 4], "width": 1.5, "arrow": "arrow"},
    "sub_organisation": {"dashes": False, "width": 3.5, "arrow": "diamond"},
    "participation": {"dashes": [8, 4], "width": 1.5, "arrow": "circle"},
    "founding": {"dashes": [12, 4, 2, 4], "width": 2.5, "arrow": "vee"},
    "succession": {"dashes": [18, 6], "width": 2.5, "arrow": "triangle"},
    "alliance": {"dashes": [1, 5], "width": 2, "arrow": None},
    "classification": {"dashes": [1, 3], "width": 1, "arrow": None},
    "area_served": {"dashes": [1, 3], "width": 1, "arrow": None},
    "link": {"dashes": False, "width": 1, "arrow": "arrow"},
    "aggregate": {"dashes": False, "width": 1, "arrow": None},
}
"""Dash pattern, width and arrow head of each relation (``aggregate``: links of a group)."""

EDGE_COLOUR, FADED, GROUP_EDGE = "#5F5F5F", "#D9D9D9", "#BDBDBD"

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Alliances du Mouvement pour l'Économie Solidaire",
        "dataset": "mes-graph {version}, graphe de connaissances de l'ESS autour du MES",
        "dated": "données du {date}",
        "as_of": "état au {date}",
        "drawn": "{nodes} nœuds et {links} liens dessinés",
        "view_all": "Vue d'ensemble des alliances",
        "view_ego": "Carte ego de {name} (rayon {radius})",
        "view_path": "Plus courts chemins de {a} à {b}",
        "path_found": "{count} plus court(s) chemin(s) de {hops} lien(s), en noir épais",
        "path_none": "Aucun chemin ne relie {a} à {b}.",
        "view_communities": "Communautés (Louvain, graine {seed}) : {count}",
        "aggregated": (
            "Vue agrégée : {total} acteurs, trop pour les dessiner un à un sans bloquer le "
            "navigateur. Les {top} acteurs de plus forte {metric} sont dessinés ; les {rest} "
            "autres sont comptés dans {groups} groupes par {by} (hexagones, avec leur effectif)."
        ),
        "by_kind": "type d'acteur",
        "by_community": "communauté",
        "approx": (
            "L'intermédiarité est estimée à partir de {k} acteurs tirés au sort (graine "
            "{seed}) : le réseau est trop grand pour un calcul exact."
        ),
        "other_groups": "Autres groupes",
        "none": "(non renseigné)",
        "community": "Communauté {n}",
        "name": "Nom",
        "acronym": "Sigle",
        "kind": "Type",
        "region": "Région",
        "sector": "Filière",
        "legal_form": "Forme juridique",
        "homepage": "Site",
        "sources": "Sources",
        "iri": "IRI",
        "distance": "Distance",
        "relation": "Relation",
        "role": "Rôle",
        "since": "Depuis",
        "until": "Jusqu'à",
        "source": "Source",
        "actors": "Acteurs",
        "internal": "Liens internes",
        "top_members": "Principaux acteurs",
        "main_kinds": "Types principaux",
        "links": "Liens",
        "legend": "Légende",
        "legend_kind": "Couleur : type d'acteur",
        "legend_community": "Couleur : communauté",
        "legend_shape": "Forme",
        "legend_relation": "Trait : relation (la flèche va du membre à l'instance)",
        "legend_size": "Taille : {metric} (sur tout le réseau)",
        "legend_highlight": "En noir épais : {what}",
        "highlight_path": "les plus courts chemins",
        "highlight_ego": "l'acteur au centre",
        "group_edges": "gris plein : liens d'un groupe (épaisseur : leur nombre)",
        "organisation": "organisation",
        "person": "personne",
        "concept": "concept",
        "group": "groupe d'acteurs (effectif)",
        "search": "Rechercher un acteur",
        "search_placeholder": "nom ou sigle",
        "find": "Trouver",
        "not_found": "Aucun acteur de ce nom sur la carte.",
        "found": "Trouvé : {name}",
        "hidden": " (masqué par les filtres)",
        "filters": "Filtres",
        "filter_kind": "Type",
        "filter_region": "Région",
        "filter_sector": "Filière",
        "filter_relation": "Relation",
        "all": "Tout cocher",
        "panel": "Acteur",
        "panel_hint": "Cliquez sur un acteur, ou cherchez-le, pour voir ses adhésions.",
        "member_of": "Membre de",
        "members": "Ses membres",
        "other_out": "Autres liens sortants",
        "other_in": "Autres liens entrants",
        "nothing": "aucun",
        "colon": " : ",
        "loading": "Mise en place de la carte…",
        "noscript": "Cette carte a besoin de JavaScript pour s'afficher.",
        "map_label": "Carte des alliances",
        "group_note": "Groupe : les acteurs y sont comptés, pas dessinés.",
    },
    "en": {
        "title": "Alliances of the Mouvement pour l'Économie Solidaire",
        "dataset": "mes-graph {version}, the knowledge graph of the SSE around MES",
        "dated": "data of {date}",
        "as_of": "as of {date}",
        "drawn": "{nodes} nodes and {links} links drawn",
        "view_all": "All the alliances",
        "view_ego": "Ego map of {name} (radius {radius})",
        "view_path": "Shortest paths from {a} to {b}",
        "path_found": "{count} shortest path(s) of {hops} link(s), in thick black",
        "path_none": "No path joins {a} and {b}.",
        "view_communities": "Communities (Louvain, seed {seed}): {count}",
        "aggregated": (
            "Aggregated view: {total} actors, too many to draw one by one without freezing "
            "the browser. The {top} actors of highest {metric} are drawn; the other {rest} "
            "are counted in {groups} groups by {by} (hexagons, with their size)."
        ),
        "by_kind": "kind of actor",
        "by_community": "community",
        "approx": (
            "Betweenness is estimated from {k} actors drawn at random (seed {seed}): the "
            "network is too large for an exact computation."
        ),
        "other_groups": "Other groups",
        "none": "(not given)",
        "community": "Community {n}",
        "name": "Name",
        "acronym": "Acronym",
        "kind": "Kind",
        "region": "Region",
        "sector": "Sector",
        "legal_form": "Legal form",
        "homepage": "Web site",
        "sources": "Sources",
        "iri": "IRI",
        "distance": "Distance",
        "relation": "Relation",
        "role": "Role",
        "since": "Since",
        "until": "Until",
        "source": "Source",
        "actors": "Actors",
        "internal": "Links inside",
        "top_members": "Main actors",
        "main_kinds": "Main kinds",
        "links": "Links",
        "legend": "Legend",
        "legend_kind": "Colour: kind of actor",
        "legend_community": "Colour: community",
        "legend_shape": "Shape",
        "legend_relation": "Line: relation (the arrow runs from the member to the body)",
        "legend_size": "Size: {metric} (over the whole network)",
        "legend_highlight": "In thick black: {what}",
        "highlight_path": "the shortest paths",
        "highlight_ego": "the actor at the centre",
        "group_edges": "plain grey: links of a group (width: how many)",
        "organisation": "organisation",
        "person": "person",
        "concept": "concept",
        "group": "group of actors (size)",
        "search": "Find an actor",
        "search_placeholder": "name or acronym",
        "find": "Find",
        "not_found": "No actor of that name on the map.",
        "found": "Found: {name}",
        "hidden": " (hidden by the filters)",
        "filters": "Filters",
        "filter_kind": "Kind",
        "filter_region": "Region",
        "filter_sector": "Sector",
        "filter_relation": "Relation",
        "all": "Tick all",
        "panel": "Actor",
        "panel_hint": "Click an actor, or find it, to see its memberships.",
        "member_of": "Member of",
        "members": "Its members",
        "other_out": "Other links out",
        "other_in": "Other links in",
        "nothing": "none",
        "colon": ": ",
        "loading": "Laying the map out…",
        "noscript": "This map needs JavaScript.",
        "map_label": "Map of the alliances",
        "group_note": "Group: its actors are counted, not drawn.",
    },
}
"""The words of the page, by language."""

JS_STRINGS = (
    "search_placeholder",
    "not_found",
    "found",
    "hidden",
    "filters",
    "filter_kind",
    "filter_region",
    "filter_sector",
    "filter_relation",
    "all",
    "panel_hint",
    "member_of",
    "members",
    "other_out",
    "other_in",
    "nothing",
    "colon",
    "group_note",
)
"""The words the page's script needs."""

RELATION_NAMES = {
    "fr": {
        "membership": "adhésion",
        "affiliation": "affiliation de chercheur·e",
        "sub_organisation": "partie d'une organisation",
        "participation": "participation",
        "founding": "fondation",
        "succession": "succession",
        "alliance": "alliance",
        "classification": "filière",
        "area_served": "territoire",
        "link": "autre lien",
        "aggregate": "liens d'un groupe",
    },
    "en": {
        "membership": "membership",
        "affiliation": "researcher's affiliation",
        "sub_organisation": "part of an organisation",
        "participation": "participation",
        "founding": "founding",
        "succession": "succession",
        "alliance": "alliance",
        "classification": "sector",
        "area_served": "territory",
        "link": "other link",
        "aggregate": "links of a group",
    },
}
"""Each relation as a noun, for the legend and the filters."""

METRIC_NAMES = {
    "fr": {
        "betweenness": "intermédiarité",
        "degree": "degré",
        "degree_in": "degré entrant",
        "degree_out": "degré sortant",
        "pagerank": "PageRank",
        "closeness": "proximité",
        "eigenvector": "centralité de vecteur propre",
        "constraint": "contrainte de Burt",
        "effective_size": "taille effective",
        "core_number": "k-cœur",
        "clustering": "coefficient de clustering",
    },
    "en": {
        "betweenness": "betweenness",
        "degree": "degree",
        "degree_in": "in-degree",
        "degree_out": "out-degree",
        "pagerank": "PageRank",
        "closeness": "closeness",
        "eigenvector": "eigenvector centrality",
        "constraint": "Burt's constraint",
        "effective_size": "effective size",
        "core_number": "k-core",
        "clustering": "clustering coefficient",
    },
}

FILTERS = ("kind", "region", "sector")
"""The node attributes the page filters on (and the relation of the links)."""


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _words(lang: str) -> dict[str, str]:
    if lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(STRINGS)}")
    return STRINGS[lang]


def _number(value: Any, lang: str) -> str:
    """A metric as text: integers as they are, reals with three decimals.

    Examples
    --------
    >>> _number(0.5, "fr"), _number(12, "en"), _number(float("nan"), "en")
    ('0,500', '12', '-')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and value > 1):
        text = f"{int(value):,}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    text = f"{float(value):.3f}"
    return text.replace(".", ",") if lang == "fr" else text


def _relation_name(relation: str, lang: str) -> str:
    return RELATION_NAMES[lang].get(relation) or relation.replace("_", " ")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(value: int, lang: str) -> str:
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def _parts(value: Any) -> list[str]:
    """The values of an attribute the projection joins by ``"; "``."""
    if value is None:
        return []
    return [part for part in str(value).split("; ") if part]


def _when(day: str | date | datetime | None, G: nx.Graph) -> str | None:
    """The date printed on the page: given, else the graph's, else SOURCE_DATE_EPOCH."""
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


# ---------------------------------------------------------------------------
# Metrics, views, filters
# ---------------------------------------------------------------------------


def _metric_values(
    G: nx.Graph, names: Iterable[str], seed: int, table: Any = None
) -> tuple[dict[str, dict[Any, Any]], int | None]:
    """The values of some metrics for every actor, and the sample size if estimated."""
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
        parts = _parts(value)
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


def _view(
    G: nx.MultiDiGraph,
    view: str,
    actor: Any,
    to: Any,
    radius: int,
    filters: Mapping[str, Sequence[str]],
) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The graph a view draws (before aggregation) and its focus: centre, path, notes."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    focus: dict[str, Any] = {"keep": set(), "path_nodes": set(), "path_pairs": set()}
    H = G
    if view == "ego":
        if actor is None:
            raise ValueError("the ego view needs an actor")
        centre = network.find_actor(G, actor)
        H = network.ego(G, centre, radius)
        focus.update(centre=centre, keep={centre})
    elif view == "path":
        if actor is None or to is None:
            raise ValueError("the path view needs an actor and another (to)")
        start, end = network.find_actor(G, actor), network.find_actor(G, to)
        paths = network.shortest_paths(G, start, end)
        nodes = {start, end}
        for path in paths:
            for step in path:
                nodes.update((step["from"], step["to"]))
                focus["path_pairs"].add(frozenset((step["from"], step["to"])))
        focus.update(start=start, end=end, paths=paths, path_nodes=nodes, keep=set(nodes))
    elif actor is not None or to is not None:
        raise ValueError(f"the {view} view takes no actor (use the ego or path view)")
    wanted = {name: values for name, values in filters.items() if values}
    if wanted:
        keep = set(H)
        for attribute, values in wanted.items():
            keep &= _matching(G, attribute, values)
        keep |= focus["keep"] & set(H)
        H = H.subgraph([n for n in H if n in keep])
    return H, focus


# ---------------------------------------------------------------------------
# Colours, sizes, texts
# ---------------------------------------------------------------------------


def kind_colours(G: nx.Graph) -> dict[str, tuple[str, bool]]:
    """The colour of each kind of actor, and whether it wears a ring.

    Kinds are ordered by how many actors have them (then by name); the first nine take
    the nine colours of Tol's *muted* palette, the next nine the same colours with a black
    ring, the rest grey. The colours come from the whole graph, so that every map drawn
    from it (an ego map, a filtered map) gives a kind the same colour.

    Parameters
    ----------
    G : networkx.Graph
        A projection.

    Returns
    -------
    dict
        Kind label → (colour, ring).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"kind": "Réseau"}), (2, {"kind": "Réseau"}), (3, {"kind": "Cité"})])
    >>> kind_colours(G)
    {'Réseau': ('#CC6677', False), 'Cité': ('#332288', False)}
    """
    return dict(network.kept(G, "mes_graph.kind_colours", lambda: _kind_colours(G)))


def _kind_colours(G: nx.Graph) -> dict[str, tuple[str, bool]]:
    counts = Counter(part for _, kind in G.nodes(data="kind") for part in _parts(kind)[:1])
    order = sorted(counts, key=lambda k: (-counts[k], fold(k), k))
    colours: dict[str, tuple[str, bool]] = {}
    for i, kind in enumerate(order):
        if i < 2 * len(PALETTE):
            colours[kind] = (PALETTE[i % len(PALETTE)], i >= len(PALETTE))
        else:
            colours[kind] = (GREY, False)
    return colours


def _top(G: nx.Graph, sizes: Mapping[Any, Any]) -> float:
    """The largest finite value of the metric that sizes the nodes (0 if none); kept with
    ``G`` for the same values, which the ego maps of a site share, map after map."""
    last = network.kept(G, "mes_graph.top", dict)
    if last.get("sizes") is not sizes or last.get("count") != len(sizes):
        top = max((float(v) for v in sizes.values() if _finite(v)), default=0.0)
        last.update(sizes=sizes, count=len(sizes), top=top)
    return last["top"]


def _size(value: Any, top: float) -> float:
    """Node size: the area grows with the metric; missing values get the smallest."""
    if value is None or not isinstance(value, int | float) or math.isnan(value) or top <= 0:
        return 10.0
    return round(10 + 30 * math.sqrt(max(float(value), 0.0) / top), 1)


def _tip(title: str, rows: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    return {"title": title, "rows": [[k, str(v)] for k, v in rows if v not in (None, "")]}


def _dates(data: Mapping[str, Any], words: Mapping[str, str]) -> list[str]:
    parts = []
    if data.get("since"):
        parts.append(f"{words['since'].lower()} {data['since']}")
    if data.get("until"):
        parts.append(f"{words['until'].lower()} {data['until']}")
    return parts


# ---------------------------------------------------------------------------
# The map as data
# ---------------------------------------------------------------------------


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _fill(ctx: Mapping[str, Any], node: Any) -> tuple[str, bool]:
    """An actor's colour and ring: its community's, or its (first) kind's."""
    data = ctx["H"].nodes[node]
    if data.get("type") == "concept":
        return GREY, False
    if ctx["view"] == "communities":
        number = ctx["community"].get(node, 0)
        return (PALETTE[number - 1] if 0 < number <= len(PALETTE) else GREY), False
    kinds = _parts(data.get("kind"))
    return ctx["colours"].get(kinds[0], (GREY, False)) if kinds else (GREY, False)


def _group_of(ctx: Mapping[str, Any], node: Any) -> str:
    if ctx["view"] == "communities":
        return ctx["words"]["community"].format(n=ctx["community"].get(node, 0))
    kinds = _parts(ctx["H"].nodes[node].get("kind"))
    return kinds[0] if kinds else ctx["words"]["none"]


def _aggregate(ctx: Mapping[str, Any]) -> tuple[list[Any], dict[str, list[Any]]]:
    """The actors drawn one by one (best first) and the groups counting the others."""
    H, rank = ctx["H"], ctx["rank"]
    if not ctx["aggregated"]:
        return sorted(H, key=rank), {}
    keep = set(ctx["focus"]["keep"])
    budget = max(0, TOP_ACTORS - len(keep))
    actors = sorted((n for n in H if H.nodes[n].get("type") != "concept"), key=rank)
    shown = keep | set(actors[:budget])
    members: dict[str, list[Any]] = defaultdict(list)
    for node in sorted(H, key=rank):
        if node not in shown:
            members[_group_of(ctx, node)].append(node)
    order = sorted(members, key=lambda g: (-len(members[g]), fold(g), g))
    room = max(2, MAX_NODES - len(shown))
    groups = {g: members[g] for g in order[: room - 1 if len(order) > room else room]}
    if len(order) > room:  # the smallest groups are merged into one
        other = [n for g in order[room - 1 :] for n in members[g]]
        groups[ctx["words"]["other_groups"]] = sorted(other, key=rank)
    return sorted(shown, key=rank), groups


def _actor_node(ctx: Mapping[str, Any], node: Any) -> dict[str, Any]:
    """One actor as a vis-network node, with its tooltip, filter values and search keys."""
    words, lang, focus = ctx["words"], ctx["lang"], ctx["focus"]
    data = ctx["H"].nodes[node]
    kind = data.get("type") or "organisation"
    fill, ring = _fill(ctx, node)
    label = str(data.get("label") or node)
    name = str(data.get("name") or label)
    rows: list[tuple[str, Any]] = []
    if name != label:
        rows.append((words["acronym"], name))
    for attribute in ("kind", "region", "sector", "legal_form"):
        rows.append((words[attribute], data.get(attribute)))
    if node in ctx["community"]:
        rows.append((words["community"].format(n="").strip(), ctx["community"][node]))
    if data.get("distance") is not None:
        rows.append((words["distance"], data["distance"]))
    if kind != "concept":
        for metric in ctx["metric_names"]:
            value = ctx["values"][metric].get(node)
            rows.append((_capital(METRIC_NAMES[lang][metric]), _number(value, lang)))
    rows += [
        (words["homepage"], data.get("homepage")),
        (words["sources"], data.get("source")),
        (words["iri"], str(node)),
    ]
    entry: dict[str, Any] = {
        "id": str(node),
        "label": name,
        "shape": SHAPES.get(kind, "dot"),
        "size": 10.0 if kind == "concept" else _size(ctx["sizes"].get(node), ctx["top"]),
        "fill": fill,
        "border": RING if ring else BORDER,
        "bw": 3.5 if ring else 1.0,
        "tip": _tip(label, rows),
        "f": {a: _parts(data.get(a)) or [words["none"]] for a in FILTERS},
        "keys": sorted({fold(label), fold(name)}),
    }
    homepage = str(data.get("homepage") or "")
    if re.match(r"^https?://[^\s\"'<>]+$", homepage):
        entry["homepage"] = homepage
    if node == focus.get("centre") or node in focus["path_nodes"]:
        entry.update(border=HIGHLIGHT, bw=5.0)
    elif focus.get("paths"):
        entry["faded"] = True
    return entry


def _group_node(ctx: Mapping[str, Any], key: str, number: int, nodes: list[Any]) -> dict[str, Any]:
    """A group of actors as one hexagon: its size, main actors and (communities) kinds."""
    words, lang, H = ctx["words"], ctx["lang"], ctx["H"]
    count = len(nodes)
    fill, ring = GREY, False
    if key in ctx["colours"] and ctx["view"] != "communities":
        fill, ring = ctx["colours"][key]
    elif ctx["view"] == "communities" and key != words["other_groups"]:
        fill, ring = _fill(ctx, nodes[0])
    rows = [(words["actors"], _count(count, lang))]
    if ctx["view"] == "communities":
        kinds = Counter(k for n in nodes for k in _parts(H.nodes[n].get("kind"))[:1])
        rows.append((words["main_kinds"], ", ".join(f"{k} ({c})" for k, c in kinds.most_common(3))))
    names = [str(H.nodes[n].get("name") or H.nodes[n].get("label") or n) for n in nodes[:10]]
    rows.append((words["top_members"], ", ".join(names) + (", …" if count > 10 else "")))
    return {
        "id": f"group:{number}",
        "label": f"{key}\n{_count(count, lang)}",
        "shape": SHAPES["group"],
        "size": round(18 + 8 * math.log10(count + 1), 1),
        "fill": fill,
        "border": RING if ring else BORDER,
        "bw": 3.5 if ring else 1.0,
        "tip": _tip(f"{key} ({_count(count, lang)})", rows),
        "f": {"kind": [key] if key in ctx["colours"] and ctx["view"] != "communities" else []},
        "keys": [fold(key)],
        "group": True,
    }


def _edges(
    ctx: Mapping[str, Any], shown: set[Any], where: Mapping[Any, str], titles: Mapping[str, str]
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The links between drawn actors, one by one, and those of groups, bundled."""
    words, lang, focus, H = ctx["words"], ctx["lang"], ctx["focus"], ctx["H"]
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
                "desc": f"{_count(weight, lang)} {words['links'].lower()}",
                "tip": _tip(f"{titles[a]} — {titles[b]}", [(words["links"], _count(weight, lang))]),
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


def map_data(
    G: nx.MultiDiGraph,
    *,
    view: str = "all",
    actor: Any = None,
    to: Any = None,
    radius: int = 1,
    size_by: str = "betweenness",
    kinds: Sequence[str] = (),
    regions: Sequence[str] = (),
    sectors: Sequence[str] = (),
    title: str | None = None,
    subtitle: str | None = None,
    lang: str = "fr",
    version: str | None = None,
    date: str | date | datetime | None = None,
    seed: int = 42,
    metrics: Any = None,
) -> dict[str, Any]:
    """The map of a view as plain data: nodes, edges, filters, legend and header.

    This is what ``map_page`` embeds (as JSON) and ``map_figure`` draws. ``G`` is only read.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``network.alliance_network``).
    view : {"all", "ego", "path", "communities"}
    actor, to : str, optional
        The ego's centre, or the two ends of the path: a node, IRI, acronym or label.
    radius : int
        Of the ego map.
    size_by : str
        One of ``SIZE_METRICS``.
    kinds, regions, sectors : sequence of str
        Keep the actors with one of these values (labels; case and accents aside).
    title, subtitle : str, optional
        Default: the project's title, and a sentence saying what the view shows.
    lang : {"fr", "en"}
        Language of the page's words (the labels are those of the projection).
    version : str, optional
        Printed in the header (default: the installed mes-graph's version).
    date : str or date, optional
        Printed in the header (default: ``G.graph["date"]``, else ``SOURCE_DATE_EPOCH``).
    seed : int
        Of the layouts, the communities and the betweenness estimate.
    metrics : pandas.DataFrame or mapping, optional
        ``network.metrics_table(G)``, to reuse metrics already computed; or, for many maps
        of one network, a mapping of metric name to ``{actor: value}`` read from it once.

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (vis-network fields, plus ``tip``: the tooltip, a title
        and rows of text), ``filters``, ``legend``, ``header``, ``physics``,
        ``aggregated``, ``selected``, ``strings``.

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
    words = _words(lang)
    if size_by not in SIZE_METRICS:
        raise ValueError(f"unknown metric {size_by!r}; choose one of {', '.join(SIZE_METRICS)}")
    if radius < 0:
        raise ValueError("radius must be 0 or more")
    filters = {
        name: [values] if isinstance(values, str) else list(values)
        for name, values in (("kind", kinds), ("region", regions), ("sector", sectors))
    }
    H, focus = _view(G, view, actor, to, radius, filters)
    metric_names = [size_by, *(m for m in KEY_METRICS if m != size_by)]
    values, sampled = _metric_values(G, metric_names, seed, metrics)
    sizes = values[size_by]
    community: dict[Any, int] = {}
    if view == "communities":
        groups = network.communities(H, seed=seed)
        community = {n: i for i, group in enumerate(groups, 1) for n in group}

    def rank(node: Any) -> tuple[float, str]:
        value = sizes.get(node)
        return (-float(value) if _finite(value) else math.inf, str(node))

    ctx: dict[str, Any] = {
        "G": G,
        "H": H,
        "view": view,
        "focus": focus,
        "words": words,
        "lang": lang,
        "values": values,
        "metric_names": metric_names,
        "sizes": sizes,
        "top": _top(G, sizes),
        "colours": kind_colours(G),
        "community": community,
        "rank": rank,
        "aggregated": H.number_of_nodes() > MAX_NODES or H.number_of_edges() > MAX_EDGES,
        "radius": radius,
    }
    shown, groups_ = _aggregate(ctx)
    nodes = [_actor_node(ctx, node) for node in shown]
    where: dict[Any, str] = {}
    for number, (key, members) in enumerate(groups_.items()):
        nodes.append(_group_node(ctx, key, number, members))
        where.update(dict.fromkeys(members, f"group:{number}"))
    titles = {n["id"]: n["label"].split("\n")[0] for n in nodes}
    edges, inside = _edges(ctx, set(shown), where, titles)
    for entry in nodes:
        if entry.get("group"):
            entry["tip"]["rows"].insert(1, [words["internal"], _count(inside[entry["id"]], lang)])
    physics = not ctx["aggregated"] and len(nodes) <= PHYSICS_MAX
    if not physics:
        positions = layout([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges], seed)
        for entry in nodes:
            entry["x"], entry["y"] = positions[entry["id"]]
    header = _header(ctx, nodes, edges, groups_, sampled, seed, title, subtitle, version, date)
    return {
        "lang": lang,
        "nodes": nodes,
        "edges": edges,
        "filters": _filters(nodes, edges, words, lang),
        "legend": _legend(ctx, nodes, edges, size_by),
        "header": header,
        "physics": physics,
        "aggregated": ctx["aggregated"],
        "selected": str(focus["centre"]) if focus.get("centre") is not None else None,
        "seed": seed,
        "strings": {k: words[k] for k in JS_STRINGS},
    }


def _filters(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], words: Mapping[str, str], lang: str
) -> list[dict[str, Any]]:
    """The values the page can filter on, with how many drawn nodes or links have each."""
    out = []
    for dimension in FILTERS:
        counts = Counter(v for n in nodes for v in n["f"].get(dimension, ()))
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
                [r, _relation_name(r, lang), relations[r]]
                for r in sorted(relations, key=lambda r: (order.index(r) if r in order else 99, r))
            ],
        }
    )
    return out


def _legend(
    ctx: Mapping[str, Any], nodes: list[dict[str, Any]], edges: list[dict[str, Any]], size_by: str
) -> dict[str, Any]:
    """What the legend lists: colours, shapes, relations, size, highlight."""
    words, lang = ctx["words"], ctx["lang"]
    if ctx["view"] == "communities":
        numbers = sorted(set(ctx["community"].values()))
        sizes = Counter(ctx["community"].values())
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
            [kind, *ctx["colours"].get(kind, (GREY, False))]
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
    if ctx["focus"].get("paths"):
        highlight = words["legend_highlight"].format(what=words["highlight_path"])
    elif ctx["focus"].get("centre") is not None:
        highlight = words["legend_highlight"].format(what=words["highlight_ego"])
    return {
        "colour_title": colour_title,
        "colours": colours,
        "shapes": [[s, words[by_shape[s]]] for s in shapes],
        "relations": [
            [r, _relation_name(r, lang), styles[r]["dashes"], styles[r]["width"]] for r in relations
        ],
        "size": words["legend_size"].format(metric=METRIC_NAMES[lang][size_by]),
        "highlight": highlight,
    }


def _header(
    ctx: Mapping[str, Any],
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    groups: Mapping[str, list[Any]],
    sampled: int | None,
    seed: int,
    title: str | None,
    subtitle: str | None,
    version: str | None,
    day: Any,
) -> dict[str, Any]:
    """The header's texts: title, subtitle, the data's version and date, the notices."""
    words, lang, focus, G, H = ctx["words"], ctx["lang"], ctx["focus"], ctx["G"], ctx["H"]

    def name(node: Any) -> str:
        return str(G.nodes[node].get("name") or G.nodes[node].get("label") or node)

    notices = []
    view = ctx["view"]
    if subtitle is None:
        if view == "ego":
            subtitle = words["view_ego"].format(name=name(focus["centre"]), radius=ctx["radius"])
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
            count = len(set(ctx["community"].values()))
            subtitle = words["view_communities"].format(seed=seed, count=count)
        else:
            subtitle = words["view_all"]
    when = _when(day, G)
    meta = [words["dataset"].format(version=_version(version))]
    if when:
        meta.append(words["dated"].format(date=when))
    if G.graph.get("as_of"):
        meta.append(words["as_of"].format(date=G.graph["as_of"]))
    meta.append(
        words["drawn"].format(nodes=_count(len(nodes), lang), links=_count(len(edges), lang))
    )
    if ctx["aggregated"]:
        rest = sum(len(m) for m in groups.values())
        notices.append(
            words["aggregated"].format(
                total=_count(H.number_of_nodes(), lang),
                top=_count(len(nodes) - len(groups), lang),
                metric=METRIC_NAMES[lang][ctx["metric_names"][0]],
                rest=_count(rest, lang),
                groups=_count(len(groups), lang),
                by=words["by_community" if view == "communities" else "by_kind"],
            )
        )
    if sampled:
        notices.append(words["approx"].format(k=sampled, seed=seed))
    return {
        "title": title or words["title"],
        "subtitle": subtitle,
        "meta": " · ".join(meta),
        "notices": notices,
        "version": _version(version),
        "date": when,
    }


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

PAGE = Template(
    """<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$csp">
<meta name="generator" content="mes-graph $version">
<title>$title</title>
$vis_css
<style>
$css</style>
</head>
<body data-state="loading">
<header>
<h1>$title</h1>
<p class="subtitle">$subtitle</p>
<p class="meta">$meta</p>
$notices</header>
<div class="toolbar">
<form id="search" role="search" autocomplete="off">
<label for="q">$search_label</label>
<input id="q" type="search" list="names">
<datalist id="names"></datalist>
<button type="submit">$find</button>
<output id="search-result" for="q" aria-live="polite"></output>
</form>
<div id="filters" aria-label="$filters"></div>
</div>
<main>
<div id="map" role="img" aria-label="$map_label"><p id="map-status">$loading</p></div>
<aside aria-live="polite">
<h2 id="panel-title">$panel</h2>
<div id="panel-body"><p>$panel_hint</p></div>
</aside>
</main>
$legend
<noscript><p>$noscript</p></noscript>
<script type="application/json" id="mes-data">$data</script>
$vis_js
<script>$app</script>
</body>
</html>
"""
)
"""The page around the map: every ``$`` value is escaped, or is our own script."""


@functools.cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _json(data: Any) -> str:
    """JSON that cannot close its ``<script>`` element: ``<``, ``>`` and ``&`` escaped.

    Examples
    --------
    >>> _json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _assets_prefix(assets: str) -> str:
    """A relative URL prefix for the shared vis-network files; never one that leaves the site."""
    if re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)", assets) or any(
        c in assets for c in "\"'<>`"
    ):
        raise ValueError(
            f"assets must be a relative URL prefix such as '../assets', not {assets!r}"
        )
    return assets.rstrip("/") + "/"


def _swatch(shape: str, fill: str, border: str = BORDER, width: float = 1.0) -> str:
    """A small inline SVG of a node, for the legend (our own constants only)."""
    a = html.escape
    if shape == "diamond":
        body = f'<polygon points="9,1 17,9 9,17 1,9" fill="{a(fill)}"'
    elif shape == "square":
        body = f'<rect x="2" y="2" width="14" height="14" fill="{a(fill)}"'
    elif shape == "hexagon":
        body = f'<polygon points="5,1.5 13,1.5 17,9 13,16.5 5,16.5 1,9" fill="{a(fill)}"'
    else:
        body = f'<circle cx="9" cy="9" r="7" fill="{a(fill)}"'
    stroke = f' stroke="{a(border)}" stroke-width="{width}"/>'
    return (
        f'<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}{stroke}</svg>'
    )


def _legend_html(legend: Mapping[str, Any], words: Mapping[str, str]) -> str:
    """The legend as HTML: every text escaped."""
    e = html.escape
    colours = "".join(
        f"<li>{_swatch('dot', fill, RING if ring else BORDER, 3 if ring else 1)}{e(name)}</li>"
        for name, fill, ring in legend["colours"]
    )
    shapes = "".join(f"<li>{_swatch(s, '#FFFFFF')}{e(name)}</li>" for s, name in legend["shapes"])
    lines = []
    for relation, name, dashes, width in legend["relations"]:
        dash = f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"' if dashes else ""
        colour = GROUP_EDGE if relation == "aggregate" else EDGE_COLOUR
        svg = (
            '<svg width="44" height="12" viewBox="0 0 44 12" aria-hidden="true">'
            f'<line x1="1" y1="6" x2="43" y2="6" stroke="{colour}" stroke-width="{width}"{dash}/>'
            "</svg>"
        )
        lines.append(f"<li>{svg}{e(name)}</li>")
    extra = f"<p>{e(legend['size'])}</p>"
    if legend.get("highlight"):
        extra += f"<p>{e(legend['highlight'])}</p>"
    return (
        f'<section id="legend" aria-labelledby="legend-title">\n<h2 id="legend-title">'
        f'{e(words["legend"])}</h2>\n<div class="legend-groups">\n'
        f'<div class="legend-group"><h3>{e(legend["colour_title"])}</h3><ul>{colours}</ul></div>\n'
        f'<div class="legend-group"><h3>{e(words["legend_shape"])}</h3><ul>{shapes}</ul></div>\n'
        f'<div class="legend-group"><h3>{e(words["legend_relation"])}</h3>'
        f"<ul>{''.join(lines)}</ul></div>\n"
        f'<div class="legend-group">{extra}</div>\n</div>\n</section>'
    )


def map_page(
    G: nx.MultiDiGraph,
    *,
    view: str = "all",
    actor: Any = None,
    to: Any = None,
    radius: int = 1,
    size_by: str = "betweenness",
    kinds: Sequence[str] = (),
    regions: Sequence[str] = (),
    sectors: Sequence[str] = (),
    title: str | None = None,
    subtitle: str | None = None,
    assets: str | None = None,
    lang: str = "fr",
    version: str | None = None,
    date: str | date | datetime | None = None,
    seed: int = 42,
    metrics: Any = None,
) -> str:
    """The map of a view as a whole HTML page: offline, every text escaped, deterministic.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``network.alliance_network``); only read.
    view, actor, to, radius, size_by, kinds, regions, sectors, title, subtitle, lang,
    version, date, seed, metrics
        As in ``map_data``.
    assets : str, optional
        ``None`` inlines vis-network: one self-contained file. A relative URL prefix
        (``"../assets"``) links ``<prefix>/vis-network.min.js`` and ``.css`` instead, for
        a site of many maps sharing one copy (``copy_assets``).

    Returns
    -------
    str
        The page; write it as UTF-8 (``write_map``). The same input gives the same text.

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> page = map_page(G, lang="en", date="2026-11-30")
    >>> page.startswith("<!DOCTYPE html>"), page == map_page(G, lang="en", date="2026-11-30")
    (True, True)
    >>> re.findall(r'(?:src|href)="https?:', page)
    []
    >>> '<script src="../assets/vis-network.min.js">' in map_page(G, assets="../assets")
    True
    """
    data = map_data(
        G,
        view=view,
        actor=actor,
        to=to,
        radius=radius,
        size_by=size_by,
        kinds=kinds,
        regions=regions,
        sectors=sectors,
        title=title,
        subtitle=subtitle,
        lang=lang,
        version=version,
        date=date,
        seed=seed,
        metrics=metrics,
    )
    return render_page(data, assets=assets)


def render_page(data: Mapping[str, Any], assets: str | None = None) -> str:
    """The HTML page of map data: ``map_page`` is ``render_page(map_data(...))``.

    Parameters
    ----------
    data : mapping
        From ``map_data``.
    assets : str, optional
        As in ``map_page``.

    Returns
    -------
    str

    Examples
    --------
    >>> data = map_data(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> "<h1>Alliances of the Mouvement pour l&#x27;Économie Solidaire</h1>" in render_page(data)
    True
    """
    e = html.escape
    words = _words(data["lang"])
    header = data["header"]
    app = _static("map.js")
    if assets is None:
        vis = _static("vis-network.min.js")
        if re.search(r"</script|<!--", vis, re.IGNORECASE):  # pragma: no cover - a new vis build
            raise ValueError("vis-network.min.js holds '</script' or '<!--': it cannot be inlined")
        vis_js, vis_css = f"<script>{vis}</script>", f"<style>{_static('vis-network.css')}</style>"
        scripts, origin = [vis, app], ""
    else:
        prefix = e(_assets_prefix(assets))
        vis_js = f'<script src="{prefix}vis-network.min.js"></script>'
        vis_css = f'<link rel="stylesheet" href="{prefix}vis-network.css">'
        scripts, origin = [app], "'self' file: "
    csp = (
        f"default-src 'none'; script-src {origin}{' '.join(_hash(s) for s in scripts)}; "
        f"style-src {origin}'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    notices = "".join(f'<p class="notice" role="note">{e(n)}</p>\n' for n in header["notices"])
    return PAGE.substitute(
        lang=e(data["lang"]),
        csp=e(csp),
        version=e(header["version"]),
        title=e(header["title"]),
        subtitle=e(header["subtitle"]),
        meta=e(header["meta"]),
        notices=notices,
        vis_css=vis_css,
        css=_static("map.css"),
        search_label=e(words["search"]),
        find=e(words["find"]),
        filters=e(words["filters"]),
        map_label=e(words["map_label"]),
        loading=e(words["loading"]),
        panel=e(words["panel"]),
        panel_hint=e(words["panel_hint"]),
        legend=_legend_html(data["legend"], words),
        noscript=e(words["noscript"]),
        data=_json(data),
        vis_js=vis_js,
        app=app,
    )


def copy_assets(folder: Path | str) -> list[Path]:
    """Copy vis-network (script, style, licence notice) into a folder, for linked pages.

    Parameters
    ----------
    folder : Path or str
        Where the pages' ``assets`` prefix points to; created if missing.

    Returns
    -------
    list of Path
        The files written (atomically).

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in copy_assets(tempfile.mkdtemp())]
    ['vis-network.min.js', 'vis-network.css', 'NOTICE']
    """
    folder = Path(folder)
    return [write_atomic(folder / name, (STATIC / name).read_bytes()) for name in ASSETS]


def write_map(path: Path | str, page: str | bytes) -> Path:
    """Write a page (UTF-8) or an image atomically: a reader never sees half a file.

    Parameters
    ----------
    path : Path or str
        Its folder is created if missing.
    page : str or bytes
        From ``map_page`` (text, written as UTF-8) or ``map_figure`` (bytes).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_map(pathlib.Path(tempfile.mkdtemp()) / "map.html", "é").read_bytes()
    b'\\xc3\\xa9'
    """
    data = page.encode("utf-8") if isinstance(page, str) else page
    return write_atomic(path, data)


# ---------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------


class MapDisplay:
    """A map Jupyter shows inline: the page in a sandboxed ``<iframe srcdoc>``."""

    def __init__(self, page: str, height: int = 720) -> None:
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" title="mes-graph map"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<MapDisplay: {len(self.page)} characters of HTML>"


def show_map(G: nx.MultiDiGraph, *, height: int = 720, **options: Any) -> MapDisplay:
    """The map of a view, for a notebook: Jupyter shows it inline; no file is written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    height : int
        Of the frame, in pixels.
    **options
        As in ``map_page`` (``assets`` is not allowed: the frame holds everything).

    Returns
    -------
    MapDisplay
        Its ``_repr_html_`` is an ``<iframe srcdoc>`` holding the escaped page; ``page``
        is the page itself.

    Examples
    --------
    >>> shown = show_map(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> shown._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    if options.get("assets") is not None:
        raise ValueError("show_map inlines everything: it takes no assets prefix")
    options.pop("assets", None)
    return MapDisplay(map_page(G, **options), height)


# ---------------------------------------------------------------------------
# Static images
# ---------------------------------------------------------------------------

FIGURE_FORMATS = ("png", "svg")


def _linestyle(dashes: Any) -> Any:
    return (0, tuple(float(d) / 2 for d in dashes)) if dashes else "solid"


def render_figure(data: Mapping[str, Any], format: str = "png", dpi: int = 150) -> bytes:
    """Draw map data with matplotlib: ``map_figure`` is ``render_figure(map_data(...))``.

    Positions are the page's, or (for a map the browser lays out) NetworkX's, seeded.
    Math text is off: a ``$`` in a label is a dollar.

    Parameters
    ----------
    data : mapping
        From ``map_data``.
    format : {"png", "svg"}
    dpi : int

    Returns
    -------
    bytes

    Examples
    --------
    >>> data = map_data(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> render_figure(data, "svg").startswith(b"<?xml")
    True
    """
    if format not in FIGURE_FORMATS:
        raise ValueError(f"unknown image format {format!r}; choose one of png, svg")
    import textwrap

    import matplotlib
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes, edges, legend, header = data["nodes"], data["edges"], data["legend"], data["header"]
    if nodes and "x" not in nodes[0]:
        found = layout(
            [n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges], data["seed"]
        )
    else:
        found = {n["id"]: (n["x"], n["y"]) for n in nodes}
    pos = {k: (x, -y) for k, (x, y) in found.items()}  # the canvas's y runs down
    shrink = min(1.0, math.sqrt(60 / max(len(nodes), 1)))
    radius = {n["id"]: n["size"] * 0.42 * shrink for n in nodes}  # points
    rc = {"svg.hashsalt": "mes-graph", "svg.fonttype": "path", "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(14, 9), dpi=dpi, facecolor="white")
        ax = fig.add_axes((0.01, 0.02, 0.7, 0.8))
        ax.set_axis_off()
        ax.set_aspect("equal", adjustable="datalim")
        for e in edges:
            (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
            arrow = "-|>" if e["arrow"] and len(edges) <= 400 else "-"
            ax.annotate(
                "",
                xy=(x2, y2),
                xytext=(x1, y1),
                zorder=1,
                arrowprops={
                    "arrowstyle": arrow,
                    "color": e["color"],
                    "linewidth": e["width"] * 0.8,
                    "linestyle": _linestyle(e["dashes"]),
                    "shrinkA": radius[e["from"]],
                    "shrinkB": radius[e["to"]],
                    "mutation_scale": 9,
                },
            )
        for shape in sorted({n["shape"] for n in nodes}):
            group = [n for n in nodes if n["shape"] == shape]
            for faded in (False, True):
                chosen = [n for n in group if bool(n.get("faded")) is faded]
                if not chosen:
                    continue
                ax.scatter(
                    [pos[n["id"]][0] for n in chosen],
                    [pos[n["id"]][1] for n in chosen],
                    s=[(2 * radius[n["id"]]) ** 2 for n in chosen],
                    c=[n["fill"] for n in chosen],
                    marker=MARKERS.get(shape, "o"),
                    edgecolors=[n["border"] for n in chosen],
                    linewidths=[n["bw"] * 0.7 for n in chosen],
                    alpha=0.35 if faded else 1.0,
                    zorder=3,
                )
        labelled = nodes if len(nodes) <= 80 else [n for n in nodes if n.get("group")] + nodes[:40]
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        for n in labelled:
            ax.annotate(
                n["label"],
                pos[n["id"]],
                xytext=(0, -radius[n["id"]] - 1),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5 if len(nodes) <= 80 else 6,
                zorder=4,
                parse_math=False,
                path_effects=halo,
            )
        ax.autoscale_view()
        ax.margins(0.06)
        top = 0.985
        texts = [
            (header["title"], 15, "bold"),
            (header["subtitle"], 11.5, "normal"),
            (header["meta"], 9, "normal"),
        ]
        texts += [(n, 9, "normal") for n in header["notices"]]
        for text, size, weight in texts:
            wrapped = textwrap.fill(text, 150 if size < 10 else 110)
            fig.text(
                0.01, top, wrapped, fontsize=size, fontweight=weight, va="top", parse_math=False
            )
            top -= 0.028 * (wrapped.count("\n") + 1) * (size / 10) + 0.008
        handles: list[Any] = []
        labels: list[str] = []
        titles: list[int] = []

        def heading(text: str) -> None:
            titles.append(len(labels))
            handles.append(Line2D([], [], linestyle="none"))
            labels.append(text)

        heading(legend["colour_title"])
        for name, fill, ring in legend["colours"]:
            handles.append(
                Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor=fill,
                       markeredgecolor=RING if ring else BORDER,
                       markeredgewidth=2.2 if ring else 0.7)
            )  # fmt: skip
            labels.append(name)
        heading(STRINGS[data["lang"]]["legend_shape"])
        for shape, name in legend["shapes"]:
            handles.append(
                Line2D([], [], linestyle="none", marker=MARKERS.get(shape, "o"), markersize=9,
                       markerfacecolor="white", markeredgecolor=BORDER)
            )  # fmt: skip
            labels.append(name)
        heading(STRINGS[data["lang"]]["legend_relation"])
        for relation, name, dashes, width in legend["relations"]:
            colour = GROUP_EDGE if relation == "aggregate" else EDGE_COLOUR
            handles.append(
                Line2D([], [], color=colour, linewidth=width * 0.8, linestyle=_linestyle(dashes))
            )
            labels.append(name)
        heading(legend["size"])
        if legend.get("highlight"):
            heading(legend["highlight"])
        box = fig.legend(
            handles,
            [textwrap.fill(label, 48) for label in labels],
            loc="upper left",
            bbox_to_anchor=(0.72, 0.82),
            frameon=False,
            fontsize=8,
            handlelength=3,
        )
        for i, text in enumerate(box.get_texts()):
            text.set_parse_math(False)
            if i in titles:
                text.set_fontweight("bold")
        buffer = io.BytesIO()
        software = f"mes-graph {header['version']}"
        metadata: dict[str, Any] = (
            {"Software": software} if format == "png" else {"Date": None, "Creator": software}
        )
        fig.savefig(buffer, format=format, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def map_figure(G: nx.MultiDiGraph, *, format: str = "png", dpi: int = 150, **options: Any) -> bytes:
    """The map of a view as a static image (matplotlib), with labels and legend, for slides.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection.
    format : {"png", "svg"}
    dpi : int
        Resolution of a PNG (the figure is 14 × 9 inches).
    **options
        As in ``map_page`` (without ``assets``).

    Returns
    -------
    bytes
        The image; the same input gives the same bytes.

    Examples
    --------
    >>> png = map_figure(network.alliance_network(network.tiny_alliance()), dpi=40)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if format not in FIGURE_FORMATS:
        raise ValueError(f"unknown image format {format!r}; choose one of png, svg")
    options.pop("assets", None)
    return render_figure(map_data(G, **options), format, dpi)


# ---------------------------------------------------------------------------
# Synthetic networks, for scale
# ---------------------------------------------------------------------------

SYNTHETIC_KINDS = {  # kind label: (weight, type of node)
    "Structure de l'ESS": (60, "organisation"),
    "Citoyen·ne, chercheur·e-acteur·rice": (10, "person"),
    "Réseau territorial": (8, "organisation"),
    "Fédération de filière": (6, "organisation"),
    "Collectif ou plateforme": (5, "organisation"),
    "Structure ressource": (4, "organisation"),
    "Établissement de recherche": (3, "organisation"),
    "Réseau universitaire": (1, "organisation"),
    "Organisation nationale de l'ESS": (1, "organisation"),
    "Réseau international": (1, "organisation"),
}
SYNTHETIC_REGIONS = ("Auvergne-Rhône-Alpes", "Bretagne", "Grand Est", "Hauts-de-France",
                     "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
                     "Pays de la Loire", "Provence-Alpes-Côte d'Azur")  # fmt: skip
SYNTHETIC_SECTORS = ("Commerce équitable", "Circuits courts, alimentation responsable", "Culture",
                     "Échanges non monétaires", "Médias citoyens et coopératives")  # fmt: skip


def synthetic_network(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A network shaped like a projection, of ``n`` actors, built directly (no RDF): for scale.

    Preferential attachment (Barabási–Albert, two links per newcomer: a few hubs, many
    small actors); each actor has a type, label, acronym, kind, region and sector; each
    link a relation (mostly membership; affiliation for people), a role, dates, a source.

    Parameters
    ----------
    n : int
        Number of actors.
    seed : int
        The same seed gives the same network.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> S = synthetic_network(100)
    >>> S.number_of_nodes(), S.number_of_edges() > 150, S.nodes[next(iter(S))]["type"]
    (100, True, 'organisation')
    """
    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n, 2, seed=seed) if n > 3 else nx.path_graph(n)
    kinds = list(SYNTHETIC_KINDS)
    weights = [SYNTHETIC_KINDS[k][0] for k in kinds]
    S = nx.MultiDiGraph(as_of=None, lang="fr", sources=["https://example.org/synthetic"])
    iri = "https://w3id.org/mes-graph/id/synthetic/{}".format
    for i in range(n):
        kind = kinds[i + 2] if i < 4 else rng.choices(kinds, weights)[0]
        kind_type = SYNTHETIC_KINDS[kind][1]
        label = f"Acteur {i} de l'économie solidaire" if kind_type != "person" else f"Personne {i}"
        S.add_node(
            iri(i),
            type=kind_type,
            label=label,
            name=f"AES-{i}" if kind_type != "person" else label,
            kind=kind,
            region=rng.choice(SYNTHETIC_REGIONS),
            sector=rng.choice(SYNTHETIC_SECTORS) if rng.random() < 0.5 else None,
            legal_form=None,
            homepage=None,
            source="https://example.org/synthetic",
        )
    for u, v in base.edges():
        member, body = (u, v) if u > v else (v, u)  # the newcomer joins the older actor
        person = S.nodes[iri(member)]["type"] == "person"
        relation = "affiliation" if person else rng.choices(
            ["membership", "participation", "founding", "sub_organisation"], [88, 6, 3, 3]
        )[0]  # fmt: skip
        since = str(rng.randint(1995, 2025)) if rng.random() < 0.6 else None
        S.add_edge(
            iri(member),
            iri(body),
            key=f"{relation}-{member}-{body}",
            relation=relation,
            role="Membre" if relation == "membership" else None,
            role_iri=None,
            since=since,
            until=None,
            source="https://example.org/synthetic",
            membership=None,
        )
    return S
