"""Time every stage of mes-graph at scale, on both engines, and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--sizes 10k,100k,1m] [--engines oxigraph,memory] [--runs 3]
                             [--timeout 60] [--organisations 100000] [--out FILE]
    python benchmarks/run.py --scale 1m,10m,40m [--keep DIR] [--out FILE]

For each size, ``mes-graph synth`` data of about that many statements is loaded beside the
shipped graph; each engine runs in a process of its own, every stage is timed ``--runs``
times (once when a run takes over 5 s), in a forked child, and the median is reported
beside the rdflib in-memory baseline measured in the same run, with the peak memory of the
process during that stage (the loaded graph included). A stage that outlasts ``--timeout``
seconds is stopped and reported as "> timeout". The whole ``mes-graph build`` runs as the
command, and its own stage times are reported.

``--organisations N`` also runs the commands a user would, on ``synth --organisations N``:
``synth``, ``validate`` and ``build``, timed with their peak memory.

``--scale SIZES`` runs only the measures of the whole sector (``benchmarks/scale.py``):
the build on a store on disk at each size, beside pyoxigraph's bulk loader, the store's
own dump and python-igraph, and replaces that section of the results only.

Not part of the test suite; ``tests/test_benchmarks.py`` runs a small smoke run of it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

BUILD_TIMES = 10  # the whole build may take this many times --timeout (300 s at 30 s)

STATEMENTS_PER_ORGANISATION = 35  # what mes_graph.synth writes, people and memberships included

TARGETS = {  # stage: (seconds at 1M statements, what the issue asks)
    "load": (12, "load <= 12 s"),
    "projection": (15, "projection <= 15 s"),
    "metrics (degree, PageRank, communities, approx. betweenness)": (60, "<= 60 s together"),
    "build": (300, "build <= 5 min"),
}


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1m`` -> 1000000."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def timed_in_child(func, timeout: float) -> tuple[float | None, float]:
    """Run ``func`` in a forked child: its duration in seconds (None past ``timeout``) and
    the child's peak memory in GB (what it shares with this process included)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: shares the parent's loaded graph, copy-on-write
        os.close(read)
        start = time.perf_counter()
        try:
            func()
            message = str(time.perf_counter() - start)
        except Exception as err:  # report, never hang
            message = f"error: {err}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
    message = os.read(read, 4096).decode() if ready else ""
    os.close(read)
    _, _, usage = os.wait4(pid, 0)
    peak = usage.ru_maxrss / 1024 / 1024
    if message.startswith("error"):
        raise RuntimeError(message)
    return (float(message) if ready else None), peak


def median_time(func, runs: int, timeout: float) -> dict[str, float | None]:
    """The median duration of ``runs`` runs and the highest peak memory among them."""
    times, peaks = [], []
    for _ in range(runs):
        took, peak = timed_in_child(func, timeout)
        peaks.append(peak)
        if took is None:
            return {"seconds": None, "peak": max(peaks)}
        times.append(took)
        if took > 5:
            break
    return {"seconds": statistics.median(times), "peak": max(peaks)}


def resident_gb() -> float:
    """This process's resident memory now, in GB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e9


def worker(data: Path, engine: str, runs: int, timeout: float) -> dict[str, dict]:
    """Every stage on one engine, in this process; ``held`` is the loaded graph's memory."""
    from mes_graph import actors, export, maps, network, sparql
    from mes_graph.load import load
    from mes_graph.validate import validate

    results: dict[str, dict] = {}
    before = resident_gb()
    results["load"] = median_time(lambda: load([data], engine=engine), runs, timeout)
    dataset = load([data], engine=engine)
    results["held"] = {"seconds": None, "peak": resident_gb() - before}
    results["name index (once, by the first actor-scoped query)"] = median_time(
        lambda: actors.resolve_actor(dataset, "MES"), runs, timeout
    )
    actors.resolve_actor(dataset, "MES")  # as in a session: every query below reuses it
    results["validate (SHACL)"] = median_time(lambda: validate(dataset), 1, timeout)
    for name, query in sorted(sparql.catalogue().items()):
        params = dict(query.example_params)
        label = f"query {name}" + (" (global)" if query.scope == "global" else "")
        results[label] = median_time(
            lambda name=name, params=params: sparql.execute(name, params, dataset=dataset),
            runs,
            timeout,
        )
    results["projection"] = median_time(lambda: network.alliance_network(dataset), runs, timeout)
    G = network.alliance_network(dataset)

    def core_metrics() -> None:
        T = network.ties(G)
        network.degree(T), network.pagerank(G), network.communities(T), network.betweenness(T)

    results["metrics (degree, PageRank, communities, approx. betweenness)"] = median_time(
        core_metrics, runs, timeout
    )
    results["metrics table (every metric)"] = median_time(
        lambda: network.metrics_table(G), 1, timeout
    )
    results["map page"] = median_time(lambda: maps.map_page(G), 1, timeout)
    for fmt in ("turtle", "nquads"):
        results[f"export {fmt}"] = median_time(
            lambda fmt=fmt: export.serialize(dataset, fmt), 1, timeout
        )
    return results


