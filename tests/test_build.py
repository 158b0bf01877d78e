"""`mes-graph build`: every promised file, the same bytes twice, an untouched folder on failure.

The build runs on the shipped graph through the command line (``main``), into a temporary
folder; a second run over it must give byte-identical files; a broken ``--data`` (bad
Turtle, or a graph that breaks the shapes) must leave the previous build as it was, bytes
and modification times, with no temporary folder left beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from mes_graph import build as bd
from mes_graph import export
from mes_graph.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

PROMISED = [
    ".mes-graph-build",
    "report.html",
    "report.md",
    "carte.html",
    "carte-communautes.html",
    "carte-ego.html",
    "carte-chemin.html",
    "carte.png",
    "metrics.csv",
    "metrics.ttl",
    *(f"exports/mes-graph{suffix}" for _, suffix, _ in export.FORMATS.values()),
    "exports/mes-graph.graphml",
    "exports/mes-graph.gexf",
    "exports/csv/nodes.csv",
    "exports/csv/edges.csv",
    "exports/csv/acteurs.csv",
    "exports/csv/adhesions.csv",
    "exports/csv/personnes.csv",
    "exports/schemaorg.zip",
    "exports/description.ttl",
    "exports/context.jsonld",
    "site/index.html",
    "site/carte.html",
    "site/id/organisation/mes.html",
    "site/donnees/description.ttl",
]
"""What a build writes (the layout the README and the report document)."""

DIFFERING: set[str] = set()
"""Files allowed to differ between two runs on the same input: none."""


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder: relative path → (bytes, modification time in ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the shipped graph, by the command, as a person runs it."""
    output = tmp_path_factory.mktemp("build") / "build"
    assert main(["build", "-o", str(output), "--quiet"]) == 0
    return output


def test_outputs_are_those_of_the_stored_digest(built: Path):
    """The same outputs, byte for byte, as ``tests/fixtures/build-digest.txt`` records."""
    lines = (Path(__file__).parent / "fixtures" / "build-digest.txt").read_text("utf-8")
    expected = dict(
        reversed(line.split("  ", 1)) for line in lines.splitlines() if not line.startswith("#")
    )
    found = {
        p.relative_to(built).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in built.rglob("*")
        if p.is_file()
    }
    assert sorted(found) == sorted(expected)
    assert {name for name in found if found[name] != expected[name]} == set()


def test_build_writes_every_promised_file(built: Path):
    missing = [name for name in PROMISED if not (built / name).is_file()]
    assert not missing
    empty = [name for name in PROMISED if (built / name).stat().st_size == 0]
    assert not empty


def test_exports_are_those_of_mes_graph_export(built: Path, dataset: Dataset):
    for fmt, (_, suffix, _) in export.FORMATS.items():
        assert (built / "exports" / f"mes-graph{suffix}").read_bytes() == export.render(
            dataset, fmt
        ), fmt
    assert (built / "exports/mes-graph.graphml").read_bytes() == export.render(dataset, "graphml")
    assert (built / "exports/mes-graph.gexf").read_bytes() == export.render(dataset, "gexf")
    for name, data in export.render(dataset, "csv").items():
        assert (built / "exports/csv" / name).read_bytes() == data, name
    documents = export.render(dataset, "jsonld", "schemaorg")
    with zipfile.ZipFile(built / "exports/schemaorg.zip") as archive:
        assert archive.testzip() is None
        assert archive.namelist() == sorted(documents)
        assert all(archive.read(name) == data for name, data in documents.items())
        entry = archive.getinfo("mes.jsonld")
    assert json.loads(documents["mes.jsonld"])["name"] == "Mouvement pour l'Économie Solidaire"
    assert entry.date_time[:3] == export.release_date(dataset).timetuple()[:3]
    assert entry.external_attr >> 16 == 0o100644


