"""The indexes of the site: actors by kind, concepts, sources, and the offline search.

Takes the ``Site``; writes into ``Site.files`` ``acteurs.html`` and the complete index of
each kind of actor (``acteurs/<kind>.html``, then ``<kind>-2.html``…, every actor with or
without a page), ``concepts.html``, ``sources.html``, and the search page with its index
of the pages written (``search-index.json``, and the same as a script).
"""

from __future__ import annotations

import json
import operator
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.files import script_safe
from mes_graph.base.terms import FOAF, SKOS
from mes_graph.export import slug
from mes_graph.site import context
from mes_graph.site.context import Site, french_count
from mes_graph.site.links import relative

Listed = tuple[URIRef, tuple[str, str | None]]
"""An actor in an index: its IRI and its ``Site.names``."""

__all__ = ["actor_indexes", "index_entry", "kind_pages", "search", "simple_index"]


def actor_indexes(site: Site) -> list[dict[str, Any]]:
    """Write ``acteurs.html`` and the complete index of each kind of actor, page by page.

    ``acteurs/<kind>.html`` lists the first ``INDEX_PAGE`` actors of a kind by name,
    ``acteurs/<kind>-2.html`` the next, each page linking the previous and the next; an
    actor without a page (``Site.page_actors``) is shown by its name and its IRI, which
    ``mes-graph serve`` resolves. ``acteurs.html`` gives each kind its count and its
    first page of names.

    Parameters
    ----------
    site : Site

    Returns
    -------
    list of dict
        Each kind's ``label``, ``label_en``, ``href`` and ``count``, for the home page.
    """
    by_kind: dict[Node | None, list[tuple[str, Listed]]] = defaultdict(list)
    for actor in site.actors:  # each actor read once: its kinds, label and names together
        listed = (fold(site.label(actor)), (actor, site.names(actor)))
        for kind in sorted(site.kinds(actor)) or [None]:
            by_kind[kind].append(listed)
    ordered = sorted(by_kind, key=lambda k: fold(site.label(k)) if k is not None else "~")
    groups: list[dict[str, Any]] = []
    kind_counts: list[dict[str, Any]] = []
    for kind in ordered:
        members = [a for _, a in sorted(by_kind.pop(kind), key=operator.itemgetter(0))]
        index_path = site.kind_index(kind) or ""
        title = site.label(kind) if kind is not None else "Sans nature"
        title_en = site.english(kind) if kind is not None else "No kind"
        first = kind_pages(site, kind, members, title, title_en)
        more = None
        if len(members) > len(first):
            more = {"href": index_path, "label": f"Les {french_count(len(members))} acteurs"}
        groups.append(
            {
                "id": slug(str(kind)) if kind is not None else "sans-nature",
                "title": title,
                "title_en": title_en,
                "href": index_path,
                "count": len(members),
                "items": [index_entry(site, *a, "acteurs.html") for a in first],
                "more": more,
            }
        )
        kind_counts.append(
            {"label": title, "label_en": title_en, "href": index_path, "count": len(members)}
        )
    notes = [site.ego_note()] if site.ego_capped else []
    notes += [site.page_note(), site.unpaged_note()] if site.capped else []
    site.render(
        "list.html",
        "acteurs.html",
        title="Acteurs",
        intro=f"{french_count(len(site.actors))} acteurs : organisations et personnes, par nature."
        + "".join(" " + note for note in notes),
        groups=groups,
    )
    return kind_counts


def kind_pages(
    site: Site, kind: Node | None, members: list[Listed], title: str, title_en: str | None
) -> list[Listed]:
    """Write the index of one kind's actors, ``INDEX_PAGE`` a page, with links between pages.

    Parameters
    ----------
    site : Site
    kind : Node or None
        The kind (``None``: the actors of no kind).
    members : list of (URIRef, (str, str or None))
        Its actors, in the order listed, each with its ``Site.names``.
    title, title_en : str
        The kind's names.

    Returns
    -------
    list of (URIRef, (str, str or None))
        The actors of the first page.
    """
    size = context.INDEX_PAGE
    pages = max(1, -(-len(members) // size))
    for page in range(1, pages + 1):
        path = site.kind_index(kind, page) or ""
        chunk = members[(page - 1) * size : page * size]
        intro = f"{french_count(len(members))} acteurs de nature « {title} »."
        pager = None
        if pages > 1:
            start = (page - 1) * size + 1
            intro += f" Page {page} sur {pages} : les acteurs {start} à {start + len(chunk) - 1}."
            pager = {
                "text": f"Page {page} sur {pages}",
                "prev": relative(site.kind_index(kind, page - 1) or "", path) if page > 1 else None,
                "next": relative(site.kind_index(kind, page + 1) or "", path)
                if page < pages
                else None,
            }
        items = [index_entry(site, *a, path) for a in chunk]
        if any(item.get("iri") for item in items):
            intro += " " + site.unpaged_note()
        site.render(
            "list.html",
            path,
            title=f"Acteurs : {title}" + (f" (page {page})" if page > 1 else ""),
            intro=intro,
            pager=pager,
            groups=[
                {
                    "id": "liste",
                    "title": title,
                    "title_en": title_en,
                    "href": site.href(kind, path) if kind is not None else None,
                    "count": len(members),
                    "items": items,
                }
            ],
        )
    return members[:size]


def index_entry(
    site: Site, actor: URIRef, names: tuple[str, str | None], here: str
) -> dict[str, Any]:
    """An actor as an index lists it (``names``: its ``Site.names``): its reference, and its
    IRI when it has no page."""
    ref = site.ref(actor, here, names=names)
    return ref if actor in site.paths else {**ref, "iri": str(actor)}


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
    index as a script (``assets/search-index.js``), every name of every page written (the
    search page says so when the actors' pages are capped).
    """
    entries = []
    for node in site.paths:
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
    note = None
    if site.capped:
        note = (
            f"La recherche porte sur les {french_count(len(site.page_actors))} acteurs qui ont "
            f"une page (sur {french_count(len(site.actors))}), les concepts et les sources ; "
            "tous les acteurs sont dans l'index complet."
        )
    site.render("search.html", "recherche.html", title="Recherche", note=note)
