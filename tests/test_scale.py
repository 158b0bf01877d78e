"""The graph at the size of the sector: files the bulk loader reads, a store on disk kept
between builds, N-Quads for other servers' loaders, and igraph behind the weak points."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from mes_graph import network as nw
from mes_graph.cli import main
from mes_graph.engine import graph_sizes
from mes_graph.load import INPUTS_FILE, LoadError, load, load_kept
from mes_graph.network import connectivity, overview
from mes_graph.synth import write_synthetic


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same synthetic ESS (about 3,500 statements) in Turtle and in TriG."""
    folder = tmp_path_factory.mktemp("synth")
    return write_synthetic(folder / "s.ttl", 100), write_synthetic(folder / "s.trig", 100)


def quads(dataset: Dataset) -> set[tuple[str, ...]]:
    return {tuple(map(str, q)) for q in dataset.quads((None, None, None, None))}


# --- TriG and N-Quads, read by the bulk loader --------------------------------------------


def test_a_trig_file_gives_the_statements_and_graphs_of_its_turtle(synthetic):
    turtle, trig = synthetic
    from_turtle, from_trig = load([turtle]), load([trig])
    assert graph_sizes(from_trig) == graph_sizes(from_turtle)
    assert quads(from_trig) == quads(from_turtle)
    assert len(from_trig) == len(load()) + 3_732


def test_an_nquads_file_is_read_on_both_engines(tmp_path):
    path = tmp_path / "two.nq"
    path.write_text(
        '<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "a" <urn:g1> .\n'
        '<urn:b> <http://www.w3.org/2000/01/rdf-schema#label> "b" <urn:g2> .\n',
        encoding="utf-8",
    )
    for engine in ("oxigraph", "memory"):
        sizes = graph_sizes(load([path], shipped=False, engine=engine))
        assert sizes == {"urn:g1": 1, "urn:g2": 1}, engine


def test_literals_of_a_trig_file_are_checked_as_written(tmp_path):
    path = tmp_path / "bad.trig"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<urn:g> { <urn:a> <urn:n> "300"^^xsd:byte ; <urn:m> "01"^^xsd:integer . }\n',
        encoding="utf-8",
    )
    written = load([path], shipped=False).literals_as_written
    assert sorted(form.value for forms in written.values() for form in forms) == ["01", "300"]


@pytest.mark.parametrize(
    ("text", "where", "fault"),
    [
        ('<urn:g> {\n<urn:a> <urn:p> "x" .\n<urn:a> <urn:p> .\n}\n', ":3:", "(column"),
        ('<urn:a> <urn:p> "x" .\n', ": ", "a statement outside any named graph (<urn:a> <urn:p>"),
    ],
)
def test_a_broken_trig_file_is_named_with_its_fault_and_nothing_is_built(
    tmp_path, capsys, text, where, fault
):
    path = tmp_path / "broken.trig"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load([path], shipped=False)
    assert str(caught.value).startswith(f"{path}{where}") and fault in str(caught.value)
    assert main(["build", "-o", str(tmp_path / "out"), "--data", str(path), "--quiet"]) == 2
    assert str(path) in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- the store on disk, kept while the inputs stay -----------------------------------------


def test_a_kept_store_is_reused_for_the_same_inputs_and_filled_again_for_others(
    tmp_path, synthetic
):
    trig = synthetic[1]
    store = tmp_path / "store"
    first = load_kept([trig], store)
    size = len(first)
    assert not first.reused and size == len(load([trig]))
    first.close()
    again = load_kept([trig], store)
    assert again.reused and len(again) == size
    again.close()
    (store / INPUTS_FILE).write_text("another digest\n", encoding="ascii")  # inputs changed
    changed = load_kept([], store)
    assert not changed.reused and len(changed) == len(load())
    changed.close()


def test_a_kept_store_counts_once_and_again_when_its_inputs_change(tmp_path, synthetic):
    from mes_graph.stats import STATS_FILE, kept_stats, stats

    trig, store = synthetic[1], tmp_path / "store"
    first = load_kept([trig], store)
    counted = kept_stats(first, store)
    assert counted == stats(first) and (store / STATS_FILE).is_file()
    recorded = json.loads((store / STATS_FILE).read_text("utf-8"))
    recorded["stats"]["totals"]["triples"] = 7
    (store / STATS_FILE).write_text(json.dumps(recorded), "utf-8")
    assert kept_stats(first, store)["totals"]["triples"] == 7  # read, not counted again
    first.close()
    changed = load_kept([], store)  # other inputs: filled again, and counted again
    assert kept_stats(changed, store) == stats(changed) != counted
    changed.close()


