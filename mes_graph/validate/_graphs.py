"""The graphs of a validation: the shapes graph as written, the data graph read by index
with its literals as written, and SHACL property paths."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from mes_graph.engine import statement_reader
from mes_graph.validate._xsd import XSD_NS

Term = ox.NamedNode | ox.BlankNode | ox.Literal

SHACL = "http://www.w3.org/ns/shacl#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@functools.cache
def sh(name: str) -> ox.NamedNode:
    """A term of the SHACL vocabulary.

    Examples
    --------
    >>> sh("minCount").value
    'http://www.w3.org/ns/shacl#minCount'
    """
    return ox.NamedNode(SHACL + name)


TYPE, FIRST, REST, NIL = (ox.NamedNode(RDF_NS + n) for n in ("type", "first", "rest", "nil"))
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
RDFS_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#Class")
TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD_NS + "boolean"))
VIOLATION = sh("Violation")


# --- The graphs ---------------------------------------------------------------


class ShapesGraph:
    """The shapes graph: Oxigraph terms as written, indexed both ways."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        self.out: dict = defaultdict(lambda: defaultdict(list))
        self.into: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            if o not in self.out[s][p]:
                self.out[s][p].append(o)
                self.into[o][p].append(s)

    def objects(self, subject: Any, predicate: ox.NamedNode) -> list:
        return self.out[subject][predicate] if subject in self.out else []

    def value(self, subject: Any, predicate: ox.NamedNode) -> Any:
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: ox.NamedNode, obj: Any = None) -> list:
        if obj is None:
            return [s for s, predicates in self.out.items() if predicates.get(predicate)]
        return self.into[obj][predicate] if obj in self.into else []

    def objects_of(self, predicate: ox.NamedNode) -> list:
        return [o for s in self.subjects(predicate) for o in self.objects(s, predicate)]

    def is_list(self, node: Any) -> bool:
        return node == NIL or bool(self.objects(node, FIRST))

    def items(self, node: Any) -> list:
        """The members of an RDF list, in order."""
        found, seen = [], set()
        while node != NIL and node not in seen and self.objects(node, FIRST):
            seen.add(node)
            found.append(self.value(node, FIRST))
            node = self.value(node, REST)
        return found


#: the statements matching a pattern, all named graphs together, as Oxigraph terms
Match = Callable[[Any, Any, Any], Iterable[tuple]]


def matcher(dataset: Dataset | Graph) -> Match:
    """The statements of a dataset matching a pattern, every named graph, as Oxigraph terms."""
    quads = statement_reader(dataset)
    return lambda s, p, o: (q.triple for q in quads(s, p, o))


class Data:
    """The data graph through indexed lookups, its literals as written.

    ``written`` maps a stored statement to the literals the file wrote for it, where the
    store rewrote them (``load.rewritten_literals``): a value node is each written form.
    """

    def __init__(self, dataset: Dataset | Graph, written: dict) -> None:
        self.match, self.written = matcher(dataset), written
        self.rewritten = {p for _, p, _ in written}
        self.stored = {form: key[2] for key, forms in written.items() for form in forms}
        self.quads = statement_reader(dataset)

    def forms(self, s: Any, p: Any, o: Any) -> tuple:
        if isinstance(o, ox.Literal) and p in self.rewritten:
            return self.written.get((s, p, o), (o,))
        return (o,)

    def objects(self, node: Any, predicate: ox.NamedNode) -> list:
        if isinstance(node, ox.Literal):
            return []
        found = [q.object for q in self.quads(node, predicate, None)]
        if found and predicate in self.rewritten:
            found = [f for o in found for f in self.forms(node, predicate, o)]
        return list(dict.fromkeys(found)) if len(found) > 1 else found

    def subjects(self, predicate: ox.NamedNode, node: Any) -> list:
        stored = self.stored.get(node, node) if isinstance(node, ox.Literal) else node
        found = (s for s, _, _ in self.match(None, predicate, stored))
        if stored is not node or (isinstance(node, ox.Literal) and predicate in self.rewritten):
            found = (s for s in found if node in self.forms(s, predicate, stored))
        return list(dict.fromkeys(found))

    def statements(self, node: Any) -> list[tuple]:
        """The (predicate, object) pairs of a subject."""
        if isinstance(node, ox.Literal):
            return []
        pairs = dict.fromkeys((p, o) for _, p, o in self.match(node, None, None))
        return list({(p, f): None for p, o in pairs for f in self.forms(node, p, o)})


