"""The main job: check, analyse, draw and publish the graph into one folder, with a report.

Takes the Turtle files to add to the embedded graph (``data``), an export profile and a
language; gives a folder (``build/`` by default) and a ``Summary`` of what was done
(counts, time per stage, where each output is). ``build`` runs the stages in order, each
reusing what the previous one produced: the graph is parsed once, projected once, and its
metrics computed once for the maps, the report, the metrics files and the exports.

========== =================================================================================
stage      what it does (and writes)
========== =================================================================================
load       ``load.load``: the embedded graph plus ``data``, one named graph per source
validate   ``validate.validate``: the SHACL shapes of the contract; a violation stops the
           build (``InvalidGraph``) before anything is written
analyze    ``network``: the projection of the profiled graph, the metrics of every actor,
           the summary (``metrics.csv``, ``metrics.ttl``)
maps       ``maps``: ``carte.html`` (every actor), ``carte-communautes.html``,
           ``carte-ego.html`` (the first broker and its ties), ``carte-chemin.html`` (the
           longest shortest path), ``carte.png``
exports    ``export``: ``exports/mes-graph.{ttl,nt,nq,trig,jsonld,rdf}`` in the profile,
           ``exports/mes-graph.graphml`` and ``.gexf``, ``exports/csv/``,
           ``exports/schemaorg.zip`` (one schema.org JSON-LD per organisation)
description ``describe``: ``exports/description.ttl`` (DCAT and VoID, one distribution per
           file of ``exports/``) and ``exports/context.jsonld``
site       ``site.build_site``: ``site/``, the static linked-data site (from
           ``SITE_ALONGSIDE_FROM`` actors, built in a second process from the moment the
           metrics are known, while the summary, the maps, the exports and the
           description are written; ego maps capped at ``site.EGO_MAPS``)
report     ``report``: ``report.html`` and ``report.md``
========== =================================================================================

The folder is built in a temporary folder beside the output, then swapped in: a build
that fails (bad Turtle, a violation, any error) leaves the previous output as it was. A
folder that holds other files and no ``.mes-graph-build`` marker is never replaced
(``OutputError``). Every file is the same bytes for the same input: dates come from the
data (the ontology's ``dcterms:modified``) or ``$SOURCE_DATE_EPOCH``, never the clock.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import networkx as nx
import pandas as pd
from rdflib import Dataset

from mes_graph.base.files import remove_leftovers, temporary_prefix, umask

STAGES = ("load", "validate", "analyze", "maps", "exports", "description", "site", "report")
"""The stages of a build, in the order they run."""

MARKER = ".mes-graph-build"
"""The file that marks a folder as a build output, which a new build may replace."""

MARKER_TEXT = b"This folder is written by `mes-graph build` and replaced by the next build.\n"

RDF_NAME = "mes-graph"
"""The stem of the files of ``exports/``."""

SCHEMAORG_ARCHIVE = "schemaorg.zip"
"""The schema.org documents of ``exports/``: one JSON-LD per organisation, in one ZIP file
(one download, one distribution in the description, where 30,000 files made 30,000)."""

SITE_ALONGSIDE_FROM = 10_000
"""From this many actors on, the site is built in a second (forked) process, started as
soon as the metrics are known, while the summary, the maps, the exports and their
description are written: the stages share no file, and a
second core halves the wait. Below, and where processes cannot be forked, it is built in
turn."""

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


class InvalidGraph(Exception):
    """The graph breaks the shapes: the build stopped, nothing was written."""

    def __init__(self, violations: list, summary: Summary) -> None:
        super().__init__(f"{len(violations)} violation(s) of the shapes")
        self.violations = violations
        self.summary = summary


class OutputError(Exception):
    """The output path cannot be (re)placed by a build: not a folder, or not a build."""


@dataclass(frozen=True)
class StageResult:
    """One stage done: its name, how long it took, what it wrote, a line saying what it did."""

    name: str
    seconds: float
    outputs: tuple[str, ...] = ()
    detail: str = ""


@dataclass
class Summary:
    """What a build did: the folder, the stages, the counts, the files written."""

    output: Path
    stages: list[StageResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    ok: bool = False

    @property
    def seconds(self) -> float:
        """The time of every stage, summed."""
        return sum(stage.seconds for stage in self.stages)


class Analysis(NamedTuple):
    """The alliance network of a build, computed once: projection, metrics, summary."""

    graph: nx.MultiDiGraph
    table: pd.DataFrame
    summary: dict[str, Any]


Progress = Callable[[str, "StageResult | None"], None]
"""Called with ``(stage, None)`` when a stage starts and ``(stage, result)`` when it ends."""


# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------


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


def export_files(
    dataset: Dataset,
    profile: str = "public",
    *,
    lang: str = "fr",
    profiled: Dataset | None = None,
    analysis: Analysis | None = None,
) -> dict[str, bytes]:
    """Every file of ``exports/`` but the description: RDF syntaxes, network, tables.

    The same bytes as ``mes-graph export`` writes for each format and profile; the network
    for GraphML, GEXF and CSV is built once for the three.

    Parameters
    ----------
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
    return dict(export_items(dataset, profile, lang=lang, profiled=profiled, analysis=analysis))


