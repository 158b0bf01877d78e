"""Maps, without a browser: the node and edge data (colours, sizes, shapes, styles, texts),
escaping, offline pages, determinism, filters, views, aggregation, images and the command.
The browser checks are in test_maps_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from collections import Counter
from html.parser import HTMLParser
from xml.etree import ElementTree

import networkx as nx
import pytest
from hostile_actor import HOSTILE_IRI, PAYLOAD, SCRIPT
from rdflib import Graph
from rdflib.namespace import SKOS

from mes_graph import maps
from mes_graph import network as nw
from mes_graph.actors import UnknownActor, fold
from mes_graph.base.terms import ID
from mes_graph.cli import main
from mes_graph.load import load, resource_dir
from mes_graph.maps.synthetic import SYNTHETIC_REGIONS, SYNTHETIC_SECTORS

MES = str(ID["organisation/mes"])
ARDES = str(ID["organisation/ardes"])
RIPESS = str(ID["organisation/ripess-europe"])


@pytest.fixture(scope="module")
def G(dataset) -> nx.MultiDiGraph:
    return nw.alliance_network(dataset, lang="fr")


@pytest.fixture(scope="module")
def data(G) -> dict:
    return maps.map_data(G, date="2026-11-30")


@pytest.fixture(scope="module")
def hostile(hostile_file) -> nx.MultiDiGraph:
    return nw.alliance_network(load([hostile_file]), lang="fr")


def by_id(data: dict) -> dict:
    return {n["id"]: n for n in data["nodes"]}


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag == "script" and not dict(attrs).get("type") else None
        if self._in:
            self.scripts.append("")

    def handle_data(self, text):
        if self._in == "script":
            self.scripts[-1] += text

    def handle_endtag(self, tag):
        self._in = None


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


# ---------------------------------------------------------------------------
# Node and edge data
# ---------------------------------------------------------------------------


def test_every_actor_and_link_is_drawn(G, data):
    assert len(data["nodes"]) == G.number_of_nodes() == 31
    assert len(data["edges"]) == G.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(G)
    assert data["physics"] is True and data["aggregated"] is False
    assert not any("x" in n for n in data["nodes"])  # the browser lays a small map out


def test_colour_is_the_kind_from_a_colour_blind_safe_palette(G, data):
    colours = maps.kind_colours(G)
    nodes = by_id(data)
    for node, attrs in G.nodes(data=True):
        fill = nodes[node]["fill"]
        assert fill in (*maps.PALETTE, maps.GREY)
        assert (fill, nodes[node]["bw"] == 3.5) == colours[attrs["kind"].split("; ")[0]]
    assert colours["Mouvement"] == ("#CC6677", False)
    assert colours["Réseau territorial"] == ("#332288", False)
    assert colours["Réseau international"] == ("#CC6677", True)  # the tenth concept: a ring
    # the same kind has the same colour on an ego map
    ego = by_id(maps.map_data(G, view="ego", actor="ARDES"))
    assert ego[ARDES]["fill"] == nodes[ARDES]["fill"]


def test_each_concept_of_the_code_list_has_its_own_colour():
    codes = Graph().parse(resource_dir() / "ontology" / "vocabularies" / "kinds.ttl")
    scheme = ID["scheme/kinds"]
    concepts = {str(c).rsplit("/", 1)[1] for c in codes.objects(scheme, SKOS.hasTopConcept)}
    assert set(maps.KIND_COLOURS) == concepts
    assert len(set(maps.KIND_COLOURS.values())) == len(concepts) == 14


def test_same_kind_same_colour_in_two_builds_whose_kinds_differ(G):
    """Before, colours followed the kinds' counts: one import turned MES from pink to navy."""
    other = G.copy()
    other.remove_nodes_from([n for n, k in G.nodes(data="kind") if k == "Réseau territorial"])
    other.add_nodes_from((f"x{i}", {"kind": "Structure de l'ESS"}) for i in range(50))
    other.add_node("y", kind="Une sorte inconnue")
    before, after = maps.kind_colours(G), maps.kind_colours(other)
    assert set(before) != set(after)
    assert all(after[k] == c for k, c in before.items() if k in after)
    assert after["Une sorte inconnue"] == (maps.GREY, False)
    mes = str(ID["organisation/mes"])
    fills = [by_id(maps.map_data(g))[mes]["fill"] for g in (G, other)]
    assert fills == ["#CC6677", "#CC6677"]


