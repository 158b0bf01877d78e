"""Count what the graph holds: actors by class, memberships, sources, languages.

Takes the dataset ``load`` built; gives plain counts, and a text table of them for the CLI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset

from mes_graph.base.terms import DCTERMS, ORG, PREFIXES, PROV, RDF, XSD
from mes_graph.engine import statements


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
    return _counts(statements(dataset))


def _counts(quads: Iterable[ox.Quad]) -> dict[str, dict[str, int]]:
    """``stats`` of a dataset's statements, in one pass."""
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
