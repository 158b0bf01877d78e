"""Tie a child process to its parent: it stops when the parent stops, however it stops.

Takes the signal to receive; gives nothing, but a child that calls ``die_with_parent``
(in ``preexec_fn``, or first thing in a forked process) gets it when its parent dies,
killed or out of memory included (Linux's ``PR_SET_PDEATHSIG``; nothing elsewhere).
"""

from __future__ import annotations

import ctypes
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """In a child: be sent ``signum`` when the parent dies (Linux only).

    Examples
    --------
    >>> import subprocess, sys
    >>> subprocess.run([sys.executable, "-c", "pass"], preexec_fn=die_with_parent).returncode
    0
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signum)
        except (OSError, AttributeError):  # pragma: no cover - no C library to ask
            pass