def test_size_is_the_chosen_metric(G, data):
    nodes = by_id(data)
    betweenness = nw.betweenness(G)
    ranked = sorted(betweenness, key=lambda n: -betweenness[n])
    assert nodes[ranked[0]]["size"] == 40.0 == max(n["size"] for n in data["nodes"])
    for a, b in itertools.pairwise(ranked):
        assert nodes[a]["size"] >= nodes[b]["size"]
    assert data["nodes"][0]["id"] == MES  # best first
    by_degree = by_id(maps.map_data(G, size_by="degree"))
    degree = nw.degree(G)
    assert by_degree[ARDES]["size"] == pytest.approx(
        10 + 30 * (degree[ARDES] / degree[MES]) ** 0.5, abs=0.1
    )
    with pytest.raises(ValueError, match="unknown metric 'fame'; choose one of betweenness"):
        maps.map_data(G, size_by="fame")


def test_metrics_table_can_be_reused(G):
    table = nw.metrics_table(G)
    assert maps.map_data(G, metrics=table)["nodes"] == maps.map_data(G)["nodes"]


def test_shape_is_person_organisation_or_concept(dataset, data):
    shapes = {n["id"]: n["shape"] for n in data["nodes"]}
    assert shapes[MES] == "dot"
    assert shapes[str(ID["person/josette-combes"])] == "diamond"
    with_concepts = maps.map_data(nw.alliance_network(dataset, concepts=True))
    concepts = [n for n in with_concepts["nodes"] if n["shape"] == "square"]
    assert concepts and all(n["fill"] == maps.GREY for n in concepts)


def test_edge_style_is_the_relation(data):
    relations = {e["rel"] for e in data["edges"]}
    assert relations == {
        "membership",
        "affiliation",
        "founding",
        "participation",
        "succession",
    }
    patterns = set()
    for edge in data["edges"]:
        style = maps.RELATION_STYLES[edge["rel"]]
        assert (edge["dashes"], edge["width"], edge["arrow"]) == (
            style["dashes"],
            style["width"],
            style["arrow"],
        )
        patterns.add((str(edge["dashes"]), edge["width"], edge["arrow"]))
    assert len(patterns) == len(relations)  # each relation its own look


def test_edge_tooltip_gives_role_dates_and_source(dataset):
    G = nw.alliance_network(dataset, lang="en")
    data = maps.map_data(G, lang="en")
    names = {n["id"]: n["label"] for n in data["nodes"]}
    founding = next(
        e
        for e in data["edges"]
        if e["from"] == MES and e["to"] == RIPESS and "Founding member" in str(e["tip"])
    )
    rows = dict(founding["tip"]["rows"])
    assert founding["tip"]["title"] == "MES → RIPESS Europe"
    assert rows["Relation"] == "member of" and rows["Role"] == "Founding member"
    assert rows["Source"] == "https://w3id.org/mes-graph/id/source/mes-presentation"
    synthetic = maps.map_data(maps.synthetic_network(50), lang="en")
    dated = [e for e in synthetic["edges"] if "Since" in dict(e["tip"]["rows"])]
    assert dated and all(
        e["desc"].startswith("Membre · since ") for e in dated if e["rel"] == "membership"
    )
    assert all(names[e["from"]] and names[e["to"]] for e in data["edges"])


