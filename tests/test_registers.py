"""The registers' importers on files laid out as INSEE, the ministry and ESS France lay them
out, made from the real rows of ``../shared/data/ess-numerique/organisations.csv``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import registers_fixtures as fx
from rdflib import URIRef

from mes_graph.cli import main
from mes_graph.engine import query
from mes_graph.load import load
from mes_graph.registers import read_sirene, write_turtle
from mes_graph.registers.model import checked_rna, checked_siren, checked_siret

PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX adms: <http://www.w3.org/ns/adms#>
PREFIX rov: <http://www.w3.org/ns/regorg#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
SIREN_TYPE = "https://w3id.org/mes-graph/ontology/identifier#siren"
RNA_TYPE = "https://w3id.org/mes-graph/ontology/identifier#rna"


def rows_of(dataset, text: str) -> list[tuple]:
    return [
        tuple(None if v is None else str(v) for v in row) for row in query(dataset, PREFIXES + text)
    ]


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return fx.organisations()


@pytest.fixture(scope="module")
def kept(real) -> pd.DataFrame:
    """What the importer must keep, computed by pandas: SIRENE's ESS flag, active units."""
    return real[(real["flag_ess_sirene"] == "True") & (real["est_active"] == "True")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, real) -> Path:
    folder = tmp_path_factory.mktemp("registres")
    fx.stock_unite_legale(folder, real)
    fx.stock_etablissement(folder, real)
    fx.ess_france_list(folder, real)
    fx.waldec(folder, real)
    return folder


@pytest.fixture(scope="module")
def sirene(folder) -> Path:
    out = folder / "sirene.ttl"
    code = main(["register", "sirene", str(folder / "StockUniteLegale_utf8.csv"), "-o", str(out),
                 "--etablissements", str(folder / "StockEtablissement_utf8.csv"),
                 "--vintage", "2026-11-01", "--quiet"])  # fmt: skip
    assert code == 0
    return out


@pytest.fixture(scope="module")
def sirene_graph(sirene):
    return load([sirene], shipped=False)


def test_every_kept_unit_is_an_organisation_with_its_checked_siren_and_name(sirene_graph, kept):
    found = rows_of(
        sirene_graph,
        f"""
        SELECT ?unit ?siren ?name WHERE {{
          ?unit a org:Organization ; skos:prefLabel ?name ;
                org:identifier ?siren ; adms:identifier/skos:notation ?siren .
          FILTER(datatype(?siren) = <{SIREN_TYPE}>)
        }}""",
    )
    assert len(found) == len(kept) == len({u for u, _, _ in found})
    assert {s for _, s, _ in found} == set(kept["siren"])
    names = {
        s: " ".join(n.split()) for s, n in zip(kept["siren"], kept["denomination"], strict=True)
    }
    assert all(names[siren] == name for _, siren, name in found)
    assert all(checked_siren(siren) == siren for _, siren, _ in found)
    agency = rows_of(
        sirene_graph,
        """
        SELECT DISTINCT ?agency ?creator WHERE {
          ?unit rov:registration ?id . ?id a adms:Identifier ; adms:schemaAgency ?agency ;
              dcterms:creator ?creator }""",
    )
    assert agency == [("INSEE", "https://w3id.org/mes-graph/id/agent/insee")]


def test_codes_dates_and_rna_match_pandas_counts(sirene_graph, kept):
    def count(text: str) -> int:
        return int(
            rows_of(sirene_graph, f"SELECT (COUNT(DISTINCT ?unit) AS ?n) WHERE {{ {text} }}")[0][0]
        )

    naf2 = kept[kept["naf"].str.match(r"^\d{2}\.\d{2}[A-Z]$")]
    assert count("?unit rov:orgActivity ?naf . ?naf skos:inScheme "
                 "<https://w3id.org/mes-graph/id/scheme/naf-rev2>") == len(naf2)  # fmt: skip
    assert count("?unit rov:orgType ?cj . ?cj skos:notation ?code") == len(kept)
    bands = "<https://w3id.org/mes-graph/id/scheme/tranches-effectifs>"
    with_band = (kept["tranche_effectifs"] != "").sum()
    assert count(f"?unit org:classification ?band . ?band skos:inScheme {bands}") == with_band
    dated = kept[(kept["date_creation"] != "") & (kept["date_creation"] != "1900-01-01")]
    assert count("?unit schema:foundingDate ?d") == len(dated)
    with_rna = kept[kept["rna"].map(lambda r: checked_rna(r) is not None if r else False)]
    assert count(f"?unit org:identifier ?rna FILTER(datatype(?rna) = <{RNA_TYPE}>)") == len(
        with_rna
    )
    per_category = rows_of(
        sirene_graph,
        """
        SELECT ?code (COUNT(?unit) AS ?n) WHERE { ?unit rov:orgType/skos:notation ?code }
        GROUP BY ?code""",
    )
    assert {code: int(n) for code, n in per_category} == kept[
        "categorie_juridique"
    ].value_counts().to_dict()


