"""The ``mes-graph`` command line: composes the stages, one command per job.

Each ``cmd_*`` function reads its arguments, calls the stage modules (load, validate,
sparql, network, maps, export, describe, site, diff, spreadsheets, synth, build) and prints
or writes what they give. Exit codes: 0 success; 1 the graph breaks the shapes (or no
path joins two actors); 2 bad input (a missing file, a Turtle syntax error, an unknown
option value or actor); 3 a SPARQL endpoint or server failed. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from mes_graph.actors import resolve_actor
from mes_graph.engine import DEFAULT_ENGINE, ENGINES
from mes_graph.export import FORMATS, NETWORK_FORMATS, PROFILES, export
from mes_graph.load import LoadError, load, unreadable
from mes_graph.stats import format_stats, stats
from mes_graph.validate import format_report, validate

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


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


def _write_stdout(data: bytes) -> None:
    """Bytes to standard output, after anything already printed."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _emit(data: bytes, output: Path | None, what: str = "") -> None:
    """Write a command's document to ``output`` atomically, or to standard output."""
    if output is None:
        _write_stdout(data)
        return
    from mes_graph.base.files import write_atomic

    print(f"wrote {write_atomic(output, data)}" + (f" ({what})" if what else ""))


def _dataset(args: argparse.Namespace, data: Sequence[Path] | None = None, **options):
    """The graph a command reads: ``load`` with the command's --data, --engine, --store."""
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


