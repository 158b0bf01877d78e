"""Spreadsheets in, spreadsheets out: data entry for people who do not write Turtle.

Takes CSV files (UTF-8 with or without BOM, or Windows-1252 as French Excel saves them;
comma or semicolon, sniffed) or XLSX workbooks holding three tables — ``acteurs``
(organisations), ``adhesions`` (memberships) and ``personnes`` (people) — and gives
Turtle that reads like the hand-written files of ``graph/``, checked against the shapes
of the contract, or else every mistake at once, each naming the file, the line and the
column as a spreadsheet shows them::

    adhesions.csv, ligne 14, colonne « role » : « Membr » inconnu — vouliez-vous dire « Membre » ?

It goes the other way too: ``write_tables`` writes the three tables of a whole graph
(the round trip ``write_tables`` → ``import_spreadsheets`` gives back ``tables_view`` of
the graph, isomorphic), and ``write_template`` the empty templates, with dropdowns for
the code lists in XLSX.

The tables carry, for an organisation: its types (derived from its kind), French and
English ``skos:prefLabel``, acronyms (``skos:altLabel``@fr), spelling variants
(``skos:hiddenLabel``@fr), its kind, sectors, legal forms and strategic axes
(``org:classification``), ``schema:areaServed``, ``foaf:homepage``,
``schema:foundingDate``, ``schema:foundingLocation``, ``schema:description``,
``mes:mission``, ``skos:editorialNote`` and ``skos:scopeNote`` in French and English,
``org:subOrganizationOf`` / ``org:hasSubOrganization``, ``mes:participatesIn``,
``schema:founder`` / ``mes:founderOf``, ``org:memberOf`` and ``dcterms:source``; for a
person: types, ``foaf:name``, kind, ``dcterms:source``; for a membership: the
``org:Membership`` with member, organisation, role, ``prov:wasDerivedFrom`` and a dated
``org:memberDuring``. They leave out change events (``org:resultedFrom``,
``org:changedBy``), strategic projects, ``mes:nonExhaustiveRole``, undated membership
periods, labels in other languages, and the descriptions of sources, places and code
lists (the graph they come from keeps those).

Both ways keep to what spreadsheets meet: a text a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, a tab, a carriage return first) is written with a leading
``'`` and read back without it; an XLSX workbook is checked before openpyxl opens it and
read within limits (``XLSX_MAX_BYTES`` and the other ``XLSX_MAX_…``), its declared size
ignored, so that a decompression bomb is refused at once (``SpreadsheetRefused``).
"""

from __future__ import annotations

import calendar
import codecs
import csv
import datetime as dt
import difflib
import io
import posixpath
import re
import struct
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from xml.parsers import expat

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.files import write_atomic
from mes_graph.base.tables import FORMULA_STARTS, spreadsheet_cell
from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    ID,
    MES,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
    TIME,
    XSD,
)
from mes_graph.engine import union_graph
from mes_graph.validate import Violation, validate

# ---------------------------------------------------------------------------
# The tables and their columns
# ---------------------------------------------------------------------------


class Colonne(NamedTuple):
    """A column of a table: its French name, its English name, what it holds."""

    nom: str
    anglais: str
    aide: str
    obligatoire: bool = False
    multiple: bool = False
    alias: tuple[str, ...] = ()


TABLES: dict[str, tuple[Colonne, ...]] = {
    "acteurs": (
        Colonne("identifiant", "id", "fin de l'IRI (orga:…) ; vide : tiré du sigle ou du nom",
                alias=("identifier", "iri")),
        Colonne("nom", "name", "nom officiel en français", obligatoire=True,
                alias=("nom fr", "name fr", "libelle")),
        Colonne("nom_en", "name_en", "nom en anglais", alias=("nom anglais", "english name")),
        Colonne("sigle", "acronym", "sigle(s)", multiple=True, alias=("sigles", "acronyme")),
        Colonne("variantes", "variants", "autres graphies (celles des sources)", multiple=True,
                alias=("variante", "autres graphies", "hidden labels")),
        Colonne("type", "kind", "type d'acteur (liste)", obligatoire=True,
                alias=("type d acteur", "kind of actor")),
        Colonne("filieres", "sectors", "filières ou domaines (liste)", multiple=True,
                alias=("filiere", "secteurs", "secteur", "sector", "domaines")),
        Colonne("forme_juridique", "legal_form", "forme juridique (liste)", multiple=True,
                alias=("statut", "statut juridique")),
        Colonne("axes", "strategic_axes", "axes stratégiques du MES (liste)", multiple=True,
                alias=("axes strategiques", "axe")),
        Colonne("region", "region", "région(s) d'action (liste, ou code INSEE)", multiple=True,
                alias=("regions", "territoire", "area served")),
        Colonne("site_web", "website", "adresse du site", alias=("site", "site internet",
                "homepage", "web")),
        Colonne("date_creation", "founding_date", "date de création : 2002, 03/2002, 14/03/2002",
                alias=("date de creation", "creation", "fondation", "date de fondation")),
        Colonne("lieu_creation", "founding_place", "lieu de création (commune connue)",
                alias=("lieu de creation", "founding location")),
        Colonne("description", "description_fr", "description en français"),
        Colonne("description_en", "description_en", "description en anglais"),
        Colonne("mission", "mission_fr", "mission en français"),
        Colonne("mission_en", "mission_en", "mission en anglais"),
        Colonne("note", "note_fr", "note de rédaction en français", alias=("editorial note",)),
        Colonne("note_en", "note_en", "note de rédaction en anglais",
                alias=("editorial note en",)),
        Colonne("note_perimetre", "scope_note", "ce que recouvre l'acteur, en français"),
        Colonne("note_perimetre_en", "scope_note_en", "ce que recouvre l'acteur, en anglais"),
        Colonne("rattachement", "part_of", "organisation(s) dont il est une partie",
                multiple=True, alias=("rattache a", "sub organization of")),
        Colonne("participe_a", "participates_in", "instances où il siège sans adhérer",
                multiple=True, alias=("participe", "participation")),
        Colonne("fondateurs", "founders", "acteurs qui l'ont fondé", multiple=True,
                alias=("fondateur", "founder", "fonde par")),
        Colonne("source", "source", "source(s) : adresse web ou src:… ; vide : le fichier",
                multiple=True, alias=("sources",)),
    ),
    "adhesions": (
        Colonne("identifiant", "id", "fin de l'IRI (ms:…) ; vide : membre--organisation",
                alias=("identifier", "iri")),
        Colonne("membre", "member", "l'acteur ou la personne qui adhère (nom, sigle ou "
                "identifiant)", obligatoire=True, alias=("adherent",)),
        Colonne("organisation", "organization", "l'organisation rejointe", obligatoire=True,
                alias=("organisme", "structure")),
        Colonne("role", "role", "rôle (liste) ; vide : Membre", alias=("roles", "qualite")),
        Colonne("debut", "start", "date d'adhésion", alias=("date de debut", "depuis", "begin",
                "start date", "since", "date d adhesion")),
        Colonne("fin", "end", "date de fin", alias=("date de fin", "jusqu a", "end date",
                "until")),
        Colonne("source", "source", "source(s) ; vide : le fichier", multiple=True,
                alias=("sources",)),
    ),
    "personnes": (
        Colonne("identifiant", "id", "fin de l'IRI (person:…) ; vide : tiré du nom",
                alias=("identifier", "iri")),
        Colonne("nom", "name", "prénom et nom", obligatoire=True,
                alias=("nom complet", "full name", "prenom nom")),
        Colonne("type", "kind", "type de personne (liste)", alias=("kind of actor",)),
        Colonne("source", "source", "source(s) ; vide : le fichier", multiple=True,
                alias=("sources",)),
    ),
}  # fmt: skip
"""The three tables and their columns, in the order the files have them."""

NOMS_TABLES = {
    "acteurs": ("acteurs", "acteur", "actors", "organisations", "organizations"),
    "adhesions": ("adhesions", "adhesion", "memberships", "membership"),
    "personnes": ("personnes", "personne", "people", "persons"),
}
"""The names a file or a sheet may carry for each table (folded)."""

IGNOREES = ("motif", "reason")
"""Columns read and left aside: the reason column of a file of rejected rows."""

SEPARATEUR = " | "
"""How a cell holding several values is written; ``|`` and ``;`` are both read."""

ORGA = Namespace(str(ID) + "organisation/")
PERSON = Namespace(str(ID) + "person/")
MS = Namespace(str(ID) + "membership/")
TM = Namespace(str(ID) + "time/")
SRC = Namespace(str(ID) + "source/")

_PREFIXES_TTL = (
    *(
        (p, PREFIXES[p])
        for p in ("org", "foaf", "schema", "skos", "dcterms", "prov", "time", "xsd", "mes")
    ),
    ("orga", ORGA),
    ("person", PERSON),
    ("ms", MS),
    ("src", SRC),
    *((p, PREFIXES[p]) for p in ("kind", "sector", "role", "region")),
)
_PREFIXES_EXTRA = (
    ("tm", TM),
    ("legal", PREFIXES["legal"]),
    ("axis", Namespace(str(ID) + "concept/axis/")),
    ("commune", Namespace(str(ID) + "place/commune/")),
    ("rdfs", RDFS),
)

ListeCodes = dict[str, set[URIRef]]

# Where each table column goes: (table, column) -> code list for the cells.
_LISTES = {
    ("acteurs", "type"): "kind",
    ("acteurs", "filieres"): "sector",
    ("acteurs", "forme_juridique"): "legal_form",
    ("acteurs", "axes"): "axis",
    ("acteurs", "region"): "place",
    ("acteurs", "lieu_creation"): "place",
    ("adhesions", "role"): "role",
    ("personnes", "type"): "person_kind",
}
_FEMININ = {"filieres", "forme_juridique", "region", "source"}

_TEXTES = {  # column -> (property, language)
    "nom": (SKOS.prefLabel, "fr"),
    "nom_en": (SKOS.prefLabel, "en"),
    "sigle": (SKOS.altLabel, "fr"),
    "variantes": (SKOS.hiddenLabel, "fr"),
    "description": (SCHEMA.description, "fr"),
    "description_en": (SCHEMA.description, "en"),
    "mission": (MES.mission, "fr"),
    "mission_en": (MES.mission, "en"),
    "note": (SKOS.editorialNote, "fr"),
    "note_en": (SKOS.editorialNote, "en"),
    "note_perimetre": (SKOS.scopeNote, "fr"),
    "note_perimetre_en": (SKOS.scopeNote, "en"),
}
_CLASSEMENTS = {
    "type": "kind",
    "filieres": "sector",
    "forme_juridique": "legal_form",
    "axes": "axis",
}
_RELATIONS = {  # column -> (property, inverse or None, the object must be an organisation)
    "rattachement": (ORG.subOrganizationOf, ORG.hasSubOrganization, True),
    "participe_a": (MES.participatesIn, None, True),
    "fondateurs": (SCHEMA.founder, MES.founderOf, False),
}
_DATES_INSTANT = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)
_TYPES_DATE = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth,
               XSD.gYear: TIME.inXSDgYear}  # fmt: skip


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Erreur:
    """A mistake in a spreadsheet: file, line (the header is line 1), column, message.

    Examples
    --------
    >>> print(Erreur("adhesions.csv", 14, 3, "région", "« Bretange » inconnue"))
    adhesions.csv, ligne 14, colonne « région » : « Bretange » inconnue
    >>> print(Erreur("acteurs.csv", message="fichier vide"))
    acteurs.csv : fichier vide
    """

    fichier: str
    ligne: int = 0
    position: int = -1
    colonne: str = ""
    message: str = field(default="")

    def __str__(self) -> str:
        return f"{self.lieu()} : {self.message}"

    def lieu(self, fichier: bool = True) -> str:
        """Where the mistake is: ``fichier, ligne N, colonne « c »``."""
        parts = [self.fichier] if fichier else []
        if self.ligne:
            parts.append(f"ligne {self.ligne}")
        if self.colonne:
            parts.append(f"colonne « {self.colonne} »")
        return ", ".join(parts)


def format_errors(erreurs: Iterable[Erreur]) -> str:
    """The mistakes as text, one per line, sorted by file and line, with a count.

    Parameters
    ----------
    erreurs : iterable of Erreur

    Returns
    -------
    str
        One line per mistake, then the count and « rien n'a été écrit ».

    Examples
    --------
    >>> print(format_errors([Erreur("b.csv", 3, message="y"), Erreur("a.csv", 9, message="x")]))
    a.csv, ligne 9 : x
    b.csv, ligne 3 : y
    2 erreurs : rien n'a été écrit.
    """
    lines = [str(e) for e in sorted(erreurs)]
    count = len(lines)
    lines.append(f"{count} erreur{'s' if count > 1 else ''} : rien n'a été écrit.")
    return "\n".join(lines)


def _suggestions(valeur: str, cles: Mapping[str, Any], libelle: Any) -> list[str]:
    """The labels of the keys closest to a value by string similarity: the best, and any
    other nearly as close (at most three)."""
    key = fold(valeur)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for candidate in cles:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((-ratio, candidate))
    scored.sort()
    found: list[str] = []
    for score, candidate in scored:
        if -score < -scored[0][0] - 0.05:
            break
        for node in sorted(cles[candidate]):
            name = libelle(node)
            if name not in found:
                found.append(name)
    return found[:3]


def _inconnu(quoi: str, valeur: str, suggestions: Sequence[str], feminin: bool) -> str:
    text = f"{quoi}« {valeur} » inconnu{'e' if feminin else ''}"
    if suggestions:
        return text + " — vouliez-vous dire " + " ou ".join(f"« {s} »" for s in suggestions) + " ?"
    return text


# ---------------------------------------------------------------------------
# Dates, slugs, cells
# ---------------------------------------------------------------------------

MOIS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2,
    "february": 2, "feb": 2, "mars": 3, "mar": 3, "march": 3, "avril": 4, "avr": 4,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7,
    "juil": 7, "july": 7, "jul": 7, "aout": 8, "august": 8, "aug": 8, "septembre": 9,
    "sept": 9, "sep": 9, "september": 9, "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11, "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
