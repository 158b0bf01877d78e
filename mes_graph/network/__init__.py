"""Network analysis of the alliances: RDF → NetworkX projection, metrics, communities, paths.

Takes the dataset ``load`` built (any rdflib ``Graph`` or ``Dataset``); gives a NetworkX
``MultiDiGraph`` of the actors and their links, the metrics of every actor (as a pandas
table, CSV, JSON), the summary of the network, Louvain communities, every shortest path
between two actors with the relation at each step, ego maps, and the metrics back as RDF
in their own named graph (vocabulary: ``ontology/metrics.ttl``).

Everything is a function of the graph, in one module per topic, each re-exported here
(``network.alliance_network``, ``network.metrics_table``…):

- ``projection``: RDF → the multigraph of actors and links (``alliance_network``; its
  rules are in that module's docstring), and the tiny alliance of the examples;
- ``views``: the ties (undirected, weighted) the metrics run on, the directed links, and
  ``kept``, what is computed once per graph;
- ``backends``: NetworkX or igraph, exact values or estimates, the decimals kept;
- ``centrality``: degrees, betweenness, PageRank, closeness, eigenvector, Burt's
  constraint and effective size, k-cores, clustering;
- ``community``: Louvain communities, modularity, co-membership;
- ``connectivity``: articulation points, bridges, what their loss separates;
- ``overview``: diameter, assortativity, the summary of the whole network;
- ``paths``: an actor by name, shortest paths, ego networks;
- ``tables``: the metrics of every actor as a table, CSV, JSON;
- ``rdf``: the metrics as RDF (observations, the analysis as PROV), the top brokers query;
- ``documents``: the metrics as a file in one of ``FORMATS``;
- ``text``: paths, ego maps, tables, communities and the summary as text.

Metrics run on ``ties``, the undirected view: one tie per pair of actors, ``weight`` = the
number of links between them. Betweenness, closeness and paths count hops; PageRank (on
the directed links), eigenvector, Burt's constraint and effective size use the weights.

Examples
--------
>>> from mes_graph import network
>>> G = network.alliance_network(network.tiny_alliance())
>>> network.summary(G)["nodes"], network.brokers(G, 1)[0][0].rsplit("/")[-1]
(6, 'mes')

The thresholds of the backends (``IGRAPH_FROM``, ``SAMPLE_FROM``, ``SAMPLE_SIZE``,
``SWEEPS``) are read in ``backends`` only, and set there.
"""

from __future__ import annotations

from mes_graph.base.terms import MES
from mes_graph.network import backends
from mes_graph.network.backends import DIGITS, approximations
from mes_graph.network.centrality import (
    betweenness,
    brokers,
    closeness,
    clustering,
    constraint,
    core_number,
    degree,
    effective_size,
    eigenvector,
    in_degree,
    out_degree,
    pagerank,
)
from mes_graph.network.community import co_membership, communities, modularity
from mes_graph.network.connectivity import (
    Separation,
    bridges,
    cut_points,
    separated_by,
    separations,
)
from mes_graph.network.documents import FORMATS, metrics_document
from mes_graph.network.overview import assortativity, diameter, summary
from mes_graph.network.paths import ego, find_actor, induced, shortest_paths
from mes_graph.network.projection import (
    DIRECT_LINKS,
    PROJECTION_PREDICATES,
    RESEARCH_CLASSES,
    ROLE_AFFILIATED,
    ROLE_MEMBER,
    TINY_ALLIANCE,
    alliance_network,
    as_of_date,
    memberships,
    tiny_alliance,
    valid_on,
)
from mes_graph.network.rdf import (
    METRICS_GRAPH,
    SOSA,
    TOP_BROKERS_QUERY,
    add_metrics,
    metrics_graph,
    metrics_turtle,
    metrics_turtle_stream,
)
from mes_graph.network.tables import (
    ATTRIBUTES,
    FLOAT_METRICS,
    METRICS,
    metrics_table,
    table_csv,
    table_json,
)
from mes_graph.network.text import (
    DEFAULT_ROLES,
    PHRASES,
    TEXT_COLUMNS,
    format_communities,
    format_ego,
    format_path,
    format_summary,
    format_table,
)
from mes_graph.network.views import kept, ties

__all__ = [
    "ATTRIBUTES",
    "DEFAULT_ROLES",
    "DIGITS",
    "DIRECT_LINKS",
    "FLOAT_METRICS",
    "FORMATS",
    "MES",
    "METRICS",
    "METRICS_GRAPH",
    "PHRASES",
    "PROJECTION_PREDICATES",
    "RESEARCH_CLASSES",
    "ROLE_AFFILIATED",
    "ROLE_MEMBER",
    "SOSA",
    "TEXT_COLUMNS",
    "TINY_ALLIANCE",
    "TOP_BROKERS_QUERY",
    "Separation",
    "add_metrics",
    "alliance_network",
    "approximations",
    "as_of_date",
    "assortativity",
    "backends",
    "betweenness",
    "bridges",
    "brokers",
    "closeness",
    "clustering",
    "co_membership",
    "communities",
    "constraint",
    "core_number",
    "cut_points",
    "degree",
    "diameter",
    "effective_size",
    "ego",
    "eigenvector",
    "find_actor",
    "format_communities",
    "format_ego",
    "format_path",
    "format_summary",
    "format_table",
    "in_degree",
    "induced",
    "kept",
    "memberships",
    "metrics_document",
    "metrics_graph",
    "metrics_table",
    "metrics_turtle",
    "metrics_turtle_stream",
    "modularity",
    "out_degree",
    "pagerank",
    "separated_by",
    "separations",
    "shortest_paths",
    "summary",
    "table_csv",
    "table_json",
    "ties",
    "tiny_alliance",
    "valid_on",
]
