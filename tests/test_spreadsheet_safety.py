"""Spreadsheets that fight back: formula cells neutralised, XLSX bombs refused (issue 14).

The tests build their files themselves: CSV files with hostile cells, and XLSX workbooks
written part by part with ``zipfile`` (the minimal parts a workbook needs), some of them
bombs; they run the command line as a user does and measure what the bombs cost it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

from mes_graph.base.tables import FORMULA_STARTS, spreadsheet_cell
from mes_graph.base.terms import FOAF, MES, SCHEMA, SKOS
from mes_graph.load import load
from mes_graph.spreadsheets import (
    SpreadsheetRefused,
    import_spreadsheets,
    read_spreadsheet,
    tables_view,
    unquote_cell,
    write_template,
    xlsx,
)

openpyxl = pytest.importorskip("openpyxl")

SOURCE = "Annuaire de test, 2026-01-15"
SECONDS, MEGABYTES = 5, 500  # what the review allows a refused bomb


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mes_graph.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


LAUNCHER = """
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_CPU, (120, 120))
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs the command from a small process: Linux carries a process's peak memory across
``exec``, so a child forked straight from the test run would report the test run's own."""


def run_measured(*args: str, folder: Path) -> tuple[int, str, str, float, float]:
    """Run the command line; give its exit code, stdout, stderr, seconds and peak RSS in MB.

    The peak is the command's own ``ru_maxrss`` (``os.wait4`` of that one process, started
    by ``LAUNCHER``, not the largest of every child of the test run); a CPU limit stops a
    bomb that is not refused.
    """
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    peak_file = Path(tempfile.mkdtemp()) / "peak.txt"  # not in the folder the test checks

    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(peak_file), sys.executable, "-m",
             "mes_graph.cli", *args],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )  # fmt: skip
        seconds = time.perf_counter() - start
    peak = int(peak_file.read_text()) / 1024  # kilobytes on Linux
    shutil.rmtree(peak_file.parent)
    print(f"\n{args[1] if len(args) > 1 else args}: {seconds:.2f} s, peak {peak:.0f} MB")
    return (
        child.returncode,
        out.read_text(encoding="utf-8"),
        err.read_text(encoding="utf-8"),
        seconds,
        peak,
    )


def write_csv(path: Path, rows: list[list[str]], sep: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=";" if path.name.endswith("rejets.csv") else ","))


# --- minimal XLSX workbooks, part by part -----------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
PACKAGE_RELS = (
    f'{XML}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
    f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
    '<sheet name="acteurs" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'{XML}<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
STRINGS = ["nom", "type", "Réseau d'essai", "Réseau territorial"]
"""The shared strings of the workbooks: a header ``nom``, ``type`` and one actor."""


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    """A worksheet part: ``rows`` inside ``sheetData``, a declared ``dimension`` if given."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{XML}<worksheet xmlns="{MAIN}">{declared}<sheetData>{rows}</sheetData></worksheet>'


def cells(row: int, *strings: int) -> str:
    """A row of shared-string cells A, B, … holding the strings numbered ``strings``."""
    refs = "".join(f'<c r="{chr(65 + i)}{row}" t="s"><v>{s}</v></c>' for i, s in enumerate(strings))
    return f'<row r="{row}">{refs}</row>'


TWO_ROWS = cells(1, 0, 1) + cells(2, 2, 3)
"""The header and one actor: « Réseau d'essai », a territorial network."""


def write_xlsx(path: Path, sheet: str, shared: Iterable[bytes] | None = None) -> Path:
    """A workbook of one sheet ``acteurs`` written with ``zipfile``, part by part.

    ``shared`` is the content of ``xl/sharedStrings.xml`` in pieces (streamed into the
    archive, so that a bomb of a gigabyte never sits in memory); by default ``STRINGS``.
    """
    if shared is None:
        items = "".join(f"<si><t>{s}</t></si>" for s in STRINGS)
        shared = [f'{XML}<sst xmlns="{MAIN}" count="4" uniqueCount="4">{items}</sst>'.encode()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        with archive.open("xl/sharedStrings.xml", "w") as stream:
            for piece in shared:
                stream.write(piece)
    return path


def shared_strings_bomb() -> Iterable[bytes]:
    """1.05 GB of shared strings (« bombe » 50 million times), 2.5 MB once compressed."""
    yield f'{XML}<sst xmlns="{MAIN}">'.encode()
    chunk = b"<si><t>bombe</t></si>" * 50_000
    for _ in range(1000):
        yield chunk
    yield b"</sst>"


def assert_refused(code: int, stdout: str, stderr: str, seconds: float, peak: float,
                   path: Path, message: str) -> None:  # fmt: skip
    assert code == 2, stdout + stderr
    assert stdout == ""
    assert stderr == f"mes-graph: error: {path}: {message}\n"
    assert seconds < SECONDS
    assert peak < MEGABYTES


# --- XLSX bombs, through the command line -------------------------------------------


FAR_ROW = sheet_xml(TWO_ROWS + '<row r="1048576"><c r="XFD1048576"/></row>', "A1:XFD1048576")
FAR_COLUMN = sheet_xml(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="XFD1" t="s"><v>0</v></c></row>' + cells(2, 2, 3),
    "A1:XFD1048576",
)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (FAR_ROW, "classeur XLSX refusé, feuille « acteurs » : ligne 1 048 576, au-delà de la "
                  "limite de 200 000 lignes par feuille"),
        (FAR_COLUMN, "classeur XLSX refusé, feuille « acteurs » : colonne XFD, au-delà de la "
                     "limite de 200 colonnes"),
    ],
    ids=["far-row", "far-column"],
)  # fmt: skip
def test_a_dimension_bomb_is_refused_in_seconds_and_little_memory(tmp_path, sheet, message):
    bomb = write_xlsx(tmp_path / "acteurs.xlsx", sheet)
    assert bomb.stat().st_size < 2_000
    with zipfile.ZipFile(bomb) as archive:
        assert b'<dimension ref="A1:XFD1048576"/>' in archive.read("xl/worksheets/sheet1.xml")
    out = tmp_path / "out.ttl"
    measured = run_measured("import", str(bomb), "-o", str(out), folder=tmp_path)
    assert_refused(*measured, bomb, message)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acteurs.xlsx", "stderr.txt",
                                                          "stdout.txt"]  # fmt: skip


def test_a_shared_strings_bomb_is_refused_in_seconds_and_little_memory(tmp_path):
    bomb = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS), shared_strings_bomb())
    assert bomb.stat().st_size < 3_000_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 1_000_000_000
    out = tmp_path / "out.ttl"
    measured = run_measured("import", str(bomb), "-o", str(out), folder=tmp_path)
    message = ("classeur XLSX refusé : « xl/sharedStrings.xml » ferait 1,1 Go une fois "
               "décompressé (limite : 50 Mo par partie)")  # fmt: skip
    assert_refused(*measured, bomb, message)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acteurs.xlsx", "stderr.txt",
                                                          "stdout.txt"]  # fmt: skip


