"""Cells: what a spreadsheet cell holds, read as text and split into values; slugs.

Takes cells as CSV files and XLSX sheets give them (texts, numbers, dates, booleans);
gives their text as the user meant it, the ``'`` that guarded a formula-like text taken
off, their values split on ``|`` or ``;``; readable IRI ends (``slug``) and the IRIs an
identifier cell gives; and, the other way, the cells a source or an IRI is written as.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.tables import FORMULA_STARTS
from mes_graph.spreadsheets.columns import SRC

__all__ = [
    "DOMAIN_PATTERN",
    "IRI_PATTERN",
    "SLUG_PATTERN",
    "cell_text",
    "cell_values",
    "given_iri",
    "local_name",
    "slug",
    "source_cell",
    "unquote_cell",
]

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_.]+[a-z0-9]+)*$")
"""An identifier: lower-case ASCII letters and digits, joined by ``-``, ``_`` or ``.``."""

IRI_PATTERN = re.compile(r"^(https?://|urn:)[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
"""A full IRI written in a cell: ``http(s)://…`` or ``urn:…``."""

DOMAIN_PATTERN = re.compile(r"^[\w-]+(\.[\w-]+)+(/\S*)?$")
"""A web address written without its scheme: ``www.exemple.org/page``."""

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ß": "ss"})


def slug(name: str, length: int = 60) -> str:
    """A readable IRI end for a name: lower case, no accents, words joined by hyphens.

    Parameters
    ----------
    name : str
        A name or an acronym.
    length : int
        At most this many characters, cut at a hyphen.

    Returns
    -------
    str
        Lower-case ASCII letters, digits and hyphens (empty if the name has none).

    Examples
    --------
    >>> slug("Collège d'Études Mondiales")
    'college-d-etudes-mondiales'
    >>> slug("Cœur de l’ESS !")
    'coeur-de-l-ess'
    """
    words = fold(name.translate(_LIGATURES).casefold().translate(_LIGATURES)).split()
    words = ["".join(c for c in w if c.isascii()) for w in words]
    text = "-".join(w for w in words if w)
    while len(text) > length and "-" in text:
        text = text.rsplit("-", 1)[0]
    return text[:length]


def cell_values(cell: str, multiple: bool) -> list[str]:
    """The values of a cell: split on ``|`` or ``;`` when its column holds several.

    Examples
    --------
    >>> cell_values("Culture | Circuits courts;", True), cell_values("a | b", False)
    (['Culture', 'Circuits courts'], ['a | b'])
    """
    if not multiple:
        return [cell] if cell else []
    return [v.strip() for v in re.split(r"[|;]", cell) if v.strip()]


def unquote_cell(text: str) -> str:
    """A cell as it was before ``spreadsheet_cell`` guarded it: one leading ``'`` taken off.

    The ``'`` goes only before a formula character (``=``, ``+``, ``-``, ``@``, a tab, a
    carriage return), after any further quotes: ``unquote_cell(spreadsheet_cell(t)) == t``
    for every text ``t``, so the tables written for spreadsheets import back as they were.

    Parameters
    ----------
    text : str
        A cell as read from a CSV file or an XLSX sheet.

    Returns
    -------
    str

    Examples
    --------
    >>> [unquote_cell(t) for t in ("'=SUM(1+1)", "''-1", "'-3.5", "l'ESS", "'oui", "-3.5")]
    ['=SUM(1+1)', "'-1", '-3.5', "l'ESS", "'oui", '-3.5']
    """
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def cell_text(value: Any, number_format: str | None = None) -> str:
    """The text of a spreadsheet cell, dates written back as the user meant them.

    Parameters
    ----------
    value : object
        What openpyxl reads: None, a text, a number, a boolean, a date.
    number_format : str, optional
        The cell's format: a date shown as a month (``mm/yyyy``) or a year is read so.

    Returns
    -------
    str

    Examples
    --------
    >>> cell_text(dt.datetime(2002, 3, 1), "mm/yyyy"), cell_text(2002.0), cell_text(True)
    ('2002-03', '2002', 'oui')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime | dt.date):
        fmt = (number_format or "").lower()
        if "d" not in fmt and "m" in fmt:
            return f"{value.year:04d}-{value.month:02d}"
        if "d" not in fmt and "m" not in fmt and "y" in fmt:
            return f"{value.year:04d}"
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def local_name(node: Node) -> str:
    """The end of an IRI, after its last ``/`` or ``#``.

    Examples
    --------
    >>> local_name(URIRef("https://w3id.org/mes-graph/id/organisation/ardes"))
    'ardes'
    """
    return re.split(r"[/#]", str(node).rstrip("/"))[-1]


def given_iri(text: str, namespace: Namespace, prefixed: Mapping[str, Namespace]) -> URIRef | None:
    """The IRI an identifier cell gives: a full IRI, ``prefix:end`` or an IRI end.

    Parameters
    ----------
    text : str
        The cell.
    namespace : rdflib.Namespace
        Where an IRI end goes.
    prefixed : mapping of str to rdflib.Namespace
        The prefixes a cell may write (``orga:…``, ``person:…``).

    Returns
    -------
    rdflib.URIRef or None
        None when the cell is no identifier (capitals, accents, spaces).

    Examples
    --------
    >>> ns = Namespace("urn:x:")
    >>> given_iri("ardes", ns, {}), given_iri("x:ardes", ns, {"x": ns}), given_iri("Ardes", ns, {})
    (rdflib.term.URIRef('urn:x:ardes'), rdflib.term.URIRef('urn:x:ardes'), None)
    """
    if IRI_PATTERN.match(text):
        return URIRef(text)
    prefix, _, local = text.partition(":")
    if local and prefix in prefixed and SLUG_PATTERN.match(local):
        return prefixed[prefix][local]
    return namespace[text] if SLUG_PATTERN.match(text) else None


def source_cell(node: Node) -> str:
    """A source as a cell names it: ``src:end`` for ours, else its IRI.

    Examples
    --------
    >>> source_cell(SRC["annuaire"]), source_cell(URIRef("https://ex.org/a"))
    ('src:annuaire', 'https://ex.org/a')
    """
    return f"src:{local_name(node)}" if str(node).startswith(str(SRC)) else str(node)