"""Month names and abbreviations, French and English, folded."""


def parse_date(texte: str) -> Literal:
    """Read a date as people write it: a year, a month and year, or a day.

    Parameters
    ----------
    texte : str
        ``2002``, ``03/2002``, ``mars 2002``, ``2002-03``, ``14/03/2002``, ``1er mars
        2002``, ``2002-03-14``…

    Returns
    -------
    rdflib.Literal
        Typed ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    Raises
    ------
    ValueError
        ``date impossible`` (a 13th month, the 31st of February) or ``pas une date``.

    Examples
    --------
    >>> [str(parse_date(t)) for t in ("03/2002", "Mars 2002", "2002-03", "2002")]
    ['2002-03', '2002-03', '2002-03', '2002']
    >>> parse_date("14/03/2002").datatype == XSD.date, str(parse_date("1er févr. 2002"))
    (True, '2002-02-01')
    >>> parse_date("31/02/2002")
    Traceback (most recent call last):
    ...
    ValueError: date impossible
    """
    tokens = fold(texte).split()
    if tokens and tokens[0] in ("1er", "1re"):
        tokens[0] = "1"
    years = [i for i, t in enumerate(tokens) if len(t) == 4 and t.isdigit()]
    if len(years) != 1 or not 1 <= len(tokens) <= 3 or years[0] not in (0, len(tokens) - 1):
        raise ValueError("pas une date")
    year = int(tokens[years[0]])
    rest = tokens[1:] if years[0] == 0 else tokens[:-1]
    if years[0] == len(tokens) - 1:
        rest = rest[::-1]  # day month year -> month, day
    numbers: list[int] = []
    for position, token in enumerate(rest):
        if position == 0 and token in MOIS:
            numbers.append(MOIS[token])
        elif token.isdigit() and len(token) <= 2:
            numbers.append(int(token))
        else:
            raise ValueError("pas une date")
    if not 1 <= year <= 9999:
        raise ValueError("date impossible")
    if not numbers:
        return Literal(f"{year:04d}", datatype=XSD.gYear)
    month = numbers[0]
    if not 1 <= month <= 12:
        raise ValueError("date impossible")
    if len(numbers) == 1:
        return Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
    day = numbers[1]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError("date impossible")
    return Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date)


def _bornes(date: Literal) -> tuple[dt.date, dt.date]:
    """The first and last day a typed date may mean."""
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    first_month, last_month = (parts[1], parts[1]) if len(parts) == 2 else (1, 12)
    last_day = calendar.monthrange(parts[0], last_month)[1]
    return dt.date(parts[0], first_month, 1), dt.date(parts[0], last_month, last_day)


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ß": "ss"})


def slug(nom: str, longueur: int = 60) -> str:
    """A readable IRI end for a name: lower case, no accents, words joined by hyphens.

    Parameters
    ----------
    nom : str
        A name or an acronym.
    longueur : int
        At most this many characters, cut at a hyphen.

    Returns
    -------
    str
        Lower-case ASCII letters, digits and hyphens (empty if the name has none).

    Examples
    --------
    >>> slug("Collège d'Études Mondiales")
    'college-d-etudes-mondiales'
    >>> slug("Cœur de l’ESS !")
    'coeur-de-l-ess'
    """
    words = fold(nom.translate(_LIGATURES).casefold().translate(_LIGATURES)).split()
    words = ["".join(c for c in w if c.isascii()) for w in words]
    text = "-".join(w for w in words if w)
    while len(text) > longueur and "-" in text:
        text = text.rsplit("-", 1)[0]
    return text[:longueur]


