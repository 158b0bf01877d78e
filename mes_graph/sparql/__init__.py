"""Ask the graph questions in SPARQL: the query catalogue, one query contract on every engine.

Takes a query (the name of a catalogue query, a ``.rq`` file or SPARQL text), parameters
as a person types them, and either the dataset ``load`` built or the URL of a remote
SPARQL endpoint; gives a pandas ``DataFrame`` (or the raw ``Result``: rows of RDF terms,
a boolean, a graph) that is the same whichever engine answers, and CSV, TSV, JSON,
Markdown or terminal renderings that are byte-stable. Also pushes the dataset into a
remote store with SPARQL 1.1 Update, and runs an Oxigraph server (``OxigraphServer``, which
``mes_graph.server`` puts behind its web application).

Parameters are never pasted into query text. Each value becomes an RDF term, checked
against the type its query declares, and all of them are bound by one ``VALUES`` block
placed first in the outermost ``WHERE`` group, the same text on every engine. The block
is read back by a SPARQL parser before the query runs: a value can only ever be a term.

The modules, each a topic, in the order a query goes through them; every public name is
also here, as ``sparql.NAME``:

- ``errors``: ``SparqlError`` and its kinds, each reported as one line;
- ``queries``: the catalogue of ``queries/*.rq``, their headers (``Query``,
  ``Parameter``), and what ``mes-graph queries`` prints;
- ``terms``: RDF terms written in SPARQL and read back (``sparql_term``, ``values_block``);
- ``parameters``: a query's parameters as terms, checked against their declared types;
- ``binding``: the ``VALUES`` block placed in the query (``bind_query``), and what the
  parser reads of a query (``Shape``);
- ``service``: the ``SERVICE`` calls of a query, as either engine reads it;
- ``results``: the engines' answers as one ``Result``, and as a ``DataFrame``;
- ``formats``: a result as text (``render``);
- ``local``: a query run on a dataset of this process, Ctrl-C heard;
- ``transport``: deadlines, size caps, no redirect and no credential shown, for HTTP;
- ``remote``: a remote endpoint (``Endpoint``) and the statements fetched from it;
- ``contract``: the one query contract, ``execute`` and ``run_query``;
- ``update``: a dataset pushed into a store with SPARQL 1.1 Update (``push``);
- ``server``: a real Oxigraph server on loopback (``OxigraphServer``);
- ``watchdog``: what the server runs under, standard library only (imported on its own).

Examples
--------
>>> from mes_graph import sparql
>>> sparql.run_query("roles", {"org": "RIPESS Europe"})["roleLabel"].tolist()
['Membre du comité de coordination', 'Membre fondateur']
"""

from mes_graph.sparql.binding import Shape, bind_query, query_shape, top_level_groups
from mes_graph.sparql.contract import execute, run_query
from mes_graph.sparql.errors import (
    QueryError,
    RemoteError,
    ServerError,
    SparqlError,
    fail,
    one_line,
)
from mes_graph.sparql.formats import FORMATS, align, render
from mes_graph.sparql.local import interruptible, run_local, shipped_dataset
from mes_graph.sparql.parameters import ParamValue, bind_terms, to_term
from mes_graph.sparql.queries import (
    TYPES,
    Parameter,
    Query,
    catalogue,
    catalogue_dir,
    describe_query,
    format_catalogue,
    get_query,
    parse_header,
    parse_params,
    read_query,
)
from mes_graph.sparql.remote import (
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    PUSHED,
    USER_AGENT,
    Endpoint,
    fetch_statements,
    pushed_graphs,
    store_endpoint,
)
from mes_graph.sparql.results import (
    Result,
    ask_result,
    cell_value,
    graph_result,
    row_key,
    select_result,
    term_key,
    to_dataframe,
)
from mes_graph.sparql.server import WATCHDOG, OxigraphServer, free_port, oxigraph_executable
from mes_graph.sparql.service import check_service, service_calls, uses_service
from mes_graph.sparql.terms import (
    check_iri,
    escape_string,
    read_values,
    sparql_term,
    to_iri,
    values_block,
)
from mes_graph.sparql.transport import (
    MAX_ANSWER_BYTES,
    REDIRECTS,
    Deadline,
    TooLarge,
    opener,
    read_bounded,
    redact,
    redact_secrets,
    retry_delay,
)
from mes_graph.sparql.update import STAGING, PushReport, push, staging_graph, update_requests

__all__ = [
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "FORMATS",
    "MAX_ANSWER_BYTES",
    "PUSHED",
    "REDIRECTS",
    "STAGING",
    "TYPES",
    "USER_AGENT",
    "WATCHDOG",
    "Deadline",
    "Endpoint",
    "OxigraphServer",
    "ParamValue",
    "Parameter",
    "PushReport",
    "Query",
    "QueryError",
    "RemoteError",
    "Result",
    "ServerError",
    "Shape",
    "SparqlError",
    "TooLarge",
    "align",
    "ask_result",
    "bind_query",
    "bind_terms",
    "catalogue",
    "catalogue_dir",
    "cell_value",
    "check_iri",
    "check_service",
    "describe_query",
    "escape_string",
    "execute",
    "fail",
    "fetch_statements",
    "format_catalogue",
    "free_port",
    "get_query",
    "graph_result",
    "interruptible",
    "one_line",
    "opener",
    "oxigraph_executable",
    "parse_header",
    "parse_params",
    "push",
    "pushed_graphs",
    "query_shape",
    "read_bounded",
    "read_query",
    "read_values",
    "redact",
    "redact_secrets",
    "render",
    "retry_delay",
    "row_key",
    "run_local",
    "run_query",
    "select_result",
    "service_calls",
    "shipped_dataset",
    "sparql_term",
    "staging_graph",
    "store_endpoint",
    "term_key",
    "to_dataframe",
    "to_iri",
    "to_term",
    "top_level_groups",
    "update_requests",
    "uses_service",
    "values_block",
]
