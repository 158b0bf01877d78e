"""Register files laid out exactly as their publishers lay them out, from real rows.

The rows are those of ``../shared/data/ess-numerique/organisations.csv`` (3,667 real ESS
organisations, read in place): each function writes them, in a test's folder, in the
format of one register (INSEE's SIRENE stock files, format 3.11; the RNA's waldec export;
ESS France's list). Only what the source rows hold is filled in; the other columns are
empty, as INSEE leaves them empty. Three natural persons (legal category 1000), marked as
invented, are added to the SIRENE stock to prove that none is ever published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from mes_graph.registers.sirene import STOCK_HEADER

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ORGANISATIONS = SHARED / "ess-numerique" / "organisations.csv"
SIRENE_FLAGS = SHARED / "ess-numerique" / "sirene-ess-flag.csv"

UNIT_HEADER = list(STOCK_HEADER)
"""StockUniteLegale's header, in INSEE's order (format 3.11, with the NAF 2025 column)."""

ESTABLISHMENT_HEADER = [
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement", "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement",
    "libelleVoieEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "libelleCommuneEtrangerEtablissement", "distributionSpecialeEtablissement",
    "codeCommuneEtablissement", "codeCedexEtablissement", "libelleCedexEtablissement",
    "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "complementAdresse2Etablissement",
    "numeroVoie2Etablissement", "indiceRepetition2Etablissement", "typeVoie2Etablissement",
    "libelleVoie2Etablissement", "codePostal2Etablissement", "libelleCommune2Etablissement",
    "libelleCommuneEtranger2Etablissement", "distributionSpeciale2Etablissement",
    "codeCommune2Etablissement", "codeCedex2Etablissement", "libelleCedex2Etablissement",
    "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement", "dateDebut",
    "etatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement", "activitePrincipaleNAF25Etablissement",
]  # fmt: skip
"""StockEtablissement's header, in INSEE's order."""

WALDEC_HEADER = (  # noqa: SIM905 - the header as the ministry writes it
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;"
    "groupement;titre;titre_court;objet;objet_social1;objet_social2;adrs_complement;"
    "adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;"
    "adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;"
    "adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
).split(";")
"""The waldec export's header, in the ministry's order."""

ESS_FRANCE_HEADER = [
    "SIREN",
    "Nom ou raison sociale de l'entreprise",
    "Famille juridique de l'entreprise",
    "Code postal",
    "Libellé de la commune de l'établissement",
    "Code du département de l'établissement",
    "Département de l'établissement",
    "Région de l'établissement",
]

NATURAL_PERSONS = [  # invented, to prove they are left out
    {"siren": "000325175", "prenom1UniteLegale": "THIERRY", "nomUniteLegale": "EXEMPLE",
     "sexeUniteLegale": "M", "categorieJuridiqueUniteLegale": "1000"},
    {"siren": "100000009", "prenom1UniteLegale": "CAMILLE", "nomUniteLegale": "INVENTEE",
     "sexeUniteLegale": "F", "categorieJuridiqueUniteLegale": "1000"},
    {"siren": "100000017", "prenom1UniteLegale": "[ND]", "nomUniteLegale": "[ND]",
     "sexeUniteLegale": "[ND]", "categorieJuridiqueUniteLegale": "1000",
     "statutDiffusionUniteLegale": "P"},
]  # fmt: skip

NAF_REV1 = re.compile(r"^\d{2}\.\d[A-Z]$")


def organisations() -> pd.DataFrame:
    """The real rows, every value a string (empty when missing), codes as written by INSEE."""
    if not ORGANISATIONS.is_file():
        pytest.skip(f"../shared/data absent: {ORGANISATIONS} is needed for register fixtures")
    rows = pd.read_csv(ORGANISATIONS, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    for column in ("categorie_juridique", "code_postal"):
        rows[column] = rows[column].str.removesuffix(".0")
    rows["code_postal"] = rows["code_postal"].map(lambda c: c.zfill(5) if c else "")
    rows["siret_siege"] = rows["siret_siege"].map(lambda c: c.zfill(14) if c else "")
    return rows


def withheld_sirens() -> set[str]:
    """The SIRENs INSEE diffuses partially: ``[ND]`` in SIRENE's own columns."""
    flags = pd.read_csv(SIRENE_FLAGS, dtype=str, keep_default_na=False)
    return set(flags.loc[flags["nomUniteLegale"] == "[ND]", "siren"])


