"""schema.org documents: one JSON-LD per organisation, to embed in a web page.

Takes the public profile of a dataset; gives one schema.org ``Organization`` document per
organisation, their ZIP archive, and the ``<script>`` element that embeds one in a page.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.files import json_bytes, script_safe
from mes_graph.base.terms import (
    FOAF,
    MES,
    ORG,
    RDF,
    SCHEMA,
    SKOS,
    TIME,
)
from mes_graph.engine import is_dataset
from mes_graph.export.profiles import apply_profile, person_nodes

__all__ = [
    "interval_date",
    "organisations",
    "schemaorg_archive",
    "schemaorg_document",
    "schemaorg_documents",
    "schemaorg_script",
    "slug",
]


def slug(iri: str) -> str:
    """A file name for a resource: the last segment of its IRI, made safe.

    Examples
    --------
    >>> slug("https://w3id.org/mes-graph/id/organisation/ardes")
    'ardes'
    >>> slug("https://example.org/a b")[:4]
    'a-b-'
    """
    tail = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in tail)
    safe = safe.strip(".") or "resource"
    if safe != tail:
        safe += "-" + hashlib.sha1(iri.encode()).hexdigest()[:8]
    return safe


def _pick(graph: Graph, node: Node, prop: Node, lang: str = "fr") -> str | None:
    values = sorted(graph.objects(node, prop))
    for wanted in (lang, "fr", "en", None):
        for v in values:
            if isinstance(v, Literal) and v.language == wanted:
                return str(v)
    return str(values[0]) if values else None


def _name(graph: Graph, node: Node) -> str:
    return _pick(graph, node, SKOS.prefLabel) or _pick(graph, node, FOAF.name) or slug(str(node))


def _ref(graph: Graph, node: Node, persons_: set[Node]) -> dict[str, Any]:
    kind = "Person" if node in persons_ else "Organization"
    return {"@type": kind, "@id": str(node), "name": _name(graph, node)}


def interval_date(graph: Graph, interval: Node | None, prop: Node) -> str | None:
    """The lexical date of an interval's beginning or end (``prop``), or None.

    Examples
    --------
    >>> interval_date(Graph(), None, TIME.hasBeginning) is None
    True
    """
    if interval is None:
        return None
    for instant in sorted(graph.objects(interval, prop)):
        for stamp in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear, TIME.inXSDDateTime):
            value = graph.value(instant, stamp)
            if value is not None:
                return str(value)
    return None


def schemaorg_document(
    graph: Graph, organisation: URIRef, persons_: set[Node] | None = None
) -> dict[str, Any]:
    """One organisation as a schema.org JSON-LD object, to embed in a web page.

    Parameters
    ----------
    graph : rdflib.Graph
        The graph (the public profile of it: a person appears by name only).
    organisation : URIRef
        An ``org:Organization`` of the graph.
    persons_ : set, optional
        The persons of the graph (``set(persons(graph))``), when writing many documents.

    Returns
    -------
    dict
        ``@context`` https://schema.org, ``@type`` Organization, name, alternateName,
        url, foundingDate, foundingLocation, areaServed, description, memberOf (as
        ``OrganizationRole`` with roleName and dates), member, founder,
        parentOrganization, subOrganization; empty fields left out.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> from mes_graph.base.terms import ID
    >>> doc = schemaorg_document(load(), ID["organisation/ardes"])
    >>> doc["name"], doc["memberOf"][0]["memberOf"]["name"], doc["memberOf"][0]["roleName"]
    ('ARDES', "Mouvement pour l'Économie Solidaire", 'Membre')
    """
    g = graph
    if persons_ is None:
        persons_ = person_nodes(g)
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": str(organisation),
        "name": _name(g, organisation),
    }
    alternate = [str(v) for v in sorted(g.objects(organisation, SKOS.altLabel))]
    english = _pick(g, organisation, SKOS.prefLabel, "en")
    if english and english != doc["name"]:
        alternate.append(english)
    if alternate:
        doc["alternateName"] = alternate
    homepage = g.value(organisation, FOAF.homepage)
    if homepage is not None:
        doc["url"] = str(homepage)
    description = _pick(g, organisation, MES.mission) or _pick(g, organisation, SCHEMA.description)
    if description:
        doc["description"] = description
    founding = g.value(organisation, SCHEMA.foundingDate)
    if founding is not None:
        doc["foundingDate"] = str(founding)
    location = g.value(organisation, SCHEMA.foundingLocation)
    if location is not None:
        doc["foundingLocation"] = {
            "@type": "Place",
            "@id": str(location),
            "name": _name(g, location),
        }
    areas = []
    for area in sorted(g.objects(organisation, SCHEMA.areaServed)):
        place: dict[str, Any] = {"@type": "AdministrativeArea", "@id": str(area)}
        place["name"] = _name(g, area)
        code = g.value(area, SCHEMA.identifier) or g.value(area, SKOS.notation)
        if code is not None:
            place["identifier"] = str(code)
        areas.append(place)
    if areas:
        doc["areaServed"] = areas
    member_of, described = [], set()
    for membership in sorted(g.subjects(ORG.member, organisation)):
        body = g.value(membership, ORG.organization)
        if body is None:
            continue
        described.add(body)
        role: dict[str, Any] = {"@type": "OrganizationRole", "memberOf": _ref(g, body, persons_)}
        role_iri = g.value(membership, ORG.role)
        if role_iri is not None:
            role["roleName"] = _name(g, role_iri)
        interval = g.value(membership, ORG.memberDuring)
        for key, prop in (("startDate", TIME.hasBeginning), ("endDate", TIME.hasEnd)):
            value = interval_date(g, interval, prop)
            if value:
                role[key] = value
        member_of.append(role)
    for body in sorted(set(g.objects(organisation, ORG.memberOf)) - described):
        member_of.append(_ref(g, body, persons_))
    if member_of:
        doc["memberOf"] = member_of
    members = set(g.subjects(ORG.memberOf, organisation))
    members |= {g.value(m, ORG.member) for m in g.subjects(ORG.organization, organisation)}
    members.discard(None)
    if members:
        doc["member"] = [_ref(g, m, persons_) for m in sorted(members)]
    founders = set(g.objects(organisation, SCHEMA.founder)) | set(
        g.subjects(MES.founderOf, organisation)
    )
    if founders:
        doc["founder"] = [_ref(g, f, persons_) for f in sorted(founders)]
    parents = set(g.objects(organisation, ORG.subOrganizationOf)) | set(
        g.subjects(ORG.hasSubOrganization, organisation)
    )
    if parents:
        doc["parentOrganization"] = [_ref(g, p, persons_) for p in sorted(parents)]
    parts = set(g.objects(organisation, ORG.hasSubOrganization)) | set(
        g.subjects(ORG.subOrganizationOf, organisation)
    )
    if parts:
        doc["subOrganization"] = [_ref(g, p, persons_) for p in sorted(parts)]
    return doc


def organisations(graph: Graph) -> list[URIRef]:
    """Every ``org:Organization`` of the graph that is not a person, sorted."""
    found = set(graph.subjects(RDF.type, ORG.Organization))
    found -= person_nodes(graph)
    return sorted(o for o in found if isinstance(o, URIRef))


def schemaorg_documents(dataset: Graph, public: Graph | None = None) -> dict[str, bytes]:
    """One schema.org JSON-LD file per organisation, built from the public profile.

    Parameters
    ----------
    dataset : rdflib.Dataset or rdflib.Graph
        The dataset ``load`` built (its public profile is applied here), or a graph.
    public : rdflib.Dataset, optional
        ``apply_profile(dataset, "public")``, if already computed.

    Returns
    -------
    dict
        File name (``<slug>.jsonld``) to content.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> docs = schemaorg_documents(load())
    >>> len(docs), json.loads(docs["mes.jsonld"])["@type"]
    (26, 'Organization')
    """
    if public is None:
        public = apply_profile(dataset, "public") if is_dataset(dataset) else dataset
    files: dict[str, bytes] = {}
    persons_ = person_nodes(public)
    for organisation in organisations(public):
        name = slug(str(organisation))
        while f"{name}.jsonld" in files:  # pragma: no cover - two IRIs, one last segment
            name += "-" + hashlib.sha1(str(organisation).encode()).hexdigest()[:8]
        files[f"{name}.jsonld"] = json_bytes(schemaorg_document(public, organisation, persons_))
    return files


def schemaorg_archive(documents: Mapping[str, bytes], when: date) -> bytes:
    """The schema.org documents in one ZIP file, as a build publishes them.

    One entry per document, in name order, deflated, dated ``when`` (the release date,
    so the same documents give the same bytes) and readable by all (mode 0644).

    Parameters
    ----------
    documents : mapping
        File name to content, as ``schemaorg_documents`` gives them.
    when : datetime.date
        The date of every entry (a ZIP file holds none before 1980).

    Returns
    -------
    bytes

    Examples
    --------
    >>> import zipfile
    >>> archive = schemaorg_archive({"b.jsonld": b"{}", "a.jsonld": b"[]"}, date(2026, 1, 1))
    >>> zipfile.ZipFile(io.BytesIO(archive)).namelist()
    ['a.jsonld', 'b.jsonld']
    """
    buffer = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(documents):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, for the mode below
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, documents[name])
    return buffer.getvalue()


def schemaorg_script(document: Mapping[str, Any]) -> str:
    """A schema.org document as a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are escaped as JSON ``\\u`` sequences, so a label can never close
    the script element.

    Examples
    --------
    >>> schemaorg_script({"name": "</script>"})
    '<script type="application/ld+json">{"name": "\\\\u003c/script\\\\u003e"}</script>'
    """
    text = script_safe(json.dumps(document, ensure_ascii=False))
    return f'<script type="application/ld+json">{text}</script>'
