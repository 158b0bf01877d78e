"""The difference between two releases: exactly the edits made, in words and as RDF."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Dataset, Graph, Literal

from mes_graph import diff as df
from mes_graph.base.terms import ID, ORG, PROV, RDF, SCHEMA, SKOS
from mes_graph.engine import union_graph
from mes_graph.export import serialize

ORGA, MS = "organisation/", "membership/"


def edited(graph: Graph) -> Graph:
    """The next release: one actor added, one removed, one changed, one membership's role
    changed, one label changed and one English label added."""
    new = Graph()
    for triple in graph:
        new.add(triple)
    reseau, mes = ID[ORGA + "nouveau-reseau"], ID[ORGA + "mes"]
    source = ID["source/mes-presentation"]
    new.add((reseau, RDF.type, ORG.Organization))
    new.add((reseau, SKOS.prefLabel, Literal("Nouveau réseau", lang="fr")))
    new.add((reseau, ORG.classification, ID["concept/kind/reseau-territorial"]))
    new.add((reseau, ORG.memberOf, mes))
    membership = ID[MS + "nouveau-reseau--mes"]
    new.add((membership, RDF.type, ORG.Membership))
    new.add((membership, ORG.member, reseau))
    new.add((membership, ORG.organization, mes))
    new.add((membership, ORG.role, ID["concept/role/membre"]))
    new.add((membership, PROV.wasDerivedFrom, source))
    for node in (ID[ORGA + "pes21"], ID[MS + "pes21--mes"]):
        new.remove((node, None, None))
    new.remove((ID[MS + "cre-sol--mes"], ORG.role, None))
    new.add((ID[MS + "cre-sol--mes"], ORG.role, ID["concept/role/membre-fondateur"]))
    new.remove((ID[ORGA + "cre-sol"], SCHEMA.areaServed, None))
    new.add((ID[ORGA + "cre-sol"], SCHEMA.areaServed, ID["place/region/53"]))
    new.remove((ID[ORGA + "apes"], SKOS.prefLabel, Literal("APES", lang="fr")))
    new.add((ID[ORGA + "apes"], SKOS.prefLabel, Literal("APES Hauts-de-France", lang="fr")))
    new.add((ID[ORGA + "ardes"], SKOS.prefLabel, Literal("ARDES Normandy", lang="en")))
    return new


@pytest.fixture(scope="module")
def releases(tmp_path_factory, dataset):
    folder = tmp_path_factory.mktemp("releases")
    old = union_graph(dataset)
    (folder / "old.ttl").write_bytes(serialize(dataset, "turtle"))
    new = Dataset()
    new.graph(ID["source/mes-presentation"]).__iadd__(edited(old))
    (folder / "new.nq").write_bytes(serialize(new, "nquads"))
    return folder / "old.ttl", folder / "new.nq"


def test_exactly_the_edits_are_reported(releases):
    changes = df.diff(*(df.read_release(p) for p in releases))
    tail = lambda nodes: [str(n).rsplit("/", 1)[-1] for n in nodes]  # noqa: E731
    assert tail(changes.actors_added) == ["nouveau-reseau"]
    assert tail(changes.actors_removed) == ["pes21"]
    assert [(tail([a])[0], p, tail(w), tail(n)) for a, p, w, n in changes.actors_changed] == [
        ("cre-sol", SCHEMA.areaServed, ["24"], ["53"])
    ]
    assert tail(m.key for m in changes.memberships_added) == ["nouveau-reseau--mes"]
    assert tail(m.key for m in changes.memberships_removed) == ["pes21--mes"]
    [(was, now)] = changes.memberships_changed
    assert tail([was.role, now.role]) == ["membre", "membre-fondateur"]
    assert changes.labels_added == [
        (ID[ORGA + "ardes"], SKOS.prefLabel, Literal("ARDES Normandy", lang="en"))
    ]
    assert changes.labels_removed == []
    assert changes.labels_changed == [
        (
            ID[ORGA + "apes"],
            SKOS.prefLabel,
            Literal("APES", lang="fr"),
            Literal("APES Hauts-de-France", lang="fr"),
        )
    ]
    assert (changes.other_added, changes.other_removed) == (0, 0)


def test_release_notes_in_words(releases):
    command = [sys.executable, "-m", "mes_graph.cli", "diff", *map(str, releases)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Acteurs ajoutés (actors added) : 1",
        "  + Nouveau réseau [Réseau territorial] <https://w3id.org/mes-graph/id/organisation/nouveau-reseau>",
        "Acteurs retirés (actors removed) : 1",
        "  − PES21 [Réseau territorial] <https://w3id.org/mes-graph/id/organisation/pes21>",
        "Acteurs modifiés (actors changed) : 1",
        "  ~ Cré-sol : schema:areaServed : Centre-Val de Loire → Bretagne",
        "Adhésions ajoutées (memberships added) : 1",
        "  + Nouveau réseau → MES, rôle Membre",
        "Adhésions retirées (memberships removed) : 1",
        "  − PES21 → MES, rôle Membre",
        "Adhésions modifiées (memberships changed) : 1",
        "  ~ Cré-sol → MES : rôle Membre → Membre fondateur",
        "Libellés ajoutés (labels added) : 1",
        "  + ARDES : skos:prefLabel@en « ARDES Normandy »",
        "Libellés modifiés (labels changed) : 1",
        "  ~ APES Hauts-de-France : skos:prefLabel@fr « APES » → « APES Hauts-de-France »",
    ]


def test_changeset_as_rdf(releases, tmp_path):
    out = tmp_path / "changes.trig"
    command = [sys.executable, "-m", "mes_graph.cli", "diff", "--rdf", "-o", str(out)]
    result = subprocess.run([*command, *map(str, releases)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    changes = Dataset()
    changes.parse(out, format="trig")
    old, new = (df.read_release(p) for p in releases)
    removed, added = changes.graph(df.REMOVED), changes.graph(df.ADDED)
    rebuilt = Graph()
    for triple in old:
        if triple not in removed:
            rebuilt.add(triple)
    for triple in added:
        rebuilt.add(triple)
    assert set(rebuilt) == set(new)
    assert (ID[ORGA + "apes"], SKOS.prefLabel, Literal("APES", lang="fr")) in removed


def test_same_release_has_no_changes(releases):
    old = df.read_release(releases[0])
    assert not df.diff(old, old)
    assert df.format_changes(df.diff(old, old)) == "Aucun changement (no changes).\n"


def test_a_missing_or_unreadable_release_is_exit_2(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    for args in (["nope.ttl", str(bad)], [str(bad), str(bad)]):
        command = [sys.executable, "-m", "mes_graph.cli", "diff", *args]
        result = subprocess.run(command, capture_output=True, text=True)
        assert result.returncode == 2 and result.stderr.startswith("mes-graph: error:")
