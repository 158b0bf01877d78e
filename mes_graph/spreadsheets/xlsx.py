"""XLSX workbooks read within limits: a hostile file is refused before it costs much.

Takes a ``.xlsx`` file; gives its tables (a sheet each; a sheet ``listes`` is skipped)
with the mistakes of their headers, or refuses it whole (``SpreadsheetRefused``): not a
ZIP archive, or past a limit of size, compression, parts, rows, columns, cells or time.
The archive's directory is checked before ``zipfile`` reads it, each XML part streamed in
constant memory before openpyxl opens the workbook (a DOCTYPE is refused), and the sheets
read again within the same limits, their declared size ignored: a decompression bomb is
refused at once. The limits are this module's ``XLSX_MAX_…``, read when a workbook is.
"""

from __future__ import annotations

import io
import posixpath
import struct
import time
import zipfile
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from mes_graph.actors import fold
from mes_graph.spreadsheets.cells import cell_text, unquote_cell
from mes_graph.spreadsheets.columns import which_table
from mes_graph.spreadsheets.mistakes import Mistake
from mes_graph.spreadsheets.rows import Table, blank_rows_on_top, table_of_rows

__all__ = [
    "XLSX_MAX_BYTES",
    "XLSX_MAX_CELLS",
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_DIRECTORY_BYTES",
    "XLSX_MAX_PARTS",
    "XLSX_MAX_PART_BYTES",
    "XLSX_MAX_RATIO",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_SECONDS",
    "XLSX_RATIO_FROM",
    "SpreadsheetRefused",
    "WorkbookLimits",
    "check_workbook",
    "read_workbook",
    "sheet_rows",
]

XLSX_MAX_BYTES = 100_000_000
"""A workbook's size once uncompressed, all its parts: 100 MB (real ones: a few MB)."""

XLSX_MAX_PART_BYTES = 50_000_000
"""The size of one part once uncompressed (a sheet, the shared strings): 50 MB."""

XLSX_MAX_RATIO = 200
"""How many times a part of more than ``XLSX_RATIO_FROM`` bytes may be compressed:
real sheets are compressed 5 to 30 times, decompression bombs about 1,000 times."""

XLSX_RATIO_FROM = 1_000_000
"""Below this size (1 MB) a part is too small for its compression ratio to matter."""

XLSX_MAX_PARTS = 1_000
"""Files in the archive: a workbook has about ten, and one or two per sheet."""

XLSX_MAX_DIRECTORY_BYTES = 1_000_000
"""The size of the archive's directory (the list of its files), read before it is opened."""

XLSX_MAX_ROWS = 200_000
"""Rows of a sheet, counting the empty ones before the last (20 times the 10,000 rows
the tests import in seconds)."""

XLSX_MAX_COLUMNS = 200
"""Columns of a sheet: the widest table has 25 (and a ``motif`` column)."""

XLSX_MAX_CELLS = 1_000_000
"""Cells of a workbook (the empty ones of a row before its last included), and shared
strings: 40,000 actors of 25 columns. A workbook at this limit and at the size limits
(a million cells and a million shared strings) took 25 s and 170 MB to read."""