_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.]+[a-z0-9]+)*$")
_IRI = re.compile(r"^(https?://|urn:)[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
_DOMAINE = re.compile(r"^[\w-]+(\.[\w-]+)+(/\S*)?$")


def _valeurs(cellule: str, multiple: bool) -> list[str]:
    """The values of a cell: split on ``|`` or ``;`` when the column holds several."""
    if not multiple:
        return [cellule] if cellule else []
    return [v.strip() for v in re.split(r"[|;]", cellule) if v.strip()]


def unquote_cell(texte: str) -> str:
    """A cell as it was before ``spreadsheet_cell`` guarded it: one leading ``'`` taken off.

    The ``'`` goes only before a formula character (``=``, ``+``, ``-``, ``@``, a tab, a
    carriage return), after any further quotes: ``unquote_cell(spreadsheet_cell(t)) == t``
    for every text ``t``, so the tables written for spreadsheets import back as they were.

    Parameters
    ----------
    texte : str
        A cell as read from a CSV file or an XLSX sheet.

    Returns
    -------
    str

    Examples
    --------
    >>> [unquote_cell(t) for t in ("'=SUM(1+1)", "''-1", "'-3.5", "l'ESS", "'oui", "-3.5")]
    ['=SUM(1+1)', "'-1", '-3.5', "l'ESS", "'oui", '-3.5']
    """
    if texte.startswith("'") and texte.lstrip("'").startswith(FORMULA_STARTS):
        return texte[1:]
    return texte


def _cellule_texte(value: Any, number_format: str | None = None) -> str:
    """The text of a spreadsheet cell, dates written back as the user meant them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime | dt.date):
        fmt = (number_format or "").lower()
        if "d" not in fmt and "m" in fmt:
            return f"{value.year:04d}-{value.month:02d}"
        if "d" not in fmt and "m" not in fmt and "y" in fmt:
            return f"{value.year:04d}"
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


class Ligne(NamedTuple):
    """One row of a table as read: where it is and its cells by column."""

    fichier: str
    numero: int
    cellules: dict[str, str]
    brut: tuple[str, ...]
    hors: tuple[str, ...] = ()


class Table(NamedTuple):
    """One table read from a CSV file or an XLSX sheet."""

    nom: str
    fichier: str
    chemin: Path
    feuille: str | None
    entetes: tuple[str, ...]
    colonnes: dict[str, tuple[int, str]]
    lignes: list[Ligne]
    separateur: str


def _alias(table: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for col in TABLES[table]:
        for name in (col.nom, col.anglais, *col.alias):
            names.setdefault(fold(name), col.nom)
    return names


_ALIAS = {table: _alias(table) for table in TABLES}


def _quelle_table(nom: str, entetes: Sequence[str]) -> str | None:
    """The table a file or sheet holds: by its name, else by its columns."""
    words = set(fold(nom).split())
    for table, names in NOMS_TABLES.items():
        if words & set(names):
            return table
    keys = {fold(h) for h in entetes}
    found = {table: {_ALIAS[table][k] for k in keys if k in _ALIAS[table]} for table in TABLES}
    if {"membre", "organisation"} <= found["adhesions"]:
        return "adhesions"
    if {"nom", "type"} <= found["acteurs"] and len(found["acteurs"]) > len(found["personnes"]):
        return "acteurs"
    if "nom" in found["personnes"]:
        return "personnes" if len(found["acteurs"]) <= 2 else "acteurs"
    return None


def _table(
    nom: str, fichier: str, chemin: Path, feuille: str | None, rows: list[list[str]], sep: str
) -> tuple[Table | None, list[Erreur]]:
    """Map the header of rows to the columns of a table; gather the rows."""
    while rows and not any(rows[0]):
        rows = rows[1:]
    if not rows:
        return None, [Erreur(fichier, message="aucune donnée : la première ligne doit porter "
                             "les noms des colonnes")]  # fmt: skip
    header = [h.strip() for h in rows[0]]
    table = _quelle_table(feuille or chemin.stem, header)
    if table is None:
        return None, [Erreur(fichier, 1, message="impossible de savoir quelle table est dans "
                             "ce fichier — nommez-le acteurs, adhesions ou personnes")]  # fmt: skip
    erreurs: list[Erreur] = []
    colonnes: dict[str, tuple[int, str]] = {}
    for position, name in enumerate(header):
        key = fold(name)
        if not key or key in IGNOREES:
            continue
        canonical = _ALIAS[table].get(key)
        if canonical is None:
            near = difflib.get_close_matches(key, list(_ALIAS[table]), n=1, cutoff=0.6)
            text = f"colonne inconnue dans la table {table}"
            if near:
                text += f" — vouliez-vous dire « {_ALIAS[table][near[0]]} » ?"
            erreurs.append(Erreur(fichier, 1, position, name, text))
        elif canonical in colonnes:
            first = colonnes[canonical][1]
            erreurs.append(Erreur(fichier, 1, position, name, f"colonne en double (« {first} »)"))
        else:
            colonnes[canonical] = (position, name)
    used = {pos for pos, _ in colonnes.values()}
    ignored = {pos for pos, name in enumerate(header) if fold(name) in IGNOREES}
    missing = [c.nom for c in TABLES[table] if c.obligatoire and c.nom not in colonnes]
    for name in missing:
        erreurs.append(Erreur(fichier, 1, message=f"colonne « {name} » absente — elle est "
                              "obligatoire"))  # fmt: skip
    lignes = []
    if not missing:
        for offset, row in enumerate(rows[1:], start=2):  # the header is line 1
            if not any(cell.strip() for cell in row):
                continue
            cells = {
                col: (row[pos].strip() if pos < len(row) else "")
                for col, (pos, _) in colonnes.items()
            }
            outside = tuple(
                cell.strip()
                for pos, cell in enumerate(row)
                if cell.strip() and pos not in used and pos not in ignored
            )
            lignes.append(Ligne(fichier, offset, cells, tuple(row), outside))
    result = Table(table, fichier, chemin, feuille, tuple(header), colonnes, lignes, sep)
    return result, erreurs


def _lire_csv(chemin: Path) -> tuple[list[Table], list[Erreur]]:
    name = chemin.name
    raw = chemin.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            return [], [Erreur(name, message="ni UTF-8 ni Windows-1252 — enregistrez le "
                               "fichier en « CSV UTF-8 »")]  # fmt: skip
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda s: (counts[s], s == ","))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        rows = [[unquote_cell(cell) for cell in row] for row in reader]
    except csv.Error as err:
        return [], [Erreur(name, message=f"CSV illisible : {err}")]
    # leading blank lines count in the user's line numbers
    blank = 0
    while blank < len(rows) and not any(c.strip() for c in rows[blank]):
        blank += 1
    table, erreurs = _table("", name, chemin, None, rows[blank:], sep)
    if table and blank:
        lignes = [ln._replace(numero=ln.numero + blank) for ln in table.lignes]
        table = table._replace(lignes=lignes)
        erreurs = [e if e.ligne == 0 else _decale(e, blank) for e in erreurs]
    return ([table] if table else []), erreurs


def _decale(erreur: Erreur, lignes: int) -> Erreur:
    return Erreur(erreur.fichier, erreur.ligne + lignes, erreur.position, erreur.colonne,
                  erreur.message)  # fmt: skip


# ---------------------------------------------------------------------------
# XLSX workbooks within limits: a hostile file is refused before it costs much
# ---------------------------------------------------------------------------

XLSX_MAX_BYTES = 100_000_000
"""A workbook's size once uncompressed, all its parts: 100 MB (real ones: a few MB)."""

XLSX_MAX_PART_BYTES = 50_000_000
"""The size of one part once uncompressed (a sheet, the shared strings): 50 MB."""

XLSX_MAX_RATIO = 200
"""How many times a part of more than ``XLSX_RATIO_FROM`` bytes may be compressed:
real sheets are compressed 5 to 30 times, decompression bombs about 1,000 times."""

XLSX_RATIO_FROM = 1_000_000
"""Below this size (1 MB) a part is too small for its compression ratio to matter."""

XLSX_MAX_PARTS = 1_000
"""Files in the archive: a workbook has about ten, and one or two per sheet."""

XLSX_MAX_DIRECTORY_BYTES = 1_000_000
"""The size of the archive's directory (the list of its files), read before it is opened."""

XLSX_MAX_ROWS = 200_000
"""Rows of a sheet, counting the empty ones before the last (20 times the 10,000 rows
the tests import in seconds)."""

XLSX_MAX_COLUMNS = 200
"""Columns of a sheet: the widest table has 25 (and a ``motif`` column)."""

XLSX_MAX_CELLS = 1_000_000
"""Cells of a workbook (the empty ones of a row before its last included), and shared
strings: 40,000 actors of 25 columns. A workbook at this limit and at the size limits
(a million cells and a million shared strings) took 25 s and 170 MB to read."""

XLSX_MAX_SECONDS = 60.0
"""Time to check and read a workbook."""

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"


class SpreadsheetRefused(OSError):
    """A workbook refused whole: not an XLSX file, or past a limit of size, shape or time.

    An ``OSError`` as a missing file is: the command line prints it on one line and
    exits 2, writing nothing; ``erreur`` is the mistake as the other mistakes are given.

    Parameters
    ----------
    chemin : Path
        The file refused.
    message : str
        Why, in French: what went past which limit.

    Examples
    --------
    >>> err = SpreadsheetRefused(Path("bombe.xlsx"), "classeur XLSX refusé : trop grand")
    >>> print(err)
    bombe.xlsx : classeur XLSX refusé : trop grand
    >>> err.filename, err.erreur.fichier
    ('bombe.xlsx', 'bombe.xlsx')
    """

    def __init__(self, chemin: Path, message: str) -> None:
        super().__init__(0, message, str(chemin))
        self.erreur = Erreur(chemin.name, message=message)

    def __str__(self) -> str:
        return str(self.erreur)


def _nombre(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def _taille(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f} Go".replace(".", ",")
    if n >= 1_000_000:
        return f"{n / 1e6:.0f} Mo"
    return f"{n / 1e3:.0f} ko"


def _lettres(colonne: int) -> str:
    letters = ""
    while colonne > 0:
        colonne, rest = divmod(colonne - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Limites:
    """The limits of one workbook as it is checked and read: cells so far, the deadline."""

    def __init__(self, chemin: Path) -> None:
        self.chemin = chemin
        self.deadline = time.monotonic() + XLSX_MAX_SECONDS
        self.cells = 0
        self.titles: dict[tuple[str, str], str] = {}  # (workbook part, rel id) -> sheet
        self.targets: dict[tuple[str, str], str] = {}  # (workbook part, rel id) -> part

    def refuse(self, message: str) -> NoReturn:
        raise SpreadsheetRefused(self.chemin, message)

    def where(self, part: str) -> str:
        """The sheet a part holds, as the user knows it, else the part's name."""
        for key, target in self.targets.items():
            if target == part and key in self.titles:
                return f"classeur XLSX refusé, feuille « {self.titles[key]} »"
        return f"classeur XLSX refusé, « {part} »"

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            self.refuse(
                f"classeur XLSX refusé : lecture arrêtée après {XLSX_MAX_SECONDS:g} s (limite) "
                "— enregistrez-le en CSV ou coupez-le en plusieurs fichiers"
            )

    def row(self, where: str, number: int) -> None:
        if number > XLSX_MAX_ROWS:
            self.refuse(f"{where} : ligne {_nombre(number)}, au-delà de la limite de "
                        f"{_nombre(XLSX_MAX_ROWS)} lignes par feuille")  # fmt: skip

    def column(self, where: str, column: int) -> None:
        if column > XLSX_MAX_COLUMNS:
            self.refuse(f"{where} : colonne {_lettres(column)}, au-delà de la limite de "
                        f"{XLSX_MAX_COLUMNS} colonnes")  # fmt: skip

    def add_cells(self, where: str, count: int) -> None:
        self.cells += count
        if self.cells > XLSX_MAX_CELLS:
            self.refuse(f"{where} : plus de {_nombre(XLSX_MAX_CELLS)} cellules dans le "
                        "classeur (limite)")  # fmt: skip


def _repertoire_zip(chemin: Path, limites: _Limites) -> None:
    """Refuse a file whose ZIP directory is missing or too big, before ``zipfile`` reads it."""
    with chemin.open("rb") as stream:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(max(0, size - 22 - 65_535))
        tail = stream.read()
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        limites.refuse("pas un classeur XLSX : ce n'est pas une archive ZIP — enregistrez-le "
                       "au format .xlsx ou en CSV")  # fmt: skip
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if entries > XLSX_MAX_PARTS or directory > XLSX_MAX_DIRECTORY_BYTES:
        shown = "plus de 65 535" if entries == 0xFFFF else _nombre(entries)
        limites.refuse(f"classeur XLSX refusé : {shown} fichiers dans l'archive, répertoire de "
                       f"{_taille(directory)} (limites : {_nombre(XLSX_MAX_PARTS)} fichiers, "
                       f"{_taille(XLSX_MAX_DIRECTORY_BYTES)})")  # fmt: skip


def _verifier_parties(archive: zipfile.ZipFile, limites: _Limites) -> list[zipfile.ZipInfo]:
    """Refuse an archive with too many parts, or parts too big or too compressed."""
    infos = archive.infolist()
    if len(infos) > XLSX_MAX_PARTS:
        limites.refuse(f"classeur XLSX refusé : {_nombre(len(infos))} fichiers dans l'archive "
                       f"(limite : {_nombre(XLSX_MAX_PARTS)})")  # fmt: skip
    for info in infos:
        if info.file_size > XLSX_MAX_PART_BYTES:
            limites.refuse(f"classeur XLSX refusé : « {info.filename} » ferait "
                           f"{_taille(info.file_size)} une fois décompressé (limite : "
                           f"{_taille(XLSX_MAX_PART_BYTES)} par partie)")  # fmt: skip
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
            limites.refuse(f"classeur XLSX refusé : « {info.filename} » est compressé "
                           f"{_nombre(ratio)} fois (limite : {XLSX_MAX_RATIO}) — une bombe "
                           "de décompression ?")  # fmt: skip
    total = sum(info.file_size for info in infos)
    if total > XLSX_MAX_BYTES:
        limites.refuse(f"classeur XLSX refusé : {_taille(total)} une fois décompressé (limite : "
                       f"{_taille(XLSX_MAX_BYTES)})")  # fmt: skip
    return infos


def _parcourir_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limites: _Limites) -> None:
    """Stream one XML part, in constant memory: refuse a DOCTYPE, too many rows, columns,
    cells or shared strings; note the sheets of a workbook part and the targets of rels.

    The rows and columns are counted as openpyxl reads them: the empty rows before a row
    and the empty cells before a cell are filled in.
    """
    part = info.filename
    rels = posixpath.basename(posixpath.dirname(part)) == "_rels" and part.endswith(".rels")
    source = posixpath.join(posixpath.dirname(posixpath.dirname(part)),
                            posixpath.basename(part)[: -len(".rels")]) if rels else ""  # fmt: skip
    base = posixpath.dirname(source)
    row = column = width = strings = 0
    where = ""

    def doctype(*_: Any) -> None:
        limites.refuse(f"classeur XLSX refusé : « {part} » déclare un DOCTYPE, ce qu'aucun "
                       "classeur ne fait")  # fmt: skip

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, column, width, strings, where
        if name == _MAIN + "c":
            ref, found = attrs.get("r", ""), 0
            for char in ref[:4]:  # XFD, the last column of Excel, has three letters
                if not "A" <= char <= "Z":
                    break
                found = found * 26 + ord(char) - 64
            column = found or column + 1
            where = where or limites.where(part)
            limites.column(where, column)
            if column > width:
                limites.add_cells(where, column - width)
                width = column
        elif name == _MAIN + "row":
            where = where or limites.where(part)
            text = attrs.get("r")
            if text is None:
                row += 1
            else:
                try:
                    row = int(text)
                except ValueError:
                    try:
                        number = float(text)  # openpyxl reads "2.0" as row 2
                    except ValueError:
                        number = 0.5
                    if not number.is_integer():
                        limites.refuse(f"classeur XLSX illisible : « {part} », numéro de ligne "
                                       f"« {text[:20]} » invalide")  # fmt: skip
                    row = int(number)
            limites.row(where, row)
            column = width = 0
        elif name == _MAIN + "si":
            strings += 1
            if strings > XLSX_MAX_CELLS:
                limites.refuse(f"classeur XLSX refusé : « {part} », plus de "
                               f"{_nombre(XLSX_MAX_CELLS)} textes (limite)")  # fmt: skip
        elif name == _MAIN + "sheet" and _REL_ID in attrs:
            limites.titles[(part, attrs[_REL_ID])] = attrs.get("name", "")
        elif name == _RELATIONSHIP and rels and "Id" in attrs:
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join(base, target)
            limites.targets[(source, attrs["Id"])] = posixpath.normpath(target)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
            limites.check_time()
        parser.Parse(b"", True)


def _verifier_xlsx(chemin: Path, limites: _Limites) -> None:
    """Check a workbook before openpyxl opens it: a ZIP, within every limit of size and shape.

    Raises ``SpreadsheetRefused`` with what went past which limit.
    """
    _repertoire_zip(chemin, limites)
    try:
        with zipfile.ZipFile(chemin) as archive:
            infos = _verifier_parties(archive, limites)
            xml = [i for i in infos if i.filename.endswith((".xml", ".rels")) and not i.is_dir()]
            for info in (i for i in xml if i.filename.endswith(".rels")):
                _parcourir_xml(archive, info, limites)
            # the workbook part before the sheets, to name them as the user knows them
            package = {part for (source, _), part in limites.targets.items() if not source}
            rest = [i for i in xml if not i.filename.endswith(".rels")]
            for info in sorted(rest, key=lambda i: (i.filename not in package, i.file_size)):
                _parcourir_xml(archive, info, limites)
    except SpreadsheetRefused:
        raise
    except zipfile.BadZipFile:
        limites.refuse("pas un classeur XLSX : ce n'est pas une archive ZIP — enregistrez-le "
                       "au format .xlsx ou en CSV")  # fmt: skip
    except expat.ExpatError as err:
        limites.refuse(f"classeur XLSX illisible : XML mal formé ({err})")
    except Exception as err:  # a damaged or encrypted archive: zipfile raises many kinds
        limites.refuse(f"classeur XLSX illisible ({err})")


def _lignes_feuille(sheet: Any, limites: _Limites) -> list[list[str]]:
    """The cells of a sheet as text, its declared size ignored, within the limits."""
    sheet.reset_dimensions()  # the size a sheet declares may be false, or a bomb
    where = f"classeur XLSX refusé, feuille « {sheet.title} »"
    rows: list[list[str]] = []
    try:
        for row in sheet.iter_rows():
            limites.row(where, len(rows) + 1)
            limites.column(where, len(row))
            limites.add_cells(where, len(row))
            limites.check_time()
            rows.append([
                _cellule_texte(unquote_cell(c.value) if isinstance(c.value, str) else c.value,
                               getattr(c, "number_format", None))
                for c in row
            ])  # fmt: skip
    except SpreadsheetRefused:
        raise
    except Exception as err:  # a damaged sheet: openpyxl raises many kinds
        limites.refuse(f"classeur XLSX illisible, feuille « {sheet.title} » ({err})")
    return rows


def _lire_xlsx(chemin: Path) -> tuple[list[Table], list[Erreur]]:
    try:
        import openpyxl
    except ImportError:
        raise OSError(
            0, "reading .xlsx needs openpyxl (pip install openpyxl), or save as CSV", str(chemin)
        ) from None
    limites = _Limites(chemin)
    _verifier_xlsx(chemin, limites)
    limites.cells = 0  # counted again as openpyxl reads them
    try:
        workbook = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    except Exception as err:  # a corrupt or foreign file: openpyxl raises many kinds
        limites.refuse(f"classeur XLSX illisible ({err})")
    tables, erreurs = [], []
    try:
        for sheet in workbook.worksheets:
            if fold(sheet.title) in ("listes", "lists", "liste"):
                continue
            rows = _lignes_feuille(sheet, limites)
            blank = 0
            while blank < len(rows) and not any(rows[blank]):
                blank += 1
            if blank == len(rows):
                continue
            # the header spans every column used, as the sheet's true size says
            rows[blank] += [""] * (max(map(len, rows)) - len(rows[blank]))
            fichier = f"{chemin.name}, feuille « {sheet.title} »"
            table, errs = _table(sheet.title, fichier, chemin, sheet.title, rows[blank:], ";")
            if table and blank:
                table = table._replace(
                    lignes=[ln._replace(numero=ln.numero + blank) for ln in table.lignes]
                )
                errs = [e if e.ligne == 0 else _decale(e, blank) for e in errs]
            if table is None and _quelle_table(sheet.title, rows[blank]) is None:
                continue  # a sheet of notes: not a table
            tables.extend([table] if table else [])
            erreurs.extend(errs)
    finally:
        workbook.close()
    if not tables and not erreurs:
        erreurs.append(Erreur(chemin.name, message="aucune feuille acteurs, adhesions ou "
                              "personnes"))  # fmt: skip
    return tables, erreurs


def read_spreadsheet(chemin: Path | str) -> tuple[list[Table], list[Erreur]]:
    """Read a CSV file or an XLSX workbook into tables, with the mistakes of its headers.

    A CSV file holds one table, named by its file name (``acteurs.csv``,
    ``adhesions-2026.csv``) or else recognised by its columns; an XLSX workbook holds
    one table per sheet, named likewise (a sheet ``listes`` is skipped). A workbook is
    checked before it is read and read within limits (``XLSX_MAX_BYTES`` and the other
    ``XLSX_MAX_…``): its declared size is ignored. A cell ``'=…`` (as ``write_tables``
    writes a formula-like text) is read as ``=…`` (``unquote_cell``).

    Parameters
    ----------
    chemin : Path or str
        A ``.csv`` or ``.xlsx`` file.

    Returns
    -------
    tables : list of Table
    erreurs : list of Erreur
        Unknown, doubled or missing columns, an unreadable file.

    Raises
    ------
    OSError
        The file cannot be opened, or it is XLSX and openpyxl is missing; a
        ``SpreadsheetRefused`` when a workbook is not one, or goes past a limit of size,
        rows, columns, cells or time (« bombs »).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acteurs.csv"
    >>> _ = path.write_bytes("\\ufeffnom;type;régoin\\nARDES;RT;Normandie\\n".encode())
    >>> tables, erreurs = read_spreadsheet(path)
    >>> tables[0].nom, tables[0].lignes[0].cellules
    ('acteurs', {'nom': 'ARDES', 'type': 'RT'})
    >>> print(erreurs[0])
    acteurs.csv, ligne 1, colonne « régoin » : colonne inconnue dans la table acteurs — vouliez-vous dire « region » ?
    """  # noqa: E501
    chemin = Path(chemin)
    if not chemin.is_file():
        raise FileNotFoundError(2, "No such file or directory", str(chemin))
    suffix = chemin.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _lire_xlsx(chemin)
    if suffix in (".csv", ".txt", ".tsv"):
        return _lire_csv(chemin)
    raise OSError(0, "not a spreadsheet: give .csv or .xlsx files", str(chemin))


# ---------------------------------------------------------------------------
# What the context graph knows: actors, code lists, places, sources, memberships
# ---------------------------------------------------------------------------


class Contexte(NamedTuple):
    """The indexes of the graph an import is checked against."""

    graphe: Graph
    organisations: frozenset[URIRef]
    personnes: frozenset[URIRef]
    noms: dict[str, set[URIRef]]
    locaux: dict[str, set[URIRef]]
    listes: dict[str, ListeCodes]
    libelles: dict[URIRef, str]
    types: dict[URIRef, tuple[URIRef, ...]]
    sources: dict[str, set[URIRef]]
    adhesions: dict[tuple[Node, Node, Node], list[URIRef]]
    sujets: frozenset[Node]


def _local(node: Node) -> str:
    text = str(node)
    return re.split(r"[/#]", text.rstrip("/"))[-1]


def _libelle(graph: Graph, node: Node) -> str:
    labels = sorted(graph.objects(node, SKOS.prefLabel))
    for lang in ("fr", "en", None):
        for value in labels:
            if getattr(value, "language", None) == lang:
                return str(value)
    name = graph.value(node, FOAF.name)
    return str(name) if name is not None else _local(node)


def _cles_concept(graph: Graph, node: URIRef) -> set[str]:
    keys = {fold(_local(node)), str(node)}
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
        for value in graph.objects(node, prop):
            keys.add(fold(str(value)))
            if prop == SKOS.notation and str(value).isdigit():
                keys.add(str(int(str(value))))  # region "01" typed as 1
    return keys - {""}


def _index(entries: Iterable[tuple[URIRef, Iterable[str]]]) -> ListeCodes:
    index: ListeCodes = defaultdict(set)
    for node, keys in entries:
        for key in keys:
            index[key].add(node)
    return dict(index)


def _ancetres(graph: Graph, cls: Node) -> set[Node]:
    return set(graph.transitive_objects(cls, RDFS.subClassOf))


def _types_du_type(graph: Graph, kind: URIRef) -> tuple[URIRef, ...]:
    """The classes an actor of a kind states: its class, the ORG or FOAF class above."""
    classes = sorted(c for c in graph.objects(kind, RDFS.seeAlso) if isinstance(c, URIRef))
    classes = [c for c in classes if (c, RDF.type, None) in graph] or classes
    if not classes:
        return (ORG.Organization,)
    cls = classes[0]
    above = _ancetres(graph, cls)
    if FOAF.Person in above:
        return tuple(dict.fromkeys([cls, FOAF.Person]))
    middle = [c for c in (ORG.FormalOrganization, ORG.OrganizationalUnit) if c in above]
    return tuple(dict.fromkeys([cls, *middle, ORG.Organization]))


def kinds_of(ctx: Contexte, actor: URIRef) -> set[URIRef]:
    """An actor's kinds: its org:classification in the kinds, else what its class says.

    A person has no org:classification (ORG gives that property the domain
    org:Organization): their kind is the one whose class they have.
    """
    known = {k for k in ctx.graphe.objects(actor, ORG.classification) if k in ctx.types}
    return known or {
        k for k, classes in ctx.types.items() if (actor, RDF.type, classes[0]) in ctx.graphe
    }


def context(dataset: Dataset | Graph) -> Contexte:
    """Index a graph for an import: its actors, code lists, places, sources, memberships.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The graph ``load`` built (the shipped graph and ``--data``).

    Returns
    -------
    Contexte

    Examples
    --------
    >>> from mes_graph.load import load
    >>> ctx = context(load())
    >>> sorted(ctx.listes["place"]["bretagne"]), len(ctx.listes["role"]) > 5
    ([rdflib.term.URIRef('https://w3id.org/mes-graph/id/place/region/53')], True)
    """
    graph = union_graph(dataset)
    orgs = frozenset(o for o in graph.subjects(RDF.type, ORG.Organization) if isinstance(o, URIRef))
    people = frozenset(p for p in graph.subjects(RDF.type, FOAF.Person) if isinstance(p, URIRef))
    names: dict[str, set[URIRef]] = defaultdict(set)
    locals_: dict[str, set[URIRef]] = defaultdict(set)
    libelles: dict[URIRef, str] = {}
    for actor in orgs | people:
        locals_[_local(actor)].add(actor)
        names[str(actor)].add(actor)
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name):
            for value in graph.objects(actor, prop):
                names[fold(str(value))].add(actor)
        libelles[actor] = _libelle(graph, actor)
    listes: dict[str, ListeCodes] = {}
    kinds = {c for c in graph.subjects(SKOS.inScheme, SCHEMES["kind"]) if isinstance(c, URIRef)}
    types = {kind: _types_du_type(graph, kind) for kind in kinds}
    person_kinds = {k for k in kinds if FOAF.Person in types[k]}
    schemes = {"sector": "sector", "legal_form": "legal_form", "axis": "axis", "role": "role"}
    for key, scheme in schemes.items():
        concepts = [
            c for c in graph.subjects(SKOS.inScheme, SCHEMES[scheme]) if isinstance(c, URIRef)
        ]
        listes[key] = _index((c, _cles_concept(graph, c)) for c in concepts)
        libelles.update({c: _libelle(graph, c) for c in concepts})
    listes["kind"] = _index((k, _cles_concept(graph, k)) for k in kinds - person_kinds)
    listes["person_kind"] = _index((k, _cles_concept(graph, k)) for k in person_kinds)
    libelles.update({k: _libelle(graph, k) for k in kinds})
    places = {c for c in graph.subjects(SKOS.inScheme, SCHEMES["region"]) if isinstance(c, URIRef)}
    for cls in (SCHEMA.Place, SCHEMA.City, SCHEMA.AdministrativeArea, SCHEMA.Country,
                SCHEMA.Continent):  # fmt: skip
        places |= {p for p in graph.subjects(RDF.type, cls) if isinstance(p, URIRef)}
    places = {p for p in places if (p, SKOS.prefLabel, None) in graph}
    listes["place"] = _index(
        (p, _cles_concept(graph, p) | {fold(str(i)) for i in graph.objects(p, SCHEMA.identifier)})
        for p in places
    )
    libelles.update({p: _libelle(graph, p) for p in places})
    sources: dict[str, set[URIRef]] = defaultdict(set)
    documents = set(graph.subjects(RDF.type, MES.SourceDocument))
    documents |= set(graph.objects(None, DCTERMS.source)) | set(
        graph.objects(None, PROV.wasDerivedFrom)
    )
    for doc in documents:
        if isinstance(doc, URIRef):
            sources[str(doc)].add(doc)
            sources[fold(_local(doc))].add(doc)
            for title in graph.objects(doc, DCTERMS.title):
                sources[fold(str(title))].add(doc)
            libelles.setdefault(doc, _cellule_source(doc))
    memberships: dict[tuple[Node, Node, Node], list[URIRef]] = defaultdict(list)
    for m in sorted(graph.subjects(RDF.type, ORG.Membership)):
        key = (
            graph.value(m, ORG.member),
            graph.value(m, ORG.organization),
            graph.value(m, ORG.role),
        )
        if isinstance(m, URIRef):
            memberships[key].append(m)
    return Contexte(
        graph, orgs, people, dict(names), dict(locals_), listes, libelles, types,
        dict(sources), dict(memberships), frozenset(graph.subjects()),
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Building the graph of an import
# ---------------------------------------------------------------------------


class Source(NamedTuple):
    """The document an import records as the source of its statements."""

    iri: URIRef
    titre: str
    date: Literal
    url: str | None
    editeur: Node
    langue: str
    fichiers: tuple[str, ...]


def parse_source(
    texte: str | None, fichiers: Sequence[str], aujourd_hui: dt.date | None = None
) -> tuple[str, Literal, str | None]:
    """Read ``--source "titre, date, adresse"``: date and address are found by their shape.

    Parameters
    ----------
    texte : str or None
        What the user wrote; the date and the address may be missing.
    fichiers : sequence of str
        The imported file names: the title when ``texte`` gives none.
    aujourd_hui : datetime.date, optional
        The date when ``texte`` gives none (default: today).

    Returns
    -------
    titre : str
    date : rdflib.Literal
        Typed like ``parse_date``'s.
    url : str or None

    Examples
    --------
    >>> titre, date, url = parse_source("Annuaire 2026, 15/01/2026, https://ex.org/a", [])
    >>> titre, str(date), url
    ('Annuaire 2026', '2026-01-15', 'https://ex.org/a')
    >>> parse_source(None, ["acteurs.csv"], dt.date(2026, 1, 2))[:2]
    ('acteurs.csv', rdflib.term.Literal('2026-01-02', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')))
    """
    parts = [p.strip() for p in (texte or "").split(",") if p.strip()]
    url = next((p for p in parts if _IRI.match(p)), None)
    date = None
    for part in reversed(parts):
        if part == url:
            continue
        try:
            date = parse_date(part)
        except ValueError:
            continue
        parts.remove(part)
        break
    title = ", ".join(p for p in parts if p != url) or ", ".join(fichiers)
    if date is None:
        today = aujourd_hui or dt.date.today()
        date = Literal(today.isoformat(), datatype=XSD.date)
    return title, date, url


class _Ref(NamedTuple):
    """An actor named in this import: its IRI, whether it is a person, its row."""

    iri: URIRef
    personne: bool
    ligne: Ligne | None


class Resultat(NamedTuple):
    """What an import built: the graph, the order of its blocks, the mistakes."""

    graphe: Graph
    blocs: list[tuple[str, Node]]
    erreurs: list[Erreur]
    origines: dict[Node, tuple[str, int]]
    comptes: dict[str, int]


def _cellule_source(node: Node) -> str:
    return f"src:{_local(node)}" if str(node).startswith(str(SRC)) else str(node)


@dataclass
class _Etat:
    """What the stages of one build share (a record: the stages are functions)."""

    ctx: Contexte
    source: Source
    exclues: frozenset[tuple[str, int]]
    g: Graph = field(default_factory=Graph)
    erreurs: list[Erreur] = field(default_factory=list)
    origines: dict[Node, tuple[str, int]] = field(default_factory=dict)
    blocs: list[tuple[str, Node]] = field(default_factory=list)
    suivants: defaultdict[Node, list[Node]] = field(default_factory=lambda: defaultdict(list))
    externes: list[Node] = field(default_factory=list)
    source_utilisee: bool = False
    refs: dict[URIRef, _Ref] = field(default_factory=dict)
    acteurs: list[tuple[Table, Ligne, URIRef]] = field(default_factory=list)
    noms: defaultdict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    locaux: defaultdict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    rejetes: dict[str, Ligne] = field(default_factory=dict)
    iris_rejetees: set[URIRef] = field(default_factory=set)
    pris: set[Node] = field(default_factory=set)
    adhesions: set[Node] = field(default_factory=set)


def _erreur(e: _Etat, table: Table, ligne: Ligne, col: str | None, message: str) -> None:
    position, header = table.colonnes.get(col, (-1, col or "")) if col else (-1, "")
    e.erreurs.append(Erreur(ligne.fichier, ligne.numero, position, header, message))


def _origine(e: _Etat, node: Node, ligne: Ligne) -> None:
    e.origines.setdefault(node, (ligne.fichier, ligne.numero))


def _ailleurs(other: Ligne, ligne: Ligne) -> str:
    """Another row, as seen from a row: ``4``, or ``4 de acteurs.csv``."""
    return (
        str(other.numero)
        if other.fichier == ligne.fichier
        else f"{other.numero} de {other.fichier}"
    )


def _sources(e: _Etat, table: Table, ligne: Ligne) -> list[URIRef]:
    """The sources a row names (IRIs, ``src:…``, titles), else the import's own."""
    found = []
    for value in _valeurs(ligne.cellules.get("source", ""), True):
        if _IRI.match(value):
            found.append(URIRef(value))
            continue
        if value.startswith("src:") and _SLUG.match(value[4:]):
            found.append(SRC[value[4:]])
            continue
        matches = e.ctx.sources.get(fold(value), set()) | e.ctx.sources.get(value, set())
        if len(matches) == 1:
            found.append(next(iter(matches)))
            continue
        near = _suggestions(value, e.ctx.sources, lambda n: e.ctx.libelles.get(n, str(n)))
        text = _inconnu("source ", value, near, True)
        if not near:
            text += " — écrivez une adresse web (https://…) ou src:identifiant"
        _erreur(e, table, ligne, "source", text)
    if not found:
        e.source_utilisee = True
        found = [e.source.iri]
    return sorted(found)


def _codes(e: _Etat, table: Table, ligne: Ligne, col: str) -> list[URIRef]:
    """The concepts or places a cell names, by label or notation, accents and case aside."""
    ctx = e.ctx
    liste = ctx.listes[_LISTES[(table.nom, col)]]
    found = []
    for value in _valeurs(ligne.cellules.get(col, ""), True):
        key = fold(value)
        matches = liste.get(key) or liste.get(value) or set()
        if not matches and key.isdigit():
            matches = liste.get(key.zfill(2), set())
        if len(matches) == 1:
            found.append(next(iter(matches)))
            continue
        if matches:
            names = ", ".join(f"« {ctx.libelles[m]} »" for m in sorted(matches))
            _erreur(e, table, ligne, col, f"« {value} » est ambigu : {names}")
            continue
        if col == "type":
            other, where, what = (
                ("person_kind", "personnes", "personne")
                if table.nom == "acteurs"
                else ("kind", "acteurs", "organisation")
            )
            if key in ctx.listes[other]:
                message = f"« {value} » est un type de {what} : sa place est dans la table {where}"
                _erreur(e, table, ligne, col, message)
                continue
        near = _suggestions(value, liste, lambda n: ctx.libelles[n])
        text = _inconnu("", value, near, col in _FEMININ)
        choices = sorted({ctx.libelles[n] for ns in liste.values() for n in ns})
        if not near and len(choices) <= 12:
            text += " — valeurs possibles : " + ", ".join(f"« {c} »" for c in choices)
        _erreur(e, table, ligne, col, text)
    return found


def _est_personne(e: _Etat, iri: URIRef) -> bool:
    return e.refs[iri].personne if iri in e.refs else iri in e.ctx.personnes


def _nom(e: _Etat, iri: URIRef) -> str:
    ref = e.refs.get(iri)
    if ref is not None and ref.ligne is not None:
        return ref.ligne.cellules.get("nom", "") or _local(iri)
    return e.ctx.libelles.get(iri, _local(iri))


def _acteur(e: _Etat, table: Table, ligne: Ligne, col: str, value: str) -> URIRef | None:
    """The actor a cell names: an IRI, ``orga:…``, an identifier, an acronym or a label."""
    ctx = e.ctx
    known = ctx.organisations | ctx.personnes
    matches: set[URIRef] = set()
    if _IRI.match(value):
        iri = URIRef(value)
        matches = {iri} if iri in e.refs or iri in known else set()
    elif value.split(":", 1)[0] in ("orga", "person") and ":" in value:
        prefix, local = value.split(":", 1)
        iri = URIRef(PREFIXES[prefix] + local)
        matches = {iri} if iri in e.refs or iri in known else set()
    else:
        matches = e.locaux.get(value, set()) | (ctx.locaux.get(value, set()) - e.iris_rejetees)
        if not matches:
            key = fold(value)
            matches = e.noms.get(key, set()) | (ctx.noms.get(key, set()) - e.iris_rejetees)
    if len(matches) == 1:
        return next(iter(matches))
    if matches:
        names = ", ".join(f"« {_nom(e, a)} » ({_local(a)})" for a in sorted(matches))
        message = f"« {value} » désigne plusieurs acteurs : {names} — écrivez son identifiant"
        _erreur(e, table, ligne, col, message)
        return None
    rejected = e.rejetes.get(fold(value))
    if rejected is not None:
        where = Erreur(rejected.fichier, rejected.numero).lieu()
        _erreur(e, table, ligne, col, f"l'acteur « {value} » est dans une ligne rejetée ({where})")
        return None
    near = _suggestions(value, {**ctx.noms, **e.noms}, lambda a: _nom(e, a))
    text = _inconnu("acteur ", value, near, False)
    if not near:
        text += " — ajoutez-le à acteurs ou personnes, ou écrivez son identifiant"
    _erreur(e, table, ligne, col, text)
    return None


def _identifiant_donne(ident: str, namespace: Namespace) -> URIRef | None:
    """The IRI an identifier cell gives: a full IRI, ``orga:x``, ``person:x`` or ``x``."""
    if _IRI.match(ident):
        return URIRef(ident)
    prefix, _, local = ident.partition(":")
    if local and prefix in ("orga", "person") and _SLUG.match(local):
        return URIRef(PREFIXES[prefix] + local)
    return namespace[ident] if _SLUG.match(ident) else None


_AMBIGU = URIRef("urn:mes-graph:ambigu")


def _reconnaitre(e: _Etat, table: Table, ligne: Ligne, person: bool) -> URIRef | None:
    """An actor of the graph the row names by its name or acronym, if any."""
    pool = e.ctx.personnes if person else e.ctx.organisations
    nom = ligne.cellules.get("nom", "")
    for candidate in [nom, *_valeurs(ligne.cellules.get("sigle", ""), True)]:
        known = {a for a in e.ctx.noms.get(fold(candidate), set()) if a in pool}
        if len(known) == 1:
            return next(iter(known))
        if len(known) > 1:
            names = ", ".join(f"« {e.ctx.libelles[a]} » ({_local(a)})" for a in sorted(known))
            col = "nom" if candidate == nom else "sigle"
            message = (
                f"« {candidate} » désigne plusieurs acteurs : {names} — écrivez son identifiant"
            )
            _erreur(e, table, ligne, col, message)
            return _AMBIGU
    return None


def _nommer_acteurs(e: _Etat, by_table: Mapping[str, list[tuple[Table, Ligne]]]) -> None:
    """Give every actor row its IRI: given, recognised in the graph, or minted from names.

    Given identifiers are reserved first, so that a minted one never takes them; minted
    ones follow the rows' order, a collision taking ``-2``, ``-3``…
    """
    e.pris = set(e.ctx.sujets)
    explicit: dict[tuple[str, int], URIRef] = {}
    for name, namespace in (("acteurs", ORGA), ("personnes", PERSON)):
        for table, ligne in by_table[name]:
            ident = ligne.cellules.get("identifiant", "")
            if not ident:
                continue
            iri = _identifiant_donne(ident, namespace)
            if iri is None:
                _erreur(e, table, ligne, "identifiant", f"« {ident} » n'est pas un identifiant : "
                        f"lettres minuscules sans accents, chiffres et tirets, par exemple "
                        f"« {slug(ident) or 'mon-reseau'} »")  # fmt: skip
                continue
            explicit[(ligne.fichier, ligne.numero)] = iri
            e.pris.add(iri)
    seen: dict[URIRef, Ligne] = {}
    for name, namespace in (("acteurs", ORGA), ("personnes", PERSON)):
        person = name == "personnes"
        for table, ligne in by_table[name]:
            key = (ligne.fichier, ligne.numero)
            nom = ligne.cellules.get("nom", "")
            if not nom:
                _erreur(e, table, ligne, "nom", "cellule vide — le nom est obligatoire")
            iri = explicit.get(key)  # a bad identifier, reported above, is minted anew
            if iri is None and nom:
                iri = _reconnaitre(e, table, ligne, person)
                if iri == _AMBIGU:
                    continue
                if iri is None:
                    acronyms = _valeurs(ligne.cellules.get("sigle", ""), True)
                    base = slug(acronyms[0] if acronyms and not person else nom)
                    base = base or ("personne" if person else "acteur")
                    iri, n = namespace[base], 1
                    while iri in e.pris:
                        n += 1
                        iri = namespace[f"{base}-{n}"]
                    e.pris.add(iri)
            if iri is None:
                continue
            if iri in seen:
                where = _ailleurs(seen[iri], ligne)
                _erreur(
                    e, table, ligne, None, f"doublon de la ligne {where} (même acteur « {nom} »)"
                )
                continue
            seen[iri] = ligne
            names = [ligne.cellules.get(c, "") for c in ("nom", "nom_en")]
            names += [
                v for c in ("sigle", "variantes") for v in _valeurs(ligne.cellules.get(c, ""), True)
            ]
            if key in e.exclues:  # a rejected row: the rows naming it are rejected too
                e.iris_rejetees.add(iri)
                for value in [ligne.cellules.get("identifiant", ""), _local(iri), *names]:
                    e.rejetes.setdefault(fold(value), ligne)
                continue
            e.refs[iri] = _Ref(iri, person, ligne)
            e.acteurs.append((table, ligne, iri))
            e.locaux[_local(iri)].add(iri)
            e.noms[str(iri)].add(iri)
            for value in names:
                if value:
                    e.noms[fold(value)].add(iri)


def _types_et_noms(e: _Etat, table: Table, ligne: Ligne, iri: URIRef) -> None:
    """An actor's classes (from its kind), kind, and name, checked against the graph's."""
    ctx, g, cells = e.ctx, e.g, ligne.cellules
    person = e.refs[iri].personne
    existing = iri in (ctx.personnes if person else ctx.organisations)
    kinds = _codes(e, table, ligne, "type") if "type" in cells else []
    if len(kinds) > 1:
        _erreur(e, table, ligne, "type", "un seul type par acteur")
    if not kinds and not person and not cells.get("type"):
        _erreur(e, table, ligne, "type", "cellule vide — le type est obligatoire")
    if kinds and existing:
        known = kinds_of(ctx, iri)
        if known and kinds[0] not in known:
            was = ", ".join(f"« {ctx.libelles[k]} »" for k in sorted(known))
            message = f"« {cells['type']} » : « {_nom(e, iri)} » est déjà du type {was}"
            _erreur(e, table, ligne, "type", message)
    classes = ctx.types.get(kinds[0], ()) if kinds else ()
    for cls in classes or ((FOAF.Person,) if person else (ORG.Organization,)):
        g.add((iri, RDF.type, cls))
    for kind in kinds[:1] if not person else ():  # a person's kind is their class
        g.add((iri, ORG.classification, kind))
    nom = cells.get("nom", "")
    if person:
        if nom:
            names = list(ctx.graphe.objects(iri, FOAF.name)) if existing else []
            if names and fold(nom) != fold(str(names[0])):
                _erreur(e, table, ligne, "nom", f"« {nom} » : cette personne s'appelle déjà "
                        f"« {names[0]} » — reprenez ce nom, ou donnez un autre identifiant "
                        "s'il s'agit d'une autre personne")  # fmt: skip
            g.add((iri, FOAF.name, names[0] if names else Literal(nom)))
        return
    for col, (prop, lang) in _TEXTES.items():
        multiple = col in ("sigle", "variantes")
        for value in _valeurs(cells.get(col, ""), multiple):
            literal = Literal(value, lang=lang)
            if col == "nom" and existing:
                labels = [
                    v for v in ctx.graphe.objects(iri, SKOS.prefLabel)
                    if getattr(v, "language", None) == "fr"
                ]  # fmt: skip
                if labels and fold(value) == fold(str(labels[0])):
                    literal = labels[0]  # its own spelling
                elif labels and iri in ctx.noms.get(fold(value), set()):
                    continue  # recognised by one of its other names
                elif labels:
                    _erreur(e, table, ligne, "nom", f"« {value} » : l'acteur {_local(iri)} "
                            f"s'appelle déjà « {labels[0]} » — reprenez ce nom, ou donnez un "
                            "autre identifiant s'il s'agit d'un autre acteur")  # fmt: skip
                    continue
            g.add((iri, prop, literal))


def _cellules_organisation(e: _Etat, table: Table, ligne: Ligne, iri: URIRef) -> None:
    """An organisation's code lists, places, web site and founding date."""
    g, cells = e.g, ligne.cellules
    for col in ("filieres", "forme_juridique", "axes"):
        for concept in _codes(e, table, ligne, col) if col in cells else []:
            g.add((iri, ORG.classification, concept))
    for place in _codes(e, table, ligne, "region") if "region" in cells else []:
        g.add((iri, SCHEMA.areaServed, place))
    places = _codes(e, table, ligne, "lieu_creation") if "lieu_creation" in cells else []
    for place in places[:1]:
        g.add((iri, SCHEMA.foundingLocation, place))
    if len(places) > 1:
        _erreur(e, table, ligne, "lieu_creation", "un seul lieu de création")
    site = cells.get("site_web", "")
    if site:
        url = site if "://" in site or not _DOMAINE.match(site) else "https://" + site
        if _IRI.match(url) and url.lower().startswith("http"):
            g.add((iri, FOAF.homepage, URIRef(url)))
        else:
            _erreur(e, table, ligne, "site_web", f"« {site} » n'est pas une adresse web — "
                    "écrivez-la comme https://www.exemple.org/")  # fmt: skip
    founded = cells.get("date_creation", "")
    if founded:
        try:
            g.add((iri, SCHEMA.foundingDate, parse_date(founded)))
        except ValueError as why:
            _erreur(e, table, ligne, "date_creation", _date_message(founded, why))


def _relier_acteurs(e: _Etat) -> None:
    """Parts, participations and founders between actors, with their inverses."""
    for table, ligne, iri in e.acteurs:
        if e.refs[iri].personne:
            continue
        for col, (prop, inverse, org_only) in _RELATIONS.items():
            for value in _valeurs(ligne.cellules.get(col, ""), True):
                other = _acteur(e, table, ligne, col, value)
                if other is None:
                    continue
                if other == iri:
                    _erreur(e, table, ligne, col, f"« {value} » est l'acteur lui-même")
                    continue
                if org_only and _est_personne(e, other):
                    message = f"« {value} » est une personne, pas une organisation"
                    _erreur(e, table, ligne, col, message)
                    continue
                e.g.add((iri, prop, other))
                if inverse is not None:
                    e.g.add((other, inverse, iri))
                    _origine(e, other, ligne)
                    if other not in e.refs:
                        e.suivants[iri].append(other)


class _Adhesion(NamedTuple):
    table: Table
    ligne: Ligne
    membre: URIRef
    organisation: URIRef
    role: URIRef
    debut: Literal | None
    fin: Literal | None
    sources: list[URIRef]


def _lire_adhesion(e: _Etat, table: Table, ligne: Ligne) -> _Adhesion | None:
    """Check a membership row: its actors, role and dates; None if it cannot be kept."""
    cells = ligne.cellules
    member = body = None
    if cells.get("membre"):
        member = _acteur(e, table, ligne, "membre", cells["membre"])
    else:
        _erreur(e, table, ligne, "membre", "cellule vide — le membre est obligatoire")
    if cells.get("organisation"):
        body = _acteur(e, table, ligne, "organisation", cells["organisation"])
    else:
        _erreur(e, table, ligne, "organisation", "cellule vide — l'organisation est obligatoire")
    if body is not None and _est_personne(e, body):
        _erreur(e, table, ligne, "organisation", f"« {cells['organisation']} » est une "
                "personne : on adhère à une organisation")  # fmt: skip
        body = None
    if member is not None and member == body:
        message = "un acteur ne peut pas être membre de lui-même"
        _erreur(e, table, ligne, "organisation", message)
        body = None
    roles = _codes(e, table, ligne, "role") if cells.get("role") else [_role_membre(e.ctx)]
    if len(roles) > 1:
        _erreur(e, table, ligne, "role", "un seul rôle par ligne — une ligne par rôle")
    dates: dict[str, Literal | None] = {"debut": None, "fin": None}
    for col in dates:
        if cells.get(col):
            try:
                dates[col] = parse_date(cells[col])
            except ValueError as why:
                _erreur(e, table, ligne, col, _date_message(cells[col], why))
    start, end = dates["debut"], dates["fin"]
    if start is not None and end is not None and _bornes(end)[1] < _bornes(start)[0]:
        message = f"la fin (« {cells['fin']} ») précède le début (« {cells['debut']} »)"
        _erreur(e, table, ligne, "fin", message)
    if member is None or body is None or not roles or roles[0] is None:
        return None
    return _Adhesion(table, ligne, member, body, roles[0], start, end, _sources(e, table, ligne))


def _iri_adhesion(e: _Etat, row: _Adhesion, pairs: Mapping[tuple, set[Node]]) -> URIRef | None:
    """A membership's IRI: given, the graph's own for the same facts, or minted.

    Minted as ``ms:member--organisation``, with ``--role`` when the pair holds several
    roles, and ``-2``… when taken.
    """
    ident = row.ligne.cellules.get("identifiant", "")
    if ident:
        local = ident[3:] if ident.startswith("ms:") else ident
        if _IRI.match(ident):
            return URIRef(ident)
        if _SLUG.match(local):
            return MS[local]
        _erreur(e, row.table, row.ligne, "identifiant", f"« {ident} » n'est pas un "
                "identifiant : lettres minuscules sans accents, chiffres et tirets")  # fmt: skip
        return None
    graph = e.ctx.graphe
    for known in e.ctx.adhesions.get((row.membre, row.organisation, row.role), []):
        if known in e.adhesions:
            continue
        period = _periode(graph, known)
        if (
            (known, ORG.memberDuring, None) not in graph
            or (row.debut is None and row.fin is None)
            or (period is not None and period[1:] == (row.debut, row.fin))
        ):
            return known
    base = f"{_local(row.membre)}--{_local(row.organisation)}"
    if len(pairs[(row.membre, row.organisation)]) > 1:
        base += f"--{_local(row.role)}"
    iri, n = MS[base], 1
    while iri in e.pris or iri in e.adhesions:
        n += 1
        iri = MS[f"{base}-{n}"]
    return iri


def _ecrire_adhesion(e: _Etat, row: _Adhesion, ms: URIRef) -> None:
    """A membership's triples, its shortcut, its dated interval, and where they go."""
    g, graph = e.g, e.ctx.graphe
    _origine(e, ms, row.ligne)
    g.add((ms, RDF.type, ORG.Membership))
    g.add((ms, ORG.member, row.membre))
    g.add((ms, ORG.organization, row.organisation))
    g.add((ms, ORG.role, row.role))
    for src in row.sources:
        g.add((ms, PROV.wasDerivedFrom, src))
    g.add((row.membre, ORG.memberOf, row.organisation))
    if row.membre not in e.refs and row.membre not in e.externes:
        e.externes.append(row.membre)
        _origine(e, row.membre, row.ligne)
    e.suivants[row.membre].append(ms)
    if row.debut is None and row.fin is None:
        return
    period = _periode(graph, ms) if ms in e.ctx.sujets else None
    if period is not None and period[1:] == (row.debut, row.fin):
        interval = period[0]  # the graph's own interval, with its IRIs
        triples = _triples_periode(graph, interval)
    else:
        interval = TM[_local(ms)]
        triples = [(interval, RDF.type, TIME.Interval)]
        for word, prop, value in (("debut", TIME.hasBeginning, row.debut),
                                  ("fin", TIME.hasEnd, row.fin)):  # fmt: skip
            if value is not None:
                instant = TM[f"{_local(ms)}-{word}"]
                triples += [(interval, prop, instant), (instant, RDF.type, TIME.Instant),
                            (instant, _TYPES_DATE[value.datatype], value)]  # fmt: skip
    g.add((ms, ORG.memberDuring, interval))
    for triple in triples:
        g.add(triple)
    e.suivants[ms].append(interval)
    _origine(e, interval, row.ligne)
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        for instant in g.objects(interval, prop):
            e.suivants[interval].append(instant)
            _origine(e, instant, row.ligne)


def _adhesions(e: _Etat, lignes: Sequence[tuple[Table, Ligne]]) -> None:
    """Every membership row: checked, deduplicated, named and written."""
    rows = []
    for table, ligne in lignes:
        if (ligne.fichier, ligne.numero) not in e.exclues:
            row = _lire_adhesion(e, table, ligne)
            if row is not None:
                rows.append(row)
    pairs: defaultdict[tuple[Node, Node], set[Node]] = defaultdict(set)
    for member, body, role in e.ctx.adhesions:
        pairs[(member, body)].add(role)
    for row in rows:
        pairs[(row.membre, row.organisation)].add(row.role)
    seen: dict[tuple, Ligne] = {}
    for row in rows:
        key = (row.membre, row.organisation, row.role, row.debut, row.fin)
        if key in seen:
            _erreur(
                e,
                row.table,
                row.ligne,
                None,
                f"doublon de la ligne {_ailleurs(seen[key], row.ligne)}",
            )
            continue
        seen[key] = row.ligne
        ms = _iri_adhesion(e, row, pairs)
        if ms is None:
            continue
        if ms in e.adhesions:
            message = f"identifiant « {_local(ms)} » déjà pris par une autre ligne"
            _erreur(e, row.table, row.ligne, "identifiant", message)
            continue
        e.adhesions.add(ms)
        e.pris.add(ms)
        _ecrire_adhesion(e, row, ms)


def _document_source(e: _Etat) -> None:
    """The import's source document, when a row relies on it."""
    g, source = e.g, e.source
    doc = source.iri
    for cls in (MES.SourceDocument, FOAF.Document, PROV.Entity):
        g.add((doc, RDF.type, cls))
    g.add((doc, DCTERMS.title, Literal(source.titre, lang=source.langue)))
    g.add((doc, DCTERMS.publisher, source.editeur))
    g.add((doc, DCTERMS.language, Literal(source.langue)))
    g.add((doc, DCTERMS.date, source.date))
    if source.url:
        g.add((doc, SCHEMA.url, URIRef(source.url)))
    note = f"Importé par mes-graph import de {', '.join(source.fichiers)}."
    g.add((doc, SKOS.editorialNote, Literal(note, lang="fr")))


def _ordonner(e: _Etat) -> list[tuple[str, Node]]:
    """The blocks in reading order: source, each actor then its memberships, the rest."""
    ordered: list[tuple[str, Node]] = []
    done: set[Node] = set()

    def place(comment: str, node: Node) -> None:
        if node not in done:
            done.add(node)
            ordered.append((comment, node))
            for following in e.suivants.get(node, []):
                place("", following)

    if e.source_utilisee:
        place("La source de ces données.", e.source.iri)
    for comment, node in e.blocs:
        place(comment, node)
    for member in e.externes:
        place(f"« {_nom(e, member)} », déjà dans le graphe : ses adhésions.", member)
    for node in sorted({s for s in e.g.subjects() if s not in done}, key=str):
        place("déjà dans le graphe : relations inverses." if node in e.ctx.sujets else "", node)
    return ordered


def _construire(
    tables: Sequence[Table],
    ctx: Contexte,
    source: Source,
    exclues: frozenset[tuple[str, int]] = frozenset(),
) -> Resultat:
    """Turn the rows of the tables into triples, collecting every mistake.

    Rows in ``exclues`` are left out, and so are the rows that name their actors.
    """
    e = _Etat(ctx, source, exclues)
    by_table: defaultdict[str, list[tuple[Table, Ligne]]] = defaultdict(list)
    for table in tables:
        for ligne in table.lignes:
            by_table[table.nom].append((table, ligne))
            if ligne.hors and (ligne.fichier, ligne.numero) not in exclues:
                cells = ", ".join(f"« {c} »" for c in ligne.hors)
                _erreur(e, table, ligne, None, f"cellule hors des colonnes : {cells}")
    _nommer_acteurs(e, by_table)
    for table, ligne, iri in e.acteurs:
        _origine(e, iri, ligne)
        where = Erreur(ligne.fichier, ligne.numero).lieu()
        e.blocs.append((f"{where} : « {ligne.cellules.get('nom', '')} »", iri))
        _types_et_noms(e, table, ligne, iri)
        if not e.refs[iri].personne:
            _cellules_organisation(e, table, ligne, iri)
        for src in _sources(e, table, ligne):
            e.g.add((iri, DCTERMS.source, src))
    _relier_acteurs(e)
    _adhesions(e, by_table["adhesions"])
    if e.source_utilisee:
        _document_source(e)
    comptes = {
        "acteurs": sum(1 for _, _, iri in e.acteurs if not e.refs[iri].personne),
        "personnes": sum(1 for _, _, iri in e.acteurs if e.refs[iri].personne),
        "adhesions": len(e.adhesions),
    }
    return Resultat(e.g, _ordonner(e), e.erreurs, e.origines, comptes)


def _role_membre(ctx: Contexte) -> URIRef | None:
    """The role « Membre », the default of an empty role cell."""
    found = ctx.listes["role"].get("membre", set())
    return next(iter(found)) if len(found) == 1 else None


def _date_message(valeur: str, why: Exception) -> str:
    if str(why) == "date impossible":
        return f"« {valeur} » est une date impossible"
    return (f"« {valeur} » n'est pas une date — écrivez par exemple 2002, 03/2002, mars 2002, "
            "2002-03 ou 14/03/2002")  # fmt: skip


def _periode(graph: Graph, membership: Node) -> tuple[Node, Literal | None, Literal | None] | None:
    """A membership's interval with its dated beginning and end, if it is only dated."""
    interval = graph.value(membership, ORG.memberDuring)
    if interval is None:
        return None
    ends: list[Literal | None] = []
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        instant = graph.value(interval, prop)
        if instant is None:
            ends.append(None)
            continue
        dates = [d for p in _DATES_INSTANT for d in graph.objects(instant, p)]
        if len(dates) != 1:
            return None
        ends.append(dates[0])
    if ends == [None, None]:
        return None
    return interval, ends[0], ends[1]


def _triples_periode(graph: Graph, interval: Node) -> list[tuple[Node, Node, Node]]:
    """The triples of a dated interval that the tables carry: types, ends, dates."""
    triples: list[tuple[Node, Node, Node]] = [(interval, RDF.type, TIME.Interval)]
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        for instant in graph.objects(interval, prop):
            triples += [(interval, prop, instant), (instant, RDF.type, TIME.Instant)]
            triples += [(instant, p, d) for p in _DATES_INSTANT for d in graph.objects(instant, p)]
    return triples


# ---------------------------------------------------------------------------
# Turtle that reads like graph/*.ttl
# ---------------------------------------------------------------------------

_ESPACES = sorted(
    ((p, str(ns)) for p, ns in (*_PREFIXES_TTL, *_PREFIXES_EXTRA)), key=lambda x: -len(x[1])
)
_LOCAL_TTL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ORDRE = [
    RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, ORG.classification,
    SCHEMA.areaServed, SCHEMA.foundingDate, SCHEMA.foundingLocation, FOAF.homepage,
    MES.mission, SCHEMA.description, SKOS.scopeNote, ORG.subOrganizationOf,
    ORG.hasSubOrganization, ORG.memberOf, MES.participatesIn, SCHEMA.founder, MES.founderOf,
    ORG.member, ORG.organization, ORG.role, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd,
    *_DATES_INSTANT, DCTERMS.title, DCTERMS.publisher, DCTERMS.language, DCTERMS.date,
    SCHEMA.url, SKOS.editorialNote, DCTERMS.source, PROV.wasDerivedFrom,
]  # fmt: skip
_RANG_PREFIXE = {"mes": 0, "kind": 0, "sector": 1, "legal": 2, "axis": 3}


_QNAMES: dict[URIRef, tuple[str, str] | None] = {}


def _qname(node: URIRef) -> tuple[str, str] | None:
    if node in _QNAMES:
        return _QNAMES[node]
    if len(_QNAMES) > 200_000:
        _QNAMES.clear()
    _QNAMES[node] = _qname_calcul(node)
    return _QNAMES[node]


def _qname_calcul(node: URIRef) -> tuple[str, str] | None:
    text = str(node)
    for prefix, namespace in _ESPACES:
        if text.startswith(namespace) and _LOCAL_TTL.match(text[len(namespace) :]):
            return prefix, text[len(namespace) :]
    return None


def _chaine(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def _terme(node: Node, used: set[str]) -> str:
    if isinstance(node, URIRef):
        name = _qname(node)
        if name is None:
            return f"<{node}>"
        used.add(name[0])
        return f"{name[0]}:{name[1]}"
    if isinstance(node, Literal):
        if node.language:
            return f"{_chaine(str(node))}@{node.language}"
        if node.datatype is not None:
            return f"{_chaine(str(node))}^^{_terme(node.datatype, used)}"
        return _chaine(str(node))
    return node.n3()


def _rang_objet(node: Node) -> tuple:
    if isinstance(node, Literal):
        return (1, {"fr": 0, "en": 1}.get(node.language or "", 2), str(node))
    name = _qname(node) if isinstance(node, URIRef) else None
    text = f"{name[0]}:{name[1]}" if name else str(node)
    rank = 6 if node == ORG.Organization else _RANG_PREFIXE.get(name[0] if name else "", 5)
    return (0, rank, text)


_RANG_PREDICAT = {pred: index for index, pred in enumerate(_ORDRE)}


def _rang_predicat(node: Node) -> tuple[int, str]:
    rank = _RANG_PREDICAT.get(node)  # type: ignore[call-overload]
    return (rank, "") if rank is not None else (len(_ORDRE), str(node))


def _objets(pred: str, objects: list[str], indent: str = "    ") -> str:
    """``pred o1 , o2`` broken after a comma when the line grows past 100 characters."""
    lines, line = [], f"{indent}{pred} {objects[0]}"
    for obj in objects[1:]:
        if len(line) + len(obj) + 3 > 100:
            lines.append(line + " ,")
            line = f"{indent}    {obj}"
        else:
            line += f" , {obj}"
    return "\n".join([*lines, line])


def _bloc(graph: Graph, node: Node, comment: str, used: set[str], large: bool) -> str:
    subject = _terme(node, used)
    parts = []
    for pred in sorted(set(graph.predicates(node)), key=_rang_predicat):
        objects = [_terme(o, used) for o in sorted(graph.objects(node, pred), key=_rang_objet)]
        parts.append(("a" if pred == RDF.type else _terme(pred, used), objects))
    head = [f"# {comment}"] if comment else []
    one_line = f"{subject} " + " ; ".join(f"{p} {' , '.join(o)}" for p, o in parts) + " ."
    if not large and len(one_line) <= 100:
        return "\n".join([*head, one_line])
    if (node, RDF.type, ORG.Membership) in graph:
        trio = [(p, o) for p, o in parts if p in ("org:member", "org:organization", "org:role")]
        if len(trio) == 3 and all(len(o) == 1 for _, o in trio):
            joined = "    " + " ; ".join(f"{p} {o[0]}" for p, o in trio)
            first = parts.index(trio[0])
            parts = [p for p in parts if p not in trio]
            parts.insert(first, ("", [joined]))
    lines = []
    for index, (pred, objects) in enumerate(parts):
        if not pred:
            lines.append(objects[0])
        elif index == 0:
            lines.append(
                _objets(pred, objects, indent=f"{subject} ").replace(
                    f"\n{subject}    ", "\n        "
                )
            )
        else:
            lines.append(_objets(pred, objects))
    return "\n".join([*head, " ;\n".join(lines) + " ."])


def turtle(resultat: Resultat, source: Source) -> str:
    """The Turtle of an import: a header naming the files and source, prefixes, blocks.

    One block per actor, each with a comment naming its file and line, its memberships
    right after it, the source document first; the same result gives the same text.

    Parameters
    ----------
    resultat : Resultat
        What ``_construire`` built.
    source : Source
        The import's source document.

    Returns
    -------
    str

    Examples
    --------
    See ``import_spreadsheets``, whose ``turtle`` this is.
    """
    used: set[str] = set()
    graph = resultat.graphe
    actors = set(graph.subjects(RDF.type, ORG.Organization)) | set(
        graph.subjects(RDF.type, FOAF.Person)
    )
    large = actors | set(graph.subjects(RDF.type, ORG.Membership)) | {source.iri}
    blocks = [_bloc(graph, node, comment, used, node in large) for comment, node in resultat.blocs]
    files = ", ".join(source.fichiers)
    header = [
        "# Acteurs, adhésions et personnes importés de tableurs par « mes-graph import ».",
        f"# Fichiers : {files}.",
    ]
    if (None, None, source.iri) in graph:
        header.append(f"# Source : {_terme(source.iri, set())}, « {source.titre} », {source.date}"
                      + (f", {source.url}" if source.url else "") + ".")  # fmt: skip
    prefixes = [(p, ns) for p, ns in _PREFIXES_TTL] + [
        (p, ns) for p, ns in _PREFIXES_EXTRA if p in used
    ]
    width = max(len(p) for p, _ in prefixes) + 2
    lines = [f"@prefix {(p + ':').ljust(width)}<{ns}> ." for p, ns in prefixes]
    return "\n".join(header) + "\n\n" + "\n".join(lines) + "\n\n" + "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------
# Import: files -> checked Turtle, or every mistake
# ---------------------------------------------------------------------------


class Import(NamedTuple):
    """The outcome of an import: the Turtle to write, the mistakes, the rejected rows."""

    turtle: str
    graphe: Graph
    erreurs: list[Erreur]
    rejets: list[tuple[Table, list[tuple[Ligne, list[Erreur]]]]]
    comptes: dict[str, int]
    source: Source

    @property
    def ecrire(self) -> bool:
        """Whether there is something to write (no mistake, or ``partial`` rows)."""
        return bool(self.turtle)


def _graphe_validation(context_graph: Graph, nouveau: Graph) -> Graph:
    """Context and import in one graph, held by Oxigraph when oxrdflib is installed."""
    try:
        data = Graph(store="Oxigraph")
    except Exception:  # oxrdflib missing: the plain rdflib store, slower on big imports
        data = Graph()
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, replace=True)
    for prefix, namespace in (*_PREFIXES_TTL, *_PREFIXES_EXTRA):
        data.bind(prefix, namespace, replace=True)
    data.addN((s, p, o, data) for s, p, o in context_graph)
    data.addN((s, p, o, data) for s, p, o in nouveau)
    return data


def _violations_lignes(ctx: Contexte, resultat: Resultat) -> tuple[list[Erreur], list[Violation]]:
    """Check the import with its context against the shapes; place violations on rows."""
    data = _graphe_validation(ctx.graphe, resultat.graphe)
    violations = validate(data)
    if not violations:
        return [], []
    names = {}
    for node in set(resultat.graphe.subjects()):
        try:
            names[data.namespace_manager.normalizeUri(node)] = node
        except Exception:
            names[str(node)] = node
    placed, general = [], []
    for violation in violations:
        node = names.get(violation.resource)
        if node is None:
            continue  # a fault of the graph already there, not of this import
        where = resultat.origines.get(node)
        text = "le graphe ne respecte pas le contrat — "
        text += f"{violation.path} : {violation.message}" if violation.path else violation.message
        if where is None:
            general.append(violation)
        else:
            placed.append(Erreur(where[0], where[1], message=f"{text} ({violation.resource})"))
    return placed, general


def import_spreadsheets(
    chemins: Sequence[Path | str],
    dataset: Dataset | Graph,
    *,
    source: str | None = None,
    editeur: str | None = None,
    partiel: bool = False,
    aujourd_hui: dt.date | None = None,
    langue: str = "fr",
    valider: bool = True,
) -> Import:
    """Read spreadsheets, build their graph, check it; give Turtle or every mistake.

    Parameters
    ----------
    chemins : sequence of Path or str
        CSV files and XLSX workbooks (see ``read_spreadsheet``).
    dataset : rdflib.Dataset or rdflib.Graph
        The graph the import adds to (shipped graph and ``--data``): actors are
        recognised in it, code lists read from it, the result checked with it.
    source : str, optional
        ``"titre, date, adresse"``: the source of every statement whose row names none;
        by default the file names and today's date.
    editeur : str, optional
        The publisher of that source: an actor's name, or any text (default: MES).
    partiel : bool
        Keep the valid rows and reject the others, instead of rejecting the import.
    aujourd_hui : datetime.date, optional
        The date of the source when ``source`` gives none.
    langue : str
        The language of the source document.
    valider : bool
        Check the result against the shapes (default). Without it, the caller must.

    Returns
    -------
    Import
        ``turtle`` is empty when nothing may be written; ``erreurs`` sorted by file and
        line.

    Raises
    ------
    OSError
        A file cannot be read (see ``read_spreadsheet``), ``SpreadsheetRefused`` a workbook
        past a limit: the whole import stops, as for a missing file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acteurs.csv").write_text(
    ...     "nom;sigle;type;region\\nRéseau Breton;RB;RT;Bretange\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), source="Test, 2026")
    >>> print(format_errors(result.erreurs))
    acteurs.csv, ligne 2, colonne « region » : « Bretange » inconnue — vouliez-vous dire « Bretagne » ?
    1 erreur : rien n'a été écrit.
    >>> _ = (folder / "acteurs.csv").write_text(
    ...     "nom;sigle;type;region\\nRéseau Breton;RB;RT;Bretagne\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), source="Test, 2026")
    >>> print(result.turtle.split("\\n\\n")[-1], end="")
    # acteurs.csv, ligne 2 : « Réseau Breton »
    orga:rb a mes:TerritorialNetwork , org:FormalOrganization , org:Organization ;
        skos:prefLabel "Réseau Breton"@fr ;
        skos:altLabel "RB"@fr ;
        org:classification kind:reseau-territorial ;
        schema:areaServed region:53 ;
        dcterms:source src:import-test-2026 .
    """  # noqa: E501
    paths = [Path(p) for p in chemins]
    tables: list[Table] = []
    lecture: list[Erreur] = []
    for path in paths:
        found, errs = read_spreadsheet(path)
        tables += found
        lecture += errs
    ctx = context(dataset)
    titre, date, url = parse_source(source, [p.name for p in paths], aujourd_hui)
    publisher: Node = ORGA["mes"] if ORGA["mes"] in ctx.organisations else Literal("MES")
    if editeur:
        known = ctx.noms.get(fold(editeur), set())
        publisher = next(iter(known)) if len(known) == 1 else Literal(editeur)
    src = Source(
        SRC[f"import-{slug(titre, 40) or 'tableur'}-{date}"], titre, date, url, publisher,
        langue, tuple(p.name for p in paths),
    )  # fmt: skip
    first = _construire(tables, ctx, src)
    reasons: dict[tuple[str, int], list[Erreur]] = defaultdict(list)
    for error in first.erreurs:
        reasons[(error.fichier, error.ligne)].append(error)
    excluded = frozenset(reasons)
    result, general, shacl = first, [], []
    while True:
        if excluded:
            result = _construire(tables, ctx, src, excluded)
        cascade = [e for e in result.erreurs if (e.fichier, e.ligne) not in excluded]
        if cascade:
            for error in cascade:
                reasons[(error.fichier, error.ligne)].append(error)
            excluded = frozenset(reasons)
            continue
        placed, general = _violations_lignes(ctx, result) if valider else ([], [])
        if not placed or general:
            break
        shacl += placed
        for error in placed:
            reasons[(error.fichier, error.ligne)].append(error)
        excluded = frozenset(reasons)
    general_errors = [
        Erreur("import", message=f"le graphe ne respecte pas le contrat — {v}") for v in general
    ]
    if partiel:
        erreurs = sorted(lecture + general_errors + [e for es in reasons.values() for e in es])
        blocking = bool(lecture or general_errors)
    else:
        erreurs = sorted(lecture + general_errors + first.erreurs + shacl)
        blocking = bool(erreurs)
    rejets = []
    for table in tables:
        rows = [(ln, sorted(reasons[(ln.fichier, ln.numero)])) for ln in table.lignes
                if (ln.fichier, ln.numero) in reasons]  # fmt: skip
        if rows:
            rejets.append((table, rows))
    text = "" if blocking else turtle(result, src)
    return Import(text, result.graphe, erreurs, rejets, result.comptes, src)


def write_import(resultat: Import, sortie: Path | str) -> list[Path]:
    """Write an import: its Turtle, and beside each input a file of its rejected rows.

    The rejected rows keep their cells and gain a column ``motif``: fixed, the file
    can be imported again (its name still says which table it holds).

    Parameters
    ----------
    resultat : Import
    sortie : Path or str
        The Turtle file to write.

    Returns
    -------
    list of Path
        The files written: the Turtle first, then the files of rejected rows; nothing
        when the import may not be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acteurs.csv").write_text("nom;type\\nA;RT\\nB;XX\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), partiel=True)
    >>> [p.name for p in write_import(result, folder / "out.ttl")]
    ['out.ttl', 'acteurs.rejets.csv']
    """
    if not resultat.ecrire:
        return []
    written = [write_atomic(sortie, resultat.turtle.encode("utf-8"))]
    for table, rows in resultat.rejets:
        stem = table.chemin.stem + (f"-{slug(table.feuille)}" if table.feuille else "")
        target = table.chemin.with_name(f"{stem}.rejets.csv")
        header = [*table.entetes, "motif"]
        body = []
        for ligne, errors in rows:
            cells = list(ligne.brut) + [""] * (len(table.entetes) - len(ligne.brut))
            reason = " ; ".join(f"{e.lieu(fichier=False)} : {e.message}" for e in errors)
            body.append([*cells[: len(table.entetes)], reason])
        written.append(write_atomic(target, _csv_bytes(header, body, table.separateur, bom=True)))
    return written


# ---------------------------------------------------------------------------
# Tables out: the whole graph as three spreadsheets
# ---------------------------------------------------------------------------


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]], sep: str, bom: bool) -> bytes:
    """A CSV for spreadsheets: a cell a spreadsheet would run as a formula starts with ``'``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    quoted = csv.writer(buffer, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in (header, *rows):
        cells = [spreadsheet_cell(cell) for cell in row]
        # csv quotes a "\n", not a lone "\r", which a spreadsheet takes for a new row
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)
    return (codecs.BOM_UTF8 if bom else b"") + buffer.getvalue().encode("utf-8")


def _schemes(graph: Graph) -> dict[Node, str]:
    """Concept -> the key of its code list (kind, sector, legal_form, axis)."""
    found = {}
    for key in ("kind", "sector", "legal_form", "axis"):
        for concept in graph.subjects(SKOS.inScheme, SCHEMES[key]):
            found[concept] = key
    return found


def _cellule_code(node: Node, liste: ListeCodes, ctx: Contexte) -> str:
    """The French label of a concept or place, else its notation, else its IRI."""
    label = ctx.libelles.get(node)  # type: ignore[arg-type]
    if label and liste.get(fold(label)) == {node}:
        return label
    for notation in ctx.graphe.objects(node, SKOS.notation):
        if liste.get(fold(str(notation))) == {node}:
            return str(notation)
    return str(node)


def _cellule_acteur(node: Node, ctx: Contexte) -> str:
    """An actor's identifier: its IRI end when that is unambiguous, else more."""
    local = _local(node)
    for prefix, namespace in (("orga", ORGA), ("person", PERSON)):
        if node == namespace[local] and _SLUG.match(local):
            return local if len(ctx.locaux.get(local, ())) == 1 else f"{prefix}:{local}"
    return str(node)