def test_node_tooltip_as_text(dataset):
    data = maps.map_data(nw.alliance_network(dataset, lang="en"), lang="en")
    mes = by_id(data)[MES]
    rows = dict(mes["tip"]["rows"])
    assert mes["tip"]["title"] == "Movement for the Solidarity Economy"
    assert rows["Acronym"] == "MES" and rows["Kind"] == "Movement"
    assert rows["Web site"] == mes["homepage"] == "https://www.le-mes.org/"
    assert rows["Sources"] == (
        "https://w3id.org/mes-graph/id/source/mes-presentation; "
        "https://w3id.org/mes-graph/id/source/traductions-et-notes"  # the English name
    )
    assert {"Betweenness", "Degree", "PageRank"} <= set(rows)
    assert rows["IRI"] == MES
    assert all(isinstance(v, str) for _, v in mes["tip"]["rows"])
    ardes = dict(by_id(data)[ARDES]["tip"]["rows"])
    assert ardes["Region"] == "Normandy" and "Acronym" not in ardes


def test_projection_carries_homepage_and_sources(G):
    assert G.nodes[MES]["homepage"] == "https://www.le-mes.org/"
    assert G.nodes[ARDES]["source"] == "https://w3id.org/mes-graph/id/source/mes-presentation"


def test_header_title_version_and_date(G, data):
    header = data["header"]
    assert header["title"] == "Alliances du Mouvement pour l'Économie Solidaire"
    assert header["date"] == "2026-11-30" and "données du 2026-11-30" in header["meta"]
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", header["version"])
    assert maps.data_stamp(load())["version"] == "0.1.0"