def test_a_false_large_dimension_with_few_rows_imports_as_the_true_workbook(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    declared = write_xlsx(tmp_path / "a" / "acteurs.xlsx", sheet_xml(TWO_ROWS, "A1:XFD1048576"))
    true = write_xlsx(tmp_path / "b" / "acteurs.xlsx", sheet_xml(TWO_ROWS, "A1:B2"))
    code, stdout, stderr, _, peak = run_measured(
        "import", str(declared), "-o", str(tmp_path / "a.ttl"), "--source", SOURCE,
        folder=tmp_path,
    )  # fmt: skip
    assert (code, stderr) == (0, ""), stdout
    assert stdout == f"écrit {tmp_path / 'a.ttl'} : 1 acteur, 0 personne, 0 adhésion\n"
    assert peak < MEGABYTES  # the old reader padded each row to the 16,384 declared columns
    assert run("import", str(true), "-o", str(tmp_path / "b.ttl"), "--source",
               SOURCE).returncode == 0  # fmt: skip
    text = (tmp_path / "a.ttl").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.ttl").read_text(encoding="utf-8")
    assert 'skos:prefLabel "Réseau d\'essai"@fr' in text
    assert "# acteurs.xlsx, feuille « acteurs », ligne 2 : « Réseau d'essai »" in text


# --- the other limits, in the reader ------------------------------------------------


def refused(path: Path) -> str:
    with pytest.raises(SpreadsheetRefused) as caught:
        read_spreadsheet(path)
    assert caught.value.filename == str(path)
    assert caught.value.mistake.file == path.name
    return str(caught.value)


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "acteurs.xlsx"
    path.write_text("nom;type\nA;RT\n", encoding="utf-8")
    assert refused(path) == ("acteurs.xlsx : pas un classeur XLSX : ce n'est pas une archive "
                             "ZIP — enregistrez-le au format .xlsx ou en CSV")  # fmt: skip
    path.write_bytes(b"")
    assert refused(path) == ("acteurs.xlsx : pas un classeur XLSX : ce n'est pas une archive "
                             "ZIP — enregistrez-le au format .xlsx ou en CSV")  # fmt: skip


def test_a_part_compressed_a_thousand_times_is_refused(tmp_path):
    blank = " " * 20_000_000  # 20 MB of white space: under the size limits, absurdly packed
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS + blank))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    ratio = info.file_size / info.compress_size
    assert ratio > 500
    assert refused(path) == (
        f"acteurs.xlsx : classeur XLSX refusé : « xl/worksheets/sheet1.xml » est compressé "
        f"{ratio:,.0f} fois (limite : 200) — une bombe de décompression ?".replace(",", " ")
    )


def test_a_whole_workbook_past_100_mb_is_refused(tmp_path):
    path = tmp_path / "acteurs.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in range(3):  # each under the limit of a part, 120 MB in all
            with archive.open(f"xl/media/image{part}.bin", "w") as stream:
                for _ in range(40):
                    stream.write(os.urandom(1000) * 1000)
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé : 120 Mo une fois décompressé "
                             "(limite : 100 Mo)")  # fmt: skip


def test_an_archive_of_too_many_files_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "acteurs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for part in range(1001):
            archive.writestr(f"xl/media/{part}.png", b"")
    assert re.fullmatch(
        r"acteurs\.xlsx : classeur XLSX refusé : 1 001 fichiers dans l'archive, répertoire de "
        r"\d\d ko \(limites : 1 000 fichiers, 1 Mo\)",
        refused(path),
    )


def test_a_row_of_too_many_cells_without_references_is_refused(tmp_path):
    row = "<row>" + "<c/>" * 201 + "</row>"  # columns counted as openpyxl counts them
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS + row))
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé, feuille « acteurs » : "
                             "colonne GS, au-delà de la limite de 200 colonnes")  # fmt: skip
    row = "<row>" + "<c/>" * 200 + "</row>"  # 200 columns: read (an empty row)
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS + row))
    tables, mistakes = read_spreadsheet(path)
    assert mistakes == [] and [row.cells for row in tables[0].rows] == [
        {"nom": "Réseau d'essai", "type": "Réseau territorial"}
    ]


def test_too_many_cells_or_shared_strings_in_a_workbook_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "XLSX_MAX_CELLS", 5)
    rows = TWO_ROWS + cells(3, 2, 3)  # six cells
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(rows))
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé, feuille « acteurs » : plus "
                             "de 5 cellules dans le classeur (limite)")  # fmt: skip
    monkeypatch.setattr(xlsx, "XLSX_MAX_CELLS", 3)
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(cells(1, 0, 1)))
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé : « xl/sharedStrings.xml », "
                             "plus de 3 textes (limite)")  # fmt: skip


def test_a_doctype_is_refused(tmp_path):
    laughs = '<!DOCTYPE sst [<!ENTITY a "ha">]>'
    items = "".join(f"<si><t>{s}</t></si>" for s in STRINGS)
    shared = [f'{XML}{laughs}<sst xmlns="{MAIN}">{items}</sst>'.encode()]
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS), shared)
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé : « xl/sharedStrings.xml » "
                             "déclare un DOCTYPE, ce qu'aucun classeur ne fait")  # fmt: skip


