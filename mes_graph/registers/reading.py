"""Read a register's table in batches: CSV, CSV in a ZIP archive, or Parquet.

Takes a file and the columns an importer needs; gives batches of rows (pyarrow record
batches, every value a string, empty for missing) with the line number of their first
row, reading a few megabytes at a time whatever the file's size. The header is checked
first: a missing column is a ``RegisterError`` naming the file, line 1 and the column.
A truncated or damaged archive, a CSV row of the wrong width, a Parquet file that is
not one, all end the same way, with the file and where.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from mes_graph.registers.mistakes import RegisterError

__all__ = ["BATCH_BYTES", "batches", "members"]

BATCH_BYTES = 8 * 2**20
"""How much of a CSV file is parsed at a time."""

_SAMPLE = 4 * 2**20


def members(path: Path) -> list[str]:
    """The CSV files of a ZIP archive, in name order; raise if it is damaged or holds none.

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> archive = pathlib.Path(tempfile.mkdtemp()) / "stock.zip"
    >>> with zipfile.ZipFile(archive, "w") as z:
    ...     z.writestr("StockUniteLegale_utf8.csv", "siren\\n")
    >>> members(archive)
    ['StockUniteLegale_utf8.csv']
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if n.lower().endswith(".csv"))
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise RegisterError(path, f"archive ZIP tronquée ou illisible ({err})") from None
    if not names:
        raise RegisterError(path, "l'archive ZIP ne contient aucun fichier CSV")
    return names


@contextlib.contextmanager
def _opened(path: Path, member: str | None) -> Iterator[IO[bytes]]:
    if member is None:
        with path.open("rb") as raw:
            yield raw
        return
    with zipfile.ZipFile(path) as archive, archive.open(member) as raw:
        yield raw


def _encoding(path: Path, member: str | None) -> str:
    """UTF-8 when the first megabytes decode as UTF-8, else Windows-1252 (older RNA files)."""
    with _opened(path, member) as raw:
        sample = raw.read(_SAMPLE)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _header(raw: IO[bytes], encoding: str, delimiter: str) -> list[str]:
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    first = text.readline()
    text.detach()
    return [
        name.strip() for name in next(csv.reader([first.lstrip("\ufeff")], delimiter=delimiter), [])
    ]


def _missing(where: str, found: Sequence[str], columns: Sequence[str]) -> None:
    absent = [column for column in columns if column not in found]
    if absent:
        raise RegisterError(
            where,
            f"colonne obligatoire absente : {absent[0]} (en-tête : {', '.join(found[:6])}…)",
            line=1,
            column=absent[0],
        )


def _csv_batches(
    path: Path, member: str | None, columns: Sequence[str], delimiter: str, multiline: bool
) -> Iterator[tuple[int, pa.RecordBatch]]:
    where = f"{path}:{member}" if member else str(path)
    encoding = _encoding(path, member)
    with _opened(path, member) as raw:
        header = _header(raw, encoding, delimiter)
    _missing(where, header, columns)
    with _opened(path, member) as raw:
        reader = pacsv.open_csv(
            raw,
            read_options=pacsv.ReadOptions(
                block_size=BATCH_BYTES, encoding=encoding, column_names=header, skip_rows=1
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=multiline),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                include_columns=list(columns),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        line = 2
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except (pa.ArrowInvalid, zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
                raise RegisterError(where, _arrow_fault(err), line=line) from None
            yield line, batch
            line += batch.num_rows


def _arrow_fault(err: Exception) -> str:
    text = " ".join(str(err).split())
    if isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"archive ZIP tronquée ou endommagée ({text})"
    if "Expected" in text and "columns" in text:
        return (
            f"une ligne n'a pas le nombre de colonnes de l'en-tête, vers cette ligne ({text[:160]})"
        )
    return f"fichier illisible ({text[:160]})"


def _parquet_batches(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, pa.RecordBatch]]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as err:
        raise RegisterError(path, f"fichier Parquet illisible ({err})") from None
    _missing(str(path), parquet.schema_arrow.names, columns)
    line = 1
    try:
        for batch in parquet.iter_batches(batch_size=65536, columns=list(columns)):
            strings = [
                batch.column(i).cast(pa.string()).fill_null("") for i in range(batch.num_columns)
            ]
            yield line, pa.RecordBatch.from_arrays(strings, names=batch.schema.names)
            line += batch.num_rows
    except (pa.ArrowInvalid, OSError) as err:
        raise RegisterError(path, f"fichier Parquet illisible ({err})", line=line) from None


def batches(
    path: Path | str,
    columns: Sequence[str],
    *,
    delimiter: str = ",",
    multiline: bool = False,
) -> Iterator[tuple[int, pa.RecordBatch]]:
    """The rows of a register file in batches, with the line number of each batch's first row.

    Parameters
    ----------
    path : Path or str
        ``.csv``, ``.zip`` (every CSV inside, in name order) or ``.parquet``.
    columns : sequence of str
        The columns to read, by their names in the header; each must be there.
    delimiter : str
        The CSV separator (``,`` for SIRENE, ``;`` for the RNA).
    multiline : bool
        Whether quoted values may hold line breaks (slower).

    Returns
    -------
    iterator of (int, pyarrow.RecordBatch)
        The line of the batch's first row (the header is line 1; for Parquet, the row
        number) and the batch, its columns in the order asked, every value a string.

    Raises
    ------
    RegisterError
        A missing column, a damaged file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> stock = pathlib.Path(tempfile.mkdtemp()) / "StockUniteLegale.csv"
    >>> _ = stock.write_text("siren,etat\\n005720610,A\\n100029172,\\n")
    >>> [(line, b.to_pydict()) for line, b in batches(stock, ["siren", "etat"])]
    [(2, {'siren': ['005720610', '100029172'], 'etat': ['A', '']})]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from _parquet_batches(path, columns)
    elif suffix == ".zip":
        for member in members(path):
            yield from _csv_batches(path, member, columns, delimiter, multiline)
    else:
        yield from _csv_batches(path, None, columns, delimiter, multiline)