def test_a_kept_store_never_replaces_a_folder_that_is_not_one(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(LoadError, match="not a store of mes-graph"):
        load_kept([], folder)
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "à garder"


def test_a_build_on_a_kept_store_writes_the_same_bytes_as_in_memory(tmp_path, capsys):
    memory, on_disk, reused = (tmp_path / name for name in ("memory", "disk", "reused"))
    assert main(["build", "-o", str(memory), "--quiet"]) == 0
    store = str(tmp_path / "store")
    assert main(["build", "-o", str(on_disk), "--store", store]) == 0
    assert f"store {store} filled" in capsys.readouterr().out
    assert main(["build", "-o", str(reused), "--store", store]) == 0
    assert f"store {store} reused (same inputs)" in capsys.readouterr().out
    for other in (on_disk, reused):
        files = sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(memory) for p in memory.rglob("*") if p.is_file())
        for name in files:
            assert (other / name).read_bytes() == (memory / name).read_bytes(), name


# --- N-Quads for the bulk loaders of other servers -----------------------------------------


def test_bulk_nquads_hold_every_statement_in_files_of_bounded_size(tmp_path, synthetic):
    from mes_graph.export.bulk import write_bulk

    dataset = load([synthetic[1]])
    written = write_bulk(dataset, tmp_path / "bulk", per_file=2_000)
    names = [p.name for p in written]
    assert names[-1] == "CHARGEMENT.md" and names[0] == "mes-graph-0001.nq.gz"
    assert len(names) - 1 == -(-len(dataset) // 2_000)
    independent = Dataset()  # rdflib's own parser, not Oxigraph's
    for path in written[:-1]:
        independent.parse(data=gzip.decompress(path.read_bytes()).decode(), format="nquads")
    assert quads(independent) == quads(dataset)
    again = write_bulk(dataset, tmp_path / "again", per_file=2_000)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    guide = written[-1].read_text(encoding="utf-8")
    assert "oxigraph load" in guide and "qlever index" in guide and "ld_dir(" in guide


@pytest.mark.skipif(shutil.which("zcat") is None, reason="zcat is not installed")
def test_the_guide_s_oxigraph_command_loads_the_files(tmp_path):
    from mes_graph.sparql import oxigraph_executable

    assert main(["export", "--format", "bulk", "-o", str(tmp_path / "bulk")]) == 0
    oxigraph, store = oxigraph_executable(), tmp_path / "magasin"
    for path in sorted((tmp_path / "bulk").glob("*.nq.gz")):  # as CHARGEMENT.md says
        with subprocess.Popen(["zcat", str(path)], stdout=subprocess.PIPE) as unzip:
            subprocess.run([oxigraph, "load", "--location", str(store), "--format", "nq"],
                           stdin=unzip.stdout, check=True, capture_output=True)  # fmt: skip
    count = subprocess.run(
        [oxigraph, "query", "--location", str(store), "--results-format", "csv", "--query",
         "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
        check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert count == ["n", str(len(load()))]


# --- igraph behind the weak points and the mixing ------------------------------------------


def test_igraph_finds_the_bridges_networkx_finds(synthetic):
    G = nw.alliance_network(load([synthetic[0]]))
    T = nw.ties(G)
    assert T.number_of_nodes() >= nw.backends.IGRAPH_FROM // 20
    expected = sorted(
        (tuple(sorted(p, key=str)) for p in nx.bridges(T)), key=lambda p: tuple(map(str, p))
    )
    saved = nw.backends.IGRAPH_FROM
    try:
        nw.backends.IGRAPH_FROM = 10  # the igraph path on this graph
        assert connectivity.bridges(G) == expected and expected
    finally:
        nw.backends.IGRAPH_FROM = saved


@pytest.mark.parametrize("attribute", ["kind", "region", "sector"])
def test_igraph_gives_the_networkx_assortativity(synthetic, attribute):
    G = nw.alliance_network(load([synthetic[0]]))
    reference = overview.assortativity(G, attribute, backend="networkx")
    assert overview.assortativity(G, attribute, backend="igraph") == pytest.approx(
        reference, abs=1e-12
    )


def test_counts_asked_of_the_store_are_those_of_one_pass_in_python(tmp_path, synthetic):
    from mes_graph.engine import statements
    from mes_graph.stats import _counts, stats

    path = tmp_path / "twice.nq"  # one statement in two graphs, and one in three
    path.write_text(
        "".join(
            f'<urn:a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@fr <urn:g{i}> .\n'
            f"<urn:m> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<http://www.w3.org/ns/org#Membership> <urn:g{i}> .\n"
            for i in (1, 2, 3)
        )
        + "<urn:m> <http://www.w3.org/ns/org#memberDuring> <urn:t> <urn:g1> .\n",
        encoding="utf-8",
    )
    for files in ([path], [synthetic[1]]):
        dataset = load(files)
        counted = stats(dataset)
        assert counted == _counts(statements(dataset))
    twice = stats(load([path], shipped=False))
    assert twice["totals"]["triples"] == 3 and twice["languages"] == {"fr": 3}
    assert twice["totals"]["memberships"] == twice["totals"]["memberships with a date"] == 1