def export_items(
    dataset: Dataset,
    profile: str = "public",
    *,
    lang: str = "fr",
    profiled: Dataset | None = None,
    analysis: Analysis | None = None,
) -> Iterator[tuple[str, bytes]]:
    """``export_files`` one file at a time, for a caller that writes each as it comes.

    Parameters and contents are those of ``export_files``; at a million statements the
    files weigh a gigabyte, which need not be held at once.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> next(export_items(load()))[0]
    'mes-graph.ttl'
    """
    from mes_graph import export

    if profiled is None:
        profiled = export.apply_profile(dataset, rdf_profile(profile))
    for fmt, document in export.serialize_formats(profiled):
        yield RDF_NAME + export.FORMATS[fmt][1], document
    reused = {"projection": analysis.graph, "table": analysis.table} if analysis else {}
    network = export.network_with_metrics(profiled, lang=lang, **reused)
    yield RDF_NAME + ".graphml", export.to_graphml(network)
    yield RDF_NAME + ".gexf", export.to_gexf(network, export.release_date(dataset))
    for name, data in export.csv_tables(profiled, network).items():
        yield "csv/" + name, data
    public = profiled if rdf_profile(profile) == "public" else None
    documents = export.schemaorg_documents(dataset, public)
    yield SCHEMAORG_ARCHIVE, export.schemaorg_archive(documents, export.release_date(dataset))


def rdf_profile(profile: str) -> str:
    """The profile of the RDF files for a build profile (``schemaorg``: ``public``).

    Examples
    --------
    >>> rdf_profile("schemaorg"), rdf_profile("full")
    ('public', 'full')
    """
    return "public" if profile == "schemaorg" else profile


def describe_exports(
    dataset: Dataset, folder: Path, profile: str = "public", profiled: Dataset | None = None
) -> dict[str, bytes]:
    """``description.ttl`` (DCAT and VoID) of the files of an ``exports/`` folder, and
    ``context.jsonld``.

    Every file already in ``folder`` becomes a ``dcat:Distribution`` (size, SHA-256,
    media type, profile): ``schemaorg.zip`` as JSON-LD packaged in ZIP, in the
    ``schemaorg`` profile, the others in the RDF profile.

    Parameters
    ----------
    dataset : rdflib.Dataset
    folder : Path
        The ``exports/`` folder.
    profile : str
    profiled : rdflib.Dataset, optional
        ``export.apply_profile(dataset, rdf_profile(profile))``, if already computed.

    Returns
    -------
    dict
        File name to content.
    """
    from mes_graph import describe as dsc
    from mes_graph.base.files import files_of
    from mes_graph.export import context_document

    dists = []
    for path in files_of(folder):
        dist = dsc.distribution(path, folder)
        if dist.name in (dsc.DESCRIPTION_FILE, "context.jsonld"):
            continue
        if dist.name == SCHEMAORG_ARCHIVE:
            dist = dsc.Distribution(dist.name, dist.path, "jsonld", "schemaorg")
        else:
            dist = dsc.Distribution(dist.name, dist.path, dist.fmt, rdf_profile(profile))
        dists.append(dist)
    description = dsc.describe(dataset, dists, profile=rdf_profile(profile), profiled=profiled)
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


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------


@contextmanager
def _stage(name: str, summary: Summary, progress: Progress | None) -> Iterator[dict[str, Any]]:
    record: dict[str, Any] = {"outputs": [], "detail": ""}
    if progress is not None:
        progress(name, None)
    start = time.perf_counter()
    yield record
    result = StageResult(
        name, time.perf_counter() - start, tuple(record["outputs"]), record["detail"]
    )
    summary.stages.append(result)
    if progress is not None:
        progress(name, result)


