"""Write tables for spreadsheets: CSV whose cells no spreadsheet runs as a formula.

Takes rows of cells; gives CSV bytes (comma or semicolon, with or without a byte order
mark) in which a text a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, a
tab or a carriage return first) starts with ``'``, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""


def spreadsheet_cell(value: Any) -> str:
    """A cell for a CSV meant for spreadsheets, with a ``'`` before anything read as a formula.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any
    quotes) gains a leading ``'``, as OWASP advises against CSV injection; a plain number
    (``-3.5``, ``+1e3``) is left as it is. ``mes_graph.spreadsheets`` takes the ``'`` off
    again on import, so the round trip gives the text back exactly.

    Parameters
    ----------
    value : object
        The cell: ``None`` is an empty cell, anything else is written as ``str(value)``.

    Returns
    -------
    str
        The text to write.

    Examples
    --------
    >>> [spreadsheet_cell(v) for v in ('=HYPERLINK("http://x")', "+1+1", "-3.5", -2, "MES")]
    ['\\'=HYPERLINK("http://x")', "'+1+1", '-3.5', '-2', 'MES']
    >>> spreadsheet_cell("'=1"), spreadsheet_cell(None)
    ("''=1", '')
    """
    text = "" if value is None else str(value)
    if not text.lstrip("'").startswith(FORMULA_STARTS):
        return text
    if set(text) <= set("0123456789+-.eE"):  # a number as float() reads it: [+-]d[.d][e[+-]d]
        try:
            float(text)
        except ValueError:
            pass
        else:
            return text
    return "'" + text


def csv_bytes(rows: Iterable[Sequence[Any]], sep: str = ",", bom: bool = False) -> bytes:
    r"""CSV of rows for a spreadsheet: every cell through ``spreadsheet_cell``.

    A row holding a lone carriage return is quoted whole: ``csv`` quotes a line feed, not
    a carriage return, which a spreadsheet takes for a new row.

    Parameters
    ----------
    rows : iterable of sequences
        The header first, if any; ``None`` is an empty cell.
    sep : str
        The separator (``;`` for French spreadsheets).
    bom : bool
        Start with the UTF-8 byte order mark, as spreadsheets like.

    Returns
    -------
    bytes

    Examples
    --------
    >>> csv_bytes([["name", "note"], ["MES", "=1+1"], ["ARDES", None]])
    b"name,note\nMES,'=1+1\nARDES,\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    quoted = csv.writer(buffer, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [spreadsheet_cell(cell) for cell in row]
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode("utf-8")
