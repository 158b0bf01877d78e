"""Spreadsheets in, spreadsheets out: data entry for people who do not write Turtle.

Takes CSV files (UTF-8 with or without BOM, or Windows-1252 as French Excel saves them;
comma or semicolon, sniffed) or XLSX workbooks holding three tables — ``acteurs``
(organisations), ``adhesions`` (memberships) and ``personnes`` (people) — and gives
Turtle that reads like the hand-written files of ``graph/``, checked against the shapes
of the contract, or else every mistake at once, each naming the file, the line and the
column as a spreadsheet shows them::

    adhesions.csv, ligne 14, colonne « role » : « Membr » inconnu — vouliez-vous dire « Membre » ?

It goes the other way too: ``write_tables`` writes the three tables of a whole graph
(the round trip ``write_tables`` → ``import_spreadsheets`` gives back ``tables_view`` of
the graph, isomorphic), and ``write_template`` the empty templates, with dropdowns for
the code lists in XLSX.

The tables carry, for an organisation: its types (derived from its kind), French and
English ``skos:prefLabel``, acronyms (``skos:altLabel``@fr), spelling variants
(``skos:hiddenLabel``@fr), its kind, sectors, legal forms and strategic axes
(``org:classification``), ``schema:areaServed``, ``foaf:homepage``,
``schema:foundingDate``, ``schema:foundingLocation``, ``schema:description``,
``mes:mission``, ``skos:editorialNote`` and ``skos:scopeNote`` in French and English,
``org:subOrganizationOf`` / ``org:hasSubOrganization``, ``mes:participatesIn``,
``schema:founder`` / ``mes:founderOf``, ``org:memberOf`` and ``dcterms:source``; for a
person: types, ``foaf:name``, kind, ``dcterms:source``; for a membership: the
``org:Membership`` with member, organisation, role, ``prov:wasDerivedFrom`` and a dated
``org:memberDuring``. They leave out change events (``org:resultedFrom``,
``org:changedBy``), strategic projects, ``mes:nonExhaustiveRole``, undated membership
periods, labels in other languages, and the descriptions of sources, places and code
lists (the graph they come from keeps those).

Both ways keep to what spreadsheets meet: a text a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, a tab, a carriage return first) is written with a leading
``'`` and read back without it; an XLSX workbook is checked before openpyxl opens it and
read within limits (``XLSX_MAX_BYTES`` and the other ``XLSX_MAX_…``), its declared size
ignored, so that a decompression bomb is refused at once (``SpreadsheetRefused``).

The modules, in the order an import goes through them (names in English, the tables,
columns and messages in French, as the spreadsheets' people read them):

- ``columns``: the tables and their columns, the names they may carry;
- ``cells``: a cell's text and values, slugs, identifiers; ``dates``: dates and periods;
- ``mistakes``: a mistake, and its French message;
- ``rows``: a table as read; ``reading``: CSV files; ``xlsx``: workbooks within limits
  (the limits are read there: a test changes ``mes_graph.spreadsheets.xlsx.XLSX_MAX_…``);
- ``context``: what the graph knows (actors, code lists, places, sources, memberships);
- ``source``: the source document of an import; ``state``: what its steps share;
  ``resolve``: cells resolved against the graph; ``actor_rows``, ``membership_rows``:
  rows to triples; ``assemble``: all the rows, in reading order;
- ``import_turtle``: the Turtle of an import (``mes_graph.base.turtle``'s readable writer);
- ``importing``: the import, checked against the shapes, and its rejected rows;
- ``tables_out``: the graph as the three tables; ``templates``: the empty templates.
"""

from mes_graph.spreadsheets.assemble import BuildResult, graph_of_rows
from mes_graph.spreadsheets.cells import slug, unquote_cell
from mes_graph.spreadsheets.columns import (
    IGNORED_COLUMNS,
    MS,
    ORGA,
    PERSON,
    SEPARATOR,
    SRC,
    TABLE_NAMES,
    TABLES,
    TM,
    Column,
)
from mes_graph.spreadsheets.context import CodeList, Context, context, kinds_of
from mes_graph.spreadsheets.dates import MONTHS, parse_date
from mes_graph.spreadsheets.import_turtle import import_turtle
from mes_graph.spreadsheets.importing import (
    Import,
    import_spreadsheets,
    summary,
    write_import,
)
from mes_graph.spreadsheets.mistakes import Mistake, format_errors
from mes_graph.spreadsheets.reading import read_spreadsheet
from mes_graph.spreadsheets.rows import Row, Table
from mes_graph.spreadsheets.source import Source, parse_source
from mes_graph.spreadsheets.tables_out import (
    table_rows,
    table_streams,
    tables_view,
    write_csv,
    write_tables,
)
from mes_graph.spreadsheets.templates import EXAMPLES, write_template
from mes_graph.spreadsheets.xlsx import (
    XLSX_MAX_BYTES,
    XLSX_MAX_CELLS,
    XLSX_MAX_COLUMNS,
    XLSX_MAX_DIRECTORY_BYTES,
    XLSX_MAX_PART_BYTES,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_ROWS,
    XLSX_MAX_SECONDS,
    XLSX_RATIO_FROM,
    SpreadsheetRefused,
)

__all__ = [
    "EXAMPLES",
    "IGNORED_COLUMNS",
    "MONTHS",
    "MS",
    "ORGA",
    "PERSON",
    "SEPARATOR",
    "SRC",
    "TABLES",
    "TABLE_NAMES",
    "TM",
    "XLSX_MAX_BYTES",
    "XLSX_MAX_CELLS",
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_DIRECTORY_BYTES",
    "XLSX_MAX_PARTS",
    "XLSX_MAX_PART_BYTES",
    "XLSX_MAX_RATIO",
    "XLSX_MAX_ROWS",
    "XLSX_MAX_SECONDS",
    "XLSX_RATIO_FROM",
    "BuildResult",
    "CodeList",
    "Column",
    "Context",
    "Import",
    "Mistake",
    "Row",
    "Source",
    "SpreadsheetRefused",
    "Table",
    "context",
    "format_errors",
    "graph_of_rows",
    "import_spreadsheets",
    "import_turtle",
    "kinds_of",
    "parse_date",
    "parse_source",
    "read_spreadsheet",
    "slug",
    "summary",
    "table_rows",
    "table_streams",
    "tables_view",
    "unquote_cell",
    "write_csv",
    "write_import",
    "write_tables",
    "write_template",
]
