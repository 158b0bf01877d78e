"""What every register's import shares: its tally, its source, the address of a unit.

Takes what an importer counts as it reads (``Tally``, and ``summary`` to say it in French),
a register's description (title, publisher, page, vintage, the code lists it refers
to) or a unit's address; gives statements in the public vocabulary contract: the source a
``mes:SourceDocument`` under Licence Ouverte with its agency (a ``prov:Organization``,
never an ``org:Organization``: it is not an actor of the maps), ``dcterms:requires`` the
code lists that ``load`` reads along; the address a ``schema:PostalAddress`` and the
commune of the Code officiel géographique as ``schema:location``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, XSD

from mes_graph.base.terms import ID, MES, RDF, SCHEMA
from mes_graph.registers import codes
from mes_graph.registers.model import AGENCY_NAMES, AGENT, IDENTIFIER_ONTOLOGY, Statement

__all__ = [
    "ESS_KIND",
    "LICENCE_OUVERTE",
    "Progress",
    "Tally",
    "address_statements",
    "register_header",
    "summary",
]

LICENCE_OUVERTE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
ESS_KIND = ID["concept/kind/organisation-ess"]
"""The kind of every register unit: a structure of the ESS (``kind:organisation-ess``)."""


@dataclass
class Tally:
    """What an import read and kept, counted as it goes (the summary and the progress)."""

    rows: int = 0
    kept: int = 0
    closed: int = 0
    natural_persons: int = 0
    nameless: int = 0
    dropped_identifiers: dict[str, int] = field(default_factory=dict)
    old_activity_codes: int = 0
    addresses: int = 0


Progress = Callable[[Tally], None]


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def summary(register: str, tally: Tally, units: int, statements: int, where: str) -> str:
    """What an import read, kept, left out and wrote, in French.

    Examples
    --------
    >>> said = summary("sirene", Tally(rows=3667, kept=3128, closed=0), 3128, 52000, "r.ttl")
    >>> print(said.replace("\u202f", " "))  # thousands are set apart by a narrow space
    sirene : 3 667 lignes lues, 3 128 unités gardées ; 52 000 triplets écrits dans r.ttl.
    """
    said = [f"{_number(tally.rows)} lignes lues", f"{_number(units)} unités gardées"]
    if tally.closed:
        said.append(f"dont {_number(tally.closed)} fermées")
    left = [
        (tally.nameless, "sans nom"),
        *(
            (n, f"identifiants {scheme} invalides écartés")
            for scheme, n in sorted(tally.dropped_identifiers.items())
        ),
        (tally.old_activity_codes, "codes d'activité hors NAF rév. 2 écartés"),
    ]
    said += [f"{_number(n)} {what}" for n, what in left if n]
    if tally.addresses:
        said.append(f"{_number(tally.addresses)} adresses de siège")
    return f"{register} : {', '.join(said)} ; {_number(statements)} triplets écrits dans {where}."


def register_header(
    source: URIRef, title: str, publisher: str, page: str, vintage: str, requires: Iterable[str]
) -> list[Statement]:
    """The statements of a register source: title, publisher, licence, vintage, code lists.

    Parameters
    ----------
    source : URIRef
    title : str
        The register's title, in French.
    publisher : str
        The agency's key in ``model.AGENCY_NAMES`` (``insee``…).
    page : str
        The register's page on data.gouv.fr.
    vintage : str
        The stock's date (``2026-11-01``), or empty.
    requires : iterable of str
        The code lists (keys of ``codes.SCHEMES``) the units refer to.

    Returns
    -------
    list of statements

    Examples
    --------
    >>> from mes_graph.registers.model import SRC
    >>> len(register_header(SRC["insee-sirene"], "Base Sirene", "insee", "https://x.org/", "", []))
    11
    """
    agent = AGENT[publisher]
    header: list[Statement] = [
        (source, RDF.type, MES.SourceDocument),
        (source, RDF.type, PROV.Entity),
        (source, DCTERMS.title, Literal(title, lang="fr")),
        (source, DCTERMS.publisher, agent),
        (source, DCTERMS.language, Literal("fr")),
        (
            source,
            DCTERMS.license,
            LICENCE_OUVERTE,
        ),
        (source, FOAF.page, URIRef(page)),
        (source, DCTERMS.requires, IDENTIFIER_ONTOLOGY),
        (agent, RDF.type, PROV.Organization),
        (agent, RDF.type, DCTERMS.Agent),
        (agent, FOAF.name, Literal(AGENCY_NAMES[publisher], lang="fr")),
    ]
    if vintage:
        header.append((source, DCTERMS.issued, Literal(vintage, datatype=XSD.date)))
    header += [(source, DCTERMS.requires, codes.SCHEMES[name]) for name in requires]
    return header


def address_statements(
    unit: URIRef, street: str, postcode: str, locality: str, commune: str
) -> Iterator[Statement]:
    """The head office's address of a unit (a ``schema:PostalAddress``) and its commune.

    Parameters
    ----------
    unit : URIRef
    street, postcode, locality : str
        Empty when not known or withheld.
    commune : str
        The COG code (an arrondissement's gives its commune).

    Returns
    -------
    iterator of statements

    Examples
    --------
    >>> from mes_graph.registers.model import SIREN
    >>> len(list(address_statements(SIREN["100029172"], "", "", "", "")))
    0
    """
    place = codes.commune(commune) if commune else None
    parts = [
        (SCHEMA.streetAddress, street),
        (SCHEMA.postalCode, postcode),
        (SCHEMA.addressLocality, locality),
    ]
    if any(value for _, value in parts):
        node = URIRef(f"{unit}/adresse")
        yield unit, SCHEMA.address, node
        yield node, RDF.type, SCHEMA.PostalAddress
        yield from ((node, p, Literal(value)) for p, value in parts if value)
        yield node, SCHEMA.addressCountry, Literal("FR")
    if place is not None:
        yield unit, SCHEMA.location, place
