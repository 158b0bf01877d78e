"""The three tables of the spreadsheets, their columns, and where each column goes.

Takes nothing; gives the columns of ``acteurs`` (organisations), ``adhesions``
(memberships) and ``personnes`` (people) in the order the files have them (``TABLES``),
the names a file, a sheet or a column may carry, the namespaces of the IRIs an import
mints, and for each column the property, code list or relation it fills. Table and column
names are French: they are the spreadsheets' own, data that people read and write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rdflib import Namespace

from mes_graph.actors import fold
from mes_graph.base.terms import ID, MES, ORG, SCHEMA, SKOS

__all__ = [
    "CLASSIFICATION_COLUMNS",
    "CODE_LIST_COLUMNS",
    "COLUMN_NAMES",
    "FEMININE_COLUMNS",
    "IGNORED_COLUMNS",
    "MS",
    "ORGA",
    "PERSON",
    "RELATION_COLUMNS",
    "SEPARATOR",
    "SRC",
    "TABLES",
    "TABLE_NAMES",
    "TEXT_COLUMNS",
    "TM",
    "Column",
    "which_table",
]


class Column(NamedTuple):
    """A column of a table: its French name, its English name, what it holds."""

    name: str
    english: str
    description: str
    required: bool = False
    multiple: bool = False
    aliases: tuple[str, ...] = ()


TABLES: dict[str, tuple[Column, ...]] = {
    "acteurs": (
        Column("identifiant", "id", "fin de l'IRI (orga:…) ; vide : tiré du sigle ou du nom",
                aliases=("identifier", "iri")),
        Column("nom", "name", "nom officiel en français", required=True,
                aliases=("nom fr", "name fr", "libelle")),
        Column("nom_en", "name_en", "nom en anglais", aliases=("nom anglais", "english name")),
        Column("sigle", "acronym", "sigle(s)", multiple=True, aliases=("sigles", "acronyme")),
        Column("variantes", "variants", "autres graphies (celles des sources)", multiple=True,
                aliases=("variante", "autres graphies", "hidden labels")),
        Column("type", "kind", "type d'acteur (liste)", required=True,
                aliases=("type d acteur", "kind of actor")),
        Column("filieres", "sectors", "filières ou domaines (liste)", multiple=True,
                aliases=("filiere", "secteurs", "secteur", "sector", "domaines")),
        Column("forme_juridique", "legal_form", "forme juridique (liste)", multiple=True,
                aliases=("statut", "statut juridique")),
        Column("axes", "strategic_axes", "axes stratégiques du MES (liste)", multiple=True,
                aliases=("axes strategiques", "axe")),
        Column("region", "region", "région(s) d'action (liste, ou code INSEE)", multiple=True,
                aliases=("regions", "territoire", "area served")),
        Column("site_web", "website", "adresse du site", aliases=("site", "site internet",
                "homepage", "web")),
        Column("date_creation", "founding_date", "date de création : 2002, 03/2002, 14/03/2002",
                aliases=("date de creation", "creation", "fondation", "date de fondation")),
        Column("lieu_creation", "founding_place", "lieu de création (commune connue)",
                aliases=("lieu de creation", "founding location")),
        Column("description", "description_fr", "description en français"),
        Column("description_en", "description_en", "description en anglais"),
        Column("mission", "mission_fr", "mission en français"),
        Column("mission_en", "mission_en", "mission en anglais"),
        Column("note", "note_fr", "note de rédaction en français", aliases=("editorial note",)),
        Column("note_en", "note_en", "note de rédaction en anglais",
                aliases=("editorial note en",)),
        Column("note_perimetre", "scope_note", "ce que recouvre l'acteur, en français"),
        Column("note_perimetre_en", "scope_note_en", "ce que recouvre l'acteur, en anglais"),
        Column("rattachement", "part_of", "organisation(s) dont il est une partie",
                multiple=True, aliases=("rattache a", "sub organization of")),
        Column("participe_a", "participates_in", "instances où il siège sans adhérer",
                multiple=True, aliases=("participe", "participation")),
        Column("fondateurs", "founders", "acteurs qui l'ont fondé", multiple=True,
                aliases=("fondateur", "founder", "fonde par")),
        Column("source", "source", "source(s) : adresse web ou src:… ; vide : le fichier",
                multiple=True, aliases=("sources",)),
    ),
    "adhesions": (
        Column("identifiant", "id", "fin de l'IRI (ms:…) ; vide : membre--organisation",
                aliases=("identifier", "iri")),
        Column("membre", "member", "l'acteur ou la personne qui adhère (nom, sigle ou "
                "identifiant)", required=True, aliases=("adherent",)),
        Column("organisation", "organization", "l'organisation rejointe", required=True,
                aliases=("organisme", "structure")),
        Column("role", "role", "rôle (liste) ; vide : Membre", aliases=("roles", "qualite")),
        Column("debut", "start", "date d'adhésion", aliases=("date de debut", "depuis", "begin",
                "start date", "since", "date d adhesion")),
        Column("fin", "end", "date de fin", aliases=("date de fin", "jusqu a", "end date",
                "until")),
        Column("source", "source", "source(s) ; vide : le fichier", multiple=True,
                aliases=("sources",)),
    ),
    "personnes": (
        Column("identifiant", "id", "fin de l'IRI (person:…) ; vide : tiré du nom",
                aliases=("identifier", "iri")),
        Column("nom", "name", "prénom et nom", required=True,
                aliases=("nom complet", "full name", "prenom nom")),
        Column("type", "kind", "type de personne (liste)", aliases=("kind of actor",)),
        Column("source", "source", "source(s) ; vide : le fichier", multiple=True,
                aliases=("sources",)),
    ),
}  # fmt: skip
"""The three tables and their columns, in the order the files have them."""

TABLE_NAMES = {
    "acteurs": ("acteurs", "acteur", "actors", "organisations", "organizations"),
    "adhesions": ("adhesions", "adhesion", "memberships", "membership"),
    "personnes": ("personnes", "personne", "people", "persons"),
}
"""The names a file or a sheet may carry for each table (folded)."""

IGNORED_COLUMNS = ("motif", "reason")
"""Columns read and left aside: the reason column of a file of rejected rows."""

SEPARATOR = " | "
"""How a cell holding several values is written; ``|`` and ``;`` are both read."""

ORGA = Namespace(str(ID) + "organisation/")
PERSON = Namespace(str(ID) + "person/")
MS = Namespace(str(ID) + "membership/")
TM = Namespace(str(ID) + "time/")
SRC = Namespace(str(ID) + "source/")

CODE_LIST_COLUMNS = {
    ("acteurs", "type"): "kind",
    ("acteurs", "filieres"): "sector",
    ("acteurs", "forme_juridique"): "legal_form",
    ("acteurs", "axes"): "axis",
    ("acteurs", "region"): "place",
    ("acteurs", "lieu_creation"): "place",
    ("adhesions", "role"): "role",
    ("personnes", "type"): "person_kind",
}
"""(table, column) -> the code list of its cells (a key of ``Context.code_lists``)."""

FEMININE_COLUMNS = {"filieres", "forme_juridique", "region", "source"}
"""The columns whose values are feminine in French: « inconnue »."""

TEXT_COLUMNS = {
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
"""The text columns of ``acteurs``: column -> (property, language)."""

CLASSIFICATION_COLUMNS = {
    "type": "kind",
    "filieres": "sector",
    "forme_juridique": "legal_form",
    "axes": "axis",
}
"""The ``org:classification`` columns of ``acteurs``: column -> code list."""

RELATION_COLUMNS = {
    "rattachement": (ORG.subOrganizationOf, ORG.hasSubOrganization, True),
    "participe_a": (MES.participatesIn, None, True),
    "fondateurs": (SCHEMA.founder, MES.founderOf, False),
}
"""The columns naming other actors: column -> (property, inverse or None, whether the
actor named must be an organisation)."""


def _column_names(table: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in TABLES[table]:
        for name in (column.name, column.english, *column.aliases):
            names.setdefault(fold(name), column.name)
    return names


COLUMN_NAMES = {table: _column_names(table) for table in TABLES}
"""For each table: every name a column may carry in a header (folded) -> the column."""


def which_table(name: str, header: Sequence[str]) -> str | None:
    """The table a file or a sheet holds: by its name, else by the columns of its header.

    Parameters
    ----------
    name : str
        The file's name without its extension, or the sheet's.
    header : sequence of str
        The first row.

    Returns
    -------
    str or None
        ``acteurs``, ``adhesions``, ``personnes``, or None when neither says.

    Examples
    --------
    >>> which_table("Adhésions 2026", []), which_table("export", ["Nom", "Type", "Sigle"])
    ('adhesions', 'acteurs')
    >>> which_table("export", ["membre"]) is None
    True
    """
    words = set(fold(name).split())
    for table, names in TABLE_NAMES.items():
        if words & set(names):
            return table
    keys = {fold(h) for h in header}
    found = {
        table: {COLUMN_NAMES[table][k] for k in keys if k in COLUMN_NAMES[table]}
        for table in TABLES
    }
    if {"membre", "organisation"} <= found["adhesions"]:
        return "adhesions"
    if {"nom", "type"} <= found["acteurs"] and len(found["acteurs"]) > len(found["personnes"]):
        return "acteurs"
    if "nom" in found["personnes"]:
        return "personnes" if len(found["acteurs"]) <= 2 else "acteurs"
    return None
