"""The site of a large graph: ego maps for the most connected actors only, said on the
pages, every link still resolving; the build's projection and metrics reused as they are."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Dataset

from mes_graph import export, network
from mes_graph import site as st
from mes_graph.load import load
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
