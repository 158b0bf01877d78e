"""The build's folder: one a build may replace, filled beside it and swapped in whole.

Takes the output path and the files of the stages; checks the folder may be replaced (a
previous build, or empty), writes files into the temporary folder, swaps it in, and names
what a failure was writing as a path of the output, not of the temporary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from mes_graph.base.files import temporary_prefix

MARKER = ".mes-graph-build"
"""The file that marks a folder as a build output, which a new build may replace."""


MARKER_TEXT = b"This folder is written by `mes-graph build` and replaced by the next build.\n"


class OutputError(Exception):
    """The output path cannot be (re)placed by a build: not a folder, or not a build."""


def check_output(output: Path | str) -> Path:
    """The output folder, if a build may write it: absent, empty, or a previous build.

    Raises
    ------
    OutputError
        It is a file, or a folder holding files and no ``MARKER`` (a build would replace
        it whole).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_output(folder / "build") == folder / "build"
    True
    >>> (folder / "notes.txt").write_text("mine")
    4
    >>> check_output(folder)
    Traceback (most recent call last):
    ...
    mes_graph.build.outputs.OutputError: ... is not empty and is not the output of a build ...
    """
    output = Path(output)
    here = Path.cwd().resolve()
    if output.resolve() == here or output.resolve() in here.parents:
        raise OutputError(f"{output}: a build cannot replace the current folder or its parents")
    if output.exists() or output.is_symlink():
        if not output.is_dir():
            raise OutputError(f"{output}: not a folder")
        if any(output.iterdir()) and not (output / MARKER).is_file():
            raise OutputError(
                f"{output} is not empty and is not the output of a build (no {MARKER}): "
                "a build replaces its whole folder; choose another -o"
            )
    return output


def write_files(
    folder: Path, files: Mapping[str, bytes | Iterable[bytes]], prefix: str = ""
) -> list[str]:
    """Write each file (its bytes, or its pieces in a stream); give their names."""
    for name, data in sorted(files.items()):
        target = folder / prefix / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            with target.open("wb") as out:
                out.writelines(data)
    return [prefix + name for name in sorted(files)]


def swap_in(built: Path, output: Path) -> None:
    """Put ``built`` in the place of ``output``; ``output`` stays whole if this fails."""
    old = None
    if output.exists() or output.is_symlink():
        prefix = temporary_prefix(output)
        old = Path(tempfile.mkdtemp(dir=output.parent, prefix=prefix, suffix=".old"))
        os.rmdir(old)
        os.replace(output, old)
    try:
        os.replace(built, output)
    except BaseException:
        if old is not None:
            os.replace(old, output)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def target_in(err: OSError, folder: Path, output: Path) -> Path:
    """The path of the output that a failure in the temporary folder was writing."""
    if err.filename and Path(err.filename).is_relative_to(folder):
        return output / Path(err.filename).relative_to(folder)
    return output


def top_level(folder: Path) -> list[str]:
    return sorted(p.name + "/" if p.is_dir() else p.name for p in folder.iterdir())
