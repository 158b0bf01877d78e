"""Reconciliation: real ESS rows matched back as people write them; links and decisions as data.

The truth set is built from the real rows of ``../shared/data/ess-numerique/organisations.csv``
(read in place): on the left, the units as SIRENE gives them (SIREN, SIRET, RNA, name,
acronym, postcode, NAF code); on the right, the same organisations with their identifiers
removed and their names written as people write them (case, accents, legal-form words,
« Association » ↔ « Asso », the acronym for the name, a slip of the keyboard), with a seeded
random generator, plus other real rows that are not on the left.
"""

from __future__ import annotations

import csv
import dataclasses
import random
import unicodedata
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from rdflib.namespace import ORG, OWL, RDF, SKOS

from mes_graph import engine
from mes_graph.load import load
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.model import RNA, SIREN, SRC, checked_siret
from mes_graph.registers.reconcile import (
    DEFAULT_THRESHOLD,
    REVIEW_FROM,
    Link,
    Reconciliation,
    Record,
    name_key,
    reconcile,
    web_domain,
)
from mes_graph.registers.review import (
    LINKS_SOURCE,
    REVIEW_SOURCE,
    Decision,
    decision_statements,
    links_extract,
    read_review,
    records,
    run_iri,
    write_review,
)
from mes_graph.registers.writing import write_turtle

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ORGANISATIONS = DATA / "ess-numerique" / "organisations.csv"
CARTO = "https://w3id.org/mes-graph/id/organisation/gogocarto/essai/"
WHEN = datetime(2026, 3, 1, 9, 30)
METHODS = {"siren", "siret", "rna", "domain"}

LEGAL_FORMS = {"92": ["Association", "Asso", "Association loi 1901"], "57": ["SAS"],
               "54": ["SARL"], "55": ["SA"]}  # fmt: skip
"""Legal-form words people add to a name, by the family of its legal category."""

ACCENTED = {
    "numerique": "numérique", "economie": "économie", "societe": "société", "reseau": "réseau",
    "reseaux": "réseaux", "cooperative": "coopérative", "ecole": "école",
    "developpement": "développement", "education": "éducation", "energie": "énergie",
    "mediterranee": "méditerranée", "telecom": "télécom", "systeme": "système",
    "systemes": "systèmes", "etudiants": "étudiants", "electronique": "électronique",
    "creation": "création", "solidarite": "solidarité",
}  # fmt: skip


def _rows() -> list[dict[str, str]]:
    if not ORGANISATIONS.is_file():
        pytest.skip(f"../shared/data absent: {ORGANISATIONS} is needed for the truth set")
    with ORGANISATIONS.open(encoding="utf-8-sig", newline="") as stream:  # a BOM
        return list(csv.DictReader(stream))


def _code(value: str | None) -> str:
    """A code as the file writes it, float-looking (``84200.0``) or not."""
    text = (value or "").strip()
    return text[:-2] if text.endswith(".0") else text


def _postcode(row: dict[str, str]) -> str | None:
    code = _code(row["code_postal"])
    return code.zfill(5) if code else None


