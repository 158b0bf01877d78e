"""Write Turtle: the one writer of the package, in two manners.

Takes statements (or a graph) and prefixes; gives Turtle, the same text for the same
statements:

- ``turtle``: Oxigraph's serialiser, the prefix lines sorted on top, each subject's
  statements together (or TriG) — the exports;
- ``readable_turtle``: Turtle as people write it by hand — a block per subject with a
  comment above it, the prefixes on top (those a ``PrefixTable`` always writes, and the
  others it knows only when used), predicates and objects in the order a ``BlockStyle``
  gives, a short block on one line unless it is a « large » one — the imports.

``turtle_string`` and ``PrefixTable.term`` are its escaping of strings and terms, for
those who write Turtle from templates (``mes_graph.synth``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Iterable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

__all__ = [
    "LINE_WIDTH",
    "BlockStyle",
    "PrefixTable",
    "description_block",
    "prefix_lines",
    "readable_turtle",
    "turtle",
    "turtle_block",
    "turtle_string",
]

LINE_WIDTH = 100
"""The width past which a readable block goes on several lines."""

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
"""The local names written as prefixed names (a safe part of Turtle's ``PN_LOCAL``)."""

_CACHED_NAMES = 200_000
"""How many IRIs a prefix table remembers the prefixed name of before it starts again."""


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
    head, rest = prefix_lines(ox.serialize(statements, format=fmt, prefixes=dict(prefixes)))
    return head + rest


def prefix_lines(document: bytes) -> tuple[bytes, bytes]:
    r"""Oxigraph's Turtle (or TriG) in two: its prefix lines sorted by name, and the rest.

    Examples
    --------
    >>> prefix_lines(b"@prefix z: <urn:z:> .\n@prefix a: <urn:a:> .\n<urn:s> <urn:p> 1 .\n")
    (b'@prefix a: <urn:a:> .\n@prefix z: <urn:z:> .\n', b'<urn:s> <urn:p> 1 .\n')
    """
    lines = document.split(b"\n")
    count = sum(1 for line in lines if line.startswith(b"@prefix "))
    return b"".join(line + b"\n" for line in sorted(lines[:count])), b"\n".join(lines[count:])


def turtle_string(text: str) -> str:
    r"""A Turtle string literal: quoted, its backslashes, quotes and line breaks escaped.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``"…"``, to which a ``@lang`` or ``^^datatype`` may be added.

    Examples
    --------
    >>> print(turtle_string('Le "Bien Commun"\nà Évry'))
    "Le \"Bien Commun\"\nà Évry"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


class PrefixTable:
    """The prefixes of a readable Turtle file: IRIs as prefixed names, and the prefix lines.

    An IRI is written with the longest namespace it starts with (the first given, among
    equally long ones) whose rest is a plain local name; else as ``<IRI>``.

    Parameters
    ----------
    written : iterable of (str, str)
        Prefix and namespace: written on top of every file, in this order.
    when_used : iterable of (str, str)
        Written after them, in this order, only when a term of the file uses them.

    Examples
    --------
    >>> table = PrefixTable([("ex", "https://example.org/")], [("v", "https://example.org/v/")])
    >>> used = set()
    >>> table.term(URIRef("https://example.org/v/a"), used), table.term(URIRef("urn:x y"))
    ('v:a', '<urn:x y>')
    >>> print("\\n".join(table.lines(used)))
    @prefix ex: <https://example.org/> .
    @prefix v:  <https://example.org/v/> .
    """

    def __init__(
        self, written: Iterable[tuple[str, str]], when_used: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.written = tuple((prefix, str(namespace)) for prefix, namespace in written)
        self.when_used = tuple((prefix, str(namespace)) for prefix, namespace in when_used)
        self._longest_first = sorted((*self.written, *self.when_used), key=lambda p: -len(p[1]))
        self._names: dict[str, tuple[str, str] | None] = {}

    def name(self, iri: str) -> tuple[str, str] | None:
        """The prefix and local name of an IRI, or None when no namespace fits it.

        Examples
        --------
        >>> PrefixTable([("ex", "https://example.org/")]).name("https://example.org/a")
        ('ex', 'a')
        """
        iri = str(iri)  # a plain str: rdflib's terms compare slowly, in Python
        found = self._names.get(iri, False)
        if found is not False:
            return found
        if len(self._names) > _CACHED_NAMES:
            self._names.clear()
        found = None
        for prefix, namespace in self._longest_first:
            if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace) :]):
                found = (prefix, iri[len(namespace) :])
                break
        self._names[iri] = found
        return found

    def term(self, node: Node, used: set[str] | None = None) -> str:
        """A term as Turtle: a prefixed name, an ``<IRI>``, a literal or a blank node.

        Parameters
        ----------
        node : rdflib term
        used : set of str, optional
            Gains the prefixes the term is written with.

        Returns
        -------
        str

        Examples
        --------
        >>> from rdflib.namespace import XSD
        >>> table = PrefixTable([("xsd", str(XSD))])
        >>> table.term(Literal("2002", datatype=XSD.gYear)), table.term(Literal("Lille", lang="fr"))
        ('"2002"^^xsd:gYear', '"Lille"@fr')
        """
        if isinstance(node, URIRef):
            name = self.name(node)
            if name is None:
                return f"<{node}>"
            if used is not None:
                used.add(name[0])
            return f"{name[0]}:{name[1]}"
        if isinstance(node, Literal):
            if node.language:
                return f"{turtle_string(str(node))}@{node.language}"
            if node.datatype is not None:
                return f"{turtle_string(str(node))}^^{self.term(node.datatype, used)}"
            return turtle_string(str(node))
        return node.n3()

    def lines(self, used: Container[str] = ()) -> list[str]:
        """The prefix lines: the written prefixes, then those of ``when_used`` in ``used``.

        The namespaces are aligned one column after the longest prefix.
        """
        prefixes = [*self.written, *(pair for pair in self.when_used if pair[0] in used)]
        width = max((len(prefix) for prefix, _ in prefixes), default=0) + 2
        return [f"@prefix {(prefix + ':').ljust(width)}<{ns}> ." for prefix, ns in prefixes]


class BlockStyle:
    """How the blocks of a readable Turtle file order and group what they say.

    Parameters
    ----------
    predicates : sequence of IRIs
        The predicates in this order; the others after them, by IRI.
    prefix_rank : mapping of str to int
        IRI objects by the rank of their prefix (lowest first), the other IRIs after
        them; within a rank, by how they are written.
    last : collection of IRIs
        Objects written after every other IRI.
    languages : sequence of str
        Literals come after the IRIs: those in these languages first, in this order, the
        others after them; within a language, by text.
    together : mapping of class to sequence of predicates
        For a subject of a class, these predicates on one line when each has one object.

    Examples
    --------
    >>> style = BlockStyle(predicates=[RDF.type], languages=["fr", "en"])
    >>> sorted([Literal("b", lang="en"), Literal("a"), Literal("c", lang="fr")],
    ...        key=lambda o: style.object_key(o, PrefixTable([])))
    [rdflib.term.Literal('c', lang='fr'), rdflib.term.Literal('b', lang='en'), rdflib.term.Literal('a')]
    """  # noqa: E501

    def __init__(
        self,
        *,
        predicates: Sequence[Node] = (),
        prefix_rank: Mapping[str, int] | None = None,
        last: Collection[Node] = (),
        languages: Sequence[str] = (),
        together: Mapping[Node, Sequence[Node]] | None = None,
    ) -> None:
        self.predicates = {predicate: index for index, predicate in enumerate(predicates)}
        self.prefix_rank = dict(prefix_rank or {})
        self.other_prefixes = max(self.prefix_rank.values(), default=-1) + 1
        self.last = frozenset(last)
        self.languages = {language: index for index, language in enumerate(languages)}
        self.together = {cls: tuple(group) for cls, group in (together or {}).items()}

    def predicate_key(self, predicate: Node) -> tuple[int, str]:
        """The sort key of a predicate: its place in ``predicates``, else its IRI."""
        rank = self.predicates.get(predicate)
        return (rank, "") if rank is not None else (len(self.predicates), str(predicate))

    def object_key(self, node: Node, prefixes: PrefixTable) -> tuple:
        """The sort key of an object: IRIs (by prefix rank), then literals (by language)."""
        if isinstance(node, Literal):
            return (1, self.languages.get(node.language or "", len(self.languages)), str(node))
        name = prefixes.name(node) if isinstance(node, URIRef) else None
        text = f"{name[0]}:{name[1]}" if name else str(node)
        if node in self.last:
            return (0, self.other_prefixes + 1, text)
        return (0, self.prefix_rank.get(name[0] if name else "", self.other_prefixes), text)


def _objects_line(predicate: str, objects: list[str], indent: str = "    ") -> str:
    """``predicate o1 , o2`` broken after a comma when the line grows past the width."""
    lines, line = [], f"{indent}{predicate} {objects[0]}"
    for obj in objects[1:]:
        if len(line) + len(obj) + 3 > LINE_WIDTH:
            lines.append(line + " ,")
            line = f"{indent}    {obj}"
        else:
            line += f" , {obj}"
    return "\n".join([*lines, line])


def turtle_block(
    graph: Graph,
    subject: Node,
    prefixes: PrefixTable,
    style: BlockStyle,
    *,
    comment: str = "",
    large: bool = False,
    used: set[str] | None = None,
) -> str:
    """The Turtle block of a subject: what a graph says of it, as people write it.

    Parameters
    ----------
    graph : rdflib.Graph
    subject : rdflib term
    prefixes : PrefixTable
    style : BlockStyle
        The order of predicates and objects, the predicates that share a line.
    comment : str
        A line ``# comment`` above the block, if any.
    large : bool
        Always on several lines: the subject, then a predicate a line. Otherwise a block
        that fits in ``LINE_WIDTH`` characters is written on one line.
    used : set of str, optional
        Gains the prefixes the block is written with.

    Returns
    -------
    str
        The block, without a final newline.

    Examples
    --------
    >>> g = Graph().parse(data='<urn:x:a> a <urn:x:C> ; <urn:x:p> "1" , "2" .', format="ttl")
    >>> table = PrefixTable([("x", "urn:x:")])
    >>> print(turtle_block(g, URIRef("urn:x:a"), table, BlockStyle(), comment="A"))
    # A
    x:a a x:C ; x:p "1" , "2" .
    >>> print(turtle_block(g, URIRef("urn:x:a"), table, BlockStyle(), large=True))
    x:a a x:C ;
        x:p "1" , "2" .
    """
    description = {p: list(graph.objects(subject, p)) for p in set(graph.predicates(subject))}
    return description_block(
        subject, description, prefixes, style, comment=comment, large=large, used=used
    )


def description_block(
    subject: Node,
    description: Mapping[Node, Iterable[Node]],
    prefixes: PrefixTable,
    style: BlockStyle,
    *,
    comment: str = "",
    large: bool = False,
    used: set[str] | None = None,
) -> str:
    """The Turtle block of a subject from what is said of it: predicate → objects.

    ``turtle_block`` without a graph, for writers that stream their statements (the
    registers' importers): the same text for the same statements.

    Parameters
    ----------
    subject : rdflib term
    description : mapping
        Each predicate and its objects (duplicates are written once).
    prefixes, style, comment, large, used
        As in ``turtle_block``.

    Returns
    -------
    str

    Examples
    --------
    >>> table = PrefixTable([("x", "urn:x:")])
    >>> print(description_block(URIRef("urn:x:a"), {RDF.type: [URIRef("urn:x:C")]},
    ...                         table, BlockStyle()))
    x:a a x:C .
    """
    used = set() if used is None else used
    subject_text = prefixes.term(subject, used)
    parts: list[tuple[Node | None, str, list[str]]] = []
    for predicate in sorted(description, key=style.predicate_key):
        found = sorted(set(description[predicate]), key=lambda o: style.object_key(o, prefixes))
        if not found:
            continue
        name = "a" if predicate == RDF.type else prefixes.term(predicate, used)
        parts.append((predicate, name, [prefixes.term(o, used) for o in found]))
    head = [f"# {comment}"] if comment else []
    one_line = f"{subject_text} " + " ; ".join(f"{p} {' , '.join(o)}" for _, p, o in parts) + " ."
    if not large and len(one_line) <= LINE_WIDTH:
        return "\n".join([*head, one_line])
    types = set(description.get(RDF.type, ()))
    for cls, grouped in style.together.items():
        if cls not in types:
            continue
        group = [part for part in parts if part[0] in grouped]
        if (
            group
            and len(group) == len(set(grouped))
            and all(len(objects) == 1 for *_, objects in group)
        ):
            joined = "    " + " ; ".join(f"{name} {objects[0]}" for _, name, objects in group)
            first = parts.index(group[0])
            parts = [part for part in parts if part not in group]
            parts.insert(first, (None, "", [joined]))
    lines = []
    for index, (_, name, objects) in enumerate(parts):
        if not name:
            lines.append(objects[0])
        elif index == 0:
            first_line = _objects_line(name, objects, indent=f"{subject_text} ")
            lines.append(first_line.replace(f"\n{subject_text}    ", "\n        "))
        else:
            lines.append(_objects_line(name, objects))
    return "\n".join([*head, " ;\n".join(lines) + " ."])


def readable_turtle(
    graph: Graph,
    blocks: Iterable[tuple[str, Node]],
    prefixes: PrefixTable,
    style: BlockStyle,
    *,
    header: Sequence[str] = (),
    large: Container[Node] = (),
) -> str:
    """Turtle as people write it: comment lines, the prefixes, then a block per subject.

    Parameters
    ----------
    graph : rdflib.Graph
    blocks : iterable of (str, rdflib term)
        The comment above each block (empty: none) and its subject, in reading order.
    prefixes : PrefixTable
        The prefixes written on top: all of ``written``, the others once used.
    style : BlockStyle
    header : sequence of str
        The comment lines on top of the file (each written ``# line``).
    large : container of terms
        The subjects always written on several lines (see ``turtle_block``).

    Returns
    -------
    str
        The same text for the same graph and blocks, ending with a newline.

    Examples
    --------
    >>> g = Graph().parse(data="<urn:x:a> <urn:x:p> <urn:x:b> .", format="ttl")
    >>> table = PrefixTable([("x", "urn:x:")], [("y", "urn:y:")])
    >>> text = readable_turtle(g, [("a", URIRef("urn:x:a"))], table, BlockStyle(), header=["T"])
    >>> print(text, end="")
    # T
    <BLANKLINE>
    @prefix x: <urn:x:> .
    <BLANKLINE>
    # a
    x:a x:p x:b .
    """
    used: set[str] = set()
    texts = [
        turtle_block(graph, node, prefixes, style, comment=comment, large=node in large, used=used)
        for comment, node in blocks
    ]
    parts = ["\n".join(f"# {line}" for line in header)] if header else []
    parts += ["\n".join(prefixes.lines(used)), "\n\n".join(texts)]
    return "\n\n".join(parts) + "\n"
