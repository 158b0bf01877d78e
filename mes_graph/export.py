"""Export the graph in the standard RDF syntaxes, written atomically.

Takes the dataset ``load`` built; gives files. Triple syntaxes (Turtle, N-Triples,
RDF/XML, JSON-LD) carry the union of the named graphs; quad syntaxes (N-Quads, TriG)
keep one named graph per source. Oxigraph's serialisers write them, from sorted
statements, so outputs are byte-stable.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from mes_graph.terms import PREFIXES, XSD

FORMATS = {
    # name: (Oxigraph format, file suffix, keeps named graphs)
    "turtle": (ox.RdfFormat.TURTLE, ".ttl", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt", False),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq", True),
    "trig": (ox.RdfFormat.TRIG, ".trig", True),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld", False),
    "rdfxml": (ox.RdfFormat.RDF_XML, ".rdf", False),
}
"""The export formats the CLI offers."""


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term equal to an rdflib term.

    Examples
    --------
    >>> to_oxigraph(Literal("Lille", lang="fr"))
    <Literal value=Lille language=fr>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """Serialise a dataset in one of ``FORMATS``, deterministically.

    Statements are sorted (by graph, then subject, predicate and object) before Oxigraph's
    serialisers write them, so the same graph gives byte-identical files and a diff
    between two releases shows only what changed. Turtle and TriG group each subject's
    statements under our prefixes.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    fmt : str
        A key of ``FORMATS``.

    Returns
    -------
    bytes
        The document, in UTF-8.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ds = load()
    >>> serialize(ds, "ntriples").count(b"\\n") == len(ds)
    True
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    ox_format, _, keeps_graphs = FORMATS[fmt]
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if keeps_graphs:
        quads = sorted(
            (q[3].n3(), q[0].n3(), q[1].n3(), q[2].n3(), q) for q in dataset.quads() if q[3]
        )
        items = [ox.Quad(*map(to_oxigraph, q[:3]), ox.NamedNode(str(q[3]))) for *_, q in quads]
    else:
        triples = sorted(
            {tuple(x.n3() for x in t): t for t in dataset.triples((None, None, None))}.items()
        )
        items = [ox.Triple(*map(to_oxigraph, t)) for _, t in triples]
    return ox.serialize(items, format=ox_format, prefixes=prefixes)


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write bytes to a file through a temporary file and a rename.

    A reader never sees a half-written file, and a failure leaves the old file as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, b"ok").read_bytes()
    b'ok'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def export(dataset: Dataset, fmt: str, path: Path | str) -> Path:
    """Serialise a dataset and write it atomically to ``path``.

    Parameters
    ----------
    dataset : rdflib.Dataset
    fmt : str
        A key of ``FORMATS``.
    path : Path or str
        The file to write.

    Returns
    -------
    Path
        The file written.
    """
    return write_atomic(path, serialize(dataset, fmt))