def _unit(row: dict[str, str]) -> Record:
    """A row as SIRENE gives it: its identifiers, its name and acronym."""
    sigle = (row["sigle"] or "").strip()
    return Record(
        str(SIREN[row["siren"]]), str(SRC["insee-sirene"]), row["denomination"],
        (sigle,) if sigle else (), row["siren"], checked_siret(_code(row["siret_siege"])),
        row["rna"] or None, None, None, _postcode(row), row["naf"] or None,
    )  # fmt: skip


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _slip(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a letter changed, left out, added, or two swapped."""
    letters = [i for i, c in enumerate(text) if c.isalpha()][1:]
    if len(letters) < 3:
        return text
    i = rng.choice(letters)
    kind = rng.choice("cdas")
    if kind == "c":
        return text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
    if kind == "d":
        return text[:i] + text[i + 1 :]
    if kind == "a":
        return text[:i] + rng.choice("aeiourstln") + text[i:]
    a, b = (i, i + 1) if i + 1 < len(text) else (i - 1, i)
    return text[:a] + text[b] + text[a] + text[b + 1 :]


def _as_people_write(rng: random.Random, row: dict[str, str]) -> str:
    """The name of a row as a person writes it on a map or in a list."""
    name, sigle = row["denomination"], (row["sigle"] or "").strip()
    if sigle and sigle.upper() not in ("ASS", "ASSOCIATION", "[ND]") and rng.random() < 0.25:
        name = sigle
    else:
        words = name.split()
        family = _code(row["categorie_juridique"])[:2]
        if words and words[0].upper() in ("ASSOCIATION", "ASS", "ASSO") and rng.random() < 0.5:
            words = words[1:] if rng.random() < 0.6 else ["Asso", *words[1:]]
        elif family in LEGAL_FORMS and rng.random() < 0.3:
            form = rng.choice(LEGAL_FORMS[family])
            words = [form, *words] if rng.random() < 0.5 else [*words, form]
        name = " ".join(words)
        if rng.random() < 0.3:
            name = name.replace("-", " ")
    case = rng.random()
    name = name.lower() if case < 0.3 else name.title() if case < 0.7 else name
    accents = rng.random()
    if accents < 0.3:
        name = _without_accents(name)
    elif accents < 0.6:
        name = " ".join(ACCENTED.get(w.lower(), w) for w in name.split())
    return _slip(rng, name) if rng.random() < 0.15 else name


def _as_written(rng: random.Random, row: dict[str, str], iri: str) -> Record:
    """A row without its identifiers: a name as people write it, most postcodes, some sites."""
    site = web_domain(row["site_web"]) if row["site_web"] and rng.random() < 0.8 else None
    postcode = _postcode(row) if rng.random() < 0.85 else None
    activity = (row["naf"] or None) if rng.random() < 0.3 else None
    return Record(iri, str(SRC["essai"]), _as_people_write(rng, row), (), domain=site,
                  postcode=postcode, activity=activity)  # fmt: skip


@pytest.fixture(scope="module")
def truth() -> tuple[list[Record], list[Record], dict[str, str], Reconciliation]:
    """Left: 2,600 units; right: them as people write them and 700 others; the truth."""
    rng = random.Random(17)
    rows = sorted(_rows(), key=lambda r: r["siren"])
    rng.shuffle(rows)
    left_rows, others = rows[:2600], rows[2600:3300]
    left = [_unit(row) for row in left_rows]
    right, truth = [], {}
    for number, row in enumerate([*left_rows, *others]):
        right.append(_as_written(rng, row, f"{CARTO}{number}"))
        if number < len(left_rows):
            truth[f"{CARTO}{number}"] = left[number].iri
    rng.shuffle(right)
    return left, right, truth, reconcile(left, right)


def _sirens_together(links: list[Link], known: dict[str, Record]) -> list[set[str]]:
    """The SIRENs of each group of records the links join (through others too)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for link in links:
        parent[find(link.left)] = find(link.right)
    groups: dict[str, set[str]] = {}
    for iri in list(parent):
        siren = known[iri].siren or (known[iri].siret or "")[:9]
        groups.setdefault(find(iri), set()).update([siren] if siren else [])
    return list(groups.values())


def test_names_as_people_write_them():
    assert name_key("Asso « Le Tiers-Lieu de Carpentras »") == name_key(
        "LE TIERS LIEU DE CARPENTRAS"
    )
    assert name_key("Associatino Kommando") == name_key("ASSOCIATION KOMMANDO")  # a slip
    assert name_key("I.C.B.A") == name_key("ICBA") == "icba"
    assert name_key("Junior Isen Méditerranée") == name_key("JUNIOR ISEN-MEDITERRANEE")
    assert name_key("SCOP Cœur d'Ouvrage SARL") == "coeur ouvrage"
    assert web_domain("https://www.Le-MES.org/adherer") == "le-mes.org"


def test_precision_and_recall_on_real_rows(truth):
    left, right, expected, found = truth
    good = sum(expected.get(link.right) == link.left for link in found.links)
    precision, recall = good / len(found.links), good / len(expected)
    print(f"\nprecision {precision:.4f}, recall {recall:.4f}: {len(found.links)} links, "
          f"{len(found.candidates)} candidates, {len(left)} × {len(right)} records")  # fmt: skip
    assert precision >= 0.99
    assert recall >= 0.95


def test_every_link_has_its_method_score_and_evidence(truth):
    *_, found = truth
    assert found.links and found.candidates
    for link in found.links:
        assert link.method and (link.method in METHODS or link.method.startswith("name"))
        assert DEFAULT_THRESHOLD <= link.score <= 1 and link.evidence
    for link in found.candidates:
        assert link.method and REVIEW_FROM <= link.score <= 1 and link.evidence
    assert {k.method for k in found.links} >= {"name", "name+postcode", "name+activity"}


def test_no_group_of_links_holds_two_sirens(truth):
    *_, found = truth
    groups = _sirens_together(list(found.links), dict(found.records))
    assert all(len(sirens) <= 1 for sirens in groups)


def test_exact_keys_link_real_rows():
    rows = sorted(_rows(), key=lambda r: r["siren"])
    domains = [web_domain(r["site_web"]) for r in rows]
    rna = [r for r in rows if r["rna"]][:40]
    siret = [r for r in rows if not r["rna"]][:40]
    siren = rows[100:140]
    web = [r for r, d in zip(rows, domains, strict=True) if d and domains.count(d) == 1]
    right = [
        *(Record(str(RNA[r["rna"]]), str(SRC["rna"]), r["denomination"].lower(), rna=r["rna"])
          for r in rna),
        *(Record(f"{CARTO}siret-{r['siren']}", name=r["denomination"].title(),
                 siret=checked_siret(_code(r["siret_siege"]))) for r in siret),
        *(Record(f"{CARTO}siren-{r['siren']}", name=r["denomination"], siren=r["siren"])
          for r in siren),
        *(Record(f"{CARTO}web-{r['siren']}", name=r["denomination"].lower(),
                 domain=web_domain(r["site_web"])) for r in web),
    ]  # fmt: skip
    units = [dataclasses.replace(_unit(r), domain=d) for r, d in zip(rows, domains, strict=True)]
    found = reconcile(units, right)
    by_pair = {(k.left, k.right): k for k in found.links}
    for kind, chosen, right_iri in (
        ("rna", rna, lambda r: str(RNA[r["rna"]])),
        ("siret", siret, lambda r: f"{CARTO}siret-{r['siren']}"),
        ("siren", siren, lambda r: f"{CARTO}siren-{r['siren']}"),
        ("domain", web, lambda r: f"{CARTO}web-{r['siren']}"),
    ):
        for row in chosen:
            link = by_pair[(str(SIREN[row["siren"]]), right_iri(row))]
            assert link.method == kind, (kind, link)
            assert link.score == (0.95 if kind == "domain" else 1.0)
    first = by_pair[(str(SIREN[siret[0]["siren"]]), f"{CARTO}siret-{siret[0]['siren']}")]
    assert len(web) >= 20 and first.evidence[0].startswith("SIRET ")


def test_two_sirens_are_never_linked_whatever_the_names():
    rows = _rows()
    units = [_unit(r) for r in rows]
    found = reconcile(units)  # every real unit against every other one
    assert found.links == () and found.candidates == ()
    names = [r["denomination"] for r in rows]
    assert sum(names.count(n) > 1 for n in set(names)) >= 5  # the same name, other SIRENs
    nebulae = [k for k in found.refused if k.left_name == "NEBULAE"]  # one RNA, two SIRENs
    assert nebulae and "SIREN différents" in nebulae[0].evidence[-1]

    a = Record(str(SIREN["507817773"]), name="VOLTA", siren="507817773", rna="W751000001")
    b = Record(str(SIREN["913770301"]), name="VOLTA", siren="913770301")
    c = Record(f"{CARTO}volta", name="Volta")
    d = Record(f"{CARTO}volta-2", name="Association Volta", siret="91377030100015",
               rna="W751000001")  # fmt: skip
    e = Record(str(RNA["W751000002"]), name="VOLTA", rna="W751000002")
    for found in (reconcile([a, b, c, d, e]), reconcile([a, b], [c, d, e])):
        known = dict(found.records)
        assert all(len(s) <= 1 for s in _sirens_together(list(found.links), known))
        for link in found.links:
            assert not (known[link.left].rna and known[link.right].rna
                        and known[link.left].rna != known[link.right].rna)  # fmt: skip
        assert any(d.iri in (k.left, k.right) and "SIREN différents" in k.evidence[-1]
                   for k in found.refused)  # fmt: skip


def test_rejected_pairs_are_not_proposed_again():
    left = [Record(str(SIREN["062201199"]), name="LE TIERS LIEU DE CARPENTRAS", siren="062201199",
                   postcode="84200")]  # fmt: skip
    right = [
        Record(f"{CARTO}1", name="Tiers lieu Carpentras Sud"),
        Record(f"{CARTO}2", name="Le Tiers-Lieu de Carpentras", postcode="84200"),
    ]
    first = reconcile(left, right)
    assert {(k.right, k.method) for k in first.links} == {(f"{CARTO}2", "name+postcode")}
    assert [k.right for k in first.candidates] == [f"{CARTO}1"]
    decisions = [
        Decision(left[0].iri, f"{CARTO}1", False),
        Decision(left[0].iri, f"{CARTO}2", False),
    ]
    again = reconcile(left, right, decisions=decisions)
    assert again.links == () and again.candidates == ()


def _fill_csv(path: Path, decide) -> None:
    """Fill the column « décision » of a CSV review table as a person would."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))
    column = rows[0].index("décision")
    for row in rows[1:]:
        row[column] = decide(row[0], row[2])
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(rows)


def _fill_xlsx(path: Path, decide) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["revue"]
    header = [c.value for c in sheet[1]]
    column = header.index("décision") + 1
    for number in range(2, sheet.max_row + 1):
        value = decide(sheet.cell(number, 1).value, sheet.cell(number, 3).value)
        sheet.cell(number, column, value or None)
    workbook.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_review_table_round_trips(truth, tmp_path, suffix):
    left, right, expected, found = truth
    path = write_review(found.candidates, tmp_path / f"revue{suffix}")
    order = [(k.left, k.right) for k in found.candidates]
    scores = [k.score for k in found.candidates]
    assert scores == sorted(scores, reverse=True)  # the table: by decreasing score

    def decide(a: str, b: str) -> str:
        if order.index((a, b)) % 5 == 4:
            return ""  # not decided yet
        return "Accepter" if expected.get(b) == a else "rejeter"

    (_fill_csv if suffix == ".csv" else _fill_xlsx)(path, decide)
    decisions = read_review(path, reviewer="Camille Exemple")
    wanted = {(a, b): decide(a, b).lower() == "accepter" for a, b in order if decide(a, b)}
    assert {(d.left, d.right): d.accepted for d in decisions} == wanted
    assert all(d.reviewer == "Camille Exemple" and d.day and d.method for d in decisions)
    assert any(d.accepted for d in decisions) and any(not d.accepted for d in decisions)

    if suffix == ".csv":  # a new run proposes none of them again
        again = reconcile(left, right, decisions=decisions)
        decided = {(d.left, d.right) for d in decisions}
        assert not decided & {(k.left, k.right) for k in (*again.links, *again.candidates)}

    out = tmp_path / "revue.ttl"
    write_turtle(decision_statements(decisions), out)
    dataset = load([out], shipped=False)
    answer = engine.query(dataset, """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX sssom: <https://w3id.org/sssom/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?s ?o ?not ?g WHERE { GRAPH ?g {
            ?m owl:annotatedSource ?s ; owl:annotatedTarget ?o ;
               sssom:mapping_justification <https://w3id.org/semapv/vocab/ManualMappingCuration> ;
               dcterms:creator "Camille Exemple" ; dcterms:created ?day .
            OPTIONAL { ?m sssom:predicate_modifier ?not } } }""")  # fmt: skip
    rows = {(str(s), str(o)): (n is None, g) for s, o, n, g in answer}
    assert {pair: accepted for pair, (accepted, _) in rows.items()} == wanted
    assert {g for _, g in rows.values()} == {REVIEW_SOURCE}
    same = {(str(s), str(o)) for s, _, o in dataset.triples((None, OWL.sameAs, None))}
    assert same == {pair for pair, accepted in wanted.items() if accepted}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_bad_decision_names_its_line_and_column(tmp_path, suffix):
    candidates = [
        Link(
            f"{CARTO}{n}",
            str(SIREN["100029172"]),
            "name",
            0.8 + n / 100,
            ("nom « junior »",),
            f"Junior {n}",
            "JUNIOR",
        )
        for n in range(3)
    ]
    path = write_review(candidates, tmp_path / f"revue{suffix}")
    (_fill_csv if suffix == ".csv" else _fill_xlsx)(
        path, lambda a, b: "peut-être" if a.endswith("/0") else "accepter"
    )
    with pytest.raises(RegisterError) as caught:
        read_review(path)
    line = 4  # by decreasing score: /2, /1, /0
    assert str(caught.value).endswith(
        f"revue{suffix}, ligne {line}, colonne « décision » : décision « peut-être » inconnue : "
        "écrivez « accepter », « rejeter » ou laissez vide")  # fmt: skip


def test_changed_iris_missing_columns_and_two_sirens_are_refused(tmp_path):
    other = str(SIREN["062201199"])
    candidates = [Link(f"{CARTO}1", other, "name", 0.85),
                  Link(str(SIREN["100029172"]), other, "name", 0.8)]  # fmt: skip
    path = write_review(candidates, tmp_path / "revue.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream, delimiter=";"))

    def refused(change) -> str:
        rows = [list(row) for row in table]
        change(rows)
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream, delimiter=";").writerows(rows)
        with pytest.raises(RegisterError) as caught:
            read_review(path)
        return str(caught.value)

    def decide(value: str, *more):
        def change(rows: list[list[str]]) -> None:
            for row in rows[1:]:
                row[7] = value
            for line, column, text in more:
                rows[line - 1][column] = text

        return change

    message = refused(decide("accepter", (2, 0, f"{CARTO}9")))
    assert "revue.csv, ligne 2, colonne « gauche » : l'IRI de la colonne « gauche »" in message
    assert "ligne 3, colonne « droite »" in refused(
        decide("accepter", (3, 2, str(SIREN["100070044"])))
    )
    assert "ligne 2, colonne « droite » : « pas une IRI » n'est pas une IRI" in refused(
        decide("rejeter", (2, 2, "pas une IRI"))
    )
    assert "ligne 1, colonne « décision » : colonne « décision » absente" in refused(
        decide("", (1, 7, "avis"))
    )
    message = refused(decide("accepter"))
    assert "ligne 3, colonne « décision »" in message and "deux SIREN différents" in message
    two_rna = [Link(str(RNA["W751244387"]), str(RNA["W832023177"]), "name", 0.8)]
    _fill_csv(write_review(two_rna, path), lambda a, b: "accepter")
    with pytest.raises(RegisterError, match="ligne 2, colonne « décision » : « accepter » "
                       "relierait deux numéros RNA différents"):  # fmt: skip
        read_review(path)
    write_review(candidates, path)
    decide("rejeter")(table)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(table)
    assert [d.accepted for d in read_review(path)] == [False, False]  # rejecting them is fine


def test_formulas_stay_texts(tmp_path):
    hostile = '=HYPERLINK("https://exemple.org","x")'
    candidate = Link(f"{CARTO}1", str(SIREN["100029172"]), "name", 0.8, (hostile,), hostile, "+1")
    for suffix in (".csv", ".xlsx"):
        path = write_review([candidate], tmp_path / f"revue{suffix}")
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as stream:
                row = list(csv.reader(stream, delimiter=";"))[1]
            assert (row[1], row[3], row[6]) == ("'" + hostile, "+1", "'" + hostile)  # a number
        else:
            cell = openpyxl.load_workbook(path)["revue"]["B2"]
            assert cell.data_type == "s" and cell.value == hostile
        (_fill_csv if suffix == ".csv" else _fill_xlsx)(path, lambda a, b: "rejeter")
        (decision,) = read_review(path)
        assert (decision.left_name, decision.right_name) == (hostile, "+1")


def test_links_load_in_their_own_graph_with_method_and_score(truth, tmp_path):
    *_, found = truth
    extract = links_extract(found, activity_iri=run_iri(WHEN), when=WHEN)
    out = tmp_path / "rapprochements.ttl"
    write_turtle(extract, out)
    again = tmp_path / "again.ttl"
    write_turtle(links_extract(found, activity_iri=run_iri(WHEN), when=WHEN), again)
    assert out.read_bytes() == again.read_bytes()
    dataset = load([out], shipped=False)
    answer = engine.query(dataset, """
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX sssom: <https://w3id.org/sssom/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?g ?s ?p ?o ?method ?score ?started WHERE { GRAPH ?g {
            ?m a owl:Axiom ; owl:annotatedSource ?s ; owl:annotatedProperty ?p ;
               owl:annotatedTarget ?o ; sssom:similarity_measure ?method ;
               sssom:confidence ?score ; dcterms:source ?g ; prov:wasGeneratedBy ?run .
            ?run prov:startedAtTime ?started ; prov:used ?used .
            ?s ?p ?o . } }""")  # fmt: skip
    got = {(str(s), str(o)): (str(m), float(score), p, g) for g, s, p, o, m, score, _ in answer}
    assert len(got) == len(found.links)
    for link in found.links:
        method, score, prop, graph = got[(link.left, link.right)]
        assert (method, score, graph) == (link.method, link.score, LINKS_SOURCE)
        assert prop == (OWL.sameAs if method in ("siren", "siret", "rna") else SKOS.exactMatch)
    sizes = engine.graph_sizes(dataset)
    assert set(sizes) == {str(LINKS_SOURCE)}


TURTLE = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rov: <http://www.w3.org/ns/regorg#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <https://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix mesid: <https://w3id.org/mes-graph/ontology/identifier#> .
@prefix siren: <https://w3id.org/mes-graph/id/organisation/siren/> .
@prefix rna: <https://w3id.org/mes-graph/id/organisation/rna/> .
@prefix naf: <https://w3id.org/mes-graph/id/concept/naf/> .
@prefix commune: <https://w3id.org/mes-graph/id/place/commune/> .
@prefix src: <https://w3id.org/mes-graph/id/source/> .

siren:100029172 a org:Organization , rov:RegisteredOrganization ;
    skos:prefLabel "JUNIOR ISEN-MEDITERANNEE"@fr ; rov:legalName "JUNIOR ISEN-MEDITERANNEE" ;
    skos:altLabel "JIM"@fr ;
    org:identifier "100029172"^^mesid:siren , "W832023177"^^mesid:rna ;
    org:classification naf:62.01Z , naf:62 ; rov:orgActivity naf:62.01Z ;
    schema:address siren:100029172\\/adresse ; schema:location commune:83137 ;
    dcterms:source src:insee-sirene .
siren:100029172\\/adresse a schema:PostalAddress ; schema:postalCode "83000" ;
    dcterms:source src:insee-sirene .
rna:W832023177 a org:Organization ; skos:prefLabel "Junior ISEN Méditerranée"@fr ;
    org:identifier "W832023177"^^mesid:rna , "10002917200010"^^mesid:siret ;
    dcterms:source src:rna .
<https://w3id.org/mes-graph/id/organisation/gogocarto/transiscope/a1> a org:Organization ;
    skos:prefLabel "Mouvement pour l'économie solidaire (MES)"@fr ;
    foaf:homepage <http://www.le-mes.org/> ;
    dcterms:source src:transiscope .
"""


