"""Network analysis: the projection, each metric on hand-computed graphs, facts of the MES
graph, paths, communities, the metrics back as RDF and as tables, the commands."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from datetime import date, datetime

import networkx as nx
import pandas as pd
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from mes_graph import network as nw
from mes_graph.actors import UnknownActor, label
from mes_graph.base.terms import DCTERMS, ID, MES, ORG, OWL, PROV, RDF, RDFS, SKOS
from mes_graph.cli import main
from mes_graph.engine import union_graph
from mes_graph.load import load, resource_dir

MES_ = str(ID["organisation/mes"])
RIPESS = str(ID["organisation/ripess-europe"])
ARDES = str(ID["organisation/ardes"])
RESEARCHERS = [
    str(ID[f"person/{slug}"])
    for slug in ("jean-louis-laville", "josette-combes", "laurent-fraisse", "laurent-gardin")
]
WHEN = datetime(2026, 11, 30, 12, 0, 0)


@pytest.fixture(scope="module")
def alliances(dataset) -> nx.MultiDiGraph:
    return nw.alliance_network(dataset)


def approx(values: dict, expected: dict, abs_: float = 1e-6) -> None:
    assert values.keys() == expected.keys()
    for node, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(values[node]), node
        else:
            assert values[node] == pytest.approx(value, abs=abs_), node


# ---------------------------------------------------------------------------
# Hand-built graphs: a path, a star, two triangles joined by a bridge
# ---------------------------------------------------------------------------

PATH = nx.path_graph(3)  # 0 - 1 - 2
STAR = nx.star_graph(3)  # 0 at the centre of 1, 2, 3
TRIANGLES = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f")])
TRIANGLES.add_edge("f", "d")


def test_betweenness_by_hand():
    approx(nw.betweenness(PATH), {0: 0.0, 1: 1.0, 2: 0.0})
    approx(nw.betweenness(STAR), {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0})
    # c and d carry the 6 paths from {a, b} to {d, e, f} / {e, f} to {a, b, c}: 6 of 10 pairs
    approx(nw.betweenness(TRIANGLES), dict(a=0.0, b=0.0, c=0.6, d=0.6, e=0.0, f=0.0))


def test_closeness_by_hand():
    approx(nw.closeness(PATH), {0: 2 / 3, 1: 1.0, 2: 2 / 3})
    approx(nw.closeness(STAR), {0: 1.0, 1: 3 / 5, 2: 3 / 5, 3: 3 / 5})
    # c is at 1 from a, b, d and 2 from e, f: 5 / 7
    assert nw.closeness(TRIANGLES)["c"] == pytest.approx(5 / 7)
    # a: 1 + 1 + 2 + 3 + 3
    assert nw.closeness(TRIANGLES)["a"] == pytest.approx(5 / 10)


def test_degrees_by_hand():
    assert nw.degree(STAR) == {0: 3, 1: 1, 2: 1, 3: 1}
    assert nw.in_degree(PATH) == nw.out_degree(PATH) == {0: 1, 1: 2, 2: 1}
    directed = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("hub", "top"), ("hub", "top")])
    assert nw.in_degree(directed) == {"a": 0, "hub": 2, "b": 0, "top": 2}
    assert nw.out_degree(directed) == {"a": 1, "hub": 2, "b": 1, "top": 0}
    assert nw.degree(directed) == {"a": 1, "hub": 3, "b": 1, "top": 1}  # partners, not links
    assert nw.in_degree(nx.DiGraph([("a", "b")])) == {"a": 0, "b": 1}


def test_pagerank_by_hand():
    # a -> b: p_a = 0.15/2 + 0.85 p_b/2 (b dangles), p_a + p_b = 1
    approx(nw.pagerank(nx.DiGraph([("a", "b")])), {"a": 0.5 / 1.425, "b": 1 - 0.5 / 1.425})
    # leaves -> centre: p_l = 0.0375 + 0.2125 p_c, p_c = 0.133125 / 0.245625
    star = nx.DiGraph([(1, 0), (2, 0), (3, 0)])
    centre = 0.133125 / 0.245625
    approx(nw.pagerank(star), {1: 0.0375 + 0.2125 * centre, 0: centre, 2: 0.152672, 3: 0.152672})
    # undirected path: p_end = 0.07125 / 0.2775, p_mid = 0.05 + 1.7 p_end
    end = 0.07125 / 0.2775
    approx(nw.pagerank(PATH), {0: end, 1: 0.05 + 1.7 * end, 2: end})
    assert sum(nw.pagerank(TRIANGLES).values()) == pytest.approx(1.0)


def test_eigenvector_by_hand_and_where_undefined():
    approx(nw.eigenvector(PATH), {0: 0.5, 1: 2**-0.5, 2: 0.5})
    approx(nw.eigenvector(STAR), {0: 2**-0.5, 1: 6**-0.5, 2: 6**-0.5, 3: 6**-0.5})
    # lambda = 1 + sqrt 2, x_c = sqrt 2 x_a, unit norm: x_a = 1 / (2 sqrt 2), x_c = 1/2
    a = 1 / (2 * 2**0.5)
    approx(nw.eigenvector(TRIANGLES), dict(a=a, b=a, c=0.5, d=0.5, e=a, f=a))
    # disconnected: defined on the largest component only
    parts = nx.Graph([(1, 2), (2, 3), (3, 1), (4, 5)])
    third = 3**-0.5
    approx(nw.eigenvector(parts), {1: third, 2: third, 3: third, 4: math.nan, 5: math.nan})
    assert all(math.isnan(v) for v in nw.eigenvector(nx.empty_graph(3)).values())


def test_eigenvector_that_does_not_converge_is_nan(monkeypatch):
    def fail(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(1)

    monkeypatch.setattr(nx, "eigenvector_centrality", fail)
    assert all(math.isnan(v) for v in nw.eigenvector(STAR).values())


def test_brokerage_by_hand():
    approx(nw.constraint(PATH), {0: 1.0, 1: 0.5, 2: 1.0})
    approx(nw.constraint(STAR), {0: 1 / 3, 1: 1.0, 2: 1.0, 3: 1.0})
    # c: (1/3 + 1/3 * 1/2)^2 for a and for b, (1/3)^2 for d
    assert nw.constraint(TRIANGLES)["c"] == pytest.approx(11 / 18)
    approx(nw.effective_size(PATH), {0: 1.0, 1: 2.0, 2: 1.0})
    approx(nw.effective_size(STAR), {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0})
    assert nw.effective_size(TRIANGLES)["c"] == pytest.approx(3 - 2 / 3)  # n - 2t/n
    lonely = nx.Graph([(1, 2)])
    lonely.add_node(3)
    assert math.isnan(nw.constraint(lonely)[3]) and math.isnan(nw.effective_size(lonely)[3])


def test_core_number_and_clustering_by_hand():
    assert nw.core_number(PATH) == {0: 1, 1: 1, 2: 1}
    assert nw.core_number(STAR) == {0: 1, 1: 1, 2: 1, 3: 1}
    assert set(nw.core_number(TRIANGLES).values()) == {2}
    assert nw.clustering(PATH) == {0: 0, 1: 0, 2: 0}
    approx(nw.clustering(TRIANGLES), dict(a=1.0, b=1.0, c=1 / 3, d=1 / 3, e=1.0, f=1.0))


def test_cut_points_and_bridges_by_hand():
    assert nw.cut_points(PATH) == [1]
    assert nw.cut_points(STAR) == [0]
    assert nw.cut_points(TRIANGLES) == ["c", "d"]
    assert nw.bridges(TRIANGLES) == [("c", "d")]
    assert nw.bridges(PATH) == [(0, 1), (1, 2)]
    assert nw.separated_by(TRIANGLES, "c") == [["d", "e", "f"], ["a", "b"]]


def test_communities_and_modularity_by_hand():
    groups = nw.communities(TRIANGLES)
    assert groups == [["a", "b", "c"], ["d", "e", "f"]]
    # 2 (3/7 - (7/14)^2)
    assert nw.modularity(TRIANGLES, groups) == pytest.approx(5 / 14)
    assert math.isnan(nw.modularity(nx.empty_graph(2), [[0], [1]]))


def test_assortativity_by_hand():
    kinds = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y", "f": "y"}
    graph = TRIANGLES.copy()
    nx.set_node_attributes(graph, kinds, "kind")
    # e = [[6, 1], [1, 6]] / 14, a = b = 1/2: (12/14 - 1/2) / (1 - 1/2)
    assert nw.assortativity(graph, "kind") == pytest.approx(5 / 7)
    star = STAR.copy()
    nx.set_node_attributes(star, {0: "hub", 1: "leaf", 2: "leaf", 3: "leaf"}, "kind")
    assert nw.assortativity(star, "kind") == pytest.approx(-1.0)
    same = TRIANGLES.copy()
    nx.set_node_attributes(same, "x", "kind")
    assert math.isnan(nw.assortativity(same, "kind"))  # a single category: undefined
    missing = STAR.copy()
    nx.set_node_attributes(missing, {0: "hub", 1: None}, "kind")
    assert math.isnan(nw.assortativity(missing, "kind"))  # no tie between valued actors
    assert math.isnan(nw.assortativity(STAR, "region"))


def test_summary_by_hand():
    s = nw.summary(TRIANGLES)
    assert (s["nodes"], s["links"], s["ties"], s["components"]) == (6, 7, 7, 1)
    assert (s["diameter"], s["communities"], s["bridges"]) == (3, 2, 1)
    assert s["density"] == pytest.approx(7 / 15)
    assert s["modularity"] == pytest.approx(5 / 14)
    assert s["articulation_points"] == ["c", "d"]
    parts = nw.summary(nx.Graph([(1, 2), (2, 3), (4, 5)]))
    assert (parts["components"], parts["largest_component"], parts["diameter"]) == (2, 3, 2)


# ---------------------------------------------------------------------------
# The projection
# ---------------------------------------------------------------------------


def test_projection_of_the_shipped_graph(alliances):
    assert alliances.number_of_nodes() == 31
    assert alliances.number_of_edges() == 32
    relations = Counter(relation for *_, relation in alliances.edges(data="relation"))
    assert relations == {
        "membership": 25,
        "affiliation": 4,
        "participation": 1,  # org:linkedTo says it again: no second link
        "founding": 1,
        "succession": 1,
    }
    assert list(alliances.nodes) == sorted(alliances.nodes)
    edges = list(alliances.edges(keys=True))
    assert edges == sorted(edges)
    assert nw.ties(alliances)[MES_][RIPESS]["weight"] == 3


def test_every_membership_is_an_edge_with_its_role_and_source(dataset, alliances):
    memberships = sorted(set(dataset.subjects(RDF.type, ORG.Membership)))
    assert len(memberships) == 29
    for membership in memberships:
        member = str(dataset.value(membership, ORG.member))
        body = str(dataset.value(membership, ORG.organization))
        role = dataset.value(membership, ORG.role)
        data = alliances.edges[member, body, str(membership)]
        assert data["relation"] in ("membership", "affiliation")
        assert data["role"] == label(dataset, role, "en")
        assert data["role_iri"] == str(role)
        assert data["source"] == str(dataset.value(membership, PROV.wasDerivedFrom))
        assert data["membership"] == str(membership)
    assert len(nw.memberships(alliances)) == 29
    gardin = alliances.edges[
        RESEARCHERS[3],
        str(ID["organisation/chair-ess"]),
        str(ID["membership/laurent-gardin--chair-ess"]),
    ]
    assert gardin["relation"] == "affiliation"


def test_no_literal_and_no_stranger_is_a_node(dataset, alliances):
    subjects = {str(s) for s in dataset.subjects() if isinstance(s, URIRef)}
    for node, data in alliances.nodes(data=True):
        assert type(node) is str and node.startswith("https://w3id.org/mes-graph/id/")
        assert node in subjects
        assert data["type"] in ("organisation", "person")
        assert set(data) >= {"label", "name", "kind", "region", "sector", "legal_form"}
    assert alliances.nodes[MES_]["name"] == "MES"
    assert alliances.nodes[MES_]["kind"] == "Movement"
    assert alliances.nodes[ARDES]["region"] == "Normandy"
    assert alliances.nodes[RESEARCHERS[0]]["type"] == "person"
    assert alliances.nodes[str(ID["organisation/ufisc"])]["sector"] is not None


def test_the_graph_handed_in_is_not_changed(dataset):
    before = (len(dataset), set(dataset.quads()))
    nw.alliance_network(dataset, concepts=True, as_of=date(2020, 1, 1))
    assert (len(dataset), set(dataset.quads())) == before


def test_two_projections_are_identical(dataset, alliances):
    again = nw.alliance_network(dataset)
    assert list(again.nodes(data=True)) == list(alliances.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(alliances.edges(keys=True, data=True))


class CountingGraph(Graph):
    """A graph that counts the triple patterns asked of it."""

    calls = 0

    def triples(self, pattern):
        CountingGraph.calls += 1
        return super().triples(pattern)


def queries_to_project(triples) -> int:
    graph = CountingGraph()
    for triple in triples:
        graph.add(triple)
    CountingGraph.calls = 0
    nw.alliance_network(graph)
    return CountingGraph.calls


def test_the_projection_asks_no_query_per_node(dataset):
    # as many pattern queries for 6 actors as for 32: one per predicate, none per node
    assert queries_to_project(nw.tiny_alliance()) == queries_to_project(union_graph(dataset))


DATED = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix mes: <https://w3id.org/mes-graph/ontology#> .
<urn:x:a> a org:Organization . <urn:x:b> a org:Organization . <urn:x:c> a org:Organization .
<urn:x:m1> a org:Membership ; org:member <urn:x:a> ; org:organization <urn:x:b> ;
    prov:wasDerivedFrom <urn:x:doc> ;
    org:memberDuring [ time:hasBeginning [ time:inXSDgYear "2010"^^xsd:gYear ] ;
                       time:hasEnd [ time:inXSDgYearMonth "2015-06"^^xsd:gYearMonth ] ] .
<urn:x:m2> a org:Membership ; org:member <urn:x:c> ; org:organization <urn:x:b> .
<urn:x:a> org:memberOf <urn:x:b> .
<urn:x:c> org:memberOf <urn:x:a> ; mes:participatesIn "not a node" .
"""


