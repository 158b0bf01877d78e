"""Full-text search over the names and labels of the served dataset, accents ignored.

Takes the served dataset; gives a ``SearchIndex``: every name (``skos:prefLabel``,
``foaf:name``, ``schema:name``, ``rdfs:label``, ``skos:altLabel``) folded once
(``actors.fold``: lower case, no accents, no punctuation), and ``find``: the resources
whose name holds every word asked, exact names first, then names that start with the
words, then the rest, each group by name. Memory grows with the names kept, one entry
per resource and name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Dataset, Literal, URIRef

from mes_graph.actors import fold
from mes_graph.base.terms import FOAF, ID, RDFS, SCHEMA, SKOS

__all__ = ["HITS", "SearchIndex", "search_index"]

HITS = 50
"""The most results a search gives."""

_NAMES = (SKOS.prefLabel, FOAF.name, SCHEMA.name, RDFS.label, SKOS.altLabel)


@dataclass
class SearchIndex:
    """Folded names, with the name as written and the IRI it names."""

    entries: list[tuple[str, str, str]] = field(default_factory=list)
    first: str | None = None
    """The MES, when the dataset holds it: where the home page invites to start."""

    def find(self, text: str, limit: int = HITS) -> tuple[list[tuple[str, str]], int]:
        """The (name, IRI) pairs matching every word of ``text``, best first; and how many.

        Examples
        --------
        >>> index = SearchIndex([("reseau economie", "Réseau Économie", "urn:a"),
        ...                      ("economie", "Économie", "urn:b")])
        >>> index.find("ÉCONOMIE")
        ([('Économie', 'urn:b'), ('Réseau Économie', 'urn:a')], 2)
        >>> index.find("")
        ([], 0)
        """
        words = fold(text).split()
        if not words:
            return [], 0
        phrase = " ".join(words)
        best: dict[str, tuple[int, str, str]] = {}
        for folded, label, iri in self.entries:
            if all(w in folded for w in words):
                rank = 0 if folded == phrase else 1 if folded.startswith(phrase) else 2
                key = (rank, folded, label)
                if iri not in best or key < best[iri]:
                    best[iri] = key
        ordered = sorted(best.items(), key=lambda item: (item[1], item[0]))
        return [(label, iri) for iri, (_, _, label) in ordered[:limit]], len(ordered)


def search_index(dataset: Dataset) -> SearchIndex:
    """The search index of a dataset's names and labels (IRIs only, no blank nodes).

    Parameters
    ----------
    dataset : rdflib.Dataset

    Returns
    -------
    SearchIndex

    Examples
    --------
    >>> from mes_graph.load import load
    >>> index = search_index(load())
    >>> index.find("mouvement pour l'economie")[0][0]
    ("Mouvement pour l'Économie Solidaire", 'https://w3id.org/mes-graph/id/organisation/mes')
    """
    seen: set[tuple[str, str]] = set()
    entries = []
    for prop in _NAMES:
        for s, _, o, _ in dataset.quads((None, prop, None, None)):
            if isinstance(s, URIRef) and isinstance(o, Literal) and (str(s), str(o)) not in seen:
                seen.add((str(s), str(o)))
                entries.append((fold(str(o)), str(o), str(s)))
    entries.sort()
    mes = str(ID["organisation/mes"])
    return SearchIndex(entries, mes if any(e[2] == mes for e in entries) else None)