def test_reading_stops_at_the_deadline(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "acteurs.xlsx", sheet_xml(TWO_ROWS))
    assert len(read_spreadsheet(path)[0][0].rows) == 1
    monkeypatch.setattr(xlsx, "XLSX_MAX_SECONDS", 0)
    assert refused(path) == (
        "acteurs.xlsx : classeur XLSX refusé : lecture arrêtée après 0 s (limite) — "
        "enregistrez-le en CSV ou coupez-le en plusieurs fichiers"
    )


def test_the_reading_itself_keeps_to_the_limits(tmp_path, monkeypatch):
    """Without the check before openpyxl, rows past the limit still stop the reading."""
    monkeypatch.setattr(xlsx, "check_workbook", lambda path, limits: None)
    path = write_xlsx(tmp_path / "acteurs.xlsx", FAR_ROW)
    start = time.perf_counter()
    assert refused(path) == (
        "acteurs.xlsx : classeur XLSX refusé, feuille « acteurs » : ligne 200 001, au-delà de "
        "la limite de 200 000 lignes par feuille"
    )
    assert time.perf_counter() - start < SECONDS
    path = write_xlsx(tmp_path / "acteurs.xlsx", FAR_COLUMN)
    assert refused(path) == ("acteurs.xlsx : classeur XLSX refusé, feuille « acteurs » : "
                             "colonne XFD, au-delà de la limite de 200 colonnes")  # fmt: skip