def _identifiant(node: Node, namespace: Namespace) -> str:
    local = _local(node)
    return local if node == namespace[local] and _SLUG.match(local) else str(node)


def _texte(values: Iterable[Node]) -> str:
    return SEPARATEUR.join(sorted(str(v) for v in values))


def _langue(graph: Graph, node: Node, prop: Node, lang: str) -> list[Literal]:
    return sorted(
        v for v in graph.objects(node, prop)
        if isinstance(v, Literal) and v.language == lang
    )  # fmt: skip


def table_rows(dataset: Dataset | Graph) -> dict[str, tuple[list[str], list[list[str]]]]:
    """The three tables of a graph: for each, the header and the rows, sorted.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    dict
        ``acteurs``, ``adhesions``, ``personnes`` -> (column names, rows of cells).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> header, rows = table_rows(load())["acteurs"]
    >>> row = dict(zip(header, next(r for r in rows if r[0] == "ardes")))
    >>> row["nom"], row["type"], row["region"], row["source"]
    ('ARDES', 'Réseau territorial', 'Normandie', 'src:mes-presentation')
    """
    ctx = context(dataset)
    g = ctx.graphe
    schemes = _schemes(g)
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    rows = []
    actors = ctx.organisations | ctx.personnes  # once, not once per organisation
    for org in sorted(ctx.organisations):
        cells = {"identifiant": _identifiant(org, ORGA)}
        for col, (prop, lang) in _TEXTES.items():
            cells[col] = _texte(_langue(g, org, prop, lang))
        by_key = defaultdict(list)
        for concept in g.objects(org, ORG.classification):
            if concept in schemes:
                by_key[schemes[concept]].append(concept)
        for col, key in _CLASSEMENTS.items():
            liste = (
                {**ctx.listes["kind"], **ctx.listes["person_kind"]}
                if key == "kind"
                else (ctx.listes[key])
            )
            cells[col] = SEPARATEUR.join(sorted(_cellule_code(c, liste, ctx) for c in by_key[key]))
        places = ctx.listes["place"]
        cells["region"] = SEPARATEUR.join(
            sorted(_cellule_code(p, places, ctx) for p in g.objects(org, SCHEMA.areaServed))
        )
        cells["lieu_creation"] = SEPARATEUR.join(
            sorted(_cellule_code(p, places, ctx) for p in g.objects(org, SCHEMA.foundingLocation))
        )
        cells["site_web"] = _texte(g.objects(org, FOAF.homepage))
        cells["date_creation"] = _texte(g.objects(org, SCHEMA.foundingDate))
        parents = set(g.objects(org, ORG.subOrganizationOf)) | set(
            g.subjects(ORG.hasSubOrganization, org)
        )
        founders = set(g.objects(org, SCHEMA.founder)) | set(g.subjects(MES.founderOf, org))
        for col, values in (
            ("rattachement", parents),
            ("participe_a", set(g.objects(org, MES.participatesIn))),
            ("fondateurs", founders),
        ):
            cells[col] = SEPARATEUR.join(
                sorted(_cellule_acteur(v, ctx) for v in values if v in actors)
            )
        cells["source"] = SEPARATEUR.join(
            sorted(_cellule_source(s) for s in g.objects(org, DCTERMS.source))
        )
        rows.append([cells.get(c.nom, "") for c in TABLES["acteurs"]])
    tables["acteurs"] = ([c.nom for c in TABLES["acteurs"]], sorted(rows))
    rows = []
    kinds = {**ctx.listes["kind"], **ctx.listes["person_kind"]}
    for person in sorted(ctx.personnes):
        names = sorted(g.objects(person, FOAF.name))
        kind = kinds_of(ctx, person)
        rows.append([
            _identifiant(person, PERSON),
            str(names[0]) if names else "",
            SEPARATEUR.join(sorted(_cellule_code(k, kinds, ctx) for k in kind)),
            SEPARATEUR.join(sorted(_cellule_source(s) for s in g.objects(person, DCTERMS.source))),
        ])  # fmt: skip
    tables["personnes"] = ([c.nom for c in TABLES["personnes"]], sorted(rows))
    rows = []
    for ms in sorted(g.subjects(RDF.type, ORG.Membership)):
        member, body = g.value(ms, ORG.member), g.value(ms, ORG.organization)
        if not isinstance(ms, URIRef) or member is None or body is None:
            continue
        period = _periode(g, ms)
        role = g.value(ms, ORG.role)
        rows.append([
            _identifiant(ms, MS),
            _cellule_acteur(member, ctx),
            _cellule_acteur(body, ctx),
            _cellule_code(role, ctx.listes["role"], ctx) if role is not None else "",
            str(period[1]) if period and period[1] is not None else "",
            str(period[2]) if period and period[2] is not None else "",
            SEPARATEUR.join(sorted(_cellule_source(s) for s in g.objects(ms, PROV.wasDerivedFrom))),
        ])  # fmt: skip
    tables["adhesions"] = ([c.nom for c in TABLES["adhesions"]], sorted(rows))
    return {name: tables[name] for name in TABLES}