def unit_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as StockUniteLegale's, with the three natural persons after them."""
    partial = withheld_sirens()
    out = pd.DataFrame("", index=rows.index, columns=UNIT_HEADER)
    out["siren"] = rows["siren"]
    out["statutDiffusionUniteLegale"] = rows["siren"].map(lambda s: "P" if s in partial else "O")
    out["dateCreationUniteLegale"] = rows["date_creation"]
    out["sigleUniteLegale"] = rows["sigle"].where(~rows["siren"].isin(partial), "[ND]")
    for column in ("sexeUniteLegale", "prenom1UniteLegale", "nomUniteLegale"):
        out[column] = rows["siren"].map(lambda s: "[ND]" if s in partial else "")
    out["identifiantAssociationUniteLegale"] = rows["rna"]
    out["trancheEffectifsUniteLegale"] = rows["tranche_effectifs"]
    out["anneeEffectifsUniteLegale"] = rows["annee_effectifs"].str.removesuffix(".0")
    out["categorieEntreprise"] = rows["categorie_entreprise"]
    out["etatAdministratifUniteLegale"] = rows["est_active"].map({"True": "A", "False": "C"})
    out["denominationUniteLegale"] = rows["denomination"]
    out["categorieJuridiqueUniteLegale"] = rows["categorie_juridique"]
    out["activitePrincipaleUniteLegale"] = rows["naf"]
    out["nomenclatureActivitePrincipaleUniteLegale"] = rows["naf"].map(
        lambda c: "NAFRev1" if NAF_REV1.match(c) else ("NAFRev2" if c else "")
    )
    out["nicSiegeUniteLegale"] = rows["siret_siege"].str[9:]
    out["economieSocialeSolidaireUniteLegale"] = rows["flag_ess_sirene"].map(
        {"True": "O", "False": "N", "": ""}
    )
    out["societeMissionUniteLegale"] = rows["societe_mission"]
    people = pd.DataFrame([dict.fromkeys(UNIT_HEADER, "") | p for p in NATURAL_PERSONS])
    people["statutDiffusionUniteLegale"] = people["statutDiffusionUniteLegale"].replace("", "O")
    people["etatAdministratifUniteLegale"] = "A"
    people["economieSocialeSolidaireUniteLegale"] = "O"
    people["activitePrincipaleUniteLegale"] = "62.01Z"
    people["nomenclatureActivitePrincipaleUniteLegale"] = "NAFRev2"
    return pd.concat([out, people], ignore_index=True)


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ",") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, sep=sep, encoding="utf-8", lineterminator="\n")
    return path


def stock_unite_legale(folder: Path, rows: pd.DataFrame | None = None) -> Path:
    """``StockUniteLegale_utf8.csv`` of the real rows (and the three natural persons)."""
    return write_csv(unit_rows(organisations() if rows is None else rows),
                     folder / "StockUniteLegale_utf8.csv")  # fmt: skip


def stock_etablissement(folder: Path, rows: pd.DataFrame | None = None) -> Path:
    """``StockEtablissement_utf8.csv``: each row's head office, with its postcode and commune."""
    rows = organisations() if rows is None else rows
    partial = withheld_sirens()
    out = pd.DataFrame("", index=rows.index, columns=ESTABLISHMENT_HEADER)
    out["siren"] = rows["siren"]
    out["nic"] = rows["siret_siege"].str[9:]
    out["siret"] = rows["siret_siege"]
    out["statutDiffusionEtablissement"] = rows["siren"].map(lambda s: "P" if s in partial else "O")
    out["etablissementSiege"] = "true"
    out["codePostalEtablissement"] = rows["code_postal"].where(~rows["siren"].isin(partial), "[ND]")
    out["libelleCommuneEtablissement"] = rows["commune"]
    codes = commune_codes()
    out["codeCommuneEtablissement"] = [
        codes.get((postcode, plain(name)), "")
        for postcode, name in zip(rows["code_postal"], rows["commune"], strict=True)
    ]
    out["etatAdministratifEtablissement"] = rows["est_active"].map({"True": "A", "False": "F"})
    return write_csv(out, folder / "StockEtablissement_utf8.csv")