def test_a_workbook_written_by_openpyxl_passes_the_checks(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "acteurs"
    sheet.append(["nom", "type", "region"])
    for i in range(20_000):
        sheet.append([f"Structure solidaire n°{i}", "Structure de l'ESS", "Bretagne"])
    workbook.save(tmp_path / "acteurs.xlsx")
    tables, mistakes = read_spreadsheet(tmp_path / "acteurs.xlsx")
    assert mistakes == [] and len(tables[0].rows) == 20_000
    assert tables[0].rows[-1].cells["nom"] == "Structure solidaire n°19999"


# --- formula cells ------------------------------------------------------------------

HOSTILE = {
    "hyperlink": '=HYPERLINK("http://x","clic")',
    "dde": "@SUM(1+1)*cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3",
}
"""Cells a spreadsheet would run: each must come out with a leading ``'``."""


def hostile_tables(folder: Path) -> list[Path]:
    """Three CSV tables whose cells are formulas, a tab-started one and a plain number."""
    folder.mkdir(parents=True, exist_ok=True)
    acteurs = [
        ["nom", "sigle", "type", "description", "mission", "note"],
        [HOSTILE["hyperlink"], "HL", "Réseau territorial", HOSTILE["dde"], HOSTILE["plus"],
         "-3.5"],
        ["Réseau Moins", "RM", "Réseau territorial", HOSTILE["minus"], "\t=1+2", ""],
    ]  # fmt: skip
    adhesions = [["membre", "organisation", "role"], ["HL", "MES", "Membre"],
                 ["+1+1 Martin", "RM", ""]]  # fmt: skip
    personnes = [["nom"], ["+1+1 Martin"]]
    return [
        write_csv(folder / "acteurs.csv", acteurs, ";"),
        write_csv(folder / "adhesions.csv", adhesions, ";"),
        write_csv(folder / "personnes.csv", personnes, ";"),
    ]


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def test_formula_cells_come_out_quoted_and_import_back_as_they_were(tmp_path):
    files = hostile_tables(tmp_path / "in")
    first = tmp_path / "first.ttl"
    result = run("import", *map(str, files), "-o", str(first), "--source", SOURCE)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = load([first])
    assert (None, SKOS.prefLabel, Literal(HOSTILE["hyperlink"], lang="fr")) in imported
    assert (None, SCHEMA.description, Literal(HOSTILE["dde"], lang="fr")) in imported
    assert (None, FOAF.name, Literal("+1+1 Martin")) in imported
    assert (None, SKOS.editorialNote, Literal("-3.5", lang="fr")) in imported
    folder = tmp_path / "export"
    result = run("export", "--format", "csv", "--data", str(first), "-o", str(folder))
    assert result.returncode == 0, result.stderr
    tables = {p.name: read_csv(p) for p in sorted(folder.glob("*.csv"))}
    assert {"acteurs.csv", "adhesions.csv", "personnes.csv", "nodes.csv", "edges.csv"} <= set(
        tables
    )
    for name, rows in tables.items():  # no cell left that a spreadsheet would run
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or NUMBER.fullmatch(cell), (name, cell)
    acteurs = {row[1]: dict(zip(tables["acteurs.csv"][0], row, strict=True))
               for row in tables["acteurs.csv"][1:]}  # fmt: skip
    hl = acteurs["'" + HOSTILE["hyperlink"]]
    assert (hl["identifiant"], hl["description"]) == ("hl", "'" + HOSTILE["dde"])
    assert (hl["mission"], hl["note"]) == ("'+1+1", "-3.5")  # a number stays a number
    moins = acteurs["Réseau Moins"]
    assert (moins["description"], moins["mission"]) == ("'-2+3", "'=1+2")  # the tab trimmed
    people = [row[1] for row in tables["personnes.csv"][1:] if row[0] == "1-1-martin"]
    assert people == ["'+1+1 Martin"]
    labels = {row[1] for row in tables["nodes.csv"][1:]}
    assert {"'" + HOSTILE["hyperlink"], "'+1+1 Martin", "Réseau Moins"} <= labels
    # the tables import back as they were: the same actors, memberships and people
    paths = [folder / f"{name}.csv" for name in ("acteurs", "adhesions", "personnes")]
    again = import_spreadsheets(paths, load(), source=SOURCE)
    assert again.mistakes == []
    assert isomorphic(tables_view(imported), again.graph)
    assert (None, SKOS.prefLabel, Literal(HOSTILE["hyperlink"], lang="fr")) in again.graph
    assert (None, MES.mission, Literal("=1+2", lang="fr")) in again.graph


def test_texts_starting_with_a_tab_or_a_carriage_return_are_quoted(tmp_path):
    turtle = tmp_path / "tab.ttl"  # the import trims cells: such texts come from Turtle
    turtle.write_text(
        "@prefix orga: <https://w3id.org/mes-graph/id/organisation/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        'orga:piege a org:Organization ; skos:prefLabel "\\r=1+2"@fr ;\n'
        '    schema:description "\\tcalc"@fr .\n',
        encoding="utf-8",
    )
    folder = tmp_path / "export"
    result = run("export", "--format", "csv", "--data", str(turtle), "-o", str(folder))
    assert result.returncode == 0, result.stderr
    rows = read_csv(folder / "acteurs.csv")
    piege = dict(zip(rows[0], next(r for r in rows if r[0] == "piege"), strict=True))
    assert (piege["nom"], piege["description"]) == ("'\r=1+2", "'\tcalc")
    # a lone carriage return would end the row in a spreadsheet: the cell is quoted
    assert b'"\'\r=1+2"' in (folder / "acteurs.csv").read_bytes()
    nodes = read_csv(folder / "nodes.csv")
    node = next(r for r in nodes if r[0].endswith("/organisation/piege"))
    assert len(node) == len(nodes[0]) and node[1] == "'\r=1+2"
    assert b'"\'\r=1+2"' in (folder / "nodes.csv").read_bytes()


def test_the_metrics_table_quotes_formula_labels(tmp_path):
    files = hostile_tables(tmp_path / "in")
    first = tmp_path / "first.ttl"
    assert run("import", *map(str, files), "-o", str(first), "--source", SOURCE).returncode == 0
    result = run("analyze", "--data", str(first), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    labels = {row["label"] for row in rows}
    assert "'" + HOSTILE["hyperlink"] in labels and "'+1+1 Martin" in labels
    assert HOSTILE["hyperlink"] not in labels
    numbers = [row["degree"] for row in rows]
    assert numbers and all(not n.startswith("'") for n in numbers)


def test_rejected_rows_are_written_quoted_and_read_back_as_they_were(tmp_path):
    acteurs = write_csv(tmp_path / "acteurs.csv", [
        ["nom", "type", "description"],
        ["Réseau Bon", "Réseau territorial", HOSTILE["plus"]],
        [HOSTILE["hyperlink"], "Réseau inconnu", HOSTILE["dde"]],
    ], ";")  # fmt: skip
    out = tmp_path / "out.ttl"
    result = run("import", str(acteurs), "-o", str(out), "--partial", "--source", SOURCE)
    assert result.returncode == 1, result.stdout + result.stderr
    rejected = tmp_path / "acteurs.rejets.csv"
    rows = read_csv(rejected)
    assert rows[0] == ["nom", "type", "description", "motif"]
    assert rows[1][:3] == ["'" + HOSTILE["hyperlink"], "Réseau inconnu", "'" + HOSTILE["dde"]]
    tables, mistakes = read_spreadsheet(rejected)
    assert mistakes == []
    assert tables[0].rows[0].cells == {
        "nom": HOSTILE["hyperlink"], "type": "Réseau inconnu", "description": HOSTILE["dde"]
    }  # fmt: skip


def test_the_xlsx_template_writes_formula_texts_as_texts(tmp_path):
    sector = tmp_path / "sector.ttl"
    sector.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/mes-graph/id/concept/sector/piege> a skos:Concept ;\n"
        '    skos:prefLabel "=HYPERLINK(\\"http://x\\",\\"clic\\")"@fr ;\n'
        "    skos:inScheme <https://w3id.org/mes-graph/id/scheme/sectors> .\n",
        encoding="utf-8",
    )
    dataset = load([sector])
    paths = write_template(tmp_path / "modele", dataset)
    assert paths[-1].name == "modele.xlsx"
    workbook = openpyxl.load_workbook(paths[-1])
    found = [c for row in workbook["listes"].iter_rows() for c in row
             if c.value == HOSTILE["hyperlink"]]  # fmt: skip
    assert len(found) == 1
    assert (found[0].data_type, found[0].quotePrefix) == ("s", True)
    with zipfile.ZipFile(paths[-1]) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in archive.read(n) for n in parts)
        assert all(b"HYPERLINK" not in archive.read(n) for n in parts if "sheet1" in n)


