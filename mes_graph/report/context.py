"""What the report says: the figures, brokers, communities and gaps, as a context.

Takes the projection, its metrics table and summary, the counts of ``stats.stats`` and the
dataset; gives the context the templates render, in French or English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import pandas as pd

from mes_graph import network
from mes_graph.actors import fold
from mes_graph.report.charts import data_uri, degree_chart, kind_chart, split_cell
from mes_graph.report.words import LIST_LIMIT, STRINGS, TABLE_LIMIT, TOP_BROKERS

__all__ = ["report_context"]


def _count_rows(counter: Counter) -> list[dict[str, Any]]:
    return [
        {"label": label, "count": count}
        for label, count in sorted(counter.items(), key=lambda kv: (-kv[1], fold(kv[0]), kv[0]))
    ]


def _limit(items: Sequence[Any], limit: int = LIST_LIMIT) -> tuple[list[Any], int]:
    return list(items[:limit]), max(len(items) - limit, 0)


def report_context(
    G: nx.MultiDiGraph,
    table: pd.DataFrame,
    summary_: Mapping[str, Any],
    counts: Mapping[str, Mapping[str, int]],
    *,
    dataset: Any = None,
    lang: str = "fr",
    outputs: Iterable[Mapping[str, str]] = (),
    version: str | None = None,
    date: str | None = None,
    thumbnail: bytes | None = None,
    site: str | None = None,
    charts: bool = True,
) -> dict[str, Any]:
    """Everything the report says, as plain data (the templates only lay it out).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection (``network.alliance_network``).
    table : pandas.DataFrame
        Its metrics (``network.metrics_table``).
    summary_ : mapping
        Its summary (``network.summary``).
    counts : mapping
        ``stats.stats`` of the dataset.
    dataset : rdflib.Graph, optional
        For the titles of the sources.
    lang : {"fr", "en"}
    outputs : iterable of mapping
        ``path`` and ``what`` of each output of the build (``build.layout``).
    version, date : str, optional
        Of the data, printed in the header.
    thumbnail : bytes, optional
        The map as PNG (``maps.map_figure``).
    site : str, optional
        The site's folder relative to the report (``"site/"``): actors link to their page.
    charts : bool
        Draw the charts (matplotlib); without, the report has only tables.

    Returns
    -------
    dict

    Examples
    --------
    >>> G = network.alliance_network(network.tiny_alliance())
    >>> table, summary_ = network.metrics_table(G), network.summary(G)
    >>> ctx = report_context(G, table, summary_, {}, lang="en", charts=False)
    >>> [b["actor"]["name"] for b in ctx["brokers"]][:2]
    ['Mouvement (MES)', 'Ana']
    >>> ctx["articulation"][0]["parts"]
    4
    """
    if lang not in STRINGS:
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    t = STRINGS[lang]
    rows = {row["actor"]: row for row in table.to_dict("records")}
    T = network.ties(G)

    def ref(node: str) -> dict[str, Any]:
        data = G.nodes[node] if node in G else {}
        label = data.get("label") or node
        short = data.get("name") or label
        name = label if short == label else f"{label} ({short})"
        href = None
        if site is not None and node in G:
            from mes_graph.site import page_path

            href = f"{site}{page_path(node)}.html"
        return {"name": name, "short": short, "href": href, "iri": node}

    def names(nodes: Iterable[str]) -> list[str]:
        return [ref(n)["short"] for n in nodes]

    def by_betweenness(nodes: Iterable[str]) -> list[str]:
        return sorted(nodes, key=lambda n: (-float(rows.get(n, {}).get("betweenness") or 0), n))

    actors = [n for n, d in G.nodes(data=True) if d.get("type") != "concept"]
    organisations = [n for n in actors if G.nodes[n].get("type") == "organisation"]
    totals = counts.get("totals", {})
    overview = [
        (t["statements"], totals.get("triples", 0)),
        (t["named_graphs"], totals.get("named graphs", 0)),
        (t["actors"], len(actors)),
        (t["organisations"], len(organisations)),
        (t["people"], sum(G.nodes[n].get("type") == "person" for n in actors)),
        (t["links"], G.number_of_edges()),
        (t["memberships"], totals.get("memberships", 0)),
        (t["memberships_dated"], totals.get("memberships with a date", 0)),
        (t["memberships_sourced"], totals.get("memberships with a source", 0)),
        (t["communities"], summary_.get("communities", 0)),
    ]

    def tally(attribute: str, nodes: Iterable[str]) -> list[dict[str, Any]]:
        counter: Counter = Counter()
        for node in nodes:
            for value in split_cell(G.nodes[node].get(attribute)) or [t["unknown"]]:
                counter[value] += 1
        return _count_rows(counter)

    # memberships
    links = network.memberships(G)
    roles = Counter(data.get("role") or t["unknown"] for _, _, data in links)
    bodies = Counter(body for _, body, _ in links)
    top_bodies = sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    missing, missing_more = [], 0
    for member, body, data in sorted(links, key=lambda m: (fold(names([m[0]])[0]), m[1])):
        lacks = []
        if not (data.get("since") or data.get("until")):
            lacks.append(t["lacks_dates"])
        if not data.get("source"):
            lacks.append(t["lacks_source"])
        if not data.get("membership"):
            lacks.append(t["lacks_record"])
        if lacks and len(missing) == TABLE_LIMIT:
            missing_more += 1
        elif lacks:
            missing.append(
                {
                    "member": ref(member),
                    "body": ref(body),
                    "role": data.get("role") or "",
                    "lacks": ", ".join(lacks),
                }
            )
    undated = sum(1 for _, _, d in links if not (d.get("since") or d.get("until")))
    unsourced = sum(1 for _, _, d in links if not d.get("source"))

    # sources and languages
    titles = _source_titles(dataset) if dataset is not None else {}
    sources = [
        {"label": titles.get(name, name), "count": count}
        for name, count in sorted(counts.get("sources", {}).items(), key=lambda kv: -kv[1])
    ]
    languages = [
        {"label": t["no_language"] if lang_ == "(none)" else lang_, "count": count}
        for lang_, count in sorted(counts.get("languages", {}).items(), key=lambda kv: -kv[1])
    ]

    # communities
    groups: dict[int, list[str]] = {}
    for node, row in rows.items():
        if row.get("community") == row.get("community"):  # not NaN
            groups.setdefault(int(row["community"]), []).append(node)
    community_rows = []
    for number in sorted(groups):
        members = by_betweenness(groups[number])
        shown, more = _limit(members)
        kinds = _count_rows(Counter(k for n in members for k in split_cell(G.nodes[n].get("kind"))))
        community_rows.append(
            {
                "number": number,
                "size": len(members),
                "centre": ref(members[0]),
                "kinds": ", ".join(f"{k['label']} ({k['count']})" for k in kinds[:3]),
                "members": [ref(n) for n in shown],
                "more": more,
            }
        )

    # articulation points, all separated at once
    separations = network.separations(G)
    cut_rows = []
    cut_nodes, cut_more = _limit(by_betweenness(separations), TABLE_LIMIT)
    for node in cut_nodes:
        parted = separations[node]
        cut = sorted(parted.cut_off, key=lambda n: fold(ref(n)["short"]))
        shown, more = _limit(cut)
        cut_rows.append(
            {
                "actor": ref(node),
                "parts": parted.parts,
                "largest": parted.largest,
                "cut_off": [ref(n) for n in shown],
                "more": more,
            }
        )

    # brokers
    broker_rows = []
    for node, score in network.brokers(G, TOP_BROKERS):
        if score <= 0:
            break
        neighbours = list(T.neighbors(node)) if node in T else []
        kinds = Counter(k for n in neighbours for k in split_cell(G.nodes[n].get("kind")))
        linked = sorted(
            {
                int(rows[n]["community"])
                for n in neighbours
                if n in rows and rows[n].get("community") == rows[n].get("community")
            }
        )
        parted = separations.get(node) if T.degree(node) > 1 else None
        cut = sorted(parted.cut_off if parted else [], key=lambda n: fold(ref(n)["short"]))
        shown, more = _limit(cut, 8)
        cut_names = ", ".join(names(shown))
        if more:
            cut_names += ", " + t["and_more"].format(n=more)
        broker_rows.append(
            {
                "actor": ref(node),
                "kind": G.nodes[node].get("kind") or "",
                "betweenness": f"{score:.3f}",
                "degree": int(rows[node]["degree"]) if node in rows else 0,
                "communities": ", ".join(str(c) for c in linked),
                "kinds": ", ".join(f"{k['label']} ({k['count']})" for k in _count_rows(kinds)),
                "cut": t["cuts_off"].format(
                    parts=parted.parts, largest=parted.largest, names=cut_names
                )
                if parted is not None and parted.parts > 1
                else t["no_cut"],
            }
        )

    # bridges and the least linked actors
    bridge_pairs = network.bridges(G)
    leaves = sum(1 for a, b in bridge_pairs if T.degree(a) == 1 or T.degree(b) == 1)
    structural = [
        {"a": ref(a), "b": ref(b)} for a, b in bridge_pairs if T.degree(a) > 1 and T.degree(b) > 1
    ]
    structural, structural_more = _limit(structural)
    degree_of = {n: int(rows[n]["degree"]) if n in rows else 0 for n in actors}
    fewest = sorted(actors, key=lambda n: (degree_of[n], fold(ref(n)["name"]), n))
    cutoff = max(1, min(degree_of.values(), default=0))
    fewest = [n for n in fewest if degree_of[n] <= cutoff]
    fewest_shown, fewest_more = _limit(fewest, 20)

    pictures = {}
    if charts:
        pictures["kinds"] = data_uri(kind_chart(G, lang))
        pictures["degrees"] = data_uri(degree_chart(table, lang))
    if thumbnail:
        pictures["map"] = data_uri(thumbnail)
    modularity = summary_.get("modularity")
    parameters = dict(table.attrs.get("parameters", {}))
    return {
        "lang": lang,
        "t": t,
        "version": version,
        "date": date,
        "overview": overview,
        "kinds": tally("kind", actors),
        "regions": tally("region", organisations),
        "sectors": tally("sector", organisations),
        "roles": _count_rows(roles),
        "bodies": [{"actor": ref(b), "count": c} for b, c in top_bodies],
        "sources": sources,
        "languages": languages,
        "brokers": broker_rows,
        "communities": community_rows,
        "modularity": f"{modularity:.3f}" if isinstance(modularity, float) else "—",
        "articulation": cut_rows,
        "articulation_more": cut_more,
        "bridges": {
            "total": len(bridge_pairs),
            "ties": T.number_of_edges(),
            "leaves": leaves,
            "structural": structural,
            "more": structural_more,
        },
        "fewest": {
            "single": sum(1 for n in actors if degree_of[n] == 1),
            "isolated": sum(1 for n in actors if degree_of[n] == 0),
            "actors": [
                {"actor": ref(n), "degree": degree_of[n], "kind": G.nodes[n].get("kind") or ""}
                for n in fewest_shown
            ],
            "more": fewest_more,
        },
        "missing": {
            "rows": missing,
            "more": missing_more,
            "total": len(links),
            "undated": undated,
            "unsourced": unsourced,
        },
        "charts": pictures,
        "outputs": [dict(o) for o in outputs],
        "parameters": [(k, "" if v is None else str(v)) for k, v in parameters.items()],
    }


def _source_titles(dataset: Any) -> dict[str, str]:
    """Compact name of each named graph (as ``stats`` gives it) → the source's title."""
    from rdflib import URIRef

    from mes_graph.base.terms import DCTERMS, RDFS
    from mes_graph.stats import short_name

    titles = {}
    graphs = getattr(dataset, "graphs", None) or getattr(dataset, "contexts", lambda: [])
    for context in graphs():
        name = context.identifier
        if not isinstance(name, URIRef):
            continue
        for prop in (DCTERMS.title, RDFS.label):
            values = sorted(str(v) for v in dataset.objects(name, prop))
            if values:
                titles[short_name(str(name))] = f"{values[0]} ({short_name(str(name))})"
                break
    return titles
