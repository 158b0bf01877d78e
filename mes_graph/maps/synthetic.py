"""Synthetic networks shaped like a projection, built without RDF: to measure the maps at scale.

Takes a number of actors and a seed; gives a ``MultiDiGraph`` with the attributes
``network.alliance_network`` gives its nodes and links.
"""

from __future__ import annotations

import random
from functools import cache

import networkx as nx

from mes_graph.registers import codes
from mes_graph.registers.model import DEPARTEMENT, REGION

__all__ = ["SYNTHETIC_KINDS", "SYNTHETIC_REGIONS", "SYNTHETIC_SECTORS", "synthetic_network"]

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


@cache
def _departements() -> dict[str, list[tuple[str, int, int]]]:
    """Région → its départements: name, and the tile of the map of France (for a point)."""
    from mes_graph.maps.geo import DEPARTEMENT_TILES

    found: dict[str, list[tuple[str, int, int]]] = {}
    for code, (col, row) in DEPARTEMENT_TILES.items():
        region = codes.label(REGION[codes.region_of_departement(code)])
        found.setdefault(region, []).append((codes.label(DEPARTEMENT[code]), col, row))
    return found


def synthetic_network(n: int, seed: int = 0) -> nx.MultiDiGraph:
    """A network shaped like a projection, of ``n`` actors, built directly (no RDF): for scale.

    Preferential attachment (Barabási–Albert, two links per newcomer: a few hubs, many
    small actors); each actor has a type, label, acronym, kind, region, département
    (one of its région's) and sector, and one in three coordinates (made up, around its
    département's tile on the map of France); each link a relation (mostly membership;
    affiliation for people), a role, dates, a source.

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
    rng, places = random.Random(seed), random.Random(seed + 1)
    base = nx.barabasi_albert_graph(n, 2, seed=seed) if n > 3 else nx.path_graph(n)
    kinds = list(SYNTHETIC_KINDS)
    weights = [SYNTHETIC_KINDS[k][0] for k in kinds]
    S = nx.MultiDiGraph(as_of=None, lang="fr", sources=["https://example.org/synthetic"])
    iri = "https://w3id.org/mes-graph/id/synthetic/{}".format
    for i in range(n):
        kind = kinds[i + 2] if i < 4 else rng.choices(kinds, weights)[0]
        kind_type = SYNTHETIC_KINDS[kind][1]
        label = f"Acteur {i} de l'économie solidaire" if kind_type != "person" else f"Personne {i}"
        region = rng.choice(SYNTHETIC_REGIONS)
        departement, col, row = places.choice(_departements()[region])
        located = places.random() < 1 / 3
        S.add_node(
            iri(i),
            type=kind_type,
            label=label,
            name=f"AES-{i}" if kind_type != "person" else label,
            kind=kind,
            region=region,
            departement=departement,
            latitude=round(51 - 0.7 * (row + places.random()), 5) if located else None,
            longitude=round(-4.8 + 1.05 * (col + places.random()), 5) if located else None,
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
