"""Import INSEE's SIRENE stock: the legal units of the ESS, and their head office's address.

Takes ``StockUniteLegale`` (CSV, CSV in a ZIP archive, or Parquet, format 3.11 of INSEE's
« Description des fichiers du stock ») and, optionally, ``StockEtablissement``; gives an
``Extract``: the source, then one unit at a time, in the public vocabulary contract.

What is kept, decided on whole columns before any RDF is made:

- the ESS: ``economieSocialeSolidaireUniteLegale = O``, or a SIREN of ESS France's list
  (``ess_france``), or a legal category starting with one of ``legal_categories``;
- active units (``etatAdministratifUniteLegale = A``); with ``closed``, ceased ones too,
  with the start of their current period as their closing date (the stock has no other);
- never a natural person: legal category 1000 (entrepreneurs individuels) and units with
  a birth name and no denomination are left out, and no first name, birth name or sex is
  ever read;
- INSEE's withholding honoured: a value ``[ND]`` is no value, and a unit whose
  ``statutDiffusionUniteLegale`` is not ``O`` keeps no sigle and, of its head office's
  address, only the commune.

A kept row whose SIREN fails its Luhn key stops the import (``RegisterError`` with the
file, the line and the column); an invalid SIRET or RNA number of a kept row is left out
and counted. With ``StockEtablissement``, the unit stock is read twice: once for the
SIRENs kept, then (after the head offices' addresses) to write them; memory holds the
kept SIRENs and their addresses, never the stock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS

from mes_graph.base.terms import ORG, RDF, SCHEMA
from mes_graph.registers import codes
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.model import (
    ROV,
    SRC,
    checked_rna,
    checked_siren,
    checked_siret,
    identifier_statements,
    register_date,
    unit_iri,
)
from mes_graph.registers.reading import batches
from mes_graph.registers.shared import (
    ESS_KIND,
    Progress,
    Tally,
    address_statements,
    register_header,
)
from mes_graph.registers.writing import Extract, Unit

__all__ = [
    "ESTABLISHMENT_COLUMNS",
    "SOURCE",
    "STOCK_HEADER",
    "UNIT_COLUMNS",
    "read_sirene",
]

SOURCE = SRC["insee-sirene"]
"""The SIRENE register, one named graph whatever the month of the stock."""

STOCK_HEADER = (
    "siren", "statutDiffusionUniteLegale", "unitePurgeeUniteLegale", "dateCreationUniteLegale",
    "sigleUniteLegale", "sexeUniteLegale", "prenom1UniteLegale", "prenom2UniteLegale",
    "prenom3UniteLegale", "prenom4UniteLegale", "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale", "identifiantAssociationUniteLegale", "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale", "dateDernierTraitementUniteLegale", "nombrePeriodesUniteLegale",
    "categorieEntreprise", "anneeCategorieEntreprise", "dateDebut",
    "etatAdministratifUniteLegale", "nomUniteLegale", "nomUsageUniteLegale",
    "denominationUniteLegale", "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale", "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale", "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale", "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale", "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale", "activitePrincipaleNAF25UniteLegale",
)  # fmt: skip
"""The header of ``StockUniteLegale`` in INSEE's order (format 3.11, with the NAF 2025
column added on 16 December 2025): what a stock file starts with."""

UNIT_COLUMNS = (
    "siren",
    "statutDiffusionUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
)
"""The columns of ``StockUniteLegale`` read, by their names in INSEE's header."""

ESTABLISHMENT_COLUMNS = (
    "siren",
    "siret",
    "statutDiffusionEtablissement",
    "etablissementSiege",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
)
"""The columns of ``StockEtablissement`` read (the head office's address)."""

WITHHELD = "[ND]"
NATURAL_PERSON = "1000"


def _clean(value: str) -> str:
    """A value as published: spaces collapsed, nothing for INSEE's « [ND] » (withheld)."""
    value = " ".join(value.split())
    return "" if value == WITHHELD else value


def _kept_mask(
    batch: pa.RecordBatch,
    ess_france: pa.Array | None,
    legal_categories: Sequence[str],
    closed: bool,
) -> pa.Array:
    column = batch.column
    names = batch.schema.names
    ess = pc.equal(column(names.index("economieSocialeSolidaireUniteLegale")), "O")
    siren = column(names.index("siren"))
    category = column(names.index("categorieJuridiqueUniteLegale"))
    if ess_france is not None:
        ess = pc.or_(ess, pc.is_in(siren, value_set=ess_france))
    for prefix in legal_categories:
        ess = pc.or_(ess, pc.starts_with(category, prefix))
    person = pc.or_(
        pc.equal(category, NATURAL_PERSON),
        pc.and_(
            pc.equal(column(names.index("denominationUniteLegale")), ""),
            pc.not_equal(column(names.index("nomUniteLegale")), ""),
        ),
    )
    mask = pc.and_(ess, pc.invert(person))
    if not closed:
        mask = pc.and_(mask, pc.equal(column(names.index("etatAdministratifUniteLegale")), "A"))
    return mask


