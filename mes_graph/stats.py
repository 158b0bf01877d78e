"""Count what the graph holds: actors by class, memberships, sources, languages.

Takes the dataset ``load`` built; gives plain counts, and a text table of them for the CLI.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
from rdflib import Dataset, Literal

from mes_graph.export import oxigraph_store
from mes_graph.terms import DCTERMS, ORG, PREFIXES, PROV, RDF, XSD


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
    store = oxigraph_store(dataset)
    if store is not None:
        return _stats_of_store(store)
    memberships = set(dataset.subjects(RDF.type, ORG.Membership))
    sourced = {m for m in memberships if (m, PROV.wasDerivedFrom, None) in dataset}
    sourced |= {m for m in memberships if (m, DCTERMS.source, None) in dataset}
    dated = {m for m in memberships if (m, ORG.memberDuring, None) in dataset}
    classes = Counter(short_name(str(cls)) for _, cls in set(dataset.subject_objects(RDF.type)))
    sources = Counter(short_name(str(name)) for _, _, _, name in dataset.quads() if name)
    languages = Counter(
        o.language or "(none)"
        for o in dataset.objects()
        if isinstance(o, Literal) and o.datatype is None
    )
    return {
        "totals": {
            "triples": len(set(dataset.triples((None, None, None)))),
            "named graphs": len(sources),
            "memberships": len(memberships),
            "memberships with a date": len(dated),
            "memberships with a source": len(sourced),
        },
        "classes": dict(sorted(classes.items())),
        "sources": dict(sorted(sources.items())),
        "languages": dict(sorted(languages.items())),
    }


def _stats_of_store(store: ox.Store) -> dict[str, dict[str, int]]:
    """``stats`` of an Oxigraph store, in one pass over its statements, without rdflib."""
    rdf_type, membership = str(RDF.type), str(ORG.Membership)
    sourcing = {str(PROV.wasDerivedFrom), str(DCTERMS.source)}
    during, string = str(ORG.memberDuring), str(XSD.string)
    memberships, sourced, dated = set(), set(), set()
    typed: set[tuple[str, str]] = set()
    triples: set[ox.Triple] = set()
    sources: Counter = Counter()
    languages: Counter = Counter()
    for quad in store.quads_for_pattern(None, None, None):
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
