"""INSEE's code lists as SKOS: complete, labelled, sourced; the lookups; the rebuild script.

What the issue asks the code lists to show: 732 NAF sub-classes (and 21 sections, 88
divisions, 272 groupes, 615 classes), every catégorie juridique on its three levels, the
tranches d'effectifs, 18 régions, 101 départements, every commune of the COG 2026; each
concept with one notation and a French label, each list with its source, publisher and
vintage; broader chains that reach the top. Then the lookups the importers call for every
row (``mes_graph.registers.codes``), and ``scripts/insee_codes.py`` rebuilding the files
from fixtures in the official layouts, written here.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from pathlib import Path

import openpyxl
import pyoxigraph as ox
import pytest
import rdflib

from mes_graph.registers import codes, model

ROOT = Path(__file__).resolve().parents[1]
INSEE = ROOT / "ontology" / "vocabularies" / "insee"
SHARED = ROOT.parent / "shared" / "data"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

COMMUNES = 34_875
"""Communes of metropolitan France and the five DROM in @etalab/decoupage-administratif
6.0.0 (COG 2026): its ``commune-actuelle`` entries of zones ``metro`` and ``drom``."""
WARDS = 45
"""Its ``arrondissement-municipal`` entries: Paris 20, Marseille 16, Lyon 9."""
LEGAL_LEVELS = {1: 9, 2: 39, 4: 260}
"""Catégories juridiques by level (digits): the list the committed file was built from."""


def _script():
    spec = importlib.util.spec_from_file_location("insee_codes", ROOT / "scripts/insee_codes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["insee_codes"] = module
    spec.loader.exec_module(module)
    return module


script = _script()


@functools.cache
def statements(name: str) -> dict[str, dict[str, list[ox.Term]]]:
    """A list's file as predicate → subject → objects (IRIs as strings), parsed once."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for triple in ox.parse(path=codes.CODE_LISTS[name], format=ox.RdfFormat.TURTLE):
        found[triple.predicate.value][triple.subject.value].append(triple.object)
    return found


def members(name: str) -> dict[str, str]:
    """The concepts of a list's scheme: IRI → notation."""
    data = statements(name)
    scheme = str(codes.SCHEMES[name])
    inside = [s for s, o in data[SKOS + "inScheme"].items() if any(x.value == scheme for x in o)]
    return {s: data[SKOS + "notation"][s][0].value for s in inside}


def broader(name: str) -> dict[str, str]:
    return {s: o[0].value for s, o in statements(name)[SKOS + "broader"].items()}


# --- The lists are complete ------------------------------------------------------------


def test_naf_has_its_five_levels_and_every_sub_class_reaches_a_section():
    notations = members("naf-rev2")
    shapes = defaultdict(int)
    for code in notations.values():
        shapes["section" if code.isalpha() else len(code)] += 1
    assert dict(shapes) == {"section": 21, 2: 88, 4: 272, 5: 615, 6: 732}
    up = broader("naf-rev2")
    tops = {s for s, o in statements("naf-rev2")[SKOS + "topConceptOf"].items()}
    assert {notations[s] for s in tops} == set("ABCDEFGHIJKLMNOPQRSTU")
    for iri, code in notations.items():
        if len(code) == 6:
            chain = [iri]
            while chain[-1] in up:
                chain.append(up[chain[-1]])
            expected = [code[:5], code[:4], code[:2], notations[chain[-1]]]
            assert [notations[c] for c in chain][1:] == expected
            assert chain[-1] in tops
    assert notations[str(model.NAF["62.01Z"])] == "62.01Z"
    assert notations[up[up[up[str(model.NAF["62.01Z"])]]]] == "62"


def test_every_legal_category_is_there_on_three_levels():
    notations = members("categories-juridiques")
    levels = defaultdict(int)
    for code in notations.values():
        levels[len(code)] += 1
    assert dict(levels) == LEGAL_LEVELS
    up, tops = broader("categories-juridiques"), statements("categories-juridiques")
    tops = set(tops[SKOS + "topConceptOf"])
    for iri, code in notations.items():
        if len(code) == 4:
            assert notations[up[iri]] == code[:2]
        elif len(code) == 2:  # 00 has no level I in the list: a top concept
            assert notations.get(up.get(iri, ""), "") == code[:1] or iri in tops
        else:
            assert iri in tops
    wanted = {"9220", "9221", "9230", "9260", "9300", "5710", "5499", "5458", "5558", "8210"}
    assert wanted <= set(notations.values())
    assert "1000" in notations.values()  # entrepreneurs individuels: kept as a code, left out
    # of the imports by the importers