@pytest.mark.parametrize(
    ("day", "kept"),
    [
        (None, True),
        (date(2009, 12, 31), False),
        (date(2010, 1, 1), True),
        (date(2015, 6, 30), True),
        (date(2015, 7, 1), False),
    ],
)
def test_as_of_keeps_the_memberships_valid_that_day(day, kept):
    graph = nw.alliance_network(Graph().parse(data=DATED, format="turtle"), as_of=day)
    assert graph.has_edge("urn:x:a", "urn:x:b", "urn:x:m1") is kept
    assert graph.has_edge("urn:x:c", "urn:x:b", "urn:x:m2")  # undated: always kept
    assert not graph.has_edge("urn:x:a", "urn:x:b", "membership")  # the shortcut never stands in
    if kept:
        data = graph.edges["urn:x:a", "urn:x:b", "urn:x:m1"]
        assert (data["since"], data["until"], data["source"]) == ("2010", "2015-06", "urn:x:doc")


def test_the_shortcut_alone_makes_a_membership_and_literals_make_nothing():
    graph = nw.alliance_network(Graph().parse(data=DATED, format="turtle"))
    data = graph.edges["urn:x:c", "urn:x:a", "membership"]
    assert (data["relation"], data["role"]) == ("membership", None)
    assert sorted(graph.nodes) == ["urn:x:a", "urn:x:b", "urn:x:c"]
    assert graph.number_of_edges() == 3


