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

from mes_graph.actors import resolve_actor
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


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the network metrics of every actor, sorted by betweenness, and a summary."""
    from mes_graph import network
    from mes_graph.export import write_atomic

    graph = network.alliance_network(load(args.data), as_of=args.as_of, lang=args.lang)
    table = network.metrics_table(graph, seed=args.seed, resolution=args.resolution)
    summary = network.summary(graph, seed=args.seed, resolution=args.resolution)
    fmt = args.format
    if fmt is None and args.output is not None:
        fmt = {".json": "json", ".ttl": "turtle"}.get(args.output.suffix.lower(), "csv")
    if fmt is not None and args.output is None:
        sys.stdout.buffer.write(network.metrics_document(table, fmt, summary, args.date))
        return EXIT_OK
    print(network.format_table(table))
    print()
    print(network.format_summary(graph, summary))
    if args.output is not None:
        data = network.metrics_document(table, fmt, summary, args.date)
        print(f"wrote {write_atomic(args.output, data)} ({fmt})")
    return EXIT_OK


def cmd_path(args: argparse.Namespace) -> int:
    """Print every shortest path between two actors with its relations (exit 1: no path)."""
    from mes_graph import network
    from mes_graph.actors import UnknownActor

    dataset = load(args.data)
    try:
        start, end = (resolve_actor(dataset, name) for name in (args.a, args.b))
    except UnknownActor as err:
        raise UsageError(str(err)) from None
    graph = network.alliance_network(dataset, as_of=args.as_of, lang=args.lang)
    paths = network.shortest_paths(graph, start, end)
    if not paths:
        names = (graph.nodes[str(n)]["name"] for n in (start, end))
        print("no path between {} and {}".format(*names))
        return EXIT_INVALID
    for path in paths:
        print(network.format_path(graph, path) or graph.nodes[str(start)]["name"])
    return EXIT_OK


def cmd_ego(args: argparse.Namespace) -> int:
    """Print the ego map of an actor: the actors within --radius ties, and their links."""
    from mes_graph import network
    from mes_graph.actors import UnknownActor

    if args.radius < 0:
        raise UsageError(f"argument --radius: must be 0 or more, not {args.radius}")
    dataset = load(args.data)
    try:
        actor = resolve_actor(dataset, args.actor)
    except UnknownActor as err:
        raise UsageError(str(err)) from None
    graph = network.alliance_network(dataset, as_of=args.as_of, lang=args.lang)
    print(network.format_ego(network.ego(graph, actor, args.radius)))
    return EXIT_OK


def cmd_communities(args: argparse.Namespace) -> int:
    """Print the communities of the alliances (Louvain, fixed seed) and their modularity."""
    from mes_graph import network

    graph = network.alliance_network(load(args.data), as_of=args.as_of, lang=args.lang)
    groups = network.communities(graph, seed=args.seed, resolution=args.resolution)
    print(network.format_communities(graph, groups, args.resolution))
    return EXIT_OK


def cmd_queries(args: argparse.Namespace) -> int:
    """List the catalogue of named SPARQL queries, or show one query's header and text."""
    from mes_graph import sparql

    try:
        if args.name:
            text = sparql.describe_query(sparql.get_query(args.name))
        else:
            text = sparql.format_catalogue(sparql.catalogue())
    except sparql.SparqlError as err:
        return sparql.fail(err)
    sys.stdout.write(text)
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    """Run a named query, a .rq file or SPARQL text on the graph or a remote endpoint."""
    from mes_graph import sparql
    from mes_graph.export import write_atomic

    try:
        params = sparql.parse_params(args.param)
        if args.endpoint and args.data:
            raise sparql.QueryError("--data adds to the local graph: it cannot go with --endpoint")
        result = sparql.execute(
            args.query,
            params,
            endpoint=args.endpoint,
            dataset=None if args.endpoint else load(args.data),
            allow_service=args.allow_service,
            timeout=args.timeout,
        )
        data = sparql.render(result, args.format).encode("utf-8")
    except sparql.SparqlError as err:
        return sparql.fail(err)
    if args.output is not None:
        print(f"wrote {write_atomic(args.output, data)} ({args.format}, {len(result.rows)} rows)")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Load the graph into a remote store with SPARQL 1.1 Update, named graphs kept."""
    from mes_graph import sparql

    try:
        report = sparql.push(
            load(args.data),
            args.endpoint,
            graph=args.graph,
            replace=args.replace,
            batch_size=args.batch_size,
            timeout=args.timeout,
        )
    except sparql.SparqlError as err:
        return sparql.fail(err)
    print(
        f"pushed {report.statements} statements in {report.graphs} graphs to "
        f"{sparql.redact(args.endpoint)} ({report.requests} requests)"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the graph read-only over SPARQL on 127.0.0.1 with Oxigraph, until Ctrl-C."""
    from mes_graph import sparql

    try:
        return sparql.serve(load(args.data), port=args.port, timeout_s=args.timeout_s)
    except sparql.SparqlError as err:
        return sparql.fail(err)


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
    sub = add("queries", cmd_queries)
    sub.add_argument("name", nargs="?", metavar="NAME", help="show this query's header and text")
    sub = add("query", cmd_query)
    sub.add_argument(
        "query", metavar="NAME|FILE.rq|SPARQL", help="a catalogue query, a file or SPARQL text"
    )
    sub.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of the query (repeatable); an actor is an IRI, acronym or label",
    )
    sub.add_argument(
        "--format",
        default="table",
        choices=["table", "csv", "tsv", "json", "markdown", "ntriples"],  # sparql.FORMATS
        help="table for a terminal (default); csv, tsv, json are byte-stable; ntriples "
        "for CONSTRUCT",
    )
    sub.add_argument("--endpoint", metavar="URL", help="ask this SPARQL endpoint instead")
    sub.add_argument("--allow-service", action="store_true", help="let a local query use SERVICE")
    sub.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="endpoint timeout (30 s)"
    )
    sub.add_argument("-o", "--output", type=Path, metavar="PATH", help="write to a file")
    sub.epilog = "Exit codes: 0 ok, 2 bad query or parameter, 3 the endpoint failed."
    _add_data(sub)
    sub = add("push", cmd_push)
    sub.add_argument("--endpoint", required=True, metavar="UPDATE_URL", help="update endpoint")
    sub.add_argument("--graph", metavar="IRI", help="load every statement into this one graph")
    sub.add_argument("--replace", action="store_true", help="drop each target graph first")
    sub.add_argument("--batch-size", type=int, default=1000, metavar="N", help="per request")
    sub.add_argument("--timeout", type=float, default=60.0, metavar="S", help="per request")
    sub.epilog = (
        "Credentials: MES_GRAPH_TOKEN (bearer), or MES_GRAPH_USER and MES_GRAPH_PASSWORD "
        "(basic), from the environment. Exit codes: 0 ok, 2 bad input, 3 the store failed."
    )
    _add_data(sub)
    sub = add("serve", cmd_serve)
    sub.add_argument("--port", type=int, default=7878, help="port of 127.0.0.1 (7878; 0: any)")
    sub.add_argument("--timeout-s", type=int, default=30, metavar="S", help="query timeout (30 s)")
    _add_data(sub)

    # --- network commands (mes_graph.network): analyze, path, ego, communities ---
    from datetime import date, datetime

    def network_options(sub: argparse.ArgumentParser, louvain: bool = False) -> None:
        sub.add_argument(
            "--as-of",
            type=date.fromisoformat,
            metavar="DATE",
            help="keep the memberships valid on DATE (YYYY-MM-DD); undated ones are kept",
        )
        sub.add_argument(
            "--lang", choices=["en", "fr"], default="en", help="language of names and relations"
        )
        if louvain:
            sub.add_argument("--seed", type=int, default=42, help="Louvain's seed (default 42)")
            sub.add_argument(
                "--resolution", type=float, default=1.0, help="Louvain's resolution (default 1)"
            )
        _add_data(sub)

    sub = add("analyze", cmd_analyze)
    sub.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="also write the metrics to FILE (format: --format, else the suffix .csv/.json/.ttl)",
    )
    sub.add_argument(
        "--format",
        choices=["csv", "json", "turtle"],
        help="csv, json (with the summary) or turtle (the metrics graph); stdout without -o",
    )
    sub.add_argument(
        "--date",
        type=datetime.fromisoformat,
        metavar="DATETIME",
        help="date of the analysis in the Turtle (default: $SOURCE_DATE_EPOCH, else now)",
    )
    network_options(sub, louvain=True)
    sub = add("path", cmd_path)
    sub.add_argument("a", metavar="A", help="an actor: IRI, acronym or label")
    sub.add_argument("b", metavar="B", help="another actor")
    network_options(sub)
    sub = add("ego", cmd_ego)
    sub.add_argument("actor", metavar="A", help="an actor: IRI, acronym or label")
    sub.add_argument("--radius", type=int, default=1, help="how many ties away (default 1)")
    network_options(sub)
    network_options(add("communities", cmd_communities), louvain=True)

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
