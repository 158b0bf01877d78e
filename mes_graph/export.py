"""Export the graph in the standard RDF syntaxes, written atomically.

Takes the dataset ``load`` built; gives files. Triple syntaxes (Turtle, N-Triples,
RDF/XML, JSON-LD) carry the union of the named graphs; quad syntaxes (N-Quads, TriG)
keep one named graph per source.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from rdflib import Dataset

from mes_graph.load import union_graph

FORMATS = {
    # name: (rdflib serializer, file suffix, keeps named graphs)
    "turtle": ("turtle", ".ttl", False),
    "ntriples": ("nt", ".nt", False),
    "nquads": ("nquads", ".nq", True),
    "trig": ("trig", ".trig", True),
    "jsonld": ("json-ld", ".jsonld", False),
    "rdfxml": ("xml", ".rdf", False),
}
"""The export formats the CLI offers."""


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """Serialise a dataset in one of ``FORMATS``, deterministically.

    N-Triples and N-Quads lines are sorted, so that two exports of the same graph are
    byte-identical and a diff between releases shows only what changed.

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
    >>> serialize(load(), "ntriples").count(b"\\n") == len(load())
    True
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdflib_format, _, keeps_graphs = FORMATS[fmt]
    source = dataset if keeps_graphs else union_graph(dataset)
    data = source.serialize(format=rdflib_format, encoding="utf-8")
    if fmt in ("ntriples", "nquads"):
        lines = sorted(set(data.splitlines(keepends=True)) - {b"\n"})
        data = b"".join(lines)
    return data


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