def test_as_of_keeps_the_undated_shipped_memberships(dataset, alliances):
    old = nw.alliance_network(dataset, as_of=date(2003, 1, 1))  # MES founded in March 2002
    assert old.number_of_edges() == alliances.number_of_edges()
    assert old.graph["as_of"] == "2003-01-01"


def test_as_of_leaves_out_the_actors_not_yet_founded(dataset, alliances):
    mes, irene = (
        str(ID["organisation/mes"]),
        str(ID["organisation/inter-reseaux-economie-solidaire"]),
    )
    assert alliances.nodes[mes]["founded"] == "2002-03"
    before = nw.alliance_network(dataset, as_of=nw.as_of_date("2000"))
    assert mes not in before and irene in before  # the Inter-Réseaux: June 1997
    assert before.number_of_nodes() == alliances.number_of_nodes() - 1
    assert before.number_of_edges() == 4  # MES's 28 links gone with it
    assert nw.as_of_date("2002-02") < date(2002, 3, 1) <= nw.as_of_date("2002-03")
    assert mes in nw.alliance_network(dataset, as_of=nw.as_of_date("2002-03"))


def test_concepts_are_a_second_node_type_left_out_of_the_metrics(dataset):
    graph = nw.alliance_network(dataset, concepts=True)
    concepts = [n for n, kind in graph.nodes(data="type") if kind == "concept"]
    assert len(concepts) == 8 + 5 + 2  # the sectors, regions, France and Europe in use
    relations = Counter(r for *_, r in graph.edges(data="relation"))
    assert (relations["classification"], relations["area_served"]) == (8, 5 + 3)
    assert nw.ties(graph).number_of_nodes() == 31
    assert len(nw.metrics_table(graph)) == 31


