"""Look up INSEE's codes as the registers write them: a code → its SKOS concept, fast.

Takes the codes of a register's row: a NAF rév. 2 sub-class (``62.01Z``), a catégorie
juridique (``9220``), a tranche d'effectifs (``NN``), a commune of the Code officiel
géographique (``13055``, an arrondissement municipal ``75101``, a former code of a merged
commune). Gives the IRI of its concept in the code lists of ``ontology/vocabularies/insee/``
(régions: ``ontology/vocabularies/places.ttl``), or None for a code the list does not have
(``45.2R``, a NAF rév. 1 code of a closed unit); a commune's département and région; any
concept's French label; and the files and schemes of the lists (``CODE_LISTS``, ``SCHEMES``),
for ``dcterms:requires`` and ``load``.

The lists are read from the Turtle files themselves, each at its first use and once per
process (whichever thread asks first), by Oxigraph's parser, which passes over all but the
notations, labels, broader concepts and former codes: there is no second copy of the data.
The first look-up in the communes parses ``communes.ttl`` (284,000 statements: about 0.4 s
here), in the NAF 15 ms, in the others less; every look-up after it is a dictionary look-up
(0.2 to 0.4 µs). A code no list has gives None (``departement_of`` and ``region_of`` too),
never an exception.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from mes_graph.base.terms import BASE
from mes_graph.load import resource_dir
from mes_graph.registers.model import CJ, COMMUNE, DEPARTEMENT, EFFECTIFS, NAF, REGION

__all__ = [
    "CODE_LISTS",
    "SCHEMES",
    "commune",
    "departement_of",
    "headcount_band",
    "label",
    "legal_category",
    "naf_concept",
    "region_of",
    "region_of_departement",
]

_VOCABULARIES = resource_dir() / "ontology" / "vocabularies"
_INSEE = _VOCABULARIES / "insee"

CODE_LISTS: dict[str, Path] = {
    "naf-rev2": _INSEE / "naf-rev2.ttl",
    "categories-juridiques": _INSEE / "categories-juridiques.ttl",
    "tranches-effectifs": _INSEE / "tranches-effectifs.ttl",
    "regions": _VOCABULARIES / "places.ttl",
    "departements": _INSEE / "departements.ttl",
    "communes": _INSEE / "communes.ttl",
    "correspondances": _INSEE / "correspondances.ttl",
    "familles-ess": _VOCABULARIES / "registres" / "familles-ess.ttl",
}
"""Each code list's Turtle file, by name (``correspondances``: the matches of the INSEE lists
to our legal forms and sectors and to ESSGlobal's lists, no scheme of its own)."""

SCHEMES: dict[str, URIRef] = {
    name: URIRef(f"{BASE}id/scheme/{name}") for name in CODE_LISTS if name != "correspondances"
}
"""Each code list's ``skos:ConceptScheme``, by the same names as ``CODE_LISTS``."""

_NAMESPACES = {
    "naf-rev2": str(NAF),
    "categories-juridiques": str(CJ),
    "tranches-effectifs": str(EFFECTIFS),
    "regions": str(REGION),
    "departements": str(DEPARTEMENT),
    "communes": str(COMMUNE),
}
"""The namespace of each list's concepts (the lists a lookup reads)."""

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_NOTATION, _LABEL, _BROADER, _REPLACES = range(4)
_WANTED = {
    ox.NamedNode(_SKOS + "notation"): _NOTATION,
    ox.NamedNode(_SKOS + "prefLabel"): _LABEL,
    ox.NamedNode(_SKOS + "broader"): _BROADER,
    ox.NamedNode("http://purl.org/dc/terms/replaces"): _REPLACES,
}
"""The predicates a lookup needs; the parser's other statements are passed over."""

_SIRENE_NAF = re.compile(r"^(\d{2})\.?(\d{2}[A-Z])$")
"""A sub-class as Sirene writes it (``62.01Z``), or without its dot (``6201Z``)."""


