"""The RDF syntaxes of a dataset written to files, streamed from the store when it is large.

Takes the dataset ``load`` built (or a profile of it) and a folder; gives one file per
syntax of ``FORMATS``, each with its size, SHA-256 and statement count (``Written``), and
the dataset's VoID counts (``Facts``), gathered on the way.

Below ``STREAM_FROM`` statements the files are those of ``serialize``: sorted, the same
bytes whatever the store. From it, no statement is held in Python: Oxigraph's own
serialisers write them in the store's order (an on-disk store's order depends on the
content only; an in-memory store's on the order the statements came in, the same for the
same files loaded the same way). The store is read once, by its own N-Quads dump; the
other files are written from that dump read back: TriG, and the union of the named graphs
for the triple syntaxes with every statement once and each subject's statements
together. JSON-LD is compacted here, node by node, each named graph in turn, read from
the store. A dataset with blank nodes is always sorted: their labels are drawn afresh at
each load, so only sorting them gives stable bytes.
"""

from __future__ import annotations

import collections
import contextlib
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import Graph

from mes_graph.base.terms import DCTERMS, ID, PROV, PUBLISH_PREFIXES, RDF
from mes_graph.engine import is_dataset, oxigraph_of, statements
from mes_graph.export.jsonld import JsonLdWriter
from mes_graph.export.syntaxes import FORMATS, serialize_formats
from mes_graph.export.writing import HashingFile, Written, hashing, write_stream

__all__ = ["STREAM_FROM", "Facts", "Tally", "facts_of", "write_rdf"]

STREAM_FROM = 100_000
"""From this many statements, the RDF files are streamed from the store, not sorted."""

_RDF_TYPE = ox.NamedNode(str(RDF.type))
_SOURCES = frozenset({ox.NamedNode(str(DCTERMS.source)), ox.NamedNode(str(PROV.wasDerivedFrom))})
_TRIPLE_FORMATS = ("ntriples", "turtle", "rdfxml")  # written by Oxigraph, one pass each


class Facts(NamedTuple):
    """The VoID counts of a dataset: what ``describe`` states of it.

    ``triples``: distinct statements of the union; ``entities``: distinct subjects under
    ``…/id/``; ``terms``: the predicates and classes used; ``sources``: the IRIs the
    statements cite (``dcterms:source``, ``prov:wasDerivedFrom``), sorted; ``graphs``:
    the size of each named graph, by name, sorted.
    """

    triples: int
    entities: int
    terms: frozenset[str]
    sources: tuple[str, ...]
    graphs: dict[str, int]


class _BlankNodes(Exception):
    """The dataset has blank nodes: the streamed files would not be stable."""


