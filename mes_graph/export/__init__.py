"""Export the graph: standard RDF syntaxes, profiles, graph and table formats, atomically.

Takes the dataset ``load`` built; gives files. Triple syntaxes (Turtle, N-Triples,
RDF/XML, JSON-LD) carry the union of the named graphs; quad syntaxes (N-Quads, TriG)
keep one named graph per source. Oxigraph's serialisers write them from sorted
statements; JSON-LD is compacted here with the published context (``context()``), every
literal keeping its datatype or language. So outputs are byte-stable: the same graph
gives byte-identical files.

Profiles (``PROFILES``) choose what goes out: ``public`` (a person keeps name,
affiliations and roles, unless the data marks ``mes:publicationConsent true``), ``full``,
``essglobal`` (public plus the ESSGlobal view RIPESS partners read) and ``schemaorg``
(one schema.org JSON-LD document per organisation). ``graphml``, ``gexf`` and ``csv``
write the alliance network (``mes_graph.network``) with its metrics for Gephi, Kumu or a
spreadsheet.

Files are written in a stream (``write_rdf``, ``write_graphml``, ``write_gexf``,
``write_schemaorg_archive``): each file's size, SHA-256 and statements are counted as it
is written (``Written``), and the dataset's VoID counts (``Facts``) on the way, for the
description. From ``STREAM_FROM`` statements the RDF files come from the store's order,
not sorted (``dumps``).

The modules: ``syntaxes`` (RDF syntaxes), ``jsonld`` (the context and compaction),
``writing`` (files hashed as they are written), ``dumps`` (RDF files, streamed from the
store when large, and the VoID counts), ``profiles`` (what each profile publishes),
``schemaorg`` (one document per organisation), ``networks`` (GraphML, GEXF, CSV),
``release`` (date and version), ``render`` (one call: format, profile, path).
"""

from __future__ import annotations

from mes_graph.export.dumps import STREAM_FROM, Facts, Tally, facts_of, write_rdf
from mes_graph.export.jsonld import (
    JsonLdWriter,
    compact_iri,
    context,
    context_document,
    indented_json,
    jsonld_nodes,
    jsonld_value,
    to_jsonld,
    write_jsonld,
)
from mes_graph.export.networks import (
    EDGE_ATTRIBUTES,
    NETWORK_FORMATS,
    NODE_ATTRIBUTES,
    csv_tables,
    network_rows,
    network_tables,
    network_with_metrics,
    to_gexf,
    to_graphml,
    write_gexf,
    write_graphml,
)
from mes_graph.export.profiles import (
    ESSGLOBAL_GRAPH,
    PERSON_CLASSES,
    PERSON_PUBLIC,
    PROFILE,
    PROFILES,
    apply_profile,
    essglobal_view,
    has_consent,
    person_nodes,
    persons,
    private_statements,
)
from mes_graph.export.release import release_date, version
from mes_graph.export.render import export, render
from mes_graph.export.schemaorg import (
    interval_date,
    organisations,
    schemaorg_document,
    schemaorg_documents,
    schemaorg_names,
    schemaorg_script,
    slug,
    write_schemaorg_archive,
)
from mes_graph.export.syntaxes import (
    FORMATS,
    MEDIA_TYPES,
    PUBLISH_PREFIXES,
    serialize,
    serialize_formats,
)
from mes_graph.export.writing import HashingFile, Written, hashing, write_stream

__all__ = [
    "EDGE_ATTRIBUTES",
    "ESSGLOBAL_GRAPH",
    "FORMATS",
    "MEDIA_TYPES",
    "NETWORK_FORMATS",
    "NODE_ATTRIBUTES",
    "PERSON_CLASSES",
    "PERSON_PUBLIC",
    "PROFILE",
    "PROFILES",
    "PUBLISH_PREFIXES",
    "STREAM_FROM",
    "Facts",
    "HashingFile",
    "JsonLdWriter",
    "Tally",
    "Written",
    "apply_profile",
    "compact_iri",
    "context",
    "context_document",
    "csv_tables",
    "essglobal_view",
    "export",
    "facts_of",
    "has_consent",
    "hashing",
    "indented_json",
    "interval_date",
    "jsonld_nodes",
    "jsonld_value",
    "network_rows",
    "network_tables",
    "network_with_metrics",
    "organisations",
    "person_nodes",
    "persons",
    "private_statements",
    "release_date",
    "render",
    "schemaorg_document",
    "schemaorg_documents",
    "schemaorg_names",
    "schemaorg_script",
    "serialize",
    "serialize_formats",
    "slug",
    "to_gexf",
    "to_graphml",
    "to_jsonld",
    "version",
    "write_gexf",
    "write_graphml",
    "write_jsonld",
    "write_rdf",
    "write_schemaorg_archive",
    "write_stream",
]