def ess_france_list(folder: Path, rows: pd.DataFrame | None = None) -> Path:
    """ESS France's list: the rows with a legal family, their SIRENs without leading zeros."""
    rows = organisations() if rows is None else rows
    rows = rows[rows["famille_ess"] != ""]
    out = pd.DataFrame("", index=rows.index, columns=ESS_FRANCE_HEADER)
    out["SIREN"] = rows["siren"].str.lstrip("0")
    out["Nom ou raison sociale de l'entreprise"] = rows["denomination"]  # SIRENE's, as listed
    out["Famille juridique de l'entreprise"] = rows["famille_ess"].map(
        {"association": "Associations", "cooperative": "Coopératives", "fondation": "Fondations"}
    )
    out["Code postal"] = rows["code_postal"]
    out["Libellé de la commune de l'établissement"] = rows["commune"]
    out["Code du département de l'établissement"] = rows["code_postal"].str[:2]
    regions = region_names()
    out["Région de l'établissement"] = out["Code du département de l'établissement"].map(
        lambda code: regions.get(code, "")
    )
    return write_csv(out, folder / "entreprisesess.csv")


def plain(text: str) -> str:
    """A name without accents, case, hyphens or apostrophes, to compare communes."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if ord(c) < 128).upper()
    return " ".join(bare.replace("-", " ").replace("'", " ").replace("ST ", "SAINT ").split())


def commune_codes() -> dict[tuple[str, str], str]:
    """(postcode, plain name) → the COG code of the commune, from ``communes.ttl``: INSEE's
    file has the code where our real rows have only the postcode and the name."""
    import pyoxigraph as ox

    path = Path(__file__).resolve().parents[1] / "ontology" / "vocabularies" / "insee"
    names, postcodes = {}, {}
    for t in ox.parse(path=str(path / "communes.ttl"), format=ox.RdfFormat.TURTLE):
        code = t.subject.value.rsplit("/", 1)[-1]
        if t.predicate.value.endswith("core#prefLabel"):
            names[code] = plain(t.object.value)
        elif t.predicate.value == "https://schema.org/postalCode":
            postcodes.setdefault(code, []).append(t.object.value)
    return {(p, names[c]): c for c, ps in postcodes.items() for p in ps if c in names}


def region_names() -> dict[str, str]:
    """Département code → its région's name as ESS France writes it (« HAUTS DE FRANCE »)."""
    import unicodedata

    from rdflib import Graph
    from rdflib.namespace import SKOS

    root = Path(__file__).resolve().parents[1] / "ontology" / "vocabularies"
    graph = Graph().parse(root / "places.ttl").parse(root / "insee" / "departements.ttl")
    names = {}
    for departement, region in graph.subject_objects(SKOS.broader):
        label = next(str(v) for v in graph.objects(region, SKOS.prefLabel) if v.language == "fr")
        plain = "".join(c for c in unicodedata.normalize("NFKD", label) if ord(c) < 128)
        names[str(departement).rsplit("/", 1)[-1]] = plain.upper().replace("-", " ")
    return names


def waldec(folder: Path, rows: pd.DataFrame | None = None) -> Path:
    """The RNA's waldec export (``;``) of the rows with an RNA number."""
    rows = organisations() if rows is None else rows
    rows = rows[rows["rna"] != ""]
    out = pd.DataFrame("", index=rows.index, columns=WALDEC_HEADER)
    out["id"] = rows["rna"]
    out["siret"] = rows["siret_siege"]
    out["date_creat"] = rows["date_creation"]
    out["date_disso"] = "0001-01-01"
    out["nature"] = "D"
    out["groupement"] = "S"
    out["titre"] = rows["denomination"]
    out["titre_court"] = rows["sigle"]
    out["objet_social1"] = "000000"
    out["objet_social2"] = "000000"
    out["adrs_codepostal"] = rows["code_postal"]
    out["adrs_libcommune"] = rows["commune"]
    out["siteweb"] = rows["site_web"]
    out["position"] = rows["est_active"].map({"True": "A", "False": "D"})
    return write_csv(out, folder / "rna_waldec_20261101_dpt_00.csv", sep=";")
