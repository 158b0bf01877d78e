"""The site of a large graph: ego maps for the most connected actors only and pages for the
actors that matter only (the MES and its neighbourhood, the top of each ranking, the most
connected), said on the pages; a complete index of every actor, page by page; every link
still resolving; the folder written as pages come; the build's projection and metrics
reused as they are."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import networkx as nx
import pandas as pd
import pytest
from rdflib import Dataset

from mes_graph import export, network
from mes_graph import site as st
from mes_graph.actors import actors
from mes_graph.load import load
from mes_graph.site import context
from mes_graph.synth import write_synthetic

CAP = 20
"""The ego-map cap of these tests (``site.EGO_MAPS`` is far larger)."""


class Links(HTMLParser):
    """The ``href`` and ``src`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]

    @classmethod
    def of(cls, html: bytes | str) -> list[str]:
        """The links of a page."""
        parser = cls()
        parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
        return parser.links


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """About 10,000 statements of synthetic ESS beside the shipped graph."""
    path = tmp_path_factory.mktemp("synth") / "s10k.ttl"
    return load([write_synthetic(path, 286, seed=1)])


@pytest.fixture(scope="module")
def capped(synthetic: Dataset) -> dict[str, bytes]:
    return st.site_files(synthetic, ego_maps=CAP)


def test_only_the_most_connected_actors_get_an_ego_map(synthetic, capped):
    G = network.alliance_network(export.apply_profile(synthetic, "public"), lang="fr")
    assert G.number_of_nodes() > 10 * CAP
    T = network.ties(G)
    ranked = sorted(G, key=lambda n: (-(T.degree(n) if n in T else 0), n))
    expected = {st.page_path(n) + ".carte.html" for n in ranked[:CAP]}
    assert {name for name in capped if name.endswith(".carte.html")} == expected


def test_the_pages_state_the_cap_and_link_the_full_map(synthetic, capped):
    note = f"Cartes ego écrites pour les {CAP} acteurs les plus liés sur "
    for page in ("index.html", "acteurs.html"):
        assert note in capped[page].decode("utf-8"), page
    with_map = next(n for n in capped if n.endswith(".carte.html")).removesuffix(".carte.html")
    text = capped[with_map + ".html"].decode("utf-8")
    assert "<iframe src=" in text and note not in text
    without = [
        n.removesuffix(".html")
        for n in capped
        if n.startswith("id/") and n.endswith(".html") and not n.endswith(".carte.html")
    ]
    without = [n for n in without if n + ".carte.html" not in capped and n + ".ttl" in capped]
    actor = next(n for n in without if n.startswith(("id/organisation/", "id/person/")))
    text = capped[actor + ".html"].decode("utf-8")
    assert note in text and "<iframe" not in text
    assert f'href="{posixpath.relpath("carte.html", posixpath.dirname(actor))}"' in text


def test_every_internal_link_of_the_capped_site_resolves(capped):
    for path, data in capped.items():
        if not path.endswith(".html"):
            continue
        parser = Links()
        parser.feed(data.decode("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), unquote(parts.path))
            )
            assert parts.path == "" or target in capped, (path, link)


def test_the_builds_projection_and_metrics_give_the_same_site(dataset: Dataset):
    public = export.apply_profile(dataset, "public")
    G = network.alliance_network(public, lang="fr")
    reused = st.site_files(dataset, public=public, network=G, metrics=network.metrics_table(G))
    assert reused == st.site_files(dataset)


def test_a_small_graph_keeps_every_ego_map(dataset: Dataset):
    files = st.site_files(dataset)
    G = network.alliance_network(export.apply_profile(dataset, "public"), lang="fr")
    assert sum(name.endswith(".carte.html") for name in files) == G.number_of_nodes()
    assert "Cartes ego écrites" not in files["index.html"].decode("utf-8")


def test_build_summary_states_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from mes_graph import build as bd

    monkeypatch.setattr(st, "EGO_MAPS", 5)  # the build reads the cap when it runs
    summary = bd.build(tmp_path / "build")
    detail = next(s.detail for s in summary.stages if s.name == "site")
    assert f"ego maps for the 5 most connected of {summary.counts['actors']} actors" in detail
    assert len(list((tmp_path / "build" / "site").rglob("*.carte.html"))) == 5


# -- actor pages capped: the actors that matter, a complete paginated index -------------

PAGES = 400
"""The actor-page cap of these tests (``site.SITE_ACTORS`` is far larger)."""

TOP, PER_PAGE = 5, 50
"""``SITE_TOP`` and ``INDEX_PAGE`` in these tests: the synthetic kinds take several pages."""

MES = "https://w3id.org/mes-graph/id/organisation/mes"
CODE = re.compile(r"<code>([^<]+)</code>")


@pytest.fixture(scope="module")
def paged(synthetic: Dataset) -> dict[str, bytes]:
    """The site of the synthetic graph, actor pages capped at ``PAGES``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(context, "SITE_TOP", TOP)
        patch.setattr(context, "INDEX_PAGE", PER_PAGE)
        return st.site_files(synthetic, ego_maps=CAP, site_actors=PAGES)


@pytest.fixture(scope="module")
def projection(synthetic: Dataset) -> tuple[list[str], nx.Graph, pd.DataFrame]:
    """The actors of the public profile, their ties and their metrics."""
    public = export.apply_profile(synthetic, "public")
    G = network.alliance_network(public, lang="fr")
    return [str(a) for a in actors(public)], network.ties(G), network.metrics_table(G)


def actor_pages(files: dict[str, bytes], every: list[str]) -> set[str]:
    """The actors whose page the site holds."""
    return {a for a in every if st.page_path(a) + ".html" in files}


def kind_pages(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Each kind's index pages, in order: ``acteurs/<kind>.html``, ``<kind>-2.html``…"""
    found: dict[str, dict[int, str]] = {}
    for name in files:
        match = re.fullmatch(r"acteurs/(.+?)(?:-(\d+))?\.html", name)
        if match and (match[2] is None or f"acteurs/{match[1]}.html" in files):
            found.setdefault(match[1], {})[int(match[2] or 1)] = name
    return {kind: [pages[n] for n in sorted(pages)] for kind, pages in found.items()}


def entries(files: dict[str, bytes], page: str, every: list[str]) -> list[str]:
    """The actors an index page lists: by their link, or by their IRI when without a page."""
    by_path = {st.page_path(a) + ".html": a for a in every}
    text = files[page].decode("utf-8")
    found = []
    for item in re.findall(r"<li>(.*?)</li>", text[text.index('<h2 id="liste">') :]):
        links = [posixpath.normpath(posixpath.join("acteurs", h)) for h in Links.of(item)]
        found += [by_path[h] for h in links if h in by_path] or CODE.findall(item)
    return found


def test_exactly_the_cap_of_actor_pages_the_mes_and_its_neighbours_first(paged, projection):
    every, T, table = projection
    assert len(every) > PAGES
    pages = actor_pages(paged, every)
    assert len(pages) == PAGES
    near = nx.single_source_shortest_path_length(T, MES, cutoff=2)
    assert len(near) < PAGES and set(near) <= pages
    for column in context.RANKINGS:
        ranked = table.sort_values([column, "actor"], ascending=[False, True], kind="stable")
        assert set(ranked["actor"].head(TOP)) <= pages, column
    rest = pages - set(near)
    degree = {a: T.degree(a) if a in T else 0 for a in every}
    unpaged = set(every) - pages
    assert min(degree[a] for a in rest) >= max(degree[a] for a in unpaged)


def test_a_low_cap_keeps_the_mes_and_its_direct_ties(synthetic, projection):
    every, T, _ = projection
    direct = set(T[MES]) | {MES}
    files = st.site_files(synthetic, ego_maps=CAP, site_actors=len(direct) + 3)
    pages = actor_pages(files, every)
    assert len(pages) == len(direct) + 3 and direct <= pages
    assert pages == actor_pages(st.site_files(synthetic, site_actors=len(direct) + 3), every)


def test_every_actor_is_in_the_paginated_index_once_per_kind(paged, projection):
    every, _, _ = projection
    seen: set[str] = set()
    kinds = kind_pages(paged)
    assert max(len(p) for p in kinds.values()) > 1
    for kind, pages in kinds.items():
        listed = [a for page in pages for a in entries(paged, page, every)]
        assert len(listed) == len(set(listed)), kind
        assert all(len(entries(paged, page, every)) <= PER_PAGE for page in pages), kind
        seen |= set(listed)
    assert seen == set(every)


def test_index_pages_link_the_previous_and_the_next(paged):
    for pages in kind_pages(paged).values():
        for i, page in enumerate(pages):
            text = paged[page].decode("utf-8")
            prev = re.findall(r'<a href="([^"]+)" rel="prev">', text)
            after = re.findall(r'<a href="([^"]+)" rel="next">', text)
            assert prev == ([posixpath.basename(pages[i - 1])] * 2 if i else []), page
            assert after == ([posixpath.basename(pages[i + 1])] * 2 if i < len(pages) - 1 else [])


def test_an_actor_without_a_page_is_named_with_its_iri_and_no_link(paged, projection):
    every, _, _ = projection
    unpaged = sorted(set(every) - actor_pages(paged, every))
    text = "".join(paged[p].decode("utf-8") for ps in kind_pages(paged).values() for p in ps)
    for actor in unpaged:
        assert f"<code>{actor}</code>" in text, actor
        assert st.page_path(actor) + ".ttl" not in paged  # nothing to link to: no link
    assert "Un nom sans lien est celui d&#39;un acteur sans page statique" in text
    pages = actor_pages(paged, every)
    T = projection[1]
    host = next(a for a in sorted(pages) if any(n not in pages for n in T[a]))
    page = paged[st.page_path(host) + ".html"].decode("utf-8")
    assert "Un nom sans lien est celui" in page  # its link tables name actors without a page
    assert "</span></td><td><span>" in page


def test_every_relative_link_of_the_paged_site_resolves(paged):
    for path, data in paged.items():
        if not path.endswith(".html"):
            continue
        for link in Links.of(data):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or not parts.path:
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), unquote(parts.path))
            )
            assert target in paged, (path, link)


def test_the_search_covers_the_pages_written_and_says_so(paged, projection):
    every, _, _ = projection
    index = json.loads(paged["search-index.json"])
    assert all(entry["url"] in paged for entry in index)
    assert sum(entry["kind"] == "acteur" for entry in index) == PAGES
    assert f"La recherche porte sur les {PAGES} acteurs qui ont une page" in (
        paged["recherche.html"].decode("utf-8")
    )
    note = f"Pages écrites pour {PAGES} acteurs sur {len(every)} (plafond du site statique)"
    for page in ("index.html", "acteurs.html"):
        assert note in paged[page].decode("utf-8"), page


def test_lists_show_a_page_worth_and_link_the_complete_index(paged):
    text = paged["acteurs.html"].decode("utf-8")
    kind = "acteurs/organisation-ess.html"
    assert '<h2 id="organisation-ess"><a href="acteurs/organisation-ess.html">' in text
    section = text[text.index('<h2 id="organisation-ess">') :].split("</section>")[0]
    assert section.count("<li>") == PER_PAGE and f'<a href="{kind}">Les ' in section
    concept = paged["id/concept/kind/organisation-ess.html"].decode("utf-8")
    members = concept[concept.index("Acteurs classés ici") :].split("</section>")[0]
    assert members.count("<li>") == PER_PAGE
    assert 'href="../../../acteurs/organisation-ess.html"' in members


def test_the_folder_is_written_as_pages_come_and_holds_the_same_bytes(
    synthetic, paged, tmp_path, monkeypatch
):
    from mes_graph.base.files import FolderFiles
    from mes_graph.site import writing

    mappings = []
    render = writing.render_site

    def spied(site: st.Site):
        mappings.append(site.files)
        return render(site)

    monkeypatch.setattr(writing, "render_site", spied)
    monkeypatch.setattr(context, "SITE_TOP", TOP)
    monkeypatch.setattr(context, "INDEX_PAGE", PER_PAGE)
    folder = st.build_site(synthetic, tmp_path / "site", ego_maps=CAP, site_actors=PAGES)
    assert [type(files) for files in mappings] == [FolderFiles]
    written = {p.relative_to(folder).as_posix(): p.read_bytes() for p in st.files_of_site(folder)}
    assert written == paged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert st.actor_pages(folder) == PAGES  # what the build summary reports


def test_a_site_that_fails_halfway_leaves_the_old_folder(tmp_path, monkeypatch):
    from mes_graph.site import writing

    folder = tmp_path / "site"
    (folder / "id").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"old")

    def broken(site: st.Site) -> None:
        raise ValueError("the search broke")

    monkeypatch.setattr(writing, "search", broken)  # after every page was written
    with pytest.raises(ValueError, match="the search broke"):
        st.build_site(load(), folder)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "site",
        "site/id",
        "site/index.html",
    ]
    assert (folder / "index.html").read_bytes() == b"old"
