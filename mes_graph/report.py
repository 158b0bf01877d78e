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
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

import networkx as nx
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from mes_graph import network
from mes_graph.actors import fold

TOP_BROKERS = 5
"""How many brokers the report describes."""

LIST_LIMIT = 15
"""How many names a list shows before it says how many more there are."""

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Rapport sur le graphe des alliances du MES",
        "colon": " :",
        "subtitle": "Le graphe de connaissances de l'économie sociale et solidaire autour du "
        "Mouvement pour l'Économie Solidaire",
        "version": "version des données",
        "date": "date des données",
        "contents": "Sommaire",
        "holds": "Ce que contient le graphe",
        "holds_intro": "Les déclarations, les acteurs et leurs liens que le graphe rassemble, "
        "chacun avec sa source.",
        "statements": "déclarations (triplets)",
        "named_graphs": "graphes nommés (un par source)",
        "actors": "acteurs",
        "organisations": "organisations",
        "people": "personnes",
        "links": "liens entre acteurs",
        "memberships": "adhésions",
        "memberships_dated": "adhésions avec une période (org:memberDuring)",
        "memberships_sourced": "adhésions sourcées",
        "communities": "communautés",
        "by_kind": "Acteurs par nature",
        "by_region": "Organisations par région",
        "by_sector": "Organisations par secteur",
        "kind": "nature",
        "region": "région",
        "sector": "secteur",
        "count": "nombre",
        "unknown": "non renseigné",
        "chart_kinds": "Nombre d'acteurs par nature",
        "chart_degrees": "Distribution des degrés : nombre d'acteurs par nombre de liens",
        "chart_map": "La carte des alliances (vignette de carte.html)",
        "degree_axis": "nombre de liens (degré)",
        "actors_axis": "nombre d'acteurs",
        "memberships_title": "Adhésions",
        "by_role": "Par rôle",
        "role": "rôle",
        "by_body": "Les instances qui comptent le plus de membres",
        "body": "instance",
        "members": "membres",
        "sources": "Sources",
        "source": "source (graphe nommé)",
        "languages": "Langues des textes",
        "language": "langue",
        "no_language": "(sans langue)",
        "brokers": "Les acteurs-passerelles",
        "brokers_intro": "Les acteurs par lesquels passent le plus de plus courts chemins "
        "entre deux autres (centralité d'intermédiarité) : ils relient des parties du réseau "
        "qui, sans eux, seraient loin l'une de l'autre.",
        "betweenness": "intermédiarité",
        "degree": "liens",
        "bridges_what": "ce qu'il relie",
        "links_communities": "communautés reliées",
        "links_kinds": "natures d'acteurs reliées",
        "cuts_off": "sans lui, le réseau se coupe en {parts} parties ; la plus grande garde "
        "{largest} acteurs ; hors d'elle : {names}",
        "no_cut": "sa disparition ne coupe personne du réseau",
        "community_title": "Les communautés",
        "community_intro": "Des groupes d'acteurs plus liés entre eux qu'avec le reste "
        "(méthode de Louvain, graine fixe) ; modularité {modularity}.",
        "community": "communauté",
        "size": "taille",
        "around": "autour de",
        "kinds": "natures",
        "and_more": "et {n} autres",
        "fragile": "Points d'articulation et ponts",
        "fragile_intro": "Un point d'articulation est un acteur dont la disparition coupe le "
        "réseau en morceaux ; un pont est un lien dont la perte fait de même.",
        "articulation": "point d'articulation",
        "parts": "parties",
        "cut_off": "hors de la plus grande partie",
        "largest": "plus grande partie",
        "no_articulation": "Aucun : le réseau ne dépend d'aucun acteur seul.",
        "bridges_count": "{bridges} liens sur {ties} sont des ponts ; {leaves} d'entre eux "
        "rattachent un acteur qui n'a que ce lien.",
        "structural_bridges": "Les ponts entre deux parties du réseau (ni l'un ni l'autre "
        "bout n'est isolé sans lui) :",
        "no_structural": "Aucun pont ne relie deux parties de plus d'un acteur.",
        "fewest": "Les acteurs les moins reliés",
        "fewest_intro": "{single} acteurs n'ont qu'un lien, {isolated} n'en ont aucun : leur "
        "place dans le réseau tient à une seule relation. Les moins reliés :",
        "missing": "Données à compléter",
        "missing_intro": "Adhésions sans date de début ni de fin ({undated} sur {total}) ou "
        "sans source ({unsourced}) : de quoi compléter les fichiers de graph/ ou un tableur "
        "à importer.",
        "member": "membre",
        "lacks": "manque",
        "lacks_dates": "dates",
        "lacks_source": "source",
        "lacks_record": "fiche org:Membership",
        "nothing_missing": "Rien : chaque adhésion a ses dates et sa source.",
        "outputs": "Les fichiers de ce dossier",
        "outputs_intro": "Ce que mes-graph build a écrit à côté de ce rapport, et à quoi "
        "chaque fichier sert.",
        "file": "fichier",
        "what": "à quoi il sert",
        "method": "Méthode",
        "method_text": "Le réseau projette le graphe sur ses acteurs (organisations et "
        "personnes) et leurs liens : adhésions, affiliations, participations, fondations, "
        "sous-organisations, successions. Les métriques se calculent sur les liens non "
        "orientés (un lien par paire, pondéré par le nombre de relations) avec NetworkX ; "
        "les communautés par la méthode de Louvain à graine fixe : le même graphe donne "
        "le même rapport.",
        "parameters": "paramètres",
        "md_charts": "Les graphiques sont dans report.html.",
        "generated": "Produit par mes-graph build à partir des données ; aucune date "
        "d'horloge : le même graphe donne le même rapport.",
    },
    "en": {
        "title": "Report on the MES alliance graph",
        "colon": ":",
        "subtitle": "The knowledge graph of the social and solidarity economy around the "
        "Mouvement pour l'Économie Solidaire",
        "version": "data version",
        "date": "data date",
        "contents": "Contents",
        "holds": "What the graph holds",
        "holds_intro": "The statements, actors and links the graph brings together, each "
        "with its source.",
        "statements": "statements (triples)",
        "named_graphs": "named graphs (one per source)",
        "actors": "actors",
        "organisations": "organisations",
        "people": "people",
        "links": "links between actors",
        "memberships": "memberships",
        "memberships_dated": "memberships with a period (org:memberDuring)",
        "memberships_sourced": "memberships with a source",
        "communities": "communities",
        "by_kind": "Actors by kind",
        "by_region": "Organisations by region",
        "by_sector": "Organisations by sector",
        "kind": "kind",
        "region": "region",
        "sector": "sector",
        "count": "count",
        "unknown": "not stated",
        "chart_kinds": "Number of actors per kind",
        "chart_degrees": "Degree distribution: number of actors per number of links",
        "chart_map": "The alliance map (thumbnail of carte.html)",
        "degree_axis": "number of links (degree)",
        "actors_axis": "number of actors",
        "memberships_title": "Memberships",
        "by_role": "By role",
        "role": "role",
        "by_body": "The bodies with the most members",
        "body": "body",
        "members": "members",
        "sources": "Sources",
        "source": "source (named graph)",
        "languages": "Languages of the texts",
        "language": "language",
        "no_language": "(no language)",
        "brokers": "The brokers",
        "brokers_intro": "The actors on the most shortest paths between two others "
        "(betweenness centrality): they link parts of the network that would be far apart "
        "without them.",
        "betweenness": "betweenness",
        "degree": "links",
        "bridges_what": "what it bridges",
        "links_communities": "communities linked",
        "links_kinds": "kinds of actors linked",
        "cuts_off": "without it, the network breaks into {parts} parts; the largest keeps "
        "{largest} actors; outside it: {names}",
        "no_cut": "its loss cuts no one off the network",
        "community_title": "Communities",
        "community_intro": "Groups of actors more tied to each other than to the rest "
        "(Louvain method, fixed seed); modularity {modularity}.",
        "community": "community",
        "size": "size",
        "around": "around",
        "kinds": "kinds",
        "and_more": "and {n} more",
        "fragile": "Articulation points and bridges",
        "fragile_intro": "An articulation point is an actor whose loss breaks the network "
        "into pieces; a bridge is a tie whose loss does the same.",
        "articulation": "articulation point",
        "parts": "parts",
        "cut_off": "outside the largest part",
        "largest": "largest part",
        "no_articulation": "None: the network depends on no single actor.",
        "bridges_count": "{bridges} ties out of {ties} are bridges; {leaves} of them attach "
        "an actor that has no other tie.",
        "structural_bridges": "The bridges between two parts of the network (neither end "
        "is left alone without it):",
        "no_structural": "No bridge links two parts of more than one actor.",
        "fewest": "The actors with the fewest links",
        "fewest_intro": "{single} actors have a single link, {isolated} have none: their "
        "place in the network hangs on one relation. The least linked:",
        "missing": "Data to complete",
        "missing_intro": "Memberships without a start or end date ({undated} of {total}) or "
        "without a source ({unsourced}): what to add to the files of graph/ or to a spreadsheet to "
        "import.",
        "member": "member",
        "lacks": "lacks",
        "lacks_dates": "dates",
        "lacks_source": "source",
        "lacks_record": "org:Membership record",
        "nothing_missing": "Nothing: every membership has its dates and its source.",
        "outputs": "The files of this folder",
        "outputs_intro": "What mes-graph build wrote next to this report, and what each "
        "file is for.",
        "file": "file",
        "what": "what it is for",
        "method": "Method",
        "method_text": "The network projects the graph on its actors (organisations and "
        "people) and their links: memberships, affiliations, participations, foundings, "
        "sub-organisations, successions. Metrics run on the undirected ties (one per pair, "
        "weighted by the number of relations) with NetworkX; communities by the Louvain "
        "method with a fixed seed: the same graph gives the same report.",
        "parameters": "parameters",
        "md_charts": "The charts are in report.html.",
        "generated": "Made by mes-graph build from the data; no clock date: the same graph "
        "gives the same report.",
    },
}
"""Every word of the report, in French and in English."""


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def kind_chart(G: nx.Graph, lang: str = "fr") -> bytes:
    """A horizontal bar chart of the number of actors per kind, as PNG bytes.

    The bars take the colours the maps give each kind (``maps.kind_colours``).

    Examples
    --------
    >>> kind_chart(network.alliance_network(network.tiny_alliance()))[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    from mes_graph.maps import kind_colours

    counts = _kinds(G, STRINGS[lang]["unknown"])
    colours = kind_colours(G)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[::-1]
    figure = Figure(figsize=(7.5, 0.34 * len(rows) + 1.0), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    names = [name for name, _ in rows]
    values = [value for _, value in rows]
    axes.barh(names, values, color=[colours.get(n, ("#BBBBBB", False))[0] for n in names])
    for y, value in enumerate(values):
        axes.text(value, y, f" {value}", va="center", fontsize=9)
    axes.set_xlabel(STRINGS[lang]["actors_axis"])
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.1)
    return _png(figure)


def degree_chart(table: pd.DataFrame, lang: str = "fr") -> bytes:
    """A bar chart of the degree distribution (actors per number of links), as PNG bytes.

    Examples
    --------
    >>> table = network.metrics_table(network.alliance_network(network.tiny_alliance()))
    >>> degree_chart(table)[:4]
    b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    counts = Counter(int(d) for d in table["degree"]) if len(table) else Counter()
    figure = Figure(figsize=(7.5, 3.2), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    degrees = sorted(counts)
    axes.bar(degrees, [counts[d] for d in degrees], color="#332288", width=0.8)
    axes.set_xlabel(STRINGS[lang]["degree_axis"])
    axes.set_ylabel(STRINGS[lang]["actors_axis"])
    if len(degrees) > 1 and degrees[-1] > 30 * max(degrees[0], 1):
        axes.set_xscale("symlog")
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, to embed in a page that fetches nothing.

    Examples
    --------
    >>> data_uri(b"abc")
    'data:image/png;base64,YWJj'
    """
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# ---------------------------------------------------------------------------
# What the report says
# ---------------------------------------------------------------------------


def _split(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [part for part in str(value).split("; ") if part]


def _kinds(G: nx.Graph, unknown: str) -> Counter:
    counts: Counter = Counter()
    for _, data in G.nodes(data=True):
        if data.get("type") == "concept":
            continue
        for kind in _split(data.get("kind")) or [unknown]:
            counts[kind] += 1
    return counts


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
            for value in _split(G.nodes[node].get(attribute)) or [t["unknown"]]:
                counter[value] += 1
        return _count_rows(counter)

    # memberships
    links = network.memberships(G)
    roles = Counter(data.get("role") or t["unknown"] for _, _, data in links)
    bodies = Counter(body for _, body, _ in links)
    top_bodies = sorted(bodies.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    missing = []
    for member, body, data in sorted(links, key=lambda m: (fold(names([m[0]])[0]), m[1])):
        lacks = []
        if not (data.get("since") or data.get("until")):
            lacks.append(t["lacks_dates"])
        if not data.get("source"):
            lacks.append(t["lacks_source"])
        if not data.get("membership"):
            lacks.append(t["lacks_record"])
        if lacks:
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
        kinds = _count_rows(Counter(k for n in members for k in _split(G.nodes[n].get("kind"))))
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
    for node in by_betweenness(separations):
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
        kinds = Counter(k for n in neighbours for k in _split(G.nodes[n].get("kind")))
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


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

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


__all__ = [
    "STRINGS",
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