def test_co_membership_projections(alliances):
    members = nw.co_membership(alliances)
    assert members.number_of_edges() == 18 * 17 // 2  # MES's 18 members share MES
    assert {w for *_, w in members.edges(data="weight")} == {1}
    bodies = nw.co_membership(alliances, "bodies")
    assert bodies.number_of_edges() == 6 * 5 // 2 + 4  # MES's 6 bodies; MES and each lab
    assert bodies[MES_][str(ID["organisation/riuess"])]["shared"] == [RESEARCHERS[1]]
    twice = nx.MultiDiGraph()
    for member, body in [("p", "x"), ("q", "x"), ("p", "y"), ("q", "y")]:
        twice.add_edge(member, body, relation="membership")
    assert nw.co_membership(twice)["p"]["q"] == {"weight": 2, "shared": ["x", "y"]}
    with pytest.raises(ValueError, match="side"):
        nw.co_membership(twice, "both")


# ---------------------------------------------------------------------------
# Facts of the MES graph
# ---------------------------------------------------------------------------


def test_mes_has_the_highest_betweenness(alliances):
    scores = nw.betweenness(alliances)
    assert max(scores, key=scores.get) == MES_
    assert all(scores[MES_] > v for n, v in scores.items() if n != MES_)
    assert [a for a, _ in nw.brokers(alliances)] == [MES_, *RESEARCHERS]


def test_removing_mes_separates_the_territorial_networks_from_ripess_europe(alliances):
    territorial = [n for n, k in alliances.nodes(data="kind") if k == "Territorial network"]
    assert len(territorial) == 5
    without = nw.ties(alliances).copy()
    assert all(nx.has_path(without, t, RIPESS) for t in territorial)
    without.remove_node(MES_)
    assert not any(nx.has_path(without, t, RIPESS) for t in territorial)
    parts = nw.separated_by(alliances, "MES")
    assert [RIPESS] in parts and [ARDES] in parts
    assert MES_ in nw.cut_points(alliances)


def test_the_path_from_ardes_to_ripess_europe_goes_through_mes(alliances):
    paths = nw.shortest_paths(alliances, "ARDES", "RIPESS Europe")
    assert len(paths) == 1
    assert [step["to"] for step in paths[0]] == [MES_, RIPESS]
    assert nw.format_path(alliances, paths[0]) == (
        "ARDES -member of-> MES -member of (founding member; member of the coordination "
        "committee), founder of-> RIPESS Europe"
    )
    back = nw.shortest_paths(alliances, RIPESS, URIRef(ARDES))
    assert nw.format_path(alliances, back[0]).endswith("MES <-member of- ARDES")
    assert nw.shortest_paths(alliances, "MES", "MES") == [[]]