def test_headcount_bands_carry_their_bounds():
    data = statements("tranches-effectifs")
    notations = members("tranches-effectifs")
    assert sorted(notations.values()) == [
        "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52",
        "53", "NN",
    ]  # fmt: skip
    by_code = {code: iri for iri, code in notations.items()}

    def bound(code, which):
        found = data[SCHEMA + which].get(by_code[code], [])
        assert all(o.datatype.value.endswith("#integer") for o in found)
        return int(found[0].value) if found else None

    assert (bound("01", "minValue"), bound("01", "maxValue")) == (1, 2)
    assert (bound("42", "minValue"), bound("42", "maxValue")) == (1000, 1999)
    assert (bound("00", "minValue"), bound("00", "maxValue")) == (0, 0)
    assert (bound("53", "minValue"), bound("53", "maxValue")) == (10000, None)
    assert (bound("NN", "minValue"), bound("NN", "maxValue")) == (None, None)


def test_eighteen_regions_and_101_departements_each_in_its_region():
    regions = members("regions")
    assert len(regions) == 18
    departements = members("departements")
    assert len(departements) == 101
    codes_ = set(departements.values())
    assert {"01", "2A", "2B", "75", "95", "971", "972", "973", "974", "976"} <= codes_
    assert not {"20", "975", "977", "987"} & codes_
    up = broader("departements")
    assert all(up[iri] in regions for iri in departements)
    assert regions[up[str(model.DEPARTEMENT["75"])]] == "11"
    assert regions[up[str(model.DEPARTEMENT["976"])]] == "06"


def test_every_commune_of_the_cog_reaches_its_departement_and_region():
    communes = members("communes")
    departements = members("departements")
    regions = members("regions")
    up, dep_up = broader("communes"), broader("departements")
    wards = {iri for iri in communes if up[iri] in communes}
    assert (len(communes) - len(wards), len(wards)) == (COMMUNES, WARDS)
    assert {communes[up[w]] for w in wards} == {"75056", "69123", "13055"}
    for iri in communes:
        parent = up[up[iri]] if iri in wards else up[iri]
        assert parent in departements and dep_up[parent] in regions, iri
    postcodes = statements("communes")[SCHEMA + "postalCode"]
    assert all(postcodes.get(iri) for iri in communes)
    assert [p.value for p in postcodes[str(model.COMMUNE["59350"])]][:2] == ["59000", "59160"]
    former = {o.value for objects in statements("communes")[DCTERMS + "replaces"].values()
              for o in objects}  # fmt: skip
    assert former and not former & set(communes)


@pytest.mark.parametrize("name", ["naf-rev2", "categories-juridiques", "tranches-effectifs",
                                  "departements", "communes"])  # fmt: skip
def test_each_concept_has_one_notation_and_a_french_label(name):
    data = statements(name)
    for iri, code in members(name).items():
        notes = data[SKOS + "notation"][iri]
        assert len(notes) == 1 and notes[0].datatype.value == XSD_STRING
        assert iri.rsplit("/", 1)[1] == code
        labels = data[SKOS + "prefLabel"][iri]
        assert [label.language for label in labels] == ["fr"], iri
        assert labels[0].value == " ".join(labels[0].value.split()) != ""


@pytest.mark.parametrize("name", ["naf-rev2", "categories-juridiques", "tranches-effectifs",
                                  "departements", "communes"])  # fmt: skip
def test_each_scheme_says_its_source_publisher_and_vintage(name):
    data, scheme = statements(name), str(codes.SCHEMES[name])
    assert sorted(o.language for o in data[SKOS + "prefLabel"][scheme]) == ["en", "fr"]
    assert data[DCTERMS + "publisher"][scheme][0].value == str(model.AGENT["insee"])
    assert data[DCTERMS + "source"][scheme][0].value.startswith("https://www.")
    assert data["http://www.w3.org/2002/07/owl#versionInfo"][scheme][0].value
    assert data["http://www.w3.org/ns/prov#wasDerivedFrom"][scheme]
    assert data[DCTERMS + "license"][scheme][0].value.startswith("https://www.etalab.gouv.fr/")
    tops = {o.value for o in data[SKOS + "hasTopConcept"][scheme]}
    assert tops and tops <= set(members(name))
    header = codes.CODE_LISTS[name].read_text("utf-8").split("\n@prefix", 1)[0]
    assert "Source: INSEE" in header and "Rebuilt by scripts/insee_codes.py" in header


