"""Load the graph: the ontology, the code lists, the shipped data and the user's Turtle files.

Takes paths to Turtle files; gives one rdflib ``Dataset`` in which every statement sits
in the named graph of its source. Nothing downstream reads a file again.

Named graphs follow one rule: a subject's statements go in the graph named by its
source (``dcterms:source``, else ``prov:wasDerivedFrom``; the first in IRI order if
there are several). A subject without a source of its own (an interval, a concept of a
scheme) follows the subject of the same file that refers to it, when all such referrers
share one source. What is left goes in a graph named after the file:
``<BASE>graph/ontology``, ``<BASE>graph/vocabularies`` or ``<BASE>graph/data/<stem>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from mes_graph.terms import DCTERMS, GRAPH, PREFIXES, PROV


class LoadError(Exception):
    """A file that cannot be read or parsed, with the line of the fault when known."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def resource_dir() -> Path:
    """The folder holding ``ontology/``, ``graph/`` and ``queries/``.

    Inside an installed wheel they travel as ``mes_graph/_data``; in a checkout they sit
    at the top of the repository.
    """
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent


def shipped_files() -> list[Path]:
    """The Turtle files of the embedded graph, in load order.

    Returns
    -------
    list of Path
        The ontology (``mes.ttl``, ``metrics.ttl``), the code lists of
        ``ontology/vocabularies/`` and the data of ``graph/``, each group sorted by name.

    Examples
    --------
    >>> [p.name for p in shipped_files()][:3]
    ['mes.ttl', 'metrics.ttl', 'kinds.ttl']
    """
    root = resource_dir()
    return [
        root / "ontology" / "mes.ttl",
        root / "ontology" / "metrics.ttl",
        *sorted((root / "ontology" / "vocabularies").glob("*.ttl")),
        *sorted((root / "graph").glob("*.ttl")),
    ]


def shapes_file() -> Path:
    """The SHACL shapes of the public vocabulary contract."""
    return resource_dir() / "ontology" / "shapes.ttl"


def parse_turtle(path: Path | str) -> Graph:
    """Parse one Turtle file, or raise ``LoadError`` naming the file and the line.

    Parameters
    ----------
    path : Path or str
        A Turtle file.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> len(parse_turtle(shipped_files()[-1])) > 0
    True
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError(path, None, "no such file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise LoadError(path, line, f"not UTF-8 (byte 0x{raw[err.start]:02x})") from None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as err:
        raise LoadError(path, err.lines + 1, err._why) from None
    except ValueError as err:
        raise LoadError(path, None, f"not valid Turtle: {err}") from None
    return graph


def fallback_graph(path: Path) -> URIRef:
    """The named graph of a file's statements that have no source."""
    shipped = (resource_dir() / "ontology").resolve()
    if path.resolve().parent == shipped:
        return GRAPH["ontology"]
    if path.resolve().parent == shipped / "vocabularies":
        return GRAPH["vocabularies"]
    return GRAPH["data/" + path.stem]


def graphs_by_source(graph: Graph, fallback: URIRef) -> dict[URIRef, Graph]:
    """Split a file's graph into the named graphs of its sources, by the module's rule.

    Parameters
    ----------
    graph : rdflib.Graph
        The statements of one file.
    fallback : URIRef
        The graph of statements whose subject has no source.

    Returns
    -------
    dict
        Graph name to the statements it holds.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix dcterms: <http://purl.org/dc/terms/> .
    ...     <urn:a> dcterms:source <urn:doc> ; <urn:p> <urn:b> .
    ...     <urn:b> <urn:p> "x" .
    ...     <urn:c> <urn:p> "y" .''')
    >>> {str(k): len(v) for k, v in sorted(graphs_by_source(g, URIRef("urn:file")).items())}
    {'urn:doc': 3, 'urn:file': 1}
    """
    source: dict[Node, Node] = {}
    for prop in (PROV.wasDerivedFrom, DCTERMS.source):  # dcterms:source wins
        for subject in graph.subjects(prop, None, unique=True):
            source[subject] = min(graph.objects(subject, prop))
    while True:  # follow references until every reachable subject has its source
        referrers: dict[Node, set[Node]] = defaultdict(set)
        for subject, _, obj in graph:
            if subject in source and obj not in source:
                referrers[obj].add(source[subject])
        inherited = {node: srcs.pop() for node, srcs in referrers.items() if len(srcs) == 1}
        if not inherited:
            break
        source |= inherited
    parts: dict[URIRef, Graph] = defaultdict(Graph)
    for triple in graph:
        subject = triple[0]
        parts[source.get(subject, fallback)].add(triple)
    return dict(parts)


def load(data: Iterable[Path | str] = (), *, shipped: bool = True) -> Dataset:
    """Build the dataset: the embedded graph plus the user's own Turtle files.

    Parameters
    ----------
    data : iterable of Path or str
        Extra Turtle files (the CLI's ``--data``).
    shipped : bool
        Include the embedded ontology, code lists and data (default True).

    Returns
    -------
    rdflib.Dataset
        Every statement in the named graph of its source; the default graph is the
        union of the named graphs.

    Raises
    ------
    LoadError
        A file is missing or is not valid Turtle.

    Examples
    --------
    >>> from mes_graph.terms import ORG
    >>> ds = load()
    >>> len(set(ds.subjects(ORG.memberOf, URIRef("https://w3id.org/mes-graph/id/organisation/mes"))))
    18
    """
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    files = [*(shipped_files() if shipped else []), *map(Path, data)]
    for path in files:
        for name, part in graphs_by_source(parse_turtle(path), fallback_graph(path)).items():
            dataset.graph(name).addN((s, p, o, dataset.graph(name)) for s, p, o in part)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All the statements of a dataset in one plain graph, named graphs set aside."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, replace=True)
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph
