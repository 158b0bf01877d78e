"""The query catalogue: its headers, and the exact answer of every query on the shipped graph.

The expectations come from graph/*.ttl (MES's presentation): 13 member structures and 5
researcher-actors; MES a member of ESS France, RIPESS Europe and four collectives, a
participant (not a member) of the CSESS; a founding member of RIPESS Europe and on its
coordination committee since the origin.
"""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef

from mes_graph.base.terms import ID, ORG
from mes_graph.sparql import catalogue, execute, run_query

ORGA = "https://w3id.org/mes-graph/id/organisation/"
PERSON = "https://w3id.org/mes-graph/id/person/"
MES_LABEL = "Mouvement pour l'Économie Solidaire"

STRUCTURES = {
    "ardes", "apes", "cre-sol", "mes-occitanie", "pes21",  # territorial networks
    "artisans-du-monde", "cnlrq", "miramap", "route-des-sel", "ufisc",  # sector federations
    "alicescop", "babalex", "opale",  # resource structures
}  # fmt: skip
RESEARCHERS = {"laurent-gardin", "josette-combes", "jean-louis-laville", "laurent-fraisse",
               "alexane-heredia"}  # fmt: skip
MES_BODIES = {
    "ESS France",
    "RIPESS Europe",
    "Collectif pour une transition citoyenne",
    "Transiscope",
    "Collectif des associations citoyennes",
    "Inter-réseaux des PTCE",
}


def ask(name: str, dataset, **params) -> list[dict]:
    """The rows of a catalogue query on the shipped graph, as dicts."""
    return run_query(name, params, dataset=dataset).to_dict("records")


def column(rows: list[dict], key: str) -> list:
    return [row[key] for row in rows]


# --- the catalogue and its headers ------------------------------------------------------


def test_catalogue_has_at_least_15_documented_queries():
    queries = catalogue()
    assert len(queries) >= 15
    for name, query in queries.items():
        assert query.title and query.description, name
        assert query.example.startswith(f"mes-graph query {name}"), name
        declared = {p.name for p in query.parameters}
        assert {key for key, _ in query.example_params} <= declared, name


def test_every_parameter_is_a_variable_of_its_query():
    for name, query in catalogue().items():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        for param in query.parameters:
            assert re.search(rf"\?{param.name}\b", body), (name, param.name)


def test_every_select_of_the_catalogue_is_ordered():
    """Byte-stable output: every catalogue SELECT says its order."""
    for name, query in catalogue().items():
        if re.search(r"^SELECT", query.text, re.M):
            assert "ORDER BY" in query.text, name


# --- exact answers ----------------------------------------------------------------------


def test_members_of_mes_are_13_structures_and_5_researchers(dataset):
    rows = ask("members", dataset)
    assert len(rows) == 18
    assert {r["member"] for r in rows} == {ORGA + s for s in STRUCTURES} | {
        PERSON + p for p in RESEARCHERS
    }
    kinds = {}
    for row in rows:
        kinds[row["kindLabel"]] = kinds.get(row["kindLabel"], 0) + 1
    assert kinds == {
        "Réseau territorial": 5,
        "Fédération de filière": 5,
        "Structure ressource": 3,
        "Citoyen·ne, chercheur·e-acteur·rice": 5,
    }


def test_members_by_kind_region_sector(dataset):
    rows = ask("members", dataset, org="MES", kind="kind:reseau-territorial")
    assert {(r["label"], r["regionLabel"]) for r in rows} == {
        ("ARDES", "Normandie"),
        ("APES", "Hauts-de-France"),
        ("CRE-SOL", "Centre-Val de Loire"),
        ("MES Occitanie", "Occitanie"),
        ("PES21", "Bourgogne-Franche-Comté"),
    }
    assert column(ask("members", dataset, region="region:28"), "label") == ["ARDES"]
    assert column(ask("members", dataset, sector="sector:culture"), "label") == ["UFISC"]
    assert column(ask("members", dataset, org="RIPESS Europe"), "label") == [MES_LABEL]


def test_bodies_mes_belongs_to(dataset):
    rows = ask("bodies", dataset)
    assert {r["label"] for r in rows} == MES_BODIES
    assert all(r["via"] is None for r in rows)
    assert "Conseil supérieur de l'économie sociale et solidaire" not in column(rows, "label")


