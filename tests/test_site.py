"""The static linked-data site: a page per actor, links that resolve, valid and escaped HTML,
offline pages, per-resource RDF, the ontology documentation, the search index."""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, URIRef

from mes_graph import site as st
from mes_graph.actors import actors
from mes_graph.base.terms import ID, MES
from mes_graph.describe import check_description
from mes_graph.load import load

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile-label.ttl"
RAW = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "<svg onload=alert(3)>",
    "<b onmouseover=alert(4)>",
)
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The site of the shipped graph plus the hostile fixture, built by the CLI."""
    folder = tmp_path_factory.mktemp("site") / "site"
    command = [
        sys.executable,
        "-m",
        "mes_graph.cli",
        "site",
        "-o",
        str(folder),
        "--data",
        str(HOSTILE),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def pages(built) -> dict[str, str]:
    return {
        p.relative_to(built).as_posix(): p.read_text(encoding="utf-8")
        for p in built.rglob("*.html")
    }


class Checker(HTMLParser):
    """Checks the structure of a page and collects its links and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.links: list[str] = []
        self.ids: list[str] = []
        self.seen: set[str] = set()
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        values = dict(attrs)
        if "id" in values:
            self.ids.append(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name] or "")
        for name, _ in attrs:
            if name.startswith("on"):
                self.errors.append(f"event handler attribute {name}")
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def check(text: str) -> Checker:
    checker = Checker()
    checker.feed(text)
    checker.close()
    return checker


def test_one_page_per_actor_with_its_rdf(built, pages):
    dataset = load([HOSTILE])
    every = actors(dataset)
    assert len(every) == 31 + 2
    for actor in every:
        path = st.page_path(str(actor))
        assert f"{path}.html" in pages
        turtle = Graph().parse(built / f"{path}.ttl", format="turtle")
        assert (actor, None, None) in turtle
        jsonld = Graph().parse(built / f"{path}.jsonld", format="json-ld")
        assert len(jsonld) == len(turtle)


def test_pages_for_concepts_sources_kinds_and_the_rest(pages):
    for path in (
        "index.html",
        "acteurs.html",
        "acteurs/reseau-territorial.html",
        "concepts.html",
        "sources.html",
        "ontologie.html",
        "carte.html",
        "recherche.html",
        "donnees/index.html",
        "id/concept/kind/reseau-territorial.html",
        "id/concept/role/membre.html",
        "id/scheme/kinds.html",
        "id/source/mes-presentation.html",
        "id/place/region/28.html",
    ):
        assert path in pages, path


def test_the_home_page_says_which_iris_are_left_to_the_server(pages):
    note = pages["index.html"].split('id="iri-serveur">')[1].split("</p>")[0]
    for kind in ("adhésions", "graphes nommés", "profils", "distributions", "mes-graph serve"):
        assert kind in note


def test_every_page_is_well_formed_html(pages):
    for path, text in pages.items():
        checker = check(text)
        assert checker.doctype, path
        assert not checker.errors, (path, checker.errors[:3])
        assert not checker.stack, (path, checker.stack)
        assert {"html", "head", "title", "body"} <= checker.seen, path
        assert len(checker.ids) == len(set(checker.ids)), path


def test_every_internal_link_resolves_to_a_file_of_the_site(built, pages):
    ids = {path: set(check(text).ids) for path, text in pages.items()}
    for path, text in pages.items():
        for link in check(text).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                assert parts.scheme in ("http", "https", "mailto", "tel", "data"), (path, link)
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(path), unquote(parts.path))
            )
            if not parts.path:
                target = path
            assert not target.startswith(".."), (path, link)
            assert (built / target).is_file(), (path, link)
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in ids[target], (path, link)


def test_the_downloads_the_site_describes_are_files_of_the_site(built):
    """Served at https://w3id.org/mes-graph/, every download of its description resolves."""
    from rdflib import Graph

    from mes_graph.base.terms import BASE
    from mes_graph.describe import DCAT

    description = Graph().parse(built / "donnees" / "description.ttl")
    downloads = sorted(str(o) for o in description.objects(None, DCAT.downloadURL))
    assert len(downloads) == 3
    for url in downloads:
        assert url.startswith(BASE + "donnees/"), url
        assert (built / url[len(BASE) :]).is_file(), url


def test_nothing_is_fetched_from_elsewhere(pages):
    for path, text in pages.items():
        checker = Checker()
        checker.feed(text)
        for tag_text in ('<script src="http', '<link rel="stylesheet" href="http', "@import"):
            assert tag_text not in text, path


def test_hostile_labels_are_escaped_on_every_page(built, pages):
    for path, text in pages.items():
        for raw in RAW:
            assert raw not in text, (path, raw)
    for path in ("id/organisation/hostile.html", "acteurs.html", "id/person/hostile-person.html"):
        assert (
            "&lt;img src=x onerror=alert(1)&gt;" in pages[path]
            or "&lt;b onmouseover" in pages[path]
        )
    script = (built / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "<" not in script.split("=", 1)[1]


def test_ontology_documentation_lists_every_term_with_both_languages(pages, dataset):
    text = pages["ontologie.html"]
    terms = {s for s in dataset.subjects() if isinstance(s, URIRef) and s.startswith(str(MES))}
    for term in terms:
        assert f'id="{st.anchor(str(term)[len(str(MES)) :])}"' in text, term
    assert "réseau territorial" in text and "territorial network" in text
    assert "http://purl.org/essglobal/vocab/Network" in text  # the alignment
    assert 'id="liste-kinds"' in text and 'id="forme-mesh-OrganizationShape"' in text


def test_actor_page_shows_kind_links_roles_and_sources(pages):
    text = pages["id/organisation/ardes.html"]
    assert "Réseau territorial" in text and "membre de" in text
    assert 'href="../source/mes-presentation.html"' in text
    assert 'href="ardes.ttl"' in text and 'href="ardes.jsonld"' in text
    mes = pages["id/organisation/mes.html"]
    assert "Liens entrants" in mes and "Alexane Heredia" in mes


def test_search_index_and_description(built):
    entries = json.loads((built / "search-index.json").read_text(encoding="utf-8"))
    urls = {e["url"] for e in entries}
    assert "id/organisation/ardes.html" in urls
    description = Graph().parse(built / "donnees" / "description.ttl", format="turtle")
    assert check_description(description) == []


def test_htaccess_negotiates_turtle_jsonld_and_html(built):
    text = (built / ".htaccess").read_text(encoding="utf-8")
    assert "AddType text/turtle .ttl" in text and "application/ld\\+json" in text
    assert "RewriteRule ^(.+)$ $1.html [L]" in text


def test_the_site_is_the_same_bytes_twice():
    dataset = load()
    first, second = st.site_files(dataset), st.site_files(dataset)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert str(ID["organisation/mes"]).startswith("https://")
