"""Count what the graph holds: actors by class, memberships, sources, languages.

Takes the dataset ``load`` built; gives plain counts, and a text table of them for the CLI.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from mes_graph.base.files import write_atomic
from mes_graph.base.terms import DCTERMS, ORG, PREFIXES, PROV, RDF, XSD
from mes_graph.engine import is_dataset, oxigraph_of, statements


def short_name(iri: str) -> str:
    """An IRI under one of our prefixes as a prefixed name; other IRIs as they are.

    Examples
    --------
    >>> short_name("http://www.w3.org/ns/org#Membership")
    'org:Membership'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


def stats(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Count the statements, classes, memberships, sources and languages of a dataset.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.

    Returns
    -------
    dict
        ``totals`` (triples, named graphs, memberships and how many have a date or a
        source), ``classes`` (instances per class), ``sources`` (triples per named
        graph) and ``languages`` (literals per language tag), each sorted by name.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> counts = stats(load())
    >>> counts["classes"]["org:Membership"], counts["classes"]["foaf:Person"]
    (29, 5)
    """
    if is_dataset(dataset):  # counted inside Oxigraph: no statement held in Python
        return _store_counts(oxigraph_of(dataset))
    return _counts(statements(dataset))


STATS_FILE = ".mes-graph-stats.json"
"""Where a store kept between builds records its ``stats``, beside its inputs' digest."""


def kept_stats(dataset: Dataset, folder: Path | str) -> dict[str, dict[str, int]]:
    """``stats`` of a store kept between builds (``load.load_kept``), counted once.

    The counts are recorded in the store's folder with the digest of the inputs it was
    filled from and of the counting queries; a build that reuses the store reads them
    instead of counting again (each count reads the whole store).

    Parameters
    ----------
    dataset : rdflib.Dataset
        ``load_kept(data, folder)``.
    folder : Path or str
        The store's folder.

    Returns
    -------
    dict
        As ``stats``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load_kept
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> dataset = load_kept([], folder)
    >>> counted = kept_stats(dataset, folder)
    >>> (folder / STATS_FILE).is_file(), kept_stats(dataset, folder) == counted == stats(dataset)
    (True, True)
    >>> dataset.close()
    """
    from mes_graph.load import INPUTS_FILE

    folder = Path(folder)
    inputs = (folder / INPUTS_FILE).read_text("ascii").strip()
    counting = hashlib.sha256(repr(_COUNT_QUERIES).encode()).hexdigest()
    digest = f"{inputs} {counting}"  # what was counted, and how
    path = folder / STATS_FILE
    with contextlib.suppress(OSError, ValueError, KeyError):
        recorded = json.loads(path.read_text("utf-8"))
        if recorded["inputs"] == digest:
            return recorded["stats"]
    counted = stats(dataset)
    write_atomic(path, json.dumps({"inputs": digest, "stats": counted}, indent=1).encode())
    return counted


_COUNT_QUERIES = {
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "shared": "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s "
    "HAVING (COUNT(DISTINCT ?g) > 1)",
    "languages": "SELECT ?l (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER(isLiteral(?o) && (LANG(?o) != '' || DATATYPE(?o) = <{string}>)) "
    "BIND(IF(LANG(?o) = '', '(none)', LANG(?o)) AS ?l) } GROUP BY ?l",
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
    "FILTER(isIRI(?c)) } GROUP BY ?c",
    "dated": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a <{membership}> } "
    "GRAPH ?h { ?m <{during}> ?d } }",
    "sourced": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a <{membership}> } "
    "GRAPH ?h { ?m ?source ?d } VALUES ?source { <{derived}> <{cites}> } }",
}
"""The counts of ``stats``, each one query that Oxigraph answers in one pass or one join."""


def _store_counts(store: ox.Store) -> dict[str, dict[str, int]]:
    """``stats`` of an Oxigraph store, asked of the store itself."""
    iris = {"string": XSD.string, "membership": ORG.Membership, "during": ORG.memberDuring,
            "derived": PROV.wasDerivedFrom, "cites": DCTERMS.source}  # fmt: skip

    def rows(name: str) -> list[tuple[str, int]]:
        text = _COUNT_QUERIES[name]
        for key, iri in iris.items():
            text = text.replace("{" + key + "}", str(iri))
        found = []
        for solution in store.query(text):
            values = list(solution)
            found.append((values[0].value if len(values) > 1 else "", int(values[-1].value)))
        return found

    graphs = rows("graphs")
    named = Counter()
    for name, count in graphs:
        named[short_name(name)] += count
    classes = Counter()
    for cls, count in rows("classes"):
        classes[short_name(cls)] += count
    return {
        "totals": {
            "triples": sum(n for _, n in graphs) - _repeated(store),
            "named graphs": len(named),
            "memberships": classes.get("org:Membership", 0),
            "memberships with a date": rows("dated")[0][1],
            "memberships with a source": rows("sourced")[0][1],
        },
        "classes": dict(sorted(classes.items())),
        "sources": dict(sorted(named.items())),
        "languages": dict(sorted(rows("languages"))),
    }


def _repeated(store: ox.Store) -> int:
    """How many statements are held again in another graph: only a subject said something
    of in several graphs can have one (few: a source's statements sit in its graph)."""
    repeated = 0
    for solution in store.query(_COUNT_QUERIES["shared"]):
        quads = list(store.quads_for_pattern(solution["s"], None, None, None))
        repeated += len(quads) - len({quad.triple for quad in quads})
    return repeated


def _counts(quads: Iterable[ox.Quad]) -> dict[str, dict[str, int]]:
    """``stats`` of a plain graph's statements, in one pass."""
    rdf_type, membership = str(RDF.type), str(ORG.Membership)
    sourcing = {str(PROV.wasDerivedFrom), str(DCTERMS.source)}
    during, string = str(ORG.memberDuring), str(XSD.string)
    memberships, sourced, dated = set(), set(), set()
    typed: set[tuple[str, str]] = set()
    triples: set[ox.Triple] = set()
    sources: Counter = Counter()
    languages: Counter = Counter()
    for quad in quads:
        s, p, o = quad.subject, quad.predicate.value, quad.object
        triples.add(quad.triple)
        if isinstance(quad.graph_name, ox.NamedNode):
            sources[quad.graph_name.value] += 1
        if isinstance(o, ox.Literal):
            if o.language:
                languages[o.language] += 1
            elif o.datatype.value == string:
                languages["(none)"] += 1
        if p == rdf_type and isinstance(o, ox.NamedNode):
            typed.add((str(s), o.value))
            if o.value == membership:
                memberships.add(s)
        elif p in sourcing:
            sourced.add(s)
        elif p == during:
            dated.add(s)
    classes = Counter(short_name(cls) for _, cls in typed)
    named = Counter()
    for name, count in sources.items():
        named[short_name(name)] += count
    return {
        "totals": {
            "triples": len(triples),
            "named graphs": len(named),
            "memberships": len(memberships),
            "memberships with a date": len(dated & memberships),
            "memberships with a source": len(sourced & memberships),
        },
        "classes": dict(sorted(classes.items())),
        "sources": dict(sorted(named.items())),
        "languages": dict(sorted(languages.items())),
    }


def format_stats(counts: dict[str, dict[str, int]]) -> str:
    """The counts as aligned text, one section per kind of count.

    Examples
    --------
    >>> print(format_stats({"totals": {"triples": 3}}))
    totals
      triples  3
    """
    sections = []
    for section, rows in counts.items():
        width = max(map(len, rows), default=0)
        lines = [section, *(f"  {key:<{width}}  {value}" for key, value in rows.items())]
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
