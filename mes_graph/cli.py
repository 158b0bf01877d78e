"""The ``mes-graph`` command line: composes load, validate, stats and export.

Exit codes: 0 success; 1 the graph breaks the shapes; 2 bad input (a missing file, a
Turtle syntax error, an unknown option value). Errors are one line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from mes_graph.export import FORMATS, export
from mes_graph.load import LoadError, load
from mes_graph.stats import format_stats, stats
from mes_graph.validate import format_report, validate

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        type=Path,
        help="a Turtle file of your own to add to the embedded graph (repeatable)",
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the graph against the SHACL shapes of the vocabulary contract."""
    violations = validate(load(args.data))
    print(format_report(violations))
    return EXIT_INVALID if violations else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Print counts per class, memberships, sources and languages."""
    print(format_stats(stats(load(args.data))))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph in a standard RDF syntax."""
    path = export(load(args.data), args.format, args.output)
    print(f"wrote {path} ({args.format})")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command, each with its help text."""
    parser = _Parser(
        prog="mes-graph",
        description="The knowledge graph of the social and solidarity economy around the "
        "Mouvement pour l'Économie Solidaire (MES): validate, count and export it.",
        epilog="Exit codes: 0 ok, 1 the graph breaks the shapes, 2 bad input.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def add(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        sub = commands.add_parser(name, help=doc, description=doc)
        sub.set_defaults(func=func)
        return sub

    _add_data(add("validate", cmd_validate))
    _add_data(add("stats", cmd_stats))
    sub = add("export", cmd_export)
    sub.add_argument("--format", required=True, choices=list(FORMATS), help="the RDF syntax")
    sub.add_argument(
        "-o", "--output", required=True, type=Path, metavar="PATH", help="file to write"
    )
    _add_data(sub)

    # --- SPARQL commands (mes_graph.sparql): queries, query, push, serve ---

    # --- network commands (mes_graph.network): analyze, path, ego, communities ---

    # --- publication commands (issue 6): describe, site, diff ---

    # --- spreadsheet commands (mes_graph.spreadsheets): template, import ---

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except (UsageError, LoadError) as err:
        print(f"mes-graph: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"mes-graph: error: {err.filename or ''}: {err.strerror}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
