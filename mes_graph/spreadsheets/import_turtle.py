"""The Turtle of an import: it reads like the hand-written files of ``graph/``.

Takes what an import built (``BuildResult``) and its ``Source``; gives the text written:
a header naming the files and the source, the prefixes of ``graph/`` (and the others
only when used), then one block per actor with a comment naming its file and line, its
memberships right after it, the source document first. It is ``readable_turtle`` of
``mes_graph.base.turtle`` with the prefixes, predicate order and object order below.
"""

from __future__ import annotations

from rdflib import Namespace

from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    ID,
    MES,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
)
from mes_graph.base.turtle import BlockStyle, PrefixTable, readable_turtle
from mes_graph.spreadsheets.assemble import BuildResult
from mes_graph.spreadsheets.columns import MS, ORGA, PERSON, SRC, TM
from mes_graph.spreadsheets.dates import INSTANT_DATES
from mes_graph.spreadsheets.source import Source

__all__ = ["BLOCK_STYLE", "EXTRA_PREFIXES", "IMPORT_PREFIXES", "TURTLE_PREFIXES", "import_turtle"]

TURTLE_PREFIXES = (
    *(
        (p, PREFIXES[p])
        for p in ("org", "foaf", "schema", "skos", "dcterms", "prov", "time", "xsd", "mes")
    ),
    ("orga", ORGA),
    ("person", PERSON),
    ("ms", MS),
    ("src", SRC),
    *((p, PREFIXES[p]) for p in ("kind", "sector", "role", "region")),
)
"""The prefixes on top of every import, as on top of the files of ``graph/``."""

EXTRA_PREFIXES = (
    ("tm", TM),
    ("legal", PREFIXES["legal"]),
    ("axis", Namespace(str(ID) + "concept/axis/")),
    ("commune", Namespace(str(ID) + "place/commune/")),
    ("rdfs", RDFS),
)
"""The prefixes written after them, only when the import uses them."""

IMPORT_PREFIXES = PrefixTable(TURTLE_PREFIXES, EXTRA_PREFIXES)
"""The prefix table of an import's Turtle."""

BLOCK_STYLE = BlockStyle(
    predicates=[
        RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name,
        ORG.classification, SCHEMA.areaServed, SCHEMA.foundingDate, SCHEMA.foundingLocation,
        FOAF.homepage, MES.mission, SCHEMA.description, SKOS.scopeNote, ORG.subOrganizationOf,
        ORG.hasSubOrganization, ORG.memberOf, MES.participatesIn, SCHEMA.founder,
        MES.founderOf, ORG.member, ORG.organization, ORG.role, ORG.memberDuring,
        TIME.hasBeginning, TIME.hasEnd, *INSTANT_DATES, DCTERMS.title, DCTERMS.publisher,
        DCTERMS.language, DCTERMS.date, SCHEMA.url, SKOS.editorialNote, DCTERMS.source,
        PROV.wasDerivedFrom,
    ],
    prefix_rank={"mes": 0, "kind": 0, "sector": 1, "legal": 2, "axis": 3},
    last=[ORG.Organization],
    languages=["fr", "en"],
    together={ORG.Membership: [ORG.member, ORG.organization, ORG.role]},
)  # fmt: skip
"""How an import's blocks are laid out: the classes (ours first, ``org:Organization``
last), the kind before the sectors, legal forms and axes, French before English, a
membership's member, organisation and role on one line."""


def import_turtle(result: BuildResult, source: Source) -> str:
    """The Turtle of an import: a header naming the files and source, prefixes, blocks.

    One block per actor, each with a comment naming its file and line, its memberships
    right after it, the source document first; the same result gives the same text.
    Actors, memberships and the source are laid out on several lines, the other blocks
    on one when they fit.

    Parameters
    ----------
    result : BuildResult
        What ``graph_of_rows`` built.
    source : Source
        The import's source document.

    Returns
    -------
    str

    Examples
    --------
    See ``import_spreadsheets``, whose ``turtle`` this is.
    """
    graph = result.graph
    large = (
        set(graph.subjects(RDF.type, ORG.Organization))
        | set(graph.subjects(RDF.type, FOAF.Person))
        | set(graph.subjects(RDF.type, ORG.Membership))
        | {source.iri}
    )
    header = [
        "Acteurs, adhésions et personnes importés de tableurs par « mes-graph import ».",
        f"Fichiers : {', '.join(source.files)}.",
    ]
    if (None, None, source.iri) in graph:
        url = f", {source.url}" if source.url else ""
        iri = IMPORT_PREFIXES.term(source.iri)
        header.append(f"Source : {iri}, « {source.title} », {source.date}{url}.")
    return readable_turtle(
        graph, result.blocks, IMPORT_PREFIXES, BLOCK_STYLE, header=header, large=large
    )
