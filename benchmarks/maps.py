"""Time to build and to draw an alliance map from 3,000 to 1.2 million actors.

Not a test: it measures and prints, it asserts nothing. For each size it generates a
synthetic network shaped like a projection (``maps.synthetic_network``, seeded), then
times:

- build: ``maps.map_page`` (metrics, aggregation above 1,500 nodes, layout, HTML);
- draw: headless Chromium (Debian's, through Playwright, network off) opening the file
  until the map says it is ready (first frame drawn), how long one redraw takes, how
  long the largest group that opens into actors (at most ``OPEN_MAX``) takes to open,
  once the larger groups around it are open (search does the same), how long a search
  of the page's last counted actor takes (it reads every group's names), how long
  grouping the actors by région instead of kind takes (until drawn), and the script's
  heap.

Usage::

    python benchmarks/maps.py                 # 3000 20000 200000
    python benchmarks/maps.py 1200000         # the whole sector's size
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
          const leaves = [];  // [group, the groups to open before it]
          (function walk(list, path) {
            list.forEach((g) => {
              if (g.parts) walk(g.parts, path.concat([g.id]));
              else if (g.leaves) leaves.push([g, path]);
            });
          })(JSON.parse(document.getElementById('mes-data').textContent).nodes, []);
          if (!leaves.length) return done(null);
          leaves.sort((a, b) => b[0].count - a[0].count);
          const [leaf, path] = leaves[0];
          let t = performance.now();
          path.forEach((id) => mesMap.openGroup(id));
          const outer = (performance.now() - t) / 1000;
          t = performance.now();
          mesMap.network.once('afterDrawing',
            () => done([leaf.count, path.length, outer, (performance.now() - t) / 1000]));
          mesMap.openGroup(leaf.id);
        })"""
    )
    searched = page.evaluate(
        """() => {  // the last actor of the last block: search reads every block's names
          const last = document.querySelectorAll('script[id^="mes-m-"]');
          if (!last.length) return null;
          const block = JSON.parse(last[last.length - 1].textContent);
          const [end, name] = block.m[block.m.length - 1];
          const t = performance.now();
          const found = mesMap.search(name);
          return [(performance.now() - t) / 1000, found === block.base + end];
        }"""
    )
    regrouped = page.evaluate(
        """() => new Promise((done) => {  // the actors not drawn grouped by région instead
          if (!mesMap.switchGrouping || !document.getElementById('grouping')) return done(null);
          const t = performance.now();
          mesMap.switchGrouping(1);
          mesMap.network.once('afterDrawing', () => done((performance.now() - t) / 1000));
          mesMap.network.redraw();
        })"""
    )
    heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
    page.close()
    found = {"draw_s": ready, "redraw_s": redraw, "errors": errors, "heap": heap}
    if opened:
        found["group_n"], found["depth"], found["outer_s"], found["group_s"] = opened
    if searched:
        found["search_s"], found["search_ok"] = searched
    if regrouped is not None:
        found["regroup_s"] = regrouped
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[3_000, 20_000, 200_000])
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
        "   largest group opened (after its outer groups)   search   by région   JS heap"
    )
    print(header)
    for r in rows:
        draw_s = f"{r['draw_s']:6.2f} s" if "draw_s" in r else "     -"
        redraw_s = f"{r['redraw_s'] * 1000:5.0f} ms" if "redraw_s" in r else "    -"
        print(
            f"{r['n']:>6}  {r['generate_s']:6.2f} s  {r['build_s']:6.2f} s  "
            f"{r['nodes']:>5} / {r['edges']:<6}     {'yes' if r['aggregated'] else 'no ':>3}      "
            f"{r['bytes'] / 1e6:4.1f} MB  {draw_s}  {redraw_s}"
            + (
                f"  {r['group_n']:>5} in {r['group_s']:5.2f} s (after {r['depth']} in "
                f"{r['outer_s']:4.2f} s)"
                if "group_n" in r
                else ""
            )
            + (f"  {r['search_s']:5.2f} s" if "search_s" in r else "")
            + ("" if r.get("search_ok", True) else " (WRONG ACTOR)")
            + (f"  {r['regroup_s']:5.2f} s" if "regroup_s" in r else "")
            + (f"  {r['heap'] / 1e6:5.0f} MB" if r.get("heap") else "")
            + (f"  ERRORS: {r['errors']}" if r.get("errors") else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
