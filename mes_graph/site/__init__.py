"""Build the static linked-data site: HTML pages, per-resource RDF, search, maps, description.

Takes the dataset ``load`` built; gives a folder any static host can serve (``build_site``),
written atomically (each file written as it is rendered, in a temporary folder swapped in
at the end):

- ``id/…/<name>.html``, ``.ttl`` and ``.jsonld``: one page per actor (up to
  ``SITE_ACTORS``; above, the actors that matter most: the MES and its neighbourhood, the
  top of each ranking, the most connected), concept, concept scheme and source, at the
  path of its IRI under the base (``…/id/organisation/ardes`` →
  ``id/organisation/ardes.html``; an IRI outside the base goes under ``ext/``), with its
  name, kind, links in and out (roles, dates, sources), its ego map and its statements;
- ``acteurs.html`` and ``acteurs/<kind>.html`` (the complete index of a kind's actors,
  ``INDEX_PAGE`` a page: ``<kind>-2.html``…; an actor without a page by its name and its
  IRI, which ``mes-graph serve`` resolves), ``concepts.html``, ``sources.html``;
- ``ontologie.html``: classes and properties (French and English labels, definitions,
  alignments), code lists and SHACL shapes, rendered by our own templates;
- ``carte.html`` (the full map) and ``…/<name>.carte.html`` (ego maps), by ``mes_graph.maps``;
- ``donnees/``: the graph in Turtle, N-Quads and JSON-LD (public profile), ``context.jsonld``,
  the DCAT description (``description.ttl``) and its page;
- ``recherche.html``: an offline search (``search-index.json``, the same index as a script,
  and ``assets/search.js``; no CDN);
- ``.htaccess``: content negotiation (Turtle, JSON-LD, HTML) for Apache.

Links are relative; every text is escaped by Jinja2's autoescape; the pages are the same
bytes for the same data. Pages are in French, with English labels where the data has them.

One module per part of the site, each re-exported here: ``links`` (page paths and
relative links), ``statements`` (the statements, from the store), ``context`` (``Site``: what
has a page, names, references; ``SiteOptions``), ``resources`` (a resource's page and
RDF), ``indexes`` (actors by kind, concepts, sources, search), ``ontology``, ``dataset``
(``donnees/`` and the home page), ``map_pages`` (the maps), ``writing`` (``site_files``,
``build_site``, ``actor_pages``).

Examples
--------
>>> from mes_graph import site
>>> site.page_path("https://w3id.org/mes-graph/id/organisation/ardes") + ".html"
'id/organisation/ardes.html'
"""

from __future__ import annotations

from mes_graph.site.context import EGO_MAPS, INDEX_PAGE, SITE_ACTORS, Site, SiteOptions
from mes_graph.site.dataset import DUMPS
from mes_graph.site.links import SAFE_PATH, anchor, page_path, relative
from mes_graph.site.resources import resource_turtle
from mes_graph.site.statements import Statements
from mes_graph.site.writing import (
    HTACCESS,
    actor_pages,
    build_site,
    files_of_site,
    render_site,
    site_files,
)

__all__ = [
    "DUMPS",
    "EGO_MAPS",
    "HTACCESS",
    "INDEX_PAGE",
    "SAFE_PATH",
    "SITE_ACTORS",
    "Site",
    "SiteOptions",
    "Statements",
    "actor_pages",
    "anchor",
    "build_site",
    "files_of_site",
    "page_path",
    "relative",
    "render_site",
    "resource_turtle",
    "site_files",
]
