"""Maps in a real browser: Debian's Chromium, headless, driven by Playwright, network cut.

Each page is opened from disk (file://) with the network off (Playwright offline mode, and
every request that is not a file or data URL aborted and recorded). The tests check that
the map draws (a canvas with pixels, the right number of nodes in vis-network's DataSet),
that no script error or console error happens, that search finds an actor by name or
acronym (accents aside) and selects it, that a label made of markup shows as text in its
tooltip and runs nothing, that filters hide actors, and that a 20,000-actor map opens as
an aggregated view and draws.

Chromium missing: the tests skip, with the reason, unless ``CI`` is set (then they fail).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_actor import HOSTILE_IRI, PAYLOAD

from mes_graph import maps
from mes_graph import network as nw
from mes_graph.base.terms import ID
from mes_graph.cli import main
from mes_graph.load import load

MES = str(ID["organisation/mes"])
RIPESS = str(ID["organisation/ripess-europe"])
IRESS = str(ID["organisation/inter-reseaux-economie-solidaire"])
PAINTED = """() => {
  const canvas = document.querySelector('#map canvas');
  if (!canvas || !canvas.width || !canvas.height) return 0;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return painted;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, hostile_file: Path) -> dict[str, Path]:
    """The maps under test, made by the command (the hostile actor added by --data)."""
    folder = tmp_path_factory.mktemp("maps-browser")
    made = {
        "all": [],
        "ego": ["--view", "ego", "--actor", "ARDES", "--radius", "2"],
        "path": ["--view", "path", "--actor", "ARDES", "--to", "Josette Combes"],
        "communities": ["--view", "communities"],
    }
    found = {}
    for name, argv in made.items():
        path = folder / f"{name}.html"
        assert main(["map", "-o", str(path), "--data", str(hostile_file), *argv]) == 0
        found[name] = path
    found["3000"] = maps.write_map(
        folder / "3000.html", maps.map_page(maps.synthetic_network(3000))
    )
    big = maps.synthetic_network(20_000)
    found["big"] = maps.write_map(folder / "big.html", maps.map_page(big, size_by="degree"))
    site = folder / "site"
    maps.copy_assets(site / "assets")
    graph = nw.alliance_network(load([hostile_file]), lang="fr")
    page = maps.map_page(graph, view="ego", actor="MES", assets="../assets")
    found["linked"] = maps.write_map(site / "maps" / "mes.html", page)
    return found


