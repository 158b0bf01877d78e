"""The HTML page of a map, offline and safe, and the files a site of maps shares.

Takes the data of a map (``data.map_data``); gives a whole HTML page (``render_page``;
``map_page`` draws a view straight to it) with vis-network inlined, or linked from a
folder of shared assets (``copy_assets``), and writes a page or an image atomically
(``write_map``). Every text from the data reaches the page as JSON inside a
non-executed ``<script type="application/json">``, and the Content-Security-Policy allows
only the page's own scripts, by hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from string import Template
from typing import Any

import networkx as nx
import pyvis

from mes_graph.actors import fold
from mes_graph.base.files import script_safe, write_atomic
from mes_graph.maps.data import map_data
from mes_graph.maps.geo import (
    departement_tiles,
    departements_svg,
    geo_svg,
    in_metropole,
    points_svg,
    region_tiles,
)
from mes_graph.maps.options import MapOptions
from mes_graph.maps.style import BORDER, EDGE_COLOUR, GROUP_EDGE, RING
from mes_graph.maps.words import format_count, words_for

__all__ = ["ASSETS", "PAGE", "STATIC", "VIS", "copy_assets", "map_page", "render_page", "write_map"]

STATIC = Path(__file__).parent.parent / "static"
"""Our files of the page, in ``mes_graph/static``: script, style, and the ``NOTICE`` of
vis-network's licence."""

VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
"""vis-network 9.1.2 (script and style), taken from the pyvis 0.3.2 package: the build pyvis
wraps, its SHA-256 in ``static/NOTICE``."""

ASSETS = ("vis-network.min.js", "vis-network.css", "NOTICE")
"""What ``copy_assets`` copies next to a static site."""

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
$geo$legend
<noscript><p>$noscript</p></noscript>
<script type="application/json" id="mes-data">$data</script>
$members$vis_js
<script>$app</script>
</body>
</html>
"""
)
"""The page around the map: every ``$`` value is escaped, or is our own script."""


def _source(name: str) -> Path:
    return (VIS if name.startswith("vis-network") else STATIC) / name


@functools.cache
def _static(name: str) -> str:
    return _source(name).read_text(encoding="utf-8")


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
    return script_safe(text)


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
    options: MapOptions | None = None,
    *,
    assets: str | None = None,
    **changes: Any,
) -> str:
    """The map of a view as a whole HTML page: offline, every text escaped, deterministic.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (``network.alliance_network``); only read.
    options : MapOptions, optional
        What the map shows, as in ``map_data``.
    assets : str, optional
        ``None`` inlines vis-network: one self-contained file. A relative URL prefix
        (``"../assets"``) links ``<prefix>/vis-network.min.js`` and ``.css`` instead, for
        a site of many maps sharing one copy (``copy_assets``).
    **changes
        Fields of ``MapOptions``, over ``options``, as in ``map_data``.

    Returns
    -------
    str
        The page; write it as UTF-8 (``write_map``). The same input gives the same text.

    Examples
    --------
    >>> from mes_graph import network
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> page = map_page(G, lang="en", date="2026-11-30")
    >>> page.startswith("<!DOCTYPE html>"), page == map_page(G, lang="en", date="2026-11-30")
    (True, True)
    >>> re.findall(r'(?:src|href)="https?:', page)
    []
    >>> '<script src="../assets/vis-network.min.js">' in map_page(G, assets="../assets")
    True
    """
    return render_page(map_data(G, options, **changes), assets=assets)


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
    >>> from mes_graph import network
    >>> data = map_data(network.alliance_network(network.tiny_alliance()), lang="en")
    >>> "<h1>Alliances of the Mouvement pour l&#x27;Économie Solidaire</h1>" in render_page(data)
    True
    """
    e = html.escape
    words = words_for(data["lang"])
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
        geo=_geo_html(data, words),
        legend=_legend_html(data["legend"], words),
        noscript=e(words["noscript"]),
        data=_json({k: v for k, v in data.items() if k not in ("leaves", "points")}),
        members="".join(_member_blocks(data.get("leaves", ()))),
        vis_js=vis_js,
        app=app,
    )


