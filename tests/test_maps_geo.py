"""The map of France: actors placed by their address and coordinates, the départements'
tiles, the points; on Transiscope's records around Niort (``../shared/data``, ODbL) and
on synthetic networks."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hostile_actor import PAYLOAD

from mes_graph import maps
from mes_graph import network as nw
from mes_graph.cli import main
from mes_graph.load import load
from mes_graph.maps import geo

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NIORT = DATA / "transiscope" / "niort-2020.json"
needs_niort = pytest.mark.skipif(
    not NIORT.exists(), reason="../shared/data/transiscope/niort-2020.json is absent"
)

PLACED = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix scheme: <https://w3id.org/mes-graph/id/scheme/> .
@prefix commune: <https://w3id.org/mes-graph/id/place/commune/> .
@prefix departement: <https://w3id.org/mes-graph/id/place/departement/> .
@prefix region: <https://w3id.org/mes-graph/id/place/region/> .
@prefix o: <https://example.org/organisation/> .

# requires the communes and départements of the COG, as the register imports do
<https://example.org/source> dcterms:requires scheme:communes, scheme:departements .

o:rennes a org:Organization ; skos:prefLabel "Coopérative de Rennes"@fr ;
    schema:location commune:35238 .
o:ain a org:Organization ; skos:prefLabel "Association de l'Ain"@fr ;
    schema:location departement:01 .
o:served a org:Organization ; skos:prefLabel "Réseau normand"@fr ;
    schema:areaServed region:28 ; schema:location commune:35238 .
o:point a org:Organization ; skos:prefLabel "Tiers-lieu"@fr ;
    schema:geo o:point-geo .
o:point-geo a schema:GeoCoordinates ;
    schema:latitude "46.32"^^xsd:decimal ; schema:longitude "-0.46"^^xsd:decimal .
o:nowhere a org:Organization ; skos:prefLabel "Sans adresse"@fr ;
    schema:geo o:nowhere-geo .
o:nowhere-geo schema:latitude "95"^^xsd:decimal ; schema:longitude "0"^^xsd:decimal .
"""


@pytest.fixture(scope="module")
def placed(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("geo") / "placed.ttl"
    path.write_text(PLACED, encoding="utf-8")
    return nw.alliance_network(load([path]), lang="fr")


def test_an_address_places_an_actor_in_its_departement_and_region(placed):
    o = "https://example.org/organisation/{}".format
    assert placed.nodes[o("rennes")]["departement"] == "Ille-et-Vilaine"  # commune → dép.
    assert placed.nodes[o("rennes")]["region"] == "Bretagne"  # → its région
    assert placed.nodes[o("ain")]["departement"] == "Ain"
    assert placed.nodes[o("ain")]["region"] == "Auvergne-Rhône-Alpes"
    assert placed.nodes[o("served")]["region"] == "Normandie"  # the région served comes first
    assert placed.nodes[o("served")]["departement"] == "Ille-et-Vilaine"
    point = placed.nodes[o("point")]
    assert (point["latitude"], point["longitude"]) == (46.32, -0.46)
    assert placed.nodes[o("nowhere")]["latitude"] is None  # 95° north is no place
    assert placed.nodes[o("point")]["departement"] is None


def test_the_departements_are_counted_and_shaded(placed):
    data = maps.map_data(placed)
    tiles = {t["code"]: t for t in geo.departement_tiles(data["nodes"])}
    assert len(tiles) == 101 and {c for c, t in tiles.items() if t["count"]} == {"01", "35"}
    assert tiles["35"]["count"] == 2 and tiles["35"]["fill"] == geo.SHADES[-1]
    assert tiles["01"]["count"] == 1 and tiles["01"]["fill"] != geo.SHADES[0]
    page = maps.render_page(data)
    assert page.count('data-departement="') == 101
    assert "<title>Ille-et-Vilaine : 2</title>" in page
    assert page.count('<circle class="mes-point"') == 1  # the one point with coordinates


def test_each_region_of_the_tile_grid_is_in_one_piece():
    """The départements of a région touch (side by side), so each région reads as a patch."""
    from mes_graph.registers import codes

    by_region: dict[str, set[tuple[int, int]]] = {}
    for code, cell in geo.DEPARTEMENT_TILES.items():
        by_region.setdefault(codes.region_of_departement(code), set()).add(cell)
    assert len(geo.DEPARTEMENT_TILES) == 101 and len(by_region) == 18
    assert len(set(geo.DEPARTEMENT_TILES.values())) == 101  # one tile a cell
    for region, cells in by_region.items():
        reached, todo = set(), [min(cells)]
        while todo:
            x, y = todo.pop()
            reached.add((x, y))
            todo += [
                c for c in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)) if c in cells - reached
            ]
        assert reached == cells, f"région {region} is cut in two"


def test_grouped_actors_count_in_their_departement_and_show_as_points():
    S = maps.synthetic_network(3000, seed=1)
    made = maps.map_data(S, size_by="degree")
    tiles = {t["name"]: t["count"] for t in geo.departement_tiles(made["nodes"])}
    assert tiles == {name: Counter(S.nodes[n]["departement"] for n in S)[name] for name in tiles}
    assert sum(tiles.values()) == 3000
    located = [n for n in S if S.nodes[n]["latitude"] is not None]
    assert made["points_total"] == len(located) == len(made["points"]) > 500
    drawn = {n["id"] for n in made["nodes"] if not n.get("group")}
    for lat, lon, iri, name, leaf in made["points"]:
        assert (lat, lon) == (S.nodes[iri]["latitude"], S.nodes[iri]["longitude"])
        if iri in drawn:
            assert leaf == -1
        else:
            assert [iri, name] in made["leaves"][leaf]  # the leaf the page opens to show it


def test_at_most_points_max_points(monkeypatch):
    from mes_graph.maps import data as map_data_module

    monkeypatch.setattr(map_data_module, "POINTS_MAX", 50)
    made = maps.map_data(maps.synthetic_network(2000, seed=1), size_by="degree")
    assert len(made["points"]) == 50 and made["points_total"] > 600
    page = maps.render_page(made)
    assert page.count('<circle class="mes-point"') == 50
    total = f"{made['points_total']:,}".replace(",", "\u202f")
    assert f"50 en métropole, sur {total}" in page


def test_points_names_are_escaped(placed):
    G = placed.copy()
    G.nodes["https://example.org/organisation/point"]["name"] = PAYLOAD
    page = maps.render_page(maps.map_data(G))
    svg = page[page.index('<div data-geo-panel="points"') :]
    assert PAYLOAD not in svg and f"<title>{maps.page.html.escape(PAYLOAD)}</title>" in svg


@needs_niort
def test_transiscope_records_become_points_near_niort(tmp_path):
    turtle = tmp_path / "niort.ttl"
    code = main(
        ["register", "gogocarto", str(NIORT), "--map", "transiscope", "-o", str(turtle), "--quiet"]
    )
    assert code == 0
    records = json.loads(NIORT.read_text(encoding="utf-8"))
    G = nw.alliance_network(load([turtle]), lang="fr")
    made = maps.map_data(G)
    assert made["points_total"] == len(made["points"]) == 100 == len(records)
    lats = [p[0] for p in made["points"]]
    lons = [p[1] for p in made["points"]]
    assert 45.5 < min(lats) <= max(lats) < 47.2  # around Niort (46.3° N, 0.46° W)
    assert -1.5 < min(lons) <= max(lons) < 0.5
    page = tmp_path / "niort.html"
    assert main(["map", "--data", str(turtle), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.count('<circle class="mes-point"') == 100
    assert re.search(r'data-geo="points"[^>]*>Points<', html)
