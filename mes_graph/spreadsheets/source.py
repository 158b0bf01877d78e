"""The source of an import: the document its statements come from, when a row names none.

Takes what ``--source "titre, date, adresse"`` and ``--publisher`` say (or nothing) and
the files imported; gives a ``Source`` (its IRI ``src:import-…`` minted from its title
and date) and, when a row relies on it, its description as a ``mes:SourceDocument``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.terms import DCTERMS, FOAF, MES, PROV, RDF, SCHEMA, SKOS, XSD
from mes_graph.spreadsheets.cells import IRI_PATTERN, slug
from mes_graph.spreadsheets.columns import ORGA, SRC
from mes_graph.spreadsheets.context import Context
from mes_graph.spreadsheets.dates import parse_date

__all__ = ["Source", "add_source_document", "import_source", "parse_source"]


class Source(NamedTuple):
    """The document an import records as the source of its statements."""

    iri: URIRef
    title: str
    date: Literal
    url: str | None
    publisher: Node
    language: str
    files: tuple[str, ...]


def parse_source(
    text: str | None, files: Sequence[str], today: dt.date | None = None
) -> tuple[str, Literal, str | None]:
    """Read ``--source "titre, date, adresse"``: date and address are found by their shape.

    Parameters
    ----------
    text : str or None
        What the user wrote; the date and the address may be missing.
    files : sequence of str
        The imported file names: the title when ``text`` gives none.
    today : datetime.date, optional
        The date when ``text`` gives none (default: today).

    Returns
    -------
    title : str
    date : rdflib.Literal
        Typed like ``parse_date``'s.
    url : str or None

    Examples
    --------
    >>> title, date, url = parse_source("Annuaire 2026, 15/01/2026, https://ex.org/a", [])
    >>> title, str(date), url
    ('Annuaire 2026', '2026-01-15', 'https://ex.org/a')
    >>> parse_source(None, ["acteurs.csv"], dt.date(2026, 1, 2))[:2]
    ('acteurs.csv', rdflib.term.Literal('2026-01-02', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')))
    """
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    url = next((p for p in parts if IRI_PATTERN.match(p)), None)
    date = None
    for part in reversed(parts):
        if part == url:
            continue
        try:
            date = parse_date(part)
        except ValueError:
            continue
        parts.remove(part)
        break
    title = ", ".join(p for p in parts if p != url) or ", ".join(files)
    if date is None:
        date = Literal((today or dt.date.today()).isoformat(), datatype=XSD.date)
    return title, date, url


def import_source(
    text: str | None,
    files: Sequence[str],
    ctx: Context,
    publisher: str | None = None,
    today: dt.date | None = None,
    language: str = "fr",
) -> Source:
    """The source of an import: ``parse_source`` of ``text``, its IRI, its publisher.

    Parameters
    ----------
    text : str or None
        ``--source``.
    files : sequence of str
        The imported file names.
    ctx : Context
        The publisher is recognised among its actors by name.
    publisher : str, optional
        An actor's name, or any text; by default MES.
    today : datetime.date, optional
        The date when ``text`` gives none.
    language : str
        The language of the document.

    Returns
    -------
    Source

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.spreadsheets.context import context
    >>> source = import_source("Annuaire 2026, 2026-01", ["a.csv"], context(load()), "ESS France")
    >>> str(source.iri), str(source.publisher)
    ('https://w3id.org/mes-graph/id/source/import-annuaire-2026-2026-01', 'https://w3id.org/mes-graph/id/organisation/ess-france')
    """
    title, date, url = parse_source(text, files, today)
    found: Node = ORGA["mes"] if ORGA["mes"] in ctx.organisations else Literal("MES")
    if publisher:
        known = ctx.names.get(fold(publisher), set())
        found = next(iter(known)) if len(known) == 1 else Literal(publisher)
    iri = SRC[f"import-{slug(title, 40) or 'tableur'}-{date}"]
    return Source(iri, title, date, url, found, language, tuple(files))


def add_source_document(graph: Graph, source: Source) -> None:
    """Add the description of an import's source document to a graph.

    Examples
    --------
    >>> g = Graph()
    >>> add_source_document(g, Source(SRC["s"], "t", Literal("2026"), None, Literal("MES"),
    ...                               "fr", ("acteurs.csv",)))
    >>> print(g.value(SRC["s"], SKOS.editorialNote))
    Importé par mes-graph import de acteurs.csv.
    """
    doc = source.iri
    for cls in (MES.SourceDocument, FOAF.Document, PROV.Entity):
        graph.add((doc, RDF.type, cls))
    graph.add((doc, DCTERMS.title, Literal(source.title, lang=source.language)))
    graph.add((doc, DCTERMS.publisher, source.publisher))
    graph.add((doc, DCTERMS.language, Literal(source.language)))
    graph.add((doc, DCTERMS.date, source.date))
    if source.url:
        graph.add((doc, SCHEMA.url, URIRef(source.url)))
    note = f"Importé par mes-graph import de {', '.join(source.files)}."
    graph.add((doc, SKOS.editorialNote, Literal(note, lang="fr")))
