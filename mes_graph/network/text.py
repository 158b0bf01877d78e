"""The network as text for the command line: paths, ego maps, tables, communities, summary.

Takes a projection and what the other modules compute of it (paths, an ego network, the
metrics table, communities, the summary); gives readable lines, in English, but for the
relations, which read in the projection's language (``PHRASES``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import pandas as pd

from mes_graph.actors import fold
from mes_graph.network.community import modularity
from mes_graph.network.connectivity import separations
from mes_graph.network.paths import path_step
from mes_graph.network.projection import ROLE_AFFILIATED, ROLE_MEMBER
from mes_graph.network.tables import plain_value

__all__ = [
    "DEFAULT_ROLES",
    "PHRASES",
    "TEXT_COLUMNS",
    "format_communities",
    "format_ego",
    "format_path",
    "format_summary",
    "format_table",
]

PHRASES: dict[str, dict[str, str]] = {
    "membership": {"en": "member of", "fr": "membre de"},
    "affiliation": {"en": "affiliated with", "fr": "affilié·e à"},
    "sub_organisation": {"en": "part of", "fr": "fait partie de"},
    "participation": {"en": "participates in", "fr": "participe à"},
    "founding": {"en": "founder of", "fr": "fondateur de"},
    "succession": {"en": "predecessor of", "fr": "prédécesseur de"},
    "alliance": {"en": "linked to", "fr": "lié à"},
    "classification": {"en": "classified as", "fr": "classé dans"},
    "area_served": {"en": "serves", "fr": "agit en"},
}
"""How a relation reads in a path, by language."""

DEFAULT_ROLES = {"membership": str(ROLE_MEMBER), "affiliation": str(ROLE_AFFILIATED)}
"""The role a relation implies: not repeated when a path is printed."""


def _lower_first(text: str) -> str:
    """``Founding member`` → ``founding member``; an acronym (``CA member``) is kept."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _phrases(links: Iterable[Mapping[str, Any]], lang: str) -> str:
    """The links of one step as words: ``member of (founding member), founder of``."""
    roles: dict[str, set[str]] = defaultdict(set)
    special: set[str] = set()
    for link in links:
        relation = str(link.get("relation"))
        roles[relation].add(_lower_first(link["role"]) if link.get("role") else "")
        if link.get("role") and link.get("role_iri") != DEFAULT_ROLES.get(relation):
            special.add(relation)
    order = list(PHRASES)
    words = []
    for relation in sorted(roles, key=lambda r: (order.index(r) if r in order else len(order), r)):
        phrase = PHRASES.get(relation, {}).get(lang) or PHRASES.get(relation, {}).get("en")
        phrase = phrase or relation.replace("_", " ")
        if relation in special:
            phrase += f" ({'; '.join(sorted(r for r in roles[relation] if r))})"
        words.append(phrase)
    return ", ".join(words)


def format_path(G: nx.Graph, path: list[dict[str, Any]]) -> str:
    """A path as one readable line: ``ARDES -member of-> MES -founder of-> RIPESS Europe``.

    Links that run the other way read ``A <-member of- B``; a role other than plain
    membership shows in brackets; several links between two actors are joined by commas.

    Parameters
    ----------
    G : networkx.Graph
        The projection the path comes from (its ``lang`` and names).
    path : list of dict
        One path of ``shortest_paths``.

    Returns
    -------
    str

    Examples
    --------
    >>> from mes_graph.network import alliance_network, shortest_paths, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> format_path(G, shortest_paths(G, "Lab", "ARDES")[0])
    'Lab <-affiliated with- Ana -member of-> MES <-member of- ARDES'
    """
    if not path:
        return ""
    lang = G.graph.get("lang", "en")

    def name(node: Any) -> str:
        return str(G.nodes[node].get("name") or node)

    parts = [name(path[0]["from"])]
    for step in path:
        forward = _phrases((k for k in step["links"] if k["forward"]), lang)
        backward = _phrases((k for k in step["links"] if not k["forward"]), lang)
        arrows = []
        if backward:
            arrows.append(f"<-{backward}-")
        if forward:
            arrows.append(f"-{forward}->")
        parts.append(" / ".join(arrows))
        parts.append(name(step["to"]))
    return " ".join(parts)