def test_one_unit_reads_as_in_the_register(sirene_graph):
    unit = URIRef("https://w3id.org/mes-graph/id/organisation/siren/100029172")
    found = rows_of(
        sirene_graph,
        f"""
        SELECT ?name ?naf ?cj ?band ?created ?rna ?siret WHERE {{
          <{unit}> skos:prefLabel ?name ; rov:orgActivity/skos:notation ?naf ;
              rov:orgType/skos:prefLabel ?cj ; schema:foundingDate ?created ;
              org:classification ?band . ?band skos:notation "NN" .
          <{unit}> org:identifier ?rna . FILTER(datatype(?rna) = <{RNA_TYPE}>)
          <{unit}> org:identifier ?siret . FILTER(regex(str(?siret), "^[0-9]{{14}}$"))
        }}""",
    )
    band = "https://w3id.org/mes-graph/id/concept/tranche-effectifs/NN"
    assert found == [
        ("JUNIOR ISEN-MEDITERANNEE", "62.01Z", "Association déclarée", band, "2026-01-08",
         "W832023177", "10002917200010")
    ]  # fmt: skip


def test_no_natural_person_and_nothing_withheld_is_published(sirene, sirene_graph, kept):
    text = sirene.read_text(encoding="utf-8")
    for person in fx.NATURAL_PERSONS:
        assert person["siren"] not in text
    assert "[ND]" not in text and "THIERRY" not in text and "INVENTEE" not in text
    assert "1000" not in {
        c for (c,) in rows_of(sirene_graph, "SELECT ?c WHERE { ?u rov:orgType/skos:notation ?c }")
    }
    withheld = fx.withheld_sirens() & set(kept["siren"])
    assert withheld
    for siren in withheld:
        unit = f"https://w3id.org/mes-graph/id/organisation/siren/{siren}"
        said = rows_of(sirene_graph, f"SELECT ?p ?o WHERE {{ <{unit}> ?p ?o }}")
        assert said, siren  # kept: a legal person partly diffused keeps its name
        predicates = {p for p, _ in said}
        assert "http://www.w3.org/2004/02/skos/core#altLabel" not in predicates
        assert not rows_of(
            sirene_graph,
            f"SELECT ?v WHERE {{ <{unit}> schema:address/(schema:postalCode|schema:streetAddress)"
            " ?v }",
        )


def test_head_office_addresses_come_from_the_establishment_stock(sirene_graph, kept):
    located = kept[(kept["code_postal"] != "") & ~kept["siren"].isin(fx.withheld_sirens())]
    found = dict(
        rows_of(
            sirene_graph,
            """
        SELECT ?unit ?postcode WHERE { ?unit schema:address ?a . ?a a schema:PostalAddress ;
            schema:postalCode ?postcode }""",
        )
    )
    expected = {f"https://w3id.org/mes-graph/id/organisation/siren/{s}": p
                for s, p in zip(located["siren"], located["code_postal"], strict=True)}  # fmt: skip
    assert found == expected and len(found) > 10


def test_units_sit_in_the_registers_named_graph_and_the_source_is_described(sirene_graph):
    graphs = rows_of(
        sirene_graph,
        """
        SELECT ?g (COUNT(DISTINCT ?u) AS ?n) WHERE { GRAPH ?g { ?u a org:Organization } }
        GROUP BY ?g""",
    )
    assert [g for g, _ in graphs] == ["https://w3id.org/mes-graph/id/source/insee-sirene"]
    source = rows_of(
        sirene_graph,
        """
        SELECT ?title ?licence ?issued ?publisher WHERE {
          <https://w3id.org/mes-graph/id/source/insee-sirene> dcterms:title ?title ;
            dcterms:license ?licence ; dcterms:issued ?issued ; dcterms:publisher ?publisher }""",
    )
    assert source == [("Base Sirene des entreprises et de leurs établissements (SIREN, SIRET)",
                       "https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "2026-11-01",
                       "https://w3id.org/mes-graph/id/agent/insee")]  # fmt: skip