def write_tables(dataset: Dataset | Graph, folder: Path | str) -> list[Path]:
    """Write the three tables of a graph: ``acteurs.csv``, ``adhesions.csv``, ``personnes.csv``.

    Standard CSV (UTF-8, comma, one header line, rows sorted by identifier), the same
    bytes for the same graph; ``import_spreadsheets`` reads them back into
    ``tables_view`` of the graph.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The graph ``load`` built (or a profile of it).
    folder : Path or str
        Created if missing; the three files are written atomically.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from mes_graph.load import load
    >>> paths = write_tables(load(), tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['acteurs.csv', 'adhesions.csv', 'personnes.csv']
    >>> paths[1].read_text(encoding="utf-8").splitlines()[0]
    'identifiant,membre,organisation,role,debut,fin,source'
    """
    folder = Path(folder)
    written = []
    for name, (header, rows) in table_rows(dataset).items():
        written.append(write_atomic(folder / f"{name}.csv", _csv_bytes(header, rows, ",", False)))
    return written


def tables_view(dataset: Dataset | Graph) -> Graph:
    """The triples of a graph that its three tables carry (see the module's docstring).

    ``import_spreadsheets`` of ``write_tables(dataset)`` gives a graph isomorphic to
    this one (with no source document of its own, as every row names its source).

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph

    Returns
    -------
    rdflib.Graph
        For each organisation, person and membership, the triples of the columns; for
        a membership with dated ends, its interval and instants.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> view = tables_view(load())
    >>> from mes_graph.base.terms import ORG
    >>> len(set(view.subjects(ORG.member, None))), (None, ORG.resultedFrom, None) in view
    (29, False)
    """
    ctx = context(dataset)
    g = ctx.graphe
    schemes = _schemes(g)
    places = {p for ps in ctx.listes["place"].values() for p in ps}
    actors = ctx.organisations | ctx.personnes
    view = Graph()
    for prefix, namespace in PREFIXES.items():
        view.bind(prefix, namespace, replace=True)

    def keep(node: Node, props: Iterable[Node], test: Any) -> None:
        for prop in props:
            for value in g.objects(node, prop):
                if test(prop, value):
                    view.add((node, prop, value))

    texts = {prop for prop, _ in _TEXTES.values()}
    for org in ctx.organisations:
        keep(org, [RDF.type], lambda p, v: True)
        keep(org, texts, lambda p, v: isinstance(v, Literal) and v.language in (
            ("fr", "en") if p in (SKOS.prefLabel, SCHEMA.description, MES.mission,
                                  SKOS.editorialNote, SKOS.scopeNote) else ("fr",)))  # fmt: skip
        keep(org, [ORG.classification], lambda p, v: v in schemes)
        keep(org, [SCHEMA.areaServed, SCHEMA.foundingLocation], lambda p, v: v in places)
        keep(org, [FOAF.homepage], lambda p, v: isinstance(v, URIRef))
        keep(org, [SCHEMA.foundingDate], lambda p, v: getattr(v, "datatype", None) in _TYPES_DATE)
        relations = [ORG.subOrganizationOf, ORG.hasSubOrganization, MES.participatesIn,
                     SCHEMA.founder, MES.founderOf, ORG.memberOf]  # fmt: skip
        keep(org, relations, lambda p, v: v in actors)
        keep(org, [DCTERMS.source], lambda p, v: isinstance(v, URIRef))
    for person in ctx.personnes:
        keep(person, [RDF.type], lambda p, v: True)
        keep(person, [FOAF.name], lambda p, v: isinstance(v, Literal))
        keep(person, [ORG.memberOf, MES.founderOf], lambda p, v: v in actors)
        keep(person, [DCTERMS.source], lambda p, v: isinstance(v, URIRef))
    for ms in g.subjects(RDF.type, ORG.Membership):
        member, body = g.value(ms, ORG.member), g.value(ms, ORG.organization)
        if not isinstance(ms, URIRef) or member not in actors or body not in actors:
            continue
        keep(ms, [RDF.type, ORG.member, ORG.organization, ORG.role], lambda p, v: True)
        keep(ms, [PROV.wasDerivedFrom], lambda p, v: isinstance(v, URIRef))
        period = _periode(g, ms)
        if period is not None:
            view.add((ms, ORG.memberDuring, period[0]))
            for triple in _triples_periode(g, period[0]):
                view.add(triple)
    return view


# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------

EXEMPLES = {
    "acteurs": {
        "nom": "Réseau solidaire d'exemple", "sigle": "RSE", "type": "Réseau territorial",
        "forme_juridique": "Association loi 1901", "region": "Bretagne",
        "site_web": "https://www.exemple.org/", "date_creation": "03/2010",
        "description": "Exemple : remplacez cette ligne par vos acteurs.",
    },
    "adhesions": {"membre": "RSE", "organisation": "MES", "role": "Membre", "debut": "2012"},
    "personnes": {"nom": "Camille Exemple", "type": "Citoyen·ne, chercheur·e-acteur·rice"},
}  # fmt: skip
"""The example row of each template: it imports and validates as it is."""


def _listes_modele(ctx: Contexte) -> dict[str, list[str]]:
    """The French labels of each code list, for the dropdowns of the XLSX template."""

    def labels(key: str) -> list[str]:
        nodes = {n for ns in ctx.listes[key].values() for n in ns}
        if key == "place":
            nodes = {n for n in nodes if (n, SKOS.inScheme, SCHEMES["region"]) in ctx.graphe}
        return sorted({ctx.libelles[n] for n in nodes}, key=lambda s: (fold(s), s))

    return {
        "type": labels("kind"),
        "type_personne": labels("person_kind"),
        "filieres": labels("sector"),
        "forme_juridique": labels("legal_form"),
        "axes": labels("axis"),
        "region": labels("place"),
        "role": labels("role"),
    }


