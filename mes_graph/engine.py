"""Where the statements live, decided here only: Oxigraph's store, or rdflib's memory.

Takes a dataset (or a plain rdflib graph); gives what the stages ask of it, the same way on
either engine: statements matching a pattern (``statements``, as Oxigraph terms, every
named graph), plain pairs of one predicate (``plain_pairs``), the distinct statements
(``distinct_triples``, ``union_graph``; read in place, resource by resource:
``union_view``), the statements sorted for writing (``sorted_statements``), the answer to
a SPARQL query (``query``), a copy (``copy``), the size of each named graph
(``graph_sizes``), and an Oxigraph store to run SPARQL on or to write from
(``oxigraph_of``), whether it has named graphs (``is_dataset``). No other module asks
which engine holds a dataset.

The two engines:

- ``oxigraph`` (the default): pyoxigraph's store behind rdflib's API, through oxrdflib,
  in memory or in a folder kept between runs (``open_store``). SPARQL runs on Oxigraph,
  100 times faster than rdflib's engine on joins; query strings only (oxrdflib would run a
  prepared query on rdflib's engine). Statements are read from pyoxigraph itself, without
  oxrdflib's conversions. Numbers and booleans are kept canonically and the integer
  subtypes as ``xsd:integer`` (``load.rewritten_literals`` keeps the forms as written).
  One process per folder: Oxigraph locks it.
- ``memory``: rdflib's own store; its SPARQL engine; valid numbers written canonically
  (rdflib's literal normalisation). Slow past 100,000 statements.

A plain rdflib ``Graph`` is read like the ``memory`` engine, its statements in its only
graph.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import oxrdflib
import oxrdflib.store
import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, URIRef
from rdflib.paths import Path as PropertyPath
from rdflib.term import Node

from mes_graph.base.convert import OxTerm, from_oxigraph, to_oxigraph
from mes_graph.base.order import n3_key

ENGINES = ("oxigraph", "memory")
"""Where a dataset holds its statements: an Oxigraph store, or rdflib's memory store."""

DEFAULT_ENGINE = os.environ.get("MES_GRAPH_ENGINE", "oxigraph")
"""The engine unless told: Oxigraph, or what ``MES_GRAPH_ENGINE`` says."""

PlainTerm = str | tuple[str, str]
"""A term as plain Python: an IRI, ``"_:"`` and a blank node's id, or a literal as
(lexical form, language tag or "")."""

STORE_FILLING, STORE_COMPLETE = ".mes-graph-filling", ".mes-graph-complete"
"""The marks left in a store folder while it is filled, and once it is full."""

_DEFAULT = ox.DefaultGraph()


def _from_ox(term):  # oxrdflib's converter, with plain strings kept plain
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return tuple(map(from_oxigraph, (term.subject, term.predicate, term.object)))
    return from_oxigraph(term)


# oxrdflib hands plain strings back as "x"^^xsd:string, a term rdflib holds unequal to
# "x" (RDF 1.1 says they are one): its store reads Oxigraph's terms with ours instead.
oxrdflib.store.from_ox = _from_ox


class StoreError(Exception):
    """A store folder that cannot be used: in use, not a store, or not writable."""

    def __init__(self, folder: Path, message: str) -> None:
        self.folder, self.message = folder, message
        super().__init__(f"{folder}: {message}")


