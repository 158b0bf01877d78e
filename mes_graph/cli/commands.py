"""One function per command: read its arguments, call the stages, print or write what they give.

Each ``cmd_NAME`` takes the parsed arguments of ``mes-graph NAME`` and returns its exit
code; its docstring is the command's help. The stages are imported inside the function
that needs them, so that ``mes-graph --help`` loads none of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mes_graph.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    dataset_of,
    emit,
    write_stdout,
)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the graph against the SHACL shapes of the vocabulary contract."""
    from mes_graph.validate import format_report, validate

    violations = validate(dataset_of(args))
    print(format_report(violations))
    return EXIT_INVALID if violations else EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    """Print counts per class, memberships, sources and languages."""
    from mes_graph.stats import format_stats, stats

    print(format_stats(stats(dataset_of(args))))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the graph in an RDF syntax, as a network or tables, with its description."""
    from mes_graph import describe as dsc
    from mes_graph.base.files import files_of, write_atomic
    from mes_graph.export import context_document, export

    if args.format == "gogocarto":  # a map's source, not an RDF distribution
        from mes_graph.registers.gogocarto import elements_json

        write_atomic(args.output, elements_json(dataset_of(args)))
        return EXIT_OK
    if args.format == "bulk":  # for another server's loader, in the profile asked for
        from mes_graph.export import apply_profile
        from mes_graph.export.bulk import write_bulk

        written = write_bulk(apply_profile(dataset_of(args), args.profile), args.output)
        print(f"wrote {len(written) - 1} files into {args.output} and {written[-1].name}")
        return EXIT_OK
    if args.profile == "schemaorg" and args.format != "jsonld":
        raise UsageError("argument --profile: schemaorg is written with --format jsonld")
    if args.output.name in (dsc.DESCRIPTION_FILE, "context.jsonld"):
        raise UsageError(f"argument -o: {args.output.name} is the name of the description")
    dataset = dataset_of(args)
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
    from mes_graph.load import unreadable
    from mes_graph.validate import format_report

    dists = []
    for path in args.distribution:
        problem = unreadable(path)
        if problem:
            raise UsageError(f"{path}: {problem}")
        dists.append(dsc.distribution(path, Path.cwd(), args.profile))
    description = dsc.describe(
        dataset_of(args),
        dists,
        profile=args.profile,
        endpoint=args.endpoint,
        base_url=args.base_url,
    )
    data = dsc.description_turtle(description)
    emit(data, args.output, "DCAT and VoID")
    violations = dsc.check_description(description)
    if violations:
        print(format_report(violations), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Build the static linked-data site: a page per actor, concept and source, and more."""
    from mes_graph import site

    path = site.build_site(dataset_of(args), args.output, endpoint=args.endpoint)
    print(f"wrote {path} ({len(site.files_of_site(path))} files)")
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """List what changed between two releases: actors, memberships, labels (or --rdf)."""
    from mes_graph import diff

    old, new = diff.read_release(args.old), diff.read_release(args.new)
    changes = diff.diff(old, new)
    data = diff.changeset(old, new) if args.rdf else diff.format_changes(changes).encode()
    emit(data, args.output)
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the network metrics of every actor, sorted by betweenness, and a summary."""
    from mes_graph import network
    from mes_graph.base.files import write_atomic

    if args.endpoint:
        from mes_graph import sparql

        try:
            remote = sparql.store_endpoint(args.endpoint, args.graph)
            source = sparql.fetch_statements(remote, network.PROJECTION_PREDICATES)
            if not len(source):
                where = ", ".join(remote.graphs) or "the store's default graph"
                raise sparql.RemoteError(
                    f"{sparql.redact(args.endpoint)}: nothing to analyse in {where}: push the "
                    "graph there, or name the graphs that hold it (--graph)"
                )
        except sparql.SparqlError as err:
            return sparql.fail(err)
    else:
        source = dataset_of(args)
    graph = network.alliance_network(source, as_of=args.as_of, lang=args.lang)
    table = network.metrics_table(graph, seed=args.seed, resolution=args.resolution)
    summary = network.summary(graph, seed=args.seed, resolution=args.resolution)
    fmt = args.format
    if fmt is None and args.output is not None:
        fmt = {".json": "json", ".ttl": "turtle"}.get(args.output.suffix.lower(), "csv")
    if fmt is not None and args.output is None:
        write_stdout(network.metrics_document(table, fmt, summary, args.date))
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
    from mes_graph.actors import UnknownActor, resolve_actor

    dataset = dataset_of(args)
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
    from mes_graph.actors import UnknownActor, resolve_actor

    if args.radius < 0:
        raise UsageError(f"argument --radius: must be 0 or more, not {args.radius}")
    dataset = dataset_of(args)
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

    graph = network.alliance_network(dataset_of(args), as_of=args.as_of, lang=args.lang)
    groups = network.communities(graph, seed=args.seed, resolution=args.resolution)
    print(network.format_communities(graph, groups, args.resolution))
    return EXIT_OK


def cmd_map(args: argparse.Namespace) -> int:
    """Draw the alliances as a map: one offline HTML page (search, filters), or PNG/SVG."""
    from mes_graph import maps, network
    from mes_graph.actors import UnknownActor, resolve_actor

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
    dataset = dataset_of(args)
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
        remote = None
        if args.endpoint:
            if args.data:
                raise sparql.QueryError(
                    "--data adds to the local graph: it cannot go with --endpoint"
                )
            remote = sparql.store_endpoint(args.endpoint, args.graph, timeout=args.timeout)
        elif args.graph:
            raise sparql.QueryError("--graph names graphs of a remote store: give --endpoint")
        result = sparql.execute(
            query,
            params,
            endpoint=remote,
            dataset=None if remote else dataset_of(args),
            allow_service=args.allow_service,
            timeout=args.timeout,
        )
        data = sparql.render(result, args.format).encode("utf-8")
    except sparql.SparqlError as err:
        return sparql.fail(err)
    emit(data, args.output, f"{args.format}, {len(result.rows)} rows")
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Load the graph into a remote store with SPARQL 1.1 Update, named graphs kept."""
    from mes_graph import sparql

    try:
        report = sparql.push(
            dataset_of(args),
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
    """Serve the graph read-only: every IRI in HTML and RDF, SPARQL, search, maps (Ctrl-C)."""
    from mes_graph import sparql
    from mes_graph.server import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"argument --port: choose a port from 0 to 65535, not {args.port}")
    try:
        return serve(
            dataset_of(args),
            host=args.host,
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

    for path in spreadsheets.write_template(args.output, dataset_of(args)):
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
        dataset_of(args, context, shipped=False),
        source=args.source,
        publisher=args.publisher,
        partial=args.partial,
    )
    if not result.writable:
        print(spreadsheets.format_errors(result.mistakes))
        return EXIT_INVALID
    for error in result.mistakes:
        print(error)
    print(spreadsheets.summary(result, spreadsheets.write_import(result, args.output)))
    return EXIT_INVALID if result.mistakes else EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic ESS on the graph's contract, for scale tests and benchmarks."""
    from mes_graph.synth import write_synthetic

    if args.organisations < 1:
        raise UsageError("argument --organisations: give a number above 0")
    path = write_synthetic(args.output, args.organisations, args.seed)
    print(f"wrote {path} ({args.organisations} organisations, seed {args.seed})")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Check, analyse, map and publish the graph into one folder, with a report to read."""
    from mes_graph import build
    from mes_graph.validate import format_report

    out = sys.stderr if args.json else sys.stdout
    progress = None if args.quiet else build.progress_printer(out)
    try:
        if args.engine != "oxigraph" and args.store is not None:
            raise UsageError("argument --store: needs --engine oxigraph")
        summary = build.build(
            args.output,
            args.data,
            profile=args.profile,
            lang=args.lang,
            store=args.store,
            progress=progress,
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


def _register_progress(quiet: bool):
    """Rows read and kept, on stderr: a live line on a terminal, a line every 5 s else."""
    import time

    if quiet:
        return None, lambda: None
    if sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                       transient=True)  # fmt: skip
        task = bar.add_task("lecture…")
        bar.start()

        def live(tally) -> None:
            text = f"{tally.rows:,} lignes lues, {tally.kept:,} gardées".replace(",", "\u202f")
            bar.update(task, description=text)

        return live, bar.stop
    last = [time.monotonic()]

    def lines(tally) -> None:
        if time.monotonic() - last[0] >= 5:
            last[0] = time.monotonic()
            print(f"{tally.rows} lignes lues, {tally.kept} gardées", file=sys.stderr)

    return lines, lambda: None


def cmd_register(args: argparse.Namespace) -> int:
    """Import an open register (SIRENE, RNA, ESS France's list, a GoGoCarto map) as Turtle."""
    from mes_graph import registers

    if args.register == "reconcile":
        return _reconcile(args)
    if len(args.files) > 1:
        raise UsageError(f"register {args.register}: give one file ({len(args.files)} given)")
    args.file = args.files[0]
    tally = registers.Tally()
    vintage = args.vintage or ""
    progress, stop = _register_progress(args.quiet)
    if args.register == "sirene":
        france = registers.ess_france_sirens(args.ess_france) if args.ess_france else ()
        extract = registers.read_sirene(
            args.file,
            establishments=args.etablissements,
            ess_france=france,
            legal_categories=[c for c in args.categories.split(",") if c]
            if args.categories
            else (),
            closed=args.closed,
            vintage=vintage,
            tally=tally,
            progress=progress,
        )
    elif args.register == "rna":
        extract = registers.read_rna(
            args.file,
            closed=args.closed,
            vintage=vintage,
            tally=tally,
            progress=progress,
        )
    elif args.register == "ess-france":
        extract = registers.read_ess_france(
            args.file, vintage=vintage, tally=tally, progress=progress
        )
    else:
        from mes_graph.registers.gogocarto import read_gogocarto

        try:
            extract = read_gogocarto(args.file, map_name=args.map)
        except ValueError as err:  # a map name that cannot be part of an IRI
            raise UsageError(f"argument --map: {err}") from None
    try:
        if args.store is not None:
            counts = _register_into_store(extract, args.store)
            where = f"le graphe <{extract.source}> du store {args.store}"
        else:
            output = args.output or Path("registres") / f"{args.register}.ttl"
            counts = registers.write_turtle(extract, output)
            where = str(output)
    finally:
        stop()
    tally.rows = tally.rows or counts.units  # a JSON map is read whole, not by rows
    if not args.quiet:
        print(registers.summary(args.register, tally, counts.units, counts.statements, where))
    return EXIT_OK


def _reconcile(args: argparse.Namespace) -> int:
    """``register reconcile``: links between the units of the files and the graph's actors."""
    import os
    from collections import Counter
    from datetime import UTC, datetime

    from mes_graph.load import load
    from mes_graph.registers import reconcile, review, write_turtle

    decisions = review.read_review(args.decisions, reviewer=args.reviewer) if args.decisions else []
    dataset = load(args.files)
    result = reconcile.reconcile(review.records(dataset), decisions=decisions)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    when = when.replace(microsecond=0)
    output = args.output or Path("registres") / "rapprochements.ttl"
    extracts = [review.links_extract(result, activity_iri=review.run_iri(when), when=when)]
    if decisions:
        extracts.append(review.decision_statements(decisions))
    if args.store is not None:  # each in its own named graph of the store, replaced
        written, *_ = [_register_into_store(extract, args.store) for extract in extracts]
        output = f"le store {args.store}"
    else:
        written = write_turtle(extracts[0], output)
        if decisions:
            write_turtle(extracts[1], output.with_name("revue-rapprochements.ttl"))
    if args.review:
        review.write_review(result.candidates, args.review)
    if not args.quiet:
        n = lambda count: f"{count:,}".replace(",", "\u202f")  # noqa: E731 - French digits
        methods = Counter(link.method for link in result.links)
        by_method = ", ".join(f"{n(count)} par {m}" for m, count in sorted(methods.items()))
        print(
            f"reconcile : {n(len(result.records))} unités comparées, {n(len(result.links))} "
            f"liens ({by_method or 'aucun'}), {n(len(result.candidates))} candidats à revoir"
            + (f" dans {args.review}" if args.review else "")
            + f", {n(len(result.refused))} refusés (deux SIREN ou RNA différents) ; "
            f"{n(written.statements)} triplets écrits dans {output}."
        )
    return EXIT_OK


def _register_into_store(extract, folder: Path):
    """Replace the register's graph in a store folder; the code lists it requires go along."""
    from mes_graph import registers
    from mes_graph.base.terms import DCTERMS
    from mes_graph.engine import oxigraph_of
    from mes_graph.load import load, required_file

    required = [required_file(o) for _, p, o in extract.header if p == DCTERMS.requires]
    dataset = load([path for path in required if path is not None], store=folder)
    try:
        return registers.write_store(extract, oxigraph_of(dataset))
    finally:
        dataset.close()  # Oxigraph's lock on the folder goes with it