@dataclass
class _List:
    """One code list as read from its file: notation → concept, concept → label, broader."""

    concepts: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    """Notation → the notation of its broader concept (in this list or another)."""
    former: dict[str, str] = field(default_factory=dict)
    """A former code (``dcterms:replaces``) → the notation of the concept replacing it."""


_LOADED: dict[str, _List] = {}
_IRIS: dict[str, URIRef] = {}
_LOCK = threading.Lock()


def _read(name: str) -> _List:
    """Parse a list's file once: its concepts (those of its namespace with a notation), their
    French labels, broader concepts and former codes."""
    namespace = _NAMESPACES[name]
    notations: dict[str, str] = {}
    labels: dict[str, str] = {}
    broader: dict[str, str] = {}
    found = _List()
    kind_of = _WANTED.get
    for triple in ox.parse(path=CODE_LISTS[name], format=ox.RdfFormat.TURTLE, lenient=True):
        kind = kind_of(triple.predicate)
        if kind == _NOTATION:
            notations[triple.subject.value] = triple.object.value
        elif kind == _BROADER:
            broader[triple.subject.value] = triple.object.value
        elif kind == _LABEL:
            label = triple.object
            if label.language == "fr":
                labels[triple.subject.value] = label.value
        elif kind == _REPLACES:
            found.former[triple.object.value.rsplit("/", 1)[-1]] = triple.subject.value
    for iri, code in notations.items():
        if iri.startswith(namespace):
            found.concepts[code] = iri
            found.labels[iri] = labels[iri]
            if iri in broader:
                found.broader[code] = broader[iri].rsplit("/", 1)[-1]
    found.former = {old: notations[iri] for old, iri in found.former.items()}
    return found


def _list(name: str) -> _List:
    """A code list, read at its first use (once per process, whichever thread asks first)."""
    found = _LOADED.get(name)
    if found is None:
        with _LOCK:
            found = _LOADED.get(name)
            if found is None:
                found = _LOADED[name] = _read(name)
    return found


def _iri(iri: str | None) -> URIRef | None:
    """The ``URIRef`` of an IRI, made once (making one checks its characters: slow)."""
    if iri is None:
        return None
    found = _IRIS.get(iri)
    if found is None:
        found = _IRIS[iri] = URIRef(iri)
    return found


def naf_concept(code: str) -> URIRef | None:
    """The NAF rév. 2 concept of a code, as Sirene writes it; None for another nomenclature.

    Parameters
    ----------
    code : str
        A sub-class (``62.01Z``; ``6201Z`` is read too) or a code of another level
        (``62.01``, ``62``, ``J``).

    Returns
    -------
    URIRef or None
        None for a code NAF rév. 2 does not have: NAF rév. 1 (``45.2R``), NAF 1993, NAP, and
        ``00.00Z`` (a unit registered before its activity is known).

    Examples
    --------
    >>> naf_concept("62.01Z")[-18:], naf_concept("6201Z") == naf_concept("62.01Z")
    ('concept/naf/62.01Z', True)
    >>> naf_concept("45.2R"), naf_concept("00.00Z"), naf_concept("")
    (None, None, None)
    """
    concepts = _list("naf-rev2").concepts
    found = concepts.get(code)
    if found is None:
        text = code.strip().upper()
        shape = _SIRENE_NAF.match(text)
        found = concepts.get(f"{shape.group(1)}.{shape.group(2)}" if shape else text)
    return _iri(found)


def legal_category(code: str) -> URIRef | None:
    """The concept of a catégorie juridique (level III, four digits, as Sirene writes it).

    Parameters
    ----------
    code : str
        ``9220``; a code of level I or II (``9``, ``92``) is found too; ``9220.0`` (a
        spreadsheet's number) is read as ``9220``.

    Returns
    -------
    URIRef or None

    Examples
    --------
    >>> legal_category("9220")[-32:], legal_category("9220.0") == legal_category("9220")
    ('concept/categorie-juridique/9220', True)
    >>> legal_category("1234"), legal_category("")
    (None, None)
    """
    text = code.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return _iri(_list("categories-juridiques").concepts.get(text))


