"""The main job: every stage in turn, into a temporary folder swapped in at the end.

Takes the output folder, the user's Turtle files, a profile and a language; gives the
``Summary`` of the build, or raises ``InvalidGraph`` (the shapes) or ``OutputError``
before anything is replaced.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mes_graph.base.files import remove_leftovers, temporary_prefix, umask
from mes_graph.build.alongside import SiteJob, site_reused, start_site, start_validation
from mes_graph.build.outputs import (
    MARKER,
    MARKER_TEXT,
    check_output,
    swap_in,
    target_in,
    top_level,
    write_files,
)
from mes_graph.build.stages import (
    Analysis,
    describe_exports,
    layout,
    map_pages,
    rdf_profile,
    write_exports,
)
from mes_graph.build.summary import Progress, StageResult, Summary


class InvalidGraph(Exception):
    """The graph breaks the shapes: the build stopped, nothing was written."""

    def __init__(self, violations: list, summary: Summary) -> None:
        super().__init__(f"{len(violations)} violation(s) of the shapes")
        self.violations = violations
        self.summary = summary


@contextmanager
def timed_stage(name: str, summary: Summary, progress: Progress | None) -> Iterator[dict[str, Any]]:
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


def build(
    output: Path | str = "build",
    data: Iterable[Path | str] = (),
    *,
    profile: str = "public",
    lang: str = "fr",
    store: Path | str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Build everything into ``output``: report, maps, metrics, exports, description, site.

    Parameters
    ----------
    output : Path or str
        The folder to (re)place (``build/`` by default).
    data : iterable of Path or str
        Turtle files added to the embedded graph (TriG and N-Quads too: bulk loaded).
    profile : str
        A key of ``export.PROFILES``: what the exports, maps and report publish.
    lang : {"fr", "en"}
        Language of the report and the maps (the site is in French).
    store : Path or str, optional
        Work on an Oxigraph store on disk in this folder, kept for the next build while
        the inputs are the same (``load.load_kept``): for graphs too large for memory.
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
    from mes_graph.load import load, load_kept
    from mes_graph.stats import kept_stats, stats
    from mes_graph.validate import validate

    if profile not in export.PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(export.PROFILES)}")
    if lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    output = check_output(output)
    summary = Summary(output=output)

    with contextlib.ExitStack() as held:
        with timed_stage("load", summary, progress) as stage:
            dataset = load(list(data)) if store is None else load_kept(list(data), store)
            counts = stats(dataset) if store is None else kept_stats(dataset, store)
            summary.counts.update(
                statements=counts["totals"]["triples"],
                named_graphs=counts["totals"]["named graphs"],
            )
            stage["detail"] = (
                f"{summary.counts['statements']} statements in "
                f"{summary.counts['named_graphs']} named graphs"
            )
            if store is not None:
                held.callback(dataset.close)  # Oxigraph locks the folder until closed
                kept = "reused (same inputs)" if dataset.reused else "filled"
                stage["detail"] += f"; store {store} {kept}"

        checking = start_validation(dataset, summary.counts["statements"])
        if checking is None:
            with timed_stage("validate", summary, progress) as stage:
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

            with timed_stage("analyze", summary, progress) as stage:
                profiled = export.apply_profile(dataset, rdf_profile(profile))
                G = network.alliance_network(profiled, lang=lang)
                table = network.metrics_table(G)
                if checking is None:  # else once the shapes are checked: two processes at most
                    job = start_site(dataset, folder / "site", profile, lang, profiled, G, table)
                facts = network.summary(G)
                analysis = Analysis(G, table, facts)
                metrics = {
                    "metrics.csv": network.table_csv(table),
                    "metrics.ttl": network.metrics_turtle_stream(table, when),
                }
                stage["outputs"] = write_files(folder, metrics)
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

            if checking is not None:  # the shapes, checked alongside the analysis
                with timed_stage("validate", summary, progress) as stage:
                    violations, seconds = checking.wait()
                    summary.counts["violations"] = len(violations)
                    stage["detail"] = (
                        f"{len(violations)} violations of the shapes, checked in "
                        f"{seconds:.2f} s alongside the analysis"
                    )
                checking = None
                if violations:
                    raise InvalidGraph(violations, summary)
                job = start_site(dataset, folder / "site", profile, lang, profiled, G, table)

            with timed_stage("maps", summary, progress) as stage:
                pages = map_pages(analysis, lang=lang, version=stamp["version"], date=stamp["date"])
                stage["outputs"] = write_files(folder, pages)
                stage["detail"] = f"{sum(n.endswith('.html') for n in pages)} maps and carte.png"

            with timed_stage("exports", summary, progress) as stage:
                written = write_exports(  # in a stream: together they outweigh the graph
                    folder / "exports", dataset, profile, lang=lang, profiled=profiled,
                    analysis=analysis,
                )  # fmt: skip
                stage["outputs"] = ["exports/"]
                stage["detail"] = f"{len(written.distributions)} files, profile {profile}"

            with timed_stage("description", summary, progress) as stage:
                described = describe_exports(dataset, written, profile, profiled)
                stage["outputs"] = write_files(folder, described, "exports/")
                stage["detail"] = f"{len(written.distributions)} distributions (DCAT, VoID)"

            with timed_stage("site", summary, progress) as stage:
                if job is not None:
                    seconds = job.wait()
                else:
                    reused = site_reused(profile, lang, profiled, G, table)
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
                paged = site.actor_pages(folder / "site")
                if paged < G.number_of_nodes():
                    stage["detail"] += (
                        f"; pages for the {paged} actors that matter most of "
                        f"{G.number_of_nodes()} (cap site.SITE_ACTORS = {site.SITE_ACTORS}); "
                        "the others in the paginated index, resolved by mes-graph serve"
                    )

            with timed_stage("report", summary, progress) as stage:
                present = [*top_level(folder), "report.html", "report.md"]
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
                stage["outputs"] = write_files(folder, report.report_files(context))
                stage["detail"] = f"in {'English' if lang == 'en' else 'French'}"

            (folder / MARKER).write_bytes(MARKER_TEXT)
            os.chmod(folder, 0o755 & ~umask())
            every = [p for p in folder.rglob("*") if p.is_file()]
            summary.files, summary.bytes = len(every), sum(p.stat().st_size for p in every)
            swap_in(folder, output)
        except BaseException as err:
            for running in (job, checking):
                if running is not None:
                    running.cancel()
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(err, OSError) and err.errno is not None:  # name ours, not the temporary
                raise OSError(
                    err.errno, err.strerror, str(target_in(err, folder, output))
                ) from None
            raise
        summary.ok = True
        return summary
