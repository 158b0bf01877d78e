"""Files written in a stream, their size, SHA-256 and lines counted as the bytes go by.

Takes a path and a function that writes to a binary file; gives the file, written
atomically (``base.files.replacing``), and a ``Written`` record of it: what a description
says of a file (``dcat:byteSize``, ``spdx:checksum``, ``void:triples``) without reading it
again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from mes_graph.base.files import replacing

__all__ = ["HashingFile", "Written", "hashing", "write_stream"]


@dataclass(frozen=True, order=True)
class Written:
    """A file an export wrote: its name, path, format, size, SHA-256 and statements.

    ``name`` is relative to the folder of the export (``/``-separated); ``statements``
    is the number of statements of an RDF file (None for the others).
    """

    name: str
    path: Path
    fmt: str
    size: int
    sha256: str
    statements: int | None = None


class HashingFile(io.RawIOBase):
    """A binary file that hashes, counts bytes and counts lines as they are written.

    Bytes are written through to ``raw`` at once. Those written at the end are hashed at
    once too; ``hold()`` keeps the latest ones unhashed, so that a writer may go back and
    rewrite them (``zipfile`` rewrites each entry's header once its data is in), until
    ``settle()`` hashes them: a held byte can be rewritten, a hashed one cannot.

    Parameters
    ----------
    raw : binary file
        Seekable when ``hold`` is used.

    Examples
    --------
    >>> out = HashingFile(io.BytesIO())
    >>> _ = out.write(b"a\\nb\\n")
    >>> out.size, out.lines, out.hexdigest() == hashlib.sha256(b"a\\nb\\n").hexdigest()
    (4, 2, True)
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.size = 0  # bytes hashed
        self.lines = 0
        self._digest = hashlib.sha256()
        self._held = bytearray()  # the bytes after the hashed ones, while holding
        self._holding = False
        self._position = 0

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._holding

    def readable(self) -> bool:
        return False

    def write(self, data: Any) -> int:
        data = bytes(data)
        if not self._holding:
            self._hash(data)
            self.raw.write(data)
            self._position += len(data)
            return len(data)
        start = self._position - self.size
        if start < 0:
            raise io.UnsupportedOperation("cannot rewrite bytes already hashed")
        self._held[start : start + len(data)] = data
        self.raw.write(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if not self._holding:
            raise io.UnsupportedOperation("seek: only while holding")
        end = self.size + len(self._held)
        target = {io.SEEK_SET: offset, io.SEEK_CUR: self._position + offset}.get(
            whence, end + offset
        )
        if not self.size <= target <= end:
            raise io.UnsupportedOperation("cannot seek before the bytes held")
        self.raw.seek(target)
        self._position = target
        return target

    def flush(self) -> None:
        if not self.raw.closed:
            self.raw.flush()

    def hold(self) -> None:
        """Keep the next bytes unhashed until ``settle``: they may be rewritten."""
        self._holding = True

    def settle(self) -> None:
        """Hash the bytes held: they are final."""
        self._hash(bytes(self._held))
        self._held.clear()

    def hexdigest(self) -> str:
        """The SHA-256 of the bytes hashed, in hexadecimal."""
        return self._digest.hexdigest()

    def _hash(self, data: bytes) -> None:
        self._digest.update(data)
        self.size += len(data)
        self.lines += data.count(b"\n")


@contextlib.contextmanager
def hashing(path: Path | str) -> Iterator[HashingFile]:
    """A ``HashingFile`` that replaces ``path`` whole when the block ends.

    ``base.files.replacing`` with the bytes hashed and counted on their way: after the
    block, the file's ``size``, ``lines`` and ``hexdigest()`` are those of ``path``.

    Examples
    --------
    >>> import tempfile
    >>> with hashing(Path(tempfile.mkdtemp()) / "x.txt") as out:
    ...     _ = out.write(b"")
    >>> out.size, out.hexdigest()[:8]
    (0, 'e3b0c442')
    """
    with replacing(path) as raw:
        out = HashingFile(raw)
        yield out
        out.settle()
        out.flush()


def write_stream(
    folder: Path,
    name: str,
    fmt: str,
    write: Callable[[HashingFile], Any],
    *,
    statements: Callable[[HashingFile], int | None] | None = None,
) -> Written:
    """Write a file of a folder in a stream, atomically, and record it as it goes.

    Parameters
    ----------
    folder : Path
        The folder of the export.
    name : str
        The file's path relative to ``folder`` (``csv/nodes.csv``).
    fmt : str
        Its format (a key of ``MEDIA_TYPES``).
    write : callable
        Writes the file's bytes to the ``HashingFile`` it is given.
    statements : callable, optional
        The number of statements, from the ``HashingFile`` once written (its ``lines``
        for N-Triples and N-Quads).

    Returns
    -------
    Written

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> done = write_stream(folder, "a/b.nt", "ntriples", lambda out: out.write(b"x\\n"),
    ...                     statements=lambda out: out.lines)
    >>> done.size, done.statements, (folder / "a/b.nt").read_bytes()
    (2, 1, b'x\\n')
    """
    path = Path(folder) / name
    with hashing(path) as out:
        write(out)
    count = statements(out) if statements is not None else None
    return Written(name, path, fmt, out.size, out.hexdigest(), count)