def test_bodies_reached_through_a_network(dataset):
    rows = ask("bodies", dataset, actor="ARDES")
    assert rows[0] == {"body": ORGA + "mes", "label": MES_LABEL, "via": None, "viaLabel": None}
    assert {r["label"] for r in rows[1:]} == MES_BODIES
    assert {r["via"] for r in rows[1:]} == {ORGA + "mes"}


def test_common_members(dataset):
    rows = ask("common-members", dataset, a="MES", b="CNAM Paris")
    assert rows == [{"member": PERSON + "jean-louis-laville", "label": "Jean-Louis Laville"}]
    assert ask("common-members", dataset, a="MES", b="MES") == []


def test_researchers_and_their_institutions(dataset):
    rows = ask("researchers", dataset)
    assert [(r["name"], r["affiliationLabel"]) for r in rows] == [
        ("Alexane Heredia", None),
        ("Jean-Louis Laville", "CNAM Paris"),
        ("Josette Combes", "RIUESS"),
        ("Laurent Fraisse", "Collège d'études mondiales"),
        ("Laurent Gardin", "CHAIR'ESS"),
    ]
    assert column(ask("researchers", dataset, institution="RIUESS"), "name") == ["Josette Combes"]


def test_membership_path(dataset):
    rows = ask("membership-path", dataset, **{"from": "ARDES", "to": "RIPESS Europe"})
    assert rows == [
        {
            "steps": 2,
            "path": f"ARDES > {MES_LABEL} > RIPESS Europe",
            "via1": ORGA + "mes",
            "via2": None,
            "via3": None,
        }
    ]
    direct = ask("membership-path", dataset, **{"from": "MES", "to": "RIPESS Europe"})
    assert column(direct, "steps") == [1]
    assert ask("membership-path", dataset, **{"from": "RIPESS Europe", "to": "ARDES"}) == []


def test_co_members(dataset):
    rows = ask("co-members", dataset)
    assert len(rows) == 18 * 17 // 2  # only MES has two members or more
    assert {r["shared"] for r in rows} == {ORGA + "mes"}
    assert all(r["a"] < r["b"] for r in rows)
    josette = ask("co-members", dataset, actor="Josette Combes")
    assert len(josette) == 17
    assert all(PERSON + "josette-combes" in (r["a"], r["b"]) for r in josette)
    assert all(r["a"] < r["b"] and r["aLabel"] and r["bLabel"] for r in josette)
    assert ask("co-members", dataset, body="MES") == rows
    assert ask("co-members", dataset, body="RIPESS Europe") == []  # MES is its one member
    assert ask("co-members", dataset, actor="Josette Combes", body="MES") == josette


def test_actors_by_region(dataset):
    rows = ask("actors-by-region", dataset)
    assert [(r["code"], r["regionLabel"], r["label"]) for r in rows] == [
        ("24", "Centre-Val de Loire", "CRE-SOL"),
        ("27", "Bourgogne-Franche-Comté", "PES21"),
        ("28", "Normandie", "ARDES"),
        ("32", "Hauts-de-France", "APES"),
        ("76", "Occitanie", "MES Occitanie"),
    ]
    assert column(ask("actors-by-region", dataset, region="region:32"), "label") == ["APES"]


def test_actors_by_sector(dataset):
    rows = ask("actors-by-sector", dataset)
    assert {(r["sector"].rsplit("/", 1)[1], r["label"]) for r in rows} == {
        ("commerce-equitable", "Artisans du Monde"),
        ("regies-de-quartier", "CNLRQ"),
        ("circuits-courts", "MIRAMAP"),
        ("echanges-non-monetaires", "Route des SEL"),
        ("culture", "UFISC"),
        ("medias-citoyens", "ALICESCOP"),
        ("citoyennete-juridique", "BABALEX"),
        ("culture-entrepreneuriat", "OPALE"),
    }
    assert len(rows) == 8


def test_actors_by_legal_form(dataset):
    rows = ask("actors-by-legal-form", dataset)
    assert [(r["legalFormLabel"], r["label"]) for r in rows] == [
        ("Association loi 1901", MES_LABEL)
    ]
    assert ask("actors-by-legal-form", dataset, legal_form="legal:scop") == []


def test_roles_of_mes_in_ripess_europe(dataset):
    rows = ask("roles", dataset, org="RIPESS Europe")
    assert [(r["memberLabel"], r["roleLabel"], r["during"]) for r in rows] == [
        (MES_LABEL, "Membre du comité de coordination", "Depuis la fondation du RIPESS Europe"),
        (MES_LABEL, "Membre fondateur", "Depuis la fondation du RIPESS Europe"),
    ]