def _kept_rows(
    path: Path,
    ess_france: pa.Array | None,
    legal_categories: Sequence[str],
    closed: bool,
    tally: Tally,
    progress: Progress | None,
) -> Iterator[tuple[int, dict[str, str]]]:
    for line, batch in batches(path, UNIT_COLUMNS):
        mask = _kept_mask(batch, ess_france, legal_categories, closed)
        tally.rows += batch.num_rows
        if not pc.any(mask).as_py():
            if progress:
                progress(tally)
            continue
        rows = pc.indices_nonzero(mask).to_pylist()
        kept = batch.filter(mask).to_pylist()
        for index, row in zip(rows, kept, strict=True):
            yield line + index, row
        if progress:
            progress(tally)


# The terms of a unit, looked up once (rdflib's namespaces are slow to read)
_TYPE, _ORGANIZATION, _REGISTERED = RDF.type, ORG.Organization, ROV.RegisteredOrganization
_CLASSIFICATION, _ACTIVITY, _ORG_TYPE = ORG.classification, ROV.orgActivity, ROV.orgType
_PREF_LABEL, _ALT_LABEL, _LEGAL_NAME = SKOS.prefLabel, SKOS.altLabel, ROV.legalName
_SOURCE, _FOUNDED, _DISSOLVED = DCTERMS.source, SCHEMA.foundingDate, SCHEMA.dissolutionDate


def _unit(
    path: Path, line: int, row: dict[str, str], address: tuple | None, tally: Tally
) -> Unit | None:
    siren = checked_siren(row["siren"])
    if siren is None:
        raise RegisterError(
            path, f"SIREN invalide (clé de Luhn) : « {row['siren']} »", line=line, column="siren"
        )
    name = _clean(row["denominationUniteLegale"]) or _clean(row["denominationUsuelle1UniteLegale"])
    if not name:
        tally.nameless += 1
        return None
    unit = unit_iri(siren)
    diffusible = row["statutDiffusionUniteLegale"] == "O"
    statements: Unit = [
        (unit, _TYPE, _ORGANIZATION),
        (unit, _TYPE, _REGISTERED),
        (unit, _CLASSIFICATION, ESS_KIND),
        (unit, _PREF_LABEL, Literal(name, lang="fr")),
        (unit, _LEGAL_NAME, Literal(name)),
        (unit, _SOURCE, SOURCE),
    ]
    sigle = _clean(row["sigleUniteLegale"])
    if sigle and diffusible and sigle != name:
        statements.append((unit, _ALT_LABEL, Literal(sigle, lang="fr")))
    statements += identifier_statements(unit, "siren", siren)
    nic = _clean(row["nicSiegeUniteLegale"])
    for scheme, raw, checked in (
        ("siret", siren + nic if nic else "", checked_siret),
        ("rna", _clean(row["identifiantAssociationUniteLegale"]), checked_rna),
    ):
        code = checked(raw) if raw else None
        if code is not None:
            statements += identifier_statements(unit, scheme, code)
        elif raw:
            tally.dropped_identifiers[scheme] = tally.dropped_identifiers.get(scheme, 0) + 1
    activity = _clean(row["activitePrincipaleUniteLegale"])
    naf = codes.naf_concept(activity) if activity else None
    if activity and (naf is None or row["nomenclatureActivitePrincipaleUniteLegale"] != "NAFRev2"):
        tally.old_activity_codes += 1
        naf = None
    if naf is not None:
        statements += [(unit, _CLASSIFICATION, naf), (unit, _ACTIVITY, naf)]
    category = codes.legal_category(_clean(row["categorieJuridiqueUniteLegale"]))
    if category is not None:
        statements += [(unit, _CLASSIFICATION, category), (unit, _ORG_TYPE, category)]
    band = codes.headcount_band(_clean(row["trancheEffectifsUniteLegale"]))
    if band is not None:
        statements.append((unit, _CLASSIFICATION, band))
    ceased = row["etatAdministratifUniteLegale"] == "C"
    dates = [("dateCreationUniteLegale", _FOUNDED)]
    if ceased:
        dates.append(("dateDebut", _DISSOLVED))
        tally.closed += 1
    for column, predicate in dates:
        try:
            when = register_date(row[column])
        except ValueError as err:
            raise RegisterError(path, str(err), line=line, column=column) from None
        if when is not None:
            statements.append((unit, predicate, when))
    if address is not None:
        street, postcode, locality, commune = address
        if not diffusible:
            street = postcode = ""
        statements += address_statements(unit, street, postcode, locality, commune)
    tally.kept += 1
    return statements