def _publication_options(parser: argparse.ArgumentParser, profile: bool = False) -> None:
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


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the graph against the SHACL shapes of the vocabulary contract."""
    violations = validate(_dataset(args))
    print(format_report(violations))
    return EXIT_INVALID if violations else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Print counts per class, memberships, sources and languages."""
    print(format_stats(stats(_dataset(args))))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph in an RDF syntax, as a network or tables, with its description."""
    from mes_graph import describe as dsc
    from mes_graph.base.files import files_of, write_atomic
    from mes_graph.export import context_document

    if args.profile == "schemaorg" and args.format != "jsonld":
        raise UsageError("argument --profile: schemaorg is written with --format jsonld")
    if args.output.name in (dsc.DESCRIPTION_FILE, "context.jsonld"):
        raise UsageError(f"argument -o: {args.output.name} is the name of the description")
    dataset = _dataset(args)
    path = export(dataset, args.format, args.output, args.profile)
    root = path.parent
    fmt = "jsonld" if args.profile == "schemaorg" else args.format
    written = [
        dsc.Distribution(dsc.distribution(f, root).name, f, "csv" if f.suffix == ".csv" else fmt)
        for f in files_of(path)
    ]
    written = [dsc.Distribution(d.name, d.path, d.fmt, args.profile) for d in written]
    earlier = dsc.read_distributions(root / dsc.DESCRIPTION_FILE)
    description = dsc.describe(
        dataset,
        dsc.merge_distributions(earlier, written),
        profile=args.profile,
        endpoint=args.endpoint,
        base_url=args.base_url,
    )
    context = write_atomic(root / "context.jsonld", context_document())
    described = write_atomic(root / dsc.DESCRIPTION_FILE, dsc.description_turtle(description))
    print(f"wrote {path} ({args.format}, profile {args.profile})")
    print(f"wrote {described} (DCAT and VoID) and {context}")
    return EXIT_OK


def cmd_describe(args: argparse.Namespace) -> int:
    """Print the DCAT and VoID description of the dataset (Turtle); 1: it breaks its shapes."""
    from mes_graph import describe as dsc

    dists = []
    for path in args.distribution:
        problem = unreadable(path)
        if problem:
            raise UsageError(f"{path}: {problem}")
        dists.append(dsc.distribution(path, Path.cwd(), args.profile))
    description = dsc.describe(
        _dataset(args),
        dists,
        profile=args.profile,
        endpoint=args.endpoint,
        base_url=args.base_url,
    )
    data = dsc.description_turtle(description)
    _emit(data, args.output, "DCAT and VoID")
    violations = dsc.check_description(description)
    if violations:
        print(format_report(violations), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Build the static linked-data site: a page per actor, concept and source, and more."""
    from mes_graph import site

    path = site.build_site(_dataset(args), args.output, endpoint=args.endpoint)
    print(f"wrote {path} ({len(site.files_of_site(path))} files)")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """List what changed between two releases: actors, memberships, labels (or --rdf)."""
    from mes_graph import diff

    old, new = diff.read_release(args.old), diff.read_release(args.new)
    changes = diff.diff(old, new)
    data = diff.changeset(old, new) if args.rdf else diff.format_changes(changes).encode()
    _emit(data, args.output)
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the network metrics of every actor, sorted by betweenness, and a summary."""
    from mes_graph import network
    from mes_graph.base.files import write_atomic

    if args.endpoint:
        from mes_graph import sparql

        try:
            source = sparql.fetch_statements(args.endpoint, network.PROJECTION_PREDICATES)
        except sparql.SparqlError as err:
            return sparql.fail(err)
    else:
        source = _dataset(args)
    graph = network.alliance_network(source, as_of=args.as_of, lang=args.lang)
    table = network.metrics_table(graph, seed=args.seed, resolution=args.resolution)
    summary = network.summary(graph, seed=args.seed, resolution=args.resolution)
    fmt = args.format
    if fmt is None and args.output is not None:
        fmt = {".json": "json", ".ttl": "turtle"}.get(args.output.suffix.lower(), "csv")
    if fmt is not None and args.output is None:
        _write_stdout(network.metrics_document(table, fmt, summary, args.date))
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

    dataset = _dataset(args)
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
    dataset = _dataset(args)
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

    graph = network.alliance_network(_dataset(args), as_of=args.as_of, lang=args.lang)
    groups = network.communities(graph, seed=args.seed, resolution=args.resolution)
    print(network.format_communities(graph, groups, args.resolution))
    return EXIT_OK


def cmd_map(args: argparse.Namespace) -> int:
    """Draw the alliances as a map: one offline HTML page (search, filters), or PNG/SVG."""
    from mes_graph import maps, network
    from mes_graph.actors import UnknownActor

    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower().lstrip(".") if args.output else ""
        fmt = suffix if suffix in maps.FIGURE_FORMATS else "html"
    if args.radius < 0:
        raise UsageError(f"argument --radius: must be 0 or more, not {args.radius}")
    if args.view == "ego" and not args.actor:
        raise UsageError("--view ego needs --actor")
    if args.view == "path" and not (args.actor and args.to):
        raise UsageError("--view path needs --actor and --to")
    if args.view in ("all", "communities") and (args.actor or args.to):
        raise UsageError(f"--view {args.view} takes no --actor nor --to (see --view ego, path)")
    dataset = _dataset(args)
    try:
        actor, to = (str(resolve_actor(dataset, a)) if a else None for a in (args.actor, args.to))
    except UnknownActor as err:
        raise UsageError(str(err)) from None
    graph = network.alliance_network(dataset, as_of=args.as_of, lang=args.lang)
    stamp = maps.data_stamp(dataset)
    try:
        data = maps.map_data(
            graph,
            view=args.view,
            actor=actor,
            to=to,
            radius=args.radius,
            size_by=args.size_by,
            kinds=args.kind,
            regions=args.region,
            sectors=args.sector,
            lang=args.lang,
            version=stamp["version"],
            date=args.date or stamp["date"],
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
    if fmt == "html":
        page: str | bytes = maps.render_page(data)
    else:
        page = maps.render_figure(data, fmt)
    path = maps.write_map(args.output or Path(f"map.{fmt}"), page)
    shown = f"{len(data['nodes'])} nodes, {len(data['edges'])} links"
    shown += ", aggregated" if data["aggregated"] else ""
    print(f"wrote {path} ({fmt}, {args.view} view: {shown})")
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

    try:
        params = sparql.parse_params(args.param)
        query = sparql.get_query(args.query)
        if args.endpoint and args.data:
            raise sparql.QueryError("--data adds to the local graph: it cannot go with --endpoint")
        result = sparql.execute(
            query,
            params,
            endpoint=args.endpoint,
            dataset=None if args.endpoint else _dataset(args),
            allow_service=args.allow_service,
            timeout=args.timeout,
        )
        data = sparql.render(result, args.format).encode("utf-8")
    except sparql.SparqlError as err:
        return sparql.fail(err)
    _emit(data, args.output, f"{args.format}, {len(result.rows)} rows")
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Load the graph into a remote store with SPARQL 1.1 Update, named graphs kept."""
    from mes_graph import sparql

    try:
        report = sparql.push(
            _dataset(args),
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
    """Serve the graph read-only over SPARQL on 127.0.0.1 (public profile), until Ctrl-C."""
    from mes_graph import sparql
    from mes_graph.serve import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"argument --port: choose a port from 0 to 65535, not {args.port}")
    try:
        return serve(
            _dataset(args),
            port=args.port,
            timeout_s=args.timeout_s,
            max_mb=args.max_mb,
            profile=args.profile,
        )
    except sparql.SparqlError as err:
        return sparql.fail(err)


