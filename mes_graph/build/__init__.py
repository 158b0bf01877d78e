"""The main job: check, analyse, draw and publish the graph into one folder, with a report.

Takes the Turtle files to add to the embedded graph (``data``), an export profile and a
language; gives a folder (``build/`` by default) and a ``Summary`` of what was done
(counts, time per stage, where each output is). ``build`` runs the stages in order, each
reusing what the previous one produced: the graph is parsed once, projected once, and its
metrics computed once for the maps, the report, the metrics files and the exports.

========== =================================================================================
stage      what it does (and writes)
========== =================================================================================
load       ``load.load``: the embedded graph plus ``data``, one named graph per source
validate   ``validate.validate``: the SHACL shapes of the contract; a violation stops the
           build (``InvalidGraph``) before anything is written
analyze    ``network``: the projection of the profiled graph, the metrics of every actor,
           the summary (``metrics.csv``, ``metrics.ttl``)
maps       ``maps``: ``carte.html`` (every actor), ``carte-communautes.html``,
           ``carte-ego.html`` (the first broker and its ties), ``carte-chemin.html`` (the
           longest shortest path), ``carte.png``
exports    ``export``: ``exports/mes-graph.{ttl,nt,nq,trig,jsonld,rdf}`` in the profile,
           ``exports/mes-graph.graphml`` and ``.gexf``, ``exports/csv/``,
           ``exports/schemaorg.zip`` (one schema.org JSON-LD per organisation)
description ``describe``: ``exports/description.ttl`` (DCAT and VoID, one distribution per
           file of ``exports/``) and ``exports/context.jsonld``
site       ``site.build_site``: ``site/``, the static linked-data site (from
           ``SITE_ALONGSIDE_FROM`` actors, built in a second process from the moment the
           metrics are known, while the summary, the maps, the exports and the
           description are written; ego maps capped at ``site.EGO_MAPS``)
report     ``report``: ``report.html`` and ``report.md``
========== =================================================================================

The folder is built in a temporary folder beside the output, then swapped in: a build
that fails (bad Turtle, a violation, any error) leaves the previous output as it was. A
folder that holds other files and no ``.mes-graph-build`` marker is never replaced
(``OutputError``). Every file is the same bytes for the same input: dates come from the
data (the ontology's ``dcterms:modified``) or ``$SOURCE_DATE_EPOCH``, never the clock.

The modules: ``run`` (the main job), ``stages`` (what each stage writes), ``outputs`` (the
folder, filled beside and swapped in), ``alongside`` (the shapes checked and the site
built in a second process), ``summary`` (what is told).
"""

from __future__ import annotations

from mes_graph.build.alongside import SITE_ALONGSIDE_FROM, SiteJob, room_for_two, start_site
from mes_graph.build.outputs import MARKER, MARKER_TEXT, OutputError, check_output
from mes_graph.build.run import InvalidGraph, build
from mes_graph.build.stages import (
    LAYOUT,
    RDF_NAME,
    SCHEMAORG_ARCHIVE,
    Analysis,
    WrittenExports,
    analyze,
    describe_exports,
    export_files,
    layout,
    map_pages,
    path_ends,
    rdf_profile,
    write_exports,
)
from mes_graph.build.summary import (
    STAGES,
    Progress,
    StageResult,
    Summary,
    format_summary,
    print_summary,
    progress_printer,
    summary_json,
    summary_rows,
)

__all__ = [
    "LAYOUT",
    "MARKER",
    "MARKER_TEXT",
    "RDF_NAME",
    "SCHEMAORG_ARCHIVE",
    "SITE_ALONGSIDE_FROM",
    "STAGES",
    "Analysis",
    "InvalidGraph",
    "OutputError",
    "Progress",
    "SiteJob",
    "StageResult",
    "Summary",
    "WrittenExports",
    "analyze",
    "build",
    "check_output",
    "describe_exports",
    "export_files",
    "format_summary",
    "layout",
    "map_pages",
    "path_ends",
    "print_summary",
    "progress_printer",
    "rdf_profile",
    "room_for_two",
    "start_site",
    "summary_json",
    "summary_rows",
    "write_exports",
]
