"""The map of France beside the alliance map: tile grids of the régions and départements,
and the actors' points, drawn by the project.

Takes the nodes and points of a map (``data.map_data``); gives ``region_tiles``: one tile
per région (the 13 of metropolitan France, laid out roughly as the country, and the 5
overseas ones in a row), each with the number of actors in it, the territorial networks
that serve it, and its shade; ``departement_tiles``: the same for the 101 départements;
``geo_svg`` draws tiles as an SVG the page embeds, ``points_svg`` the actors that have
coordinates, every text escaped. No boundary file, no tile server: the layouts are ours
(``TILES``, ``DEPARTEMENT_TILES``: laid out by hand from where each prefecture lies, the
départements of a région touching), the names are those of the code lists
(``ontology/vocabularies/places.ttl`` and ``insee/departements.ttl``, INSEE's COG), so it
ships with no third-party data.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from mes_graph.maps.style import kind_code
from mes_graph.registers import codes
from mes_graph.registers.model import DEPARTEMENT

__all__ = [
    "DEPARTEMENT_TILES",
    "METROPOLE",
    "SHADES",
    "TILES",
    "departement_names",
    "departement_tiles",
    "departements_svg",
    "geo_svg",
    "in_metropole",
    "points_svg",
    "region_tiles",
]

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

DEPARTEMENT_TILES: dict[str, tuple[int, int]] = {
    "01": (9, 7), "02": (7, 1), "03": (6, 7), "04": (9, 10), "05": (10, 9), "06": (10, 10),
    "07": (8, 9), "08": (8, 1), "09": (4, 12), "10": (8, 4), "11": (5, 11), "12": (5, 9),
    "13": (8, 10), "14": (4, 2), "15": (6, 9), "16": (3, 7), "17": (2, 7), "18": (6, 6),
    "19": (5, 8), "21": (9, 5), "22": (2, 3), "23": (5, 7), "24": (4, 8), "25": (10, 6),
    "26": (8, 8), "27": (5, 2), "28": (5, 3), "29": (1, 4), "2A": (12, 12), "2B": (12, 11),
    "30": (7, 10), "31": (4, 11), "32": (3, 10), "33": (3, 8), "34": (6, 10), "35": (3, 3),
    "36": (5, 6), "37": (4, 5), "38": (9, 8), "39": (9, 6), "40": (2, 9), "41": (5, 5),
    "42": (7, 7), "43": (7, 8), "44": (2, 5), "45": (5, 4), "46": (4, 9), "47": (3, 9),
    "48": (7, 9), "49": (3, 5), "50": (3, 2), "51": (8, 2), "52": (9, 4), "53": (3, 4),
    "54": (9, 3), "55": (9, 2), "56": (2, 4), "57": (10, 2), "58": (7, 6), "59": (7, 0),
    "60": (6, 2), "61": (4, 3), "62": (6, 0), "63": (6, 8), "64": (2, 10), "65": (3, 11),
    "66": (5, 12), "67": (10, 3), "68": (11, 4), "69": (8, 7), "70": (10, 5), "71": (8, 6),
    "72": (4, 4), "73": (10, 8), "74": (10, 7), "75": (7, 4), "76": (5, 1), "77": (8, 3),
    "78": (6, 3), "79": (3, 6), "80": (6, 1), "81": (5, 10), "82": (4, 10), "83": (9, 11),
    "84": (9, 9), "85": (2, 6), "86": (4, 6), "87": (4, 7), "88": (10, 4), "89": (8, 5),
    "90": (11, 5), "91": (6, 5), "92": (6, 4), "93": (7, 3), "94": (7, 5), "95": (7, 2),
    "971": (0, 13), "972": (1, 13), "973": (2, 13), "974": (3, 13), "976": (4, 13),
}  # fmt: skip
"""Column and row of each département's tile (its COG code): as France, overseas below."""

SHADES = ("#F2F2F2", "#FFF7BC", "#FEE391", "#FEC44F", "#FB9A29", "#EC7014", "#CC4C02")
"""No actor, then Paul Tol's sequential *YlOrBr*, light to dark, by the number of actors."""


def _shade(count: int, top: int) -> str:
    shade = 0 if not count else 1 + (len(SHADES) - 2) * (count - 1) // max(top - 1, 1)
    return SHADES[min(shade, len(SHADES) - 1)]


