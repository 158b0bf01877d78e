"""The one mistake of a register file: the file, its line or column, and the fault in French.

Takes where a register file goes wrong; gives ``RegisterError``, which the command line
prints as one line (``FICHIER, ligne 12, colonne « siren » : …``) and answers with exit
code 2, after removing whatever it had begun to write.
"""

from __future__ import annotations

from pathlib import Path

from mes_graph.load import LoadError

__all__ = ["RegisterError"]


class RegisterError(LoadError):
    """A register file that cannot be imported, and where.

    Parameters
    ----------
    path : Path or str
        The file.
    message : str
        The fault, in French.
    line : int, optional
        The line of the file (1 is the header of a CSV file).
    column : str, optional
        The column (its name in the header) or the JSON key.

    Examples
    --------
    >>> print(RegisterError("StockUniteLegale.csv", "SIREN invalide : 123", line=4,
    ...                     column="siren"))
    StockUniteLegale.csv, ligne 4, colonne « siren » : SIREN invalide : 123
    >>> print(RegisterError("elements.json", "ce n'est pas un export GoGoCarto"))
    elements.json : ce n'est pas un export GoGoCarto
    """

    def __init__(
        self, path: Path | str, message: str, *, line: int | None = None, column: str = ""
    ) -> None:
        super().__init__(path, line, message)
        self.column = column

    def __str__(self) -> str:
        where = [self.path]
        if self.line:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}"
