"""Maps of the alliances: one offline, safe HTML page per view, a notebook display, images.

Takes the projection ``network.alliance_network`` builds (a NetworkX ``MultiDiGraph`` of
actors and their links) and, optionally, its metrics table; gives:

- ``map_page``: a whole HTML page (UTF-8 text) drawn by vis-network, taken from the pyvis
  package (``mes_graph/static/NOTICE``: its licence) and inlined, or linked from a folder
  next to the page (``assets=``, with ``copy_assets``) for a static site of many maps;
- ``map_data``: the same map as plain data (nodes, edges, legend, header), for tests and
  for other renderers;
- ``show_map``: an object Jupyter shows inline (an ``<iframe srcdoc>``), no file written;
- ``pyvis_network``: the same page as a ``pyvis.network.Network``, to restyle
  (``show_buttons``, physics options) and ``show()``, still offline and escaped;
- ``map_figure``: the same view as a PNG or SVG image (matplotlib), for slides
  (``draw_figure``: the matplotlib ``Figure`` itself, to restyle);
- ``write_map``: an atomic write of either.

What a map shows is one ``MapOptions`` (view, actors, filters, header, metrics): each of
``map_data``, ``map_page``, ``show_map`` and ``map_figure`` takes one, or its fields as
keywords (``map_page(G, view="ego", actor="ARDES")``), or both (the keywords change the
options given).

One module per topic, each re-exported here: ``options`` (``MapOptions``), ``words``
(French and English), ``style`` (colours, shapes, sizes), ``views`` (what a view draws:
the ``Scene``), ``data`` (``map_data``), ``header`` (header, legend, filters,
``data_stamp``), ``page`` (the HTML page and its assets), ``notebook`` (``show_map``),
``figure`` (PNG and SVG), ``restyle`` (``pyvis_network``), ``geo`` (the map of France:
tile grids of the régions and départements, the actors' points), ``synthetic`` (networks
for scale).

What the page shows. Colour is the kind of actor, from Paul Tol's colour-blind-safe
*muted* palette (nine colours; the tenth to eighteenth kinds reuse them with a black ring,
the rest are grey), or the community in the ``communities`` view. Size is a metric of the
whole projection (default betweenness), so that an actor has the same size on every map.
Shape: a disc for an organisation, a diamond for a person, a square for a concept, a
hexagon for a group of actors. Each relation has its own dash pattern and arrow head. A
legend, a search box (name or acronym, accents ignored), filters by kind, region, sector
and relation, a date slider, and a side panel with the links of the clicked actor, each
read from its side ("participe à : CSESS", "a pour membres : ARDES, …"), from which the
page draws that actor's ego map (radius 1 to 3) or the shortest paths to another actor,
on the links drawn and not filtered out.

Views: ``all``; ``ego`` (an actor and the actors within ``radius`` ties); ``path`` (every
shortest path between ``actor`` and ``to``, highlighted on the whole map); ``communities``
(Louvain, fixed seed). ``kinds``, ``regions`` and ``sectors`` keep the actors that have one
of those values (the focal actors of a view always stay).

Scale. Up to ``PHYSICS_MAX`` nodes, vis-network's physics lays the map out (seeded) and
stops once stable; above, NetworkX computes the positions (seeded) and physics is off.
Above ``MAX_NODES`` nodes (or ``MAX_EDGES`` links) the page shows an aggregated view,
and says so: the ``TOP_ACTORS`` actors of highest metric, each drawn, and every other
actor counted in a group per kind (per community in the ``communities`` view), or per
région, as the page's « Regrouper par » chooses; the groups stand on rings around the
actors drawn. A group of at most ``OPEN_MAX`` actors opens into them; a larger one opens
into smaller groups (by région, then sector, then parts), so that an opening never draws
more. The grouped actors sit in leaves (the same kind, région, sector and community) of
their own in the page, of which every grouping's groups are made, parsed only when a
group holding them opens; search reads their folded names as text: the page's first
draw does not grow with them.

The map of France, under the map: the régions and the départements as tile grids drawn
by the project, shaded by the actors in them, and the actors with coordinates as points
(at most ``POINTS_MAX``); a click lists a territory's actors or opens a point's.

Safety. Every text from the data reaches the page as JSON inside a non-executed
``<script type="application/json">`` (``<``, ``>`` and ``&`` escaped), and is set with DOM
``textContent``, never as HTML; the header and legend are escaped by ``html.escape``. A
Content-Security-Policy allows only the page's own scripts (by hash), no connection, no
image but ``data:``. Nothing is fetched from the network. The same input gives the same
bytes: no clock is read; the date printed is the one passed in, else the graph's
``date``, else ``SOURCE_DATE_EPOCH``, else none. pyvis's own page is not used: it fetches
Bootstrap from a CDN, may put a title in ``innerHTML`` and writes in the locale's encoding.
Notebook users who want pyvis's API get ``pyvis_network``: a ``pyvis.network.Network``
filled with the map's nodes and edges, whose template is this page (``restyle``).
vis-network is the 9.1.2 build the pyvis 0.3.2 package ships (``VIS``), read from it.

Examples
--------
>>> from mes_graph import maps, network
>>> G = network.alliance_network(network.tiny_alliance())
>>> maps.map_page(G, view="ego", actor="Ana").startswith("<!DOCTYPE html>")
True
"""