def test_paths_read_in_french_and_list_every_shortest_path(dataset):
    french = nw.alliance_network(dataset, lang="fr")
    (path,) = nw.shortest_paths(french, "ARDES", "RIPESS Europe")
    assert nw.format_path(french, path).startswith("ARDES -membre de-> MES -membre de (")
    # two researchers reach each other through MES only; two labs through 3 steps
    paths = nw.shortest_paths(french, "CHAIR'ESS", "RIUESS")
    assert len(paths) == 1 and len(paths[0]) == 4
    diamond = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")], relation="x")
    nx.set_edge_attributes(diamond, "membership", "relation")
    assert [[s["to"] for s in p] for p in nw.shortest_paths(diamond, "a", "d")] == [
        ["b", "d"],
        ["c", "d"],
    ]
    apart = nx.MultiDiGraph()
    apart.add_nodes_from(["a", "b"])
    assert nw.shortest_paths(apart, "a", "b") == []


def test_ego_map(alliances):
    one = nw.ego(alliances, "RIPESS Europe", 1)
    assert sorted(one.nodes) == [MES_, RIPESS]
    assert one.number_of_edges() == 3
    two = nw.ego(alliances, URIRef(RIPESS), 2)
    assert two.number_of_nodes() == 27  # MES and its 26 partners
    assert two.nodes[ARDES]["distance"] == 2
    assert alliances.number_of_nodes() == 31  # untouched
    assert (
        nw.format_ego(one).splitlines()[0]
        == "Ego map of RIPESS Europe, radius 1: 2 actors, 3 links"
    )
    with pytest.raises(ValueError):
        nw.ego(alliances, "MES", -1)


def test_same_seed_same_communities(dataset, alliances):
    first = nw.communities(alliances, seed=7)
    assert first == nw.communities(nw.alliance_network(dataset), seed=7)
    assert nw.communities(alliances) == nw.communities(alliances, seed=42)
    assert sorted(n for group in first for n in group) == sorted(alliances.nodes)
    assert [RESEARCHERS[3], str(ID["organisation/chair-ess"])] in [
        sorted(g, reverse=True) for g in first
    ]


def test_invalid_actor_names_give_the_candidates(alliances):
    with pytest.raises(UnknownActor) as caught:
        nw.shortest_paths(alliances, "ARDES", "Ripes Europe")
    assert "RIPESS Europe" in caught.value.candidates
    with pytest.raises(UnknownActor, match="no actor named « nobody at all »"):
        nw.ego(alliances, "nobody at all")
    assert nw.find_actor(alliances, "ardes") == ARDES
    assert nw.find_actor(alliances, ID["organisation/ardes"]) == ARDES


def test_summary_of_the_shipped_graph(alliances):
    s = nw.summary(alliances)
    assert (s["nodes"], s["links"], s["ties"], s["components"], s["diameter"]) == (31, 32, 30, 1, 4)
    assert s["articulation_points"] == [MES_, *RESEARCHERS]
    assert s["bridges"] == 30  # the alliances are a tree around MES
    assert s["assortativity_kind"] < 0  # ties cross kinds of actor
    assert math.isnan(s["assortativity_region"])  # no tie between two territorial networks
    assert 0 < s["modularity"] < 1


# ---------------------------------------------------------------------------
# Tables and RDF
# ---------------------------------------------------------------------------


def test_metrics_table(alliances):
    table = nw.metrics_table(alliances)
    assert len(table) == 31
    assert list(table.columns) == ["actor", *nw.ATTRIBUTES, *nw.METRICS]
    assert table.iloc[0]["actor"] == MES_
    assert list(table["betweenness"]) == sorted(table["betweenness"], reverse=True)
    mes = table.iloc[0]
    assert (mes["degree_in"], mes["degree_out"], mes["degree"]) == (19, 9, 26)
    assert bool(mes["articulation_point"]) and mes["community"] == 1
    assert table.attrs["parameters"]["seed"] == 42


def test_csv_and_json_round_trip(tmp_path):
    graph = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")], relation="alliance")
    nx.set_node_attributes(graph, "organisation", "type")
    table = nw.metrics_table(graph)
    path = tmp_path / "m.csv"
    path.write_bytes(nw.table_csv(table))
    back = pd.read_csv(path)
    assert list(back["actor"]) == list(table["actor"])
    assert back["eigenvector"].isna().sum() == 2  # d and e: outside the largest component
    document = json.loads(nw.table_json(table, nw.summary(graph)))
    assert document["summary"]["components"] == 2
    assert [r["eigenvector"] for r in document["metrics"]].count(None) == 2


def test_metrics_as_rdf_answer_the_top_five_brokers(alliances):
    table = nw.metrics_table(alliances)
    metrics = nw.metrics_graph(table, when=WHEN)
    assert metrics.identifier == nw.METRICS_GRAPH
    dataset = nw.add_metrics(load(), metrics)
    rows = list(dataset.query(nw.TOP_BROKERS_QUERY))
    assert [str(r.actor) for r in rows] == [MES_, *RESEARCHERS]
    assert str(rows[0].label) == "Mouvement pour l'Économie Solidaire"
    assert float(rows[0].betweenness) == pytest.approx(nw.betweenness(alliances)[MES_], abs=1e-6)
    # a later analysis on other data wins
    later = nw.metrics_graph(
        table.iloc[::-1].assign(betweenness=range(31)), when=datetime(2027, 1, 1)
    )
    rows = list(nw.add_metrics(dataset, later).query(nw.TOP_BROKERS_QUERY))
    assert str(rows[0].actor) == table.iloc[0]["actor"] and float(rows[0].betweenness) == 30


