"""Reading spreadsheets: a CSV file or an XLSX workbook into tables.

Takes a ``.csv`` file (UTF-8 with or without BOM, or Windows-1252 as French Excel saves
them; comma, semicolon or tab, sniffed) or a ``.xlsx`` workbook (read within limits by
``mes_graph.spreadsheets.xlsx``); gives its tables with the mistakes of their headers. A
cell ``'=…``, as ``write_tables`` writes a formula-like text, is read as ``=…``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from mes_graph.spreadsheets.cells import unquote_cell
from mes_graph.spreadsheets.mistakes import Mistake
from mes_graph.spreadsheets.rows import Table, table_of_rows
from mes_graph.spreadsheets.xlsx import read_workbook

__all__ = ["decoded_rows", "read_csv_file", "read_spreadsheet"]


def read_csv_file(path: Path) -> tuple[list[Table], list[Mistake]]:
    """Read a CSV file: its one table, named by the file's name or by its columns.

    Parameters
    ----------
    path : Path

    Returns
    -------
    tables : list of Table
        One, or none when the file cannot be read or no table is recognised.
    mistakes : list of Mistake

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_bytes("membre,organisation\\nARDES,MES\\n".encode("cp1252"))
    >>> tables, mistakes = read_csv_file(path)
    >>> tables[0].name, tables[0].separator, mistakes
    ('adhesions', ',', [])
    """
    name = path.name
    try:
        rows, sep = decoded_rows(path.read_bytes())
    except ValueError as err:
        return [], [Mistake(name, message=str(err))]
    table, mistakes = table_of_rows(name, path, None, rows, sep)
    return ([table] if table else []), mistakes


def decoded_rows(raw: bytes, preferred: str = ",") -> tuple[list[list[str]], str]:
    """The rows of a CSV file's bytes and their separator, as spreadsheet software saves them.

    UTF-8 (with or without its byte order mark), else Windows-1252; the separator the
    first line uses most (``,``, ``;`` or a tab; ``preferred`` on a tie); cells ``'=…``
    read back as ``=…`` (``unquote_cell``).

    Raises
    ------
    ValueError
        Neither encoding, or no CSV: the message, in French, says what to do.

    Examples
    --------
    >>> decoded_rows("nom;sigle\\r\\nAssociation, Lille;ARDES\\r\\n".encode("cp1252"))
    ([['nom', 'sigle'], ['Association, Lille', 'ARDES']], ';')
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(
                "ni UTF-8 ni Windows-1252 — enregistrez le fichier en « CSV UTF-8 »"
            ) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda s: (counts[s], s == preferred))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        return [[unquote_cell(cell) for cell in row] for row in reader], sep
    except csv.Error as err:
        raise ValueError(f"CSV illisible : {err}") from None


def read_spreadsheet(path: Path | str) -> tuple[list[Table], list[Mistake]]:
    """Read a CSV file or an XLSX workbook into tables, with the mistakes of its headers.

    A CSV file holds one table, named by its file name (``acteurs.csv``,
    ``adhesions-2026.csv``) or else recognised by its columns; an XLSX workbook holds
    one table per sheet, named likewise (a sheet ``listes`` is skipped). A workbook is
    checked before it is read and read within limits (``XLSX_MAX_BYTES`` and the other
    ``XLSX_MAX_…``): its declared size is ignored. A cell ``'=…`` (as ``write_tables``
    writes a formula-like text) is read as ``=…`` (``unquote_cell``).

    Parameters
    ----------
    path : Path or str
        A ``.csv`` or ``.xlsx`` file.

    Returns
    -------
    tables : list of Table
    mistakes : list of Mistake
        Unknown, doubled or missing columns, an unreadable file.

    Raises
    ------
    OSError
        The file cannot be opened, or it is XLSX and openpyxl is missing; a
        ``SpreadsheetRefused`` when a workbook is not one, or goes past a limit of size,
        rows, columns, cells or time (« bombs »).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acteurs.csv"
    >>> _ = path.write_bytes("\\ufeffnom;type;régoin\\nARDES;RT;Normandie\\n".encode())
    >>> tables, mistakes = read_spreadsheet(path)
    >>> tables[0].name, tables[0].rows[0].cells
    ('acteurs', {'nom': 'ARDES', 'type': 'RT'})
    >>> print(mistakes[0])
    acteurs.csv, ligne 1, colonne « régoin » : colonne inconnue dans la table acteurs — vouliez-vous dire « region » ?
    """  # noqa: E501
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv_file(path)
    raise OSError(0, "not a spreadsheet: give .csv or .xlsx files", str(path))