class Tally:
    """``Facts`` counted one statement at a time, as the files are written.

    Tell it the graph of every statement (``graph``), and every distinct statement once
    (``triple``).

    Parameters
    ----------
    blank_nodes : bool
        Whether blank nodes are allowed (else the first raises, to sort instead).

    Examples
    --------
    >>> tally = Tally()
    >>> a, p = ox.NamedNode(str(ID) + "a"), ox.NamedNode("urn:p")
    >>> tally.graph(ox.NamedNode("urn:g"))
    >>> tally.triple(ox.Triple(a, p, ox.Literal("x")))
    >>> tally.facts()
    Facts(triples=1, entities=1, terms=frozenset({'urn:p'}), sources=(), graphs={'urn:g': 1})
    """

    def __init__(self, blank_nodes: bool = True) -> None:
        self.blank_nodes = blank_nodes
        self.triples = 0
        self._graphs: collections.Counter[ox.NamedNode | ox.BlankNode] = collections.Counter()
        self._entities: set[str] = set()
        self._terms: set[ox.NamedNode] = set()
        self._sources: set[str] = set()
        self._subject: Any = None
        self._ours = str(ID)

    def graph(self, name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> None:
        """Count a statement of a graph (the default graph is not counted)."""
        if isinstance(name, ox.BlankNode) and not self.blank_nodes:
            raise _BlankNodes
        if not isinstance(name, ox.DefaultGraph):
            self._graphs[name] += 1

    def triple(self, triple: ox.Triple) -> None:
        """Count a distinct statement."""
        subject, obj = triple.subject, triple.object
        if not self.blank_nodes and (
            isinstance(subject, ox.BlankNode) or isinstance(obj, ox.BlankNode)
        ):
            raise _BlankNodes
        self.triples += 1
        if subject != self._subject:  # the statements of a subject come together
            self._subject = subject
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(self._ours):
                self._entities.add(subject.value)
        predicate = triple.predicate
        self._terms.add(predicate)
        if isinstance(obj, ox.NamedNode):
            if predicate == _RDF_TYPE:
                self._terms.add(obj)
            elif predicate in _SOURCES:
                self._sources.add(obj.value)

    def facts(self) -> Facts:
        """What was counted."""
        graphs = {g.value: n for g, n in self._graphs.items()}
        return Facts(
            self.triples,
            len(self._entities),
            frozenset(t.value for t in self._terms),
            tuple(sorted(self._sources)),
            dict(sorted(graphs.items())),
        )


def facts_of(graph: Graph) -> Facts:
    """The ``Facts`` of a dataset, read in one pass (every distinct statement held once).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> facts = facts_of(load())
    >>> facts.triples == len(load()), facts.entities > 100
    (True, True)
    """
    tally, seen = Tally(), set()
    for quad in statements(graph):
        tally.graph(quad.graph_name)
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            tally.triple(triple)
    return tally.facts()


_SHARED_SUBJECTS = """SELECT ?s WHERE {
    { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o BIND (<urn:x-mes-graph:default> AS ?g) }
} GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)"""


def _shared_subjects(store: ox.Store) -> set[Any]:
    """The subjects said something of in more than one graph (the default one included).

    Few, usually (a source's statements are in its graph; a translation adds a few): only
    they can have a statement in two graphs, and only their statements may not come
    together in the store's order.
    """
    return {row["s"] for row in store.query(_SHARED_SUBJECTS)}


def _distinct(
    quads: Iterable[ox.Quad],
    store: ox.Store,
    shared: set[Any],
    tally: Tally | None = None,
    jsonld: JsonLdWriter | None = None,
) -> Iterator[ox.Triple]:
    """Every statement of the store once, in its order, a subject's statements together.

    ``quads`` are the store's, in its order (its dump read back); a subject of several
    graphs comes whole where it first appears, each of its statements once, read from
    ``store``. Counted, and told to JSON-LD.
    """
    written: set[Any] = set()
    for quad in quads:
        if tally is not None:
            tally.graph(quad.graph_name)
        subject = quad.subject
        if subject in shared:
            if subject in written:
                continue
            written.add(subject)
            whole = store.quads_for_pattern(subject, None, None, None)
            triples: Iterable[ox.Triple] = dict.fromkeys(q.triple for q in whole)
        else:
            triples = (quad.triple,)
        for triple in triples:
            if tally is not None:
                tally.triple(triple)
            if jsonld is not None:
                jsonld.add(triple)
            yield triple


def write_rdf(
    folder: Path,
    dataset: Graph,
    formats: Iterable[str] = tuple(FORMATS),
    *,
    stem: str = "mes-graph",
    prefixes: Mapping[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[list[Written], Facts]:
    """Write a dataset in RDF syntaxes into a folder, one file each, and count its facts.

    Parameters
    ----------
    folder : Path
        Created if needed.
    dataset : rdflib.Dataset or rdflib.Graph
        The dataset (a profile of it) to write.
    formats : iterable of str
        Keys of ``FORMATS`` (all by default).
    stem : str
        The files' name before the suffix of their format.
    prefixes : mapping, optional
        Prefix to namespace; ``PUBLISH_PREFIXES`` by default.
    names : mapping, optional
        A format's file name in ``folder``, instead of ``stem`` and its suffix.

    Returns
    -------
    (list of Written, Facts)
        The files, in the order of ``formats``, each with its statement count; the
        dataset's VoID counts.

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> files, facts = write_rdf(Path(tempfile.mkdtemp()), load(), ["ntriples"])
    >>> files[0].name, files[0].statements == facts.triples == len(load())
    ('mes-graph.nt', True)
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose one of {', '.join(FORMATS)}")
    prefixes = {p: str(ns) for p, ns in sorted((prefixes or PUBLISH_PREFIXES).items())}
    folder = Path(folder)
    names = {fmt: (names or {}).get(fmt, stem + FORMATS[fmt][1]) for fmt in formats}
    store = oxigraph_of(dataset, ordered=True)  # a copy's order: the statements'
    if len(store) >= STREAM_FROM:
        with contextlib.suppress(_BlankNodes):
            return _streamed(folder, dataset, store, names, prefixes)
    facts = facts_of(dataset)
    written = []
    for fmt, document in serialize_formats(dataset, formats, prefixes=prefixes):
        count = _count(fmt, dataset, facts)
        written.append(write_stream(folder, names[fmt], fmt, lambda out, d=document: out.write(d),
                                    statements=lambda out, c=count: c))  # fmt: skip
    return written, facts


def _count(fmt: str, dataset: Graph, facts: Facts) -> int:
    """The statements of a file: the named graphs' for quads, the distinct union's else."""
    keeps_graphs = FORMATS[fmt][2] and is_dataset(dataset)
    return sum(facts.graphs.values()) if keeps_graphs else facts.triples


def _streamed(
    folder: Path,
    dataset: Graph,
    store: ox.Store,
    names: dict[str, str],
    prefixes: dict[str, str],
) -> tuple[list[Written], Facts]:
    """``write_rdf`` from the store, in its order: see the module's docstring.

    The store is read once, by its own dump in N-Quads (each term read from an on-disk
    store is a lookup of its string, the cost of reading it); every other file is written
    from that dump read back, or from the first triple syntax written.
    """
    formats = list(names)
    default = ox.DefaultGraph()
    has_default = next(iter(store.quads_for_pattern(None, None, None, default)), None) is not None
    quads_of_graphs = is_dataset(dataset)
    shared = _shared_subjects(store)
    paths = {fmt: folder / name for fmt, name in names.items()}
    outs: dict[str, HashingFile] = {}
    tally = Tally(blank_nodes=False)
    triple_formats = [f for f in _TRIPLE_FORMATS if f in formats]
    with contextlib.ExitStack() as stack:
        if "nquads" in formats and quads_of_graphs and not has_default:
            dump = paths["nquads"]  # the file is the store's dump
            with hashing(dump) as outs["nquads"]:
                store.dump(outs["nquads"], ox.RdfFormat.N_QUADS)
        else:
            dump = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=folder))) / "dump.nq"
            with dump.open("wb") as out:
                store.dump(out, ox.RdfFormat.N_QUADS)

        def dumped() -> Iterator[ox.Quad]:
            return ox.parse(path=dump, format=ox.RdfFormat.N_QUADS)

        plain_jsonld = "jsonld" in formats and not quads_of_graphs  # else: graph by graph
        with contextlib.ExitStack() as first_pass:  # facts, JSON-LD, a triple syntax
            for fmt in [*triple_formats[:1], *(["jsonld"] if plain_jsonld else [])]:
                outs[fmt] = first_pass.enter_context(hashing(paths[fmt]))
            jsonld = JsonLdWriter(outs["jsonld"], prefixes) if "jsonld" in outs else None
            triples = _distinct(dumped(), store, shared, tally, jsonld)
            if triple_formats:
                first = triple_formats[0]
                ox.serialize(triples, outs[first], FORMATS[first][0], prefixes=prefixes)
            else:
                collections.deque(triples, maxlen=0)
            if jsonld is not None:
                jsonld.close()

        def distinct() -> Iterator[ox.Triple]:  # the first triple file read back
            if not triple_formats:
                return _distinct(dumped(), store, shared)
            return ox.parse(path=paths[triple_formats[0]], format=FORMATS[triple_formats[0]][0])

        if "jsonld" in formats and not plain_jsonld:  # each named graph whole, in turn
            with hashing(paths["jsonld"]) as outs["jsonld"]:
                writer = JsonLdWriter(outs["jsonld"], prefixes)
                for name in sorted(store.named_graphs(), key=lambda g: g.value):
                    writer.graph(name)
                    for quad in store.quads_for_pattern(None, None, None, name):
                        writer.add(quad.triple)
                writer.close()
        for fmt in [*triple_formats[1:], *(f for f in formats if FORMATS[f][2])]:
            if fmt in outs:
                continue
            if not quads_of_graphs or not FORMATS[fmt][2]:  # a plain graph: its triples
                statements_: Iterable[Any] = distinct()
            elif has_default:  # the named graphs only, as ``serialize`` writes them
                statements_ = (q for q in dumped() if not isinstance(q.graph_name, ox.DefaultGraph))
            else:
                statements_ = dumped()
            with hashing(paths[fmt]) as outs[fmt]:
                ox.serialize(statements_, outs[fmt], FORMATS[fmt][0], prefixes=prefixes)
    facts = tally.facts()
    return [
        Written(
            paths[fmt].relative_to(folder).as_posix(),
            paths[fmt],
            fmt,
            outs[fmt].size,
            outs[fmt].hexdigest(),
            outs[fmt].lines if fmt in ("ntriples", "nquads") else _count(fmt, dataset, facts),
        )
        for fmt in formats
    ], facts
