"""The report as pages: HTML that works offline, and Markdown, every value escaped.

Takes the context of ``report_context``; gives ``report.html`` and ``report.md``, or, from a
dataset, the whole report at once (``report``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from mes_graph import network
from mes_graph.report.context import report_context

__all__ = ["md_escape", "render_html", "render_markdown", "report", "report_files"]


MD_SPECIAL = "\\`*_[]<>#|~"


class Raw(str):
    """Text the Markdown template writes as it is (a link target, an image)."""


def md_escape(value: Any) -> str:
    """A value as Markdown text: every character Markdown could read as markup escaped.

    Examples
    --------
    >>> md_escape("<img src=x> | *a*")
    '\\\\<img src=x\\\\> \\\\| \\\\*a\\\\*'
    >>> md_escape(None), md_escape(Raw("a_b"))
    ('', 'a_b')
    """
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = str(value).replace("\r", " ").replace("\n", " ")
    return "".join("\\" + c if c in MD_SPECIAL else c for c in text)


def _environment(markdown: bool) -> Environment:
    if markdown:
        env = Environment(
            loader=PackageLoader("mes_graph", "templates/report"),
            autoescape=False,
            finalize=md_escape,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["raw"] = Raw
        return env
    return Environment(
        loader=PackageLoader("mes_graph", "templates/report"),
        autoescape=select_autoescape(["html"], default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _style() -> str:
    return resources.files("mes_graph").joinpath("templates/report/report.css").read_text("utf-8")


def render_html(context: Mapping[str, Any]) -> str:
    """``report.html``: one offline page, the charts inside, every text escaped.

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> ctx = report_context(G, network.metrics_table(G), network.summary(G), {}, charts=False)
    >>> page = render_html(ctx)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, "http-equiv" in page
    (True, False, True)
    """
    style = _style()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; img-src data:; style-src 'sha256-{digest}'"
    env = _environment(markdown=False)
    return env.get_template("report.html").render(**context, style=Markup(style), policy=policy)


def render_markdown(context: Mapping[str, Any]) -> str:
    """``report.md``: the same report in Markdown (tables, no charts), every value escaped.

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> ctx = report_context(G, network.metrics_table(G), network.summary(G), {}, charts=False)
    >>> render_markdown(ctx).splitlines()[0]
    '# Rapport sur le graphe des alliances du MES'
    """
    return _environment(markdown=True).get_template("report.md").render(**context)


def report_files(context: Mapping[str, Any]) -> dict[str, bytes]:
    """``report.html`` and ``report.md`` of a context, as UTF-8 bytes."""
    return {
        "report.html": render_html(context).encode("utf-8"),
        "report.md": render_markdown(context).encode("utf-8"),
    }


def report(dataset: Any, *, lang: str = "fr", thumbnail: bool = True) -> dict[str, bytes]:
    """The report of a dataset in one call (its own projection): for a notebook or a script.

    ``mes-graph build`` composes ``report_context`` with what its earlier stages computed
    instead, so that nothing is computed twice.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    lang : {"fr", "en"}
    thumbnail : bool
        Draw the map thumbnail (``maps.map_figure``).

    Returns
    -------
    dict
        ``report.html`` and ``report.md`` as bytes.
    """
    from mes_graph import maps
    from mes_graph.stats import stats

    G = network.alliance_network(dataset, lang=lang)
    table = network.metrics_table(G)
    stamp = maps.data_stamp(dataset)
    png = maps.map_figure(G, dpi=100, metrics=table, lang=lang, **stamp) if thumbnail else None
    context = report_context(
        G,
        table,
        network.summary(G),
        stats(dataset),
        dataset=dataset,
        lang=lang,
        thumbnail=png,
        **stamp,
    )
    return report_files(context)