def write_template(folder: Path | str, dataset: Dataset | Graph | None = None) -> list[Path]:
    """Write the templates: three CSVs and, with openpyxl, ``modele.xlsx`` with dropdowns.

    The CSVs are as French spreadsheet software opens them (UTF-8 with BOM, semicolon);
    each has the header and one example row, which imports and validates as it is.

    Parameters
    ----------
    folder : Path or str
        Created if missing.
    dataset : rdflib.Dataset or rdflib.Graph, optional
        Where the code lists come from; the shipped graph by default.

    Returns
    -------
    list of Path
        ``acteurs.csv``, ``adhesions.csv``, ``personnes.csv`` (and ``modele.xlsx``).

    Examples
    --------
    >>> import tempfile
    >>> [p.name for p in write_template(tempfile.mkdtemp())][:3]
    ['acteurs.csv', 'adhesions.csv', 'personnes.csv']
    """
    if dataset is None:
        from mes_graph.load import load

        dataset = load()
    folder = Path(folder)
    written = []
    for name, columns in TABLES.items():
        header = [c.nom for c in columns]
        row = [EXEMPLES[name].get(c, "") for c in header]
        written.append(write_atomic(folder / f"{name}.csv", _csv_bytes(header, [row], ";", True)))
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return written
    written.append(write_atomic(folder / "modele.xlsx", _classeur(context(dataset))))
    return written


