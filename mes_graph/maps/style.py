"""How a map looks: colours, shapes, dash patterns, and the size of a node.

Takes a projection (``network.alliance_network``) and the values of the metric that sizes
the nodes; gives the colour of each kind of actor (``kind_colours``: each concept of the
kinds code list has its own, from Paul Tol's colour-blind-safe *muted* palette, then the
same with a ring; grey for a kind outside the list), the size of a
node (``node_size``), and the constants of shapes and relations the page and the images
share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import Graph
from rdflib.namespace import SKOS

from mes_graph import network
from mes_graph.base.terms import PREFIXES
from mes_graph.load import resource_dir
from mes_graph.maps.words import split_values

__all__ = [
    "BORDER",
    "EDGE_COLOUR",
    "FADED",
    "GREY",
    "GROUP_EDGE",
    "HIGHLIGHT",
    "KIND_COLOURS",
    "MARKERS",
    "PALETTE",
    "RELATION_STYLES",
    "RING",
    "SHAPES",
    "finite",
    "kind_code",
    "kind_colours",
    "node_size",
    "top_value",
]

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


KIND_COLOURS: dict[str, tuple[str, bool]] = {
    "mouvement": (PALETTE[0], False),
    "reseau-territorial": (PALETTE[1], False),
    "federation-filiere": (PALETTE[2], False),
    "structure-ressource": (PALETTE[3], False),
    "organisation-ess": (PALETTE[4], False),
    "etablissement-recherche": (PALETTE[5], False),
    "chaire": (PALETTE[6], False),
    "reseau-universitaire": (PALETTE[7], False),
    "organisation-nationale-ess": (PALETTE[8], False),
    "reseau-international": (PALETTE[0], True),
    "collectif": (PALETTE[1], True),
    "instance-consultative": (PALETTE[2], True),
    "antennes-regionales": (PALETTE[3], True),
    "chercheur-acteur": (PALETTE[5], True),
}
"""The fixed colour (and ring) of each concept of the kinds code list
(``ontology/vocabularies/kinds.ttl``), by the last segment of its IRI, in the order of the
list's ``skos:hasTopConcept``: the same kind has the same colour in every map, whatever
the other kinds of the graph. A kind outside the list is grey."""


@lru_cache(maxsize=1)
def _kind_codes() -> dict[str, str]:
    """Every label (French and English) of the kinds code list → the concept's code."""
    path = resource_dir() / "ontology" / "vocabularies" / "kinds.ttl"
    codes = Graph().parse(path, format="turtle")
    found = {}
    for concept, label in codes.subject_objects(SKOS.prefLabel):
        if str(concept).startswith(str(PREFIXES["kind"])):
            found[str(label)] = str(concept).removeprefix(str(PREFIXES["kind"]))
    return found


def kind_code(label: str) -> str | None:
    """The code of a kind in the kinds code list, from its French or English label.

    Examples
    --------
    >>> kind_code("Réseau territorial"), kind_code("Territorial network"), kind_code("Cité")
    ('reseau-territorial', 'reseau-territorial', None)
    """
    return _kind_codes().get(label)


def kind_colours(G: nx.Graph) -> dict[str, tuple[str, bool]]:
    """The colour of each kind of actor of a projection, and whether it wears a ring.

    Each kind takes its concept's fixed colour (``KIND_COLOURS``): Paul Tol's *muted*
    palette for the first nine concepts of the code list, the same colours with a black
    ring for the others. A kind the code list does not have is grey. The colour never
    depends on which other kinds the graph holds, so two maps, the report and
    ``carte.png`` agree however the data changes.

    Parameters
    ----------
    G : networkx.Graph
        A projection.

    Returns
    -------
    dict
        Kind label (the first of an actor's kinds) → (colour, ring).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"kind": "Réseau territorial"}), (2, {"kind": "Mouvement"})])
    >>> G.add_node(3, kind="Cité")
    >>> colours = kind_colours(G)
    >>> colours["Mouvement"], colours["Réseau territorial"], colours["Cité"]
    (('#CC6677', False), ('#332288', False), ('#DDDDDD', False))
    """
    return dict(network.kept(G, "mes_graph.kind_colours", lambda: _kind_colours(G)))


def _kind_colours(G: nx.Graph) -> dict[str, tuple[str, bool]]:
    colours: dict[str, tuple[str, bool]] = {}
    for _, kind in G.nodes(data="kind"):
        for first in split_values(kind)[:1]:
            if first not in colours:
                colours[first] = KIND_COLOURS.get(kind_code(first) or "", (GREY, False))
    return colours


def finite(value: Any) -> bool:
    """Whether a value is a finite number (not a flag, not NaN, not infinite).

    Examples
    --------
    >>> finite(0.5), finite(float("nan")), finite(True), finite(None)
    (True, False, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def top_value(G: nx.Graph, sizes: Mapping[Any, Any]) -> float:
    """The largest finite value of the metric that sizes the nodes (0 if none).

    Kept with ``G`` for the same values, which the ego maps of a site share, map after map.

    Parameters
    ----------
    G : networkx.Graph
        The projection the values are of.
    sizes : mapping
        Actor → value of the metric.

    Returns
    -------
    float

    Examples
    --------
    >>> top_value(nx.Graph(), {"a": 0.5, "b": float("nan"), "c": 2})
    2.0
    """
    last = network.kept(G, "mes_graph.top", dict)
    if last.get("sizes") is not sizes or last.get("count") != len(sizes):
        top = max((float(v) for v in sizes.values() if finite(v)), default=0.0)
        last.update(sizes=sizes, count=len(sizes), top=top)
    return last["top"]


def node_size(value: Any, top: float) -> float:
    """Node size: the area grows with the metric; missing values get the smallest.

    Parameters
    ----------
    value : number or None
        The actor's value of the metric.
    top : float
        The largest value (``top_value``).

    Returns
    -------
    float
        From 10 (no value, or 0) to 40 (the top).

    Examples
    --------
    >>> node_size(None, 2.0), node_size(0.5, 2.0), node_size(2.0, 2.0)
    (10.0, 25.0, 40.0)
    """
    if value is None or not isinstance(value, int | float) or math.isnan(value) or top <= 0:
        return 10.0
    return round(10 + 30 * math.sqrt(max(float(value), 0.0) / top), 1)
