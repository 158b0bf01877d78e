"""The data of the site and its home page: the dumps, their DCAT description, their pages.

Takes the ``Site``; writes into ``Site.files`` the ``donnees/`` folder (the public profile
in Turtle, N-Quads and JSON-LD, ``context.jsonld``, the DCAT description and its page)
and the home page, which presents the dataset as its description says.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from mes_graph import describe as dsc
from mes_graph.base.terms import BASE, DCTERMS, FOAF, MES
from mes_graph.export import context_document, write_rdf
from mes_graph.site.context import Site

__all__ = ["DATA_URL", "DUMPS", "data_folder", "home"]

DUMPS = {"mes-graph.ttl": "turtle", "mes-graph.nq": "nquads", "mes-graph.jsonld": "jsonld"}
"""The full files of the site's ``donnees/`` folder and their formats."""

DATA_URL = BASE + "donnees/"
"""Where the site's ``donnees/`` folder is downloaded from, the site served at ``BASE``."""


def data_folder(site: Site) -> Graph:
    """Write the ``donnees/`` folder: the dumps, ``context.jsonld``, the description, its page.

    Parameters
    ----------
    site : Site

    Returns
    -------
    rdflib.Graph
        The DCAT description of the dataset (``describe.describe``), for the home page.
    """
    site.files["donnees/context.jsonld"] = context_document()
    names = {fmt: name for name, fmt in DUMPS.items()}
    on_disk = getattr(site.files, "folder", None)  # a site written as it goes (build_site)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(on_disk) / "donnees" if on_disk is not None else Path(scratch)
        written, facts = write_rdf(folder, site.public, DUMPS.values(), names=names)  # streamed
        if on_disk is None:
            for file in written:
                site.files["donnees/" + file.name] = file.path.read_bytes()
        dists = [
            dsc.Distribution(f.name, f.path, f.fmt, "public", f.size, f.sha256, f.statements)
            for f in written
        ]
        description = dsc.describe(
            site.dataset,
            dists,
            endpoint=site.endpoint,
            base_url=DATA_URL,
            profiled=site.public,
            facts=facts,
        )
    sizes = {d.name: (d.size, d.sha256) for d in dists}
    site.files["donnees/description.ttl"] = dsc.description_turtle(description)
    d = dsc.DATASET
    value = description.value

    def literal(prop: URIRef) -> str:
        return _literal(description, prop)

    facts = [
        {
            "name": "Éditeur (publisher)",
            "value": str(value(value(d, DCTERMS.publisher), FOAF.name)),
        },
        {"name": "Licence", "value": "CC BY 4.0", "href": str(dsc.LICENSE)},
        {"name": "Version", "value": literal(dsc.DCAT.version)},
        {"name": "Publié (issued)", "value": literal(DCTERMS.issued)},
        {"name": "Modifié (modified)", "value": literal(DCTERMS.modified)},
        {"name": "Triplets (triples)", "value": literal(dsc.VOID.triples)},
        {"name": "Entités (entities)", "value": literal(dsc.VOID.entities)},
        {"name": "Sources", "value": literal(MES.sourceCount)},
        {"name": "Profil", "value": "public"},
    ]
    if site.endpoint:
        facts.append(
            {"name": "Point d'accès SPARQL", "value": site.endpoint, "href": site.endpoint}
        )
    site.render(
        "dataset.html",
        "donnees/index.html",
        **_titles(description),
        facts=facts,
        distributions=[
            {
                "name": name,
                "href": name,
                "media": dsc.MEDIA_TYPES[DUMPS[name]],
                "profile": "public",
                "size": sizes[name][0],
                "sha256": sizes[name][1],
            }
            for name in DUMPS
        ],
    )
    return description


def home(site: Site, description: Graph, kind_counts: list[dict[str, Any]]) -> None:
    """Write the home page (``index.html``): the dataset, its counts, its kinds of actor.

    Parameters
    ----------
    site : Site
    description : rdflib.Graph
        The DCAT description (``data_folder``).
    kind_counts : list of dict
        The kinds of actor and how many each has (``indexes.actor_indexes``).
    """
    site.render(
        "home.html",
        "index.html",
        **_titles(description),
        counts={
            "actors": len(site.actors),
            "sources": len(site.sources),
            "concepts": len(site.concepts),
        },
        kinds=kind_counts,
        endpoint=site.endpoint,
        ego_note=site.ego_note() if site.ego_capped else None,
        page_note=site.page_note() if site.capped else None,
    )


def _literal(description: Graph, prop: URIRef, lang: str | None = None) -> str:
    """The dataset's first value of ``prop`` (in ``lang``, if given), else ``""``."""
    for v in sorted(description.objects(dsc.DATASET, prop)):
        if lang is None or getattr(v, "language", None) == lang:
            return str(v)
    return ""


def _titles(description: Graph) -> dict[str, str]:
    """The dataset's title and description, in French and English, as the pages show them."""
    return {
        "title": _literal(description, DCTERMS.title, "fr"),
        "title_en": _literal(description, DCTERMS.title, "en"),
        "description": _literal(description, DCTERMS.description, "fr"),
        "description_en": _literal(description, DCTERMS.description, "en"),
    }
