"""Name actors: find an organisation or a person by IRI, acronym or label, and label them.

Takes the dataset ``load`` built and a name as a person types it; gives the actor's IRI,
or an error that lists the candidates. Shared by the SPARQL, network and map stages.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from mes_graph.base.terms import FOAF, ORG, RDF, SKOS
from mes_graph.engine import plain_pairs

IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\\\]+$")
"""What an absolute IRI looks like: a scheme, a colon, no space nor forbidden character."""

NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name)
"""The properties whose values name an actor."""


class UnknownActor(LookupError):
    """A name that matches no actor, or several: the message lists the candidates."""

    def __init__(self, name: str, candidates: list[str], ambiguous: bool = False) -> None:
        self.name, self.candidates, self.ambiguous = name, candidates, ambiguous
        if ambiguous:
            message = f"« {name} » is ambiguous: it names {', '.join(candidates)}"
        elif candidates:
            message = f"no actor named « {name} »; did you mean {', '.join(candidates)}?"
        else:
            message = f"no actor named « {name} »"
        super().__init__(message)


def fold(text: str) -> str:
    """Lower-case a name and strip its accents and punctuation, to compare names.

    Examples
    --------
    >>> fold("  Économie-Solidaire l’ESS ")
    'economie solidaire l ess'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


def actors(graph: Graph) -> list[URIRef]:
    """Every organisation and person of the graph, sorted by IRI.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> len(actors(load()))
    31
    """
    classes = {str(ORG.Organization), str(FOAF.Person)}
    found = {s for s, cls in plain_pairs(graph, RDF.type) if cls in classes}
    return sorted(URIRef(node) for node in found if not node.startswith("_:"))


def label(graph: Graph, node: Node, lang: str = "fr") -> str:
    """The name to show for a resource: its prefLabel in ``lang``, else any, else foaf:name.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.base.terms import ID
    >>> label(load(), ID["organisation/mes"], "en")
    'Movement for the Solidarity Economy'
    """
    labels = sorted(graph.objects(node, SKOS.prefLabel))
    for wanted in (lang, "fr", "en"):
        for value in labels:
            if getattr(value, "language", None) == wanted:
                return str(value)
    names = sorted(graph.objects(node, FOAF.name))
    if labels or names:
        return str((labels or names)[0])
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _name_index(graph: Graph) -> dict[str, set[URIRef]]:
    """Folded name → actors, read once per name property (``plain_pairs``, fast on Oxigraph)."""
    known = set(actors(graph))
    index: dict[str, set[URIRef]] = {}
    for actor in known:
        index.setdefault(fold(str(actor)), set()).add(actor)
        index.setdefault(fold(str(actor).rsplit("/", 1)[-1]), set()).add(actor)
    for prop in NAME_PROPERTIES:
        for subject, value in plain_pairs(graph, prop):
            actor = URIRef(subject)
            if isinstance(value, tuple) and actor in known:
                index.setdefault(fold(value[0]), set()).add(actor)
    return index


_INDEXES: dict[int, tuple[weakref.ref, dict[str, set[URIRef]]]] = {}


def _is_actor(graph: Graph, node: URIRef) -> bool:
    """Whether a resource is an organisation or a person of the graph: two lookups, not a
    scan of every type statement (``actors``)."""
    return any((node, RDF.type, cls) in graph for cls in (ORG.Organization, FOAF.Person))


def _cached_index(graph: Graph, fresh: bool = False) -> dict[str, set[URIRef]]:
    """The name index of a graph, built at its first use (or again when ``fresh``).

    No count of the graph checks it at every call (0.2 s at 1M statements): the
    name found is checked against the graph instead (``_still_named``), and a name not
    found builds the index again.
    """
    cached = _INDEXES.get(id(graph))
    if not fresh and cached and cached[0]() is graph:
        return cached[1]
    index = _name_index(graph)
    _INDEXES[id(graph)] = (weakref.ref(graph), index)
    return index


def _still_named(graph: Graph, actor: URIRef, name: str) -> bool:
    """Whether an actor of the index is still an actor that carries this name."""
    if not _is_actor(graph, actor):
        return False
    folded = fold(name)
    if folded in (fold(str(actor)), fold(str(actor).rsplit("/", 1)[-1])):
        return True
    return any(fold(str(v)) == folded for p in NAME_PROPERTIES for v in graph.objects(actor, p))


def resolve_actor(graph: Graph, name: str) -> URIRef:
    """Find the actor a name designates: an IRI, an acronym or a label.

    The comparison ignores case, accents and punctuation. An IRI of the graph is taken
    as it is.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        The graph ``load`` built.
    name : str
        What the user typed: ``"ARDES"``, ``"ripess europe"``, a full IRI.

    Returns
    -------
    URIRef
        The actor's IRI.

    Raises
    ------
    UnknownActor
        No actor or several carry that name; the message lists the candidates.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ds = load()
    >>> resolve_actor(ds, "mouvement pour l'economie solidaire").rsplit("/", 1)[-1]
    'mes'
    >>> resolve_actor(ds, "Ripes Europe")
    Traceback (most recent call last):
    ...
    mes_graph.actors.UnknownActor: no actor named « Ripes Europe »; did you mean RIPESS Europe?
    """
    if IRI.match(name) and _is_actor(graph, URIRef(name)):
        return URIRef(name)

    def shown(actor: URIRef) -> str:
        return label(graph, actor)

    try:
        actor = match_name(_cached_index(graph), name, shown)
        if _still_named(graph, actor, name):
            return actor
    except UnknownActor:
        pass  # the graph may have gained the name since the index was built
    return match_name(_cached_index(graph, fresh=True), name, shown)


def match_name(index: Mapping[str, set[Any]], name: str, shown: Callable[[Any], str]) -> Any:
    """The one actor a name designates in an index of folded names, else ``UnknownActor``.

    Parameters
    ----------
    index : mapping
        Folded name (``fold``) → the actors it names.
    name : str
        What the user typed.
    shown : callable
        An actor → the name the message shows for it.

    Returns
    -------
    The actor.

    Raises
    ------
    UnknownActor
        No actor or several carry that name; the candidates are the actors it names, or
        those of the names closest to it.

    Examples
    --------
    >>> index = {"ardes": {"a"}, "mes": {"m"}}
    >>> match_name(index, "ARDES", str.upper)
    'a'
    >>> match_name(index, "arde", str.upper)
    Traceback (most recent call last):
    ...
    mes_graph.actors.UnknownActor: no actor named « arde »; did you mean A?
    """
    matches = index.get(fold(name), set())
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        raise UnknownActor(name, sorted(f"{shown(m)} <{m}>" for m in matches), ambiguous=True)
    close = difflib.get_close_matches(fold(name), list(index), n=5, cutoff=0.6)
    raise UnknownActor(name, sorted({shown(actor) for key in close for actor in index[key]}))