def check_output(output: Path | str) -> Path:
    """The output folder, if a build may write it: absent, empty, or a previous build.

    Raises
    ------
    OutputError
        It is a file, or a folder holding files and no ``MARKER`` (a build would replace
        it whole).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_output(folder / "build") == folder / "build"
    True
    >>> (folder / "notes.txt").write_text("mine")
    4
    >>> check_output(folder)
    Traceback (most recent call last):
    ...
    mes_graph.build.OutputError: ... is not empty and is not the output of a build ...
    """
    output = Path(output)
    here = Path.cwd().resolve()
    if output.resolve() == here or output.resolve() in here.parents:
        raise OutputError(f"{output}: a build cannot replace the current folder or its parents")
    if output.exists() or output.is_symlink():
        if not output.is_dir():
            raise OutputError(f"{output}: not a folder")
        if any(output.iterdir()) and not (output / MARKER).is_file():
            raise OutputError(
                f"{output} is not empty and is not the output of a build (no {MARKER}): "
                "a build replaces its whole folder; choose another -o"
            )
    return output


def _write(folder: Path, files: Mapping[str, bytes], prefix: str = "") -> list[str]:
    for name, data in sorted(files.items()):
        target = folder / prefix / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return [prefix + name for name in sorted(files)]


def _swap(built: Path, output: Path) -> None:
    """Put ``built`` in the place of ``output``; ``output`` stays whole if this fails."""
    old = None
    if output.exists() or output.is_symlink():
        prefix = temporary_prefix(output)
        old = Path(tempfile.mkdtemp(dir=output.parent, prefix=prefix, suffix=".old"))
        os.rmdir(old)
        os.replace(output, old)
    try:
        os.replace(built, output)
    except BaseException:
        if old is not None:
            os.replace(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(
    output: Path | str = "build",
    data: Iterable[Path | str] = (),
    *,
    profile: str = "public",
    lang: str = "fr",
    progress: Progress | None = None,
) -> Summary:
    """Build everything into ``output``: report, maps, metrics, exports, description, site.

    Parameters
    ----------
    output : Path or str
        The folder to (re)place (``build/`` by default).
    data : iterable of Path or str
        Turtle files added to the embedded graph.
    profile : str
        A key of ``export.PROFILES``: what the exports, maps and report publish.
    lang : {"fr", "en"}
        Language of the report and the maps (the site is in French).
    progress : callable, optional
        Told when each stage starts and ends (see ``Progress``, ``progress_printer``).

    Returns
    -------
    Summary

    Raises
    ------
    mes_graph.load.LoadError
        A file is missing or is not valid Turtle; nothing was written.
    InvalidGraph
        The graph breaks the shapes; nothing was written.
    OutputError
        ``output`` is a file, or a folder that is not a build.
    """
    from mes_graph import export, maps, network, report, site
    from mes_graph.load import load
    from mes_graph.stats import stats
    from mes_graph.validate import validate

    if profile not in export.PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(export.PROFILES)}")
    if lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    output = check_output(output)
    summary = Summary(output=output)

    with _stage("load", summary, progress) as stage:
        dataset = load(list(data))
        counts = stats(dataset)
        summary.counts.update(
            statements=counts["totals"]["triples"], named_graphs=counts["totals"]["named graphs"]
        )
        stage["detail"] = (
            f"{summary.counts['statements']} statements in "
            f"{summary.counts['named_graphs']} named graphs"
        )

    with _stage("validate", summary, progress) as stage:
        violations = validate(dataset)
        summary.counts["violations"] = len(violations)
        stage["detail"] = f"{len(violations)} violations of the shapes"
    if violations:
        raise InvalidGraph(violations, summary)

    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)  # of builds that were killed
    prefix = temporary_prefix(output)
    folder = Path(tempfile.mkdtemp(dir=output.parent, prefix=prefix, suffix=".tmp"))
    job: SiteJob | None = None
    try:
        when = export.release_date(dataset)  # $SOURCE_DATE_EPOCH, else the data's date
        stamp = {"version": maps.data_stamp(dataset)["version"], "date": when.isoformat()}

        with _stage("analyze", summary, progress) as stage:
            profiled = export.apply_profile(dataset, rdf_profile(profile))
            G = network.alliance_network(profiled, lang=lang)
            table = network.metrics_table(G)
            job = _start_site(dataset, folder / "site", profile, lang, profiled, G, table)
            facts = network.summary(G)
            analysis = Analysis(G, table, facts)
            metrics = {
                "metrics.csv": network.table_csv(table),
                "metrics.ttl": network.metrics_document(table, "turtle", facts, when),
            }
            stage["outputs"] = _write(folder, metrics)
            summary.counts.update(
                actors=G.number_of_nodes(),
                organisations=sum(1 for _, t in G.nodes(data="type") if t == "organisation"),
                people=sum(1 for _, t in G.nodes(data="type") if t == "person"),
                memberships=counts["totals"]["memberships"],
                memberships_dated=counts["totals"]["memberships with a date"],
                memberships_sourced=counts["totals"]["memberships with a source"],
                links=G.number_of_edges(),
                ties=facts["ties"],
                communities=facts["communities"],
            )
            stage["detail"] = (
                f"{G.number_of_nodes()} actors, {G.number_of_edges()} links, "
                f"{facts['communities']} communities"
            )

        with _stage("maps", summary, progress) as stage:
            pages = map_pages(analysis, lang=lang, version=stamp["version"], date=stamp["date"])
            stage["outputs"] = _write(folder, pages)
            stage["detail"] = f"{sum(n.endswith('.html') for n in pages)} maps and carte.png"

        with _stage("exports", summary, progress) as stage:
            written = 0  # each file written as it comes: together they outweigh the graph
            for name, data in export_items(
                dataset, profile, lang=lang, profiled=profiled, analysis=analysis
            ):
                _write(folder, {name: data}, "exports/")
                written += 1
            stage["outputs"] = ["exports/"]
            stage["detail"] = f"{written} files, profile {profile}"

        with _stage("description", summary, progress) as stage:
            described = describe_exports(dataset, folder / "exports", profile, profiled)
            stage["outputs"] = _write(folder, described, "exports/")
            stage["detail"] = f"{written} distributions (DCAT, VoID)"

        with _stage("site", summary, progress) as stage:
            if job is not None:
                seconds = job.wait()
            else:
                reused = _site_reused(profile, lang, profiled, G, table)
                site.build_site(dataset, folder / "site", **reused)
            written = site.files_of_site(folder / "site")
            egos = sum(1 for p in written if p.name.endswith(".carte.html"))
            stage["outputs"] = ["site/"]
            stage["detail"] = f"{len(written)} files"
            if job is not None:
                stage["detail"] += f", built in {seconds:.2f} s alongside the other stages"
            if egos < G.number_of_nodes():
                stage["detail"] += (
                    f"; ego maps for the {egos} most connected of {G.number_of_nodes()} actors"
                    f" (cap site.EGO_MAPS = {site.EGO_MAPS})"
                )

        with _stage("report", summary, progress) as stage:
            present = [*_top_level(folder), "report.html", "report.md"]
            context = report.report_context(
                analysis.graph,
                analysis.table,
                analysis.summary,
                counts,
                dataset=dataset,
                lang=lang,
                outputs=layout(lang, present),
                version=stamp["version"],
                date=stamp["date"],
                thumbnail=pages.get("carte.png"),
                site="site/" if (folder / "site").is_dir() else None,
            )
            stage["outputs"] = _write(folder, report.report_files(context))
            stage["detail"] = f"in {'English' if lang == 'en' else 'French'}"

        (folder / MARKER).write_bytes(MARKER_TEXT)
        os.chmod(folder, 0o755 & ~umask())
        every = [p for p in folder.rglob("*") if p.is_file()]
        summary.files, summary.bytes = len(every), sum(p.stat().st_size for p in every)
        _swap(folder, output)
    except BaseException as err:
        if job is not None:
            job.cancel()
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(err, OSError) and err.errno is not None:  # name ours, not the temporary
            raise OSError(err.errno, err.strerror, str(_target(err, folder, output))) from None
        raise
    summary.ok = True
    return summary


