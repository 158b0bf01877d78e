"""Push a dataset into a remote store with SPARQL 1.1 Update, in one swap or not at all.

Takes the dataset ``load`` built and a store's update endpoint; gives the update requests
(``update_requests``: batches that fill staging graphs, then one request that moves them
all into their target graphs) and sends them (``push``), so that a push that fails half
way leaves the target graphs as they were, and drops what it staged.
"""

from __future__ import annotations

import os
import re
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, URIRef

from mes_graph.sparql.errors import QueryError, RemoteError
from mes_graph.sparql.remote import PUSHED, Endpoint
from mes_graph.sparql.results import row_key
from mes_graph.sparql.terms import check_iri, sparql_term

__all__ = ["STAGING", "PushReport", "push", "staging_graph", "update_requests"]

HAS_PART = "<http://purl.org/dc/terms/hasPart>"


@dataclass(frozen=True)
class PushReport:
    """What a push sent: named graphs, statements and HTTP requests."""

    graphs: int
    statements: int
    requests: int


def _quads(dataset: Dataset, target: URIRef | None) -> dict[URIRef | None, list[tuple]]:
    by_graph: dict[URIRef | None, set[tuple]] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if target is not None:
            name = target
        elif name is None or str(name) == "urn:x-rdflib:default":
            name = None
        by_graph.setdefault(name, set()).add((s, p, o))
    return {g: sorted(triples, key=row_key) for g, triples in by_graph.items()}


def _skolemize(triples: list[tuple]) -> list[tuple]:
    if not any(isinstance(t, BNode) for triple in triples for t in triple):
        return triples
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(_graph_of(triples))
    authority = "https://w3id.org/mes-graph/"
    out = [
        tuple(t.skolemize(authority=authority) if isinstance(t, BNode) else t for t in triple)
        for triple in canonical
    ]
    return sorted(out, key=row_key)


