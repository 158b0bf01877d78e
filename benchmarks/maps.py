"""Time to build and to draw an alliance map at 2,000, 20,000 and 200,000 actors.

Not a test: it measures and prints, it asserts nothing. For each size it generates a
synthetic network shaped like a projection (``maps.synthetic_network``, seeded), then
times:

- build: ``maps.map_page`` (metrics, aggregation above 1,500 nodes, layout, HTML);
- draw: headless Chromium (Debian's, through Playwright, network off) opening the file
  until the map says it is ready (first frame drawn), how long one redraw takes, and how
  long the largest group takes to open into its members (search does the same).

Usage::

    python benchmarks/maps.py                 # 2000 20000 200000
    python benchmarks/maps.py 2000 20000 --size-by degree --no-browser
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mes_graph import maps
from mes_graph.maps.browser import CHROMIUM_ARGS


def build(n: int, size_by: str, folder: Path) -> dict:
    """Generate, then build the page of ``n`` actors; the times in seconds."""
    start = time.perf_counter()
    G = maps.synthetic_network(n, seed=1)
    generated = time.perf_counter()
    data = maps.map_data(G, size_by=size_by, date="2026-11-30")
    page = maps.render_page(data)
    built = time.perf_counter()
    path = maps.write_map(folder / f"map-{n}.html", page)
    return {
        "n": n,
        "generate_s": generated - start,
        "build_s": built - generated,
        "nodes": len(data["nodes"]),
        "edges": len(data["edges"]),
        "aggregated": data["aggregated"],
        "bytes": path.stat().st_size,
        "path": path,
    }


def draw(context, path: Path) -> dict:
    """Open the page and wait until the map is drawn; then time one full redraw."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-state=ready]", timeout=120_000)
    ready = time.perf_counter() - start
    redraw = page.evaluate(
        """() => new Promise((done) => {
          const t = performance.now();
          mesMap.network.once('afterDrawing', () => done((performance.now() - t) / 1000));
          mesMap.network.redraw();
        })"""
    )
    opened = page.evaluate(
        """() => new Promise((done) => {
          const groups = JSON.parse(document.getElementById('mes-data').textContent).nodes
            .filter((n) => n.members).sort((a, b) => b.members.length - a.members.length);
          if (!groups.length) return done(null);
          const t = performance.now();
          mesMap.network.once('afterDrawing',
            () => done([groups[0].members.length, (performance.now() - t) / 1000]));
          mesMap.openGroup(groups[0].id);
        })"""
    )
    page.close()
    found = {"draw_s": ready, "redraw_s": redraw, "errors": errors}
    if opened:
        found["group_n"], found["group_s"] = opened
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2_000, 20_000, 200_000])
    parser.add_argument("--size-by", default="betweenness", choices=maps.SIZE_METRICS)
    parser.add_argument("--no-browser", action="store_true", help="build only")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="mes-graph-bench-"))
    rows = [build(n, args.size_by, folder) for n in args.sizes]
    chromium = shutil.which("chromium")
    if not args.no_browser and chromium:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(folder / "profile"),
                executable_path=chromium,
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport={"width": 1280, "height": 900},
            )
            context.set_offline(True)
            for row in rows:
                row.update(draw(context, row["path"]))
            context.close()
    elif not args.no_browser:
        print("chromium not found: build times only", file=sys.stderr)
    print(f"size_by={args.size_by}; pages in {folder}")
    header = (
        "actors  generate  build    drawn nodes/links  aggregated  page     draw    redraw"
        "   largest group opened"
    )
    print(header)
    for r in rows:
        draw_s = f"{r['draw_s']:6.2f} s" if "draw_s" in r else "     -"
        redraw_s = f"{r['redraw_s'] * 1000:5.0f} ms" if "redraw_s" in r else "    -"
        print(
            f"{r['n']:>6}  {r['generate_s']:6.2f} s  {r['build_s']:6.2f} s  "
            f"{r['nodes']:>5} / {r['edges']:<6}     {'yes' if r['aggregated'] else 'no ':>3}      "
            f"{r['bytes'] / 1e6:4.1f} MB  {draw_s}  {redraw_s}"
            + (f"  {r['group_n']:>7} in {r['group_s']:5.2f} s" if "group_n" in r else "")
            + (f"  ERRORS: {r['errors']}" if r.get("errors") else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