def test_the_files_parse_with_rdflib_and_oxigraph():
    for path in sorted(INSEE.glob("*.ttl")):
        text = path.read_text("utf-8")
        assert sum(1 for _ in ox.parse(text, format=ox.RdfFormat.TURTLE)) > 100
        if path.name == "communes.ttl":  # 284,000 statements: rdflib reads a sample
            blocks = text.split("\n\n")
            prefixes = next(b for b in blocks if b.startswith("@prefix"))
            sample = [b for i, b in enumerate(blocks) if b.startswith("commune:") and (
                i % 40 == 0 or "'" in b or "Arrondissement" in b)]  # fmt: skip
            text = "\n\n".join([prefixes, *sample])
        assert len(rdflib.Graph().parse(data=text, format="turtle")) > 100


def test_matches_point_at_concepts_that_exist():
    graph = rdflib.Graph().parse(INSEE / "correspondances.ttl")
    known = rdflib.Graph()
    for name in ("naf-rev2", "categories-juridiques"):
        known.parse(codes.CODE_LISTS[name])
    for name in ("legal-forms", "sectors"):
        known.parse(ROOT / "ontology" / "vocabularies" / f"{name}.ttl")
    if SHARED.is_dir():
        for name in ("legal-form", "activities", "activities-modified"):
            known.parse(SHARED / "essglobal" / f"{name}.ttl")
    subjects = set(known.subjects())
    mapping = {rdflib.SKOS.closeMatch, rdflib.SKOS.broadMatch, rdflib.SKOS.narrowMatch}
    assert {p for _, p, _ in graph} <= mapping
    for s, _, o in graph:
        assert s in subjects, s
        if SHARED.is_dir() or "essglobal" not in o:
            assert o in subjects, o
    assert (
        codes.legal_category("9220"),
        rdflib.SKOS.closeMatch,
        rdflib.URIRef(model.BASE + "id/concept/legal-form/association-loi-1901"),
    ) in graph


# --- The lookups -----------------------------------------------------------------------


def test_lookups_answer_as_the_issue_says():
    assert codes.naf_concept("62.01Z") == model.NAF["62.01Z"]
    assert codes.naf_concept("45.2R") is None  # NAF rév. 1 (closed units)
    assert codes.legal_category("9220") == model.CJ["9220"]
    assert codes.headcount_band("NN") == model.EFFECTIFS["NN"]
    assert codes.commune("75101") == model.COMMUNE["75056"]
    assert codes.commune("69381") == model.COMMUNE["69123"]
    assert codes.commune("13055") == model.COMMUNE["13055"]
    assert codes.commune("2A004") == model.COMMUNE["2A004"]
    assert codes.commune("59298") == model.COMMUNE["59350"]  # a former code: Lille
    assert codes.commune("99999") is None and codes.commune("97501") is None  # a COM
    assert codes.departement_of("13201") == "13" and codes.region_of("13201") == "93"
    assert codes.departement_of("97411") == "974" and codes.region_of("97411") == "04"
    assert codes.label(codes.commune("13201")) == "Marseille"
    assert codes.label(model.DEPARTEMENT["2B"]) == "Haute-Corse"
    with pytest.raises(KeyError, match="aucune liste"):
        codes.label(model.NAF["99.99Z"])


def test_code_lists_and_schemes_name_the_same_files():
    for name, path in codes.CODE_LISTS.items():
        assert path.is_file(), path
        if name in codes.SCHEMES:
            assert f"{codes.SCHEMES[name].rsplit('/', 1)[1]} a skos:ConceptScheme" in (
                path.read_text("utf-8")
            )
    for name in ("AGENT", "NAF", "CJ", "EFFECTIFS", "REGION", "DEPARTEMENT", "COMMUNE"):
        assert str(getattr(script, name)) == str(getattr(model, name))


def test_lookups_are_fast():
    codes._LOADED.pop("communes", None)
    start = time.perf_counter()
    codes.commune("75101")
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(20_000):
        codes.commune("13055")
        codes.naf_concept("62.01Z")
        codes.legal_category("9220")
        codes.headcount_band("NN")
    each = (time.perf_counter() - start) / 80_000
    assert first < 2.0 and each < 5e-6, (first, each)  # here: about 0.4 s and 0.3 µs


# --- The script ------------------------------------------------------------------------

TRANCHES = """\
NN : Unité non-employeuse ou présumée non-employeuse (faute de déclaration reçue)
00 : 0 salarié (n'ayant pas d'effectif au 31/12 mais ayant employé des salariés au cours \
de l'année de référence)
01 : 1 ou 2 salariés
02 : 3 à 5 salariés
03 : 6 à 9 salariés
11 : 10 à 19 salariés
12 : 20 à 49 salariés
21 : 50 à 99 salariés
22 : 100 à 199 salariés
31 : 200 à 249 salariés
32 : 250 à 499 salariés
41 : 500 à 999 salariés
42 : 1 000 à 1 999 salariés
51 : 2 000 à 4 999 salariés
52 : 5 000 à 9 999 salariés
53 : 10 000 salariés et plus
"""
"""The code list of INSEE's documentation of trancheEffectifsUniteLegale, as the committed
file was built from."""