def headcount_band(code: str) -> URIRef | None:
    """The concept of a tranche d'effectifs salariés: ``NN``, ``00``, ``01`` … ``53``.

    Examples
    --------
    >>> headcount_band("NN")[-20:], headcount_band("12")[-2:], headcount_band("99")
    ('tranche-effectifs/NN', '12', None)
    """
    return _iri(_list("tranches-effectifs").concepts.get(code.strip().upper()))


def _commune_code(code: str) -> str | None:
    """The code of the current commune a COG code names, or None."""
    communes = _list("communes")
    text = code.strip().upper()
    if len(text) == 4 and text.isdigit():  # a leading zero lost by a spreadsheet
        text = "0" + text
    if text in communes.concepts:
        parent = communes.broader.get(text, "")
        return parent if parent in communes.concepts else text  # a ward gives its commune
    return communes.former.get(text)


def commune(code: str) -> URIRef | None:
    """The concept of the commune a COG code names, in the current COG.

    Parameters
    ----------
    code : str
        A commune's code (``13055``, ``2A004``); an arrondissement municipal of Paris, Lyon
        or Marseille (``75101``, ``69381``, ``13201``), which Sirene writes, gives its
        commune; a former code of a merged commune gives the commune it merged into.

    Returns
    -------
    URIRef or None
        None for a code the COG does not have (a commune abroad, of a COM, a typo).

    Examples
    --------
    >>> commune("75101")[-13:], commune("13055")[-5:], commune("2A004")[-5:]
    ('commune/75056', '13055', '2A004')
    >>> commune("59298")[-5:], commune("99999"), commune("")
    ('59350', None, None)
    """
    found = _commune_code(code)
    return _iri(_list("communes").concepts[found]) if found else None


def departement_of(commune_code: str) -> str | None:
    """The code of the département of a commune (a COG code, as ``commune`` reads it).

    Examples
    --------
    >>> departement_of("75101"), departement_of("2A004"), departement_of("97101")
    ('75', '2A', '971')
    >>> departement_of("99999") is None
    True
    """
    found = _commune_code(commune_code)
    return _list("communes").broader[found] if found else None


def region_of_departement(code: str) -> str | None:
    """The code of the région of a département (its COG code).

    Examples
    --------
    >>> region_of_departement("35"), region_of_departement("2A"), region_of_departement("99")
    ('53', '94', None)
    """
    return _list("departements").broader.get(code)


def region_of(commune_code: str) -> str | None:
    """The code of the région of a commune (a COG code, as ``commune`` reads it).

    Examples
    --------
    >>> region_of("75101"), region_of("59350"), region_of("97611"), region_of("") is None
    ('11', '32', '06', True)
    """
    departement = departement_of(commune_code)
    return region_of_departement(departement) if departement else None


def label(concept: URIRef | str) -> str:
    """The French label (``skos:prefLabel``) of a concept of these code lists.

    Raises
    ------
    KeyError
        A concept of none of them.

    Examples
    --------
    >>> label(naf_concept("62.01Z")), label(legal_category("9220")), label(commune("75101"))
    ('Programmation informatique', 'Association déclarée', 'Paris')
    >>> label(REGION["32"]), label(headcount_band("01"))
    ('Hauts-de-France', '1 ou 2 salariés')
    """
    iri = str(concept)
    for name, namespace in _NAMESPACES.items():
        if iri.startswith(namespace):
            found = _list(name).labels.get(iri)
            if found is not None:
                return found
    raise KeyError(f"« {iri} » n'est un concept d'aucune liste de codes de l'INSEE")