def test_records_of_a_loaded_turtle_file(tmp_path):
    path = tmp_path / "registres.ttl"
    path.write_text(TURTLE, encoding="utf-8")
    found = {r.iri: r for r in records(load([path]))}
    unit = found[str(SIREN["100029172"])]
    assert (unit.name, unit.other_names, unit.siren, unit.rna, unit.activity) == (
        "JUNIOR ISEN-MEDITERANNEE",
        ("JIM",),
        "100029172",
        "W832023177",
        "62.01Z",
    )
    assert (unit.postcode, unit.commune, unit.source) == ("83000", "83137",
                                                          str(SRC["insee-sirene"]))  # fmt: skip
    association = found[str(RNA["W832023177"])]
    assert (association.siret, association.siren, association.rna) == (
        "10002917200010",
        None,
        "W832023177",
    )
    element = found["https://w3id.org/mes-graph/id/organisation/gogocarto/transiscope/a1"]
    assert element.domain == "le-mes.org"
    mes = found["https://w3id.org/mes-graph/id/organisation/mes"]
    assert len(found) == 3 + len(set(load().subjects(RDF.type, ORG.Organization)))

    registers = [unit, association, element]
    actors = [r for r in found.values() if r not in registers]
    between = reconcile(registers, actors)
    assert [(k.left, k.right, k.method) for k in between.links] == [
        (element.iri, mes.iri, "domain")
    ]
    within = reconcile(registers)
    assert [(k.method, k.evidence) for k in within.links] == [
        ("siret", ("SIRET 10002917200010 → SIREN 100029172", "RNA W832023177"))
    ]
