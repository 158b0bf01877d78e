"""One query contract on every engine: a query and its parameters in, the same answer out.

Takes a query (the name of a catalogue query, a ``.rq`` file or SPARQL text), parameters
as a person types them, and either a dataset of this process or the URL of a remote
SPARQL endpoint; gives the raw ``Result`` (``execute``) or a pandas ``DataFrame``
(``run_query``) that is the same whichever engine answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph

from mes_graph.sparql.binding import bind_query, query_shape
from mes_graph.sparql.errors import RemoteError
from mes_graph.sparql.local import run_local, shipped_dataset
from mes_graph.sparql.parameters import ParamValue, bind_terms
from mes_graph.sparql.queries import Query, get_query
from mes_graph.sparql.remote import Endpoint
from mes_graph.sparql.results import Result, to_dataframe
from mes_graph.sparql.service import check_service
from mes_graph.sparql.transport import redact

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["execute", "run_query"]


def execute(
    query: str | Path | Query,
    params: Mapping[str, ParamValue] | None = None,
    endpoint: str | Endpoint | None = None,
    dataset: Dataset | None = None,
    *,
    allow_service: bool = False,
    timeout: float = 30.0,
) -> Result:
    """Run a query with its parameters, locally or on an endpoint; the raw ``Result``.

    Parameters
    ----------
    query : str, Path or Query
        A catalogue name, a ``.rq`` file or SPARQL text.
    params : mapping, optional
        Parameter name to value (a string as typed, an int, a date or an rdflib term).
    endpoint : str or Endpoint, optional
        A remote SPARQL endpoint; without it the query runs on ``dataset``. A URL reads
        the store's default graph; ``store_endpoint(url)`` reads the graphs ``push``
        recorded there, whatever the store's default graph (what the commands do).
    dataset : rdflib.Dataset, optional
        The local graph; the embedded one when not given.
    allow_service : bool
        Let a local query call other endpoints with ``SERVICE``.
    timeout : float
        Client timeout in seconds for a remote endpoint given as a URL.

    Returns
    -------
    Result
        For ASK, ``result.boolean``; for CONSTRUCT and DESCRIBE, ``result.graph``.

    Raises
    ------
    QueryError
        Unknown query, bad parameter, refused or failing query.
    RemoteError
        The endpoint fails.

    Examples
    --------
    >>> execute("is-member", {"member": "ARDES", "org": "RIPESS Europe"}).boolean
    True
    >>> len(execute("ego-network", {"actor": "RIPESS Europe"}).graph)
    5
    """
    spec = get_query(query)
    if endpoint is None:  # before rdflib parses it: it may read the text otherwise
        check_service(spec.body, allow_service)
    shape = query_shape(spec.body, spec.name)
    if endpoint is None:
        local = dataset if dataset is not None else shipped_dataset()
        text = bind_query(spec, bind_terms(spec, params, lambda: local))
        return run_local(text, local, allow_service=allow_service, shape=shape)
    remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint, timeout=timeout)

    def names() -> Graph:
        found = remote.names()
        if not len(found):  # say where the data is not, rather than "no actor named …"
            raise RemoteError(
                f"{redact(remote.url)}: no actor in "
                + (
                    f"the graphs {', '.join(remote.graphs)}"
                    if remote.graphs
                    else "the store's default graph, and no graph recorded by mes-graph push"
                )
                + ": push the graph there, or name the graphs that hold it (--graph)"
            )
        return found

    text = bind_query(spec, bind_terms(spec, params, names))
    return remote.query(text, shape=shape)


def run_query(
    query: str | Path | Query,
    params: Mapping[str, ParamValue] | None = None,
    endpoint: str | Endpoint | None = None,
    dataset: Dataset | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run a query and give its answer as a pandas DataFrame, the same on every engine.

    Parameters
    ----------
    query : str, Path or Query
        A catalogue name (``mes-graph queries`` lists them), a ``.rq`` file or SPARQL text.
    params : mapping, optional
        Parameter name to value; an actor parameter takes an IRI, an acronym or a label.
    endpoint : str or Endpoint, optional
        A remote SPARQL endpoint; without it, the local graph answers.
    dataset : rdflib.Dataset, optional
        The local graph; the embedded one when not given.
    **options
        ``allow_service``, ``timeout``: see ``execute``.

    Returns
    -------
    pandas.DataFrame
        One column per projected variable, in the query's order (rows sorted when the
        query has no ORDER BY). ASK gives one column ``boolean``; CONSTRUCT and DESCRIBE
        give ``subject``, ``predicate``, ``object``. ``execute`` gives the raw result.

    Examples
    --------
    >>> len(run_query("members"))
    18
    >>> run_query("roles", {"org": "RIPESS Europe"})["roleLabel"].tolist()
    ['Membre du comité de coordination', 'Membre fondateur']
    """
    return to_dataframe(execute(query, params, endpoint, dataset, **options))
