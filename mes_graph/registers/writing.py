"""Write what a register import keeps: a Turtle file in a stream, or a store's named graph.

Takes an ``Extract`` (the register's source description, then its units one by one, each
a list of statements); gives a Turtle file written through a temporary file beside it and
renamed at the end, or the named graph of the source in an Oxigraph store, replaced whole.
A fault in the middle (a bad row, Ctrl-C) leaves the old file or graph as it was.

Memory holds one unit at a time: the file grows as the register is read.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from mes_graph.base.convert import to_oxigraph
from mes_graph.base.files import replacing
from mes_graph.base.terms import FOAF, RDF, RDFS, SKOS
from mes_graph.base.turtle import BlockStyle, PrefixTable, description_block
from mes_graph.registers.model import REGISTER_PREFIXES, ROV, Statement

__all__ = ["Counts", "Extract", "Unit", "write_store", "write_turtle"]

Unit = list[Statement]
"""Every statement of one unit: its own, then those of its identifiers and address."""


@dataclass
class Extract:
    """What an importer reads from a register, ready to write.

    Attributes
    ----------
    source : URIRef
        The register (``src:insee-sirene``…): the named graph its units go in.
    header : list of statements
        The source's description, its agencies and what it requires
        (``dcterms:requires`` the code lists, which ``load`` reads along).
    units : iterable of Unit
        The kept units, read lazily.
    comment : str
        The first lines of the Turtle file (what was read, when).
    """

    source: URIRef
    header: list[Statement]
    units: Iterable[Unit]
    comment: str = ""


@dataclass
class Counts:
    """How much an import wrote."""

    units: int = 0
    statements: int = 0


STYLE = BlockStyle(
    predicates=[RDF.type, SKOS.prefLabel, ROV.legalName, SKOS.altLabel, FOAF.name, RDFS.label],
    prefix_rank={"kind": 0, "naf": 1, "cj": 2, "effectifs": 3},
    languages=["fr"],
)
PREFIXES = PrefixTable(REGISTER_PREFIXES)


def _blocks(statements: Iterable[Statement]) -> Iterator[str]:
    """The Turtle blocks of statements, one per subject, subjects in the order first seen."""
    by_subject: dict[URIRef, dict[URIRef, list]] = {}
    for s, p, o in statements:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    for subject, description in by_subject.items():
        yield description_block(subject, description, PREFIXES, STYLE)


def write_turtle(extract: Extract, output: Path | str) -> Counts:
    """Write an extract as one readable Turtle file, atomically, in a stream.

    Parameters
    ----------
    extract : Extract
    output : Path or str

    Returns
    -------
    Counts

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Literal
    >>> from mes_graph.registers.model import SRC, SIREN
    >>> unit = [(SIREN["100029172"], SKOS.prefLabel, Literal("JUNIOR", lang="fr"))]
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "r.ttl"
    >>> write_turtle(Extract(SRC["x"], [], [unit], "essai"), out)
    Counts(units=1, statements=1)
    >>> out.read_text().splitlines()[-1]
    'siren:100029172 skos:prefLabel "JUNIOR"@fr .'
    """
    counts = Counts()
    with replacing(output) as raw:
        out = io.TextIOWrapper(raw, "utf-8", newline="\n")
        out.writelines(f"# {line}\n" for line in extract.comment.splitlines())
        out.write("\n".join(PREFIXES.lines()) + "\n")
        for block in _blocks(extract.header):
            out.write(f"\n{block}\n")
        for unit in extract.units:
            counts.units += 1
            counts.statements += len(unit)
            out.write("\n" + "\n".join(_blocks(unit)) + "\n")
        out.flush()
        out.detach()  # the raw file is replacing's to close
    return counts


def _quads(extract: Extract, graph: ox.NamedNode, counts: Counts) -> Iterator[ox.Quad]:
    for s, p, o in extract.header:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)
    for unit in extract.units:
        counts.units += 1
        counts.statements += len(unit)
        for s, p, o in unit:
            yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)


def write_store(extract: Extract, store: ox.Store) -> Counts:
    """Replace the source's named graph in an Oxigraph store by the extract.

    The units go into a staging graph first, copied over the source's graph once every
    unit is in: a newer monthly stock replaces the older one whole, and a bad row halfway
    leaves the older one as it was.

    Parameters
    ----------
    extract : Extract
    store : pyoxigraph.Store

    Returns
    -------
    Counts

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mes_graph.registers.model import SRC, SIREN
    >>> store = ox.Store()
    >>> unit = [(SIREN["100029172"], SKOS.prefLabel, Literal("JUNIOR", lang="fr"))]
    >>> write_store(Extract(SRC["x"], [], [unit]), store), len(store)
    (Counts(units=1, statements=1), 1)
    """
    graph = ox.NamedNode(str(extract.source))
    staging = ox.NamedNode(f"{extract.source}#staging")
    counts = Counts()
    if store.contains_named_graph(staging):  # left by a run that was killed
        store.remove_graph(staging)
    try:
        store.bulk_extend(_quads(extract, staging, counts))
    except BaseException:
        store.remove_graph(staging)
        raise
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    staged = store.quads_for_pattern(None, None, None, staging)
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in staged)
    store.remove_graph(staging)
    store.flush()
    return counts
