"""What a register says of a unit, in the public vocabulary contract: IRIs and statements.

Takes the codes a register gives (SIREN, SIRET, RNA number, dates, names); gives the IRIs
of units, identifiers, sources and agencies, and the statements of ``../shared/DESIGN.md``'s
identifiers row: ``org:identifier`` typed by its scheme (``mesid:siren``…) **and**
``adms:identifier`` an ``adms:Identifier`` (``skos:notation``, ``adms:schemaAgency``,
``dcterms:creator``), the SIREN also as ``rov:registration``. Identifiers are checked first
(``checked_siren``, ``checked_siret``, ``checked_rna``): the Luhn key of SIREN and SIRET
(python-stdnum, with La Poste's rule for its SIRETs), the shape of an RNA number.

The schemes themselves (datatypes with their label, agency and Wikidata property: SIREN
P1616, SIRET P3215, RNA P3918) are in ``ontology/vocabularies/registres/identifier.ttl``,
which every register's output imports (``owl:imports``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from mes_graph.base.terms import BASE, ORG, PREFIXES, RDF, REGISTER_NAMESPACES

__all__ = [
    "ADMS",
    "AGENCIES",
    "AGENCY_NAMES",
    "AGENT",
    "CJ",
    "COMMUNE",
    "DEPARTEMENT",
    "EFFECTIFS",
    "IDENTIFIER",
    "IDENTIFIER_ONTOLOGY",
    "MESID",
    "NAF",
    "REGION",
    "REGISTER_PREFIXES",
    "RNA",
    "ROV",
    "SIREN",
    "SRC",
    "Statement",
    "checked_rna",
    "checked_siren",
    "checked_siret",
    "identifier_statements",
    "register_date",
    "unit_iri",
]

ADMS = Namespace("http://www.w3.org/ns/adms#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
MESID = Namespace(BASE + "ontology/identifier#")
IDENTIFIER_ONTOLOGY = URIRef(BASE + "ontology/identifier")
"""The vocabulary of the identifier schemes, which register outputs import."""

SIREN = REGISTER_NAMESPACES["siren"]
RNA = REGISTER_NAMESPACES["rna"]
IDENTIFIER = REGISTER_NAMESPACES["identifier"]
SRC = PREFIXES["src"]
AGENT = REGISTER_NAMESPACES["agent"]
NAF = REGISTER_NAMESPACES["naf"]
CJ = REGISTER_NAMESPACES["cj"]
EFFECTIFS = REGISTER_NAMESPACES["effectifs"]
REGION = PREFIXES["region"]
DEPARTEMENT = REGISTER_NAMESPACES["departement"]
COMMUNE = REGISTER_NAMESPACES["commune"]

REGISTER_PREFIXES = [
    *((prefix, str(ns)) for prefix, ns in PREFIXES.items() if prefix != "essglobal"),
    ("adms", str(ADMS)),
    ("rov", str(ROV)),
    ("mesid", str(MESID)),
    *((prefix, str(ns)) for prefix, ns in REGISTER_NAMESPACES.items()),
    ("sssom", "https://w3id.org/sssom/"),
    ("semapv", "https://w3id.org/semapv/vocab/"),
]
"""The prefixes on top of every register output, in this order."""

AGENCY_NAMES = {
    "insee": "Insee",
    "ministere-interieur": "Ministère de l'Intérieur",
    "ess-france": "ESS France",
}
"""The agencies that issue identifiers or publish registers: key (``agent:KEY``) → name."""

AGENCIES = {"siren": "INSEE", "siret": "INSEE", "rna": "Ministère de l'Intérieur"}
"""The agency that issues each scheme of identifiers (``adms:schemaAgency``)."""

_AGENCY_IRIS = {"INSEE": AGENT["insee"], "Ministère de l'Intérieur": AGENT["ministere-interieur"]}

_RNA_SHAPE = re.compile(r"^W(\d{2}|2[AB]|9[A-Z])\d{7}$")
"""An RNA number: ``W``, the département or greffe zone (``75``, ``2A``, ``9R``…), 7 digits."""

Statement = tuple[URIRef, URIRef, URIRef | Literal]

# The terms of identifier_statements, looked up once (rdflib's namespaces are slow to read)
_ORG_IDENTIFIER, _ADMS_IDENTIFIER, _REGISTRATION = ORG.identifier, ADMS.identifier, ROV.registration
_TYPE, _IDENTIFIER_CLASS, _NOTATION = RDF.type, ADMS.Identifier, SKOS.notation
_SCHEMA_AGENCY, _CREATOR = ADMS.schemaAgency, DCTERMS.creator
_DATATYPES = {scheme: MESID[scheme] for scheme in AGENCIES}
_AGENCY_TERMS = {
    scheme: (Literal(agency), _AGENCY_IRIS[agency]) for scheme, agency in AGENCIES.items()
}


def checked_siren(value: str) -> str | None:
    """A valid SIREN (9 digits, Luhn key), its leading zeros restored; else None.

    Examples
    --------
    >>> checked_siren("100029172"), checked_siren("5720610"), checked_siren("100029173")
    ('100029172', '005720610', None)
    """
    code = value.strip().zfill(9) if value.strip().isdigit() else value.strip()
    return code if len(code) == 9 and stdnum_siren.is_valid(code) else None


def checked_siret(value: str) -> str | None:
    """A valid SIRET (14 digits, Luhn key or La Poste's rule), zeros restored; else None.

    Examples
    --------
    >>> checked_siret("6220119900031"), checked_siret("10002917200015")
    ('06220119900031', None)
    """
    code = value.strip().zfill(14) if value.strip().isdigit() else value.strip()
    return code if len(code) == 14 and stdnum_siret.is_valid(code) else None


def checked_rna(value: str) -> str | None:
    """A well-formed RNA number (``W`` + 9 characters, as the RNA writes them); else None.

    Examples
    --------
    >>> checked_rna("W751244387"), checked_rna("w2b2007117"), checked_rna("W12345")
    ('W751244387', 'W2B2007117', None)
    """
    code = value.strip().upper()
    return code if _RNA_SHAPE.match(code) else None


def unit_iri(siren: str | None, rna: str | None = None) -> URIRef:
    """The IRI of a register unit: by its SIREN, else by its RNA number.

    Examples
    --------
    >>> unit_iri("100029172").rsplit("/", 2)[-2:], unit_iri(None, "W751244387")[-14:]
    (['siren', '100029172'], 'rna/W751244387')
    """
    if siren:
        return SIREN[siren]
    if rna:
        return RNA[rna]
    raise ValueError("a register unit has a SIREN or an RNA number")


def identifier_statements(unit: URIRef, scheme: str, code: str) -> Iterator[Statement]:
    """The statements of one identifier of a unit, as the contract says them.

    Parameters
    ----------
    unit : URIRef
    scheme : str
        ``siren``, ``siret`` or ``rna``.
    code : str
        The checked code.

    Returns
    -------
    iterator of (subject, predicate, object)

    Examples
    --------
    >>> for s, p, o in identifier_statements(SIREN["100029172"], "siren", "100029172"):
    ...     print(s.rsplit("/", 2)[-2], p.rsplit("/", 1)[-1], o.rsplit("/", 1)[-1])
    siren org#identifier 100029172
    siren adms#identifier 100029172
    siren regorg#registration 100029172
    siren 22-rdf-syntax-ns#type adms#Identifier
    siren core#notation 100029172
    siren adms#schemaAgency INSEE
    siren creator insee
    """
    notation = Literal(code, datatype=_DATATYPES[scheme])
    node = URIRef(f"{IDENTIFIER}{scheme}/{code}")
    yield unit, _ORG_IDENTIFIER, notation
    yield unit, _ADMS_IDENTIFIER, node
    if scheme == "siren":
        yield unit, _REGISTRATION, node
    yield node, _TYPE, _IDENTIFIER_CLASS
    yield node, _NOTATION, notation
    agency, creator = _AGENCY_TERMS[scheme]
    yield node, _SCHEMA_AGENCY, agency
    yield node, _CREATOR, creator


def register_date(value: str) -> Literal | None:
    """A register's date as ``xsd:date``; None for empty, unknown or sentinel dates.

    SIRENE writes ``1900-01-01`` for an unknown date, the RNA ``0001-01-01`` for « none »;
    a time after the date (``2008-11-05 06:15:30``) is left out.

    Raises
    ------
    ValueError
        Text that is no date.

    Examples
    --------
    >>> register_date("2019-03-01"), register_date("1900-01-01"), register_date("0001-01-01")
    (rdflib.term.Literal('2019-03-01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')), None, None)
    """  # noqa: E501
    text = value.strip()[:10]
    if not text or text in ("1900-01-01", "0001-01-01", "0000-00-00"):
        return None
    try:
        date.fromisoformat(text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else "")
    except ValueError:
        raise ValueError(f"« {value.strip()} » n'est pas une date AAAA-MM-JJ") from None
    return Literal(text, datatype=XSD.date)
