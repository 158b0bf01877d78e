"""Import the Répertoire national des associations (RNA), its « waldec » extraction.

Takes the waldec export of the Ministère de l'Intérieur (the ZIP of one CSV per
département, or one CSV; ``;``-separated, UTF-8 or, in older files, Windows-1252); gives
an ``Extract``: the source, then one association at a time, in the public vocabulary
contract: its RNA number and, where given, its SIRET (and so its SIREN), its title and
short title, its object and social-object codes, its head office's address and commune,
its creation and dissolution dates, its website. An association is ``rna/{RNA}``, its
own record: its title is the RNA's, not SIRENE's denomination; ``reconcile`` links it to
the SIRENE unit of the same SIREN (an exact key) with its method and source.

Active associations (``position = A``) are kept; with ``closed``, dissolved ones too
(``D``), with their dissolution date. The declarant's address (``adrg_*``) and the
director's civility (``dir_civilite``) are never read: they are about natural persons.
An RNA number that is not ``W`` + 9 characters stops the import (file, line, column).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from mes_graph.base.terms import ID, ORG, RDF, SCHEMA
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.model import (
    ROV,
    SRC,
    checked_rna,
    checked_siret,
    identifier_statements,
    register_date,
    unit_iri,
)
from mes_graph.registers.reading import batches
from mes_graph.registers.shared import ESS_KIND, Tally, address_statements, register_header
from mes_graph.registers.writing import Extract, Unit

__all__ = ["COLUMNS", "SOCIAL_OBJECT", "SOURCE", "read_rna"]

SOURCE = SRC["rna"]
"""The RNA, one named graph whatever the month of the extraction."""

COLUMNS = (
    "id",
    "siret",
    "date_creat",
    "date_disso",
    "titre",
    "titre_court",
    "objet",
    "objet_social1",
    "objet_social2",
    "adrs_numvoie",
    "adrs_repetition",
    "adrs_typevoie",
    "adrs_libvoie",
    "adrs_codeinsee",
    "adrs_codepostal",
    "adrs_libcommune",
    "siteweb",
    "position",
)
"""The columns of the waldec export read, by their names in its header."""

SOCIAL_OBJECT = Namespace(ID + "concept/objet-social/")
"""Concepts of the « nomenclature des objets sociaux » of the RNA, by their 6-digit code."""

_NO_SOCIAL_OBJECT = {"", "000000"}


def _website(value: str) -> URIRef | None:
    text = value.strip()
    if not text or " " in text or "<" in text or '"' in text:
        return None
    if not text.lower().startswith(("http://", "https://")):
        text = "http://" + text
    return URIRef(text)


def _unit(path: Path, line: int, row: dict[str, str], tally: Tally) -> Unit | None:
    rna = checked_rna(row["id"])
    if rna is None:
        raise RegisterError(
            path,
            f"numéro RNA invalide (W + 9 caractères) : « {row['id']} »",
            line=line,
            column="id",
        )
    title = " ".join(row["titre"].split())
    if not title:
        tally.nameless += 1
        return None
    siret = checked_siret(row["siret"]) if row["siret"].strip() else None
    if row["siret"].strip() and siret is None:
        tally.dropped_identifiers["siret"] = tally.dropped_identifiers.get("siret", 0) + 1
    unit = unit_iri(None, rna)
    statements: Unit = [
        (unit, RDF.type, ORG.Organization),
        (unit, RDF.type, ROV.RegisteredOrganization),
        (unit, ORG.classification, ESS_KIND),
        (unit, SKOS.prefLabel, Literal(title, lang="fr")),
        (unit, ROV.legalName, Literal(title)),
        (unit, DCTERMS.source, SOURCE),
    ]
    short = " ".join(row["titre_court"].split())
    if short and short != title:
        statements.append((unit, SKOS.altLabel, Literal(short, lang="fr")))
    purpose = " ".join(row["objet"].split())
    if purpose:
        statements.append((unit, SCHEMA.description, Literal(purpose, lang="fr")))
    statements += identifier_statements(unit, "rna", rna)
    if siret:
        statements += identifier_statements(unit, "siren", siret[:9])
        statements += identifier_statements(unit, "siret", siret)
    for column in ("objet_social1", "objet_social2"):
        code = row[column].strip()
        if code not in _NO_SOCIAL_OBJECT:
            statements.append((unit, DCTERMS.subject, SOCIAL_OBJECT[code]))
    dates = [("date_creat", SCHEMA.foundingDate)]
    if row["position"] == "D":
        dates.append(("date_disso", SCHEMA.dissolutionDate))
        tally.closed += 1
    for column, predicate in dates:
        try:
            when = register_date(row[column])
        except ValueError as err:
            raise RegisterError(path, str(err), line=line, column=column) from None
        if when is not None:
            statements.append((unit, predicate, when))
    street = " ".join(
        v.strip()
        for v in (
            row["adrs_numvoie"],
            row["adrs_repetition"],
            row["adrs_typevoie"],
            row["adrs_libvoie"],
        )
        if v.strip()
    )
    statements += address_statements(
        unit,
        street,
        row["adrs_codepostal"].strip(),
        row["adrs_libcommune"].strip(),
        row["adrs_codeinsee"].strip(),
    )
    website = _website(row["siteweb"])
    if website is not None:
        statements.append((unit, FOAF.homepage, website))
    tally.kept += 1
    return statements


def read_rna(
    path: Path | str,
    *,
    closed: bool = False,
    vintage: str = "",
    tally: Tally | None = None,
    progress=None,
) -> Extract:
    """The associations of the RNA's waldec export, as an extract to write.

    Parameters
    ----------
    path : Path or str
        ``rna_waldec_AAAAMMJJ.zip`` (every département's CSV) or one of its CSV files.
    closed : bool
        Keep dissolved associations too, with their dissolution date.
    vintage : str
        The extraction's date (``AAAA-MM-JJ``), stated on the source.
    tally : Tally, optional
        Filled as the associations are read.
    progress : callable, optional
        Called with the tally after each batch.

    Returns
    -------
    Extract

    Examples
    --------
    >>> import tempfile, pathlib
    >>> waldec = pathlib.Path(tempfile.mkdtemp()) / "rna_waldec_dpt_75.csv"
    >>> row = dict.fromkeys(COLUMNS, "") | {"id": "W751244387", "titre": "AMAP DU COIN",
    ...     "position": "A", "date_creat": "2019-03-01", "date_disso": "0001-01-01"}
    >>> _ = waldec.write_text(";".join(row) + "\\n" + ";".join(row.values()) + "\\n")
    >>> [len(unit) for unit in read_rna(waldec).units]
    [13]
    """
    path = Path(path)
    tally = Tally() if tally is None else tally
    kept_positions = pa.array(["A", "D"] if closed else ["A"])

    def units() -> Iterator[Unit]:
        for line, batch in batches(path, COLUMNS, delimiter=";", multiline=True):
            tally.rows += batch.num_rows
            mask = pc.is_in(batch.column(COLUMNS.index("position")), value_set=kept_positions)
            rows = pc.indices_nonzero(mask).to_pylist()
            for index, row in zip(rows, batch.filter(mask).to_pylist(), strict=True):
                unit = _unit(path, line + index, row, tally)
                if unit is not None:
                    yield unit
            if progress:
                progress(tally)

    header = register_header(
        SOURCE,
        "Répertoire national des associations (RNA), extraction waldec",
        "ministere-interieur",
        "https://www.data.gouv.fr/fr/datasets/repertoire-national-des-associations/",
        vintage,
        ["communes"],
    )
    comment = (
        f"Associations lues dans {path.name} (Ministère de l'Intérieur, RNA, licence ouverte)"
        + (f", extraction du {vintage}" if vintage else "")
        + ".\nÉcrit par mes-graph register rna : ne pas modifier à la main."
    )
    return Extract(SOURCE, header, units(), comment)
