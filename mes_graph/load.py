"""Load the graph: the ontology, the code lists, the shipped data and the user's Turtle files.

Takes paths to Turtle files; gives one rdflib ``Dataset`` in which every statement sits
in the named graph of its source. Nothing downstream reads a file again.

Named graphs follow one rule: a subject's statements go in the graph named by its
source (``dcterms:source``, else ``prov:wasDerivedFrom``; the first in IRI order if
there are several). A subject without a source of its own (an interval, a concept of a
scheme) follows the subject of the same file that refers to it, when all such referrers
share one source. What is left goes in a graph named after the file:
``<BASE>graph/ontology``, ``<BASE>graph/vocabularies`` or ``<BASE>graph/data/<stem>``.

A file that requires a code list (``dcterms:requires scheme:naf-rev2``, as register
imports do) brings it along, once: see ``required_file``.
"""

from __future__ import annotations

import os
import re
import stat
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from mes_graph.base.convert import XSD_STRING, from_oxigraph
from mes_graph.base.terms import BASE, DCTERMS, GRAPH, PREFIXES, PROV
from mes_graph.engine import (
    DEFAULT_ENGINE,
    StoreError,
    add_quads,
    add_statements,
    finish_store,
    new_dataset,
    open_store,
    statements,
    stored_literals,
)

REQUIRES = ox.NamedNode(str(DCTERMS.requires))
SOURCE_PROPERTIES = (ox.NamedNode(str(PROV.wasDerivedFrom)), ox.NamedNode(str(DCTERMS.source)))


