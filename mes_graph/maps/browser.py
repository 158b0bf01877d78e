"""How a browser opens the maps as their tests and benchmarks do: headless and offline.

Takes nothing; gives the command-line flags of a headless Chromium that reaches nothing on
its own (no background networking, component update, sync or QUIC) and draws without a
GPU (``CHROMIUM_ARGS``). The pages promise to draw offline, from ``file://``: the browser
tests check it with these flags, and ``benchmarks/maps.py`` times the drawing with the
same ones, so that its figures are those of the browser the tests run. The package itself
starts no browser; these flags are for whoever opens its pages the way the tests do
(Playwright's ``launch(args=list(CHROMIUM_ARGS))``).
"""

from __future__ import annotations

__all__ = ["CHROMIUM_ARGS"]

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Chromium's flags: headless, without sandbox (containers) or GPU, and no request of its own."""
