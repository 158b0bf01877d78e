"""Run a query on a dataset of this process, on its own engine, and let Ctrl-C stop it.

Takes SPARQL text whose parameters are bound and a dataset whose default graph is the
union of its named graphs (what ``load`` builds, on Oxigraph or in rdflib's memory);
gives a ``Result``. ``SERVICE`` is refused unless allowed, and ``FROM`` may only name the
dataset's own graphs. The query runs in a worker thread (``interruptible``), so that
Ctrl-C is seen at once, even while Oxigraph evaluates without returning to Python.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from rdflib import Dataset, Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from mes_graph import engine
from mes_graph.load import load
from mes_graph.sparql.binding import Shape, query_shape
from mes_graph.sparql.errors import QueryError, RemoteError, SparqlError, one_line
from mes_graph.sparql.results import Result, ask_result, graph_result, select_result
from mes_graph.sparql.service import check_service, service_calls

__all__ = ["interruptible", "run_local", "shipped_dataset"]


@cache
def shipped_dataset() -> Dataset:
    """The embedded graph, loaded once per process for queries that name no dataset."""
    return load()


def run_local(
    text: str, dataset: Dataset, *, allow_service: bool = False, shape: Shape | None = None
) -> Result:
    """Run SPARQL text on a dataset whose default graph is the union of its named graphs.

    Parameters
    ----------
    text : str
        A SPARQL query, parameters already bound.
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    allow_service : bool
        Let ``SERVICE`` reach other endpoints (refused by default).
    shape : Shape, optional
        The query's shape when already known (binding does not change it).

    Returns
    -------
    Result

    Raises
    ------
    QueryError
        The query does not parse, uses ``SERVICE`` without leave, names a graph in
        ``FROM`` that the dataset lacks, or fails.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> run_local("ASK { GRAPH ?g { ?s ?p ?o } }", load()).boolean
    True
    """
    shape = shape or query_shape(text)
    check_service(text, allow_service)
    if shape.dataset_clause:  # FROM must not make rdflib fetch a graph from elsewhere
        try:
            algebra = translateQuery(parseQuery(text)).algebra
        except Exception as err:
            raise QueryError(f"query cannot run: {one_line(err)}") from None
        known = {graph.identifier for graph in dataset.graphs()}
        for clause in algebra.get("datasetClause") or ():
            named = dict.get(clause, "named")  # CompValue.get gives the key when absent
            iri = named if named is not None else dict.get(clause, "default")
            if iri not in known:
                keyword = "FROM NAMED" if named is not None else "FROM"
                raise QueryError(f"{keyword} <{iri}>: the local dataset has no such graph")

    def evaluate() -> Result:
        answer = engine.query(dataset, text, own_default_graph=shape.dataset_clause)
        if shape.form == "ASK":
            return ask_result(bool(answer.askAnswer), text)
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            graph = Graph()
            for triple in answer.graph or ():
                graph.add(triple)
            return graph_result(graph, shape.form, text)
        variables = list(shape.projection or sorted(str(v) for v in answer.vars or ()))
        rows = [{str(k): v for k, v in row.asdict().items()} for row in answer]
        return select_result(variables, rows, shape.ordered, text)

    try:
        return interruptible(evaluate)
    except (KeyboardInterrupt, SparqlError):
        raise
    except RecursionError:
        raise QueryError("query failed on the local graph: nested too deeply") from None
    except Exception as err:
        reason = one_line(err) or type(err).__name__
        if isinstance(err, OSError) and service_calls(text):
            raise RemoteError(f"SERVICE failed: {reason}") from None
        raise QueryError(f"query failed on the local graph: {reason}") from None


def interruptible(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a worker thread, so that Ctrl-C stops the wait at once.

    Oxigraph evaluates a query without returning to Python, where the interrupt would
    be seen; the main thread waits here instead, and ``KeyboardInterrupt`` leaves the
    worker to end with the process.

    Examples
    --------
    >>> interruptible(lambda: 6 * 7)
    42
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as err:  # handed over without its frames: Oxigraph's
            try:  # objects must be dropped in the thread that made them
                outcome["error"] = type(err)(*err.args)
            except Exception:
                outcome["error"] = RuntimeError(one_line(err))

    worker = threading.Thread(target=target, name="mes-graph-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
