"""Rows: a table as read from a CSV file or an XLSX sheet, its header mapped to columns.

Takes the rows of cells of a file or a sheet (texts); gives a ``Table``: which of the
three tables it is, where each column stands, and its rows (``Row``) numbered as a
spreadsheet shows them (the header is line 1, blank lines on top count), with the
mistakes of its header: an unknown, doubled or missing column.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from mes_graph.actors import fold
from mes_graph.spreadsheets.columns import COLUMN_NAMES, IGNORED_COLUMNS, TABLES, which_table
from mes_graph.spreadsheets.mistakes import Mistake

__all__ = ["Row", "Table", "blank_rows_on_top", "table_of_rows"]


class Row(NamedTuple):
    """One row of a table as read: where it is and its cells by column."""

    file: str
    number: int
    cells: dict[str, str]
    raw: tuple[str, ...]
    outside: tuple[str, ...] = ()


class Table(NamedTuple):
    """One table read from a CSV file or an XLSX sheet."""

    name: str
    file: str
    path: Path
    sheet: str | None
    header: tuple[str, ...]
    columns: dict[str, tuple[int, str]]
    rows: list[Row]
    separator: str


def blank_rows_on_top(rows: Sequence[Sequence[str]]) -> int:
    """How many rows of cells start a file or a sheet with nothing in them.

    Examples
    --------
    >>> blank_rows_on_top([["", " "], [], ["nom"]])
    2
    """
    blank = 0
    while blank < len(rows) and not any(cell.strip() for cell in rows[blank]):
        blank += 1
    return blank


def table_of_rows(
    file: str, path: Path, sheet: str | None, rows: list[list[str]], separator: str
) -> tuple[Table | None, list[Mistake]]:
    """Map the header of rows to the columns of a table; gather the rows below it.

    The table is named by the sheet, or else by the file's name; else recognised by the
    columns of its header.

    Parameters
    ----------
    file : str
        The file as the mistakes name it (``acteurs.xlsx, feuille « acteurs »``).
    path : Path
        The file read.
    sheet : str or None
        The sheet of a workbook.
    rows : list of list of str
        Every row of the file or sheet: blank rows on top count in the line numbers.
    separator : str
        The file's separator, for the file of its rejected rows.

    Returns
    -------
    table : Table or None
        None when no table is recognised, or there are no rows.
    mistakes : list of Mistake

    Examples
    --------
    >>> rows = [[], ["nom", "type"], ["ARDES", "RT"]]
    >>> table, mistakes = table_of_rows("a.csv", Path("acteurs.csv"), None, rows, ",")
    >>> table.name, table.rows[0].number, table.rows[0].cells, mistakes
    ('acteurs', 3, {'nom': 'ARDES', 'type': 'RT'}, [])
    """
    blank = blank_rows_on_top(rows)
    table, mistakes = _table(file, path, sheet, rows[blank:], separator)
    if table is not None and blank:
        table = table._replace(rows=[row._replace(number=row.number + blank) for row in table.rows])
        mistakes = [m if m.line == 0 else m.moved(blank) for m in mistakes]
    return table, mistakes


def _table(
    file: str, path: Path, sheet: str | None, rows: list[list[str]], separator: str
) -> tuple[Table | None, list[Mistake]]:
    """``table_of_rows`` of rows whose first is the header."""
    if not rows:
        return None, [Mistake(file, message="aucune donnée : la première ligne doit porter "
                              "les noms des colonnes")]  # fmt: skip
    header = [h.strip() for h in rows[0]]
    table = which_table(sheet or path.stem, header)
    if table is None:
        message = ("impossible de savoir quelle table est dans ce fichier — nommez-le acteurs, "
                   "adhesions ou personnes")  # fmt: skip
        return None, [Mistake(file, 1, message=message)]
    names = COLUMN_NAMES[table]
    mistakes: list[Mistake] = []
    columns: dict[str, tuple[int, str]] = {}
    for position, heading in enumerate(header):
        key = fold(heading)
        if not key or key in IGNORED_COLUMNS:
            continue
        column = names.get(key)
        if column is None:
            near = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
            text = f"colonne inconnue dans la table {table}"
            if near:
                text += f" — vouliez-vous dire « {names[near[0]]} » ?"
            mistakes.append(Mistake(file, 1, position, heading, text))
        elif column in columns:
            first = columns[column][1]
            mistakes.append(Mistake(file, 1, position, heading, f"colonne en double (« {first} »)"))
        else:
            columns[column] = (position, heading)
    used = {pos for pos, _ in columns.values()}
    ignored = {pos for pos, heading in enumerate(header) if fold(heading) in IGNORED_COLUMNS}
    missing = [c.name for c in TABLES[table] if c.required and c.name not in columns]
    for column in missing:
        mistakes.append(Mistake(file, 1, message=f"colonne « {column} » absente — elle est "
                                "obligatoire"))  # fmt: skip
    read = []
    if not missing:
        for number, row in enumerate(rows[1:], start=2):  # the header is line 1
            if not any(cell.strip() for cell in row):
                continue
            cells = {
                col: (row[pos].strip() if pos < len(row) else "")
                for col, (pos, _) in columns.items()
            }
            outside = tuple(
                cell.strip()
                for pos, cell in enumerate(row)
                if cell.strip() and pos not in used and pos not in ignored
            )
            read.append(Row(file, number, cells, tuple(row), outside))
    result = Table(table, file, path, sheet, tuple(header), columns, read, separator)
    return result, mistakes
