"""Spreadsheets in and out: real CSV files and XLSX workbooks, every mistake, the round trip.

The tests write their spreadsheets themselves (CSV in both separators and encodings,
XLSX with openpyxl) and run the command line as a user does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from mes_graph.base.terms import DCTERMS, FOAF, ID, ORG, RDF, SCHEMA, SKOS, XSD
from mes_graph.engine import union_graph
from mes_graph.load import load
from mes_graph.spreadsheets import (
    TABLES,
    format_errors,
    import_spreadsheets,
    parse_date,
    read_spreadsheet,
    slug,
    table_rows,
    tables_view,
    write_tables,
)
from mes_graph.validate import validate

openpyxl = pytest.importorskip("openpyxl")

ORGA = ID["organisation/"]
SOURCE = "Annuaire de test, 2026-01-15"


def orga(name: str) -> URIRef:
    return URIRef(ORGA + name)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mes_graph.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def write_csv(
    path: Path, rows: list[list[str]], sep: str = ",", bom: bool = False, encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.fixture(scope="module")
def shipped():
    return load()


ACTEURS = [
    ["nom", "sigle", "type", "filieres", "forme_juridique", "region", "date_creation",
     "description"],
    ["Économie Solidaire Île-de-France", "ESIF", "Réseau territorial", "", "Association loi 1901",
     "Île-de-France", "mars 2004", "Réseau francilien ; « solidaire », sur\ndeux lignes"],
    ["Épicerie Équitable", "", "structure de l'ess", "Commerce équitable | Circuits courts",
     "SCOP", "84", "14/03/2011", ""],
]  # fmt: skip
ADHESIONS = [
    ["membre", "organisation", "role", "debut", "fin"],
    ["ESIF", "MES", "Membre", "03/2005", ""],
    ["Épicerie Équitable", "esif", "", "2012", "2019-06"],
    ["Camille Martin", "Épicerie Équitable", "membre", "", ""],
]
PERSONNES = [["nom", "type"], ["Camille Martin", ""]]


def tables_in(folder: Path, sep: str = ",", bom: bool = False, encoding: str = "utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(folder / f"{name}.csv", rows, sep, bom, encoding)
        for name, rows in (("acteurs", ACTEURS), ("adhesions", ADHESIONS), ("personnes", PERSONNES))
    ]


# --- dates and names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lexical", "datatype"),
    [
        ("2002", "2002", XSD.gYear),
        ("03/2002", "2002-03", XSD.gYearMonth),
        ("3/2002", "2002-03", XSD.gYearMonth),
        ("mars 2002", "2002-03", XSD.gYearMonth),
        ("Mars 2002", "2002-03", XSD.gYearMonth),
        ("févr. 2002", "2002-02", XSD.gYearMonth),
        ("March 2002", "2002-03", XSD.gYearMonth),
        ("2002-03", "2002-03", XSD.gYearMonth),
        ("14/03/2002", "2002-03-14", XSD.date),
        ("14.03.2002", "2002-03-14", XSD.date),
        ("1er mars 2002", "2002-03-01", XSD.date),
        ("2002-03-14", "2002-03-14", XSD.date),
        ("29/02/2004", "2004-02-29", XSD.date),
    ],
)
def test_dates_as_people_write_them(text, lexical, datatype):
    assert parse_date(text) == Literal(lexical, datatype=datatype)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2002", "date impossible"),
        ("29/02/2003", "date impossible"),
        ("13/2002", "date impossible"),
        ("2002-00", "date impossible"),
        ("2002-04-31", "date impossible"),
        ("hier", "pas une date"),
        ("03/02", "pas une date"),
        ("marsh 2002", "pas une date"),
        ("2002 2003", "pas une date"),
    ],
)
def test_impossible_and_unreadable_dates(text, why):
    with pytest.raises(ValueError, match=why):
        parse_date(text)


def test_slugs_fold_accents_and_ligatures():
    assert slug("Économie Solidaire Île-de-France") == "economie-solidaire-ile-de-france"
    assert slug("Cœur d’Œuvre") == "coeur-d-oeuvre"
    assert len(slug("mot " * 40)) <= 60


# --- reading CSV and XLSX ---------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)]
)
def test_csv_in_both_separators_and_encodings_give_one_graph(tmp_path, shipped, sep, bom, encoding):
    reference = import_spreadsheets(tables_in(tmp_path / "ref"), shipped, source=SOURCE)
    result = import_spreadsheets(tables_in(tmp_path / "t", sep, bom, encoding), shipped,
                                 source=SOURCE)  # fmt: skip
    assert result.mistakes == [] and reference.mistakes == []
    assert isomorphic(result.graph, reference.graph)
    g = result.graph
    esif = orga("esif")
    assert (esif, SKOS.prefLabel, Literal("Économie Solidaire Île-de-France", lang="fr")) in g
    description = g.value(esif, SCHEMA.description)
    assert str(description) == "Réseau francilien ; « solidaire », sur\ndeux lignes"
    assert g.value(esif, SCHEMA.foundingDate) == Literal("2004-03", datatype=XSD.gYearMonth)
    epicerie = orga("epicerie-equitable")
    sectors = {str(c).rsplit("/", 1)[-1] for c in g.objects(epicerie, ORG.classification)}
    assert sectors == {"organisation-ess", "commerce-equitable", "circuits-courts", "scop"}
    assert (epicerie, SCHEMA.areaServed, URIRef(ID + "place/region/84")) in g


def test_headers_in_english_and_french_spellings(tmp_path, shipped):
    path = write_csv(
        tmp_path / "actors.csv",
        [["Name", "Acronym", "Kind", "Région", "Date de création", "Site internet"],
         ["Réseau Test", "RTE", "territorial network", "Bretagne", "2010", "www.rte.example"]],
    )  # fmt: skip
    result = import_spreadsheets([path], shipped, source=SOURCE)
    assert result.mistakes == []
    rte = orga("rte")
    assert result.graph.value(rte, FOAF.homepage) == URIRef("https://www.rte.example")
    assert (rte, ORG.classification, URIRef(ID + "concept/kind/reseau-territorial")) in (
        result.graph
    )


def test_header_mistakes(tmp_path):
    path = write_csv(tmp_path / "acteurs.csv", [["nom", "regoin", "nom"], ["A", "B", "C"]])
    tables, mistakes = read_spreadsheet(path)
    assert [str(e) for e in sorted(mistakes)] == [
        "acteurs.csv, ligne 1 : colonne « type » absente — elle est obligatoire",
        "acteurs.csv, ligne 1, colonne « regoin » : colonne inconnue dans la table acteurs — "
        "vouliez-vous dire « region » ?",
        "acteurs.csv, ligne 1, colonne « nom » : colonne en double (« nom »)",
    ]
    assert tables[0].rows == []


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, tuple):  # (value, number format)
                    cell = sheet.cell(r, c, value[0])
                    cell.number_format = value[1]
                elif value not in ("", None):
                    sheet.cell(r, c, value)
    book.save(path)
    return path


def test_xlsx_sheets_with_excel_dates_and_numbers_give_the_csv_graph(tmp_path, shipped):
    acteurs = [list(r) for r in ACTEURS]
    acteurs[1][6] = (dt.datetime(2004, 3, 1), "mmm yyyy")  # Excel turned « mars 2004 » into a date
    acteurs[2][5] = 84  # an INSEE code typed as a number
    acteurs[2][6] = (dt.datetime(2011, 3, 14), "dd/mm/yyyy")
    adhesions = [list(r) for r in ADHESIONS]
    adhesions[1][3] = (dt.datetime(2005, 3, 1), "mm/yyyy")
    adhesions[2][3] = 2012
    path = workbook(
        tmp_path / "saisie.xlsx",
        {"acteurs": acteurs, "adhesions": adhesions, "personnes": PERSONNES,
         "notes": [["Ceci n'est pas une table"]]},
    )  # fmt: skip
    result = import_spreadsheets([path], shipped, source=SOURCE)
    reference = import_spreadsheets(tables_in(tmp_path / "csv"), shipped, source=SOURCE)
    assert result.mistakes == []
    for graph in (result.graph, reference.graph):  # the note naming the files differs
        graph.remove((result.source.iri, SKOS.editorialNote, None))
    assert isomorphic(result.graph, reference.graph)


def test_xlsx_mistakes_name_the_sheet_and_the_row(tmp_path, shipped):
    path = workbook(
        tmp_path / "saisie.xlsx",
        {"acteurs": [["nom", "type", "region"], [], ["Réseau X", "RT", "Bretange"]]},
    )
    result = import_spreadsheets([path], shipped, source=SOURCE)
    assert [str(e) for e in result.mistakes] == [
        "saisie.xlsx, feuille « acteurs », ligne 3, colonne « region » : « Bretange » inconnue"
        " — vouliez-vous dire « Bretagne » ?"
    ]


# --- every mistake at once --------------------------------------------------------

FIVE_MISTAKES = {
    "acteurs": [
        ["nom", "sigle", "type", "region", "date_creation"],
        ["Réseau Breton", "RB", "Réseau territorial", "Bretange", "2005"],
        ["Pôle Sud", "PS", "Réseau territorial", "Occitanie", "31/02/2010"],
        ["", "XX", "Réseau territorial", "Normandie", ""],
    ],
    "adhesions": [
        ["membre", "organisation", "role", "debut", "fin"],
        ["RB", "MES", "Membre", "2010", "2008"],
        ["RB", "Ripes Europe", "Membre", "", ""],
        ["PS", "MES", "Membre", "", ""],
        ["PS", "MES", "Membre", "", ""],
    ],
}
EXPECTED = [
    "acteurs.csv, ligne 2, colonne « region » : « Bretange » inconnue — vouliez-vous dire "
    "« Bretagne » ?",
    "acteurs.csv, ligne 3, colonne « date_creation » : « 31/02/2010 » est une date impossible",
    "acteurs.csv, ligne 4, colonne « nom » : cellule vide — le nom est obligatoire",
    "adhesions.csv, ligne 2, colonne « fin » : la fin (« 2008 ») précède le début (« 2010 »)",
    "adhesions.csv, ligne 3, colonne « organisation » : acteur « Ripes Europe » inconnu — "
    "vouliez-vous dire « RIPESS Europe » ?",
    "adhesions.csv, ligne 5 : doublon de la ligne 4",
    "6 erreurs : rien n'a été écrit.",
]


def test_every_mistake_reported_at_once_and_nothing_written(tmp_path):
    files = [write_csv(tmp_path / f"{n}.csv", rows, ";") for n, rows in FIVE_MISTAKES.items()]
    out = tmp_path / "out" / "imported.ttl"
    result = run("import", *map(str, files), "-o", str(out), "--source", SOURCE)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == EXPECTED
    assert result.stderr == ""
    assert not out.exists() and not (tmp_path / "acteurs.rejets.csv").exists()


def test_a_failed_import_leaves_the_old_output_as_it_was(tmp_path):
    files = [write_csv(tmp_path / f"{n}.csv", rows) for n, rows in FIVE_MISTAKES.items()]
    out = tmp_path / "imported.ttl"
    out.write_text("# the previous import\n", encoding="utf-8")
    assert run("import", *map(str, files), "-o", str(out)).returncode == 1
    assert out.read_text(encoding="utf-8") == "# the previous import\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "acteurs.csv", "adhesions.csv", "imported.ttl"
    ]  # fmt: skip


def test_more_mistakes(tmp_path, shipped):
    acteurs = write_csv(
        tmp_path / "acteurs.csv",
        [["identifiant", "nom", "sigle", "type", "site_web", "rattachement", "source"],
         ["", "Conservatoire des Arts", "CNAM", "ER", "", "", ""],
         ["Mon Réseau", "Mon réseau", "", "Réseau territoriel", "pas un site", "", ""],
         ["", "Réseau Y", "", "Citoyen·ne, chercheur·e-acteur·rice", "", "Laurent Gardin",
          "Annuaire inconnu"],
         ["", "Réseau Z", "", "RT", "", "", "", "en trop"]],
    )  # fmt: skip
    adhesions = write_csv(
        tmp_path / "adhesions.csv",
        [["membre", "organisation", "role", "debut"],
         ["Réseau Z", "Laurent Gardin", "Membre", "hier"],
         ["Réseau Z", "Réseau Z", "Présidente", ""],
         ["", "MES", "", ""]],
    )  # fmt: skip
    result = import_spreadsheets([acteurs, adhesions], shipped, source=SOURCE)
    assert result.turtle == ""
    assert [str(e) for e in result.mistakes] == [
        "acteurs.csv, ligne 2, colonne « nom » : « Conservatoire des Arts » : l'acteur "
        "cnam-paris s'appelle déjà « CNAM Paris » — reprenez ce nom, ou donnez un autre "
        "identifiant s'il s'agit d'un autre acteur",
        "acteurs.csv, ligne 3, colonne « identifiant » : « Mon Réseau » n'est pas un "
        "identifiant : lettres minuscules sans accents, chiffres et tirets, par exemple "
        "« mon-reseau »",
        "acteurs.csv, ligne 3, colonne « type » : « Réseau territoriel » inconnu — "
        "vouliez-vous dire « Réseau territorial » ?",
        "acteurs.csv, ligne 3, colonne « site_web » : « pas un site » n'est pas une adresse "
        "web — écrivez-la comme https://www.exemple.org/",
        "acteurs.csv, ligne 4, colonne « type » : « Citoyen·ne, chercheur·e-acteur·rice » est "
        "un type de personne : sa place est dans la table personnes",
        "acteurs.csv, ligne 4, colonne « rattachement » : « Laurent Gardin » est une personne, "
        "pas une organisation",
        "acteurs.csv, ligne 4, colonne « source » : source « Annuaire inconnu » inconnue — "
        "écrivez une adresse web (https://…) ou src:identifiant",
        "acteurs.csv, ligne 5 : cellule hors des colonnes : « en trop »",
        "adhesions.csv, ligne 2, colonne « organisation » : « Laurent Gardin » est une "
        "personne : on adhère à une organisation",
        "adhesions.csv, ligne 2, colonne « debut » : « hier » n'est pas une date — écrivez par "
        "exemple 2002, 03/2002, mars 2002, 2002-03 ou 14/03/2002",
        "adhesions.csv, ligne 3, colonne « organisation » : un acteur ne peut pas être membre "
        "de lui-même",
        "adhesions.csv, ligne 3, colonne « role » : « Présidente » inconnu — valeurs "
        "possibles : « Chercheur·e affilié·e », « Citoyen·ne, chercheur·e-acteur·rice », "
        "« Membre », « Membre du comité de coordination », « Membre fondateur »",
        "adhesions.csv, ligne 4, colonne « membre » : cellule vide — le membre est obligatoire",
    ]


# --- recognising the actors of the graph, minting the others ------------------------


def test_existing_actors_are_recognised_not_duplicated(tmp_path, shipped):
    acteurs = write_csv(
        tmp_path / "acteurs.csv",
        [["identifiant", "nom", "sigle", "type", "site_web"],
         ["", "ardes", "", "RT", "https://ardes.example/"],
         ["", "Artisans du monde", "", "Fédération de filière", ""],
         ["", "Inter réseaux PTCE", "", "Collectif ou plateforme", ""],
         ["", "Cœur Solidaire", "", "RT", ""],
         ["", "Coeur Solidaire", "", "RT", ""]],
    )  # fmt: skip
    adhesions = write_csv(
        tmp_path / "adhesions.csv",
        [["membre", "organisation", "role"],
         ["orga:ardes", "ripess europe", "Membre"],
         ["ARDES", "Mouvement pour l'Economie Solidaire", "M"],
         ["https://w3id.org/mes-graph/id/person/laurent-gardin", "coeur-solidaire", ""]],
    )  # fmt: skip
    result = import_spreadsheets([acteurs, adhesions], shipped, source=SOURCE)
    assert result.mistakes == []
    g = result.graph
    assert (orga("ardes"), FOAF.homepage, URIRef("https://ardes.example/")) in g
    assert (orga("ardes"), SKOS.prefLabel, Literal("ARDES", lang="fr")) in g  # its own label
    assert (orga("artisans-du-monde"), SKOS.prefLabel, Literal("Artisans du Monde", lang="fr")) in g
    new = {s for s in g.subjects(RDF.type, ORG.Organization)}
    assert new == {orga(n) for n in ("ardes", "artisans-du-monde", "inter-reseaux-ptce-2",
                                     "coeur-solidaire", "coeur-solidaire-2")}  # fmt: skip
    memberships = {str(m).rsplit("/", 1)[-1] for m in g.subjects(RDF.type, ORG.Membership)}
    assert memberships == {
        "ardes--ripess-europe",
        "ardes--mes",  # the membership of the graph, recognised
        "laurent-gardin--coeur-solidaire",
    }
    assert validate(union_graph(shipped) + g) == []


def test_the_turtle_reads_like_the_hand_written_files(tmp_path, shipped):
    result = import_spreadsheets(tables_in(tmp_path), shipped, source=SOURCE)
    text = result.turtle
    assert text == import_spreadsheets(tables_in(tmp_path), shipped, source=SOURCE).turtle
    head, prefixes, *blocks = text.split("\n\n")
    assert head.startswith("# Acteurs, adhésions et personnes importés")
    assert "# Source : src:import-annuaire-de-test-2026-01-15, « Annuaire de test »" in head
    assert all(line.startswith("@prefix ") for line in prefixes.splitlines())
    assert blocks[0].startswith("# La source de ces données.\nsrc:import-annuaire-de-test")
    assert blocks[1] == (
        "# acteurs.csv, ligne 2 : « Économie Solidaire Île-de-France »\n"
        "orga:esif a mes:TerritorialNetwork , org:FormalOrganization , org:Organization ;\n"
        '    skos:prefLabel "Économie Solidaire Île-de-France"@fr ;\n'
        '    skos:altLabel "ESIF"@fr ;\n'
        "    org:classification kind:reseau-territorial , legal:association-loi-1901 ;\n"
        "    schema:areaServed region:11 ;\n"
        '    schema:foundingDate "2004-03"^^xsd:gYearMonth ;\n'
        '    schema:description "Réseau francilien ; « solidaire », sur\\ndeux lignes"@fr ;\n'
        "    org:memberOf orga:mes ;\n"
        "    dcterms:source src:import-annuaire-de-test-2026-01-15 ."
    )
    assert blocks[2] == (
        "ms:esif--mes a org:Membership ;\n"
        "    org:member orga:esif ; org:organization orga:mes ; org:role role:membre ;\n"
        "    org:memberDuring tm:esif--mes ;\n"
        "    prov:wasDerivedFrom src:import-annuaire-de-test-2026-01-15 ."
    )
    assert blocks[3] == "tm:esif--mes a time:Interval ; time:hasBeginning tm:esif--mes-debut ."
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(parsed, result.graph)


def test_the_source_document_of_an_import(tmp_path, shipped):
    result = import_spreadsheets(
        tables_in(tmp_path), shipped, publisher="ESS France",
        source="Annuaire des membres, 2026, 15/01/2026, https://example.org/annuaire",
    )  # fmt: skip
    g = result.graph
    doc = result.source.iri
    assert str(doc) == ID + "source/import-annuaire-des-membres-2026-2026-01-15"
    assert g.value(doc, DCTERMS.title) == Literal("Annuaire des membres, 2026", lang="fr")
    assert g.value(doc, DCTERMS.date) == Literal("2026-01-15", datatype=XSD.date)
    assert g.value(doc, DCTERMS.publisher) == orga("ess-france")
    assert g.value(doc, DCTERMS.language) == Literal("fr")
    assert g.value(doc, SCHEMA.url) == URIRef("https://example.org/annuaire")
    people = {URIRef(ID + "person/camille-martin")}
    assert (
        set(g.subjects(DCTERMS.source, doc)) == {orga("esif"), orga("epicerie-equitable")} | people
    )


# --- the command line: import, partial import, template -----------------------------


def test_import_then_validate_and_import_again_gives_the_same_bytes(tmp_path):
    files = tables_in(tmp_path / "in")
    out = tmp_path / "graph" / "imported.ttl"
    args = ["import", *map(str, files), "-o", str(out), "--source", SOURCE, "--data", str(out)]
    first = run(*args[:-2])
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout == f"écrit {out} : 2 acteurs, 1 personne, 3 adhésions\n"
    written = out.read_bytes()
    assert run("validate", "--data", str(out)).returncode == 0
    again = run(*args)  # the output is among --data: it is left out of the context
    assert again.returncode == 0, again.stdout
    assert out.read_bytes() == written


def test_partial_import_writes_the_valid_rows_and_the_rejected_ones(tmp_path):
    acteurs = write_csv(
        tmp_path / "acteurs.csv",
        [["nom", "sigle", "type", "region"],
         ["Réseau Breton", "RB", "RT", "Bretagne"],
         ["Pôle Sud", "PS", "RT", "Ocitanie"]], sep=";",
    )  # fmt: skip
    adhesions = write_csv(
        tmp_path / "adhesions.csv",
        [["membre", "organisation"], ["RB", "MES"], ["PS", "MES"], ["PS", "RB"]],
        sep=";",
    )
    out = tmp_path / "imported.ttl"
    result = run("import", str(acteurs), str(adhesions), "-o", str(out), "--partial")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "acteurs.csv, ligne 3, colonne « region » : « Ocitanie » inconnue — vouliez-vous dire "
        "« Occitanie » ?",
        "adhesions.csv, ligne 3, colonne « membre » : l'acteur « PS » est dans une ligne "
        "rejetée (acteurs.csv, ligne 3)",
        "adhesions.csv, ligne 4, colonne « membre » : l'acteur « PS » est dans une ligne "
        "rejetée (acteurs.csv, ligne 3)",
        f"écrit {out} : 1 acteur, 0 personne, 1 adhésion",
        f"lignes rejetées : {tmp_path / 'acteurs.rejets.csv'}",
        f"lignes rejetées : {tmp_path / 'adhesions.rejets.csv'}",
        "3 lignes rejetées.",
    ]
    graph = Graph().parse(out)
    assert set(graph.subjects(RDF.type, ORG.Organization)) == {orga("rb")}
    rejected = (tmp_path / "acteurs.rejets.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected == [
        "nom;sigle;type;region;motif",
        "Pôle Sud;PS;RT;Ocitanie;ligne 3, colonne « region » : « Ocitanie » inconnue — "
        "vouliez-vous dire « Occitanie » ?",
    ]
    assert run("validate", "--data", str(out)).returncode == 0
    # fixed in place, the rejected rows import beside the first import
    fixed = tmp_path / "acteurs.rejets.csv"
    fixed.write_text(fixed.read_text(encoding="utf-8-sig").replace(";Ocitanie;", ";Occitanie;"),
                     encoding="utf-8-sig")  # fmt: skip
    second = tmp_path / "imported-2.ttl"
    args = [str(fixed), str(tmp_path / "adhesions.rejets.csv"), "-o", str(second)]
    result = run("import", *args, "--data", str(out))
    assert result.returncode == 0, result.stdout
    assert run("validate", "--data", str(out), "--data", str(second)).returncode == 0


def test_template_then_three_rows_then_import_then_validate(tmp_path):
    folder = tmp_path / "modele"
    result = run("template", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    names = ["acteurs.csv", "adhesions.csv", "personnes.csv", "modele.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    raw = (folder / "adhesions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfidentifiant;membre;organisation;role;debut;fin;source\n")
    # the templates import as they are
    out = tmp_path / "exemple.ttl"
    csvs = [str(folder / n) for n in names[:3]]
    assert run("import", *csvs, "-o", str(out), "--source", SOURCE).returncode == 0
    assert run("validate", "--data", str(out)).returncode == 0
    # the workbook: dropdowns on the code-list columns, the lists in French
    book = openpyxl.load_workbook(folder / "modele.xlsx")
    assert book.sheetnames == ["acteurs", "adhesions", "personnes", "listes"]
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in book["listes"].iter_cols()}
    assert "Bretagne" in lists["region"] and "Réseau territorial" in lists["type"]
    assert "Membre fondateur" in lists["role"] and "Commerce équitable" in lists["filieres"]
    assert "Association loi 1901" in lists["forme_juridique"]
    headers = {
        name: [c.value for c in book[name][1]] for name in ("acteurs", "adhesions", "personnes")
    }
    dropdown_columns = {
        (name, headers[name][openpyxl.utils.column_index_from_string(str(dv.sqref)[0]) - 1])
        for name in headers
        for dv in book[name].data_validations.dataValidation
    }
    assert dropdown_columns == {
        ("acteurs", "type"), ("acteurs", "filieres"), ("acteurs", "forme_juridique"),
        ("acteurs", "axes"), ("acteurs", "region"), ("adhesions", "role"),
        ("personnes", "type"),
    }  # fmt: skip
    # fill in three rows, in place of the examples
    sheet = book["acteurs"]
    rows = [
        {"nom": "Réseau de l'économie solidaire de Corse", "sigle": "RESC",
         "type": "Réseau territorial", "forme_juridique": "Association loi 1901",
         "region": "Corse"},
        {"nom": "La Ruche Coopérative", "type": "Structure de l'ESS", "filieres": "Culture",
         "forme_juridique": "SCIC", "region": "Corse"},
        {"nom": "Radio Solidaire", "type": "Structure de l'ESS",
         "filieres": "Médias citoyens et coopératives", "region": "Corse | Bretagne"},
    ]  # fmt: skip
    members = [
        {"membre": "RESC", "organisation": "MES", "role": "Membre", "debut": "2015"},
        {"membre": "La Ruche Coopérative", "organisation": "RESC"},
        {"membre": "Radio Solidaire", "organisation": "RESC", "debut": "mars 2020"},
    ]
    for name, filled in (("acteurs", rows), ("adhesions", members)):
        sheet = book[name]
        for r, row in enumerate(filled, start=2):
            for c, header in enumerate(headers[name], start=1):
                sheet.cell(r, c).value = row.get(header)  # the example row is overwritten
    book.remove(book["personnes"])
    book.save(folder / "saisie.xlsx")
    out = tmp_path / "corse.ttl"
    result = run("import", str(folder / "saisie.xlsx"), "-o", str(out), "--source", SOURCE)
    assert result.returncode == 0, result.stdout
    assert result.stdout == f"écrit {out} : 3 acteurs, 0 personne, 3 adhésions\n"
    assert run("validate", "--data", str(out)).returncode == 0
    graph = Graph().parse(out)
    assert {str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, ORG.Organization)} == {
        "resc", "la-ruche-cooperative", "radio-solidaire"
    }  # fmt: skip
    # and the new actors are on the map, with their links
    page = tmp_path / "carte.html"
    assert run("map", "--data", str(out), "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    for name in ("RESC", "La Ruche Coopérative", "Radio Solidaire"):  # acronyms name nodes
        assert '"label":' + json.dumps(name, ensure_ascii=False) in html, name


def test_help_lists_the_spreadsheet_commands():
    result = run("--help")
    assert "template" in result.stdout and "import" in result.stdout
    result = run("import", "--help")
    assert "--partial" in result.stdout and "--source" in result.stdout


def test_a_missing_file_is_bad_usage(tmp_path):
    result = run("import", str(tmp_path / "absent.csv"), "-o", str(tmp_path / "x.ttl"))
    assert result.returncode == 2
    assert "absent.csv" in result.stderr and "Traceback" not in result.stderr


# --- tables out and the round trip ----------------------------------------------------


def test_tables_of_the_shipped_graph_are_sorted_and_deterministic(tmp_path, shipped):
    first = write_tables(shipped, tmp_path / "a")
    second = write_tables(load(), tmp_path / "b")
    assert [p.name for p in first] == ["acteurs.csv", "adhesions.csv", "personnes.csv"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        rows = list(csv.reader(io.StringIO(a.read_text(encoding="utf-8"))))
        assert rows[0] == [c.name for c in TABLES[a.stem]]
        assert rows[1:] == sorted(rows[1:])
    acteurs = {r[0]: dict(zip(TABLES["acteurs"], r, strict=True)) for r in
               table_rows(shipped)["acteurs"][1]}  # fmt: skip
    mes = {c.name: v for c, v in acteurs["mes"].items()}
    assert mes["sigle"] == "MES" and mes["date_creation"] == "2002-03"
    assert mes["lieu_creation"] == "Lille" and mes["forme_juridique"] == "Association loi 1901"
    assert mes["site_web"] == "https://www.le-mes.org/" and mes["participe_a"] == "csess"
    assert mes["axes"].count(" | ") == 4
    assert {c.name: v for c, v in acteurs["ripess-europe"].items()}["fondateurs"] == "mes"
    assert {c.name: v for c, v in acteurs["ess-france"].items()}["region"] == "France"
    assert "mes-antennes-regionales" not in acteurs  # the source names no antenna


def test_round_trip_of_the_shipped_graph_is_isomorphic(tmp_path, shipped):
    paths = write_tables(shipped, tmp_path)
    result = import_spreadsheets(paths, shipped, source=SOURCE)
    assert result.mistakes == []
    view = tables_view(shipped)
    assert len(view) > 350
    assert isomorphic(view, result.graph)
    assert (None, DCTERMS.title, None) not in result.graph  # every row named its source


def test_round_trip_with_dated_memberships_and_people(tmp_path):
    from mes_graph.synth import write_synthetic

    synthetic = write_synthetic(tmp_path / "synth.ttl", 60, seed=7)
    dataset = load([synthetic])
    paths = write_tables(dataset, tmp_path / "tables")
    assert "-" in (tmp_path / "tables" / "adhesions.csv").read_text().split("\n")[1]
    result = import_spreadsheets(paths, load(), source=SOURCE)  # into the shipped graph alone
    assert result.mistakes == []
    assert isomorphic(tables_view(dataset), result.graph)


def test_ten_thousand_rows_import_in_seconds_and_pass_the_shapes(tmp_path, shipped):
    regions = ["Bretagne", "Occitanie", "Normandie", "Grand Est", "Corse", "11", "84"]
    formats = ["03/{y}", "mars {y}", "{y}", "14/03/{y}", "{y}-06"]
    acteurs = [["nom", "type", "filieres", "forme_juridique", "region", "date_creation"]]
    for i in range(2000):
        acteurs.append([f"Structure solidaire n°{i}", "Structure de l'ESS", "Culture", "SCOP",
                        regions[i % 7], formats[i % 5].format(y=1980 + i % 40)])  # fmt: skip
    personnes = [["nom"]] + [[f"Personne {i}"] for i in range(1000)]
    adhesions = [["membre", "organisation", "role", "debut", "fin"]]
    for i in range(2000):
        adhesions.append([f"structure-solidaire-n-{i}", "mes", "Membre", f"{1990 + i % 30}", ""])
        for step in (1, 7):
            adhesions.append([f"Structure solidaire n°{i}", f"structure-solidaire-n-"
                              f"{(i + step) % 2000}", "", "03/2001", "mars 2024"])  # fmt: skip
    for i in range(1000):
        adhesions.append([f"Personne {i}", f"Structure solidaire n°{i}", "", "", ""])
    files = [
        write_csv(tmp_path / "acteurs.csv", acteurs, ";"),
        write_csv(tmp_path / "adhesions.csv", adhesions, ";"),
        write_csv(tmp_path / "personnes.csv", personnes, ";"),
    ]
    rows = len(acteurs) + len(adhesions) + len(personnes) - 3
    assert rows == 10_000
    start = time.perf_counter()
    unchecked = import_spreadsheets(files, shipped, source=SOURCE, check_shapes=False)
    built = time.perf_counter() - start
    assert unchecked.mistakes == [], format_errors(unchecked.mistakes[:5])
    assert unchecked.counts == {"acteurs": 2000, "personnes": 1000, "adhesions": 7000}
    start = time.perf_counter()
    result = import_spreadsheets(files, shipped, source=SOURCE)  # as the command: with shapes
    total = time.perf_counter() - start
    print(f"\n10,000 rows: read, resolved, minted and written as Turtle in {built:.1f} s; "
          f"with the shapes checked (validate) in {total:.1f} s")  # fmt: skip
    assert result.mistakes == []  # the shapes pass
    assert result.turtle == unchecked.turtle
    assert built < 15
    assert total < 30  # 6 s here: the shapes run on Oxigraph (they took 40 s in pySHACL)
