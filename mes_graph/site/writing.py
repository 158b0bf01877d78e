"""Every file of the site, and the folder written atomically.

Takes the dataset ``load`` built and the fields of ``SiteOptions``; gives every file of
the site (``site_files``: relative path to bytes, in memory) or writes them to a folder
(``build_site``: each file written as it is rendered, in a folder beside the target that is
swapped in at the end; no page is held once written).
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Dataset

from mes_graph.base.files import files_of, replacing_folder
from mes_graph.network import alliance_network, metrics_table
from mes_graph.site.context import Site, SiteOptions
from mes_graph.site.dataset import data_folder, home
from mes_graph.site.indexes import actor_indexes, search, simple_index
from mes_graph.site.map_pages import available_maps, full_map_page
from mes_graph.site.ontology import ontology_page
from mes_graph.site.resources import resource_page

__all__ = ["HTACCESS", "actor_pages", "build_site", "files_of_site", "render_site", "site_files"]

HTACCESS = """# Content negotiation for Apache (mod_rewrite, mod_mime): a resource's IRI path
# (…/id/organisation/ardes) gives Turtle, JSON-LD or HTML as the client asks.
Options -MultiViews
AddType text/turtle .ttl
AddType application/n-quads .nq
AddType application/ld+json .jsonld
AddType text/html;charset=utf-8 .html
AddCharset utf-8 .ttl .jsonld .nq
RewriteEngine On
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L]
"""
"""Content negotiation for Apache, written as ``.htaccess``."""


def render_site(site: Site) -> MutableMapping[str, bytes]:
    """Every file of a site, rendered into ``site.files``: relative path to content.

    The network and its metrics are computed here when the options did not bring them:
    once for every page and every map.

    Parameters
    ----------
    site : Site

    Returns
    -------
    mutable mapping
        ``site.files``: a dictionary, or a folder written through.
    """
    maps = available_maps()
    if site.network is None:
        site.network = alliance_network(site.public, lang="fr")
    if site.metrics is None and maps is not None:  # once for every map, not once per map
        site.metrics = metrics_table(site.network)
    for node in site.page_actors:
        resource_page(site, node, maps)
    for node in [*site.concepts, *site.sources]:
        resource_page(site, node, None)
    kind_counts = actor_indexes(site)
    simple_index(site, "concepts.html", "Concepts des listes de codes", site.concepts)
    simple_index(site, "sources.html", "Sources", site.sources)
    ontology_page(site)
    description = data_folder(site)
    search(site)
    home(site, description, kind_counts)
    full_map_page(site, maps)
    site.files[".htaccess"] = HTACCESS.encode("utf-8")
    for name in ("style.css", "search.js"):
        site.files["assets/" + name] = (
            resources.files("mes_graph").joinpath("static/site/" + name).read_bytes()
        )
    return site.files


def site_files(dataset: Dataset, endpoint: str | None = None, **options: Any) -> dict[str, bytes]:
    """Every file of the site for a dataset: relative path to content.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built; the site shows its public profile.
    endpoint : str, optional
        A SPARQL endpoint to name on the home page and in the description.
    **options
        The other fields of ``SiteOptions``: ``public``, ``network``, ``metrics`` (what
        the build already computed), ``ego_maps``, ``site_actors``.

    Returns
    -------
    dict
        Relative path (``/``-separated) to bytes.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from mes_graph.network import tiny_alliance
    >>> ds = Dataset(default_union=True)
    >>> _ = ds.graph(URIRef("urn:g")).parse(data=tiny_alliance().serialize(), format="turtle")
    >>> files = site_files(ds)
    >>> "id/organisation/ardes.html" in files and "ontologie.html" in files
    True
    """
    files: dict[str, bytes] = {}
    render_site(Site(dataset, SiteOptions(endpoint=endpoint, **options), files))
    return files


def build_site(
    dataset: Dataset, folder: Path | str, endpoint: str | None = None, **options: Any
) -> Path:
    """Write the site to a folder, atomically (built beside it, then swapped in).

    Each file is written as it is rendered: memory holds one page at a time, not the site.

    Parameters
    ----------
    dataset : rdflib.Dataset
    folder : Path or str
        The site's folder (replaced).
    endpoint : str, optional
    **options
        ``public``, ``network``, ``metrics``, ``ego_maps``, ``site_actors``: the fields of
        ``SiteOptions``, as in ``site_files``.

    Returns
    -------
    Path
        The folder.
    """
    site_options = SiteOptions(endpoint=endpoint, **options)  # checked before any writing
    with replacing_folder(folder) as files:
        render_site(Site(dataset, site_options, files))
    return Path(folder)


def files_of_site(folder: Path | str) -> list[Path]:
    """Every file of a built site, sorted."""
    return files_of(folder)


def actor_pages(folder: Path | str) -> int:
    """How many actors have a page in a built site (``SITE_ACTORS`` at most), read from
    its search index.

    Parameters
    ----------
    folder : Path or str
        A folder ``build_site`` wrote.

    Returns
    -------
    int

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> actor_pages(build_site(load(), Path(tempfile.mkdtemp()) / "site"))
    31
    """
    entries = json.loads((Path(folder) / "search-index.json").read_text("utf-8"))
    return sum(entry["kind"] == "acteur" for entry in entries)
