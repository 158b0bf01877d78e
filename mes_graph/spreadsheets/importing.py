"""The import: spreadsheets in, checked Turtle out, or every mistake at once.

Takes CSV files and XLSX workbooks and the graph they add to; gives an ``Import``: the
Turtle to write (``import_turtle``), checked against the shapes of the contract with its
context, or else every mistake, each naming its file, line and column. With ``partial``
the rows with a mistake (and the rows naming their actors) are left out, and written
back beside their file with a column ``motif`` (``write_import``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from rdflib import Dataset, Graph, URIRef

from mes_graph.base.files import write_atomic
from mes_graph.base.tables import csv_bytes
from mes_graph.base.terms import PREFIXES
from mes_graph.engine import new_dataset
from mes_graph.spreadsheets.assemble import BuildResult, graph_of_rows
from mes_graph.spreadsheets.cells import slug
from mes_graph.spreadsheets.context import Context, context
from mes_graph.spreadsheets.import_turtle import EXTRA_PREFIXES, TURTLE_PREFIXES, import_turtle
from mes_graph.spreadsheets.mistakes import Mistake
from mes_graph.spreadsheets.reading import read_spreadsheet
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.source import Source, import_source
from mes_graph.validate import Violation, validate

__all__ = ["Import", "import_spreadsheets", "summary", "write_import"]

Reasons = defaultdict[tuple[str, int], list[Mistake]]
"""The mistakes of each row left out: (file, line) -> mistakes."""


class Import(NamedTuple):
    """The outcome of an import: the Turtle to write, the mistakes, the rejected rows."""

    turtle: str
    graph: Graph
    mistakes: list[Mistake]
    rejected: list[tuple[Table, list[tuple[Row, list[Mistake]]]]]
    counts: dict[str, int]
    source: Source

    @property
    def writable(self) -> bool:
        """Whether there is something to write (no mistake, or ``partial`` rows)."""
        return bool(self.turtle)


def _validation_graph(context_graph: Graph, new: Graph) -> Dataset:
    """Context and import in one dataset, on the default engine (Oxigraph: fast to check)."""
    data = new_dataset()
    for prefix, namespace in (*PREFIXES.items(), *TURTLE_PREFIXES, *EXTRA_PREFIXES):
        data.bind(prefix, namespace, replace=True)
    graph = data.graph(URIRef("urn:x-mes-graph:import"))
    graph.addN((s, p, o, graph) for s, p, o in context_graph)
    graph.addN((s, p, o, graph) for s, p, o in new)
    return data


def _violations_on_rows(ctx: Context, result: BuildResult) -> tuple[list[Mistake], list[Violation]]:
    """Check the import with its context against the shapes; place violations on rows."""
    data = _validation_graph(ctx.graph, result.graph)
    violations = validate(data)
    if not violations:
        return [], []
    names = {}
    for node in set(result.graph.subjects()):
        try:
            names[data.namespace_manager.normalizeUri(node)] = node
        except Exception:
            names[str(node)] = node
    placed, general = [], []
    for violation in violations:
        node = names.get(violation.resource)
        if node is None:
            continue  # a fault of the graph already there, not of this import
        where = result.origins.get(node)
        text = "le graphe ne respecte pas le contrat — "
        text += f"{violation.path} : {violation.message}" if violation.path else violation.message
        if where is None:
            general.append(violation)
        else:
            placed.append(Mistake(where[0], where[1], message=f"{text} ({violation.resource})"))
    return placed, general


def _note(reasons: Reasons, mistakes: Sequence[Mistake]) -> frozenset[tuple[str, int]]:
    """Add mistakes to the reasons of their rows; give the rows left out."""
    for mistake in mistakes:
        reasons[(mistake.file, mistake.line)].append(mistake)
    return frozenset(reasons)


def import_spreadsheets(
    paths: Sequence[Path | str],
    dataset: Dataset | Graph,
    *,
    source: str | None = None,
    publisher: str | None = None,
    partial: bool = False,
    today: dt.date | None = None,
    language: str = "fr",
    check_shapes: bool = True,
) -> Import:
    """Read spreadsheets, build their graph, check it; give Turtle or every mistake.

    Parameters
    ----------
    paths : sequence of Path or str
        CSV files and XLSX workbooks (see ``read_spreadsheet``).
    dataset : rdflib.Dataset or rdflib.Graph
        The graph the import adds to (shipped graph and ``--data``): actors are
        recognised in it, code lists read from it, the result checked with it.
    source : str, optional
        ``"titre, date, adresse"``: the source of every statement whose row names none;
        by default the file names and today's date.
    publisher : str, optional
        The publisher of that source: an actor's name, or any text (default: MES).
    partial : bool
        Keep the valid rows and reject the others, instead of rejecting the import.
    today : datetime.date, optional
        The date of the source when ``source`` gives none.
    language : str
        The language of the source document.
    check_shapes : bool
        Check the result against the shapes (default). Without it, the caller must.

    Returns
    -------
    Import
        ``turtle`` is empty when nothing may be written; ``mistakes`` sorted by file and
        line.

    Raises
    ------
    OSError
        A file cannot be read (see ``read_spreadsheet``), ``SpreadsheetRefused`` a workbook
        past a limit: the whole import stops, as for a missing file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> from mes_graph.spreadsheets.mistakes import format_errors
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acteurs.csv").write_text(
    ...     "nom;sigle;type;region\\nRéseau Breton;RB;RT;Bretange\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), source="Test, 2026")
    >>> print(format_errors(result.mistakes))
    acteurs.csv, ligne 2, colonne « region » : « Bretange » inconnue — vouliez-vous dire « Bretagne » ?
    1 erreur : rien n'a été écrit.
    >>> _ = (folder / "acteurs.csv").write_text(
    ...     "nom;sigle;type;region\\nRéseau Breton;RB;RT;Bretagne\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), source="Test, 2026")
    >>> print(result.turtle.split("\\n\\n")[-1], end="")
    # acteurs.csv, ligne 2 : « Réseau Breton »
    orga:rb a mes:TerritorialNetwork , org:FormalOrganization , org:Organization ;
        skos:prefLabel "Réseau Breton"@fr ;
        skos:altLabel "RB"@fr ;
        org:classification kind:reseau-territorial ;
        schema:areaServed region:53 ;
        dcterms:source src:import-test-2026 .
    """  # noqa: E501
    files = [Path(p) for p in paths]
    tables: list[Table] = []
    reading: list[Mistake] = []
    for path in files:
        found, mistakes = read_spreadsheet(path)
        tables += found
        reading += mistakes
    ctx = context(dataset)
    src = import_source(source, [p.name for p in files], ctx, publisher, today, language)
    first = graph_of_rows(tables, ctx, src)
    reasons: Reasons = defaultdict(list)
    excluded = _note(reasons, first.mistakes)
    result, general, shacl = first, [], []
    while True:  # leave out the rows with a mistake, then those the others relied on
        if excluded:
            result = graph_of_rows(tables, ctx, src, excluded)
        cascade = [m for m in result.mistakes if (m.file, m.line) not in excluded]
        if cascade:
            excluded = _note(reasons, cascade)
            continue
        placed, general = _violations_on_rows(ctx, result) if check_shapes else ([], [])
        if not placed or general:
            break
        shacl += placed
        excluded = _note(reasons, placed)
    general_mistakes = [
        Mistake("import", message=f"le graphe ne respecte pas le contrat — {v}") for v in general
    ]
    if partial:
        mistakes = sorted(reading + general_mistakes + [m for ms in reasons.values() for m in ms])
        blocking = bool(reading or general_mistakes)
    else:
        mistakes = sorted(reading + general_mistakes + first.mistakes + shacl)
        blocking = bool(mistakes)
    rejected = []
    for table in tables:
        rows = [(row, sorted(reasons[(row.file, row.number)])) for row in table.rows
                if (row.file, row.number) in reasons]  # fmt: skip
        if rows:
            rejected.append((table, rows))
    text = "" if blocking else import_turtle(result, src)
    return Import(text, result.graph, mistakes, rejected, result.counts, src)


def write_import(result: Import, output: Path | str) -> list[Path]:
    """Write an import: its Turtle, and beside each input a file of its rejected rows.

    The rejected rows keep their cells and gain a column ``motif``: fixed, the file
    can be imported again (its name still says which table it holds).

    Parameters
    ----------
    result : Import
    output : Path or str
        The Turtle file to write.

    Returns
    -------
    list of Path
        The files written: the Turtle first, then the files of rejected rows; nothing
        when the import may not be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mes_graph.load import load
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acteurs.csv").write_text("nom;type\\nA;RT\\nB;XX\\n", encoding="utf-8")
    >>> result = import_spreadsheets([folder / "acteurs.csv"], load(), partial=True)
    >>> [p.name for p in write_import(result, folder / "out.ttl")]
    ['out.ttl', 'acteurs.rejets.csv']
    """
    if not result.writable:
        return []
    written = [write_atomic(output, result.turtle.encode("utf-8"))]
    for table, rows in result.rejected:
        stem = table.path.stem + (f"-{slug(table.sheet)}" if table.sheet else "")
        target = table.path.with_name(f"{stem}.rejets.csv")
        width = len(table.header)
        body: list[list[str]] = [[*table.header, "motif"]]
        for row, mistakes in rows:
            cells = list(row.raw) + [""] * (width - len(row.raw))
            reason = " ; ".join(f"{m.location(with_file=False)} : {m.message}" for m in mistakes)
            body.append([*cells[:width], reason])
        written.append(write_atomic(target, csv_bytes(body, table.separator, bom=True)))
    return written


def summary(result: Import, written: Sequence[Path]) -> str:
    """What an import wrote, in one line per file, for the command line.

    Parameters
    ----------
    result : Import
    written : sequence of Path
        What ``write_import`` returned.

    Returns
    -------
    str

    Examples
    --------
    >>> from rdflib import Literal
    >>> from mes_graph.spreadsheets.columns import SRC
    >>> src = Source(SRC["s"], "t", Literal("2026"), None, Literal("MES"), "fr", ())
    >>> print(summary(Import("x", Graph(), [], [], {"acteurs": 2, "personnes": 1,
    ...     "adhesions": 0}, src), [Path("out.ttl")]))
    écrit out.ttl : 2 acteurs, 1 personne, 0 adhésion
    """
    counts = result.counts

    def n(key: str, word: str) -> str:
        return f"{counts[key]} {word}{'s' if counts[key] > 1 else ''}"

    lines = [
        f"écrit {written[0]} : {n('acteurs', 'acteur')}, {n('personnes', 'personne')}, "
        f"{n('adhesions', 'adhésion')}"
    ]
    rejected = sum(len(rows) for _, rows in result.rejected)
    for path in written[1:]:
        lines.append(f"lignes rejetées : {path}")
    if rejected:
        plural = "s" if rejected > 1 else ""
        lines.append(f"{rejected} ligne{plural} rejetée{plural}.")
    return "\n".join(lines)
