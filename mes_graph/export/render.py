"""One call: a dataset, a format and a profile, as bytes or as a file written atomically.

Takes the dataset ``load`` built, a format of ``FORMATS`` or ``NETWORK_FORMATS`` and a
profile of ``PROFILES``; gives the document (or a folder's files), or writes it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from mes_graph.base.files import write_atomic, write_folder_atomic
from mes_graph.export.dumps import write_rdf
from mes_graph.export.networks import (
    NETWORK_FORMATS,
    csv_tables,
    network_with_metrics,
    to_gexf,
    to_graphml,
)
from mes_graph.export.profiles import PROFILES, apply_profile
from mes_graph.export.release import release_date
from mes_graph.export.schemaorg import schemaorg_documents
from mes_graph.export.syntaxes import FORMATS, serialize

__all__ = ["export", "render"]


def render(dataset: Dataset, fmt: str, profile: str = "public") -> bytes | dict[str, bytes]:
    """The export of a dataset in a format and profile: bytes, or files of a folder.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    fmt : str
        A key of ``FORMATS`` or ``NETWORK_FORMATS``; ``jsonld`` with ``schemaorg``.
    profile : str
        A key of ``PROFILES``.

    Returns
    -------
    bytes or dict
        One file's content, or file name to content for a folder (``csv``, ``schemaorg``).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> {"nodes.csv", "edges.csv"} <= set(render(load(), "csv"))
    True
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    if profile == "schemaorg":
        if fmt != "jsonld":
            raise ValueError("the schemaorg profile is written as JSON-LD (--format jsonld)")
        return schemaorg_documents(dataset)
    data = apply_profile(dataset, profile)
    if fmt in FORMATS:
        return serialize(data, fmt)
    if fmt not in NETWORK_FORMATS:
        choices = ", ".join([*FORMATS, *NETWORK_FORMATS])
        raise ValueError(f"unknown format {fmt!r}; choose one of {choices}")
    if fmt == "csv":
        return csv_tables(data)
    G = network_with_metrics(data)
    return to_graphml(G) if fmt == "graphml" else to_gexf(G, release_date(dataset))


def export(dataset: Dataset, fmt: str, path: Path | str, profile: str = "public") -> Path:
    """Write a dataset in a format and profile, atomically, to ``path``.

    An RDF syntax is written in a stream (``write_rdf``: from the store's order from
    ``STREAM_FROM`` statements, sorted below); the other formats as ``render`` gives them.

    Parameters
    ----------
    dataset : rdflib.Dataset
    fmt : str
        A key of ``FORMATS`` or ``NETWORK_FORMATS``.
    path : Path or str
        The file to write; a folder for ``csv`` and the ``schemaorg`` profile.
    profile : str
        A key of ``PROFILES`` (``public`` by default).

    Returns
    -------
    Path
        The file or folder written.
    """
    if fmt in FORMATS and profile in PROFILES and profile != "schemaorg":  # in a stream
        path = Path(path)
        write_rdf(path.parent, apply_profile(dataset, profile), [fmt], names={fmt: path.name})
        return path
    content = render(dataset, fmt, profile)
    if isinstance(content, dict):
        return write_folder_atomic(path, content)
    return write_atomic(path, content)