def namer(manager: Any) -> Callable[[Any], str]:
    """Terms as text: prefixed names, ``_:id`` for blank nodes, literals in Turtle."""

    @functools.lru_cache(maxsize=65536)
    def name(term: Any) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        if isinstance(term, ox.Literal):
            text = term.value.translate({92: "\\\\", 34: '\\"', 10: "\\n", 13: "\\r"})
            if term.language:
                return f'"{text}"@{term.language}'
            if term.datatype.value == XSD_NS + "string":
                return f'"{text}"'
            return f'"{text}"^^{name(term.datatype)}'
        try:
            return manager.normalizeUri(URIRef(term.value))
        except Exception:
            return f"<{term.value}>"

    return name


# --- Paths --------------------------------------------------------------------


class ShaclPath(NamedTuple):
    """A SHACL property path: its kind, its node in the shapes graph, its steps."""

    kind: str  # predicate, inverse, sequence, alternative, zeroOrMore, oneOrMore, zeroOrOne
    node: Any
    steps: tuple = ()
    text: str = ""  # in SPARQL's syntax, with the data's prefixes

    @property
    def sparql(self) -> str:
        """The path in SPARQL's syntax with full IRIs, for ``$PATH``."""
        if self.kind == "predicate":
            return f"<{self.node.value}>"
        inner = [s.sparql for s in self.steps]
        return {
            "inverse": lambda: f"^({inner[0]})",
            "sequence": lambda: "(" + "/".join(inner) + ")",
            "alternative": lambda: "(" + "|".join(inner) + ")",
        }.get(self.kind, lambda: f"({inner[0]}){_POSTFIX[self.kind]}")()


_POSTFIX = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


def read_path(shapes: ShapesGraph, node: Any, name: Callable, seen: tuple = ()) -> ShaclPath:
    """A path node of the shapes graph as a ``ShaclPath``; raise ValueError if ill-formed."""
    if isinstance(node, ox.NamedNode):
        return ShaclPath("predicate", node, (), name(node))
    if not isinstance(node, ox.BlankNode) or node in seen:
        raise ValueError(f"ill-formed SHACL path: {name(node)}")
    seen = (*seen, node)
    if shapes.is_list(node):  # a list is a sequence, whatever else its node says
        steps = tuple(read_path(shapes, m, name, seen) for m in shapes.items(node))
        if len(steps) < 2:
            raise ValueError("ill-formed SHACL path: a sequence of fewer than two steps")
        return ShaclPath("sequence", node, steps, "/".join(_operand(s, "/") for s in steps))
    if (members := shapes.value(node, sh("alternativePath"))) is not None:
        steps = tuple(read_path(shapes, m, name, seen) for m in shapes.items(members))
        if len(steps) < 2:
            raise ValueError("ill-formed SHACL path: an alternative of fewer than two paths")
        return ShaclPath("alternative", node, steps, "(" + "|".join(s.text for s in steps) + ")")
    if (inner := shapes.value(node, sh("inversePath"))) is not None:
        step = read_path(shapes, inner, name, seen)
        return ShaclPath("inverse", node, (step,), "^" + _operand(step, "^"))
    for kind, operator in _POSTFIX.items():
        if (inner := shapes.value(node, sh(kind + "Path"))) is not None:
            step = read_path(shapes, inner, name, seen)
            return ShaclPath(kind, node, (step,), _operand(step, operator) + operator)
    raise ValueError(f"ill-formed SHACL path: {name(node)}")


def _operand(path: ShaclPath, operator: str) -> str:
    """A path's text as the operand of an operator, in brackets when it binds less."""
    bare = path.kind in ("predicate", "alternative") or (
        operator == "/" and path.kind != "sequence"
    )
    return path.text if bare else f"({path.text})"


def follow(data: Data, path: ShaclPath, node: Any, inverse: bool = False) -> list:
    """The nodes a path reaches from a node (or that reach it, ``inverse``), each once."""
    kind = path.kind
    if kind == "predicate":
        return data.subjects(path.node, node) if inverse else data.objects(node, path.node)
    if kind == "inverse":
        return follow(data, path.steps[0], node, not inverse)
    if kind == "sequence":
        nodes = [node]
        for step in reversed(path.steps) if inverse else path.steps:
            nodes = list({m: None for n in nodes for m in follow(data, step, n, inverse)})
        return nodes
    if kind == "alternative":
        return list({m: None for step in path.steps for m in follow(data, step, node, inverse)})
    step = path.steps[0]
    if kind == "zeroOrOne":
        return list(dict.fromkeys([node, *follow(data, step, node, inverse)]))
    found = {node: None} if kind == "zeroOrMore" else {}
    todo, expanded = [node], set()
    while todo:
        current = todo.pop()
        if current not in expanded:
            expanded.add(current)
            for reached in follow(data, step, current, inverse):
                found.setdefault(reached, None)
                todo.append(reached)
    return list(found)