def _head_offices(
    path: Path, kept: pa.Array, tally: Tally, progress: Progress | None
) -> dict[str, tuple[str, str, str, str]]:
    """The head office's address of each kept SIREN, from ``StockEtablissement``."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for _, batch in batches(path, ESTABLISHMENT_COLUMNS):
        names = batch.schema.names
        mask = pc.and_(
            pc.equal(batch.column(names.index("etablissementSiege")), "true"),
            pc.is_in(batch.column(names.index("siren")), value_set=kept),
        )
        for row in batch.filter(mask).to_pylist():
            withheld = row["statutDiffusionEtablissement"] != "O"
            street = " ".join(
                v
                for v in map(
                    _clean,
                    (
                        row["numeroVoieEtablissement"],
                        row["indiceRepetitionEtablissement"],
                        row["typeVoieEtablissement"],
                        row["libelleVoieEtablissement"],
                    ),
                )
                if v
            )
            found[row["siren"].zfill(9)] = (
                "" if withheld else street,
                "" if withheld else _clean(row["codePostalEtablissement"]),
                _clean(row["libelleCommuneEtablissement"]),
                _clean(row["codeCommuneEtablissement"]),
            )
        tally.addresses = len(found)
        if progress:
            progress(tally)
    return found


def read_sirene(
    path: Path | str,
    *,
    establishments: Path | str | None = None,
    ess_france: Iterable[str] = (),
    legal_categories: Sequence[str] = (),
    closed: bool = False,
    vintage: str = "",
    tally: Tally | None = None,
    progress: Progress | None = None,
) -> Extract:
    """The ESS units of a SIRENE ``StockUniteLegale``, as an extract to write.

    Parameters
    ----------
    path : Path or str
        ``StockUniteLegale`` (``.csv``, ``.zip``, ``.parquet``).
    establishments : Path or str, optional
        ``StockEtablissement``, for the head office's address and commune.
    ess_france : iterable of str
        SIRENs of ESS France's list, kept even without SIRENE's ESS flag.
    legal_categories : sequence of str
        Legal-category codes or prefixes kept as ESS (``("92", "93")``).
    closed : bool
        Keep ceased units too, with their closing date.
    vintage : str
        The stock's date (``AAAA-MM-JJ``), stated on the source.
    tally : Tally, optional
        Filled as the units are read.
    progress : callable, optional
        Called with the tally after each batch.

    Returns
    -------
    Extract
        Its units are read when iterated, once.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> stock = pathlib.Path(tempfile.mkdtemp()) / "StockUniteLegale.csv"
    >>> row = dict.fromkeys(UNIT_COLUMNS, "") | {"siren": "100029172",
    ...     "statutDiffusionUniteLegale": "O", "etatAdministratifUniteLegale": "A",
    ...     "denominationUniteLegale": "JUNIOR ISEN", "categorieJuridiqueUniteLegale": "9220",
    ...     "economieSocialeSolidaireUniteLegale": "O"}
    >>> _ = stock.write_text(",".join(row) + "\\n" + ",".join(row.values()) + "\\n")
    >>> [len(unit) for unit in read_sirene(stock).units]
    [15]
    """
    path = Path(path)
    tally = Tally() if tally is None else tally
    listed = sorted({str(siren).zfill(9) for siren in ess_france})
    france = pa.array(listed, pa.string()) if listed else None
    categories = tuple(legal_categories)

    def units() -> Iterator[Unit]:
        offices: dict[str, tuple] = {}
        if establishments is not None:
            first = Tally()
            kept = [
                row["siren"].zfill(9)
                for _, row in _kept_rows(path, france, categories, closed, first, None)
            ]
            offices = _head_offices(
                Path(establishments), pa.array(kept, pa.string()), tally, progress
            )
        for line, row in _kept_rows(path, france, categories, closed, tally, progress):
            unit = _unit(path, line, row, offices.get(row["siren"].zfill(9)), tally)
            if unit is not None:
                yield unit

    header = register_header(
        SOURCE,
        "Base Sirene des entreprises et de leurs établissements (SIREN, SIRET)",
        "insee",
        "https://www.data.gouv.fr/fr/datasets/base-sirene-des-entreprises-et-de-leurs-etablissements-siren-siret/",
        vintage,
        [
            "naf-rev2",
            "categories-juridiques",
            "tranches-effectifs",
            *(("communes",) if establishments else ()),
        ],
    )
    comment = (
        f"Unités légales de l'ESS lues dans {path.name} (Insee, Base Sirene, licence ouverte)"
        + (f", stock du {vintage}" if vintage else "")
        + ".\nÉcrit par mes-graph register sirene : ne pas modifier à la main."
    )
    return Extract(SOURCE, header, units(), comment)
