"""The indexes of the site: actors by kind, concepts, sources, and the offline search.

Takes the ``Site``; writes into ``Site.files`` ``acteurs.html`` and one page per kind of
actor (``acteurs/<kind>.html``), ``concepts.html``, ``sources.html``, and the search page
with its index (``search-index.json``, and the same as a script).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.files import script_safe
from mes_graph.base.terms import FOAF, SKOS
from mes_graph.export import slug
from mes_graph.site.context import Site

__all__ = ["actor_indexes", "search", "simple_index"]


def actor_indexes(site: Site) -> list[dict[str, Any]]:
    """Write ``acteurs.html`` and one index page per kind of actor (``acteurs/<kind>.html``).

    Parameters
    ----------
    site : Site

    Returns
    -------
    list of dict
        Each kind's ``label``, ``label_en``, ``href`` and ``count``, for the home page.
    """
    by_kind: dict[Node | None, list[URIRef]] = defaultdict(list)
    for actor in site.actors:
        for kind in sorted(site.kinds(actor)) or [None]:
            by_kind[kind].append(actor)
    ordered = sorted(by_kind, key=lambda k: fold(site.label(k)) if k is not None else "~")
    groups: list[dict[str, Any]] = []
    kind_counts: list[dict[str, Any]] = []
    for kind in ordered:
        members = sorted(by_kind[kind], key=lambda a: fold(site.label(a)))
        kind_slug = slug(str(kind)) if kind is not None else "sans-nature"
        index_path = f"acteurs/{kind_slug}.html"
        title = site.label(kind) if kind is not None else "Sans nature"
        title_en = site.english(kind) if kind is not None else "No kind"
        site.render(
            "list.html",
            index_path,
            title=f"Acteurs : {title}",
            intro=f"{len(members)} acteurs de nature « {title} ».",
            groups=[
                {
                    "id": "liste",
                    "title": title,
                    "title_en": title_en,
                    "href": site.href(kind, index_path) if kind is not None else None,
                    "items": [site.ref(a, index_path) for a in members],
                }
            ],
        )
        groups.append(
            {
                "id": kind_slug,
                "title": title,
                "title_en": title_en,
                "href": index_path,
                "items": [site.ref(a, "acteurs.html") for a in members],
            }
        )
        kind_counts.append(
            {"label": title, "label_en": title_en, "href": index_path, "count": len(members)}
        )
    site.render(
        "list.html",
        "acteurs.html",
        title="Acteurs",
        intro=f"{len(site.actors)} acteurs : organisations et personnes, par nature."
        + (" " + site.ego_note() if site.ego_capped else ""),
        groups=groups,
    )
    return kind_counts


def simple_index(site: Site, path: str, title: str, nodes: Iterable[URIRef]) -> None:
    """Write an index page of resources at ``path``, grouped by their concept scheme.

    Parameters
    ----------
    site : Site
    path : str
        The page, from the site's root (``concepts.html``).
    title : str
        Its title, and the title of the group of resources in no scheme.
    nodes : iterable of URIRef
    """
    g = site.graph
    by_scheme: dict[Node | None, list[URIRef]] = defaultdict(list)
    for node in nodes:
        scheme = min(g.objects(node, SKOS.inScheme), default=None)
        by_scheme[scheme].append(node)
    groups = []
    for scheme in sorted(by_scheme, key=lambda s: fold(site.label(s)) if s is not None else ""):
        items = sorted(by_scheme[scheme], key=lambda n: fold(site.label(n)))
        groups.append(
            {
                "id": slug(str(scheme)) if scheme is not None else "autres",
                "title": site.label(scheme) if scheme is not None else title,
                "title_en": site.english(scheme) if scheme is not None else None,
                "href": site.href(scheme, path) if scheme is not None else None,
                "items": [site.ref(n, path) for n in items],
            }
        )
    site.render("list.html", path, title=title, intro=None, groups=groups)


def search(site: Site) -> None:
    """Write the offline search: ``recherche.html``, ``search-index.json`` and the same
    index as a script (``assets/search-index.js``), every name of every page.
    """
    entries = []
    for node in [*site.actors, *site.concepts, *site.sources]:
        names = [site.label(node)]
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, SKOS.notation):
            for v in sorted(site.index.objects(node, prop)):
                if str(v) not in names:
                    names.append(str(v))
        kind = (
            "acteur"
            if node in site.actor_set
            else "concept"
            if node in site.concept_set
            else "source"
        )
        entries.append({"names": names, "kind": kind, "url": site.paths[node] + ".html"})
    entries.sort(key=lambda e: (fold(e["names"][0]), e["url"]))
    data = json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True)
    site.files["search-index.json"] = (data + "\n").encode("utf-8")
    site.files["assets/search-index.js"] = f"window.MES_SEARCH = {script_safe(data)};\n".encode()
    site.render("search.html", "recherche.html", title="Recherche")