def concept_blocks(text: str) -> list[str]:
    """The blocks after the scheme's: one per concept."""
    blocks = text.split("\n\n")
    scheme = next(i for i, b in enumerate(blocks) if " a skos:ConceptScheme ;" in b)
    return blocks[scheme + 1 :]


def test_script_rebuilds_the_headcount_bands_identically(tmp_path):
    source = tmp_path / "tranches-effectifs-sirene.txt"
    source.write_text(TRANCHES, "utf-8")
    assert script.main(["--sortie", str(tmp_path), "tranches-effectifs", str(source)]) == 0
    rebuilt = (tmp_path / "tranches-effectifs.ttl").read_bytes()
    assert rebuilt == codes.CODE_LISTS["tranches-effectifs"].read_bytes()


def test_script_rebuilds_naf_from_insee_file_layout(tmp_path):
    """INSEE's ``int_courts_naf_rev_2`` (cp1252, ``;``, sections in capitals), written from
    the committed list, gives back the same concepts, byte for byte."""
    notations = members("naf-rev2")
    labels = statements("naf-rev2")[SKOS + "prefLabel"]
    rows = [["ligne", "Code", " Intitulés de la  NAF rév. 2, version finale ", "65", "40"]]
    up = broader("naf-rev2")
    section_of = {}
    for iri in notations:
        top = iri
        while top in up:
            top = up[top]
        section_of[iri] = notations[top]
    in_file_order = sorted(notations, key=lambda i: (section_of[i], not notations[i].isalpha(),
                                                     notations[i]))  # fmt: skip
    for iri in in_file_order:
        code, label = notations[iri], labels[iri][0].value
        rows.append(["", f"SECTION {code}" if code.isalpha() else code,
                     label.upper() if code.isalpha() else f" {label}  ", "", ""])  # fmt: skip
        rows.append(["", "", "", "", ""])
    source = tmp_path / "int_courts_naf_rev_2.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    source.write_bytes(buffer.getvalue().encode("cp1252"))
    assert script.main(["--sortie", str(tmp_path), "naf", str(source)]) == 0
    rebuilt = (tmp_path / "naf-rev2.ttl").read_text("utf-8")
    committed = codes.CODE_LISTS["naf-rev2"].read_text("utf-8")
    assert concept_blocks(rebuilt) == concept_blocks(committed)
    assert "File read: int_courts_naf_rev_2.csv (sha256 " in rebuilt


def test_script_rebuilds_legal_categories_from_insee_workbook(tmp_path):
    """INSEE's workbook layout (sheets « Niveau I/II/III », a title row, then Code and
    Libellé), written from the committed list, gives back the same concepts."""
    notations = members("categories-juridiques")
    labels = statements("categories-juridiques")[SKOS + "prefLabel"]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for digits, name in ((1, "Niveau I"), (2, "Niveau II"), (4, "Niveau III")):
        sheet = book.create_sheet(name)
        sheet.append([f"Catégories juridiques - {name}"])
        sheet.append(["Code", "Libellé"])
        for iri, code in sorted(notations.items(), key=lambda p: p[1]):
            if len(code) == digits:
                sheet.append([int(code) if digits == 4 and code != "0000" else code,
                              labels[iri][0].value])  # fmt: skip
    source = tmp_path / "cj.xlsx"
    book.save(source)
    assert script.main(["--sortie", str(tmp_path), "categories-juridiques", str(source)]) == 0
    rebuilt = (tmp_path / "categories-juridiques.ttl").read_text("utf-8")
    committed = codes.CODE_LISTS["categories-juridiques"].read_text("utf-8")
    assert concept_blocks(rebuilt) == concept_blocks(committed)