from __future__ import annotations

from mes_graph.maps.data import OPEN_MAX, PHYSICS_MAX, TOP_ACTORS, layout, map_data
from mes_graph.maps.figure import FIGURE_FORMATS, draw_figure, map_figure, render_figure
from mes_graph.maps.header import data_stamp
from mes_graph.maps.notebook import MapDisplay, show_map
from mes_graph.maps.options import (
    FILTERS,
    KEY_METRICS,
    SIZE_METRICS,
    VIEWS,
    MapOptions,
    map_options,
)
from mes_graph.maps.page import (
    ASSETS,
    PAGE,
    STATIC,
    VIS,
    copy_assets,
    map_page,
    render_page,
    write_map,
)
from mes_graph.maps.restyle import MapNetwork, pyvis_network
from mes_graph.maps.style import (
    BORDER,
    EDGE_COLOUR,
    FADED,
    GREY,
    GROUP_EDGE,
    HIGHLIGHT,
    KIND_COLOURS,
    MARKERS,
    PALETTE,
    RELATION_STYLES,
    RING,
    SHAPES,
    kind_colours,
)
from mes_graph.maps.synthetic import (
    SYNTHETIC_KINDS,
    SYNTHETIC_REGIONS,
    SYNTHETIC_SECTORS,
    synthetic_network,
)
from mes_graph.maps.views import BETWEENNESS_BUDGET, MAX_EDGES, MAX_NODES, Scene
from mes_graph.maps.words import JS_STRINGS, METRIC_NAMES, RELATION_NAMES, STRINGS

__all__ = [
    "ASSETS",
    "BETWEENNESS_BUDGET",
    "BORDER",
    "EDGE_COLOUR",
    "FADED",
    "FIGURE_FORMATS",
    "FILTERS",
    "GREY",
    "GROUP_EDGE",
    "HIGHLIGHT",
    "JS_STRINGS",
    "KEY_METRICS",
    "KIND_COLOURS",
    "MARKERS",
    "MAX_EDGES",
    "MAX_NODES",
    "METRIC_NAMES",
    "OPEN_MAX",
    "PAGE",
    "PALETTE",
    "PHYSICS_MAX",
    "RELATION_NAMES",
    "RELATION_STYLES",
    "RING",
    "SHAPES",
    "SIZE_METRICS",
    "STATIC",
    "STRINGS",
    "SYNTHETIC_KINDS",
    "SYNTHETIC_REGIONS",
    "SYNTHETIC_SECTORS",
    "TOP_ACTORS",
    "VIEWS",
    "VIS",
    "MapDisplay",
    "MapNetwork",
    "MapOptions",
    "Scene",
    "copy_assets",
    "data_stamp",
    "draw_figure",
    "kind_colours",
    "layout",
    "map_data",
    "map_figure",
    "map_options",
    "map_page",
    "pyvis_network",
    "render_figure",
    "render_page",
    "show_map",
    "synthetic_network",
    "write_map",
]