def _member_blocks(leaves: Sequence[Sequence[Sequence[str]]]) -> list[str]:
    """The grouped actors, one leaf a block the page reads when a group holding it opens.

    Leaf ``n`` (``map_data``'s ``leaves``) becomes two non-executed elements:
    ``mes-m-<n>``, its actors as JSON (``base`` + each IRI's end, name), and ``mes-k-<n>``,
    their names folded for search, one a line. The page parses a leaf only when a group
    holding it opens, and searches the folded names as text.

    Examples
    --------
    >>> print("".join(_member_blocks([[["https://x.org/a", "Ana"], ["https://x.org/b", "Bé"]]])))
    <script type="application/json" id="mes-m-0">{"base":"https://x.org/","m":[["a","Ana"],["b","Bé"]]}</script>
    <script type="text/plain" id="mes-k-0">ana
    be</script>
    <BLANKLINE>
    """
    blocks: list[str] = []
    for number, members in enumerate(leaves):
        base = members[0][0] if members else ""
        while base and not all(m[0].startswith(base) for m in members):
            base = base[:-1]
        base = base[: max(base.rfind("/"), base.rfind("#")) + 1]
        names = _json({"base": base, "m": [[i[len(base) :], n] for i, n in members]})
        keys = "\n".join(fold(n) for _, n in members)  # letters, digits and spaces only
        blocks.append(f'<script type="application/json" id="mes-m-{number}">{names}</script>\n')
        blocks.append(f'<script type="text/plain" id="mes-k-{number}">{keys}</script>\n')
    return blocks


def _geo_html(data: Mapping[str, Any], words: Mapping[str, str]) -> str:
    """The map of France (``geo``): the régions, the départements and the actors' points,
    each a tab, those with nothing to show left out; nothing when none has."""
    e = html.escape
    regions, departements = region_tiles(data["nodes"]), departement_tiles(data["nodes"])
    points = data.get("points", [])
    panels = []
    if any(tile["count"] for tile in regions):
        panels.append(
            (
                "regions",
                words["geo_regions"],
                words["geo_hint"],
                geo_svg(regions, words["geo_regions"]),
            )
        )
    if any(tile["count"] for tile in departements):
        svg = departements_svg(departements, words["geo_departements"])
        panels.append(
            ("departements", words["geo_departements"], words["geo_hint_departements"], svg)
        )
    svg = points_svg(points, words["geo_points"])
    if svg:
        total, lang = data.get("points_total", len(points)), data["lang"]
        inside = sum(map(in_metropole, points))
        hint = words["geo_hint_points"].format(
            shown=format_count(inside, lang), total=format_count(total, lang)
        )
        panels.append(("points", words["geo_points"], hint, svg))
    if not panels:
        return ""
    tabs = "".join(
        f'<button type="button" role="tab" data-geo="{key}" aria-selected="{str(not i).lower()}">'
        f"{e(label)}</button>"
        for i, (key, label, _, _) in enumerate(panels)
    )
    tabs = f'<div class="mes-tabs" role="tablist">{tabs}</div>' if len(panels) > 1 else ""
    bodies = "".join(
        f'<div data-geo-panel="{key}"{" hidden" if i else ""}>'
        f'<p class="mes-note">{e(hint)}</p>{svg}</div>'
        for i, (key, _, hint, svg) in enumerate(panels)
    )
    return (
        f'<section id="geo" aria-labelledby="geo-title"><h2 id="geo-title">'
        f"{e(words['geo_title'])}</h2>{tabs}"
        f"{bodies}</section>\n"
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
    return [write_atomic(folder / name, _source(name).read_bytes()) for name in ASSETS]


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