def cmd_template(args: argparse.Namespace) -> int:
    """Write the spreadsheet templates: acteurs.csv, adhesions.csv, personnes.csv, modele.xlsx."""
    from mes_graph import spreadsheets

    for path in spreadsheets.write_template(args.output, _dataset(args)):
        print(f"écrit {path}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Import actors, memberships and people from spreadsheets (CSV, XLSX) as checked Turtle."""
    from mes_graph import spreadsheets
    from mes_graph.load import shipped_files

    output = args.output.resolve()
    context = [p for p in [*shipped_files(), *args.data] if Path(p).resolve() != output]
    result = spreadsheets.import_spreadsheets(
        args.files,
        _dataset(args, context, shipped=False),
        source=args.source,
        editeur=args.publisher,
        partiel=args.partial,
    )
    if not result.ecrire:
        print(spreadsheets.format_errors(result.erreurs))
        return EXIT_INVALID
    for error in result.erreurs:
        print(error)
    print(spreadsheets.summary(result, spreadsheets.write_import(result, args.output)))
    return EXIT_INVALID if result.erreurs else EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic ESS on the graph's contract, for scale tests and benchmarks."""
    from mes_graph.synth import write_synthetic

    if args.organisations < 1:
        raise UsageError("argument --organisations: give a number above 0")
    path = write_synthetic(args.output, args.organisations, args.seed)
    print(f"wrote {path} ({args.organisations} organisations, seed {args.seed})")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command, each with its help text."""
    parser = _Parser(
        prog="mes-graph",
        description="The knowledge graph of the social and solidarity economy around the "
        "Mouvement pour l'Économie Solidaire (MES): check it, query it, analyse it, map it "
        "and publish it.",
        epilog="Exit codes: 0 ok, 1 the graph breaks the shapes (path: no path), 2 bad input, "
        "3 a SPARQL endpoint or server failed.",
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
    sub.add_argument(
        "--format",
        required=True,
        choices=[*FORMATS, *NETWORK_FORMATS],
        help="an RDF syntax, or the alliance network as graphml, gexf or csv (a folder)",
    )
    _publication_options(sub, profile=True)
    sub.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="file to write (a folder for csv and the schemaorg profile); description.ttl "
        "and context.jsonld are written beside it",
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
    sub.add_argument(
        "--max-mb", type=int, default=64, metavar="MB", help="largest answer, in MiB (64)"
    )
    sub.add_argument(
        "--profile",
        choices=[p for p in PROFILES if p != "schemaorg"],
        default="public",
        help="what is served: public (default: a person's name, affiliations and roles "
        "only), full or essglobal",
    )
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
        "--endpoint",
        metavar="URL",
        help="analyse the graph of this SPARQL endpoint (read by pages) instead of the local one",
    )
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

    # --- map commands (mes_graph.maps): map ---
    sub = add("map", cmd_map)
    sub.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="file to write (default: map.FORMAT)"
    )
    sub.add_argument(
        "--view",
        choices=["all", "ego", "path", "communities"],  # maps.VIEWS
        default="all",
        help="all (default); ego: --actor and its neighbours; path: every shortest path from "
        "--actor to --to, in context; communities: coloured by Louvain community",
    )
    sub.add_argument("--actor", metavar="A", help="the ego, or the start of the path (IRI, "
                     "acronym or label)")  # fmt: skip
    sub.add_argument("--to", metavar="B", help="the end of the path")
    sub.add_argument("--radius", type=int, default=1, help="of the ego map (default 1)")
    sub.add_argument(
        "--size-by",
        default="betweenness",
        metavar="METRIC",
        choices=["betweenness", "degree", "degree_in", "degree_out", "pagerank", "closeness",
                 "eigenvector", "constraint", "effective_size", "core_number",
                 "clustering"],  # maps.SIZE_METRICS
        help="the metric sizing the nodes (default betweenness; also degree, pagerank, "
        "closeness, eigenvector, core_number...)",
    )  # fmt: skip
    for option, what in (("kind", "kind of actor"), ("region", "region"), ("sector", "sector")):
        sub.add_argument(
            f"--{option}",
            action="append",
            default=[],
            metavar=option.upper(),
            help=f"keep the actors of this {what}, by its label in --lang (repeatable)",
        )
    sub.add_argument(
        "--as-of",
        type=date.fromisoformat,
        metavar="DATE",
        help="keep the memberships valid on DATE (YYYY-MM-DD); undated ones are kept",
    )
    sub.add_argument(
        "--format", choices=["html", "png", "svg"], help="html (default, or from -o's suffix)"
    )
    sub.add_argument("--lang", choices=["fr", "en"], default="fr", help="language (default fr)")
    sub.add_argument(
        "--date",
        type=date.fromisoformat,
        metavar="DATE",
        help="the date in the header (default: the data's, else $SOURCE_DATE_EPOCH)",
    )
    _add_data(sub)

    # --- publication commands (issue 6): describe, site, diff ---
    sub = add("describe", cmd_describe)
    _publication_options(sub, profile=True)
    sub.add_argument(
        "--distribution",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a file to describe as a distribution: size, SHA-256, media type (repeatable)",
    )
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to a file")
    _add_data(sub)
    sub = add("site", cmd_site)
    sub.add_argument("-o", "--output", required=True, type=Path, metavar="FOLDER", help="folder")
    sub.add_argument(
        "--endpoint", metavar="URL", type=http_url, help="a SPARQL endpoint to name in the site"
    )
    _add_data(sub)
    sub = add("diff", cmd_diff)
    sub.add_argument("old", type=Path, metavar="OLD", help="the earlier release (an RDF file)")
    sub.add_argument("new", type=Path, metavar="NEW", help="the later release (an RDF file)")
    sub.add_argument(
        "--rdf", action="store_true", help="print the changeset as TriG: removed and added graphs"
    )
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to a file")

    # --- spreadsheet commands (mes_graph.spreadsheets): template, import ---
    sub = add("template", cmd_template)
    sub.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write into"
    )
    _add_data(sub)
    sub = add("import", cmd_import)
    sub.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="CSV files or XLSX workbooks"
    )
    sub.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("graph/imported.ttl"),
        metavar="PATH",
        help="the Turtle file to write (default graph/imported.ttl); it is left out of the "
        "graph the import is checked against, so that importing again replaces it",
    )
    sub.add_argument(
        "--source",
        metavar='"TITLE, DATE, URL"',
        help="the source of the rows whose source cell is empty (default: the file names, today)",
    )
    sub.add_argument("--publisher", metavar="NAME", help="who published that source (default: MES)")
    sub.add_argument(
        "--partial",
        action="store_true",
        help="write the valid rows, and the rejected ones beside each input as "
        "NAME.rejets.csv with a column giving the reason",
    )
    _add_data(sub)

    # --- the main job (mes_graph.build): build ---
    def cmd_build(args: argparse.Namespace) -> int:
        """Check, analyse, map and publish the graph into one folder, with a report to read."""
        from mes_graph import build

        out = sys.stderr if args.json else sys.stdout
        progress = None if args.quiet else build.progress_printer(out)
        try:
            summary = build.build(
                args.output, args.data, profile=args.profile, lang=args.lang, progress=progress
            )
        except build.InvalidGraph as err:
            print(format_report(err.violations), file=out)
            if args.json:
                print(build.summary_json(err.summary))
            return EXIT_INVALID
        except build.OutputError as err:
            raise UsageError(str(err)) from None
        if args.json:
            print(build.summary_json(summary))
        elif not args.quiet:
            build.print_summary(summary, sys.stdout)
        return EXIT_OK

    sub = add("build", cmd_build)
    sub.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("build"),
        metavar="FOLDER",
        help="the folder to (re)place (default build/); a failed build leaves it as it was",
    )
    sub.add_argument(
        "--profile",
        choices=list(PROFILES),
        default="public",
        help="what the exports, maps and report publish: public (default), full, essglobal, "
        "schemaorg (public RDF; exports/schemaorg.zip is always written)",
    )
    sub.add_argument(
        "--lang", choices=["fr", "en"], default="fr", help="language of the report and maps (fr)"
    )
    sub.add_argument("--quiet", action="store_true", help="print nothing but errors")
    sub.add_argument(
        "--json", action="store_true", help="print the summary as JSON (progress on stderr)"
    )
    sub.epilog = (
        "Writes report.html, report.md, carte*.html, carte.png, metrics.csv, metrics.ttl, "
        "exports/ and site/. Exit codes: 0 ok, 1 the graph breaks the shapes (the report is "
        "printed), 2 bad input; on 1 and 2 the previous folder is left as it was."
    )
    _add_data(sub)

    sub = add("synth", cmd_synth)
    sub.add_argument(
        "--organisations",
        type=int,
        required=True,
        metavar="N",
        help="member structures (networks, federations and people come on top)",
    )
    sub.add_argument("--seed", type=int, default=0, help="the same seed gives the same file")
    sub.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                     help="the Turtle file to write")  # fmt: skip

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit code."""
    try:
        args = build_parser().parse_args(argv)
        return args.func(args)
    except (UsageError, LoadError) as err:
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


if __name__ == "__main__":
    sys.exit(main())