def test_date_is_never_read_from_the_clock(G, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert maps.map_data(G)["header"]["date"] is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    assert maps.map_data(G)["header"]["date"] == "2026-05-28"
    assert maps.map_data(G, date="2027-01-01")["header"]["date"] == "2027-01-01"


# ---------------------------------------------------------------------------
# Safety: escaping, offline, determinism
# ---------------------------------------------------------------------------


def test_hostile_actor_passes_the_shapes(hostile_file):
    from mes_graph.validate import validate

    assert validate(load([hostile_file])) == []


def test_hostile_label_is_data_never_markup(hostile):
    data = maps.map_data(hostile)
    node = by_id(data)[HOSTILE_IRI]
    assert node["tip"]["title"] == PAYLOAD and node["label"] == SCRIPT  # kept, shown as text
    page = maps.render_page(data)
    assert PAYLOAD not in page and "<img" not in page.lower().replace("\\u003cimg", "")
    assert "</script><script>" not in page and node["keys"][0].startswith("img src")
    assert [t for t, _ in parse(page).tags].count("img") == 0
    embedded = re.search(
        r'<script type="application/json" id="mes-data">(.*?)</script>', page, re.S
    )
    assert embedded and "<" not in embedded[1] and ">" not in embedded[1]
    assert by_id(json.loads(embedded[1]))[HOSTILE_IRI]["tip"]["title"] == PAYLOAD


def test_header_and_legend_texts_are_escaped(G):
    page = maps.map_page(G, title="<b>T</b> & co", subtitle='"><script>alert(1)</script>')
    assert "<h1>&lt;b&gt;T&lt;/b&gt; &amp; co</h1>" in page
    assert "<title>&lt;b&gt;T&lt;/b&gt; &amp; co</title>" in page
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_page_is_offline_and_locked_by_its_policy(G):
    page = maps.map_page(G)
    tags = parse(page)
    loaded = [a.get(k) for _, a in tags.tags for k in ("src", "href") if a.get(k)]
    assert loaded == []  # everything inline
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*(?!['\"]?data:)", page)  # the CSS only has data: images
    assert "@import" not in page
    policy = next(
        a["content"] for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy and "connect-src" not in policy
    for script in tags.scripts:  # each inline script is allowed by its hash, and only those
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert (
        len(tags.scripts) == 2
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert page.isascii() is False and "Économie" in page  # UTF-8 text, not entities


def test_pyvis_network_is_a_pyvis_network_whose_page_is_offline_and_escaped(
    hostile, tmp_path, monkeypatch
):
    from pyvis.network import Network

    before = nx.to_dict_of_dicts(hostile), dict(hostile.nodes(data=True))
    net = maps.pyvis_network(hostile)
    assert isinstance(net, Network)
    assert net.num_nodes() == hostile.number_of_nodes() and net.num_edges() == 33
    assert (nx.to_dict_of_dicts(hostile), dict(hostile.nodes(data=True))) == before  # only read
    net.show_buttons(filter_=["physics"])
    net.toggle_physics(False)
    net.nodes[0]["tip"]["title"] = '<a href="https://example.org/">lien</a>'  # pyvis's trap
    page = net.generate_html()
    tags = parse(page)
    assert [a.get(k) for _, a in tags.tags for k in ("src", "href") if a.get(k)] == []
    assert "cdn.jsdelivr.net" not in page and "tom-select" not in page  # not pyvis's page
    assert PAYLOAD not in page and [t for t, _ in tags.tags].count("img") == 0
    assert [t for t, _ in tags.tags].count("a") == 0  # the title's markup is text
    data = json.loads(
        re.search(r'<script type="application/json" id="mes-data">(.*?)</script>', page, re.S)[1]
    )
    assert data["vis_options"] == {
        "configure": {"enabled": True, "filter": ["physics"]},
        "physics": {"enabled": False},
    }
    assert by_id(data)[HOSTILE_IRI]["tip"]["title"] == PAYLOAD
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "C")
    net.write_html("carte.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carte.html"]  # no lib/ copied
    assert (tmp_path / "carte.html").read_text(encoding="utf-8") == page


def test_same_input_same_bytes(G, hostile):
    for graph in (G, hostile):
        assert maps.map_page(graph, date="2026-11-30") == maps.map_page(graph, date="2026-11-30")
    S = maps.synthetic_network(2500, seed=3)
    assert maps.map_page(S) == maps.map_page(S)


def test_assets_are_linked_for_a_site(G, tmp_path):
    page = maps.map_page(G, view="ego", actor="ARDES", assets="../assets/")
    assert '<script src="../assets/vis-network.min.js"></script>' in page
    assert '<link rel="stylesheet" href="../assets/vis-network.css">' in page
    assert len(page) < 200_000 < len(maps.map_page(G))
    written = maps.copy_assets(tmp_path / "assets")
    assert [p.name for p in written] == ["vis-network.min.js", "vis-network.css", "NOTICE"]
    for path in written:
        source = maps.VIS if path.name.startswith("vis-network") else maps.STATIC
        assert path.read_bytes() == (source / path.name).read_bytes()
    for bad in ("https://cdn.example/vis", "//cdn.example", "javascript:alert(1)", 'a"b'):
        with pytest.raises(ValueError, match="relative URL prefix"):
            maps.map_page(G, assets=bad)


def test_vis_network_ships_with_its_licence():
    notice = (maps.STATIC / "NOTICE").read_text()
    script = (maps.VIS / "vis-network.min.js").read_text()  # from the pyvis package
    assert "@version 9.1.2" in script[:400] and "dual licensed" in script[:800]
    assert "Apache License 2.0" in notice and "MIT License" in notice and "9.1.2" in notice
    for name in ("vis-network.min.js", "vis-network.css"):
        assert hashlib.sha256((maps.VIS / name).read_bytes()).hexdigest() in notice
        assert not (maps.STATIC / name).exists()  # no vendored copy


# ---------------------------------------------------------------------------
# Filters and views
# ---------------------------------------------------------------------------


def test_filters_keep_the_actors_with_a_value(G):
    networks = maps.map_data(G, kinds=["réseau TERRITORIAL"])
    assert {n["f"]["kind"][0] for n in networks["nodes"]} == {"Réseau territorial"}
    assert len(networks["nodes"]) == 5
    normandy = maps.map_data(G, regions=["normandie"], kinds=["Reseau territorial"])
    assert [n["id"] for n in normandy["nodes"]] == [ARDES]
    with pytest.raises(ValueError, match="no actor has the sector « Pêche »; the values are: «"):
        maps.map_data(G, sectors=["Pêche"])
    ego = maps.map_data(G, view="ego", actor="ARDES", kinds=["Mouvement"])
    assert {n["id"] for n in ego["nodes"]} == {ARDES, MES}  # the centre always stays


def test_filters_offered_in_the_page(data):
    filters = {f["key"]: f for f in data["filters"]}
    assert list(filters) == ["kind", "region", "sector", "relation"]
    kinds = {v[0]: v[2] for v in filters["kind"]["values"]}
    assert kinds["Réseau territorial"] == 5 and sum(kinds.values()) == 31
    assert "(non renseigné)" in {v[0] for v in filters["region"]["values"]}
    relations = {v[0]: (v[1], v[2]) for v in filters["relation"]["values"]}
    assert relations["membership"] == ("adhésion", 25)


def test_ego_view(G):
    data = maps.map_data(G, view="ego", actor="ARDES", radius=1, lang="en")
    assert {n["id"] for n in data["nodes"]} == {ARDES, MES}
    assert data["selected"] == ARDES
    centre = by_id(data)[ARDES]
    assert (centre["border"], centre["bw"]) == (maps.HIGHLIGHT, 5.0)
    assert data["header"]["subtitle"] == "Ego map of ARDES (radius 1)"
    assert len(maps.map_data(G, view="ego", actor="ARDES", radius=2)["nodes"]) > 2
    with pytest.raises(ValueError, match="needs an actor"):
        maps.map_data(G, view="ego")


def test_path_view_highlights_every_shortest_path_in_context(G):
    data = maps.map_data(G, view="path", actor="ARDES", to="Josette Combes", lang="en")
    assert len(data["nodes"]) == 31  # in context
    on_path = {n["id"] for n in data["nodes"] if n["bw"] == 5.0}
    assert on_path == {ARDES, MES, str(ID["person/josette-combes"])}
    assert all(n.get("faded") for n in data["nodes"] if n["id"] not in on_path)
    black = [(e["from"], e["to"]) for e in data["edges"] if e["color"] == maps.HIGHLIGHT]
    assert sorted(black) == sorted([(ARDES, MES), (str(ID["person/josette-combes"]), MES)])
    assert "1 shortest path(s) of 2 link(s)" in data["header"]["subtitle"]
    lonely = G.copy()
    lonely.add_node("urn:x:alone", type="organisation", label="Alone", name="Alone")
    nothing = maps.map_data(lonely, view="path", actor="ARDES", to="Alone", lang="en")
    assert nothing["header"]["notices"] == ["No path joins ARDES and Alone."]


def test_communities_view_colours_by_community(G):
    data = maps.map_data(G, view="communities")
    groups = nw.communities(G, seed=42)
    nodes = by_id(data)
    for i, group in enumerate(groups[: len(maps.PALETTE)], 1):
        assert {nodes[n]["fill"] for n in group} == {maps.PALETTE[i - 1]}
    assert data["legend"]["colour_title"] == "Couleur : communauté"
    assert f"Communautés (Louvain, graine 42) : {len(groups)}" == data["header"]["subtitle"]


def test_unknown_actor_lists_candidates(G):
    with pytest.raises(UnknownActor, match="did you mean APES, ARDES"):
        maps.map_data(G, view="ego", actor="RIPES")
    with pytest.raises(ValueError, match="unknown view"):
        maps.map_data(G, view="sky")


# ---------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------


def test_a_few_hundred_nodes_get_positions_and_no_physics():
    data = maps.map_data(maps.synthetic_network(400))
    assert data["physics"] is False and data["aggregated"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])


def _opened(group: dict, leaves: list, path: tuple = ()) -> list[tuple[tuple, list]]:
    """The groups that open into actors under a group: their path, and their actors."""
    if "parts" in group:
        return [o for part in group["parts"] for o in _opened(part, leaves, (*path, group["id"]))]
    return [((*path, group["id"]), [m for i in group["leaves"] for m in leaves[i]])]


def test_a_group_too_large_to_open_splits_by_region_then_sector_then_parts(monkeypatch):
    from mes_graph.maps import data as map_data_module

    monkeypatch.setattr(map_data_module, "OPEN_MAX", 60)
    S = maps.synthetic_network(3000, seed=1)
    made = maps.map_data(S, size_by="degree")
    leaves = made["leaves"]
    groups = [n for n in made["nodes"] if n.get("group")]
    counted = [m[0] for g in groups for _, members in _opened(g, leaves) for m in members]
    drawn = [n["id"] for n in made["nodes"] if not n.get("group")]
    assert sorted(counted + drawn) == sorted(S)  # every actor once: drawn, or in one leaf
    ess = next(g for g in groups if g["label"].startswith("Structure de l'ESS\n"))
    regions = {p["label"].split("\n")[0] for p in ess["parts"]}
    assert regions == set(SYNTHETIC_REGIONS)  # a kind's group opens into its régions
    for part in ess["parts"]:  # in the kind's colour, filtered by kind and région
        region = part["label"].split("\n")[0]
        assert part["fill"] == ess["fill"]
        assert part["f"] == {"kind": ["Structure de l'ESS"], "region": [region]}
    biggest = max(ess["parts"], key=lambda p: len(_opened(p, leaves)))
    sectors = [p["label"].split("\n")[0] for p in biggest["parts"]]
    assert set(sectors) <= {*SYNTHETIC_SECTORS, "(non renseigné)"} and len(sectors) > 1
    for _, members in _opened(ess, leaves):
        assert 0 < len(members) <= 60
        for actor, name in members:
            node = S.nodes[actor]
            assert node["kind"] == "Structure de l'ESS" and name == node["name"]
    cut = [path for path, _ in _opened(ess, leaves) if len(path) == 4]  # kind, région, sector, part
    assert cut, "a région's sector still too large is cut into parts of OPEN_MAX"
    assert maps.map_data(S, size_by="degree") == made  # deterministic


def test_the_page_can_group_by_region_instead_of_kind():
    S = maps.synthetic_network(3000, seed=1)
    made = maps.map_data(S, size_by="degree")
    assert [(g["key"], g["label"]) for g in made["groupings"]] == [
        ("kind", "type d'acteur"),
        ("region", "région"),
    ]
    assert "« Regrouper par »" in made["header"]["notices"][0]
    by_region = made["groupings"][1]["nodes"]
    drawn = {n["id"] for n in made["nodes"] if not n.get("group")}
    grouped = Counter(S.nodes[n]["region"] for n in S if n not in drawn)
    assert {g["label"].split("\n")[0]: g["count"] for g in by_region} == dict(grouped)
    for group in by_region:  # a région's group: filtered by région, its actors all there
        region = group["label"].split("\n")[0]
        assert group["f"] == {"kind": [], "region": [region]} and group["regions"] == {
            region: group["count"]
        }
        assert group["tip"]["rows"][2][0] == "Types principaux"  # its kinds are mixed
        actors = [m for _, members in _opened(group, made["leaves"]) for m in members]
        assert {S.nodes[a]["region"] for a, _ in actors} == {region}
        assert len(actors) == group["count"] and isinstance(group["x"], int)
    for drawn_actor in (n for n in made["nodes"] if not n.get("group")):  # they stay in place
        assert isinstance(drawn_actor["x"], int)
    ends = {n["id"] for n in made["nodes"] if not n.get("group")} | {g["id"] for g in by_region}
    bundles = made["groupings"][1]["edges"]
    assert bundles and all(e["from"] in ends and e["to"] in ends for e in bundles)
    kinds = made["filters"][0]
    assert sum(v[2] for v in kinds["values"]) == 3000  # the filters count every actor


def test_the_communities_map_groups_by_community_kind_or_region():
    S = maps.synthetic_network(2000, seed=1)
    made = maps.map_data(S, view="communities", size_by="degree")
    assert [g["key"] for g in made["groupings"]] == ["community", "kind", "region"]
    for grouping in (
        {"nodes": [n for n in made["nodes"] if n.get("group")]},
        *made["groupings"][1:],
    ):
        counted = sorted(
            m[0] for g in grouping["nodes"] for _, ms in _opened(g, made["leaves"]) for m in ms
        )
        drawn = [n["id"] for n in made["nodes"] if not n.get("group")]
        assert sorted(counted + drawn) == sorted(S)  # every grouping counts every actor once


def test_the_map_of_france_counts_grouped_actors_too():
    S = maps.synthetic_network(3000, seed=1)
    made = maps.map_data(S, size_by="degree")
    assert made["aggregated"]
    tiles = {t["name"]: t["count"] for t in maps.geo.region_tiles(made["nodes"])}
    assert tiles == {r: sum(S.nodes[n]["region"] == r for n in S) for r in maps.geo.TILES}
    assert sum(tiles.values()) == 3000


def test_grouped_actors_leave_the_page_data_for_blocks_read_on_opening():
    S = maps.synthetic_network(2000, seed=1)
    actor = sorted(S, key=str)[-1]
    S.nodes[actor]["name"] = PAYLOAD
    made = maps.map_data(S, size_by="degree")
    page = maps.render_page(made)

    class Blocks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: dict[str, str] = {}
            self.at: str | None = None
            self.scripts = 0

        def handle_starttag(self, tag, attrs):
            self.at = dict(attrs).get("id") if tag == "script" else None
            self.scripts += tag == "script"

        def handle_data(self, data):
            if self.at:
                self.found[self.at] = self.found.get(self.at, "") + data

        def handle_endtag(self, tag):
            self.at = None

    parser = Blocks()
    parser.feed(page)
    data = json.loads(parser.found["mes-data"])
    assert "leaves" not in data and data["nodes"] == json.loads(json.dumps(made["nodes"]))
    for number, leaf in enumerate(made["leaves"]):
        block = json.loads(parser.found[f"mes-m-{number}"])
        assert [[block["base"] + i, n] for i, n in block["m"]] == leaf
        keys = parser.found[f"mes-k-{number}"].split("\n")
        assert keys == [fold(n) for _, n in leaf]
    assert PAYLOAD in {n for leaf in made["leaves"] for _, n in leaf}  # the hostile name counted
    blocks = {f"mes-{k}-{b}" for b in range(len(made["leaves"])) for k in "mk"}
    assert set(parser.found) == {"mes-data", *blocks}  # no name closed its element
    assert parser.scripts == page.count("</script>") == 3 + len(blocks)


def test_20000_actors_give_an_aggregated_view():
    S = maps.synthetic_network(20_000)
    data = maps.map_data(S, lang="en")
    assert data["aggregated"] is True and data["physics"] is False
    assert len(data["nodes"]) <= maps.MAX_NODES and len(data["edges"]) <= maps.MAX_EDGES
    groups = [n for n in data["nodes"] if n.get("group")]
    actors = [n for n in data["nodes"] if not n.get("group")]
    assert (
        len(actors) == maps.TOP_ACTORS and groups and all(n["shape"] == "hexagon" for n in groups)
    )
    counted = sum(int(dict(g["tip"]["rows"])["Actors"].replace(",", "")) for g in groups)
    assert counted + len(actors) == 20_000
    notice = data["header"]["notices"][0]
    assert notice.startswith("Aggregated view: 20,000 actors") and "groups by kind" in notice
    assert any("estimated" in n for n in data["header"]["notices"])
    page = maps.render_page(data)
    assert "Aggregated view: 20,000 actors" in page
    communities = maps.map_data(maps.synthetic_network(2_000), view="communities")
    assert communities["aggregated"] and "par communauté" in communities["header"]["notices"][0]


# ---------------------------------------------------------------------------
# Notebooks, images, the command
# ---------------------------------------------------------------------------


def test_show_map_renders_inline_and_writes_nothing(G, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shown = maps.show_map(G, view="ego", actor="MES")
    frame = shown._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame)[1]
    assert html.unescape(srcdoc) == shown.page == maps.map_page(G, view="ego", actor="MES")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError):
        maps.show_map(G, assets="../assets")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_static_figure(G, hostile, fmt):
    image = maps.map_figure(G, format=fmt, dpi=50)
    assert image == maps.map_figure(G, format=fmt, dpi=50)
    if fmt == "png":
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        root = ElementTree.fromstring(image)
        assert root.tag.endswith("svg")
        bad = maps.map_figure(hostile, format="svg")
        ElementTree.fromstring(bad)
        assert b"<img" not in bad and b"<script" not in bad.lower()
    with pytest.raises(ValueError, match="unknown image format"):
        maps.map_figure(G, format="gif")


def test_the_figure_sets_actors_alone_beside_and_no_label_over_another(G):
    """After an import of actors with no link yet (Transiscope's, say), carte.png keeps the
    alliances legible: those alone stand in a block beside them, and labels never overlap."""
    H = G.copy()
    alone = [f"https://example.org/alone/{i}" for i in range(60)]
    for i, node in enumerate(alone):
        name = f"Tiers-lieu solidaire numéro {i}"
        H.add_node(node, type="organisation", label=name, name=name, kind="Structure de l'ESS")
    data = maps.map_data(H)
    kinds = {n["id"]: n["f"]["kind"][0] for n in data["nodes"]}
    pos = maps.layout(list(kinds), [(e["from"], e["to"]) for e in data["edges"]], 42, kinds)
    linked = [pos[n] for n in G]
    xs = sorted({pos[n][0] for n in alone})
    assert min(xs) > max(x for x, _ in linked) and len(xs) == 8  # a block of 8 columns
    top = min(y for _, y in linked)
    assert sorted({pos[n][1] for n in alone}) == [top + 90 * row for row in range(8)]
    fig = maps.draw_figure(data, dpi=50)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))
    names = {t.get_text() for t in labels}
    assert {"MES", "RIPESS Europe"} <= names  # the largest first
    assert 10 < len(names & {H.nodes[n]["label"] for n in alone}) < 60  # room for some