def test_the_metrics_graph_records_one_observation_per_actor_and_metric(alliances):
    table = nw.metrics_table(alliances)
    metrics = nw.metrics_graph(table, when=WHEN)
    observations = set(metrics.subjects(RDF.type, MES.MetricObservation))
    assert len(observations) == 31 * len(nw.METRICS)  # every metric is defined on this graph
    (analysis,) = metrics.subjects(RDF.type, MES.NetworkAnalysis)
    assert (analysis, RDF.type, PROV.Activity) in metrics
    assert metrics.value(analysis, PROV.endedAtTime) == Literal(
        "2026-11-30T12:00:00+00:00", datatype=URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
    )
    assert set(metrics.objects(analysis, PROV.used)) == {ID["source/mes-presentation"]}
    names = {
        str(metrics.value(p, MES.parameterName)) for p in metrics.objects(analysis, MES.parameter)
    }
    # as_of and sampled_sources: none (every metric exact at this size)
    assert names == {"seed", "resolution", "pagerank_alpha", "software", "backend"}
    assert all((o, PROV.wasGeneratedBy, analysis) in metrics for o in observations)


def test_metrics_turtle_is_byte_identical_for_the_same_date(alliances):
    table = nw.metrics_table(alliances)
    first = nw.metrics_document(table, "turtle", when=WHEN)
    assert first == nw.metrics_document(nw.metrics_table(alliances), "turtle", when=WHEN)
    assert first != nw.metrics_document(table, "turtle", when=date(2027, 1, 1))
    assert len(Graph().parse(data=first, format="turtle")) > 0
    with pytest.raises(ValueError, match="unknown format"):
        nw.metrics_document(table, "xml")


@pytest.mark.parametrize(
    "prefixes",
    [{}, {"an": str(ID) + "analysis/"}],  # observations written <IRI>, or shortened
    ids=["plain", "analysis-prefix"],
)
def test_metrics_turtle_writes_what_oxigraph_writes_of_the_metrics_graph(alliances, prefixes):
    from mes_graph.export import serialize

    table = nw.metrics_table(alliances)
    table = pd.concat(  # one actor's IRI begins another's, a tiny value, an external actor
        [
            table,
            table.iloc[:2].assign(
                actor=[str(ID["organisation/mes/antenne"]), "https://example.org/ext"],
                betweenness=[1e-05, 2.5e16],
            ),
        ],
        ignore_index=True,
    )
    prefixes = {**nw.rdf.PREFIXES, "sosa": nw.SOSA, **prefixes}
    expected = serialize(nw.metrics_graph(table, WHEN), "turtle", prefixes=prefixes)
    written = nw.metrics_turtle(table, WHEN, prefixes=prefixes)
    assert written == expected
    assert b"mes:value 1e-05 ." in written and (b"an:" in written) == ("an" in prefixes)


def test_nan_values_are_left_out_of_the_rdf():
    graph = nx.MultiDiGraph(
        [("urn:x:a", "urn:x:b"), ("urn:x:b", "urn:x:c"), ("urn:x:d", "urn:x:e")]
    )
    nx.set_edge_attributes(graph, "membership", "relation")
    nx.set_node_attributes(graph, "organisation", "type")
    metrics = nw.metrics_graph(nw.metrics_table(graph), when=WHEN)
    eigen = set(metrics.subjects(MES.metric, MES.eigenvectorCentrality))
    assert len(eigen) == 3


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(resource_dir() / "ontology" / "metrics.ttl", format="turtle")


def test_the_metrics_vocabulary_defines_every_term_it_uses(vocabulary, alliances):
    metrics = nw.metrics_graph(nw.metrics_table(alliances), when=WHEN)
    used = {
        t for triple in metrics for t in triple if isinstance(t, URIRef) and t.startswith(str(MES))
    }
    declared = {
        s for s in vocabulary.subjects() if isinstance(s, URIRef) and s.startswith(str(MES))
    }
    assert used <= declared
    for term in declared:
        labels = {lit.language for lit in vocabulary.objects(term, RDFS.label)}
        definitions = {lit.language for lit in vocabulary.objects(term, SKOS.definition)}
        assert labels >= {"fr", "en"} and definitions >= {"fr", "en"}, term
        assert set(vocabulary.objects(term, RDF.type)) & {
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
            OWL.NamedIndividual,
        }, term
    for column, metric in nw.METRICS.items():
        assert (metric, RDF.type, MES.NetworkMetric) in vocabulary
        assert vocabulary.value(metric, SKOS.notation) == Literal(column)
    header = URIRef("https://w3id.org/mes-graph/ontology/metrics")
    assert (header, RDF.type, OWL.Ontology) in vocabulary
    assert vocabulary.value(header, DCTERMS.license)


