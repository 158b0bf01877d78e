"""The page of one resource and its RDF: name, kinds, links in and out, ego map, statements.

Takes the ``Site`` and a resource that has a page (an actor, concept, concept scheme or
source); writes into ``Site.files`` its HTML page, its Turtle and its JSON-LD (its own
statements and those of its memberships, in the public profile).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from markupsafe import Markup
from rdflib import URIRef
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.convert import to_oxigraph
from mes_graph.base.files import json_bytes
from mes_graph.base.order import sorted_triples
from mes_graph.base.terms import ORG, RDF, SKOS, TIME
from mes_graph.base.turtle import turtle
from mes_graph.export import jsonld_nodes, schemaorg_document, schemaorg_script
from mes_graph.network import PHRASES
from mes_graph.site.context import Site, french_count
from mes_graph.site.links import relative
from mes_graph.site.map_pages import ego_map_page

__all__ = [
    "MENTIONS",
    "description_of",
    "links",
    "members_more",
    "resource_page",
    "resource_turtle",
]

MENTIONS = 500
"""How many resources naming it a concept's or a source's page lists, at most."""


def resource_page(site: Site, node: URIRef, maps: Any) -> None:
    """Write a resource's page, its ``.ttl`` and ``.jsonld``, and its ego map if it has one.

    Parameters
    ----------
    site : Site
    node : URIRef
        An actor, concept, concept scheme or source of ``site.paths``.
    maps : module or None
        The map stage (``map_pages.available_maps``), for the ego map of an actor;
        ``None`` for none.
    """
    path = site.paths[node]
    here = path + ".html"
    g, index = site.graph, site.index
    kinds = [site.ref(c, here) for c in sorted(site.kinds(node))]
    classes = [site.ref(c, here, english=False) for c in sorted(index.objects(node, RDF.type))]
    properties = []
    for p, o in sorted(index.predicate_objects(node), key=lambda po: (po[0], po[1].n3())):
        properties.append(
            {"property": site.ref(p, here, english=False), "value": site.value(o, here)}
        )
    mentions = []
    if node not in site.actor_set:
        for s, p in index.first_mentions(
            node, MENTIONS, lambda s, p: s != node and (s in site.paths or p != SKOS.inScheme)
        ):
            mentions.append({"subject": site.ref(s, here), "property": site.ref(p, here, False)})
    out_links, in_links = links(site, node, here)
    ego_map, ego_note = None, None
    if maps is not None and str(node) in site.ego_actors:
        ego_map = posixpath.basename(path) + ".carte.html"
        ego_map_page(site, node, path + ".carte.html", maps)
    elif maps is not None and site.network is not None and str(node) in site.network:
        ego_note = site.ego_note()
    schemaorg = None
    if node in site.organisation_set:
        document = schemaorg_document(g, node, site.person_set)
        schemaorg = Markup(schemaorg_script(document))  # escaped JSON
    members, members_title, members_note = [], "", None
    count, shown = site.classified.get(node, (0, []))
    if node in site.concept_set and shown:
        members = [site.ref(a, here) for a in shown]
        members_title = "Acteurs classés ici (actors classified here)"
        if count > len(shown):
            members_note = members_more(site, node, count, len(shown), here)
    unpaged = None
    refs = [*(row["other"] for row in [*out_links, *in_links]), *members]
    if site.capped and any(ref["href"] is None for ref in refs):
        unpaged = site.unpaged_note()
    alt = sorted({(str(v), v.language) for v in index.objects(node, SKOS.altLabel)})
    base = posixpath.basename(path)
    site.render(
        "resource.html",
        here,
        title=site.label(node),
        title_en=site.english(node),
        alt_labels=[{"label": a, "lang": lang} for a, lang in alt],
        iri=str(node),
        slug=base,
        kinds=kinds,
        classes=classes,
        properties=properties,
        mentions=mentions,
        out_links=out_links,
        in_links=in_links,
        ego_map=ego_map,
        ego_note=ego_note,
        map_href=relative("carte.html", here),
        schemaorg=schemaorg,
        members=members,
        members_title=members_title,
        members_note=members_note,
        unpaged_note=unpaged,
        alternates=[
            {"type": "text/turtle", "href": base + ".ttl"},
            {"type": "application/ld+json", "href": base + ".jsonld"},
        ],
    )
    described = sorted_triples(description_of(site, node))
    site.files[path + ".ttl"] = resource_turtle(described, site.publish_prefixes)
    site.files[path + ".jsonld"] = json_bytes(
        {
            "@context": site.prefixes,
            "@graph": jsonld_nodes(described, site.prefixes, ordered=True),
        }
    )


def members_more(site: Site, concept: Node, count: int, shown: int, here: str) -> dict[str, Any]:
    """What a concept's page says when it lists only some of its actors, and the link to
    the complete index (the kind's own, for a kind).

    Parameters
    ----------
    site : Site
    concept : Node
    count : int
        How many actors it classifies.
    shown : int
        How many the page lists.
    here : str
        The page (for the relative link).

    Returns
    -------
    dict
        ``text`` and ``href``, for the template.
    """
    index = site.kind_index(concept) or "acteurs.html"
    return {
        "text": (
            f"{french_count(count)} acteurs classés ici ; la page en montre {french_count(shown)}, "
            "ceux qui ont une page d'abord. Les autres sont dans l'index complet :"
        ),
        "href": relative(index, here),
        "link": "tous les acteurs, par nature" if index == "acteurs.html" else "la liste complète",
    }


def description_of(site: Site, node: URIRef) -> list[tuple[Node, Node, Node]]:
    """The statements a resource's ``.ttl`` and ``.jsonld`` carry: its own, and those of
    its memberships (with their intervals), in the public profile."""
    index = site.index
    out: list[tuple[Node, Node, Node]] = []
    todo = [node]
    if node in site.actor_set:
        ties = (ORG.member, ORG.organization)
        todo += sorted({s for s, p in index.subject_predicates(node) if p in ties})
    seen: set[Node] = set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for p, o in index.predicate_objects(subject):
            out.append((subject, p, o))
            if p in (ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd):
                todo.append(o)
    return out


def links(site: Site, node: URIRef, here: str) -> tuple[list[dict], list[dict]]:
    """The links of an actor in the network, out and in, as the page's tables show them.

    Parameters
    ----------
    site : Site
    node : URIRef
    here : str
        The page they are shown on (for relative links).

    Returns
    -------
    (list of dict, list of dict)
        The links out, then in: relation (French, English), the other actor, role,
        dates and source; sorted by relation, then name. Empty for a non-actor.
    """
    key = str(node)
    if key not in site.network:
        return [], []
    rows: tuple[list[dict], list[dict]] = ([], [])
    edges = [(True, u, v, d) for u, v, d in site.network.out_edges(key, data=True)]
    edges += [(False, u, v, d) for u, v, d in site.network.in_edges(key, data=True)]
    for outgoing, u, v, data in edges:
        other = URIRef(v if outgoing else u)
        relation = data.get("relation") or ""
        phrase = PHRASES.get(relation, {"fr": relation, "en": relation})
        source = URIRef(data["source"]) if data.get("source") else None
        rows[0 if outgoing else 1].append(
            {
                "relation": phrase["fr"],
                "relation_en": phrase["en"],
                "other": site.ref(other, here),
                "role": data.get("role"),
                "since": data.get("since"),
                "until": data.get("until"),
                "source": site.ref(source, here) if source is not None else None,
            }
        )
    for table in rows:
        table.sort(
            key=lambda r: (r["relation"], fold(r["other"]["label"]), r["other"]["href"] or "")
        )
    return rows


def resource_turtle(triples: list[tuple[Node, Node, Node]], prefixes: Mapping[str, str]) -> bytes:
    """Sorted triples as Turtle, the bytes ``export.serialize`` writes of their graph.

    Examples
    --------
    >>> from mes_graph.export import PUBLISH_PREFIXES
    >>> from mes_graph.export import serialize
    >>> from mes_graph.network import tiny_alliance
    >>> graph = tiny_alliance()
    >>> prefixes = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}
    >>> resource_turtle(sorted_triples(graph), prefixes) == serialize(graph, "turtle")
    True
    """
    return turtle([ox.Triple(*map(to_oxigraph, t)) for t in triples], prefixes)
