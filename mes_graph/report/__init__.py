"""The report people read: what the graph holds, who bridges whom, where it is fragile.

Takes the projection (``network.alliance_network``), its metrics table and summary, the
counts of ``stats.stats`` and, optionally, the dataset (for the titles of the sources), the
outputs of the build and the map thumbnail; gives ``report.html`` and ``report.md``:

- what the graph holds: actors by kind, region and sector, memberships (by role, by body,
  dated, sourced), sources, languages;
- the top brokers (betweenness) and what they bridge: the communities and kinds of actors
  they link, and whom their loss would cut off;
- the communities (Louvain, fixed seed): size, central actor, kinds, members;
- the articulation points and bridges, the actors with the fewest links;
- memberships lacking dates or sources (data to complete);
- charts (matplotlib PNG, embedded as ``data:`` URIs): actors by kind, the degree
  distribution, the map thumbnail (``maps.map_figure``);
- the outputs of the build and what each is for; the method and its parameters.

The HTML page works offline: one file, no script, no request (a Content-Security-Policy
allows only its own style and ``data:`` images); every text from the data is escaped by
Jinja2's autoescape. The Markdown escapes every value too (``md_escape``). French, or
English with ``lang="en"``; the same input gives the same bytes (no clock is read).

The modules: ``context`` (what the report says), ``charts`` (its pictures), ``render``
(HTML and Markdown), ``words`` (its words in both languages).
"""

from __future__ import annotations

from mes_graph.report.charts import data_uri, degree_chart, kind_chart
from mes_graph.report.context import report_context
from mes_graph.report.render import md_escape, render_html, render_markdown, report, report_files
from mes_graph.report.words import LIST_LIMIT, STRINGS, TOP_BROKERS

__all__ = [
    "LIST_LIMIT",
    "STRINGS",
    "TOP_BROKERS",
    "data_uri",
    "degree_chart",
    "kind_chart",
    "md_escape",
    "render_html",
    "render_markdown",
    "report",
    "report_context",
    "report_files",
]