def _target(err: OSError, folder: Path, output: Path) -> Path:
    """The path of the output that a failure in the temporary folder was writing."""
    if err.filename and Path(err.filename).is_relative_to(folder):
        return output / Path(err.filename).relative_to(folder)
    return output


def _site_reused(
    profile: str, lang: str, profiled: Dataset, G: nx.MultiDiGraph, table: pd.DataFrame
) -> dict[str, Any]:
    """What the site can take from the build: the public profile, its network, metrics."""
    from mes_graph import site

    reused: dict[str, Any] = {"ego_maps": site.EGO_MAPS}
    if rdf_profile(profile) == "public":  # the site shows the public profile, in French
        reused["public"] = profiled
        if lang == "fr":
            reused.update(network=G, metrics=table)
    return reused


def _start_site(
    dataset: Dataset,
    folder: Path,
    profile: str,
    lang: str,
    profiled: Dataset,
    G: nx.MultiDiGraph,
    table: pd.DataFrame,
) -> SiteJob | None:
    """Start the site in a second process as soon as the metrics are known, if it pays."""
    if G.number_of_nodes() < SITE_ALONGSIDE_FROM or not (_can_fork() and _room_for_two()):
        return None
    return SiteJob(dataset, folder, _site_reused(profile, lang, profiled, G, table))


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _room_for_two() -> bool:
    """Whether the memory left holds a second build process: the site's, forked from this
    one, grows as large, and this one keeps growing (three times its size so far).

    Examples
    --------
    >>> isinstance(_room_for_two(), bool)
    True
    """
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            fields = dict(line.split(":", 1) for line in info)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return False
    return available > 3 * used