def test_the_import_passes_the_shapes_with_the_code_lists_it_requires(sirene):
    from mes_graph.validate import validate

    dataset = load([sirene])
    assert validate(dataset) == []


def test_csv_zip_and_parquet_give_the_same_turtle(folder, tmp_path):
    csv_file = folder / "StockUniteLegale_utf8.csv"
    archive = tmp_path / "StockUniteLegale_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(csv_file, csv_file.name)
    parquet = tmp_path / "StockUniteLegale_utf8.parquet"
    frame = pd.read_csv(csv_file, dtype=str, keep_default_na=False)
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet)
    texts = []
    for source in (csv_file, archive, parquet):
        out = tmp_path / f"{source.suffix[1:]}.ttl"
        write_turtle(read_sirene(source), out)
        texts.append(
            out.read_text(encoding="utf-8").split("\n", 1)[1]
        )  # the comment names the file
    assert texts[0] == texts[1] == texts[2]


def test_options_keep_closed_units_ess_france_sirens_and_legal_categories(folder, real, kept):
    stock = folder / "StockUniteLegale_utf8.csv"

    def sirens(**options) -> set[str]:
        return {unit[0][0].rsplit("/", 1)[-1] for unit in read_sirene(stock, **options).units}

    flagged = real[real["flag_ess_sirene"] == "True"]
    assert sirens(closed=True) == set(flagged["siren"])
    listed = real[(real["famille_ess"] != "") & (real["est_active"] == "True")]
    assert sirens(ess_france=listed["siren"].str.lstrip("0")) == set(kept["siren"]) | set(
        listed["siren"]
    )
    active = real[real["est_active"] == "True"]
    associations = active[active["categorie_juridique"].str.startswith("92")]
    assert sirens(legal_categories=["92"]) == set(kept["siren"]) | set(associations["siren"])


# --- bad input: exit 2, one line naming the file and where, nothing written -------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mes_graph.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_a_truncated_zip_exits_2_and_writes_nothing(folder, tmp_path):
    archive = tmp_path / "StockUniteLegale_utf8.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(folder / "StockUniteLegale_utf8.csv", "StockUniteLegale_utf8.csv")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out.ttl"
    done = run("register", "sirene", str(archive), "-o", str(out))
    assert done.returncode == 2
    assert f"{archive}" in done.stderr and "ZIP" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [archive]


def test_a_csv_without_a_required_column_names_it(folder, tmp_path):
    frame = pd.read_csv(folder / "StockUniteLegale_utf8.csv", dtype=str, keep_default_na=False)
    broken = fx.write_csv(
        frame.drop(columns=["economieSocialeSolidaireUniteLegale"]),
        tmp_path / "StockUniteLegale.csv",
    )
    out = tmp_path / "out.ttl"
    out.write_text("ancien contenu")
    done = run("register", "sirene", str(broken), "-o", str(out))
    assert done.returncode == 2
    assert f"{broken}, ligne 1, colonne « economieSocialeSolidaireUniteLegale »" in done.stderr
    assert out.read_text() == "ancien contenu"


def test_an_invalid_siren_names_its_line(folder, tmp_path):
    frame = pd.read_csv(folder / "StockUniteLegale_utf8.csv", dtype=str, keep_default_na=False)
    row = frame.index[
        (frame["economieSocialeSolidaireUniteLegale"] == "O")
        & (frame["etatAdministratifUniteLegale"] == "A")
    ][100]
    frame.loc[row, "siren"] = "100029173"
    broken = fx.write_csv(frame, tmp_path / "StockUniteLegale.csv")
    out = tmp_path / "out.ttl"
    done = run("register", "sirene", str(broken), "-o", str(out))
    assert done.returncode == 2
    assert f"{broken}, ligne {row + 2}, colonne « siren » : SIREN invalide" in done.stderr
    assert "100029173" in done.stderr and not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["StockUniteLegale.csv"]


