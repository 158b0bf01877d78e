"""The argument parser of ``mes-graph``: every command, its options and its help text."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from mes_graph.cli.choices import FORMATS, NETWORK_FORMATS, PROFILES
from mes_graph.cli.commands import (
    cmd_analyze,
    cmd_build,
    cmd_communities,
    cmd_describe,
    cmd_diff,
    cmd_ego,
    cmd_export,
    cmd_import,
    cmd_map,
    cmd_path,
    cmd_push,
    cmd_queries,
    cmd_query,
    cmd_register,
    cmd_serve,
    cmd_site,
    cmd_stats,
    cmd_synth,
    cmd_template,
    cmd_validate,
)
from mes_graph.cli.common import (
    Parser,
    add_data,
    as_of_option,
    http_url,
    network_options,
    publication_options,
)

__all__ = ["build_parser"]


def graph_option(sub: argparse.ArgumentParser) -> None:
    """Add --graph: the graphs of a remote store to read (default: those push recorded)."""
    sub.add_argument(
        "--graph",
        action="append",
        metavar="IRI",
        help="with --endpoint: a graph of the store to read (repeatable); default: the graphs "
        "mes-graph push recorded there, else the store's default graph",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command, each with its help text."""
    parser = Parser(
        prog="mes-graph",
        description="The knowledge graph of the social and solidarity economy around the "
        "Mouvement pour l'Économie Solidaire (MES): check it, query it, analyse it, map it "
        "and publish it.",
        epilog="Exit codes: 0 ok, 1 the graph breaks the shapes (path: no path), 2 bad input, "
        "3 a SPARQL endpoint or server failed.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True

    def add(name: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        sub = commands.add_parser(name, help=doc, description=doc)
        sub.set_defaults(func=func)
        return sub

    add_data(add("validate", cmd_validate))
    add_data(add("stats", cmd_stats))
    sub = add("export", cmd_export)
    sub.add_argument(
        "--format",
        required=True,
        choices=[*FORMATS, *NETWORK_FORMATS, "gogocarto", "bulk"],
        help="an RDF syntax, the alliance network as graphml, gexf or csv (a folder), "
        "gogocarto: an elements.json a GoGoCarto map (Transiscope) takes as a source, or "
        "bulk: a folder of gzipped N-Quads for the bulk loaders of QLever, Virtuoso and "
        "Oxigraph, with their commands (CHARGEMENT.md)",
    )
    publication_options(sub, profile=True)
    sub.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="PATH",
        help="file to write (a folder for csv and the schemaorg profile); description.ttl "
        "and context.jsonld are written beside it",
    )
    add_data(sub)

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
        help="table for a terminal (default); csv, tsv, json (SPARQL 1.1 JSON results) are "
        "byte-stable; ntriples for CONSTRUCT",
    )
    sub.add_argument("--endpoint", metavar="URL", help="ask this SPARQL endpoint instead")
    graph_option(sub)
    sub.add_argument("--allow-service", action="store_true", help="let a local query use SERVICE")
    sub.add_argument(
        "--timeout", type=float, default=30.0, metavar="S", help="endpoint timeout (30 s)"
    )
    sub.add_argument("-o", "--output", type=Path, metavar="PATH", help="write to a file")
    sub.epilog = "Exit codes: 0 ok, 2 bad query or parameter, 3 the endpoint failed."
    add_data(sub)
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
    add_data(sub)
    sub = add("serve", cmd_serve)
    sub.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (127.0.0.1: this machine only; 0.0.0.0 publishes it)",
    )
    sub.add_argument("--port", type=int, default=7878, help="port (7878; 0: any)")
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
    add_data(sub)

    # --- network commands (mes_graph.network): analyze, path, ego, communities ---
    sub = add("analyze", cmd_analyze)
    sub.add_argument(
        "--endpoint",
        metavar="URL",
        help="analyse the graph of this SPARQL endpoint (read by pages) instead of the local one",
    )
    graph_option(sub)
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
    as_of_option(sub)
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
    add_data(sub)

    # --- publication commands (issue 6): describe, site, diff ---
    sub = add("describe", cmd_describe)
    publication_options(sub, profile=True)
    sub.add_argument(
        "--distribution",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a file to describe as a distribution: size, SHA-256, media type (repeatable)",
    )
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to a file")
    add_data(sub)
    sub = add("site", cmd_site)
    sub.add_argument("-o", "--output", required=True, type=Path, metavar="FOLDER", help="folder")
    sub.add_argument(
        "--endpoint", metavar="URL", type=http_url, help="a SPARQL endpoint to name in the site"
    )
    add_data(sub)
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
    add_data(sub)
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
    add_data(sub)

    # --- the main job (mes_graph.build): build ---
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
    add_data(sub)

    # --- open registers (mes_graph.registers): register ---
    sub = add("register", cmd_register)
    sub.add_argument(
        "register",
        choices=["sirene", "rna", "ess-france", "gogocarto", "reconcile"],
        help="sirene: StockUniteLegale; rna: the waldec export; ess-france: the list of ESS "
        "enterprises; gogocarto: a map's elements.json (Transiscope); reconcile: link the "
        "units of imported registers (Turtle files) with each other and with the graph's actors",
    )
    sub.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="the register's file (.csv, .zip, .parquet, .json); for reconcile, Turtle files",
    )
    written = sub.add_mutually_exclusive_group()
    written.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the Turtle file to write (default registres/REGISTER.ttl); read it with --data",
    )
    written.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="an Oxigraph store folder: the register's named graph there is replaced",
    )
    sub.add_argument(
        "--etablissements",
        type=Path,
        metavar="FILE",
        help="sirene: StockEtablissement, for the head office's address and commune",
    )
    sub.add_argument(
        "--ess-france", type=Path, metavar="FILE", help="sirene: ESS France's list, kept too"
    )
    sub.add_argument(
        "--categories",
        type=lambda text: tuple(c.strip() for c in text.split(",") if c.strip()),
        default=(),
        metavar="92,93",
        help="sirene: keep these legal categories (codes or prefixes) as ESS too",
    )
    sub.add_argument(
        "--closed",
        action="store_true",
        help="keep ceased units and dissolved associations, with their closing date",
    )
    sub.add_argument(
        "--vintage",
        type=lambda text: date.fromisoformat(text).isoformat(),
        metavar="YYYY-MM-DD",
        help="the date of the register's file, stated on its source",
    )
    sub.add_argument(
        "--map", default="transiscope", help="gogocarto: the map's name in its IRIs (transiscope)"
    )
    sub.add_argument(
        "--review",
        type=Path,
        metavar="FILE.xlsx|.csv",
        help="reconcile: write the candidates below the threshold, to review",
    )
    sub.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE.xlsx|.csv",
        help="reconcile: a filled-in review table, read back as decisions",
    )
    sub.add_argument("--reviewer", metavar="NAME", help="reconcile: who made the decisions")
    sub.add_argument("--quiet", action="store_true", help="print nothing but errors")

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
                     help="the file to write: Turtle, or TriG if it ends in .trig")  # fmt: skip

    return parser
