"""What a map shows: the view, its actors, the filters, the header's words, the metrics.

Takes the keywords of ``map_data`` (and of ``map_page``, ``show_map``, ``map_figure``,
which pass them on); gives one ``MapOptions``, checked once: an unknown view, metric or
language, a negative radius or a view without its actors are refused there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from mes_graph.maps.words import words_for

__all__ = ["FILTERS", "KEY_METRICS", "SIZE_METRICS", "VIEWS", "MapOptions", "map_options"]

VIEWS = ("all", "ego", "path", "communities")
"""The views of ``map_page``."""

SIZE_METRICS = (
    "betweenness",
    "degree",
    "degree_in",
    "degree_out",
    "pagerank",
    "closeness",
    "eigenvector",
    "constraint",
    "effective_size",
    "core_number",
    "clustering",
)
"""The metrics a node's size can show (columns of ``network.metrics_table``)."""

KEY_METRICS = ("degree", "betweenness", "pagerank")
"""The metrics every actor's tooltip shows (plus the one sizing it)."""

FILTERS = ("kind", "region", "sector")
"""The node attributes the page filters on (and the relation of the links)."""


@dataclass(frozen=True)
class MapOptions:
    """What a map shows: the keywords of ``map_data``, ``map_page``, ``show_map`` and
    ``map_figure``, checked once.

    Parameters
    ----------
    view : {"all", "ego", "path", "communities"}
    actor, to : str, optional
        The ego's centre, or the two ends of the path: a node, IRI, acronym or label.
    radius : int
        Of the ego map.
    size_by : str
        One of ``SIZE_METRICS``.
    kinds, regions, sectors : sequence of str
        Keep the actors with one of these values (labels; case and accents aside); the
        focal actors of a view always stay.
    title, subtitle : str, optional
        Default: the project's title, and a sentence saying what the view shows.
    lang : {"fr", "en"}
        Language of the page's words (the labels are those of the projection).
    version : str, optional
        Printed in the header (default: the installed mes-graph's version).
    date : str or date, optional
        Printed in the header (default: ``G.graph["date"]``, else ``SOURCE_DATE_EPOCH``).
    seed : int
        Of the layouts, the communities and the betweenness estimate.
    metrics : pandas.DataFrame or mapping, optional
        ``network.metrics_table(G)``, to reuse metrics already computed; or, for many maps
        of one network, a mapping of metric name to ``{actor: value}`` read from it once.

    Raises
    ------
    ValueError
        An unknown view, metric or language; a negative radius; a view without its actor.

    Examples
    --------
    >>> MapOptions(view="ego", actor="ARDES").filters
    {'kind': [], 'region': [], 'sector': []}
    >>> MapOptions(view="ego")
    Traceback (most recent call last):
    ...
    ValueError: the ego view needs an actor
    """

    view: str = "all"
    actor: Any = None
    to: Any = None
    radius: int = 1
    size_by: str = "betweenness"
    kinds: Sequence[str] = ()
    regions: Sequence[str] = ()
    sectors: Sequence[str] = ()
    title: str | None = None
    subtitle: str | None = None
    lang: str = "fr"
    version: str | None = None
    date: str | dt.date | None = None
    seed: int = 42
    metrics: Any = None

    def __post_init__(self) -> None:
        words_for(self.lang)  # an unknown language is refused
        if self.size_by not in SIZE_METRICS:
            choices = ", ".join(SIZE_METRICS)
            raise ValueError(f"unknown metric {self.size_by!r}; choose one of {choices}")
        if self.radius < 0:
            raise ValueError("radius must be 0 or more")
        if self.view not in VIEWS:
            raise ValueError(f"unknown view {self.view!r}; choose one of {', '.join(VIEWS)}")
        if self.view == "ego" and self.actor is None:
            raise ValueError("the ego view needs an actor")
        if self.view == "path" and (self.actor is None or self.to is None):
            raise ValueError("the path view needs an actor and another (to)")
        if self.view in ("all", "communities") and (self.actor is not None or self.to is not None):
            raise ValueError(f"the {self.view} view takes no actor (use the ego or path view)")

    @property
    def filters(self) -> dict[str, list[str]]:
        """The values kept of each attribute of ``FILTERS`` (a lone string is one value)."""
        return {
            name: [values] if isinstance(values, str) else list(values)
            for name, values in zip(FILTERS, (self.kinds, self.regions, self.sectors), strict=True)
        }


def map_options(options: MapOptions | None = None, **changes: Any) -> MapOptions:
    """Options from options and keywords: ``options`` (default: ``MapOptions()``) as changed.

    Parameters
    ----------
    options : MapOptions, optional
    **changes
        Fields of ``MapOptions``; an unknown one is a ``TypeError``.

    Returns
    -------
    MapOptions

    Examples
    --------
    >>> map_options(MapOptions(lang="en"), view="communities").lang
    'en'
    """
    if options is None:
        return MapOptions(**changes)
    return replace(options, **changes) if changes else options