def test_command_writes_one_self_contained_utf8_page(tmp_path, hostile_file, capsys):
    out = tmp_path / "map.html"
    assert main(["map", "-o", str(out), "--data", str(hostile_file)]) == 0
    assert capsys.readouterr().out == f"wrote {out} (html, all view: 32 nodes, 33 links)\n"
    page = out.read_bytes().decode("utf-8")
    assert "données du 2026-11-30" in page and '<html lang="fr">' in page
    assert [a for _, a in parse(page).tags if a.get("src") or a.get("href")] == []
    assert main(["map", "-o", str(tmp_path / "again.html"), "--data", str(hostile_file)]) == 0
    assert (tmp_path / "again.html").read_bytes() == out.read_bytes()


def test_command_views_images_and_errors(tmp_path, capsys):
    ego = tmp_path / "ego.html"
    assert main(["map", "--view", "ego", "--actor", "ardes", "--radius", "2", "-o", str(ego)]) == 0
    path = tmp_path / "path.svg"
    assert (
        main(
            ["map", "--view", "path", "--actor", "ARDES", "--to", "RIPESS Europe", "-o", str(path)]
        )
        == 0
    )
    assert path.read_bytes().startswith(b"<?xml")
    assert main(["map", "--view", "communities", "--format", "png", "-o", str(tmp_path / "c")]) == 0
    assert (tmp_path / "c").read_bytes().startswith(b"\x89PNG")
    assert (
        main(
            ["map", "--kind", "Territorial network", "--lang", "en", "-o", str(tmp_path / "k.html")]
        )
        == 0
    )
    capsys.readouterr()
    ego_before = ego.read_bytes()
    for argv, message in [
        (["--view", "ego", "--actor", "RIPES"], "did you mean APES, ARDES"),
        (["--view", "ego"], "--view ego needs --actor"),
        (["--view", "path", "--actor", "MES"], "--view path needs --actor and --to"),
        (["--actor", "MES"], "--view all takes no --actor"),
        (["--kind", "Banque"], "no actor has the kind « Banque »"),
        (["--size-by", "fame"], "invalid choice: 'fame'"),
        (["--radius", "-1", "--view", "ego", "--actor", "MES"], "must be 0 or more"),
    ]:
        assert main(["map", "-o", str(ego), *argv]) == 2, argv
        assert message in capsys.readouterr().err
    assert ego.read_bytes() == ego_before  # a failed run leaves the old file as it was


def test_command_offers_every_metric():
    from mes_graph.cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command")
    options = {a.dest: a for a in commands.choices["map"]._actions}
    assert tuple(options["size_by"].choices) == maps.SIZE_METRICS
    assert tuple(options["view"].choices) == maps.VIEWS
