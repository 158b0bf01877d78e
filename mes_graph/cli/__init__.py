"""The ``mes-graph`` command line: composes the stages, one command per job.

Each ``cmd_*`` function reads its arguments, calls the stage modules (load, validate,
sparql, network, maps, export, describe, site, diff, spreadsheets, synth, build) and prints
or writes what they give. Exit codes: 0 success; 1 the graph breaks the shapes (or no
path joins two actors); 2 bad input (a missing file, a Turtle syntax error, an unknown
option value or actor); 3 a SPARQL endpoint or server failed. Errors are one line on
stderr, never a traceback.

The modules: ``common`` (exit codes, the options and helpers the commands share),
``commands`` (one ``cmd_*`` function per command), ``parser`` (every command's options
and help). ``python -m mes_graph.cli`` runs it too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from mes_graph.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    http_url,
)
from mes_graph.cli.parser import build_parser

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "build_parser",
    "http_url",
    "main",
]


def _load_errors() -> tuple[type[Exception], ...]:
    """``LoadError`` if ``load`` was imported (no file was read otherwise): the command
    line imports no stage before it needs one."""
    load = sys.modules.get("mes_graph.load")
    return (load.LoadError,) if load is not None else ()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except UsageError as err:
        print(f"mes-graph: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: stop at once, one line, the shell's usual status
        print("mes-graph: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader (head, less) went away: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK
    except OSError as err:
        print(f"mes-graph: error: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # a file that cannot be read (load's LoadError), else a bug
        if not isinstance(err, _load_errors()):
            raise
        print(f"mes-graph: error: {err}", file=sys.stderr)
        return EXIT_USAGE