def test_an_xlsx_cell_quoted_by_hand_reads_as_its_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "acteurs"
    sheet.append(["nom", "type", "description"])
    sheet.append(["Réseau Bon", "Réseau territorial", "'" + HOSTILE["dde"]])
    workbook.save(tmp_path / "acteurs.xlsx")
    tables, mistakes = read_spreadsheet(tmp_path / "acteurs.xlsx")
    assert mistakes == [] and tables[0].rows[0].cells["description"] == HOSTILE["dde"]


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1", "'=1"), ("'=1", "''=1"), ("''+x", "'''+x"), ("@x", "'@x"), ("\t", "'\t"),
     ("\r", "'\r"), ("-", "'-"), ("-2+3", "'-2+3"), ("--1", "'--1"), ("-1e", "'-1e"),
     ("-inf", "'-inf"), ("-nan", "'-nan"), ("-1_0", "'-1_0"), ("'-3.5", "''-3.5"),
     ("-3.5", "-3.5"), ("-3.5e+2", "-3.5e+2"), ("+.5", "+.5"), ("-5.", "-5."),
     ("1-2", "1-2"), ("l'ESS", "l'ESS"), ("'", "'"), ("' =1", "' =1"), ("", "")],
)  # fmt: skip
def test_quoting_round_trips_every_text(text, written):
    assert spreadsheet_cell(text) == written
    assert unquote_cell(written) == text


def test_the_metrics_table_quotes_a_lone_carriage_return():
    import pandas as pd

    from mes_graph.network import table_csv

    table = pd.DataFrame({"label": ["\r=1+2", "MES"], "degree": [1, 2]})
    assert table_csv(table) == b'"label","degree"\n"\'\r=1+2","1"\n"MES","2"\n'
    assert table_csv(table.iloc[1:]) == b"label,degree\nMES,2\n"
