"""Write files and folders atomically, and clear what killed runs left.

Takes a path and bytes (or a folder's files); gives the written path, whole or not at all:
a temporary file beside it, then a rename. Temporaries name their process, so that the
next run removes those of a run that was killed.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, BinaryIO


def umask() -> int:
    """The process's umask (``os.umask`` can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write bytes to a file through a temporary file and a rename.

    A reader never sees a half-written file, and a failure leaves the old file as it was.
    The file gets the usual permissions (0666 less the umask), not the temporary file's 0600,
    so that a web server can serve it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(target, b"ok").read_bytes()
    b'ok'
    >>> oct(target.stat().st_mode & 0o777) == oct(0o666 & ~umask())
    True
    """
    with replacing(path) as out:
        out.write(data)
    return Path(path)


@contextlib.contextmanager
def replacing(path: Path | str) -> Iterator[BinaryIO]:
    """A file to write in a stream, which replaces ``path`` whole when the block ends.

    What ``write_atomic`` does for bytes held in memory, for a file written piece by piece
    (a register's import): a temporary file beside ``path``, renamed at the end; an error
    or Ctrl-C in the block removes it and leaves ``path`` as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with replacing(target) as out:
    ...     _ = out.write(b"first ") and out.write(b"second")
    >>> target.read_bytes()
    b'first second'
    """
    path = Path(path)
    with naming(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o666 & ~umask())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise


@contextlib.contextmanager
def naming(path: Path) -> Iterator[None]:
    """Report a failure to write (a full disk, a read-only folder) as one on ``path``.

    The temporary file or folder a write goes through is ours, not the user's: the
    error names the file they asked for.

    Examples
    --------
    >>> with naming(Path("out/report.html")):
    ...     raise OSError(28, "No space left on device", "out/.report.html.1.x.tmp")
    Traceback (most recent call last):
    ...
    OSError: [Errno 28] No space left on device: 'out/report.html'
    """
    try:
        yield
    except OSError as err:
        if err.errno is None or err.filename == str(path):
            raise
        raise OSError(err.errno, err.strerror, str(path)) from None


def temporary_prefix(path: Path) -> str:
    """The prefix of the temporary files and folders written beside ``path``: it names
    the process, so that a later run can tell a dead one's leftovers (``remove_leftovers``).
    """
    return f".{path.name}.{os.getpid()}."


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files and folders beside ``path`` that a killed run left.

    Parameters
    ----------
    path : Path
        A file or folder that is written through temporaries beside it.

    Returns
    -------
    list of Path
        What was removed: the temporaries (``.NAME.PID.*.tmp`` or ``.old``) of processes
        that no longer run.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / ".build.999999999.abc.tmp").mkdir()
    >>> [p.name for p in remove_leftovers(folder / "build")]
    ['.build.999999999.abc.tmp']
    """
    removed = []
    for leftover in sorted(path.parent.glob(f".{glob.escape(path.name)}.*")):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or leftover.suffix not in (".tmp", ".old") or _alive(int(pid)):
            continue
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's
        return True
    return True


def write_folder_atomic(path: Path | str, files: Mapping[str, bytes]) -> Path:
    """Write a folder of files: built in a temporary folder beside it, then swapped in.

    A failure leaves the old folder as it was; a reader sees the old folder or the new
    one, never a mix (except for the instant between the two renames of the swap).

    Parameters
    ----------
    path : Path or str
        The folder to write (replaced if it exists).
    files : mapping
        Relative path (``/``-separated) to content.

    Returns
    -------
    Path
        The folder written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> sorted(p.name for p in write_folder_atomic(target, {"a/b.txt": b"ok"}).rglob("*"))
    ['a', 'b.txt']
    """
    with replacing_folder(path) as written:
        for name, data in sorted(files.items()):
            written[name] = data
    return Path(path)


@contextlib.contextmanager
def replacing_folder(path: Path | str) -> Iterator[FolderFiles]:
    """A folder to write file by file, which replaces ``path`` whole when the block ends.

    What ``write_folder_atomic`` does for files held in memory, for files written as they
    come (a site's pages): each file goes to disk when set, in a temporary folder beside
    ``path``, swapped in at the end; an error or Ctrl-C in the block removes it and leaves
    the old folder as it was.

    Parameters
    ----------
    path : Path or str
        The folder to write (replaced if it exists).

    Yields
    ------
    FolderFiles
        The temporary folder, as a mapping of relative path to content.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with replacing_folder(target) as written:
    ...     written["a/b.txt"] = b"ok"
    ...     target.exists()
    False
    >>> (target / "a" / "b.txt").read_bytes()
    b'ok'
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(path))
    with naming(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path)
        prefix = temporary_prefix(path)
        build = Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix, suffix=".tmp"))
        old = None
        try:
            yield FolderFiles(build)
            os.chmod(build, 0o755)
            if path.exists():
                old = Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix, suffix=".old"))
                os.rmdir(old)
                os.replace(path, old)
            os.replace(build, path)
        except BaseException:
            if old is not None and not path.exists():
                os.replace(old, path)
                old = None
            shutil.rmtree(build, ignore_errors=True)
            raise
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)


class FolderFiles(MutableMapping[str, bytes]):
    """A folder as a mapping of relative path to content, written through at once.

    Setting a path writes its file (its folders made as needed); reading one reads it
    back. Only the names written are held in memory, never the contents.

    Parameters
    ----------
    folder : Path or str
        An existing folder.

    Examples
    --------
    >>> import tempfile
    >>> files = FolderFiles(tempfile.mkdtemp())
    >>> files["a/b.txt"] = b"ok"
    >>> files["a/b.txt"], list(files), "c" in files
    (b'ok', ['a/b.txt'], False)
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._names: set[str] = set()

    def __setitem__(self, name: str, data: bytes) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self._names.add(name)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        return (self.folder / name).read_bytes()

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        (self.folder / name).unlink()
        self._names.discard(name)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)


def files_of(path: Path | str) -> list[Path]:
    """The files of an export: the file itself, or every file of a folder, sorted."""
    path = Path(path)
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def sha256(path: Path | str) -> str:
    """The SHA-256 of a file, in hexadecimal.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sha256(write_atomic(pathlib.Path(tempfile.mkdtemp()) / "x", b""))[:8]
    'e3b0c442'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def json_bytes(document: Any) -> bytes:
    r"""A JSON document as we write every one: UTF-8, indented by two, a final newline.

    Examples
    --------
    >>> json_bytes({"name": "Économie"})
    b'{\n  "name": "\xc3\x89conomie"\n}\n'
    """
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def script_safe(json_text: str) -> str:
    """JSON text that cannot close the HTML ``<script>`` element holding it.

    ``<``, ``>`` and ``&`` become the JSON escapes ``\\u003c``, ``\\u003e`` and
    ``\\u0026``: the same value for a JSON parser, no tag for an HTML one.

    Examples
    --------
    >>> print(script_safe('{"name": "</script>&"}'))
    {"name": "\\u003c/script\\u003e\\u0026"}
    """
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