def test_script_reads_the_xml_schema_of_xml_insee_fr(tmp_path):
    source = tmp_path / "cj-enum.xsd"
    source.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<xs:simpleType name="CategorieJuridiqueNiveauIType"><xs:restriction>'
        '<xs:enumeration value="9" dc:title="Groupement de droit privé"/>'
        "</xs:restriction></xs:simpleType>"
        '<xs:simpleType name="CategorieJuridiqueNiveauIIType"><xs:restriction>'
        '<xs:enumeration value="92" dc:title="Association loi 1901 ou assimilé"/>'
        "</xs:restriction></xs:simpleType>"
        '<xs:simpleType name="CategorieJuridiqueNiveauIIIType"><xs:restriction>'
        '<xs:enumeration value="9220" dc:title=" Association  déclarée "/>'
        "</xs:restriction></xs:simpleType></xs:schema>",
        "utf-8",
    )
    built = script.build_cj(source)
    text = script.render(built).decode("utf-8")
    assert "cj:9220 a skos:Concept ;\n    skos:inScheme scheme:categories-juridiques ; " in text
    assert 'skos:prefLabel "Association déclarée"@fr .' in text
    assert len(rdflib.Graph().parse(data=text, format="turtle")) > 20


def _package(tmp_path: Path, communes: list[dict], name="@etalab/decoupage-administratif"):
    departements = [
        {"code": "59", "region": "32", "nom": "Nord", "zone": "metro"},
        {"code": "75", "region": "11", "nom": "Paris", "zone": "metro"},
        {"code": "975", "region": "975", "nom": "Saint-Pierre-et-Miquelon", "zone": "com"},
    ]
    path = tmp_path / "decoupage-administratif-6.0.0.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for member, data in (
            ("package/package.json", {"name": name, "version": "6.0.0"}),
            ("package/data/departements.json", departements),
            ("package/data/communes.json", communes),
        ):
            raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return path


COG_FIXTURE = [
    {"code": "59350", "nom": "Lille", "type": "commune-actuelle", "zone": "metro",
     "departement": "59", "region": "32", "anciensCodes": ["59298", "59355"],
     "codesPostaux": ["59000", "59160", "59260", "59777", "59800"]},
    {"code": "59298", "nom": "Lomme", "type": "commune-deleguee", "zone": "metro",
     "departement": "59", "chefLieu": "59350"},
    {"code": "75056", "nom": "Paris", "type": "commune-actuelle", "zone": "metro",
     "departement": "75", "region": "11", "codesPostaux": ["75001", "75002"]},
    {"code": "75101", "nom": "Paris 1er Arrondissement", "type": "arrondissement-municipal",
     "zone": "metro", "commune": "75056", "departement": "75", "codesPostaux": ["75001"]},
    {"code": "97502", "nom": "Saint-Pierre", "type": "commune-actuelle", "zone": "com",
     "departement": "975", "codesPostaux": ["97500"]},
]  # fmt: skip
"""Entries laid out as the package's ``data/communes.json`` (values of the real package)."""


def test_script_builds_the_cog_from_the_npm_package_layout(tmp_path):
    source = _package(tmp_path, COG_FIXTURE)
    out = tmp_path / "out"
    assert script.main(["--sortie", str(out), "cog", str(source)]) == 0
    first = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert script.main(["--sortie", str(out), "cog", str(source)]) == 0
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == first  # same bytes
    communes = first["communes.ttl"].decode("utf-8")
    blocks = concept_blocks(communes)
    assert [b.split(" ", 1)[0] for b in blocks] == ["commune:59350", "commune:75056",
                                                    "commune:75101"]  # fmt: skip
    committed = concept_blocks(codes.CODE_LISTS["communes"].read_text("utf-8"))
    assert blocks[0] in committed  # Lille, as in the committed file
    assert "skos:broader commune:75056" in blocks[2]
    assert "skos:hasTopConcept commune:59350 , commune:75056 ." in communes
    graph = rdflib.Graph().parse(data=first["departements.ttl"].decode(), format="turtle")
    assert {str(o) for o in graph.objects(None, rdflib.SKOS.broader)} == {
        str(model.REGION["32"]),
        str(model.REGION["11"]),
    }


def test_script_refuses_what_is_not_its_input(tmp_path, capsys):
    other = _package(tmp_path, COG_FIXTURE, name="left-pad")
    assert script.main(["--sortie", str(tmp_path), "cog", str(other)]) == 2
    assert "ce n'est pas @etalab/decoupage-administratif" in capsys.readouterr().err
    broken = tmp_path / "cassé.csv"
    broken.write_text("Numéro;Nom\n1;x\n", "utf-8")
    assert script.main(["--sortie", str(tmp_path), "categories-juridiques", str(broken)]) == 2
    assert "Code;Libellé" in capsys.readouterr().err
    assert not (tmp_path / "categories-juridiques.ttl").exists()


def test_script_help_is_in_french():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "insee_codes.py"), "--help"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Reconstruit les listes de codes de l'INSEE" in done.stdout
    assert "dossier où écrire les fichiers" in done.stdout