def _cellule_xlsx(sheet: Any, row: int, column: int, value: str | None) -> None:
    """Write a text in a sheet as a text: never a formula, even if it starts with ``=``.

    openpyxl would store ``=…`` as a formula; the cell is kept a string, with the
    « quote prefix » that makes Excel keep it a text when it is edited.
    """
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _classeur(ctx: Contexte) -> bytes:
    """The XLSX template: a sheet per table with dropdowns, and the lists."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _listes_modele(ctx)
    sheet_lists = workbook.create_sheet("listes")
    list_ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet_lists.cell(1, index, name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            _cellule_xlsx(sheet_lists, row, index, value)
        sheet_lists.column_dimensions[letter].width = 40
        list_ranges[name] = f"listes!${letter}$2:${letter}${len(values) + 1}"
    dropdowns = {
        ("acteurs", "type"): "type", ("acteurs", "filieres"): "filieres",
        ("acteurs", "forme_juridique"): "forme_juridique", ("acteurs", "axes"): "axes",
        ("acteurs", "region"): "region", ("adhesions", "role"): "role",
        ("personnes", "type"): "type_personne",
    }  # fmt: skip
    for position, (name, columns) in enumerate(TABLES.items()):
        sheet = workbook.create_sheet(name, position)
        for index, col in enumerate(columns, start=1):
            cell = sheet.cell(1, index, col.nom)
            cell.font = Font(bold=True)
            more = " Plusieurs valeurs : séparez-les par « | »." if col.multiple else ""
            needed = " Obligatoire." if col.obligatoire else ""
            cell.comment = Comment(f"{col.aide}.{needed}{more} (en anglais : {col.anglais})",
                                   "mes-graph")  # fmt: skip
            _cellule_xlsx(sheet, 2, index, EXEMPLES[name].get(col.nom, "") or None)
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(col.nom) + 4)
            key = dropdowns.get((name, col.nom))
            if key:
                check = DataValidation(
                    type="list", formula1=f"={list_ranges[key]}", allow_blank=True,
                    showErrorMessage=True, errorStyle="warning",
                    errorTitle="Valeur hors de la liste",
                    error="Cette valeur n'est pas dans la liste (feuille « listes »). "
                    "Plusieurs valeurs : séparez-les par « | ».",
                )  # fmt: skip
                sheet.add_data_validation(check)
                letter = get_column_letter(index)
                check.add(f"{letter}2:{letter}5000")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def summary(resultat: Import, ecrits: Sequence[Path]) -> str:
    """What an import wrote, in one line per file, for the command line.

    Parameters
    ----------
    resultat : Import
    ecrits : sequence of Path
        What ``write_import`` returned.

    Returns
    -------
    str

    Examples
    --------
    >>> src = Source(SRC["s"], "t", Literal("2026"), None, Literal("MES"), "fr", ())
    >>> print(summary(Import("x", Graph(), [], [], {"acteurs": 2, "personnes": 1,
    ...     "adhesions": 0}, src), [Path("out.ttl")]))
    écrit out.ttl : 2 acteurs, 1 personne, 0 adhésion
    """
    counts = resultat.comptes

    def n(key: str, word: str) -> str:
        return f"{counts[key]} {word}{'s' if counts[key] > 1 else ''}"

    lines = [
        f"écrit {ecrits[0]} : {n('acteurs', 'acteur')}, {n('personnes', 'personne')}, "
        f"{n('adhesions', 'adhésion')}"
    ]
    rejected = sum(len(rows) for _, rows in resultat.rejets)
    for path in ecrits[1:]:
        lines.append(f"lignes rejetées : {path}")
    if rejected:
        lines.append(
            f"{rejected} ligne{'s' if rejected > 1 else ''} rejetée{'s' if rejected > 1 else ''}."
        )
    return "\n".join(lines)