XLSX_MAX_SECONDS = 60.0
"""Time to check and read a workbook."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_NOT_A_ZIP = ("pas un classeur XLSX : ce n'est pas une archive ZIP — enregistrez-le au format "
              ".xlsx ou en CSV")  # fmt: skip


class SpreadsheetRefused(OSError):
    """A workbook refused whole: not an XLSX file, or past a limit of size, shape or time.

    An ``OSError`` as a missing file is: the command line prints it on one line and
    exits 2, writing nothing; ``mistake`` is the mistake as the other mistakes are given.

    Parameters
    ----------
    path : Path
        The file refused.
    message : str
        Why, in French: what went past which limit.

    Examples
    --------
    >>> err = SpreadsheetRefused(Path("bombe.xlsx"), "classeur XLSX refusé : trop grand")
    >>> print(err)
    bombe.xlsx : classeur XLSX refusé : trop grand
    >>> err.filename, err.mistake.file
    ('bombe.xlsx', 'bombe.xlsx')
    """

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(0, message, str(path))
        self.mistake = Mistake(path.name, message=message)

    def __str__(self) -> str:
        return str(self.mistake)


def _count(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def _size(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f} Go".replace(".", ",")
    if n >= 1_000_000:
        return f"{n / 1e6:.0f} Mo"
    return f"{n / 1e3:.0f} ko"


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class WorkbookLimits:
    """The limits of one workbook as it is checked and read: cells so far, the deadline.

    Parameters
    ----------
    path : Path
        The workbook, which a refusal names.

    Examples
    --------
    >>> limits = WorkbookLimits(Path("acteurs.xlsx"))
    >>> limits.column("feuille « acteurs »", 201)
    Traceback (most recent call last):
    ...
    mes_graph.spreadsheets.xlsx.SpreadsheetRefused: acteurs.xlsx : feuille « acteurs » : colonne GS, au-delà de la limite de 200 colonnes
    """  # noqa: E501

    def __init__(self, path: Path) -> None:
        self.path = path
        self.deadline = time.monotonic() + XLSX_MAX_SECONDS
        self.cells = 0
        self.titles: dict[tuple[str, str], str] = {}  # (workbook part, rel id) -> sheet
        self.targets: dict[tuple[str, str], str] = {}  # (workbook part, rel id) -> part

    def refuse(self, message: str) -> NoReturn:
        """Refuse the workbook: raise ``SpreadsheetRefused`` with the message."""
        raise SpreadsheetRefused(self.path, message)

    def where(self, part: str) -> str:
        """The sheet a part holds, as the user knows it, else the part's name."""
        for key, target in self.targets.items():
            if target == part and key in self.titles:
                return f"classeur XLSX refusé, feuille « {self.titles[key]} »"
        return f"classeur XLSX refusé, « {part} »"

    def check_time(self) -> None:
        """Refuse the workbook past its deadline."""
        if time.monotonic() > self.deadline:
            self.refuse(
                f"classeur XLSX refusé : lecture arrêtée après {XLSX_MAX_SECONDS:g} s (limite) "
                "— enregistrez-le en CSV ou coupez-le en plusieurs fichiers"
            )

    def row(self, where: str, number: int) -> None:
        """Refuse a row past the last one allowed."""
        if number > XLSX_MAX_ROWS:
            self.refuse(f"{where} : ligne {_count(number)}, au-delà de la limite de "
                        f"{_count(XLSX_MAX_ROWS)} lignes par feuille")  # fmt: skip

    def column(self, where: str, column: int) -> None:
        """Refuse a column past the last one allowed."""
        if column > XLSX_MAX_COLUMNS:
            self.refuse(f"{where} : colonne {_letters(column)}, au-delà de la limite de "
                        f"{XLSX_MAX_COLUMNS} colonnes")  # fmt: skip

    def add_cells(self, where: str, count: int) -> None:
        """Count cells; refuse the workbook past the limit."""
        self.cells += count
        if self.cells > XLSX_MAX_CELLS:
            self.refuse(f"{where} : plus de {_count(XLSX_MAX_CELLS)} cellules dans le "
                        "classeur (limite)")  # fmt: skip


def _check_directory(path: Path, limits: WorkbookLimits) -> None:
    """Refuse a file whose ZIP directory is missing or too big, before ``zipfile`` reads it."""
    with path.open("rb") as stream:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(max(0, size - 22 - 65_535))
        tail = stream.read()
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        limits.refuse(_NOT_A_ZIP)
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if entries > XLSX_MAX_PARTS or directory > XLSX_MAX_DIRECTORY_BYTES:
        shown = "plus de 65 535" if entries == 0xFFFF else _count(entries)
        limits.refuse(f"classeur XLSX refusé : {shown} fichiers dans l'archive, répertoire de "
                      f"{_size(directory)} (limites : {_count(XLSX_MAX_PARTS)} fichiers, "
                      f"{_size(XLSX_MAX_DIRECTORY_BYTES)})")  # fmt: skip


