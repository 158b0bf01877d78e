"""The whole sector on one laptop: the build at 1M, 10M and 40M statements beside its anchors.

    python benchmarks/run.py --scale 1m,10m,40m [--out benchmarks/RESULTS.md] [--keep DIR]

For each size, ``mes-graph synth`` writes a TriG file of about that many statements (one
organisation per 35 statements). Each measure runs in a process of its own, with its CPU
time (user + system, of the process and the children it waited for) and the peak of the
memory of its whole process tree (sampled every 0.2 s), as RSS summed and as PSS summed:

- loading: pyoxigraph's ``bulk_load`` of the same files into a store on disk (the anchor),
  then ``load.load_kept`` (the build's load);
- the exports' anchor: the store's own ``dump`` of N-Quads;
- ``mes-graph build --store`` twice: the first fills the store, the second reuses it; both
  outputs are compared file by file (byte-identical, or the first difference);
- the metrics: ``mes-graph analyze`` beside python-igraph on the bare edge list of the same
  ties (degree, betweenness and closeness from the same sampled sources, PageRank,
  eigenvector, constraint, clustering, Louvain);
- an actor-scoped query in process (``members`` of « MES ») beside the same SPARQL on the
  raw store.

Growth exponents are fitted between consecutive sizes: time ~ n^a, memory ~ n^b.
Replaces the section « The whole sector » of RESULTS.md. Not part of the test suite.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
TITLE = "## The whole sector: builds at scale beside their anchors"
STATEMENTS_PER_ORGANISATION = 35

TARGETS = {  # statements: (build seconds, build peak GB), from issue 18
    1_000_000: (120, 1.5),
    10_000_000: (900, 4.0),
    40_000_000: (3600, 8.0),
}


def tree_memory(pid: int) -> tuple[int, int]:
    """The resident memory of a process and all its descendants, in bytes: summed RSS, and
    summed PSS (a page shared by a parent and its fork counted once, not twice)."""
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith(("Rss:", "Pss:")):
                        kilobytes = int(line.split()[1]) * 1024
                        if line.startswith("Rss:"):
                            rss += kilobytes
                        else:
                            pss += kilobytes
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as kids:
                    todo += [int(k) for k in kids.read().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def measured(command: list[str], env: dict[str, str] | None = None) -> dict:
    """Run a command: wall and CPU seconds, peak memory of its tree (GB), exit code, output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, env={**os.environ, **(env or {})})
        peak, done = [0, 0], threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                rss, pss = tree_memory(process.pid)
                peak[:] = max(peak[0], rss), max(peak[1], pss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        sampler.join()
        out.seek(0)
        return {
            "wall": time.perf_counter() - start,
            "cpu": usage.ru_utime + usage.ru_stime,
            "peak": max(peak[0] / 1e9, usage.ru_maxrss / 1024 / 1024),
            "pss": max(peak[1] / 1e9, usage.ru_maxrss / 1024 / 1024),
            "status": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode("utf-8"),
        }


def python(code: str, *args: str) -> dict:
    """Measure a Python snippet in a process of its own (``sys.argv[1:]`` are ``args``)."""
    return measured([sys.executable, "-c", textwrap.dedent(code), *args])


BULK_LOAD = """
    import sys, pyoxigraph as ox
    from mes_graph.load import shipped_files
    store = ox.Store(sys.argv[1])
    for path in shipped_files():
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                        to_graph=ox.NamedNode(path.resolve().as_uri()))
    store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.TRIG)
    store.flush()
    print(len(store))
"""

LOAD = """
    import sys
    from mes_graph.engine import oxigraph_store
    from mes_graph.load import load_kept
    dataset = load_kept([sys.argv[2]], sys.argv[1])
    print(len(oxigraph_store(dataset)))  # the store's quads, as the anchor counts them
"""

DUMP = """
    import sys, pyoxigraph as ox
    store = ox.Store.read_only(sys.argv[1])
    store.dump(sys.argv[2], ox.RdfFormat.N_QUADS)
"""

EDGES = """
    import sys
    from mes_graph import network
    from mes_graph.load import load_kept
    T = network.ties(network.alliance_network(load_kept([sys.argv[2]], sys.argv[1])))
    index = {n: i for i, n in enumerate(T)}
    with open(sys.argv[3], "w") as out:
        out.write(f"{len(index)}\\n")
        out.writelines(f"{index[u]} {index[v]} {d['weight']}\\n" for u, v, d in T.edges(data=True))
"""

IGRAPH = """
    import sys, igraph as ig
    from mes_graph.network.backends import sampled_sources
    with open(sys.argv[1]) as lines:
        n = int(next(lines))
        edges = [tuple(map(int, line.split())) for line in lines]
    g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges])
    g.es["weight"] = [w for *_, w in edges]
    sources = sampled_sources(list(range(n)), 42)
    g.degree(), g.betweenness(directed=False, sources=sources), g.pagerank(weights="weight")
    g.distances(source=sources) if sources else g.closeness()
    giant = g.connected_components().giant()
    giant.eigenvector_centrality(weights="weight"), g.constraint(weights="weight")
    g.transitivity_local_undirected(mode="zero"), g.community_multilevel(weights="weight")
"""

QUERY = """
    import sys, time
    from mes_graph import sparql
    from mes_graph.engine import oxigraph_of
    from mes_graph.load import load_kept
    dataset = load_kept([sys.argv[2]], sys.argv[1])
    query = sparql.catalogue()["members"]
    sparql.execute("members", {"org": "MES"}, dataset=dataset)  # the name index, once

    def best(run):
        times = []
        for _ in range(5):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    ours = best(lambda: sparql.execute("members", {"org": "MES"}, dataset=dataset))
    from rdflib import URIRef
    from mes_graph.sparql.binding import bind_query
    text = bind_query(query, {"org": URIRef("https://w3id.org/mes-graph/id/organisation/mes")})
    store = oxigraph_of(dataset)
    raw = best(lambda: list(store.query(text, use_default_graph_as_union=True)))
    print(ours, raw)
"""


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path to SHA-256 of every file of a folder."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


def measure_size(size: int, folder: Path) -> dict:
    """Every measure of one size (see the module's docstring)."""
    mes_graph = str(Path(sys.executable).with_name("mes-graph"))
    data = folder / f"synth-{size}.trig"
    organisations = max(10, size // STATEMENTS_PER_ORGANISATION)
    result = {"organisations": organisations}
    step = f"{size:,} statements:"
    print(step, "synth…", file=sys.stderr, flush=True)
    result["synth"] = measured([mes_graph, "synth", "--organisations", str(organisations),
                                "-o", str(data)])  # fmt: skip
    print(step, "bulk_load…", file=sys.stderr, flush=True)
    result["bulk_load"] = python(BULK_LOAD, str(folder / "anchor"), str(data))
    result["statements"] = int(result["bulk_load"]["stdout"])
    print(step, "load…", file=sys.stderr, flush=True)
    result["load"] = python(LOAD, str(folder / "store"), str(data))
    print(step, "dump…", file=sys.stderr, flush=True)
    result["dump"] = python(DUMP, str(folder / "anchor"), str(folder / "dump.nq"))
    (folder / "dump.nq").unlink(missing_ok=True)
    shutil.rmtree(folder / "anchor")
    shutil.rmtree(folder / "store")  # the first build fills it again, the second reuses it
    builds = []
    for run in ("first", "second"):
        print(step, f"build ({run})…", file=sys.stderr, flush=True)
        out = folder / f"build-{run}"
        build = measured([mes_graph, "build", "-o", str(out), "--data", str(data), "--store",
                          str(folder / "store"), "--json"])  # fmt: skip
        builds.append(build)
        if build["status"] == 0:
            stages = json.loads(build["stdout"])["stages"]
            build["stages"] = {stage["name"]: stage["seconds"] for stage in stages}
    result["builds"] = builds
    first, second = (tree_digest(folder / f"build-{run}") for run in ("first", "second"))
    differ = sorted(name for name in first.keys() | second.keys()
                    if first.get(name) != second.get(name))  # fmt: skip
    result["identical"] = (len(first), differ[:5])
    for run in ("first", "second"):
        shutil.rmtree(folder / f"build-{run}", ignore_errors=True)
    print(step, "analyze…", file=sys.stderr, flush=True)
    result["analyze"] = measured(
        [mes_graph, "analyze", "--store", str(folder / "store"), "-o", str(folder / "m.csv")]
    )  # the store as the build left it
    python(EDGES, str(folder / "store"), str(data), str(folder / "edges.txt"))
    result["igraph"] = python(IGRAPH, str(folder / "edges.txt"))
    print(step, "query…", file=sys.stderr, flush=True)
    query = python(QUERY, str(folder / "store"), str(data))
    result["query"] = [float(v) for v in query["stdout"].split()] if query["status"] == 0 else None
    return result


def exponent(a: tuple[int, float], b: tuple[int, float]) -> str:
    """The growth exponent between two (size, value) points."""
    if a[1] <= 0 or b[1] <= 0 or a[0] == b[0]:
        return ""
    return f"{math.log(b[1] / a[1]) / math.log(b[0] / a[0]):.2f}"


def section(results: dict[int, dict], machine: str) -> list[str]:
    """The section of RESULTS.md for the measured sizes."""
    lines = [TITLE, "", f"Measured by `python benchmarks/run.py --scale` on {machine}.", ""]
    lines += [
        "CPU is user + system time of the process and the children it waited for. Peak is "
        "the highest memory of the whole process tree, sampled every 0.2 s: RSS summed over "
        "its processes, and PSS summed, which counts once a page that the site's forked "
        "process shares with the build (RSS counts it in both); the targets are checked "
        "on PSS, the memory the tree occupies. The build works on an Oxigraph store on "
        "disk (`--store`); its second run reuses the store.",
        "",
        "| statements | organisations | stage | wall | CPU | peak RSS | peak PSS | anchor | "
        "ratio (CPU) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results.values():
        first, second = r["builds"]
        rows = [
            ("bulk_load (anchor)", r["bulk_load"], "", ""),
            ("load (`load_kept`, fresh)", r["load"], "bulk_load",
             f"{r['load']['cpu'] / r['bulk_load']['cpu']:.2f}×"),
            ("dump N-Quads (anchor of the exports)", r["dump"], "", ""),
            ("build, store filled", first, "", ""),
            ("build, store reused", second, "", ""),
            ("analyze", r["analyze"], "igraph", f"{r['analyze']['cpu'] / r['igraph']['cpu']:.2f}×"),
            ("python-igraph on the bare edge list (anchor)", r["igraph"], "", ""),
        ]  # fmt: skip
        for name, m, anchor, ratio in rows:
            status = "" if m["status"] == 0 else f" (exit {m['status']})"
            lines.append(
                f"| {r['statements']:,} | {r['organisations']:,} | {name}{status} | "
                f"{m['wall']:.1f} s | {m['cpu']:.1f} s | {m['peak']:.2f} GB | {m['pss']:.2f} GB "
                f"| {anchor} | {ratio} |"
            )
    lines.append("")
    for size, r in results.items():
        first, second = r["builds"]
        target = TARGETS.get(size)
        files, differ = r["identical"]
        lines.append(f"At {r['statements']:,} statements:")
        if target:
            ok = first["wall"] <= target[0] and first["pss"] <= target[1]
            lines.append(
                f"- target: build in ≤ {target[0]} s with ≤ {target[1]} GB; measured "
                f"{first['wall']:.0f} s and {first['pss']:.2f} GB PSS ({first['peak']:.2f} GB "
                f"RSS summed): {'met' if ok else 'not met'}."
            )
        same = "byte-identical" if not differ else f"different in {', '.join(differ)}"
        lines.append(f"- the two builds' {files} files: {same}.")
        if r["query"]:
            ours, raw = r["query"]
            lines.append(
                f"- `members` of « MES » in process: {ours * 1000:.1f} ms, the same SPARQL on "
                f"the raw store {raw * 1000:.1f} ms ({ours / raw:.1f}×)."
            )
        if first.get("stages"):
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in first["stages"].items())
            lines.append(f"- stages of the first build: {stages}.")
        lines.append("")
    sizes = list(results)
    if len(sizes) > 1:
        lines += ["Growth exponents of the first build (time ~ n^a, peak PSS ~ n^b):", ""]
        for a, b in itertools.pairwise(sizes):
            ra, rb = results[a], results[b]
            na, nb = ra["statements"], rb["statements"]
            ta, tb = ra["builds"][0]["wall"], rb["builds"][0]["wall"]
            pa, pb = ra["builds"][0]["pss"], rb["builds"][0]["pss"]
            lines.append(
                f"- {na:,} → {nb:,}: a = {exponent((na, ta), (nb, tb))}, "
                f"b = {exponent((na, pa), (nb, pb))}"
            )
        lines.append("")
    return lines


def run_scale(sizes: list[int], out: Path, keep: Path | None, machine: str) -> str:
    """Measure every size, replace the section of ``out``, and return it."""
    sys.path.insert(0, str(Path(__file__).parent))
    from registers import replace_section

    results = {}
    for size in sizes:
        folder = Path(tempfile.mkdtemp(dir=keep, prefix=f"scale-{size}-"))
        try:
            results[size] = measure_size(size, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        lines = section(results, machine)  # written after each size: a long run keeps its part
        replace_section(out, lines)
    return "\n".join(lines) + "\n"