def test_roles_in_mes(dataset):
    rows = ask("roles", dataset)
    assert len(rows) == 18
    assert sorted({r["roleLabel"] for r in rows}) == [
        "Citoyen·ne, chercheur·e-acteur·rice",
        "Membre",
    ]
    assert column(rows, "roleLabel").count("Membre") == 13
    assert column(ask("roles", dataset, member="ARDES"), "roleLabel") == ["Membre"]


SOURCES = ("mes-presentation", "traductions-et-notes")


def test_statement_sources_of_mes(dataset):
    rows = ask("statement-sources", dataset)
    mes = ID["organisation/mes"]
    assert len(rows) == len(set(dataset.triples((mes, None, None))))
    seed, ours = (f"https://w3id.org/mes-graph/id/source/{n}" for n in SOURCES)
    assert {r["source"] for r in rows} == {seed, ours}
    assert {r["sourceTitle"] for r in rows} == {
        "Présentation du Mouvement pour l'Économie Solidaire",
        "Traductions, corrections, codes et notes de l'équipe mes-graph",
    }
    assert {r["lang"] for r in rows if r["source"] == ours} == {"", "en", "fr"}  # fr: a note
    assert "en" not in {r["lang"] for r in rows if r["source"] == seed}
    member_of = [r["value"] for r in rows if r["property"] == str(ORG.memberOf)]
    assert len(member_of) == 6
    founding = [r for r in rows if r["property"] == "https://schema.org/foundingDate"]
    assert [(r["value"], r["lang"]) for r in founding] == [("2002-03", "")]
    labels = {
        (r["value"], r["lang"], r["source"]) for r in rows if r["property"].endswith("#prefLabel")
    }
    assert labels == {(MES_LABEL, "fr", seed), ("Movement for the Solidarity Economy", "en", ours)}


def test_undated_memberships(dataset):
    rows = ask("undated-memberships", dataset)
    assert len(rows) == 27  # 29 memberships, 2 dated (MES in RIPESS Europe)
    assert not any("ripess-europe" in r["membership"] for r in rows)


def test_strategy(dataset):
    rows = ask("strategy", dataset)
    assert column(rows, "notation") == ["A1", "A2", "A3", "A4", "A5", "P1", "P2", "P3", "P4", "P5"]
    english = ask("strategy", dataset, lang="en")
    assert english[3]["label"] == (
        "Work for the recognition of the solidarity economy at European and international level"
    )
    assert english[3]["schemeLabel"] == "MES strategic axes"


def test_counts_per_kind(dataset):
    rows = ask("counts-per-kind", dataset)
    counts = {r["kind"].rsplit("/", 1)[1]: r["actors"] for r in rows}
    assert counts == {
        "chercheur-acteur": 5,
        "collectif": 5,
        "federation-filiere": 5,
        "reseau-territorial": 5,
        "structure-ressource": 3,
        "etablissement-recherche": 2,
        "antennes-regionales": 0,  # the source names none: mes:hasRegionalAntennas
        "chaire": 1,
        "instance-consultative": 1,
        "mouvement": 1,
        "organisation-nationale-ess": 1,
        "reseau-international": 1,
        "reseau-universitaire": 1,
        "organisation-ess": 0,  # in the code list for the synthetic graphs, not in MES's
    }
    assert column(rows, "actors") == sorted(column(rows, "actors"), reverse=True)


def test_labels_without_english(dataset):
    rows = ask("labels-without-english", dataset)
    assert {r["organisation"].removeprefix(ORGA) for r in rows} == STRUCTURES | {
        "chair-ess",
        "riuess",
        "cnam-paris",
        "college-etudes-mondiales",
        "collectif-transition-citoyenne",
        "collectif-associations-citoyennes",
        "inter-reseaux-ptce",
    }


def test_participations(dataset):
    assert ask("participations", dataset) == [
        {
            "body": ORGA + "csess",
            "label": "Conseil supérieur de l'économie sociale et solidaire",
        }
    ]


def test_is_member(dataset):
    assert execute(
        "is-member", {"member": "ARDES", "org": "RIPESS Europe"}, dataset=dataset
    ).boolean
    assert not execute("is-member", {"member": "RIPESS Europe", "org": "ARDES"}).boolean
    assert not execute("is-member", {"member": "MES", "org": "CSESS"}).boolean
    assert run_query("is-member", {"member": "PES21", "org": "MES"}).to_dict("list") == {
        "boolean": [True]
    }