def _check_parts(archive: zipfile.ZipFile, limits: WorkbookLimits) -> list[zipfile.ZipInfo]:
    """Refuse an archive with too many parts, or parts too big or too compressed."""
    infos = archive.infolist()
    if len(infos) > XLSX_MAX_PARTS:
        limits.refuse(f"classeur XLSX refusé : {_count(len(infos))} fichiers dans l'archive "
                      f"(limite : {_count(XLSX_MAX_PARTS)})")  # fmt: skip
    for info in infos:
        if info.file_size > XLSX_MAX_PART_BYTES:
            limits.refuse(f"classeur XLSX refusé : « {info.filename} » ferait "
                          f"{_size(info.file_size)} une fois décompressé (limite : "
                          f"{_size(XLSX_MAX_PART_BYTES)} par partie)")  # fmt: skip
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
            limits.refuse(f"classeur XLSX refusé : « {info.filename} » est compressé "
                          f"{_count(ratio)} fois (limite : {XLSX_MAX_RATIO}) — une bombe "
                          "de décompression ?")  # fmt: skip
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_BYTES:
        limits.refuse(f"classeur XLSX refusé : {_size(total)} une fois décompressé (limite : "
                      f"{_size(XLSX_MAX_BYTES)})")  # fmt: skip
    return infos


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: WorkbookLimits) -> None:
    """Stream one XML part, in constant memory: refuse a DOCTYPE, too many rows, columns,
    cells or shared strings; note the sheets of a workbook part and the targets of rels.

    The rows and columns are counted as openpyxl reads them: the empty rows before a row
    and the empty cells before a cell are filled in.
    """
    part = info.filename
    rels = posixpath.basename(posixpath.dirname(part)) == "_rels" and part.endswith(".rels")
    source = posixpath.join(posixpath.dirname(posixpath.dirname(part)),
                            posixpath.basename(part)[: -len(".rels")]) if rels else ""  # fmt: skip
    base = posixpath.dirname(source)
    row = column = width = strings = 0
    where = ""

    def doctype(*_: Any) -> None:
        limits.refuse(f"classeur XLSX refusé : « {part} » déclare un DOCTYPE, ce qu'aucun "
                      "classeur ne fait")  # fmt: skip

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, column, width, strings, where
        if name == _MAIN + "c":
            ref, found = attrs.get("r", ""), 0
            for char in ref[:4]:  # XFD, the last column of Excel, has three letters
                if not "A" <= char <= "Z":
                    break
                found = found * 26 + ord(char) - 64
            column = found or column + 1
            where = where or limits.where(part)
            limits.column(where, column)
            if column > width:
                limits.add_cells(where, column - width)
                width = column
        elif name == _MAIN + "row":
            where = where or limits.where(part)
            text = attrs.get("r")
            if text is None:
                row += 1
            else:
                try:
                    row = int(text)
                except ValueError:
                    try:
                        number = float(text)  # openpyxl reads "2.0" as row 2
                    except ValueError:
                        number = 0.5
                    if not number.is_integer():
                        limits.refuse(f"classeur XLSX illisible : « {part} », numéro de ligne "
                                      f"« {text[:20]} » invalide")  # fmt: skip
                    row = int(number)
            limits.row(where, row)
            column = width = 0
        elif name == _MAIN + "si":
            strings += 1
            if strings > XLSX_MAX_CELLS:
                limits.refuse(f"classeur XLSX refusé : « {part} », plus de "
                              f"{_count(XLSX_MAX_CELLS)} textes (limite)")  # fmt: skip
        elif name == _MAIN + "sheet" and _REL_ID in attrs:
            limits.titles[(part, attrs[_REL_ID])] = attrs.get("name", "")
        elif name == _RELATIONSHIP and rels and "Id" in attrs:
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join(base, target)
            limits.targets[(source, attrs["Id"])] = posixpath.normpath(target)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
            limits.check_time()
        parser.Parse(b"", True)


