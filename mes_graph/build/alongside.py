"""Stages run in a second process, alongside the build's next stages, where it pays.

Takes the dataset, and for the site its folder and what the build computed (profile,
projection, metrics); gives a job to wait for (``Forked``), forked so that nothing is
pickled on the way in: the shapes checked while the network is analysed
(``start_validation``, from ``VALIDATE_ALONGSIDE_FROM`` statements), the site built while
the maps and exports are written (``start_site``, from ``SITE_ALONGSIDE_FROM`` actors);
none without the memory for a second process.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from rdflib import Dataset

from mes_graph.base.processes import die_with_parent
from mes_graph.build.stages import rdf_profile

SITE_ALONGSIDE_FROM = 10_000
"""From this many actors on, the site is built in a second (forked) process, started as
soon as the metrics are known, while the summary, the maps, the exports and their
description are written: the stages share no file, and a
second core halves the wait. Below, and where processes cannot be forked, it is built in
turn."""


def site_reused(
    profile: str, lang: str, profiled: Dataset, G: nx.MultiDiGraph, table: pd.DataFrame
) -> dict[str, Any]:
    """What the site can take from the build: the public profile, its network, metrics."""
    from mes_graph import site

    reused: dict[str, Any] = {"ego_maps": site.EGO_MAPS, "site_actors": site.SITE_ACTORS}
    if rdf_profile(profile) == "public":  # the site shows the public profile, in French
        reused["public"] = profiled
        if lang == "fr":
            reused.update(network=G, metrics=table)
    return reused


def start_site(
    dataset: Dataset,
    folder: Path,
    profile: str,
    lang: str,
    profiled: Dataset,
    G: nx.MultiDiGraph,
    table: pd.DataFrame,
) -> SiteJob | None:
    """Start the site in a second process as soon as the metrics are known, if it pays."""
    if G.number_of_nodes() < SITE_ALONGSIDE_FROM or not (_can_fork() and room_for_two()):
        return None
    return SiteJob(dataset, folder, site_reused(profile, lang, profiled, G, table))


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def room_for_two() -> bool:
    """Whether the memory left holds a second build process: the site's, forked from this
    one, grows as large, and this one keeps growing (three times its size so far).

    Examples
    --------
    >>> isinstance(room_for_two(), bool)
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


class Forked:
    """A function running in a forked process, alongside the build's next stages.

    The child inherits what the function is given as it is (nothing is pickled on the
    way in) and sends back what it returns (pickled), or its traceback.

    Parameters
    ----------
    stage : str
        The build's stage, to name it when it fails.
    function : callable
    *args
        Its arguments.

    Examples
    --------
    >>> job = Forked("sum", sum, [1, 2, 3])
    >>> job.wait()
    6
    """

    def __init__(self, stage: str, function: Callable[..., Any], *args: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.stage = stage
        self.answer, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(sender, function, args), daemon=True)
        self.process.start()
        sender.close()

    def wait(self) -> Any:
        """Wait for the function; return what it returned, or raise what went wrong."""
        try:
            status, value = self.answer.recv()
        except EOFError:
            status, value = "error", "the process stopped without a word"
        self.process.join()
        if status != "ok":
            raise RuntimeError(
                f"the {self.stage} stage failed (exit code {self.process.exitcode}):\n{value}"
            )
        return value

    def cancel(self) -> None:
        """Stop the process, if it still runs."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _child(sender: Any, function: Callable[..., Any], args: tuple) -> None:
    import traceback

    die_with_parent(signal.SIGTERM)
    try:
        value = function(*args)
    except BaseException:
        sender.send(("error", traceback.format_exc()))
        raise
    sender.send(("ok", value))


class SiteJob(Forked):
    """``site.build_site`` in a forked process: ``wait()`` gives the seconds it took.

    Parameters
    ----------
    dataset : rdflib.Dataset
    folder : Path
        The site's folder in the build.
    reused : mapping
        The keyword arguments of ``site.build_site``.
    """

    def __init__(self, dataset: Dataset, folder: Path, reused: Mapping[str, Any]) -> None:
        super().__init__("site", _timed_site, dataset, folder, dict(reused))


def _timed_site(dataset: Dataset, folder: Path, reused: dict[str, Any]) -> float:
    from mes_graph import site

    start = time.perf_counter()
    site.build_site(dataset, folder, **reused)
    return time.perf_counter() - start


VALIDATE_ALONGSIDE_FROM = 200_000
"""From this many statements on, the shapes are checked in a second (forked) process
while the network is analysed: the analysis writes only into the build's temporary
folder, which a violation throws away. The site's process starts once they are checked,
so that no more than two processes run at once. Below, they are checked first, in turn."""


def start_validation(dataset: Dataset, statements: int) -> Forked | None:
    """Check the shapes in a second process while the build goes on, if it pays.

    ``wait()`` gives ``(violations, seconds)``.
    """
    if statements < VALIDATE_ALONGSIDE_FROM or not (_can_fork() and room_for_two()):
        return None
    return Forked("validate", _timed_validation, dataset)


def _timed_validation(dataset: Dataset) -> tuple[list, float]:
    from mes_graph.validate import validate

    start = time.perf_counter()
    violations = validate(dataset)
    return violations, time.perf_counter() - start