def test_ego_network(dataset):
    graph = execute("ego-network", {"actor": "RIPESS Europe"}, dataset=dataset).graph
    mes, ripess = ID["organisation/mes"], ID["organisation/ripess-europe"]
    assert set(graph.triples((None, ORG.memberOf, None))) == {(mes, ORG.memberOf, ripess)}
    assert len(graph) == 5  # plus the French and English labels of both
    around_mes = execute("ego-network", dataset=dataset).graph
    assert len(set(around_mes.triples((None, ORG.memberOf, None)))) == 6 + 18


def test_founding(dataset):
    rows = ask("founding", dataset)
    assert [(r["label"], r["founded"], r["placeLabel"]) for r in rows] == [
        ("Inter-Réseaux de l'Économie Solidaire", "1997-06", None),
        (MES_LABEL, "2002-03", "Lille"),
    ]
    assert column(ask("founding", dataset, before="2000-01-01"), "founded") == ["1997-06"]
    assert column(ask("founding", dataset, before="2000"), "founded") == ["1997-06"]  # a year
    assert column(ask("founding", dataset, before="2002-03"), "founded") == ["1997-06"]
    assert column(ask("founding", dataset, before="2002-04"), "founded") == ["1997-06", "2002-03"]


def test_search(dataset):
    rows = ask("search", dataset, text="réseau")
    assert {r["actor"] for r in rows} == {
        ORGA + "inter-reseaux-economie-solidaire",
        ORGA + "inter-reseaux-ptce",
    }
    cnam = ask("search", dataset, text="cnam")
    assert column(cnam, "actor") == [ORGA + "cnam-paris"] * 3
    assert column(cnam, "matched") == ["CNAM", "CNAM Paris", "Cnam"]  # the last: its own page


def test_member_counts(dataset):
    rows = ask("member-counts", dataset)
    assert rows[0] == {"organisation": ORGA + "mes", "label": MES_LABEL, "members": 18}
    assert len(rows) == 11 and set(column(rows[1:], "members")) == {1}
    assert column(ask("member-counts", dataset, min=2), "organisation") == [ORGA + "mes"]
    assert ask("member-counts", dataset, min=19) == []


def test_default_actor_is_mes(dataset):
    from mes_graph.sparql import bind_terms

    for name in ("members", "bodies", "roles", "statement-sources", "participations"):
        terms = bind_terms(catalogue()[name], None, lambda: dataset)
        assert next(iter(terms.values())) == ID["organisation/mes"], name


def test_actor_parameter_takes_iri_acronym_or_label(dataset):
    by = [
        ask("roles", dataset, org=value)
        for value in (
            str(URIRef(ORGA + "ripess-europe")),
            "ripess europe",
            "RIPESS EUROPE",
        )
    ]
    assert by[0] == by[1] == by[2] and len(by[0]) == 2


# --- the same rows on both embedded engines ---------------------------------------------


def test_every_catalogue_query_gives_the_same_bytes_on_oxigraph_and_rdflib():
    """The catalogue on an Oxigraph store (oxrdflib) and on rdflib's memory store."""
    from mes_graph.load import load
    from mes_graph.sparql import render

    engines = {engine: load(engine=engine) for engine in ("oxigraph", "memory")}
    for name, query in sorted(catalogue().items()):
        params = dict(query.example_params)
        answers = {
            engine: execute(name, params, dataset=dataset) for engine, dataset in engines.items()
        }
        fmt = "ntriples" if answers["memory"].form in ("CONSTRUCT", "DESCRIBE") else "csv"
        assert render(answers["oxigraph"], fmt) == render(answers["memory"], fmt), name


def test_the_name_index_follows_a_graph_that_changes_after_its_first_query():
    from rdflib import Literal

    from mes_graph.actors import UnknownActor, resolve_actor
    from mes_graph.base.terms import SKOS
    from mes_graph.load import load

    graph = load(engine="memory")
    ardes = ID["organisation/ardes"]
    assert resolve_actor(graph, "ARDES") == ardes  # the index is built
    graph.add((ardes, SKOS.altLabel, Literal("Réseau normand", lang="fr")))
    assert resolve_actor(graph, "réseau normand") == ardes  # a new name is found
    graph.remove((ardes, None, None))  # no longer an actor
    with pytest.raises(UnknownActor):
        resolve_actor(graph, "ARDES")