def check_workbook(path: Path, limits: WorkbookLimits) -> None:
    """Check a workbook before openpyxl opens it: a ZIP, within every limit of size and shape.

    Parameters
    ----------
    path : Path
        A ``.xlsx`` file.
    limits : WorkbookLimits
        Its limits: the cells counted, the deadline; it notes the names of the sheets.

    Raises
    ------
    SpreadsheetRefused
        With what went past which limit.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acteurs.xlsx"
    >>> _ = path.write_text("nom;type", encoding="utf-8")
    >>> check_workbook(path, WorkbookLimits(path))
    Traceback (most recent call last):
    ...
    mes_graph.spreadsheets.xlsx.SpreadsheetRefused: acteurs.xlsx : pas un classeur XLSX : ce n'est pas une archive ZIP — enregistrez-le au format .xlsx ou en CSV
    """  # noqa: E501
    _check_directory(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _check_parts(archive, limits)
            xml = [i for i in infos if i.filename.endswith((".xml", ".rels")) and not i.is_dir()]
            for info in (i for i in xml if i.filename.endswith(".rels")):
                _scan_xml(archive, info, limits)
            # the workbook part before the sheets, to name them as the user knows them
            package = {part for (source, _), part in limits.targets.items() if not source}
            rest = [i for i in xml if not i.filename.endswith(".rels")]
            for info in sorted(rest, key=lambda i: (i.filename not in package, i.file_size)):
                _scan_xml(archive, info, limits)
    except SpreadsheetRefused:
        raise
    except zipfile.BadZipFile:
        limits.refuse(_NOT_A_ZIP)
    except expat.ExpatError as err:
        limits.refuse(f"classeur XLSX illisible : XML mal formé ({err})")
    except Exception as err:  # a damaged or encrypted archive: zipfile raises many kinds
        limits.refuse(f"classeur XLSX illisible ({err})")


def sheet_rows(sheet: Any, limits: WorkbookLimits) -> list[list[str]]:
    """The cells of a sheet as text, its declared size ignored, within the limits."""
    sheet.reset_dimensions()  # the size a sheet declares may be false, or a bomb
    where = f"classeur XLSX refusé, feuille « {sheet.title} »"
    rows: list[list[str]] = []
    try:
        for row in sheet.iter_rows():
            limits.row(where, len(rows) + 1)
            limits.column(where, len(row))
            limits.add_cells(where, len(row))
            limits.check_time()
            rows.append([
                cell_text(unquote_cell(c.value) if isinstance(c.value, str) else c.value,
                          getattr(c, "number_format", None))
                for c in row
            ])  # fmt: skip
    except SpreadsheetRefused:
        raise
    except Exception as err:  # a damaged sheet: openpyxl raises many kinds
        limits.refuse(f"classeur XLSX illisible, feuille « {sheet.title} » ({err})")
    return rows


def read_workbook(path: Path) -> tuple[list[Table], list[Mistake]]:
    """Read an XLSX workbook within limits: a table per sheet, the mistakes of their headers.

    A sheet is named after its table (``acteurs``, ``adhesions``, ``personnes``) or else
    recognised by its columns; a sheet ``listes`` and a sheet of notes are skipped.

    Parameters
    ----------
    path : Path
        A ``.xlsx`` file.

    Returns
    -------
    tables : list of Table
    mistakes : list of Mistake

    Raises
    ------
    SpreadsheetRefused
        The file is not a workbook, or goes past a limit (``check_workbook``).
    OSError
        openpyxl is missing.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "classeur.xlsx"
    >>> workbook = openpyxl.Workbook()
    >>> workbook.active.title = "personnes"
    >>> workbook.active.append(["nom"]); workbook.active.append(["Camille Martin"])
    >>> workbook.save(path)
    >>> tables, mistakes = read_workbook(path)
    >>> tables[0].file, tables[0].rows[0].cells, mistakes
    ('classeur.xlsx, feuille « personnes »', {'nom': 'Camille Martin'}, [])
    """
    try:
        import openpyxl
    except ImportError:
        raise OSError(
            0, "reading .xlsx needs openpyxl (pip install openpyxl), or save as CSV", str(path)
        ) from None
    limits = WorkbookLimits(path)
    check_workbook(path, limits)
    limits.cells = 0  # counted again as openpyxl reads them
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # a corrupt or foreign file: openpyxl raises many kinds
        limits.refuse(f"classeur XLSX illisible ({err})")
    tables, mistakes = [], []
    try:
        for sheet in workbook.worksheets:
            if fold(sheet.title) in ("listes", "lists", "liste"):
                continue
            rows = sheet_rows(sheet, limits)
            blank = blank_rows_on_top(rows)
            if blank == len(rows):
                continue
            # the header spans every column used, as the sheet's true size says
            rows[blank] += [""] * (max(map(len, rows)) - len(rows[blank]))
            file = f"{path.name}, feuille « {sheet.title} »"
            table, found = table_of_rows(file, path, sheet.title, rows, ";")
            if table is None and which_table(sheet.title, rows[blank]) is None:
                continue  # a sheet of notes: not a table
            tables.extend([table] if table else [])
            mistakes.extend(found)
    finally:
        workbook.close()
    if not tables and not mistakes:
        mistakes.append(Mistake(path.name, message="aucune feuille acteurs, adhesions ou "
                                "personnes"))  # fmt: skip
    return tables, mistakes
