"""The errors of the SPARQL stage, each reported as one line with an exit status.

Takes nothing; gives the exception classes (``SparqlError`` and its kinds: bad input,
a failing remote endpoint, a server that cannot start), ``one_line`` to make any message
fit on one line, and ``fail`` to report an error the way the command line does.

The classes are named by the package (``mes_graph.sparql.QueryError``), where they are
imported from.
"""

from __future__ import annotations

import sys

__all__ = ["QueryError", "RemoteError", "ServerError", "SparqlError", "fail", "one_line"]


class SparqlError(Exception):
    """A failure to report as one line; ``exit_code`` is the command's exit status."""

    exit_code = 2


class QueryError(SparqlError, ValueError):
    """Bad input: an unknown query, a malformed header, a parameter of the wrong type."""

    exit_code = 2


class RemoteError(SparqlError):
    """A remote endpoint is unreachable, too slow, refuses the request or answers nonsense."""

    exit_code = 3


class ServerError(SparqlError):
    """The local Oxigraph server cannot be prepared or started."""

    exit_code = 3


for _error in (SparqlError, QueryError, RemoteError, ServerError):
    _error.__module__ = "mes_graph.sparql"  # the name they are imported and printed by
del _error


def one_line(err: object) -> str:
    """A message on one line, white space folded, at most 300 characters.

    Examples
    --------
    >>> one_line(ValueError("no\\n   such   graph"))
    'no such graph'
    """
    return " ".join(str(err).split())[:300]


def fail(err: SparqlError) -> int:
    """Report an error as one line on stderr; its exit code.

    Examples
    --------
    >>> fail(RemoteError("http://127.0.0.1:9/query: unreachable"))
    3
    """
    print(f"mes-graph: error: {one_line(err)}", file=sys.stderr)
    return err.exit_code