def test_the_metrics_vocabulary_and_results_are_consistent_owl(vocabulary, alliances, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    graph = union_graph(load()) + vocabulary
    graph += nw.metrics_graph(nw.metrics_table(alliances), when=WHEN)
    path = tmp_path / "metrics.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    ontology = world.get_ontology(path.as_uri()).load()
    with ontology:  # raises OwlReadyInconsistentOntologyError if inconsistent
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


# ---------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------


def test_analyze_prints_the_table_and_the_summary(capsys):
    assert main(["analyze"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["actor", "kind", "in"]
    assert lines[1].startswith("MES ")
    assert sum(1 for line in lines if line[:1].strip()) >= 32  # header + 31 actors
    assert "articulation points" in out and "MES (26 parts)" in out
    assert "Laurent Gardin (2 parts)" in out


def test_analyze_writes_identical_files(tmp_path, capsys):
    for fmt in ("csv", "json", "turtle"):
        outputs = []
        for run in (1, 2):
            path = tmp_path / f"{run}.{fmt}"
            argv = ["analyze", "-o", str(path), "--format", fmt, "--date", "2026-11-30T12:00:00"]
            assert main(argv) == 0
            outputs.append(path.read_bytes())
        assert outputs[0] == outputs[1], fmt
    assert "wrote" in capsys.readouterr().out
    assert main(["analyze", "-o", str(tmp_path / "m.json")]) == 0
    assert json.loads((tmp_path / "m.json").read_text())["metrics"][0]["name"] == "MES"


def test_analyze_as_of_a_year_and_a_bad_date(capsys):
    assert main(["analyze", "--as-of", "2000", "--format", "csv"]) == 0  # as people write it
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 1 + 30 and not any(r.startswith(f"{ID['organisation/mes']},") for r in rows)
    assert main(["analyze", "--as-of", "2005-03", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 31
    assert main(["analyze", "--as-of", "2000-13-01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--as-of: « 2000-13-01 » is not a date" in err


def test_path_ego_communities_commands(capsys):
    assert main(["ego", "RIPESS Europe"]) == 0
    assert "distance 1: MES" in capsys.readouterr().out
    assert main(["communities", "--seed", "42"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 communities, modularity ")
    assert "(2 actors) CHAIR'ESS, Laurent Gardin" in out
    assert main(["ego", "MES", "--radius", "-1"]) == 2
    assert main(["path", "mes", "MES"]) == 0
    assert capsys.readouterr().out.strip().endswith("MES")


def test_path_command_as_a_user_runs_it():
    result = subprocess.run(
        [sys.executable, "-m", "mes_graph.cli", "path", "ARDES", "RIPESS Europe"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "ARDES -member of-> MES -member of (founding member; member of the coordination "
        "committee), founder of-> RIPESS Europe\n"
    )


def test_unknown_actor_exits_2_with_the_candidates(capsys):
    assert main(["path", "ARDES", "Ripes Europe"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "mes-graph: error: no actor named « Ripes Europe »; did you mean RIPESS Europe?\n"
    )
    assert main(["ego", "nobody at all"]) == 2


def test_no_path_exits_1(tmp_path, capsys):
    island = tmp_path / "island.ttl"
    island.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/mes-graph/id/organisation/ile> a org:Organization ;\n"
        '    skos:prefLabel "Île"@fr .\n',
        encoding="utf-8",
    )
    assert main(["path", "Île", "MES", "--data", str(island)]) == 1
    assert capsys.readouterr().out == "no path between Île and MES\n"


def test_as_dataset_and_graph_give_the_same_projection(dataset, alliances):
    plain = nw.alliance_network(union_graph(dataset))
    assert list(plain.edges(keys=True, data=True)) == list(alliances.edges(keys=True, data=True))
    assert isinstance(dataset, Dataset)


# --- igraph behind the same functions, and sampled estimates at scale -------------------


def _two_triangles_and_a_tail() -> nx.Graph:
    """Two triangles joined by a bridge, a tail, and a separate pair (disconnected)."""
    return nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4), (6, 7), (8, 9)])


@pytest.mark.parametrize(
    "metric",
    ["betweenness", "closeness", "eigenvector", "constraint", "effective_size", "clustering"],
)
def test_igraph_gives_the_networkx_values(metric):
    G = _two_triangles_and_a_tail()
    G.add_nodes_from(range(10, 12))  # isolated actors too
    reference = getattr(nw, metric)(G, backend="networkx")
    fast = getattr(nw, metric)(G, backend="igraph")
    assert reference.keys() == fast.keys()
    for node, value in reference.items():
        if math.isnan(value):
            assert math.isnan(fast[node]), (metric, node)
        else:
            tolerance = 1e-7 if metric == "eigenvector" else 1e-12  # NetworkX iterates to 1e-9
            assert fast[node] == pytest.approx(value, abs=tolerance), (metric, node)


def test_igraph_communities_find_the_two_triangles():
    G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5), (5, 6), (6, 4)])
    assert nw.communities(G, backend="igraph") == nw.communities(G, backend="networkx")
    assert nw.communities(G, backend="igraph", seed=7) == [[1, 2, 3], [4, 5, 6]]


def test_sampled_estimates_equal_the_exact_values_when_every_actor_is_sampled(monkeypatch):
    G = nx.barabasi_albert_graph(120, 2, seed=3)
    exact = {m: getattr(nw, m)(G, backend="networkx") for m in ("betweenness", "closeness")}
    monkeypatch.setattr(nw.backends, "SAMPLE_FROM", 100)
    monkeypatch.setattr(nw.backends, "SAMPLE_SIZE", 120)
    assert nw.approximations(G) == {
        "betweenness": "estimated from 120 source actors of 120 drawn with seed 42",
        "closeness": "estimated from 120 source actors of 120 drawn with seed 42",
        "diameter": "a lower bound from 4 double sweeps (breadth-first) of the largest component",
    }
    for metric, values in exact.items():
        sampled = getattr(nw, metric)(G, backend="igraph")
        assert sampled == pytest.approx(values, abs=1e-12), metric


def test_sampled_betweenness_keeps_the_top_brokers(monkeypatch):
    G = nx.barabasi_albert_graph(2_000, 2, seed=5)
    exact = nw.betweenness(G, backend="igraph")
    monkeypatch.setattr(nw.backends, "SAMPLE_FROM", 1_000)
    sampled = nw.betweenness(G, backend="igraph")
    top = {n for n, _ in sorted(exact.items(), key=lambda kv: -kv[1])[:10]}
    top_sampled = {n for n, _ in sorted(sampled.items(), key=lambda kv: -kv[1])[:10]}
    assert len(top & top_sampled) >= 8
    assert nw.metrics_table(G).attrs["parameters"]["sampled_sources"] == 256


def test_the_projection_reads_only_the_predicates_it_declares(dataset):
    from rdflib import Graph

    restricted = Graph()
    for predicate in nw.PROJECTION_PREDICATES:
        restricted += ((s, predicate, o) for s, o in dataset.subject_objects(predicate))
    full, partial = nw.alliance_network(dataset), nw.alliance_network(restricted)
    assert list(full.nodes(data=True)) == list(partial.nodes(data=True))
    assert list(full.edges(keys=True, data=True)) == list(partial.edges(keys=True, data=True))


def test_analyze_reads_a_remote_store_by_pages(oxigraph_server, dataset, capsys):
    from mes_graph.sparql import fetch_statements, push

    push(dataset, oxigraph_server + "/update")
    fetched = fetch_statements(oxigraph_server + "/query", nw.PROJECTION_PREDICATES, page=40)
    local = nw.metrics_table(nw.alliance_network(dataset))
    remote = nw.metrics_table(nw.alliance_network(fetched))
    assert remote.to_csv() == local.to_csv()
    assert main(["analyze", "--endpoint", oxigraph_server + "/query", "--format", "csv"]) == 0
    assert capsys.readouterr().out.encode() == nw.table_csv(local)


def test_separations_are_those_of_separated_by_for_every_cut_point():
    import random

    for seed in range(20):
        rng = random.Random(seed)
        G = nx.random_labeled_tree(40, seed=seed)
        G.add_edges_from((rng.randrange(40), rng.randrange(40)) for _ in range(seed % 8))
        G.remove_edges_from(nx.selfloop_edges(G))
        G.add_edges_from([(100, 101), (101, 102), (200, 201), (300, 301), (300, 302)])
        G = nx.relabel_nodes(G, {n: f"n{n}" for n in G})
        found = nw.separations(G)
        assert sorted(found) == nw.cut_points(G)
        for cut, separation in found.items():
            parts = nw.separated_by(G, cut)
            cut_off = [n for part in parts[1:] for n in part]
            assert separation == (len(parts), len(parts[0]), cut_off), (seed, cut)


def test_diameter_is_exact_below_the_sample_size_and_a_lower_bound_above(monkeypatch):
    G = nx.relabel_nodes(nx.barabasi_albert_graph(300, 1, seed=2), str)
    exact = nx.diameter(G)
    assert nw.diameter(G, backend="networkx") == nw.diameter(G, backend="igraph") == exact
    monkeypatch.setattr(nw.backends, "SAMPLE_FROM", 100)
    assert nw.diameter(G, backend="igraph") == exact  # a double sweep is exact on a tree
    G.add_edges_from([("0", "250"), ("7", "260")])
    assert nw.diameter(G, backend="igraph") <= nx.diameter(G)
    assert "diameter" in nw.approximations(G)


def test_ego_maps_keep_their_order_whatever_the_string_hashing():
    code = (
        "from mes_graph import network as nw; from mes_graph.maps import synthetic_network;"
        "G = synthetic_network(400, seed=1);"
        "hub = max(G, key=lambda n: (G.degree(n), n));"
        "print(list(nw.ego(G, hub).edges(keys=True)))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1


def test_ties_are_built_once_and_rebuilt_when_the_graph_changes():
    G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    T = nw.ties(G)
    assert nw.ties(G) is T and nx.is_frozen(T)
    assert T["a"]["b"]["weight"] == 2
    G.add_edge("c", "d")  # NetworkX empties its cache of G
    assert nw.ties(G) is not T and nw.ties(G).number_of_edges() == 3