def run_worker(data: Path, engine: str, runs: int, timeout: float) -> tuple[dict, float]:
    """A worker in a process of its own: its results and its peak memory in GB."""
    command = [sys.executable, __file__, "--worker", str(data), engine, str(runs), str(timeout)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise RuntimeError(f"worker {engine} on {data} failed")
    return json.loads(output), usage.ru_maxrss / 1024 / 1024


def run_command(arguments: list[str], timeout: float, engine: str = "oxigraph") -> dict:
    """Run ``mes-graph ARGUMENTS``: its duration (None past ``timeout``), its peak memory
    in GB, its exit code and its standard output."""
    command = [str(Path(sys.executable).with_name("mes-graph")), *arguments]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            command, stdout=out, env={**os.environ, "MES_GRAPH_ENGINE": engine}
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)  # not process.wait(): it hides rusage
        timer.cancel()
        took = time.perf_counter() - start
        out.seek(0)
        return {
            "seconds": None if took >= timeout else took,
            "peak": usage.ru_maxrss / 1024 / 1024,
            "status": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode("utf-8"),
        }


def time_build(data: Path, engine: str, timeout: float) -> dict:
    """The whole ``mes-graph build``: seconds, peak memory and the build's own stages."""
    with tempfile.TemporaryDirectory() as folder:
        arguments = ["build", "-o", f"{folder}/build", "--data", str(data), "--json"]
        result = run_command(arguments, timeout * BUILD_TIMES, engine)
    stages = {}
    if result["seconds"] is not None and result["status"] == 0:
        summary = json.loads(result["stdout"])
        stages = {stage["name"]: stage["seconds"] for stage in summary["stages"]}
    return {"seconds": result["seconds"], "peak": result["peak"], "stages": stages}