class Opened:
    """A page opened in the browser, with what its console said."""

    def __init__(self, context, path: Path, timeout: float = 20.0, viewport=None) -> None:
        self.page = context.new_page()
        if viewport:
            self.page.set_viewport_size(viewport)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") and "willReadFrequently" not in m.text
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        start = time.monotonic()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-state=ready]", timeout=timeout * 1000)
        self.seconds = time.monotonic() - start

    def __call__(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def check_clean(self) -> None:
        assert self.errors == []
        assert all(url.startswith(("file:", "data:", "about:")) for url in self.requests)


def test_the_default_map_draws_offline(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    assert opened(PAINTED) > 1000
    assert opened("() => mesMap.nodes.length") == 32  # 31 shipped actors and the hostile one
    assert opened("() => mesMap.edges.length") == 33
    assert opened("() => mesMap.network.physics.physicsEnabled") is False  # stopped once stable
    assert opened("() => document.title") == "Alliances du Mouvement pour l'Économie Solidaire"
    opened.check_clean()
    assert browser_context.left == []
    opened.page.close()


def test_search_finds_and_focuses_an_actor(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    page.fill("#q", "RIPESS")
    page.press("#q", "Enter")
    assert opened("() => mesMap.network.getSelectedNodes()") == [RIPESS]
    assert page.text_content("#panel-title") == "RIPESS Europe"
    assert "MES" in page.text_content("#panel-body")  # its members, listed
    assert page.text_content("#search-result") == "Trouvé : RIPESS Europe"
    page.fill("#q", "inter reseaux de l economie")  # accents and punctuation aside
    page.click("#search button")
    assert opened("() => mesMap.network.getSelectedNodes()") == [IRESS]
    page.fill("#q", "nobody at all")
    page.press("#q", "Enter")
    assert page.text_content("#search-result") == "Aucun acteur de ce nom sur la carte."
    opened.check_clean()
    page.close()


def test_hostile_label_shows_as_text_and_runs_nothing(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    point = opened(
        """(id) => {
          mesMap.network.focus(id, {scale: 1.5, animation: false});
          const at = mesMap.network.canvasToDOM(mesMap.network.getPositions([id])[id]);
          const box = document.getElementById('map').getBoundingClientRect();
          return [box.left + at.x, box.top + at.y];
        }""",
        HOSTILE_IRI,
    )
    page.mouse.move(point[0] - 30, point[1] - 30)
    page.mouse.move(*point, steps=5)
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    assert PAYLOAD in tooltip.text_content()
    page.mouse.click(*point)
    assert page.text_content("#panel-title") == PAYLOAD
    assert opened("() => document.querySelectorAll('img').length") == 0
    assert opened("() => document.title") != "PWNED"
    opened.check_clean()
    page.close()


def test_filters_hide_actors_and_links(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    page.click("details[data-key=kind] summary")
    page.uncheck("details[data-key=kind] input[data-value='Réseau territorial']")
    hidden = "() => mesMap.nodes.get({filter: (n) => n.hidden}).length"
    assert opened(hidden) == 6  # five shipped networks and the hostile one
    page.click("details[data-key=kind] button")
    assert opened(hidden) == 0
    page.click("details[data-key=relation] summary")
    page.uncheck("details[data-key=relation] input[data-value='membership']")
    assert opened("() => mesMap.edges.get({filter: (e) => e.hidden}).length") == 26
    opened.check_clean()
    page.close()


@pytest.mark.parametrize("view", ["ego", "path", "communities", "linked"])
def test_every_view_draws(browser_context, pages, view):
    opened = Opened(browser_context, pages[view])
    assert opened(PAINTED) > 500
    if view in ("ego", "linked"):
        assert opened("() => mesMap.network.getSelectedNodes().length") == 1
    opened.check_clean()
    opened.page.close()


def test_20000_actors_open_aggregated_and_draw(browser_context, pages):
    opened = Opened(browser_context, pages["big"], timeout=30)
    assert opened(PAINTED) > 1000
    drawn = opened("() => mesMap.nodes.length")
    assert 0 < drawn <= maps.MAX_NODES
    assert "Vue agrégée : 20\u202f000 acteurs" in opened.page.text_content("header")
    assert opened.seconds < 15
    opened.check_clean()
    opened.page.close()


PANEL_LINES = "() => [...document.querySelectorAll('#panel-body li')].map(li => li.textContent)"


def test_side_panel_reads_each_link_from_the_actors_side(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    page.fill("#q", "MES")
    page.press("#q", "Enter")
    assert page.text_content("#panel-title") == "Mouvement pour l'Économie Solidaire"
    lines = opened(PANEL_LINES)
    assert "participe à : CSESS" in lines
    assert any(line.startswith("fondateur de : RIPESS Europe") for line in lines)
    assert any(line.startswith("membre de : ") and "ESS France" in line for line in lines)
    members = next(line for line in lines if line.startswith("a pour membres : "))
    assert "ARDES" in members and "APES" in members
    assert not any(line.startswith(("CSESS", "RIPESS Europe fondateur")) for line in lines)
    facts = page.text_content("#panel-body dl")
    assert "PageRank" not in facts and "IRI" not in facts and MES not in facts
    assert "Influence" in facts and "Nombre de liens" in facts
    hint = page.get_attribute("#panel-body dt.mes-hint >> nth=0", "title")
    assert hint.startswith("Part des plus courts chemins")  # intermédiarité, explained
    page.fill("#q", "RIPESS")
    page.press("#q", "Enter")
    lines = opened(PANEL_LINES)
    assert any(line.startswith("fondé par : ") and "MES" in line for line in lines)
    opened.check_clean()
    page.close()


def test_labels_are_readable_at_the_default_zoom(browser_context, pages):
    """At least 12 px on a 1366×768 screen, every label of the shipped map, and still when
    one zooms out; zooming in keeps them at the same size on the screen."""
    opened = Opened(browser_context, pages["all"], viewport={"width": 1366, "height": 768})
    drawn = opened("() => mesMap.labelPixels()")
    assert len(drawn) == 32 and min(drawn) >= 12, drawn
    rendered = opened(
        """() => Object.values(mesMap.network.body.nodes)
              .filter(n => n.labelModule && n.labelModule.size && n.labelModule.size.height)
              .map(n => n.labelModule.size.height * mesMap.network.getScale())"""
    )
    assert rendered and min(rendered) >= 12
    for scale in (0.3, 2.5):
        opened("(s) => mesMap.network.moveTo({scale: s})", scale)
        opened("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        opened("() => mesMap.network.emit('zoom', {})")
        opened("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert {round(px) for px in opened("() => mesMap.labelPixels()")} == {13}
    opened.check_clean()
    opened.page.close()


def test_date_slider_shows_the_alliances_as_of_a_year(browser_context, pages):
    """MES was founded in March 2002: before, neither it nor its memberships are shown."""
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    assert page.get_attribute("#as-of", "min") == "1997"  # the Inter-Réseaux, June 1997
    mes_links = f"""() => mesMap.edges.get({{filter: e => e.from === '{MES}' || e.to === '{MES}'}})
        .map(e => !!e.hidden)"""
    assert not any(opened(mes_links))
    page.fill("#as-of", "2001")
    assert page.text_content("#as-of-value") == "au 31 décembre 2001"
    hidden = opened(mes_links)
    assert len(hidden) == 29 and all(hidden)  # every link of MES, memberships included
    assert opened(f"() => mesMap.nodes.get('{MES}').hidden") is True
    assert opened(f"() => mesMap.nodes.get('{IRESS}').hidden") is False  # founded 1997
    page.fill("#as-of", "2002")
    assert not any(opened(mes_links))
    page.fill("#as-of", page.get_attribute("#as-of", "max"))
    assert page.text_content("#as-of-value") == "toutes dates"
    opened.check_clean()
    page.close()


def test_a_restyled_pyvis_network_draws_offline(browser_context, tmp_path, hostile_file):
    net = maps.pyvis_network(nw.alliance_network(load([hostile_file]), lang="fr"))
    net.show_buttons(filter_=["physics"])
    net.barnes_hut(spring_length=200)
    path = tmp_path / "restyled.html"
    net.write_html(str(path))
    opened = Opened(browser_context, path)
    assert opened(PAINTED) > 1000
    assert opened("() => mesMap.nodes.length") == 32
    assert opened("() => !!document.querySelector('.vis-configuration-wrapper')") is True
    assert opened("() => mesMap.network.physics.options.barnesHut.springLength") == 200
    opened.check_clean()
    opened.page.close()


def test_searching_a_grouped_actor_opens_its_group_and_selects_it(browser_context, pages):
    opened = Opened(browser_context, pages["3000"])
    page = opened.page
    assert "Vue agrégée : 3\u202f000 acteurs" in page.text_content("header")  # opens aggregated
    groups = opened("() => mesMap.nodes.get({filter: n => n.shape === 'hexagon'}).length")
    assert groups > 0 and opened("() => mesMap.nodes.length") < 300
    grouped = opened(
        """() => { const d = JSON.parse(document.getElementById('mes-data').textContent);
                   const g = d.nodes.find(n => n.leaves && n.count > 50);
                   const m = g.leaves.flatMap(b => {
                     const j = JSON.parse(document.getElementById('mes-m-' + b).textContent);
                     return j.m.map(x => [j.base + x[0], x[1]]); });
                   return [g.id, m[37][0], m[37][1]]; }"""
    )  # a group's members are in blocks of their own (its leaves), read when it opens
    group, member, name = grouped
    assert opened(f"() => mesMap.nodes.get('{member}')") is None  # counted, not drawn
    words = name.split()
    page.fill("#q", " ".join(reversed(words)).upper())  # words in any order, case aside
    page.press("#q", "Enter")
    assert opened("() => mesMap.network.getSelectedNodes()") == [member]
    assert page.text_content("#panel-title") == name
    assert page.text_content("#search-result") == f"Trouvé : {name}"
    assert opened(f"() => mesMap.nodes.get('{group}').hidden") is True
    page.click("#group-close")
    assert opened(f"() => mesMap.nodes.get('{member}')") is None
    assert opened(f"() => mesMap.nodes.get('{group}').hidden") is False
    opened.check_clean()
    page.close()


def test_map_of_france_shades_the_regions_of_the_territorial_networks(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    tiles = opened(
        """() => Object.fromEntries([...document.querySelectorAll('#geo [data-region]')].map(
             g => [g.dataset.region, [getComputedStyle(g.querySelector('rect')).fill,
                                      g.textContent]]))"""
    )
    assert len(tiles) == 18
    unshaded = "rgb(242, 242, 242)"  # geo.SHADES[0]: no actor
    networks = {
        "Hauts-de-France": "APES",
        "Normandie": "ARDES",
        "Centre-Val de Loire": "Cré-sol",
        "Bourgogne-Franche-Comté": "PES21",
        "Occitanie": "MES Occitanie",
    }
    shaded = {name for name, (fill, _) in tiles.items() if fill != unshaded}
    assert shaded == {*networks, "Bretagne"}  # and the hostile actor's région
    assert all(tiles[region][1].endswith(name) for region, name in networks.items())
    page.click("#geo [data-region='Normandie']")
    assert page.text_content("#panel-title") == "Normandie"
    page.click("#panel-body button.mes-link")  # opens the actor in the alliance map
    assert opened("() => mesMap.network.getSelectedNodes()") == [str(ID["organisation/ardes"])]
    opened.check_clean()
    page.close()


def test_search_finds_regions_and_sectors_too(browser_context, pages):
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    page.fill("#q", "normandie")
    page.press("#q", "Enter")
    assert page.text_content("#panel-title") == "Normandie"
    assert page.text_content("#panel-body h3") == "Acteurs de la région : 1"
    assert page.text_content("#panel-body button.mes-link") == "ARDES"
    page.fill("#q", "equitable commerce")  # words in any order, accents aside
    page.press("#q", "Enter")
    assert page.text_content("#panel-title") == "Commerce équitable"
    assert page.text_content("#panel-body h3") == "Acteurs de la filière : 1"
    assert page.text_content("#panel-body button.mes-link") == "Artisans du Monde"
    opened.check_clean()
    page.close()


def test_ego_map_and_paths_picked_in_the_page(browser_context, pages, hostile_file):
    graph = nw.alliance_network(load([hostile_file]), lang="fr")
    ego = {n["id"] for n in maps.map_data(graph, view="ego", actor="ARDES", radius=2)["nodes"]}
    path = maps.map_data(graph, view="path", actor="ARDES", to="Josette Combes")
    on_path = {n["id"] for n in path["nodes"] if not n.get("faded")}
    shown = "() => mesMap.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
    opened = Opened(browser_context, pages["all"])
    page = opened.page
    page.fill("#q", "ARDES")
    page.press("#q", "Enter")
    page.select_option("#ego-radius", "2")
    page.click("#ego-show")
    assert opened(shown) == sorted(ego) and len(ego) < 32  # the command's ego map, radius 2
    assert page.text_content("#view-status").startswith(
        f"ARDES et ses liens (jusqu'au 2e degré) : {len(ego)} acteurs."
    )
    page.fill("#path-to", "josette combes")
    page.click("#path-show")
    assert opened(shown) == sorted(on_path) and len(on_path) > 2  # the command's paths
    steps = sorted([e["from"], e["to"]] for e in path["edges"] if e["color"] == maps.HIGHLIGHT)
    drawn = "() => mesMap.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to]).sort()"
    assert sorted(opened(drawn)) == steps and steps  # and its links, those of the paths only
    ends = [nw.find_actor(graph, name) for name in ("ARDES", "Josette Combes")]
    hops = len(nw.shortest_paths(graph, *ends)[0])
    assert page.text_content("#view-status").startswith(
        f"Plus courts chemins de ARDES à Josette Combes : {hops} liens, {len(on_path)} acteurs."
    )
    page.click("#view-all")
    assert len(opened(shown)) == 32 and page.is_hidden("#view-status")
    opened.check_clean()
    page.close()


def test_a_group_too_large_opens_into_smaller_groups(browser_context, tmp_path, monkeypatch):
    from mes_graph.maps import data

    monkeypatch.setattr(data, "OPEN_MAX", 300)  # 3,000 actors: groups of up to 1,760
    made = maps.map_data(maps.synthetic_network(3000), size_by="degree")
    path = maps.write_map(tmp_path / "parts.html", maps.render_page(made))
    top = next(n for n in made["nodes"] if "parts" in n)
    part = top["parts"][0]
    while "parts" in part:
        part = part["parts"][-1]
    member, name = [m for i in part["leaves"] for m in made["leaves"][i]][-1]
    opened = Opened(browser_context, path)
    page = opened.page
    drawn = opened("() => mesMap.nodes.length")
    opened(f"() => mesMap.openGroup('{top['id']}')")
    assert opened("() => mesMap.nodes.length") == drawn + len(top["parts"])  # parts, not actors
    assert opened(f"() => mesMap.nodes.get('{top['id']}').hidden") is True
    opened(f"() => mesMap.closeGroup('{top['id']}')")
    assert opened("() => mesMap.nodes.length") == drawn
    page.fill("#q", name)
    page.press("#q", "Enter")  # opens every group on the way down to it
    assert opened("() => mesMap.network.getSelectedNodes()") == [member]
    assert opened("() => mesMap.nodes.length") <= drawn + 300 + 3 * 12
    opened(f"() => mesMap.closeGroup('{top['id']}')")
    assert opened("() => mesMap.nodes.length") == drawn
    opened.check_clean()
    page.close()


def test_a_region_clicked_counts_its_actors_in_groups_too(browser_context, pages):
    made = maps.map_data(maps.synthetic_network(3000))
    grouped = sum(n.get("regions", {}).get("Bretagne", 0) for n in made["nodes"])
    drawn = sum("Bretagne" in n["f"].get("region", []) for n in made["nodes"] if not n.get("group"))
    opened = Opened(browser_context, pages["3000"])
    page = opened.page
    tile = page.locator('#geo [data-region="Bretagne"]')
    assert tile.get_attribute("data-count") == str(grouped + drawn)
    tile.click()
    body = page.text_content("#panel-body")
    assert f"Acteurs de la région : {drawn}" in body
    count = f"{grouped:,}".replace(",", "\u202f")
    assert f"Et {count} acteurs comptés dans les groupes : Structure de l'ESS (" in body
    opened.check_clean()
    page.close()


def test_the_page_groups_by_region_and_back(browser_context, pages):
    made = maps.map_data(maps.synthetic_network(3000))
    by_region = made["groupings"][1]["nodes"]
    actor = next(g for g in by_region if g["label"].startswith("Bretagne\n"))
    member, name = made["leaves"][actor["leaves"][-1]][-1]
    groups = "() => mesMap.nodes.get({filter: n => n.shape === 'hexagon'}).map(n => n.label)"
    opened = Opened(browser_context, pages["3000"])
    page = opened.page
    kinds = opened(groups)
    assert any(label.startswith("Structure de l'ESS\n") for label in kinds)
    assert page.text_content("label.mes-grouping").startswith("Regrouper par : ")
    page.select_option("#grouping", label="région")
    shown = opened(groups)
    assert sorted(shown) == sorted(g["label"] for g in by_region)  # one hexagon a région
    assert opened("() => mesMap.edges.get({filter: e => e.id.startsWith('region:')}).length") == (
        len(made["groupings"][1]["edges"])
    )  # the links bundled between régions, those between kinds gone
    assert opened("() => mesMap.edges.get({filter: e => e.id.startsWith('kind:')}).length") == 0
    page.fill("#q", name)
    page.press("#q", "Enter")  # found in the région's group, which opens
    assert opened("() => mesMap.network.getSelectedNodes()") == [member]
    assert opened(f"() => mesMap.nodes.get('{actor['id']}').hidden") is True
    page.click('#geo [data-region="Bretagne"]')
    assert "comptés dans les groupes : Bretagne (" in page.text_content("#panel-body")
    page.select_option("#grouping", label="type d'acteur")
    assert sorted(opened(groups)) == sorted(kinds)  # back, the opened région closed
    assert opened(f"() => mesMap.nodes.get('{member}')") is None
    opened.check_clean()
    page.close()


def test_the_departements_and_the_points_of_the_map_of_france(browser_context, pages):
    S = maps.synthetic_network(3000)
    made = maps.map_data(S)
    here = sum(S.nodes[n]["departement"] == "Ille-et-Vilaine" for n in S)
    drawn = [n for n in made["nodes"] if "Ille-et-Vilaine" in n["f"].get("departement", [])]
    grouped = next(p for p in made["points"] if p[4] >= 0)  # a point of an actor in a group
    opened = Opened(browser_context, pages["3000"])
    page = opened.page
    assert page.is_hidden('#geo [data-departement="Ille-et-Vilaine"]')  # the régions first
    page.click("#geo [data-geo=departements]")
    tile = page.locator('#geo [data-departement="Ille-et-Vilaine"]')
    assert tile.get_attribute("data-count") == str(here) and tile.is_visible()
    tile.click()
    body = page.text_content("#panel-body")
    assert f"Acteurs du département : {len(drawn)}" in body
    assert f"Et {here - len(drawn)} acteurs comptés dans les groupes : " in body
    page.click("#geo [data-geo=points]")
    assert page.is_hidden('#geo [data-departement="Ille-et-Vilaine"]')
    point = page.locator(f'#geo .mes-point[data-id="{grouped[2]}"]')
    assert opened(f"() => mesMap.nodes.get('{grouped[2]}')") is None  # counted, not drawn
    point.click()  # its groups open, and it is selected
    assert opened("() => mesMap.network.getSelectedNodes()") == [grouped[2]]
    assert page.text_content("#panel-title") == grouped[3]
    opened.check_clean()
    page.close()
