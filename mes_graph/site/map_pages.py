"""The maps of the site: the full map, an ego map per actor, and vis-network shared by all.

Takes the ``Site`` and the map stage (``mes_graph.maps``, when installed: ``available_maps``);
writes into ``Site.files`` ``carte.html``, the ``….carte.html`` ego maps and, under
``assets/``, one copy of vis-network they all link to.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from rdflib import URIRef

from mes_graph.site.context import Site

__all__ = ["available_maps", "ego_map_page", "full_map_page"]


def available_maps() -> Any:
    """The map stage (``mes_graph.maps``) when it offers ``map_page`` and ``copy_assets``.

    Returns
    -------
    module or None
        ``None`` when the map stage is not installed: the site is built without maps.

    Examples
    --------
    >>> available_maps().__name__
    'mes_graph.maps'
    """
    try:
        from mes_graph import maps
    except ImportError:  # pragma: no cover - the map stage is not installed
        return None
    if not (hasattr(maps, "map_page") and hasattr(maps, "copy_assets")):
        return None  # pragma: no cover
    return maps


def ego_map_page(site: Site, node: URIRef, path: str, maps: Any) -> None:
    """Write the ego map of an actor (radius 1) at ``path``, linking the shared assets.

    Parameters
    ----------
    site : Site
    node : URIRef
        An actor of ``site.ego_actors``.
    path : str
        The page's path from the site's root (``id/organisation/ardes.carte.html``).
    maps : module
        The map stage (``available_maps``).
    """
    depth = path.count("/")
    html = maps.map_page(
        site.network,
        view="ego",
        actor=str(node),
        radius=1,
        title=f"Carte ego : {site.label(node)}",
        assets="../" * depth + "assets",
        lang="fr",
        metrics=site.map_values,
    )
    site.files[path] = html.encode("utf-8")


def full_map_page(site: Site, maps: Any) -> None:
    """Write the full map (``carte.html``) and the assets every map links to.

    Parameters
    ----------
    site : Site
    maps : module or None
        The map stage (``available_maps``); ``None`` writes a notice in place of the map.
    """
    if maps is None:
        site.render(
            "notice.html",
            "carte.html",
            title="Carte des alliances",
            message="La carte n'a pas été construite : le module mes_graph.maps manque.",
        )
        return
    html = maps.map_page(
        site.network,
        view="all",
        title="Carte des alliances du MES",
        assets="assets",
        lang="fr",
        metrics=site.metrics,
    )
    site.files["carte.html"] = html.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        for written in maps.copy_assets(Path(folder)):
            written = Path(written)
            site.files["assets/" + written.relative_to(folder).as_posix()] = written.read_bytes()