def run_organisations(count: int, timeout: float) -> dict[str, dict]:
    """What a user runs on ``synth --organisations COUNT``: synth, validate, build."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        data = f"{folder}/synth.ttl"
        synth = ["synth", "--organisations", str(count), "--seed", "1", "-o", data]
        for name, arguments in (
            ("synth", synth),
            ("validate", ["validate", "--data", data]),
            ("build", ["build", "--data", data, "-o", f"{folder}/build", "--json"]),
        ):
            print(f"{count:,} organisations: {name}…", file=sys.stderr)
            results[name] = run_command(arguments, timeout)
    return results


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    packages = ", ".join(
        f"{p} {version(p)}" for p in ("rdflib", "oxrdflib", "pyoxigraph", "networkx", "igraph")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB of memory, "
        f"Python {platform.python_version()}, {packages}"
    )


def cell(value: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if value is None else f"{value:.2f} s"


def gigabytes(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} GB"


def report(
    measures: dict,
    sizes: list[int],
    engines: list[str],
    timeout: float,
    organisations: dict,
    organisations_timeout: float,
) -> str:
    lines = ["# Benchmarks", "", f"Measured by `python benchmarks/run.py` on {machine()}.", ""]
    lines += [
        "Each figure is the median of the runs, in seconds; `memory` is rdflib's in-memory "
        "store and SPARQL engine, the baseline; the ratio is baseline / Oxigraph, measured in "
        "the same run. `> N s`: stopped after N seconds. `peak` is the highest resident "
        "memory of the process during the stage, the loaded graph included.",
        "",
    ]
    for size in sizes:
        lines += [f"## {size:,} statements of synthetic data", ""]
        stats = measures[size]
        lines.append(f"Statements loaded: {stats['statements']:,}.")
        for engine in engines:
            held = stats["stages"][engine].pop("held")["peak"]
            lines.append(
                f"Memory held by the loaded graph, {engine}: {held:.2f} GB; peak of the "
                f"whole run: {stats['memory'][engine]:.2f} GB."
            )
        header = ["stage", *engines, "ratio", *(f"peak, {e}" for e in engines)]
        lines += ["", "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
        for stage in stats["stages"][engines[0]]:
            limit = timeout * BUILD_TIMES if stage == "build" else timeout
            measured = [stats["stages"][e].get(stage, {}) for e in engines]
            seconds = [m.get("seconds") for m in measured]
            ratio = ""
            if len(engines) > 1:
                fast, base = seconds[:2]
                if fast and base:
                    ratio = f"{base / fast:.1f}×"
                elif fast and base is None:
                    ratio = f"> {limit / fast:.0f}×"
            row = [stage, *(cell(v, limit) for v in seconds), ratio]
            row += [gigabytes(m.get("peak")) for m in measured]
            lines.append("| " + " | ".join(row) + " |")
        builds = [stats["stages"][e].get("build", {}).get("stages", {}) for e in engines]
        if any(builds):
            lines += ["", "Where the time of `mes-graph build` goes, by its own stages:", ""]
            lines += ["| build stage | " + " | ".join(engines) + " |"]
            lines += ["|---" * (len(engines) + 1) + "|"]
            for stage in next(b for b in builds if b):
                row = [f"{b[stage]:.2f} s" if stage in b else "" for b in builds]
                lines.append(f"| {stage} | " + " | ".join(row) + " |")
        lines.append("")
    for count, results in organisations.items():
        lines += [f"## `mes-graph synth --organisations {count}`, then validate and build", ""]
        build = results["build"]
        if build["status"] == 0 and build["seconds"] is not None:
            summary = json.loads(build["stdout"])
            lines += [f"Statements: {summary['counts']['statements']:,}.", ""]
        lines += ["| command | time | peak memory | exit code |", "|---|---|---|---|"]
        for name, result in results.items():
            took = cell(result["seconds"], organisations_timeout)
            lines.append(
                f"| mes-graph {name} | {took} | {gigabytes(result['peak'])} | {result['status']} |"
            )
        if build["status"] == 0 and build["seconds"] is not None:
            lines += ["", "| build stage | time |", "|---|---|"]
            for stage in json.loads(build["stdout"])["stages"]:
                lines.append(f"| {stage['name']} | {stage['seconds']:.2f} s |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        data, engine, runs, timeout = sys.argv[2:6]
        print(json.dumps(worker(Path(data), engine, int(runs), float(timeout))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--engines", default="oxigraph,memory")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--build", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--organisations", default="", help="e.g. 100000: synth, validate, build")
    parser.add_argument("--organisations-timeout", type=float, default=1800)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    parser.add_argument("--scale", help="e.g. 1m,10m,40m: the builds of the whole sector")
    parser.add_argument("--keep", type=Path, help="--scale: the folder for its files (large)")
    args = parser.parse_args()
    if args.scale:
        from scale import run_scale

        sizes = [parse_size(s) for s in args.scale.split(",")]
        print(run_scale(sizes, args.out, args.keep, machine()))
        return 0
    from mes_graph.load import load
    from mes_graph.synth import write_synthetic

    sizes = [parse_size(s) for s in filter(None, args.sizes.split(","))]
    engines = args.engines.split(",")
    measures = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            data = Path(folder) / f"synth-{size}.ttl"
            write_synthetic(data, max(10, size // STATEMENTS_PER_ORGANISATION), seed=1)
            stats = {"statements": len(load([data])), "stages": {}, "memory": {}}
            for engine in engines:
                print(f"{size:,} statements, {engine}…", file=sys.stderr)
                stats["stages"][engine], stats["memory"][engine] = run_worker(
                    data, engine, args.runs, args.timeout
                )
                if args.build:
                    stats["stages"][engine]["build"] = time_build(data, engine, args.timeout)
            measures[size] = stats
    organisations = {
        int(count): run_organisations(int(count), args.organisations_timeout)
        for count in filter(None, args.organisations.split(","))
    }
    text = report(measures, sizes, engines, args.timeout, organisations, args.organisations_timeout)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