def region_tiles(nodes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One tile per région: its place, its number of actors, its networks and its shade.

    Parameters
    ----------
    nodes : iterable of dict
        The map's nodes (``map_data``): ``f["region"]``, ``f["kind"]``, ``label``; a
        group's ``regions``, how many of its actors are in each région.

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
    return [
        {
            "name": name,
            "col": col,
            "row": row,
            "count": counts[name],
            "networks": sorted(networks.get(name, [])),
            "fill": _shade(counts[name], top),
        }
        for name, (col, row) in TILES.items()
    ]


@cache
def departement_names() -> dict[str, str]:
    """The code (COG) of each département, by its name in the code list.

    Examples
    --------
    >>> departement_names()["Ille-et-Vilaine"], len(departement_names())
    ('35', 101)
    """
    return {codes.label(DEPARTEMENT[code]): code for code in DEPARTEMENT_TILES}


def departement_tiles(nodes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One tile per département: its place, its number of actors and its shade.

    Parameters
    ----------
    nodes : iterable of dict
        The map's nodes (``map_data``): an actor's ``f["departement"]``, a group's
        ``departements``, how many of its actors are in each.

    Returns
    -------
    list of dict
        ``name``, ``code``, ``col``, ``row``, ``count``, ``fill``; in the order of
        ``DEPARTEMENT_TILES``.

    Examples
    --------
    >>> nodes = [{"f": {"departement": ["Ille-et-Vilaine"]}},
    ...          {"label": "Groupe", "departements": {"Ille-et-Vilaine": 9, "Ain": 2}}]
    >>> [(t["code"], t["count"]) for t in departement_tiles(nodes) if t["count"]]
    [('01', 2), ('35', 10)]
    """
    known, counts = departement_names(), Counter[str]()
    for node in nodes:
        counts.update({d: c for d, c in node.get("departements", {}).items() if d in known})
        counts.update(d for d in node.get("f", {}).get("departement", ()) if d in known)
    top = max(counts.values(), default=0)
    names = {code: name for name, code in known.items()}
    return [
        {
            "name": names[code],
            "code": code,
            "col": col,
            "row": row,
            "count": counts[names[code]],
            "fill": _shade(counts[names[code]], top),
        }
        for code, (col, row) in DEPARTEMENT_TILES.items()
    ]


def geo_svg(tiles: Iterable[Mapping[str, Any]], title: str) -> str:
    """The tiles of the régions as an SVG: a square each, its name, count and networks.

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


def departements_svg(tiles: Iterable[Mapping[str, Any]], title: str) -> str:
    """The tiles of the départements as an SVG: a square each, its code and count, its
    name on hover; overseas on a row of their own.

    Examples
    --------
    >>> svg = departements_svg(departement_tiles([]), "Départements")
    >>> svg.count('<g class="mes-region"'), '<title>Ille-et-Vilaine : 0</title>' in svg
    (101, True)
    """
    e, size = html.escape, 46
    last = max(r for _, r in DEPARTEMENT_TILES.values())  # the overseas row
    width = (max(c for c, _ in DEPARTEMENT_TILES.values()) + 1) * size + 10
    height = (last + 1) * size + 10 + size // 2
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="group" aria-label="{e(title)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for tile in tiles:
        gap = size // 2 if tile["row"] == last else 0
        x, y = 5 + tile["col"] * size, 5 + tile["row"] * size + gap
        middle = x + (size - 4) / 2
        parts.append(
            f'<g class="mes-region" data-departement="{e(tile["name"])}" '
            f'data-count="{tile["count"]}" tabindex="0" role="button">'
            f"<title>{e(tile['name'])} : {tile['count']}</title>"
            f'<rect x="{x}" y="{y}" width="{size - 4}" height="{size - 4}" rx="4" '
            f'fill="{tile["fill"]}"/><text x="{middle:g}" y="{y + 18}" text-anchor="middle">'
            f'{e(tile["code"])}</text><text class="mes-count" x="{middle:g}" y="{y + 34}" '
            f'text-anchor="middle">{tile["count"] if tile["count"] else ""}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


METROPOLE = ((41.2, 51.2), (-5.3, 9.7))
"""The latitudes and longitudes of metropolitan France (Corsica included)."""


def in_metropole(point: Sequence[Any]) -> bool:
    """Whether a point (latitude, longitude, …) lies in metropolitan France's bounds.

    Examples
    --------
    >>> in_metropole([46.32, -0.46]), in_metropole([-21.1, 55.5])
    (True, False)
    """
    (south, north), (west, east) = METROPOLE
    return south <= point[0] <= north and west <= point[1] <= east


def points_svg(points: Iterable[Sequence[Any]], title: str, width: int = 480) -> str:
    """The actors with coordinates in metropolitan France as points, on the extent of them.

    An equirectangular projection, true at the points' mean latitude: no boundary, the
    points drawn alone, each named on hover.

    Parameters
    ----------
    points : iterable of sequence
        ``[latitude, longitude, IRI, name, leaf]`` (``map_data``'s ``points``; ``leaf``
        is the number of the leaf of a grouped actor, -1 for one drawn).
    title : str
    width : int
        Of the drawing, in pixels, at most (and its height); the extent of the points
        sets the other.

    Returns
    -------
    str
        An SVG, every text escaped; empty when no point is in metropolitan France.

    Examples
    --------
    >>> svg = points_svg([[46.3, -0.46, "https://x.org/a", "A <b>", -1],
    ...                   [46.4, -0.40, "https://x.org/b", "B", 3]], "Points")
    >>> svg.count('<circle class="mes-point"'), "A &lt;b&gt;" in svg, 'data-leaf="3"' in svg
    (2, True, True)
    """
    inside = [p for p in points if in_metropole(p)]
    if not inside:
        return ""
    e = html.escape
    lats, lons = [p[0] for p in inside], [p[1] for p in inside]
    north, west = max(lats), min(lons)
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - west) * squeeze, 0.02)
    span_y = max(north - min(lats), 0.02)
    scale = min((width - 20) / span_x, (width - 20) / span_y)  # at most as tall as wide
    width, height = round(span_x * scale) + 20, round(span_y * scale) + 20
    radius = 3 if len(inside) <= 2_000 else 1.5
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="group" aria-label="{e(title)}" '
        'xmlns="http://www.w3.org/2000/svg"><rect class="mes-frame" x="0" y="0" '
        f'width="{width}" height="{height}" fill="#FAFAFA"/>'
    ]
    for lat, lon, iri, name, leaf in inside:
        x = 10 + (lon - west) * squeeze * scale
        y = 10 + (north - lat) * scale
        parts.append(
            f'<circle class="mes-point" cx="{x:.1f}" cy="{y:.1f}" r="{radius}" '
            f'data-id="{e(iri)}" data-leaf="{leaf}"><title>{e(name)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)
