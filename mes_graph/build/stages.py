"""What each stage of a build writes: the analysis, the maps, the exports, the layout.

Takes the dataset and what the earlier stages computed; gives the files of each stage:
as bytes (the maps, the description), or written into the folder one by one, each in a
stream (the exports, ``write_exports``), and the table of outputs.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import networkx as nx
import pandas as pd
from rdflib import Dataset

if TYPE_CHECKING:
    from mes_graph.describe import Distribution
    from mes_graph.export import Facts

RDF_NAME = "mes-graph"
"""The stem of the files of ``exports/``."""


SCHEMAORG_ARCHIVE = "schemaorg.zip"
"""The schema.org documents of ``exports/``: one JSON-LD per organisation, in one ZIP file
(one download, one distribution in the description, where 30,000 files made 30,000)."""


LAYOUT: tuple[tuple[str, str, str], ...] = (
    (
        "report.html",
        "le rapport : ce que contient le graphe, les passerelles, les communautés, les "
        "points de fragilité et les données à compléter, avec des graphiques",
        "the report: what the graph holds, brokers, communities, weak points and data to "
        "complete, with charts",
    ),
    ("report.md", "le même rapport en Markdown, sans graphiques", "the same report in Markdown"),
    (
        "carte.html",
        "la carte interactive des alliances (hors ligne, recherche, filtres), à partager",
        "the interactive map of the alliances (offline, search, filters), to share",
    ),
    (
        "carte-communautes.html",
        "la carte colorée par communauté",
        "the map coloured by community",
    ),
    (
        "carte-ego.html",
        "la carte ego du premier acteur-passerelle et de ses liens directs",
        "the ego map of the first broker and its direct ties",
    ),
    (
        "carte-chemin.html",
        "le plus long des plus courts chemins du réseau, sur la carte entière",
        "the longest shortest path of the network, on the whole map",
    ),
    ("carte.png", "la carte en image, pour une présentation", "the map as an image, for slides"),
    (
        "metrics.csv",
        "les métriques de réseau de chaque acteur, pour un tableur",
        "the network metrics of every actor, for a spreadsheet",
    ),
    (
        "metrics.ttl",
        "les mêmes métriques en RDF (graphe nommé des métriques, PROV), à interroger en SPARQL",
        "the same metrics as RDF (metrics named graph, PROV), to query in SPARQL",
    ),
    (
        "exports/",
        "le graphe en Turtle, N-Triples, N-Quads, TriG, JSON-LD et RDF/XML, le réseau en "
        "GraphML et GEXF (Gephi), en CSV (Kumu, tableurs), schema.org par organisation, "
        "la description DCAT/VoID (description.ttl) et le contexte JSON-LD",
        "the graph in Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML, the network "
        "as GraphML and GEXF (Gephi) and CSV (Kumu, spreadsheets), schema.org per "
        "organisation, the DCAT/VoID description (description.ttl) and the JSON-LD context",
    ),
    (
        "site/",
        "le site statique de données liées, à publier tel quel (site/index.html)",
        "the static linked-data site, to publish as it is (site/index.html)",
    ),
)
"""The outputs of a build: path in the folder, what it is in French and in English."""


class Analysis(NamedTuple):
    """The alliance network of a build, computed once: projection, metrics, summary."""

    graph: nx.MultiDiGraph
    table: pd.DataFrame
    summary: dict[str, Any]


def analyze(dataset: Dataset, lang: str = "fr", seed: int = 42) -> Analysis:
    """Project a dataset on its actors and links, and compute every metric once.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The (profiled) dataset.
    lang : {"fr", "en"}
        Language of the labels.
    seed : int
        Of Louvain's communities.

    Returns
    -------
    Analysis
        ``graph`` (``network.alliance_network``), ``table`` (``network.metrics_table``),
        ``summary`` (``network.summary``).

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> result = analyze(tiny_alliance())
    >>> result.graph.number_of_nodes(), len(result.table), result.summary["nodes"]
    (6, 6, 6)
    """
    from mes_graph import network

    graph = network.alliance_network(dataset, lang=lang)
    table = network.metrics_table(graph, seed=seed)
    return Analysis(graph, table, network.summary(graph, seed=seed))


def path_ends(G: nx.Graph, start: str) -> tuple[str, str] | None:
    """Two actors far apart in ``start``'s component: ends of its longest shortest path.

    A double sweep: the actor farthest from ``start``, then the actor farthest from it
    (ties broken by IRI). Exact on trees, close to the diameter otherwise, and linear.

    Examples
    --------
    >>> path_ends(nx.path_graph(["a", "b", "c", "d"]), "b")
    ('d', 'a')
    >>> path_ends(nx.Graph([("a", "a")]), "a") is None
    True
    """
    from mes_graph import network

    T = network.ties(G)
    if start not in T or T.degree(start) == 0:
        return None

    def farthest(node: str) -> str:
        lengths = nx.single_source_shortest_path_length(T, node)
        return max(sorted(lengths), key=lambda other: lengths[other])

    a = farthest(start)
    b = farthest(a)
    return (a, b) if a != b else None


def map_pages(
    analysis: Analysis,
    *,
    lang: str = "fr",
    version: str | None = None,
    date: str | None = None,
) -> dict[str, bytes]:
    """The maps of a build, each one self-contained HTML file, and ``carte.png``.

    Parameters
    ----------
    analysis : Analysis
        From ``analyze``; its metrics table sizes the nodes on every map.
    lang : {"fr", "en"}
    version, date : str, optional
        Printed in the maps' header (``maps.data_stamp`` of the dataset).

    Returns
    -------
    dict
        File name to content: ``carte.html``, ``carte-communautes.html`` and, when the
        network has ties, ``carte-ego.html`` and ``carte-chemin.html``; ``carte.png``.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> sorted(map_pages(analyze(tiny_alliance()), date="2026-01-01"))  # doctest: +ELLIPSIS
    ['carte-chemin.html', 'carte-communautes.html', 'carte-ego.html', 'carte.html', ...]
    """
    from mes_graph import maps, network

    G, table = analysis.graph, analysis.table
    common: dict[str, Any] = {"lang": lang, "version": version, "date": date, "metrics": table}
    en = lang == "en"
    pages = {
        "carte.html": maps.map_page(G, **common),
        "carte-communautes.html": maps.map_page(G, view="communities", **common),
    }
    top = network.brokers(G, 1)
    if top and top[0][1] >= 0:
        broker = top[0][0]
        name = G.nodes[broker].get("name") or broker
        title = f"Ego map: {name}" if en else f"Carte ego : {name}"
        ends = path_ends(G, broker)
        if network.ties(G).degree(broker):
            pages["carte-ego.html"] = maps.map_page(
                G, view="ego", actor=broker, radius=1, title=title, **common
            )
        if ends is not None:
            a, b = (G.nodes[n].get("name") or n for n in ends)
            title = f"Path: {a} → {b}" if en else f"Chemin : {a} → {b}"
            pages["carte-chemin.html"] = maps.map_page(
                G, view="path", actor=ends[0], to=ends[1], title=title, **common
            )
    files = {name: page.encode("utf-8") for name, page in pages.items()}
    files["carte.png"] = maps.map_figure(G, format="png", dpi=100, **common)
    return files


class WrittenExports(NamedTuple):
    """What ``write_exports`` wrote: each file as a distribution, and the VoID counts."""

    distributions: list[Distribution]
    facts: Facts


def write_exports(
    folder: Path,
    dataset: Dataset,
    profile: str = "public",
    *,
    lang: str = "fr",
    profiled: Dataset | None = None,
    analysis: Analysis | None = None,
) -> WrittenExports:
    """Write every file of ``exports/`` but the description, each in a stream.

    RDF syntaxes (``export.write_rdf``: sorted below ``export.STREAM_FROM`` statements,
    from the store's order above), GraphML and GEXF element by element, ``csv/`` row by
    row, ``schemaorg.zip`` entry by entry; each file's size and SHA-256 counted as it is
    written, and the dataset's VoID counts on the way, for ``describe_exports``. The same
    bytes as ``mes-graph export`` writes for each format and profile; the network for
    GraphML, GEXF and CSV is built once for the three.

    Parameters
    ----------
    folder : Path
        The ``exports/`` folder (created if needed).
    dataset : rdflib.Dataset
        The dataset ``load`` built (the profile is applied here).
    profile : str
        A key of ``export.PROFILES``; with ``schemaorg``, the RDF files are in the public
        profile. The schema.org documents are always written (``schemaorg.zip``).
    lang : {"fr", "en"}
        Language of the labels in GraphML, GEXF and ``csv/``.
    profiled : rdflib.Dataset, optional
        ``export.apply_profile(dataset, rdf_profile(profile))``, if already computed.
    analysis : Analysis, optional
        ``analyze(profiled, lang)``, if already computed: its projection and metrics
        are those of GraphML, GEXF and ``csv/``.

    Returns
    -------
    WrittenExports
        ``distributions``: each file (name relative to ``folder``, path, format,
        profile, size, SHA-256, statements for the RDF files), in the order written;
        ``facts``: the VoID counts of ``profiled``.

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> written = write_exports(Path(tempfile.mkdtemp()), load())
    >>> [d.name for d in written.distributions][:2], written.facts.triples == len(load())
    (['mes-graph.ttl', 'mes-graph.nt'], True)
    """
    from mes_graph import export, spreadsheets
    from mes_graph.describe import Distribution

    folder = Path(folder)
    if profiled is None:
        profiled = export.apply_profile(dataset, rdf_profile(profile))
    when = export.release_date(dataset)
    files, facts = export.write_rdf(folder, profiled, stem=RDF_NAME)
    reused = {"projection": analysis.graph, "table": analysis.table} if analysis else {}
    network = export.network_with_metrics(profiled, lang=lang, **reused)

    def stream(name: str, fmt: str, write: Any) -> None:
        files.append(export.write_stream(folder, name, fmt, write))

    stream(RDF_NAME + ".graphml", "graphml", lambda out: export.write_graphml(network, out))
    stream(RDF_NAME + ".gexf", "gexf", lambda out: export.write_gexf(network, out, when))
    tables = dict(export.network_rows(network))
    for name, (header, rows) in spreadsheets.table_streams(profiled).items():
        tables[f"{name}.csv"] = itertools.chain([header], rows)
    for name, rows in tables.items():  # each read as it is written, in order
        stream("csv/" + name, "csv", lambda out, rows=rows: spreadsheets.write_csv(rows, out))
    public = profiled if rdf_profile(profile) == "public" else None
    stream(
        SCHEMAORG_ARCHIVE,
        "jsonld",
        lambda out: export.write_schemaorg_archive(out, dataset, when, public),
    )
    distributions = [
        Distribution(
            f.name,
            f.path,
            f.fmt,
            "schemaorg" if f.name == SCHEMAORG_ARCHIVE else rdf_profile(profile),
            f.size,
            f.sha256,
            f.statements,
        )
        for f in files
    ]
    return WrittenExports(distributions, facts)


def export_files(
    dataset: Dataset,
    profile: str = "public",
    *,
    lang: str = "fr",
    profiled: Dataset | None = None,
    analysis: Analysis | None = None,
) -> dict[str, bytes]:
    """Every file of ``exports/`` but the description, as bytes (``write_exports``'s).

    Parameters are those of ``write_exports``; the files are written to a temporary
    folder and read back, for a caller that wants them in memory (a small graph).

    Returns
    -------
    dict
        Path relative to ``exports/`` to content.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> files = export_files(load())
    >>> sorted(name for name in files if "/" not in name)  # doctest: +NORMALIZE_WHITESPACE
    ['mes-graph.gexf', 'mes-graph.graphml', 'mes-graph.jsonld', 'mes-graph.nq',
     'mes-graph.nt', 'mes-graph.rdf', 'mes-graph.trig', 'mes-graph.ttl', 'schemaorg.zip']
    """
    with tempfile.TemporaryDirectory() as folder:
        written = write_exports(
            Path(folder), dataset, profile, lang=lang, profiled=profiled, analysis=analysis
        )
        return {dist.name: dist.path.read_bytes() for dist in written.distributions}


def rdf_profile(profile: str) -> str:
    """The profile of the RDF files for a build profile (``schemaorg``: ``public``).

    Examples
    --------
    >>> rdf_profile("schemaorg"), rdf_profile("full")
    ('public', 'full')
    """
    return "public" if profile == "schemaorg" else profile


def describe_exports(
    dataset: Dataset,
    written: WrittenExports | Path,
    profile: str = "public",
    profiled: Dataset | None = None,
) -> dict[str, bytes]:
    """``description.ttl`` (DCAT and VoID) of the files of ``exports/``, and
    ``context.jsonld``.

    Every file becomes a ``dcat:Distribution`` (size, SHA-256, media type, profile):
    ``schemaorg.zip`` as JSON-LD packaged in ZIP, in the ``schemaorg`` profile, the
    others in the RDF profile.

    Parameters
    ----------
    dataset : rdflib.Dataset
    written : WrittenExports or Path
        What ``write_exports`` wrote: sizes, checksums and VoID counts as they were
        counted while writing, nothing read again. Or the ``exports/`` folder: every
        file in it is read for its size and SHA-256, and the dataset for its counts.
    profile : str
    profiled : rdflib.Dataset, optional
        ``export.apply_profile(dataset, rdf_profile(profile))``, if already computed.

    Returns
    -------
    dict
        File name to content.

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> written = write_exports(Path(tempfile.mkdtemp()), load())
    >>> sorted(describe_exports(load(), written))
    ['context.jsonld', 'description.ttl']
    """
    from mes_graph import describe as dsc
    from mes_graph.base.files import files_of
    from mes_graph.export import context_document

    if isinstance(written, WrittenExports):
        dists, facts = written.distributions, written.facts
    else:
        dists, facts = [], None
        for path in files_of(written):
            dist = dsc.distribution(path, written)
            if dist.name in (dsc.DESCRIPTION_FILE, "context.jsonld"):
                continue
            if dist.name == SCHEMAORG_ARCHIVE:
                dist = dsc.Distribution(dist.name, dist.path, "jsonld", "schemaorg")
            else:
                dist = dsc.Distribution(dist.name, dist.path, dist.fmt, rdf_profile(profile))
            dists.append(dist)
    description = dsc.describe(
        dataset, dists, profile=rdf_profile(profile), profiled=profiled, facts=facts
    )
    return {
        dsc.DESCRIPTION_FILE: dsc.description_turtle(description),
        "context.jsonld": context_document(),
    }


def layout(lang: str = "fr", present: Iterable[str] | None = None) -> list[dict[str, str]]:
    """The outputs of a build and what each is for, in a language.

    Parameters
    ----------
    lang : {"fr", "en"}
    present : iterable of str, optional
        Paths written (``folder/`` for a folder); the others are left out.

    Examples
    --------
    >>> layout("en")[0]
    {'path': 'report.html', 'what': 'the report: what the graph holds, brokers, communities, \
weak points and data to complete, with charts'}
    """
    keep = None if present is None else set(present)
    return [
        {"path": path, "what": en if lang == "en" else fr}
        for path, fr, en in LAYOUT
        if keep is None or path in keep
    ]
