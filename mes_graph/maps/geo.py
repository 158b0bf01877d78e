"""The map of France beside the alliance map: a tile grid of the régions, drawn by the project.

Takes the nodes of a map (``data.map_data``); gives ``region_tiles``: one tile per région
(the 13 of metropolitan France, laid out roughly as the country, and the 5 overseas ones
in a row), each with the number of actors that serve it, the territorial networks
that serve it, and its shade; ``geo_svg`` draws them as an SVG the page embeds, every
text escaped. No boundary file, no tile server: the layout is ours (``TILES``), the
names are those of the régions code list (``ontology/vocabularies/places.ttl``, INSEE's
COG), so it ships with no third-party data.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from mes_graph.maps.style import kind_code

__all__ = ["SHADES", "TILES", "geo_svg", "region_tiles"]

TILES: dict[str, tuple[int, int]] = {
    "Hauts-de-France": (2, 0),
    "Normandie": (1, 1),
    "Île-de-France": (2, 1),
    "Grand Est": (3, 1),
    "Bretagne": (0, 2),
    "Pays de la Loire": (1, 2),
    "Centre-Val de Loire": (2, 2),
    "Bourgogne-Franche-Comté": (3, 2),
    "Nouvelle-Aquitaine": (1, 3),
    "Auvergne-Rhône-Alpes": (2, 3),
    "Occitanie": (2, 4),
    "Provence-Alpes-Côte d'Azur": (3, 4),
    "Corse": (4, 5),
    "Guadeloupe": (0, 6),
    "Martinique": (1, 6),
    "Guyane": (2, 6),
    "La Réunion": (3, 6),
    "Mayotte": (4, 6),
}
"""Column and row of each région's tile: a grid laid out as France, overseas on the last row."""

SHADES = ("#F2F2F2", "#FFF7BC", "#FEE391", "#FEC44F", "#FB9A29", "#EC7014", "#CC4C02")
"""No actor, then Paul Tol's sequential *YlOrBr*, light to dark, by the number of actors."""


def region_tiles(nodes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One tile per région: its place, its number of actors, its networks and its shade.

    Parameters
    ----------
    nodes : iterable of dict
        The map's nodes (``map_data``): ``f["region"]``, ``f["kind"]``, ``label``; a
        group's ``regions``, how many of its actors serve each région.

    Returns
    -------
    list of dict
        ``name``, ``col``, ``row``, ``count``, ``networks`` (names of the territorial
        networks serving it), ``fill``; in the order of ``TILES``.

    Examples
    --------
    >>> ardes = {"region": ["Normandie"], "kind": ["Territorial network"]}
    >>> nodes = [{"label": "ARDES", "f": ardes}]
    >>> tile = region_tiles(nodes)[1]
    >>> tile["name"], tile["count"], tile["networks"], tile["fill"] != SHADES[0]
    ('Normandie', 1, ['ARDES'], True)
    >>> region_tiles([*nodes, {"label": "Groupe", "regions": {"Normandie": 40}}])[1]["count"]
    41
    """
    counts: Counter[str] = Counter()
    networks: dict[str, list[str]] = {}
    for node in nodes:
        counts.update({r: c for r, c in node.get("regions", {}).items() if r in TILES})
        regions = [r for r in node.get("f", {}).get("region", ()) if r in TILES]
        for region in regions:
            counts[region] += 1
            if any(kind_code(k) == "reseau-territorial" for k in node["f"].get("kind", ())):
                networks.setdefault(region, []).append(str(node["label"]).split("\n")[0])
    top = max(counts.values(), default=0)
    tiles = []
    for name, (col, row) in TILES.items():
        count = counts[name]
        shade = 0 if not count else 1 + (len(SHADES) - 2) * (count - 1) // max(top - 1, 1)
        tiles.append(
            {
                "name": name,
                "col": col,
                "row": row,
                "count": count,
                "networks": sorted(networks.get(name, [])),
                "fill": SHADES[min(shade, len(SHADES) - 1)],
            }
        )
    return tiles


def geo_svg(tiles: Iterable[Mapping[str, Any]], title: str) -> str:
    """The tiles as an SVG: a square per région, its name, its count and its networks.

    Examples
    --------
    >>> svg = geo_svg(region_tiles([]), "Carte <France>")
    >>> svg.count('<g class="mes-region"'), "Carte &lt;France&gt;" in svg
    (18, True)
    """
    e, size = html.escape, 118
    parts = [
        f'<svg viewBox="0 0 {5 * size + 10} {7 * size + 10}" role="group" '
        f'aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tile in tiles:
        x, y = 5 + tile["col"] * size, 5 + tile["row"] * size
        words = [*textwrap.wrap(tile["name"], 15), str(tile["count"]), *tile["networks"]]
        text = "".join(
            f'<text x="{x + size / 2:g}" y="{y + 24 + 17 * i}" text-anchor="middle">{e(w)}</text>'
            for i, w in enumerate(words[:5])
        )
        parts.append(
            f'<g class="mes-region" data-region="{e(tile["name"])}" data-count="{tile["count"]}" '
            f'tabindex="0" role="button"><rect x="{x}" y="{y}" width="{size - 6}" '
            f'height="{size - 6}" rx="6" fill="{tile["fill"]}"/>{text}</g>'
        )
    parts.append("</svg>")
    return "".join(parts)