class LoadError(Exception):
    """A file that cannot be read or parsed, with the line of the fault when known."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def resource_dir() -> Path:
    """The folder holding ``ontology/``, ``graph/`` and ``queries/``.

    Inside an installed wheel they travel as ``mes_graph/_data``; in a checkout they sit
    at the top of the repository.
    """
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent


def shipped_files() -> list[Path]:
    """The Turtle files of the embedded graph, in load order.

    Returns
    -------
    list of Path
        The ontology (``mes.ttl``, ``metrics.ttl``), the code lists of
        ``ontology/vocabularies/`` and the data of ``graph/``, each group sorted by name.

    Examples
    --------
    >>> [p.name for p in shipped_files()][:3]
    ['mes.ttl', 'metrics.ttl', 'kinds.ttl']
    """
    root = resource_dir()
    return [
        root / "ontology" / "mes.ttl",
        root / "ontology" / "metrics.ttl",
        *sorted((root / "ontology" / "vocabularies").glob("*.ttl")),
        *sorted((root / "graph").glob("*.ttl")),
    ]


def required_file(iri: str) -> Path | None:
    """The shipped code list or vocabulary a file requires (``dcterms:requires``), if any.

    Register imports refer to INSEE's code lists (``scheme:naf-rev2``…) and the identifier
    schemes (``ontology/identifier``) without holding them: the lists live in
    ``ontology/vocabularies/<group>/<name>.ttl`` and are read only when required.

    Examples
    --------
    >>> required_file("https://w3id.org/mes-graph/ontology/identifier").name
    'identifier.ttl'
    >>> required_file("https://w3id.org/mes-graph/id/scheme/unknown") is None
    True
    """
    if not iri.startswith(BASE):
        return None
    name = iri.rstrip("/").rsplit("/", 1)[-1]
    found = sorted((resource_dir() / "ontology" / "vocabularies").glob(f"*/{name}.ttl"))
    return found[0] if found else None


def shapes_file() -> Path:
    """The SHACL shapes of the public vocabulary contract."""
    return resource_dir() / "ontology" / "shapes.ttl"


QUAD_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
"""Files that name the graph of each statement: Oxigraph's bulk loader reads them into the
store as they are, with no statement held in Python (the way for large graphs: a TriG of
``mes-graph synth``, an export's N-Quads). Their statements must sit in named graphs."""


TERM_LIMIT = 16 * 2**20
"""The longest term (a literal, an IRI) Oxigraph's Turtle parser reads, in bytes."""


def read_turtle(path: Path | str) -> list[ox.Triple]:
    """Parse one Turtle file with Oxigraph, or raise ``LoadError`` naming file and line.

    Parameters
    ----------
    path : Path or str
        A Turtle file, UTF-8, with or without a byte order mark.

    Returns
    -------
    list of pyoxigraph.Triple

    Examples
    --------
    >>> len(read_turtle(shipped_files()[-1])) > 0
    True
    """
    path = Path(path)
    problem = unreadable(path)
    if problem:
        raise LoadError(path, None, problem)
    try:
        raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    except OSError as err:
        raise LoadError(path, None, (err.strerror or str(err)).lower()) from None
    try:
        return list(ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except MemoryError:  # Oxigraph reads a term into a buffer of 16 MiB at most
        lines = enumerate(raw.split(b"\n"), 1)
        line = next((number for number, text in lines if len(text) >= TERM_LIMIT), None)
        raise LoadError(path, line, "a term longer than 16 MiB: Oxigraph reads none") from None
    except SyntaxError as err:
        raise syntax_error(path, err) from None


def syntax_error(path: Path, err: SyntaxError) -> LoadError:
    """Oxigraph's syntax error as a ``LoadError``: the line, the fault and its column."""
    match = re.match(
        r"Parser error (?:at|between) line \d+ (?:between )?columns? (\d+)[^:]*: ", err.msg
    )
    reason = err.msg[match.end() :] if match else err.msg
    column = f" (column {match.group(1)})" if match else ""
    return LoadError(path, err.lineno, reason + column)


def add_quad_file(dataset: Dataset, path: Path) -> tuple[list[ox.Quad], list[str]]:
    """Add a TriG or N-Quads file to a dataset, each statement in its own graph, read once.

    Oxigraph parses the file in a stream into the store's bulk loader; each statement is
    looked at once on its way: to keep the literals the store would rewrite and the code
    lists the file requires. A fault stops the load (the caller drops the dataset).

    Parameters
    ----------
    dataset : rdflib.Dataset
    path : Path
        A file with a suffix of ``QUAD_FORMATS``.

    Returns
    -------
    (list of pyoxigraph.Quad, list of str)
        The statements whose literal has a datatype (for ``rewritten_literals``), and the
        IRIs the file requires (``dcterms:requires``).

    Raises
    ------
    LoadError
        The file cannot be read, is not valid, or has a statement outside a named graph.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "x.trig"
    >>> _ = bad.write_text('<urn:a> <urn:p> "1" .')
    >>> add_quad_file(new_dataset(), bad)
    Traceback (most recent call last):
    ...
    mes_graph.load.LoadError: ...x.trig: a statement outside any named graph (<urn:a> <urn:p> …)...
    """
    problem = unreadable(path)
    if problem:
        raise LoadError(path, None, problem)
    typed: list[ox.Quad] = []

    def looked_at(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        literal, default, plain = ox.Literal, ox.DefaultGraph, _PLAIN
        for quad in quads:  # the least work per statement: a million pass per second
            if type(quad.graph_name) is default:
                raise LoadError(path, None, f"a statement outside any named graph "
                                f"({quad.subject} {quad.predicate} …): a TriG or N-Quads "
                                "file names the graph of each statement")  # fmt: skip
            obj = quad.object
            if type(obj) is literal and obj.language is None and obj.datatype.value not in plain:
                typed.append(quad)
            yield quad

    try:
        with path.open("rb") as stream:
            if stream.read(3) != b"\xef\xbb\xbf":
                stream.seek(0)
            quads = ox.parse(stream, format=QUAD_FORMATS[path.suffix.lower()],
                             base_iri=path.resolve().as_uri())  # fmt: skip
            add_quads(dataset, looked_at(quads))
    except OSError as err:
        raise LoadError(path, None, (err.strerror or str(err)).lower()) from None
    except SyntaxError as err:
        raise syntax_error(path, err) from None
    required = [q.object.value for q in statements(dataset, predicate=REQUIRES)]
    return typed, required


def unreadable(path: Path) -> str | None:
    """Why a path cannot be read as a file, in a few words; None when it can.

    Examples
    --------
    >>> unreadable(Path("/")), unreadable(Path("/no/such/file")), unreadable(shapes_file())
    ('a folder, not a file', 'no such file', None)
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file"
    except OSError as err:  # a loop of symbolic links, a name too long, no permission
        return (err.strerror or str(err)).lower()
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, a socket or a device)"
    return None


def parse_turtle(path: Path | str) -> Graph:
    """Parse one Turtle file into an rdflib graph (for shapes and small files).

    Examples
    --------
    >>> len(parse_turtle(shapes_file())) > 100
    True
    """
    graph = Graph()
    for triple in read_turtle(path):
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),
                   from_oxigraph(triple.object)))  # fmt: skip
    return graph


def fallback_graph(path: Path) -> str:
    """The named graph of a file's statements that have no source (the name percent-encoded).

    Examples
    --------
    >>> fallback_graph(Path("mes acteurs.ttl"))
    'https://w3id.org/mes-graph/graph/data/mes%20acteurs'
    """
    shipped = (resource_dir() / "ontology").resolve()
    if path.resolve().parent == shipped:
        return str(GRAPH["ontology"])
    if shipped / "vocabularies" in (path.resolve().parent, path.resolve().parent.parent):
        return str(GRAPH["vocabularies"])
    return str(GRAPH["data/" + urllib.parse.quote(path.stem, safe="")])


def graphs_by_source(triples: list[ox.Triple], fallback: str) -> dict[str, list[ox.Triple]]:
    """Split a file's statements into the named graphs of their sources, by the module's rule.

    Parameters
    ----------
    triples : list of pyoxigraph.Triple
        The statements of one file.
    fallback : str
        The graph of statements whose subject has no source.

    Returns
    -------
    dict
        Graph name to the statements it holds, in file order.

    Examples
    --------
    >>> triples = list(ox.parse(format=ox.RdfFormat.TURTLE, input='''
    ...     @prefix dcterms: <http://purl.org/dc/terms/> .
    ...     <urn:a> dcterms:source <urn:doc> ; <urn:p> <urn:b> .
    ...     <urn:b> <urn:p> <urn:i> .
    ...     <urn:i> <urn:p> "x" .
    ...     <urn:c> <urn:p> "y" .'''))
    >>> {k: len(v) for k, v in sorted(graphs_by_source(triples, "urn:file").items())}
    {'urn:doc': 4, 'urn:file': 1}
    """
    found: dict[ox.NamedNode, dict] = {prop: defaultdict(list) for prop in SOURCE_PROPERTIES}
    refers: dict[ox.NamedNode | ox.BlankNode, list] = defaultdict(list)
    for t in triples:  # one pass: the sources, and which node refers to which
        if t.predicate in found:
            found[t.predicate][t.subject].append(t.object.value)
        if not isinstance(t.object, ox.Literal):
            refers[t.subject].append(t.object)
    source: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for prop in SOURCE_PROPERTIES:  # the last wins: dcterms:source over prov:wasDerivedFrom
        source |= {subject: min(values) for subject, values in found[prop].items()}
    frontier, candidates = list(source), defaultdict(set)
    while frontier:  # follow references: a node takes the source all its referrers share
        for subject in frontier:
            for obj in refers.get(subject, ()):
                if obj not in source:
                    candidates[obj].add(source[subject])
        inherited = {n: next(iter(c)) for n, c in candidates.items() if len(c) == 1}
        frontier = [n for n in inherited if n not in source]
        source |= {n: inherited[n] for n in frontier}
    parts: dict[str, list[ox.Triple]] = defaultdict(list)
    for t in triples:
        parts[source.get(t.subject, fallback)].append(t)
    return dict(parts)


def load(
    data: Iterable[Path | str] = (),
    *,
    shipped: bool = True,
    engine: str = DEFAULT_ENGINE,
    store: Path | str | None = None,
) -> Dataset:
    """Build the dataset: the embedded graph plus the user's own Turtle files.

    Files are parsed by Oxigraph, then held either in an Oxigraph store behind rdflib's
    API (``engine="oxigraph"``, through oxrdflib: SPARQL runs on Oxigraph) or in
    rdflib's own memory store (``engine="memory"``).

    Parameters
    ----------
    data : iterable of Path or str
        Extra Turtle files (the CLI's ``--data``).
    shipped : bool
        Include the embedded ontology, code lists and data (default True).
    engine : {"oxigraph", "memory"}
        Where the statements are held and queried.
    store : Path or str, optional
        With the Oxigraph engine, a folder that keeps the store between runs: the first
        run fills it; later runs reuse it as it is and only add ``data`` (``open_store``).

    Returns
    -------
    rdflib.Dataset
        Every statement in the named graph of its source; the default graph is the
        union of the named graphs.

    Raises
    ------
    LoadError
        A file is missing or is not valid Turtle, or the store cannot be opened.

    Examples
    --------
    >>> from mes_graph.base.terms import ID, ORG
    >>> len(set(load().subjects(ORG.memberOf, ID["organisation/mes"])))
    18
    """
    if store is not None and engine != "oxigraph":
        raise ValueError("a store folder needs the oxigraph engine")
    dataset = new_dataset(engine)
    filling = None
    if store is not None:
        try:
            filling = open_store(dataset, Path(store))
        except StoreError as err:
            raise LoadError(err.folder, None, err.message) from None
        shipped = shipped and filling is not None
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    files = [*(shipped_files() if shipped else []), *map(Path, data)]
    written = read_written(Path(store)) if store is not None and filling is None else {}
    seen = {os.path.realpath(path) for path in files}  # realpath: a link loop is read later
    for path in files:  # grows with the code lists the files require
        if path.suffix.lower() in QUAD_FORMATS:
            triples, required = add_quad_file(dataset, path)
        else:
            triples = read_turtle(path)
            required = [t.object.value for t in triples if t.predicate == REQUIRES]
        for iri in required:
            needed = required_file(iri)
            if needed is not None and os.path.realpath(needed) not in seen:
                seen.add(os.path.realpath(needed))
                files.append(needed)
        merge_written(written, rewritten_literals(triples, engine))
        if path.suffix.lower() in QUAD_FORMATS:
            continue
        parts = graphs_by_source(triples, fallback_graph(path))
        for name, triples in parts.items():
            add_statements(dataset, name, triples)
    if store is not None:
        write_written(Path(store), written)
    if filling is not None:  # filled whole: later runs may reuse it
        finish_store(dataset, filling)
    dataset.literals_as_written = written
    return dataset


INPUTS_FILE = ".mes-graph-inputs"
"""Where a store kept between builds (``load_kept``) records the digest of its inputs."""


def inputs_digest(files: Iterable[Path | str]) -> str:
    """The SHA-256 of what a load reads: every shipped file and the given files, in order.

    Each file counts by its name (which names the graph of its unsourced statements) and
    its content; the code lists count whether a file requires them or not.

    Examples
    --------
    >>> inputs_digest([]) == inputs_digest([]) != inputs_digest([shapes_file()])
    True
    """
    import hashlib

    digest = hashlib.sha256()
    vocabularies = sorted((resource_dir() / "ontology" / "vocabularies").glob("*/*.ttl"))
    for path in map(Path, [*shipped_files(), *vocabularies, *files]):
        digest.update(f"{path.name}\n".encode())
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(2**20):
                    digest.update(chunk)
        except OSError as err:
            problem = unreadable(path) or (err.strerror or str(err)).lower()
            raise LoadError(path, None, problem) from None
        digest.update(b"\n")
    return digest.hexdigest()


def load_kept(data: Iterable[Path | str], folder: Path | str) -> Dataset:
    """The dataset in an Oxigraph store on disk, kept between runs while its inputs stay.

    The first run fills the folder (RocksDB; TriG and N-Quads through the bulk loader) and
    records the digest of its inputs (``inputs_digest``); a later run with the same inputs
    opens it without reading a file, and one with other inputs fills it again. Memory
    holds what the store caches, not the statements.

    Parameters
    ----------
    data : iterable of Path or str
        The user's files, as for ``load``.
    folder : Path or str
        The store's folder: absent, empty, or filled by an earlier ``load_kept``.

    Returns
    -------
    rdflib.Dataset
        As ``load`` gives it, on the store of ``folder`` (``dataset.reused`` says whether
        the store was reused).

    Raises
    ------
    LoadError
        A file cannot be read or parsed, or the folder holds something else.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> first = load_kept([], folder)
    >>> size = len(first)
    >>> first.reused, size == len(load())
    (False, True)
    >>> first.close()
    >>> again = load_kept([], folder)
    >>> again.reused, len(again) == size
    (True, True)
    >>> again.close()
    """
    import shutil

    from mes_graph.engine import STORE_COMPLETE, STORE_FILLING

    folder, data = Path(folder), [Path(path) for path in data]
    digest = inputs_digest(data)
    mark = folder / INPUTS_FILE
    kept = (folder / STORE_COMPLETE).is_file() and mark.is_file()
    if kept and mark.read_text("ascii").strip() == digest:
        dataset = load((), store=folder)
        dataset.reused = True
        return dataset
    if folder.is_dir() and any(folder.iterdir()):
        marks = (STORE_COMPLETE, STORE_FILLING, INPUTS_FILE)
        ours = any((folder / name).exists() for name in marks)
        if not ours:
            raise LoadError(folder, None, "not empty and not a store of mes-graph: choose "
                            "another folder for the store")  # fmt: skip
        shutil.rmtree(folder)  # inputs changed: filled again from nothing
    dataset = load(data, store=folder)
    (folder / INPUTS_FILE).write_text(digest + "\n", "ascii")
    dataset.reused = False
    return dataset


Written = dict[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.Literal], tuple[ox.Literal, ...]]
"""Statements whose literal the store holds otherwise than the file wrote it: the stored
statement (subject, predicate, literal) to the literals as written."""

_PLAIN = frozenset({XSD_STRING, "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})


def rewritten_literals(triples: Iterable[ox.Triple], engine: str = DEFAULT_ENGINE) -> Written:
    """The literals an engine's store would hold otherwise than they were written.

    Oxigraph keeps numbers and booleans in a canonical form (``"01"^^xsd:integer`` as
    ``"1"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``, ``"1"^^xsd:boolean`` as ``"true"``) and
    every integer subtype as ``xsd:integer`` (``"5"^^xsd:byte``, and the ill-formed
    ``"300"^^xsd:byte`` too); rdflib's memory store writes valid numbers canonically.
    ``validate`` checks datatypes and lexical forms on the literals as written.

    Parameters
    ----------
    triples : iterable of pyoxigraph.Triple
        Statements as parsed.
    engine : {"oxigraph", "memory"}

    Returns
    -------
    dict
        The statement as stored to every literal it was written as, for the statements
        written at least once otherwise than stored.

    Examples
    --------
    >>> triples = ox.parse('<urn:a> <urn:p> "01"^^<http://www.w3.org/2001/XMLSchema#byte> .',
    ...                    format=ox.RdfFormat.TURTLE)
    >>> [(k[2].value, k[2].datatype.value[-7:], v[0].value) for k, v in
    ...  rewritten_literals(triples, "oxigraph").items()]
    [('1', 'integer', '01')]
    """
    typed = [t for t in triples if isinstance(t.object, ox.Literal)]
    typed = [t for t in typed if t.object.datatype.value not in _PLAIN]
    distinct = list(dict.fromkeys(t.object for t in typed))  # dates repeat: each read once
    stored = dict(zip(distinct, stored_literals(distinct, engine), strict=True))
    forms: dict = defaultdict(dict)  # every form a stored statement was written in
    for triple in typed:
        forms[(triple.subject, triple.predicate, stored[triple.object])][triple.object] = None
    return {
        key: tuple(written) for key, written in forms.items() if any(w != key[2] for w in written)
    }


def merge_written(into: Written, more: Written) -> None:
    """Add the literals as written of more statements, keeping every form once."""
    for key, forms in more.items():
        into[key] = tuple(dict.fromkeys((*into.get(key, ()), *forms)))


WRITTEN_FILE = ".mes-graph-literals.nt"
"""Where a ``--store`` folder keeps its literals as written (``rewritten_literals``)."""


def write_written(folder: Path, written: Written) -> None:
    """Keep a store's literals as written beside it: N-Triples, a stored and a written line."""
    lines = []
    for (s, p, stored), originals in sorted(written.items(), key=str):
        for original in originals:
            lines.append(f"{ox.Triple(s, p, stored)} .\n{ox.Triple(s, p, original)} .\n")
    (folder / WRITTEN_FILE).write_text("".join(lines), "utf-8")


def read_written(folder: Path) -> Written:
    """The literals as written that ``write_written`` kept beside a store."""
    path = folder / WRITTEN_FILE
    if not path.is_file():
        return {}
    triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.N_TRIPLES))
    found: Written = {}
    for stored, original in zip(triples[::2], triples[1::2], strict=True):
        key = (stored.subject, stored.predicate, stored.object)
        merge_written(found, {key: (original.object,)})
    return found