def format_ego(E: nx.Graph) -> str:
    """An ego map as text: the actors by distance, then every link as a path step.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, ego, tiny_alliance
    >>> print(format_ego(ego(alliance_network(tiny_alliance()), "Ana")))
    Ego map of Ana, radius 1: 3 actors, 2 links
    distance 0: Ana
    distance 1: Lab, MES
    Ana -affiliated with-> Lab
    Ana -member of-> MES
    """
    center = E.graph["ego"]
    name = {n: str(d.get("name") or n) for n, d in E.nodes(data=True)}
    lines = [
        f"Ego map of {name[center]}, radius {E.graph['radius']}: "
        f"{E.number_of_nodes()} actors, {E.number_of_edges()} links"
    ]
    by_distance: dict[int, list[str]] = defaultdict(list)
    for node, distance in E.nodes(data="distance"):
        by_distance[distance].append(name[node])
    for distance in sorted(by_distance):
        names = ", ".join(sorted(by_distance[distance], key=fold))
        lines.append(f"distance {distance}: {names}")
    for u, v in sorted(set(E.edges()), key=lambda pair: (fold(name[pair[0]]), fold(name[pair[1]]))):
        forward = [link for link in path_step(E, u, v)["links"] if link["forward"]]
        lines.append(format_path(E, [{"from": u, "to": v, "links": forward}]))
    return "\n".join(lines)


TEXT_COLUMNS = {
    "name": "actor",
    "kind": "kind",
    "degree_in": "in",
    "degree_out": "out",
    "degree": "ties",
    "betweenness": "betweenness",
    "pagerank": "pagerank",
    "closeness": "closeness",
    "eigenvector": "eigenvector",
    "constraint": "constraint",
    "effective_size": "eff. size",
    "core_number": "core",
    "clustering": "clustering",
    "community": "community",
}


def format_table(table: pd.DataFrame) -> str:
    """The metrics table as aligned text: names to the left, numbers to the right.

    Three decimals; ``-`` where a value is undefined or missing.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, metrics_table, tiny_alliance
    >>> format_table(metrics_table(alliance_network(tiny_alliance()))).splitlines()[1].split()[:6]
    ['MES', '-', '3', '2', '4', '0.900']
    """

    def cell(value: Any) -> str:
        value = plain_value(value)
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:.3f}"
        return str(value)

    header = list(TEXT_COLUMNS.values())
    rows = [[cell(row[c]) for c in TEXT_COLUMNS] for row in table.to_dict("records")]
    widths = [max(len(x) for x in column) for column in zip(header, *rows, strict=True)]
    left = {0, 1}  # actor, kind

    def line(cells: list[str]) -> str:
        padded = [
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), *map(line, rows)])


def format_communities(G: nx.Graph, groups: list[list[str]], resolution: float = 1.0) -> str:
    """Communities as text: their number, the modularity, then each with its actors' names.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, communities, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> print(format_communities(G, communities(G)))
    2 communities, modularity 0.208
    1. (4 actors) APES, ARDES, MES, RIPESS Europe
    2. (2 actors) Ana, Lab
    """
    score = modularity(G, groups, resolution)
    shown = "undefined" if math.isnan(score) else f"{score:.3f}"
    lines = [f"{len(groups)} communities, modularity {shown}"]
    for number, group in enumerate(groups, 1):
        names = sorted((str(G.nodes[n].get("name") or n) for n in group), key=fold)
        lines.append(f"{number}. ({len(group)} actors) {', '.join(names)}")
    return "\n".join(lines)


def format_summary(G: nx.Graph, summary_: Mapping[str, Any]) -> str:
    """The summary as aligned text; articulation points by name, with what they separate.

    Examples
    --------
    >>> from mes_graph.network import alliance_network, summary, tiny_alliance
    >>> G = alliance_network(tiny_alliance())
    >>> print(format_summary(G, summary(G)).splitlines()[-1])
      articulation points   Ana (2 parts), MES (4 parts)
    """
    rows: list[tuple[str, str]] = []
    for key, value in summary_.items():
        if key == "articulation_points":
            lost = separations(G) if value else {}  # one block-cut tree for them all
            names = [f"{G.nodes[a].get('name') or a} ({lost[a].parts} parts)" for a in value]
            text = ", ".join(sorted(names, key=fold)) or "none"
        elif isinstance(value, float):
            text = "undefined" if math.isnan(value) else f"{value:.3f}"
        else:
            text = str(value)
        rows.append((key.replace("_", " "), text))
    rows.sort(key=lambda r: r[0] == "articulation points")
    width = max(len(k) for k, _ in rows)
    return "Summary\n" + "\n".join(f"  {k.ljust(width)}  {v}" for k, v in rows)
