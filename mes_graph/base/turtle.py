"""Write Turtle: the one writer of the package.

Takes statements and prefixes; gives Turtle (or TriG) bytes with the prefix lines on top,
sorted, and each subject's statements together, the same bytes for the same statements.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox


def turtle(
    statements: Iterable[ox.Triple | ox.Quad],
    prefixes: Mapping[str, str],
    fmt: ox.RdfFormat = ox.RdfFormat.TURTLE,
) -> bytes:
    """Turtle (or TriG) of statements in the order given, the prefix lines sorted by name.

    Oxigraph's serialiser groups consecutive statements of a subject; sorted statements
    and sorted prefixes give the same bytes for the same graph.

    Examples
    --------
    >>> a, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    >>> prefixes = {"z": "urn:z:", "ex": "https://example.org/"}
    >>> print(turtle([ox.Triple(a, p, ox.Literal("1"))], prefixes).decode())
    @prefix ex: <https://example.org/> .
    @prefix z: <urn:z:> .
    ex:a ex:p "1" .
    <BLANKLINE>
    """
    document = ox.serialize(statements, format=fmt, prefixes=dict(prefixes))
    lines = document.split(b"\n")
    head = [line for line in lines if line.startswith(b"@prefix ")]
    return b"\n".join(sorted(head) + lines[len(head) :])