def test_description_packages_the_schemaorg_documents(built: Path):
    import hashlib

    from mes_graph import describe as dsc

    description = Graph().parse(built / "exports/description.ttl", format="turtle")
    node = dsc.URIRef("https://w3id.org/mes-graph/dataset/distribution/schemaorg.zip")
    iana = "https://www.iana.org/assignments/media-types/"
    assert str(description.value(node, dsc.DCAT.mediaType)) == iana + "application/ld+json"
    assert str(description.value(node, dsc.DCAT.packageFormat)) == iana + "application/zip"
    assert str(description.value(node, dsc.DCTERMS.conformsTo)).endswith("/profile/schemaorg")
    checksum = description.value(node, dsc.SPDX.checksum)
    digest = hashlib.sha256((built / "exports/schemaorg.zip").read_bytes()).hexdigest()
    assert str(description.value(checksum, dsc.SPDX.checksumValue)) == digest
    dumps = {str(url) for url in description.objects(dsc.DATASET, dsc.VOID.dataDump)}
    assert dumps and not any(url.endswith(".zip") for url in dumps)  # RDF dumps only


def test_description_lists_every_export(built: Path):
    from mes_graph import describe as dsc

    description = Graph().parse(built / "exports/description.ttl", format="turtle")
    assert dsc.check_description(description) == []
    described = {d.name for d in dsc.read_distributions(built / "exports/description.ttl")}
    files = {
        p.relative_to(built / "exports").as_posix()
        for p in (built / "exports").rglob("*")
        if p.is_file()
    }
    assert described == files - {"description.ttl", "context.jsonld"}


def test_metrics_files_read_back(built: Path, dataset: Dataset):
    import pandas as pd

    from mes_graph import network

    table = pd.read_csv(built / "metrics.csv")
    projection = network.alliance_network(dataset)
    assert len(table) == projection.number_of_nodes()
    assert table.loc[0, "name"] == "MES"
    metrics = Graph().parse(built / "metrics.ttl", format="turtle")
    assert len(set(metrics.subjects(network.MES.metric, None))) > len(table)


