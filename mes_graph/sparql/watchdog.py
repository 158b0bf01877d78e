"""Keep a server process and its temporary folder from outliving the process that wanted them.

Takes a folder, the read end of a pipe whose write end only the parent holds, and a command
(``oxigraph serve …``); runs between the parent and that command, as this file alone
(``python -P watchdog.py``, what ``server.OxigraphServer`` runs: it imports the standard
library only) or as ``python -m mes_graph.sparql.watchdog``. The server is started so that
it dies with the watchdog (``PR_SET_PDEATHSIG`` on Linux); the watchdog stops it and
removes the folder as soon as the parent goes, however it goes (Ctrl-C, SIGHUP, SIGKILL:
the pipe then reads end-of-file), or when it is told to stop (SIGTERM, SIGHUP, SIGINT).
When the server stops by itself, the watchdog exits with its status and leaves the folder,
whose log the parent reads.

Before the server, it can run one preparatory command (``oxigraph load …``) the same way,
so that a parent killed during a long load leaves nothing behind either.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["die_with_parent", "main", "watch"]

PR_SET_PDEATHSIG = 1
"""The ``prctl`` option that has the kernel signal a child when its parent dies."""


def die_with_parent() -> None:
    """In a child about to run a command: be killed when the parent dies (Linux only).

    Examples
    --------
    >>> import subprocess, sys
    >>> subprocess.run([sys.executable, "-c", "pass"], preexec_fn=die_with_parent).returncode
    0
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _parent_gone(pipe: int) -> bool:
    readable, _, _ = select.select([pipe], [], [], 0.1)
    return bool(readable) and os.read(pipe, 1) == b""


def watch(
    folder: Path,
    pipe: int,
    commands: Sequence[Sequence[str]],
    log: Path,
    discard: Path | None = None,
) -> int:
    """Run each command in turn under watch; the exit status of the last one.

    Parameters
    ----------
    folder : Path
        Removed when the parent goes or the watchdog is told to stop.
    pipe : int
        The read end of a pipe the parent keeps open while it lives.
    commands : sequence of argument lists
        Every command but the last must end with status 0 for the next one to run.
    log : Path
        Where the commands' output goes.
    discard : Path, optional
        A file to remove once the first command has ended well (the data it loaded).

    Returns
    -------
    int
        The status of the command that ended by itself, or 0 when stopped.
    """
    stopping: list[int] = []

    def told_to_stop(signum: int, frame: object) -> None:
        stopping.append(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, told_to_stop)
    status = 0
    with open(log, "ab") as out:
        for command in commands:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,
            )
            while process.poll() is None and not stopping and not _parent_gone(pipe):
                pass
            if process.poll() is None:  # told to stop, or the parent went: clean up
                _stop(process)
                shutil.rmtree(folder, ignore_errors=True)
                return 0
            status = process.returncode
            if status != 0:
                break
            if discard is not None:
                discard.unlink(missing_ok=True)
                discard = None
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run as ``python -m mes_graph.sparql.watchdog`` (or the file); the status of ``watch``.

    The arguments: ``--folder DIR --pipe FD --log FILE [--discard FILE] -- CMD [--then CMD]``.
    """
    parser = argparse.ArgumentParser(prog="python -m mes_graph.sparql.watchdog")
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--pipe", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--discard", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="commands, split by '--then'")
    args = parser.parse_args(argv)
    words = args.command[1:] if args.command[:1] == ["--"] else args.command
    commands: list[list[str]] = [[]]
    for word in words:
        if word == "--then":
            commands.append([])
        else:
            commands[-1].append(word)
    return watch(args.folder, args.pipe, [c for c in commands if c], args.log, args.discard)


if __name__ == "__main__":
    sys.exit(main())
