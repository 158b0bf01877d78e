"""What the commands share: exit codes, the parser's mistakes, the options of the graph read.

Takes the parsed arguments; gives the dataset a command reads (``dataset_of``), its
output written (``emit``), and the options several commands add (``add_data``,
``publication_options``, ``network_options``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from mes_graph.cli.choices import DEFAULT_ENGINE, ENGINES, PROFILES

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "Parser",
    "UsageError",
    "add_data",
    "as_of_option",
    "dataset_of",
    "emit",
    "http_url",
    "network_options",
    "publication_options",
    "write_stdout",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are a ``UsageError``: one line, exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def add_data(parser: argparse.ArgumentParser) -> None:
    """Add the options of the graph a command reads: --data, --engine, --store."""
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="PATH",
        type=Path,
        help="a Turtle file of your own to add to the embedded graph (repeatable); "
        "TriG and N-Quads (.trig, .nq) go to the store's bulk loader",
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"where the graph is held and queried: oxigraph or memory (rdflib's store); "
        f"default {DEFAULT_ENGINE}, or $MES_GRAPH_ENGINE",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="keep the Oxigraph store in DIR between runs (filled on the first run)",
    )


def write_stdout(data: bytes) -> None:
    """Bytes to standard output, after anything already printed."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def emit(data: bytes, output: Path | None, what: str = "") -> None:
    """Write a command's document to ``output`` atomically, or to standard output."""
    if output is None:
        write_stdout(data)
        return
    from mes_graph.base.files import write_atomic

    print(f"wrote {write_atomic(output, data)}" + (f" ({what})" if what else ""))


def dataset_of(
    args: argparse.Namespace, data: Sequence[Path] | None = None, **options: Any
) -> Dataset:
    """The graph a command reads: ``load`` with the command's --data, --engine, --store."""
    from mes_graph.load import load

    if args.store is not None and args.engine != "oxigraph":
        raise UsageError("argument --store: needs --engine oxigraph")
    files = args.data if data is None else data
    return load(files, engine=args.engine, store=args.store, **options)


def http_url(value: str) -> str:
    """An http(s) URL given on the command line, for pages to link to.

    Examples
    --------
    >>> http_url("https://example.org/sparql")
    'https://example.org/sparql'
    >>> http_url("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'javascript:alert(1)' is not an http(s) URL
    """
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an http(s) URL")
    return value


def publication_options(parser: argparse.ArgumentParser, profile: bool = False) -> None:
    """Add the options of what is published: --profile, --endpoint, --base-url."""
    if profile:
        parser.add_argument(
            "--profile",
            choices=list(PROFILES),
            default="public",
            help="public (default: a person's name, affiliations and roles only), full, "
            "essglobal (adds the ESSGlobal view) or schemaorg (one JSON-LD per organisation)",
        )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        type=http_url,
        help="a SPARQL endpoint serving the data, for the description",
    )
    parser.add_argument(
        "--base-url",
        default="https://w3id.org/mes-graph/data/",
        metavar="URL",
        help="where the files are downloaded from (default https://w3id.org/mes-graph/data/)",
    )


def _as_of(text: str) -> date:
    from mes_graph.network import as_of_date

    try:
        return as_of_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def as_of_option(sub: argparse.ArgumentParser) -> None:
    """Add --as-of: the actors and memberships of a date (a year or month: its last day)."""
    sub.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE",
        help="the actors and memberships as of DATE (YYYY, YYYY-MM or YYYY-MM-DD; a year or "
        "month: its last day); undated ones are kept",
    )


def network_options(sub: argparse.ArgumentParser, louvain: bool = False) -> None:
    """Add the options of the network commands: --as-of, --lang, Louvain's, the graph's."""
    as_of_option(sub)
    sub.add_argument(
        "--lang", choices=["en", "fr"], default="en", help="language of names and relations"
    )
    if louvain:
        sub.add_argument("--seed", type=int, default=42, help="Louvain's seed (default 42)")
        sub.add_argument(
            "--resolution", type=float, default=1.0, help="Louvain's resolution (default 1)"
        )
    add_data(sub)