class SiteJob:
    """``site.build_site`` running in a forked process, alongside the build's next stages.

    The child inherits the dataset, the projection and the metrics as they are (nothing is
    pickled), writes ``folder`` and sends back how long it took, or its traceback.

    Parameters
    ----------
    dataset : rdflib.Dataset
    folder : Path
        The site's folder in the build.
    reused : mapping
        The keyword arguments of ``site.build_site``.
    """

    def __init__(self, dataset: Dataset, folder: Path, reused: Mapping[str, Any]) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.answer, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_site_child, args=(sender, dataset, folder, dict(reused)), daemon=True
        )
        self.process.start()
        sender.close()

    def wait(self) -> float:
        """Wait for the site; return the seconds it took, or raise what went wrong."""
        try:
            status, value = self.answer.recv()
        except EOFError:
            status, value = "error", "the process stopped without a word"
        self.process.join()
        if status != "ok":
            raise RuntimeError(
                f"the site stage failed (exit code {self.process.exitcode}):\n{value}"
            )
        return float(value)

    def cancel(self) -> None:
        """Stop the site's process, if it still runs."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _site_child(sender: Any, dataset: Dataset, folder: Path, reused: dict[str, Any]) -> None:
    import traceback

    from mes_graph import site

    _die_with_parent()
    start = time.perf_counter()
    try:
        site.build_site(dataset, folder, **reused)
    except BaseException:
        sender.send(("error", traceback.format_exc()))
        raise
    sender.send(("ok", time.perf_counter() - start))


def _die_with_parent() -> None:
    """Ask Linux to stop this process when its parent stops (killed, out of memory)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _top_level(folder: Path) -> list[str]:
    return sorted(p.name + "/" if p.is_dir() else p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------
# Telling a person (or a script) what happened
# ---------------------------------------------------------------------------


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _rich() -> Any:
    try:
        import rich.console
        import rich.table
    except ImportError:  # pragma: no cover - rich is a dependency
        return None
    return rich


def progress_printer(stream: TextIO | None = None) -> Progress:
    """A ``Progress`` that tells a person: a spinner and a line per stage in a terminal
    (rich), a plain log line per stage otherwise.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> tell = progress_printer(out)
    >>> tell("load", None)
    >>> tell("load", StageResult("load", 0.25, (), "1513 statements"))
    >>> out.getvalue()
    'mes-graph build: load          0.25 s  1513 statements\\n'
    """
    stream = stream if stream is not None else sys.stdout
    rich = _rich() if _is_terminal(stream) else None
    if rich is None:

        def plain(name: str, result: StageResult | None) -> None:
            if result is not None:
                line = f"mes-graph build: {name:<12} {result.seconds:5.2f} s  {result.detail}"
                print(line.rstrip(), file=stream, flush=True)

        return plain

    console = rich.console.Console(file=stream, highlight=False)
    status: dict[str, Any] = {}

    def fancy(name: str, result: StageResult | None) -> None:
        if result is None:
            number = STAGES.index(name) + 1 if name in STAGES else 0
            status["spinner"] = console.status(f"[{number}/{len(STAGES)}] {name}…")
            status["spinner"].start()
            return
        if "spinner" in status:
            status.pop("spinner").stop()
        console.print(
            f"[green]✓[/green] {name:<12} [dim]{result.seconds:5.2f} s[/dim]  {result.detail}",
            markup=True,
        )

    return fancy


def summary_rows(summary: Summary) -> dict[str, Any]:
    """The summary as plain data (what ``--json`` prints).

    Examples
    --------
    >>> rows = summary_rows(Summary(Path("build"), [StageResult("load", 0.5)], {"actors": 3}))
    >>> rows["stages"], rows["counts"], rows["ok"]
    ([{'name': 'load', 'seconds': 0.5, 'outputs': [], 'detail': ''}], {'actors': 3}, False)
    """
    root = summary.output
    return {
        "ok": summary.ok,
        "output": str(root),
        "seconds": round(summary.seconds, 3),
        "stages": [
            {
                "name": s.name,
                "seconds": round(s.seconds, 3),
                "outputs": [str(root / o) + ("/" if o.endswith("/") else "") for o in s.outputs],
                "detail": s.detail,
            }
            for s in summary.stages
        ],
        "counts": dict(summary.counts),
        "files": summary.files,
        "bytes": summary.bytes,
    }


def summary_json(summary: Summary) -> str:
    """The summary as JSON, for scripts (keys sorted, one document)."""
    return json.dumps(summary_rows(summary), ensure_ascii=False, indent=2, sort_keys=True)


def _counts_line(counts: Mapping[str, int]) -> str:
    c = dict(counts)
    parts = []
    if "statements" in c:
        parts.append(f"{c['statements']} statements in {c.get('named_graphs', 0)} named graphs")
    if "actors" in c:
        parts.append(
            f"{c['actors']} actors ({c.get('organisations', 0)} organisations, "
            f"{c.get('people', 0)} people)"
        )
        parts.append(
            f"{c.get('memberships', 0)} memberships ({c.get('memberships_dated', 0)} with a "
            f"period, {c.get('memberships_sourced', 0)} with a source)"
        )
        parts.append(f"{c.get('links', 0)} links, {c.get('communities', 0)} communities")
    return "; ".join(parts)


def format_summary(summary: Summary) -> str:
    """The final summary as plain text: counts, time per stage, where each output is.

    Examples
    --------
    >>> s = Summary(Path("build"), [StageResult("maps", 0.5, ("carte.html",), "4 maps")])
    >>> print(format_summary(s))  # doctest: +NORMALIZE_WHITESPACE
    mes-graph build: build/ in 0.50 s (0 files, 0 bytes)
    stage          time  outputs
    maps         0.50 s  build/carte.html
    """
    root = summary.output
    lines = [
        f"mes-graph build: {root}/ in {summary.seconds:.2f} s "
        f"({summary.files} files, {summary.bytes} bytes)"
    ]
    if _counts_line(summary.counts):
        lines.append(_counts_line(summary.counts))
    lines.append(f"{'stage':<12} {'time':>6}  outputs")
    for s in summary.stages:
        where = ", ".join(f"{root}/{o}" for o in s.outputs)
        lines.append(f"{s.name:<12} {s.seconds:4.2f} s  {where}".rstrip())
    return "\n".join(lines)


def print_summary(summary: Summary, stream: TextIO | None = None) -> None:
    """Print the final summary: a rich table in a terminal, plain text otherwise."""
    stream = stream if stream is not None else sys.stdout
    rich = _rich() if _is_terminal(stream) else None
    if rich is None:
        print(format_summary(summary), file=stream)
        return
    console = rich.console.Console(file=stream, highlight=False)
    root = summary.output
    table = rich.table.Table(
        title=f"mes-graph build → {root}/ in {summary.seconds:.2f} s",
        caption=_counts_line(summary.counts),
    )
    table.add_column("stage")
    table.add_column("time", justify="right")
    table.add_column("what")
    table.add_column(f"outputs in {root}/", overflow="fold")
    for s in summary.stages:
        table.add_row(s.name, f"{s.seconds:.2f} s", s.detail, "\n".join(s.outputs))
    console.print(table)
    console.print(f"{summary.files} files, {summary.bytes:,} bytes. Open {root}/report.html")


__all__ = [
    "LAYOUT",
    "MARKER",
    "STAGES",
    "Analysis",
    "InvalidGraph",
    "OutputError",
    "SiteJob",
    "StageResult",
    "Summary",
    "analyze",
    "build",
    "check_output",
    "describe_exports",
    "export_files",
    "export_items",
    "format_summary",
    "layout",
    "map_pages",
    "path_ends",
    "print_summary",
    "progress_printer",
    "rdf_profile",
    "summary_json",
    "summary_rows",
]
