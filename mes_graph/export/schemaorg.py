"""schema.org documents: one JSON-LD per organisation, to embed in a web page.

Takes the public profile of a dataset; gives one schema.org ``Organization`` document per
organisation, their ZIP archive (written entry by entry, each document made as it goes
in), and the ``<script>`` element that embeds one in a page.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.base.files import script_safe
from mes_graph.base.terms import (
    FOAF,
    MES,
    ORG,
    RDF,
    SCHEMA,
    SKOS,
    TIME,
)
from mes_graph.engine import is_dataset, union_view
from mes_graph.export.jsonld import indented_json
from mes_graph.export.profiles import apply_profile, person_nodes
from mes_graph.export.writing import HashingFile

__all__ = [
    "interval_date",
    "organisations",
    "schemaorg_document",
    "schemaorg_documents",
    "schemaorg_names",
    "schemaorg_script",
    "slug",
    "write_schemaorg_archive",
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


_NAMES_KEPT = 500_000
"""How many names ``schemaorg_document`` keeps between documents before starting again."""


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
    graph: Graph,
    organisation: URIRef,
    persons_: set[Node] | None = None,
    *,
    names: dict[Node, str] | None = None,
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
    names : dict, optional
        The names of the resources already named, filled as it goes, when writing many
        documents (a network is named in each of its members' documents).

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
    named = {} if names is None else names

    def name(node: Node) -> str:
        found = named.get(node)
        if found is None:
            if len(named) >= _NAMES_KEPT:
                named.clear()
            found = named[node] = _name(g, node)
        return found

    def ref(node: Node) -> dict[str, Any]:
        kind = "Person" if node in persons_ else "Organization"
        return {"@type": kind, "@id": str(node), "name": name(node)}

    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": str(organisation),
        "name": name(organisation),
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
            "name": name(location),
        }
    areas = []
    for area in sorted(g.objects(organisation, SCHEMA.areaServed)):
        place: dict[str, Any] = {"@type": "AdministrativeArea", "@id": str(area)}
        place["name"] = name(area)
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
        role: dict[str, Any] = {"@type": "OrganizationRole", "memberOf": ref(body)}
        role_iri = g.value(membership, ORG.role)
        if role_iri is not None:
            role["roleName"] = name(role_iri)
        interval = g.value(membership, ORG.memberDuring)
        for key, prop in (("startDate", TIME.hasBeginning), ("endDate", TIME.hasEnd)):
            value = interval_date(g, interval, prop)
            if value:
                role[key] = value
        member_of.append(role)
    for body in sorted(set(g.objects(organisation, ORG.memberOf)) - described):
        member_of.append(ref(body))
    if member_of:
        doc["memberOf"] = member_of
    members = set(g.subjects(ORG.memberOf, organisation))
    members |= {g.value(m, ORG.member) for m in g.subjects(ORG.organization, organisation)}
    members.discard(None)
    if members:
        doc["member"] = [ref(m) for m in sorted(members)]
    founders = set(g.objects(organisation, SCHEMA.founder)) | set(
        g.subjects(MES.founderOf, organisation)
    )
    if founders:
        doc["founder"] = [ref(f) for f in sorted(founders)]
    parents = set(g.objects(organisation, ORG.subOrganizationOf)) | set(
        g.subjects(ORG.hasSubOrganization, organisation)
    )
    if parents:
        doc["parentOrganization"] = [ref(p) for p in sorted(parents)]
    parts = set(g.objects(organisation, ORG.hasSubOrganization)) | set(
        g.subjects(ORG.subOrganizationOf, organisation)
    )
    if parts:
        doc["subOrganization"] = [ref(p) for p in sorted(parts)]
    return doc


def organisations(graph: Graph) -> list[URIRef]:
    """Every ``org:Organization`` of the graph that is not a person, sorted."""
    found = set(graph.subjects(RDF.type, ORG.Organization))
    found -= person_nodes(graph)
    return sorted(o for o in found if isinstance(o, URIRef))


def schemaorg_names(organisations_: Iterable[URIRef]) -> dict[URIRef, str]:
    """The file name of each organisation's document: ``<slug>.jsonld``, made unique.

    Two IRIs with one last segment: the later one (in IRI order) gains a hash.

    Examples
    --------
    >>> schemaorg_names([URIRef("https://example.org/a/mes"), URIRef("https://example.org/b")])
    {rdflib.term.URIRef('https://example.org/a/mes'): 'mes.jsonld', \
rdflib.term.URIRef('https://example.org/b'): 'b.jsonld'}
    """
    names: dict[URIRef, str] = {}
    taken: set[str] = set()
    for organisation in sorted(organisations_):
        name = slug(str(organisation))
        while f"{name}.jsonld" in taken:  # pragma: no cover - two IRIs, one last segment
            name += "-" + hashlib.sha1(str(organisation).encode()).hexdigest()[:8]
        taken.add(f"{name}.jsonld")
        names[organisation] = f"{name}.jsonld"
    return names


def _documents(dataset: Graph, public: Graph | None) -> Iterable[tuple[str, bytes]]:
    """Each organisation's document, in file name order, made one at a time."""
    if public is None:
        public = apply_profile(dataset, "public") if is_dataset(dataset) else dataset
    graph = union_view(public)  # read in place, resource by resource
    persons_ = person_nodes(graph)
    names = schemaorg_names(organisations(graph))
    named: dict[Node, str] = {}
    for name, organisation in sorted((name, org) for org, name in names.items()):
        document = schemaorg_document(graph, organisation, persons_, names=named)
        yield name, (indented_json(document) + "\n").encode("utf-8")  # json_bytes's


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
        File name (``schemaorg_names``) to content, in name order.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> docs = schemaorg_documents(load())
    >>> len(docs), json.loads(docs["mes.jsonld"])["@type"]
    (26, 'Organization')
    """
    return dict(_documents(dataset, public))


def write_schemaorg_archive(
    out: HashingFile, dataset: Graph, when: date, public: Graph | None = None
) -> int:
    """Write the schema.org documents in one ZIP file, entry by entry, as a build publishes them.

    One entry per organisation (``schemaorg_documents``), in name order, each document
    made as it goes in; deflated, dated ``when`` (the release date, so the same graph
    gives the same bytes) and readable by all (mode 0644). ``zipfile`` rewrites each
    entry's header once its data is in: the file holds each entry until then, and hashes
    it once it is final.

    Parameters
    ----------
    out : HashingFile
        Where the archive goes (over a seekable file).
    dataset, public
        As in ``schemaorg_documents``.
    when : datetime.date
        The date of every entry (a ZIP file holds none before 1980).

    Returns
    -------
    int
        The number of documents.

    Examples
    --------
    >>> import io
    >>> from mes_graph.load import load
    >>> buffer = io.BytesIO()
    >>> write_schemaorg_archive(HashingFile(buffer), load(), date(2026, 1, 1))
    26
    >>> zipfile.ZipFile(buffer).namelist()[:2]
    ['alicescop.jsonld', 'apes.jsonld']
    """
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out.hold()
    count = 0
    with zipfile.ZipFile(out, "w") as archive:
        for name, document in _documents(dataset, public):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, for the mode below
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, document)
            out.settle()
            count += 1
    out.settle()
    return count


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
