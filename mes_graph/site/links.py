"""Where a resource's page lives in the site, and the relative links between pages.

Takes IRIs and the paths of pages (from the site's root); gives the path of a resource's
page (``page_path``: the path of its IRI under the base), an HTML id for a term
(``anchor``) and the relative link from one page to another (``relative``): the site can
be served from any folder.
"""

from __future__ import annotations

import functools
import posixpath
import re

from mes_graph.base.terms import BASE
from mes_graph.export import slug

__all__ = ["SAFE_PATH", "anchor", "page_path", "relative"]

SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")

"""A local path that is safe as it is: letters, digits, ``._~-`` segments."""


def page_path(iri: str) -> str:
    """Where a resource's page lives in the site, without suffix.

    Examples
    --------
    >>> page_path("https://w3id.org/mes-graph/id/organisation/ardes")
    'id/organisation/ardes'
    >>> page_path("https://www.insee.fr/fr/information/2560452")
    'ext/2560452'
    """
    if iri.startswith(BASE):
        local = iri[len(BASE) :]
        if SAFE_PATH.match(local) and not local.startswith(("assets", "donnees", "ext/")):
            return local
    return "ext/" + slug(iri)


def anchor(text: str) -> str:
    """An HTML id from a term's local name.

    Examples
    --------
    >>> anchor("TerritorialNetwork")
    'TerritorialNetwork'
    >>> anchor("a b/c")
    'a-b-c'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", text) or "term"


def relative(target: str, here: str) -> str:
    """A link from the page ``here`` to ``target``, both relative to the site's root.

    Examples
    --------
    >>> relative("id/concept/kind/chaire.html", "id/organisation/ardes.html")
    '../concept/kind/chaire.html'
    >>> relative("ontologie.html#Chair", "acteurs.html")
    'ontologie.html#Chair'
    """
    path, _, fragment = target.partition("#")
    link = _relpath(path, posixpath.dirname(here) or ".")
    return link + ("#" + fragment if fragment else "")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)