# --- the RNA and ESS France's list --------------------------------------------------------


def test_rna_gives_the_associations_with_their_numbers_and_sirets(folder, real, tmp_path):
    out = tmp_path / "rna.ttl"
    assert (
        main(
            [
                "register",
                "rna",
                str(next(folder.glob("rna_waldec_*.csv"))),
                "-o",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    graph = load([out], shipped=False)
    expected = real[(real["rna"] != "") & (real["est_active"] == "True")]
    found = set(
        rows_of(
            graph,
            f"""
        SELECT ?rna ?unit WHERE {{ ?unit a org:Organization ; org:identifier ?rna .
          FILTER(datatype(?rna) = <{RNA_TYPE}>) }}""",
        )
    )
    base = "https://w3id.org/mes-graph/id/organisation/rna/"
    assert found == {(rna, base + rna) for rna in expected["rna"]}
    sirets = rows_of(
        graph,
        """SELECT ?unit ?siret WHERE { ?unit org:identifier ?siret .
        FILTER(datatype(?siret) = <https://w3id.org/mes-graph/ontology/identifier#siret>) }""",
    )
    assert {(u.rsplit("/", 1)[-1], s) for u, s in sirets} == {
        (rna, siret) for rna, siret in zip(expected["rna"], expected["siret_siege"], strict=True)
        if checked_siret(siret)
    }  # fmt: skip
    agency = rows_of(
        graph,
        f"""SELECT DISTINCT ?a WHERE {{ ?u adms:identifier ?i . ?i skos:notation ?n ;
        adms:schemaAgency ?a FILTER(datatype(?n) = <{RNA_TYPE}>) }}""",
    )
    assert agency == [("Ministère de l'Intérieur",)]


def test_ess_france_adds_the_legal_family_and_the_cress(folder, real, tmp_path):
    out = tmp_path / "ess-france.ttl"
    assert (
        main(
            [
                "register",
                "ess-france",
                str(folder / "entreprisesess.csv"),
                "-o",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    graph = load([out], shipped=False)
    listed = real[real["famille_ess"] != ""]
    families = dict(
        rows_of(
            graph,
            """SELECT ?family (COUNT(?u) AS ?n) WHERE {
        ?u org:classification ?f .
        ?f skos:inScheme <https://w3id.org/mes-graph/id/scheme/familles-ess> ;
           skos:prefLabel ?family FILTER(lang(?family) = "fr") } GROUP BY ?family""",
        )
    )
    counts = listed["famille_ess"].value_counts()
    assert families == {
        "Associations": str(counts["association"]),
        "Coopératives": str(counts["cooperative"]),
        "Fondations": str(counts["fondation"]),
    }
    located = listed[listed["code_postal"].str[:2].isin(fx.region_names())]
    cress = rows_of(
        graph,
        """SELECT ?unit ?name WHERE { ?unit prov:wasAttributedTo ?cress .
        ?cress a prov:Organization ; foaf:name ?name ; schema:areaServed ?region .
        ?unit schema:location ?region }""",
    )
    assert len(cress) == len(located) > 10
    niort = [n for u, n in cress if u.endswith("/siren/" + located.iloc[0]["siren"])]
    assert niort and niort[0].startswith("CRESS ")
    assert not rows_of(
        graph,
        "SELECT ?c WHERE { ?c a org:Organization ; foaf:name ?n FILTER(STRSTARTS(?n, 'CRESS')) }",
    )


def test_a_newer_stock_replaces_the_registers_graph_in_a_store(folder, real, tmp_path):
    store = tmp_path / "store"
    stock = folder / "StockUniteLegale_utf8.csv"
    assert main(["register", "sirene", str(stock), "--store", str(store), "--quiet"]) == 0
    newer = fx.stock_unite_legale(tmp_path / "newer", real.iloc[: len(real) // 2])
    assert main(["register", "sirene", str(newer), "--store", str(store), "--quiet"]) == 0
    graph = load(store=store)
    first_half = real.iloc[: len(real) // 2]
    expected = first_half[
        (first_half["flag_ess_sirene"] == "True") & (first_half["est_active"] == "True")
    ]
    found = rows_of(
        graph,
        """SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE {
        GRAPH <https://w3id.org/mes-graph/id/source/insee-sirene> { ?u a org:Organization } }""",
    )
    assert int(found[0][0]) == len(expected)
    assert rows_of(
        graph,
        "SELECT (COUNT(*) AS ?n) WHERE "
        "{ ?o org:memberOf <https://w3id.org/mes-graph/id/organisation/mes> }",
    ) == [("18",)]


# --- the catalogue's queries for the registers, answered as pandas counts them ----------


@pytest.fixture(scope="module")
def registers_graph(sirene, folder):
    listing = folder / "ess-france.ttl"
    assert (
        main(
            [
                "register",
                "ess-france",
                str(folder / "entreprisesess.csv"),
                "-o",
                str(listing),
                "--quiet",
            ]
        )
        == 0
    )
    return load([sirene, listing])


def ask(name: str, dataset, **params) -> list[dict]:
    from mes_graph.sparql import run_query

    return run_query(name, params, dataset=dataset).to_dict("records")


def test_organisations_by_naf_division(registers_graph, kept):
    rows = ask("organisations-by-naf-division", registers_graph, division="62")
    expected = kept[kept["naf"].str.startswith("62.")]
    assert len(rows) == len(expected)
    assert {r["activity"] for r in rows} == set(expected["naf"])
    assert {r["divisionLabel"] for r in rows} == {
        "Programmation, conseil et autres activités informatiques"
    }


def test_organisations_by_legal_family(registers_graph, real, kept):
    rows = ask("organisations-by-legal-family", registers_graph, family="famille:fondations")
    listed = real[real["famille_ess"] == "fondation"]["siren"]
    by_category = kept[kept["categorie_juridique"] == "9300"]["siren"]
    assert {r["organisation"].rsplit("/", 1)[-1] for r in rows} == set(listed) | set(by_category)


def test_organisations_by_place_and_counts_per_region(registers_graph, real, kept):
    regions = fx.region_names()  # département → région, as ESS France writes it
    aquitaine = {d for d, name in regions.items() if name == "NOUVELLE AQUITAINE"}
    located = kept[kept["code_postal"].str[:2].isin(aquitaine)]
    rows = ask("organisations-by-place", registers_graph, place="region:75")
    listed = real[(real["famille_ess"] != "") & real["code_postal"].str[:2].isin(aquitaine)]
    found = {r["organisation"].rsplit("/", 1)[-1] for r in rows}
    assert found == set(located["siren"]) | set(listed["siren"]) and found
    counts = {
        (r["region"], r["familyLabel"]): r["organisations"]
        for r in ask("counts-per-region-and-family", registers_graph)
    }
    associations = set(located[located["categorie_juridique"].str.startswith("92")]["siren"])
    associations |= set(listed[listed["famille_ess"] == "association"]["siren"])
    assert counts[("75", "Associations")] == len(associations)


def test_employers_by_headcount_band(registers_graph, kept):
    rows = ask("employers-by-headcount", registers_graph)
    employers = kept[~kept["tranche_effectifs"].isin(["NN", "00", ""])]
    assert {r["band"]: r["organisations"] for r in rows} == employers[
        "tranche_effectifs"
    ].value_counts().to_dict()
    assert [r["band"] for r in rows] == sorted(r["band"] for r in rows)


def test_registers_an_organisation_appears_in(registers_graph):
    rows = ask("registers-of-organisation", registers_graph, organisation="siren:100029172")
    assert [(r["source"].rsplit("/", 1)[-1], r["title"]) for r in rows] == [
        ("ess-france", "Liste des entreprises de l'ESS"),
        ("insee-sirene", "Base Sirene des entreprises et de leurs établissements (SIREN, SIRET)"),
    ]


def test_diff_lists_the_units_opened_and_closed_between_two_stocks(folder, real, tmp_path):
    from mes_graph.diff import diff, format_changes, read_release

    older = real.iloc[:200].copy()
    newer = real.iloc[1:201].copy()  # one unit gone from the stock's ESS, one new
    closing = newer.index[(newer["flag_ess_sirene"] == "True") & (newer["est_active"] == "True")][0]
    newer.loc[closing, "est_active"] = "False"
    files = []
    for name, rows in (("old", older), ("new", newer)):
        stock = fx.stock_unite_legale(tmp_path / name, rows)
        frame = pd.read_csv(stock, dtype=str, keep_default_na=False)
        frame.loc[frame["etatAdministratifUniteLegale"] == "C", "dateDebut"] = "2026-10-31"
        fx.write_csv(frame, stock)
        files.append(tmp_path / f"{name}.ttl")
        assert (
            main(["register", "sirene", str(stock), "--closed", "-o", str(files[-1]), "--quiet"])
            == 0
        )
    changes = diff(read_release(files[0]), read_release(files[1]))
    kept = lambda rows: set(rows[rows["flag_ess_sirene"] == "True"]["siren"])  # noqa: E731
    unit = "https://w3id.org/mes-graph/id/organisation/siren/"
    assert {str(u) for u in changes.units_opened} == {unit + s for s in kept(newer) - kept(older)}
    closed = dict((str(u), d) for u, d in changes.units_closed)
    assert closed[unit + newer.loc[closing, "siren"]] == "2026-10-31"
    assert set(closed) == {unit + s for s in kept(older) - kept(newer)} | {
        unit + newer.loc[closing, "siren"]
    }
    text = format_changes(changes)
    assert "Unités ouvertes (units opened) :" in text and "Unités fermées (units closed) :" in text
    assert f", le 2026-10-31 <{unit}{newer.loc[closing, 'siren']}>" in text


def test_reconcile_links_the_rna_to_sirene_and_the_registers_query_follows(
    folder, sirene, tmp_path
):
    rna = tmp_path / "rna.ttl"
    links = tmp_path / "rapprochements.ttl"
    waldec = next(folder.glob("rna_waldec_*.csv"))
    assert main(["register", "rna", str(waldec), "-o", str(rna), "--quiet"]) == 0
    review = tmp_path / "revue.csv"
    assert main(["register", "reconcile", str(sirene), str(rna), "-o", str(links),
                 "--review", str(review), "--quiet"]) == 0  # fmt: skip
    graph = load([sirene, rna, links])
    same = rows_of(
        graph,
        """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?method (COUNT(*) AS ?n) WHERE { ?link a owl:Axiom ;
            owl:annotatedProperty owl:sameAs ; <https://w3id.org/sssom/similarity_measure> ?method ;
            <https://w3id.org/sssom/confidence> ?score } GROUP BY ?method""",
    )
    assert dict(same)["siren"] and review.is_file()
    rna_type = "https://w3id.org/mes-graph/ontology/identifier#rna"
    units = rows_of(graph, f'SELECT ?u WHERE {{ ?u org:identifier "W832023177"^^<{rna_type}> }}')
    base = "https://w3id.org/mes-graph/id/organisation/"
    assert sorted(units) == [(base + "rna/W832023177",), (base + "siren/100029172",)]
    rows = ask("registers-of-organisation", graph, organisation="siren:100029172")
    assert [r["source"].rsplit("/", 1)[-1] for r in rows] == ["insee-sirene", "rna"]


def test_each_identifier_scheme_is_declared_with_its_agency_and_wikidata_property(sirene_graph):
    found = rows_of(
        sirene_graph,
        """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?scheme ?label ?agency ?wikidata WHERE {
          ?scheme a rdfs:Datatype ; rdfs:label ?label ; adms:schemaAgency ?agency ;
                  rdfs:seeAlso ?wikidata .
          FILTER(lang(?label) = "fr" && STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/"))
        } ORDER BY ?scheme""",
    )
    mesid, wd = "https://w3id.org/mes-graph/ontology/identifier#", "http://www.wikidata.org/entity/"
    assert found == [
        (mesid + "rna", "numéro RNA", "Ministère de l'Intérieur", wd + "P3918"),
        (mesid + "siren", "numéro SIREN", "INSEE", wd + "P1616"),
        (mesid + "siret", "numéro SIRET", "INSEE", wd + "P3215"),
    ]


def test_a_json_file_that_is_not_gogocartos_exits_2_and_writes_nothing(tmp_path):
    geojson = tmp_path / "communes.geojson.json"
    geojson.write_text('{\n  "type": "FeatureCollection",\n  "features": []\n}\n', encoding="utf-8")
    out = tmp_path / "out.ttl"
    done = run("register", "gogocarto", str(geojson), "-o", str(out))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"mes-graph: error: {geojson}, ligne 3, colonne « features »")
    assert "GoGoCarto" in done.stderr and not out.exists()