def test_report_embeds_its_charts_and_documents_the_layout(built: Path):
    page = (built / "report.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 3
    for path, _, _ in bd.LAYOUT:
        assert f'href="{path}' in page, path
    markdown = (built / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Rapport sur le graphe des alliances du MES")


def test_second_run_is_byte_identical(built: Path, capsys: pytest.CaptureFixture[str]):
    before = snapshot(built)
    assert main(["build", "-o", str(built)]) == 0
    after = snapshot(built)
    assert set(before) == set(after)
    changed = {name for name in before if before[name][0] != after[name][0]}
    assert changed <= DIFFERING, sorted(changed)
    # the final summary, plain (not a terminal): counts, and where each output is
    out = capsys.readouterr().out
    assert f"{built}/report.html" in out and f"{built}/exports/" in out
    assert "31 actors (26 organisations, 5 people)" in out


@pytest.mark.parametrize(
    ("fixture", "code"), [("broken-line-7.ttl", 2), ("invalid-organisation.ttl", 1)]
)
def test_broken_data_leaves_the_previous_build_untouched(
    built: Path, fixture: str, code: int, capsys: pytest.CaptureFixture[str]
):
    before = snapshot(built)
    assert main(["build", "-o", str(built), "--data", str(FIXTURES / fixture)]) == code
    assert snapshot(built) == before  # same bytes, same modification times
    assert sorted(p.name for p in built.parent.iterdir()) == ["build"]  # no temporary left
    out, err = capsys.readouterr()
    if code == 2:
        assert "broken-line-7.ttl:7" in err
    else:
        assert "Violation: orga:reseau-sans-contrat" in out


def test_failure_inside_a_stage_leaves_the_previous_build_untouched(
    built: Path, monkeypatch: pytest.MonkeyPatch
):
    before = snapshot(built)

    def broken(*args, **kwargs):
        raise RuntimeError("the maps stage failed")

    monkeypatch.setattr(bd.run, "map_pages", broken)
    with pytest.raises(RuntimeError, match="maps stage"):
        bd.build(built)
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["build"]


def test_a_folder_that_is_not_a_build_is_never_replaced(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["build", "-o", str(tmp_path), "--quiet"]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_json_summary_and_plain_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    output = tmp_path / "a" / "b" / "out"  # parents are created
    assert main(["build", "-o", str(output), "--json", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert summary["ok"] is True
    assert [s["name"] for s in summary["stages"]] == list(bd.STAGES)
    assert summary["counts"]["actors"] == 31 and summary["counts"]["violations"] == 0
    assert summary["seconds"] < 60  # the issue: under a minute on 2 cores (about 4 s here)
    assert summary["files"] == sum(1 for p in output.rglob("*") if p.is_file())
    # not a terminal: one plain line per stage on stderr (stdout holds only the JSON)
    lines = [line for line in err.splitlines() if line.startswith("mes-graph build: ")]
    assert [line.split()[2] for line in lines] == list(bd.STAGES)
    page = (output / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "What the graph holds" in page
    assert (output / bd.MARKER).read_bytes() == bd.MARKER_TEXT
    umask = os.umask(0o022)
    os.umask(umask)
    assert output.stat().st_mode & 0o777 == 0o755 & ~umask  # not mkdtemp's 0700


def test_profiles_shape_the_exports(tmp_path: Path, dataset: Dataset):
    files = bd.export_files(dataset, "full")
    assert files["mes-graph.nq"] == export.render(dataset, "nquads", "full")
    assert bd.export_files(dataset, "schemaorg")["mes-graph.ttl"] == export.render(
        dataset, "turtle", "public"
    )
    folder = tmp_path / "exports"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    description = bd.describe_exports(dataset, folder, "full")["description.ttl"]
    assert b"profile/full" in description and b"profile/schemaorg" in description


def test_the_site_built_alongside_the_exports_is_the_same(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a second process, even for 31 actors
    monkeypatch.setattr(bd.alongside, "SITE_ALONGSIDE_FROM", 0)
    monkeypatch.setattr(bd.alongside, "room_for_two", lambda: True)
    summary = bd.build(tmp_path / "build")
    detail = next(stage.detail for stage in summary.stages if stage.name == "site")
    assert "alongside the other stages" in detail
    before, after = snapshot(built), snapshot(tmp_path / "build")
    assert set(before) == set(after)
    assert [name for name in before if before[name][0] != after[name][0]] == []


def test_a_site_that_fails_in_its_process_leaves_the_previous_build_untouched(
    built: Path, monkeypatch: pytest.MonkeyPatch
):
    from mes_graph import site

    def broken(*args, **kwargs):
        raise ValueError("the site broke")

    monkeypatch.setattr(bd.alongside, "SITE_ALONGSIDE_FROM", 0)
    monkeypatch.setattr(bd.alongside, "room_for_two", lambda: True)
    monkeypatch.setattr(site, "build_site", broken)  # the forked process inherits it
    before = snapshot(built)
    with pytest.raises(RuntimeError, match="the site broke"):
        bd.build(built)
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["build"]


def test_the_shapes_checked_alongside_the_analysis_give_the_same_build(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a second process checks the shapes while the network is analysed, then a second
    # process builds the site, even for 31 actors
    monkeypatch.setattr(bd.alongside, "VALIDATE_ALONGSIDE_FROM", 0)
    monkeypatch.setattr(bd.alongside, "SITE_ALONGSIDE_FROM", 0)
    monkeypatch.setattr(bd.alongside, "room_for_two", lambda: True)
    summary = bd.build(tmp_path / "build")
    names = [stage.name for stage in summary.stages]
    assert names[:3] == ["load", "analyze", "validate"]  # as they ended
    details = {stage.name: stage.detail for stage in summary.stages}
    assert details["validate"].startswith("0 violations of the shapes, checked in ")
    assert details["validate"].endswith(" s alongside the analysis")
    assert "alongside the other stages" in details["site"]
    before, after = snapshot(built), snapshot(tmp_path / "build")
    assert [name for name in before if before[name][0] != after[name][0]] == []
    assert set(before) == set(after)


def test_violations_found_alongside_the_analysis_stop_the_build_with_nothing_written(
    built: Path, monkeypatch: pytest.MonkeyPatch
):
    invalid = FIXTURES / "invalid-membership.ttl"
    with pytest.raises(bd.InvalidGraph) as in_turn:
        bd.build(built, [invalid])
    monkeypatch.setattr(bd.alongside, "VALIDATE_ALONGSIDE_FROM", 0)
    monkeypatch.setattr(bd.alongside, "SITE_ALONGSIDE_FROM", 0)  # never started
    monkeypatch.setattr(bd.alongside, "room_for_two", lambda: True)
    before = snapshot(built)
    with pytest.raises(bd.InvalidGraph) as alongside:
        bd.build(built, [invalid])
    assert len(alongside.value.violations) == 3
    assert alongside.value.violations == in_turn.value.violations
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["build"]