def _graph_of(triples: Iterable[tuple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


STAGING = "urn:x-mes-graph:staging:"
"""Where a push loads each graph before swapping it in: this prefix, a token, the graph."""


def staging_graph(name: URIRef | None, token: str = "0") -> URIRef:
    """The graph a push fills before it swaps it into ``name`` (None: the default graph).

    Examples
    --------
    >>> staging_graph(URIRef("urn:g"), "7")
    rdflib.term.URIRef('urn:x-mes-graph:staging:7:urn%3Ag')
    """
    target = "default" if name is None else urllib.parse.quote(str(name), safe="")
    return URIRef(f"{STAGING}{token}:{target}")


def update_requests(
    dataset: Dataset,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = 1000,
    token: str = "0",
) -> list[str]:
    """The SPARQL 1.1 Update requests that load a dataset into a store, in batches.

    Each named graph goes into the graph of the same name (or all of them into ``graph``).
    The batches fill staging graphs (``staging_graph``); the last request moves them all
    into their targets at once, so that the store changes in one request or not at all:
    ``MOVE`` with ``replace`` (each target graph replaced whole, and every graph the last
    push recorded dropped first: the store then holds this dataset, and whatever else it
    held that no push made), else ``ADD`` (nothing already there is added twice, so
    pushing twice leaves the same data). The same request records the named graphs
    loaded in ``PUSHED``, where queries find them (``remote.store_endpoint``). Blank nodes
    become stable IRIs (``.well-known/genid``) so that batches and repeated pushes agree.

    Parameters
    ----------
    dataset : rdflib.Dataset
    graph : str, optional
        One IRI to load every statement into, instead of one graph per source.
    replace : bool
        Replace each target graph instead of adding to it.
    batch_size : int
        Statements per request.
    token : str
        Names the staging graphs of this push.

    Returns
    -------
    list of str
        Update requests, deterministic for a given dataset and token.

    Examples
    --------
    >>> from rdflib import Literal
    >>> ds = Dataset()
    >>> ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    <Graph identifier=urn:g (<class 'rdflib.graph.Graph'>)>
    >>> *batches, swap = update_requests(ds, replace=True)
    >>> print(*batches)
    DROP SILENT GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> ;
    INSERT DATA { GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> {
    <urn:a> <urn:p> "x" .
    } }
    >>> print(swap.replace(str(PUSHED), "P").replace(HAS_PART, "hasPart"))
    DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH <P> { <P> hasPart ?g } GRAPH ?g { ?s ?p ?o } } ;
    DROP SILENT GRAPH <P> ;
    MOVE SILENT GRAPH <urn:x-mes-graph:staging:0:urn%3Ag> TO GRAPH <urn:g> ;
    INSERT DATA { GRAPH <P> { <P> hasPart <urn:g> . } }
    """
    if batch_size < 1:
        raise QueryError("the batch size must be at least 1")
    target = check_iri(graph) if graph is not None else None
    requests, swaps = [], []
    quads = _quads(dataset, target)
    for name in sorted(quads, key=lambda g: (g is not None, str(g or ""))):
        staging = sparql_term(staging_graph(name, token))
        triples = _skolemize(quads[name])
        for start in range(0, len(triples), batch_size):
            lines = "".join(
                f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} .\n"
                for s, p, o in triples[start : start + batch_size]
            )
            body = f"INSERT DATA {{ GRAPH {staging} {{\n{lines}}} }}"
            requests.append(f"DROP SILENT GRAPH {staging} ;\n{body}" if start == 0 else body)
        into = "DEFAULT" if name is None else f"GRAPH {sparql_term(name)}"
        if replace:
            swaps.append(f"MOVE SILENT GRAPH {staging} TO {into}")
        else:
            swaps += [f"ADD SILENT GRAPH {staging} TO {into}", f"DROP SILENT GRAPH {staging}"]
    if swaps:
        named = sorted(str(name) for name in quads if name is not None)
        pushed = sparql_term(PUSHED)
        if replace:  # the graphs of the last push go too: the store holds this dataset only
            swaps[:0] = [
                f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH {pushed} {{ {pushed} "
                f"{HAS_PART} ?g }} GRAPH ?g {{ ?s ?p ?o }} }}",
                f"DROP SILENT GRAPH {pushed}",
            ]
        if named:
            parts = " , ".join(sparql_term(URIRef(name)) for name in named)
            swaps.append(f"INSERT DATA {{ GRAPH {pushed} {{ {pushed} {HAS_PART} {parts} . }} }}")
        requests.append(" ;\n".join(swaps))
    return requests


def push(
    dataset: Dataset,
    endpoint: str | Endpoint,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = 1000,
    timeout: float = 60.0,
) -> PushReport:
    """Load a dataset into a remote store through its SPARQL 1.1 Update endpoint.

    The store changes in the last request, all at once (see ``update_requests``): if any
    request fails, the target graphs are left as they were, and the staging graphs are
    dropped.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    endpoint : str or Endpoint
        The store's update endpoint; credentials from the environment (see ``Endpoint``).
    graph, replace, batch_size
        See ``update_requests``.
    timeout : float
        Seconds within which each request must be answered.

    Returns
    -------
    PushReport

    Raises
    ------
    RemoteError
        The store fails, refuses or redirects a request; the message says what state
        the store was left in.
    """
    remote = endpoint if isinstance(endpoint, Endpoint) else Endpoint(endpoint, timeout=timeout)
    token = f"{os.getpid()}-{time.time_ns()}"
    requests = update_requests(
        dataset, graph=graph, replace=replace, batch_size=batch_size, token=token
    )
    for sent, text in enumerate(requests):
        try:
            remote.update(text)
        except RemoteError as err:
            if sent == 0:
                raise RemoteError(f"{err}; nothing was loaded") from None
            if sent == len(requests) - 1:
                state = (
                    "the request that swaps the new graphs in failed: the store applies it "
                    "whole or not at all; push again to be sure"
                )
            else:
                state = f"request {sent + 1} of {len(requests)} failed before the swap: the "
                state += "target graphs are unchanged"
            staged = _drop_staging(remote, "".join(requests[: sent + 1]), token)
            raise RemoteError(f"{err}; {state}{staged}") from None
    target = check_iri(graph) if graph is not None else None
    quads = _quads(dataset, target)
    return PushReport(len(quads), sum(len(t) for t in quads.values()), len(requests))


def _drop_staging(remote: Endpoint, sent: str, token: str) -> str:
    staged = sorted(set(re.findall(f"<({re.escape(STAGING + token)}:[^>]*)>", sent)))
    if not staged:
        return ""
    drop = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in staged)
    try:
        remote.update(drop)
    except RemoteError:
        return f"; staging graphs left in the store: {', '.join(staged)} (drop them)"
    return ""