def new_dataset(engine: str = DEFAULT_ENGINE) -> Dataset:
    """An empty dataset on an engine, its default graph the union of its named graphs.

    Examples
    --------
    >>> oxigraph_store(new_dataset("oxigraph")) is not None, len(new_dataset("memory"))
    (True, 0)
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return Dataset(store="Oxigraph" if engine == "oxigraph" else "default", default_union=True)


def open_store(dataset: Dataset, folder: Path) -> Path | None:
    """Open a store folder; the mark to turn complete when it must be filled, else None.

    A store is filled once, then reused: its folder is marked complete only once every
    file is in (``finish_store``), so a fill that was interrupted (killed, out of space)
    is started again from nothing on the next run rather than reused half full. A folder
    holding statements and no mark (filled by an earlier version) is reused as it is.

    Raises
    ------
    StoreError
        The folder cannot be made, another process holds it (Oxigraph locks its store),
        or it is not an Oxigraph store.
    """
    filling, complete = folder / STORE_FILLING, folder / STORE_COMPLETE
    try:
        if filling.exists():  # our own fill was interrupted: start again
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(folder, (err.strerror or str(err)).lower()) from None
    try:
        dataset.open(str(folder))
    except Exception as err:  # OSError when locked, RuntimeError when corrupt
        message = " ".join(str(err).split())
        if "lock" in message.lower():
            raise StoreError(
                folder, "the store is in use by another process (one process per --store)"
            ) from None
        raise StoreError(folder, f"not an Oxigraph store, or damaged: {message}") from None
    if complete.exists() or len(dataset) > 0:
        return None
    filling.touch()
    return filling


def finish_store(dataset: Dataset, filling: Path) -> None:
    """Mark a store folder complete, once filled: later runs may reuse it."""
    store = oxigraph_store(dataset)
    if store is not None:
        store.flush()
    filling.rename(filling.with_name(STORE_COMPLETE))


def add_statements(dataset: Dataset, graph: str, triples: Iterable[ox.Triple]) -> None:
    """Add parsed statements to a named graph of a dataset.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> add_statements(ds, "urn:g", [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"),
    ...                                        ox.Literal("x"))])
    >>> len(ds.graph(URIRef("urn:g")))
    1
    """
    store = oxigraph_store(dataset)
    if store is not None:  # oxrdflib's pyoxigraph.Store: no conversion
        name = ox.NamedNode(graph)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return
    context = dataset.graph(URIRef(graph))
    term = functools.cache(from_oxigraph)
    context.addN((term(t.subject), term(t.predicate), term(t.object), context) for t in triples)


def add_quads(dataset: Dataset, quads: Iterable[ox.Quad]) -> None:
    """Add statements in their named graphs to a dataset, in a stream (the bulk loader).

    Examples
    --------
    >>> quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("x"),
    ...                ox.NamedNode("urn:g"))
    >>> [len(ds.graph(URIRef("urn:g"))) for ds in map(new_dataset, ENGINES)
    ...  if add_quads(ds, [quad]) is None]
    [1, 1]
    """
    store = oxigraph_store(dataset)
    if store is not None:
        store.bulk_extend(quads)
        return
    term = functools.cache(from_oxigraph)
    dataset.addN(
        (term(q.subject), term(q.predicate), term(q.object), dataset.graph(term(q.graph_name)))
        for q in quads
    )


def stored_literals(literals: list[ox.Literal], engine: str = DEFAULT_ENGINE) -> list[ox.Literal]:
    """Each literal as a store of the engine keeps it.

    Oxigraph keeps numbers and booleans in a canonical form (``"01"^^xsd:integer`` as
    ``"1"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``, ``"1"^^xsd:boolean`` as ``"true"``) and
    every integer subtype as ``xsd:integer`` (``"5"^^xsd:byte``, and the ill-formed
    ``"300"^^xsd:byte`` too); rdflib's memory store writes valid numbers canonically.

    Examples
    --------
    >>> byte = ox.NamedNode("http://www.w3.org/2001/XMLSchema#byte")
    >>> [(t.value, t.datatype.value[33:]) for engine in ENGINES
    ...  for t in stored_literals([ox.Literal("01", datatype=byte)], engine)]
    [('1', 'integer'), ('1', 'byte')]
    """
    if engine == "oxigraph":  # what Oxigraph keeps, read back from a scratch store
        scratch = ox.Store()
        scratch.extend(
            ox.Quad(ox.NamedNode(f"urn:x-mes-graph:{i}"), ox.NamedNode("urn:x-mes-graph:v"), lit)
            for i, lit in enumerate(literals)
        )
        kept = {
            int(q.subject.value[16:]): q.object for q in scratch.quads_for_pattern(None, None, None)
        }
        return [kept[i] for i in range(len(literals))]
    terms = (from_oxigraph(literal) for literal in literals)
    return [ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))) for t in terms]


def oxigraph_store(graph: Graph) -> ox.Store | None:
    """The Oxigraph store behind a dataset (``--engine oxigraph``), or None.

    Examples
    --------
    >>> oxigraph_store(new_dataset("oxigraph")) is not None, oxigraph_store(Graph())
    (True, None)
    """
    if isinstance(graph, Dataset) and isinstance(graph.store, oxrdflib.OxigraphStore):
        return graph.store._inner
    return None


def is_dataset(graph: Graph) -> bool:
    """Whether a graph is a dataset of named graphs (``load``'s), not one plain graph.

    Examples
    --------
    >>> is_dataset(new_dataset()), is_dataset(Graph())
    (True, False)
    """
    return isinstance(graph, Dataset)


def oxigraph_of(graph: Graph, *, ordered: bool = False) -> ox.Store:
    """An Oxigraph store holding a graph's statements, to run SPARQL on: its own, or a copy.

    ``ordered``: a copy is filled in sorted order, so that its order (the order it writes
    its statements in) depends on the statements only, not on rdflib's sets; a store's
    own order already does, for the same files loaded the same way.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> len(oxigraph_of(ds))
    1
    """
    store = oxigraph_store(graph)
    if store is not None:
        return store
    copy_ = ox.Store()
    found = statements(graph)
    if ordered:
        key = functools.cache(n3_key)
        found = sorted(  # type: ignore[assignment]
            found,
            key=lambda q: (
                "" if q.graph_name == _DEFAULT else key(q.graph_name),
                key(q.subject),
                key(q.predicate),
                key(q.object),
            ),
        )
    copy_.extend(found)
    return copy_


def statements(
    graph: Graph,
    subject: OxTerm | None = None,
    predicate: ox.NamedNode | None = None,
    obj: OxTerm | None = None,
) -> Iterator[ox.Quad]:
    """The statements matching a pattern, in every named graph, as Oxigraph quads.

    A statement held in several named graphs comes once per graph; a plain graph's
    statements come in the default graph.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> [q.graph_name.value for q in statements(ds, predicate=ox.NamedNode("urn:p"))]
    ['urn:g']
    """
    store = oxigraph_store(graph)
    if store is not None:
        yield from store.quads_for_pattern(subject, predicate, obj)
        return
    pattern = tuple(None if t is None else from_oxigraph(t) for t in (subject, predicate, obj))
    term = functools.lru_cache(maxsize=2**16)(to_oxigraph)
    if isinstance(graph, Dataset):
        for s, p, o, g in graph.quads((*pattern, None)):
            name = getattr(g, "identifier", g)
            where = _DEFAULT if name is None else _graph_term(name)
            yield ox.Quad(term(s), term(p), term(o), where)
    else:
        for s, p, o in graph.triples(pattern):
            yield ox.Quad(term(s), term(p), term(o))


def statement_reader(graph: Graph) -> Callable[..., Iterable[ox.Quad]]:
    """``statements`` for one graph, resolved once: for a caller asking a million patterns.

    Examples
    --------
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> [q.object.value for q in statement_reader(ds)(ox.NamedNode("urn:a"), None, None)]
    ['urn:b']
    """
    store = oxigraph_store(graph)
    if store is not None:
        return store.quads_for_pattern
    return functools.partial(statements, graph)


def _graph_term(name: Node) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if isinstance(name, BNode):
        return ox.BlankNode(str(name))
    if str(name) == "urn:x-rdflib:default":
        return _DEFAULT
    return ox.NamedNode(str(name))


def _plain(term: OxTerm) -> PlainTerm:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return (term.value, term.language or "")


def plain_pairs(graph: Graph, predicate: URIRef) -> Iterator[tuple[PlainTerm, PlainTerm]]:
    """The subjects and objects of one predicate, from every named graph, as plain values.

    For stages that index many statements (the network projection): plain strings and
    tuples hash and sort far faster than rdflib terms.

    Examples
    --------
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> list(plain_pairs(ds, URIRef("urn:p")))
    [('urn:a', 'urn:b')]
    """
    term = ox.NamedNode(predicate)
    store = oxigraph_store(graph)
    if store is None:
        for quad in statements(graph, predicate=term):
            yield _plain(quad.subject), _plain(quad.object)
        return
    # a query reads only the two terms asked for (half the time of the quads on disk);
    # the union default graph gives each statement once per graph, as ``statements``
    query = f"SELECT ?s ?o WHERE {{ ?s {term} ?o }}"  # the IRI as the term writes itself
    for subject, obj in store.query(query, use_default_graph_as_union=True):
        yield _plain(subject), _plain(obj)


def distinct_triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """Every distinct statement of a graph (a dataset's union), as rdflib terms.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> for g in ("urn:g", "urn:h"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> len(list(distinct_triples(ds)))
    1
    """
    term = functools.cache(from_oxigraph)
    for triple in {q.triple for q in statements(graph)}:
        yield term(triple.subject), term(triple.predicate), term(triple.object)


def union_graph(graph: Graph) -> Graph:
    """All the statements of a dataset in one plain graph, named graphs set aside.

    A plain graph is given back as it is.
    """
    if not isinstance(graph, Dataset):
        return graph
    union = Graph()
    for prefix, namespace in graph.namespaces():
        union.bind(prefix, namespace, replace=True)
    union.addN((s, p, o, union) for s, p, o in distinct_triples(graph))
    return union


UNION_VIEW_SUBJECTS = 4096
"""How many nodes a ``union_view`` keeps the statements of (as subject, and as object),
the most recent ones."""


def union_view(graph: Graph) -> Graph:
    """The union of a dataset's named graphs as a read-only graph, read in place.

    What ``union_graph`` gives, without the copy: each lookup (``objects``, ``value``,
    ``in``…) reads the store, and a statement held in several named graphs comes once.
    The statements of the last ``UNION_VIEW_SUBJECTS`` nodes looked up are kept, those
    they say and those that point at them, so that reading one resource property by
    property, or its inverse links, reads the store once. For stages that
    read a large dataset resource by resource (the spreadsheet tables, the schema.org
    documents), while it does not change.

    Examples
    --------
    >>> ds = new_dataset("oxigraph")
    >>> for g in ("urn:g", "urn:h"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> view = union_view(ds)
    >>> list(view.objects(URIRef("urn:a"), URIRef("urn:p"))), len(view)
    ([rdflib.term.URIRef('urn:b')], 1)
    """
    return _UnionView(graph)


class _UnionView(Graph):
    """``union_view``: rdflib's graph API, each pattern answered by ``statements``."""

    _LARGE = 1000  # a node with more statements is not kept: its patterns are read

    def __init__(self, dataset: Graph) -> None:
        super().__init__()
        self._dataset = dataset
        self._term = functools.lru_cache(maxsize=1 << 18)(from_oxigraph)
        # (node, True) -> what it says by predicate, (node, False) -> what points at it
        self._kept: OrderedDict[tuple[Node, bool], dict[Node, list[Any]] | None] = OrderedDict()
        self._last: dict[bool, tuple[Any, Any]] = {True: (None, None), False: (None, None)}

    def triples(self, triple):  # rdflib's signatures, rdflib's names
        s, p, o = triple
        if isinstance(p, PropertyPath):
            yield from ((a, p, b) for a, b in p.eval(self, s, o))
            return
        described = None if s is None else self._described(s, True)
        if described is not None:
            for predicate in list(described) if p is None else (p,):
                for value in self._values(described, predicate):
                    if o is None or value == o:
                        yield s, predicate, value
            return
        pattern = [None if t is None else to_oxigraph(t) for t in (s, p, o)]
        seen: set[ox.Triple] = set()
        term = self._term
        for quad in statements(self._dataset, *pattern):
            triple_ = quad.triple
            if triple_ not in seen:
                seen.add(triple_)
                yield term(quad.subject), term(quad.predicate), term(quad.object)

    def objects(self, subject=None, predicate=None, unique=False):
        described = None if subject is None else self._described(subject, True)
        if described is None or predicate is None or isinstance(predicate, PropertyPath):
            return super().objects(subject, predicate, unique)
        return iter(self._values(described, predicate))

    def value(self, subject=None, predicate=RDF.value, object=None, default=None, any=True):
        if subject is None or predicate is None or object is not None or not any:
            return super().value(subject, predicate, object, default, any)
        described = self._described(subject, True)
        if described is None or isinstance(predicate, PropertyPath):
            return super().value(subject, predicate, object, default, any)
        values = self._values(described, predicate)
        return values[0] if values else default

    def subjects(self, predicate=None, object=None, unique=False):
        if predicate is None and object is None:
            return self._every_subject()
        pointing = None if object is None else self._described(object, False)
        if pointing is None or predicate is None or isinstance(predicate, PropertyPath):
            return super().subjects(predicate, object, unique)
        return iter(self._values(pointing, predicate))

    def _every_subject(self) -> Iterator[Node]:
        seen: set[OxTerm] = set()  # every subject once, without every statement held
        for quad in statements(self._dataset):
            if quad.subject not in seen:
                seen.add(quad.subject)
                yield self._term(quad.subject)

    def _described(self, node: Node, says: bool) -> dict[Node, list[Any]] | None:
        """What a node says (``says``), or what points at it, by predicate (None: too much)."""
        last = self._last[says]
        if node is last[0]:  # the same resource, read property by property
            return last[1]
        key = (node, says)
        kept = self._kept.get(key, False)
        if kept is False:
            kept = self._kept[key] = self._read(node, says)
            if len(self._kept) > 2 * UNION_VIEW_SUBJECTS:
                self._kept.popitem(last=False)  # the least recent
        else:
            self._kept.move_to_end(key)
        self._last[says] = (node, kept)
        return kept

    def _read(self, node: Node, says: bool) -> dict[Node, list[Any]] | None:
        found: dict[Node, dict[OxTerm, None]] = {}
        term = to_oxigraph(node)
        if says:
            quads = () if isinstance(term, ox.Literal) else statements(self._dataset, term)
        else:
            quads = statements(self._dataset, None, None, term)
        for count, quad in enumerate(quads):
            if count == self._LARGE:
                return None
            found.setdefault(self._term(quad.predicate), {})[
                quad.object if says else quad.subject
            ] = None
        return {p: list(values) for p, values in found.items()}

    def _values(self, described: dict[Node, list[Any]], predicate: Node) -> list[Node]:
        """A predicate's objects (or subjects), as rdflib terms (made when first asked for)."""
        values = described.get(predicate, [])
        if values and not isinstance(values[0], Node):
            values[:] = map(self._term, values)
        return values

    def __len__(self) -> int:  # read whole: the distinct statements
        return sum(1 for _ in self.triples((None, None, None)))


def graph_sizes(graph: Graph) -> dict[str, int]:
    """How many statements each named graph holds, by name (none for a plain graph).

    Examples
    --------
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> graph_sizes(ds)
    {'urn:g': 1}
    """
    sizes: dict[str, int] = {}
    for quad in statements(graph):
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
    return dict(sorted(sizes.items()))


def sorted_statements(graph: Graph, quads: bool) -> list[ox.Triple] | list[ox.Quad]:
    """The statements of a graph, sorted for writing (``rdf.order.n3_key``).

    ``quads``: those of the named graphs, by graph then statement; else the distinct
    triples of every graph, by subject, predicate and object.
    """
    key = functools.cache(n3_key)
    if quads:
        named = [q for q in statements(graph) if q.graph_name != _DEFAULT]
        named.sort(
            key=lambda q: (key(q.graph_name), key(q.subject), key(q.predicate), key(q.object))
        )
        return named
    triples = {q.triple for q in statements(graph)}
    return sorted(triples, key=lambda t: (key(t.subject), key(t.predicate), key(t.object)))


def copy(
    dataset: Dataset,
    keep: Callable[[ox.Quad], bool] = lambda quad: True,
    prefixes: Mapping[str, Any] | None = None,
) -> Dataset:
    """A copy of a dataset on the same engine, named graphs kept, with the quads ``keep``s.

    Examples
    --------
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> len(copy(ds, lambda q: q.subject.value != "urn:a"))
    0
    """
    store = oxigraph_store(dataset)
    out = new_dataset("oxigraph" if store is not None else "memory")
    for prefix, namespace in (prefixes or {}).items():
        out.bind(prefix, namespace, replace=True)
    kept = (q for q in statements(dataset) if q.graph_name != _DEFAULT and keep(q))
    target = oxigraph_store(out)
    if target is not None:  # copied inside Oxigraph, without rdflib's conversions
        target.extend(kept)
    else:
        term = functools.cache(from_oxigraph)
        for q in kept:
            out.graph(term(q.graph_name)).add((term(q.subject), term(q.predicate), term(q.object)))
    return out


def query(dataset: Graph, text: str, *, own_default_graph: bool = False) -> Any:
    """The answer of a dataset's engine to a SPARQL query string (rdflib's ``Result``).

    ``own_default_graph``: the query names its default graph itself (``FROM``), so the
    union of the named graphs is not its default graph.
    """
    store = dataset.store if isinstance(dataset, Dataset) else None
    if own_default_graph and isinstance(store, oxrdflib.OxigraphStore):
        return store.query(text, {}, {}, None)
    return dataset.query(text)  # a string: oxrdflib runs it on Oxigraph
