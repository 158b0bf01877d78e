"""Templates: the empty spreadsheets people fill in, as CSV and as an XLSX workbook.

Takes the graph whose code lists the dropdowns offer; gives ``acteurs.csv``,
``adhesions.csv`` and ``personnes.csv`` as French spreadsheet software opens them
(UTF-8 with BOM, semicolon), each with its header and one example row that imports and
validates as it is, and with openpyxl ``modele.xlsx``: a sheet per table, a comment on
each column, dropdowns drawn from a sheet ``listes``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from mes_graph.actors import fold
from mes_graph.base.files import write_atomic
from mes_graph.base.tables import FORMULA_STARTS, csv_bytes
from mes_graph.base.terms import SCHEMES, SKOS
from mes_graph.spreadsheets.columns import TABLES
from mes_graph.spreadsheets.context import Context, context

__all__ = ["EXAMPLES", "write_template"]

EXAMPLES = {
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

_DROPDOWNS = {
    ("acteurs", "type"): "type", ("acteurs", "filieres"): "filieres",
    ("acteurs", "forme_juridique"): "forme_juridique", ("acteurs", "axes"): "axes",
    ("acteurs", "region"): "region", ("adhesions", "role"): "role",
    ("personnes", "type"): "type_personne",
}  # fmt: skip
"""(table, column) -> the list of the sheet ``listes`` its dropdown offers."""


def _template_lists(ctx: Context) -> dict[str, list[str]]:
    """The French labels of each code list, for the dropdowns of the XLSX template."""

    def labels(key: str) -> list[str]:
        nodes = {n for ns in ctx.code_lists[key].values() for n in ns}
        if key == "place":
            nodes = {n for n in nodes if (n, SKOS.inScheme, SCHEMES["region"]) in ctx.graph}
        return sorted({ctx.labels[n] for n in nodes}, key=lambda s: (fold(s), s))

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
        header = [c.name for c in columns]
        row = [EXAMPLES[name].get(c, "") for c in header]
        written.append(write_atomic(folder / f"{name}.csv", csv_bytes([header, row], ";", True)))
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return written
    written.append(write_atomic(folder / "modele.xlsx", _workbook(context(dataset))))
    return written


def _text_cell(sheet: Any, row: int, column: int, value: str | None) -> None:
    """Write a text in a sheet as a text: never a formula, even if it starts with ``=``.

    openpyxl would store ``=…`` as a formula; the cell is kept a string, with the
    « quote prefix » that makes Excel keep it a text when it is edited.
    """
    cell = sheet.cell(row, column, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _workbook(ctx: Context) -> bytes:
    """The XLSX template: a sheet per table with dropdowns, and the lists."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = _template_lists(ctx)
    sheet_lists = workbook.create_sheet("listes")
    list_ranges = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet_lists.cell(1, index, name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            _text_cell(sheet_lists, row, index, value)
        sheet_lists.column_dimensions[letter].width = 40
        list_ranges[name] = f"listes!${letter}$2:${letter}${len(values) + 1}"
    for position, (name, columns) in enumerate(TABLES.items()):
        sheet = workbook.create_sheet(name, position)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(1, index, column.name)
            cell.font = Font(bold=True)
            more = " Plusieurs valeurs : séparez-les par « | »." if column.multiple else ""
            needed = " Obligatoire." if column.required else ""
            cell.comment = Comment(
                f"{column.description}.{needed}{more} (en anglais : {column.english})", "mes-graph"
            )
            _text_cell(sheet, 2, index, EXAMPLES[name].get(column.name, "") or None)
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.name) + 4)
            key = _DROPDOWNS.get((name, column.name))
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
