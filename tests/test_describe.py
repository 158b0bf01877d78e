"""The DCAT and VoID description: what it holds, its shapes, its distributions' checksums."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from mes_graph import describe as dsc
from mes_graph.base.terms import DCTERMS, MES, RDF, XSD
from mes_graph.export import PROFILE, export

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def written(tmp_path_factory, dataset) -> list[dsc.Distribution]:
    folder = tmp_path_factory.mktemp("release")
    turtle = export(dataset, "turtle", folder / "mes-graph.ttl")
    tables = export(dataset, "csv", folder / "tables")
    files = [turtle, *sorted(tables.iterdir())]
    return [dsc.distribution(f, folder) for f in files]


@pytest.fixture(scope="module")
def description(dataset, written) -> Graph:
    return dsc.describe(dataset, written, endpoint="http://127.0.0.1:7878/query")


def test_description_passes_its_shapes(description):
    assert dsc.check_description(description) == []


def test_shapes_catch_a_description_without_licence_or_checksum(description):
    broken = Graph()
    for triple in description:
        if triple[1] not in (DCTERMS.license, dsc.SPDX.checksumValue):
            broken.add(triple)
    messages = {v.message for v in dsc.check_description(broken)}
    assert "the data is published under CC BY 4.0" in messages
    assert "a distribution has a SHA-256 checksum" in messages


def test_title_description_publisher_licence_version_dates(description, dataset):
    d = dsc.DATASET
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {v.language for v in description.objects(d, prop)} == {"fr", "en"}
    publisher = description.value(d, DCTERMS.publisher)
    assert str(description.value(publisher, dsc.FOAF.name)) == "mes-graph contributors"
    assert description.value(d, DCTERMS.license) == dsc.LICENSE
    assert description.value(d, dsc.DCAT.version) == Literal("0.1.0")
    assert description.value(d, DCTERMS.issued) == Literal("2026-11-30", datatype=XSD.date)
    assert description.value(d, DCTERMS.conformsTo) == PROFILE["public"]


def test_counts_vocabularies_examples_and_endpoint(description, dataset):
    d = dsc.DATASET
    assert description.value(d, dsc.VOID.triples).toPython() == len(dataset)
    assert description.value(d, dsc.VOID.entities).toPython() > 100
    assert description.value(d, MES.sourceCount).toPython() == 7  # MES, INSEE, M49, ours, 3 pages
    vocabularies = {str(v) for v in description.objects(d, dsc.VOID.vocabulary)}
    assert {"http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#"} <= vocabularies
    assert "https://w3id.org/mes-graph/ontology#" in vocabularies
    assert len(set(description.objects(d, dsc.VOID.exampleResource))) == 3
    endpoint = URIRef("http://127.0.0.1:7878/query")
    assert description.value(d, dsc.VOID.sparqlEndpoint) == endpoint
    assert (dsc.SERVICE, dsc.DCAT.endpointURL, endpoint) in description


def test_one_distribution_per_file_with_media_type_size_and_sha256(description, written):
    distributions = set(description.objects(dsc.DATASET, dsc.DCAT.distribution))
    assert len(distributions) == len(written)
    for dist in written:
        node = URIRef(f"https://w3id.org/mes-graph/dataset/distribution/{dist.name}")
        assert node in distributions
        size = description.value(node, dsc.DCAT.byteSize)
        assert size == Literal(str(dist.path.stat().st_size), datatype=XSD.nonNegativeInteger)
        checksum = description.value(node, dsc.SPDX.checksum)
        value = str(description.value(checksum, dsc.SPDX.checksumValue))
        assert value == hashlib.sha256(dist.path.read_bytes()).hexdigest()
        media = str(description.value(node, dsc.DCAT.mediaType))
        assert media.endswith("/text/turtle" if dist.name.endswith(".ttl") else "/text/csv")


def test_description_is_byte_stable(dataset, written):
    first = dsc.description_turtle(dsc.describe(dataset, written))
    assert first == dsc.description_turtle(dsc.describe(dataset, list(reversed(written))))


def test_modified_date_comes_from_source_date_epoch(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000"}  # 2030-01-01
    command = [sys.executable, "-m", "mes_graph.cli", "describe", "-o", str(tmp_path / "d.ttl")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "d.ttl", format="turtle")
    assert graph.value(dsc.DATASET, DCTERMS.modified) == Literal("2030-01-01", datatype=XSD.date)


def test_describe_prints_turtle_with_the_profile_and_distributions(tmp_path):
    target = tmp_path / "mes.nt"
    target.write_bytes(b"")
    command = [
        sys.executable,
        "-m",
        "mes_graph.cli",
        "describe",
        "--profile",
        "essglobal",
        "--distribution",
        str(target),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert graph.value(dsc.DATASET, DCTERMS.conformsTo) == PROFILE["essglobal"]
    (node,) = graph.subjects(RDF.type, dsc.DCAT.Distribution)
    assert graph.value(node, dsc.DCAT.byteSize).toPython() == 0


def test_export_description_lists_the_files_of_the_folder(tmp_path):
    def run(*args):
        command = [sys.executable, "-m", "mes_graph.cli", "export", *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr

    run("--format", "nquads", "-o", str(tmp_path / "mes.nq"))
    run("--format", "jsonld", "--profile", "full", "-o", str(tmp_path / "mes.jsonld"))
    distributions = dsc.read_distributions(tmp_path / dsc.DESCRIPTION_FILE)
    assert [(d.name, d.fmt, d.profile) for d in distributions] == [
        ("mes.jsonld", "jsonld", "full"),
        ("mes.nq", "nquads", "public"),
    ]
    description = Graph().parse(tmp_path / dsc.DESCRIPTION_FILE, format="turtle")
    assert dsc.check_description(description) == []


def test_description_of_a_streamed_build_states_what_was_counted_while_writing(tmp_path):
    """Sizes, SHA-256 and VoID counts recorded as the files were written (``exports/`` of
    a synthetic ESS, its RDF files streamed from the store) are those of the files."""
    from mes_graph.build import describe_exports, write_exports
    from mes_graph.export import dumps
    from mes_graph.load import load
    from mes_graph.synth import write_synthetic

    dataset = load([write_synthetic(tmp_path / "synth.ttl", 300)])
    folder = tmp_path / "exports"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dumps, "STREAM_FROM", 0)
        written = write_exports(folder, dataset)
    files = describe_exports(dataset, written)
    assert files == describe_exports(dataset, folder)  # the same as reading every file again
    description = Graph().parse(data=files[dsc.DESCRIPTION_FILE], format="turtle")
    nodes = set(description.objects(dsc.DATASET, dsc.DCAT.distribution))
    assert len(nodes) == len(written.distributions) == 14
    for dist in written.distributions:
        node = URIRef(f"https://w3id.org/mes-graph/dataset/distribution/{dist.name}")
        assert node in nodes
        data = dist.path.read_bytes()
        size = description.value(node, dsc.DCAT.byteSize)
        assert size == Literal(str(len(data)), datatype=XSD.nonNegativeInteger)
        checksum = description.value(node, dsc.SPDX.checksum)
        value = str(description.value(checksum, dsc.SPDX.checksumValue))
        assert value == hashlib.sha256(data).hexdigest() == dist.sha256
    lines = (folder / "mes-graph.nt").read_bytes().count(b"\n")
    assert description.value(dsc.DATASET, dsc.VOID.triples).toPython() == lines
    subsets = {
        str(description.value(s, dsc.RDFS.label)): description.value(s, dsc.VOID.triples).toPython()
        for s in description.objects(dsc.DATASET, dsc.VOID.subset)
    }
    assert sum(subsets.values()) == (folder / "mes-graph.nq").read_bytes().count(b"\n")


# --- DCAT-AP: what a harvester of the EU's data portals checks -----------------------

DCAT_AP = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dcat-ap"


def dcat_ap_shapes() -> Graph:
    """DCAT-AP 3.0.1's SHACL shapes and ranges, read in place from ``../shared/data``, less
    the ``sh:property`` links to shapes they never define (SEMICeu/DCAT-AP#448, its NOTICE),
    which pySHACL refuses."""
    from rdflib.namespace import SH

    if not DCAT_AP.is_dir():
        pytest.skip("../shared/data/dcat-ap is absent: the DCAT-AP shapes are not at hand")
    shapes = Graph()
    for name in ("dcat-ap_3.0.1_dcat-ap-SHACL.ttl", "dcat-ap_3.0.1_ranges.ttl"):
        shapes.parse(DCAT_AP / name)
    defined = set(shapes.subjects(SH.path, None))
    dangling = [(s, o) for s, o in shapes.subject_objects(SH.property) if o not in defined]
    assert len(dangling) == 5  # the upstream defect, as the NOTICE counts it
    for subject, shape in dangling:
        shapes.remove((subject, SH.property, shape))
    return shapes


def test_every_description_passes_the_dcat_ap_3_shapes(tmp_path):
    """``describe`` alone, and the descriptions a build writes beside its exports and in its
    site: no violation, no warning, against DCAT-AP 3.0.1."""
    import pyshacl

    from mes_graph.cli import main

    shapes = dcat_ap_shapes()
    out = tmp_path / "described.ttl"
    assert main(["describe", "-o", str(out)]) == 0
    assert main(["build", "-o", str(tmp_path / "build"), "--quiet"]) == 0
    built = tmp_path / "build"
    for path in (
        out,
        built / "exports" / "description.ttl",
        built / "site/donnees/description.ttl",
    ):
        data = Graph().parse(path)
        conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inplace=False)
        results = list(
            report.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult"))
        )
        assert conforms and not results, f"{path.name}: {text}"  # nor warning
    data = Graph().parse(built / "exports" / "description.ttl")
    dcat = "http://www.w3.org/ns/dcat#"
    formats = {str(o) for o in data.objects(None, DCTERMS["format"])}
    eu = "http://publications.europa.eu/resource/authority/"
    assert f"{eu}file-type/RDF_N_QUADS" in formats and all(f.startswith(eu) for f in formats)
    dataset = URIRef("https://w3id.org/mes-graph/dataset")
    for prop in ("contactPoint", "landingPage", "theme"):
        assert data.value(dataset, URIRef(dcat + prop)) is not None, prop
    assert data.value(dataset, DCTERMS.spatial) == URIRef(f"{eu}country/FRA")
    assert data.value(dataset, DCTERMS.source) is None  # documents are not datasets
