"""Build the static linked-data site: HTML pages, per-resource RDF, search, maps, description.

Takes the dataset ``load`` built; gives a folder any static host can serve (``build_site``),
written atomically (built in a temporary folder, then swapped in):

- ``id/…/<name>.html``, ``.ttl`` and ``.jsonld``: one page per actor, concept, concept
  scheme and source, at the path of its IRI under the base (``…/id/organisation/ardes`` →
  ``id/organisation/ardes.html``; an IRI outside the base goes under ``ext/``), with its
  name, kind, links in and out (roles, dates, sources), its ego map and its statements;
- ``acteurs.html`` and ``acteurs/<kind>.html`` (one index page per kind of actor),
  ``concepts.html``, ``sources.html``;
- ``ontologie.html``: classes and properties (French and English labels, definitions,
  alignments), code lists and SHACL shapes, rendered by our own templates;
- ``carte.html`` (the full map) and ``…/<name>.carte.html`` (ego maps), by ``mes_graph.maps``;
- ``donnees/``: the graph in Turtle, N-Quads and JSON-LD (public profile), ``context.jsonld``,
  the DCAT description (``description.ttl``) and its page;
- ``recherche.html``: an offline search (``search-index.json``, the same index as a script,
  and ``assets/search.js``; no CDN);
- ``.htaccess``: content negotiation (Turtle, JSON-LD, HTML) for Apache.

Links are relative; every text is escaped by Jinja2's autoescape; the pages are the same
bytes for the same data. Pages are in French, with English labels where the data has them.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph import describe as dsc
from mes_graph.actors import actors, fold
from mes_graph.base.convert import to_oxigraph
from mes_graph.base.files import files_of, json_bytes, write_folder_atomic
from mes_graph.base.order import sorted_triples
from mes_graph.base.terms import (
    BASE,
    DCTERMS,
    FOAF,
    MES,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMES,
    SH,
    SKOS,
    TIME,
)
from mes_graph.base.turtle import turtle
from mes_graph.engine import distinct_triples
from mes_graph.export import (
    PUBLISH_PREFIXES,
    apply_profile,
    compact_iri,
    context,
    context_document,
    jsonld_nodes,
    organisations,
    person_nodes,
    schemaorg_document,
    schemaorg_script,
    serialize_formats,
    slug,
    version,
)
from mes_graph.load import resource_dir
from mes_graph.network import PHRASES, alliance_network, metrics_table

DUMPS = {"mes-graph.ttl": "turtle", "mes-graph.nq": "nquads", "mes-graph.jsonld": "jsonld"}
"""The full files of the site's ``donnees/`` folder and their formats."""

HTACCESS = """# Content negotiation for Apache (mod_rewrite, mod_mime): a resource's IRI path
# (…/id/organisation/ardes) gives Turtle, JSON-LD or HTML as the client asks.
Options -MultiViews
AddType text/turtle .ttl
AddType application/n-quads .nq
AddType application/ld+json .jsonld
AddType text/html;charset=utf-8 .html
AddCharset utf-8 .ttl .jsonld .nq
RewriteEngine On
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L]
"""

EGO_MAPS = 1_000
"""Above this many actors, ego maps are written for that many of them only: the most
connected (by ties, then IRI). Every page says which; the full map shows the others."""

SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("mes_graph", "templates/site"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def page_path(iri: str) -> str:
    """Where a resource's page lives in the site, without suffix.

    Examples
    --------
    >>> page_path("https://w3id.org/mes-graph/id/organisation/ardes")
    'id/organisation/ardes'
    >>> page_path("https://www.insee.fr/fr/information/2560452")
    'ext/2560452'
    """
    if iri.startswith(BASE):
        local = iri[len(BASE) :]
        if SAFE_PATH.match(local) and not local.startswith(("assets", "donnees", "ext/")):
            return local
    return "ext/" + slug(iri)


class Statements:
    """The statements of a graph read once, by subject and by object, as rdflib terms.

    The site asks the same few questions of every resource (its labels, its statements,
    who mentions it): dictionaries answer them at once, where each question to the store
    walks rdflib's API. An Oxigraph-backed dataset is read from Oxigraph directly.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> from mes_graph.base.terms import ID
    >>> index = Statements(tiny_alliance())
    >>> [str(v) for v in index.objects(ID["organisation/mes"], SKOS.prefLabel)]
    ['Mouvement']
    """

    def __init__(self, graph: Graph) -> None:
        out: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        into: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in distinct_triples(graph):
            out[s][p].append(o)
            if isinstance(o, URIRef):
                into[o].append((s, p))
        self.out, self.into = out, into

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of a subject and predicate (``graph.objects``)."""
        found = self.out.get(subject)
        return found.get(predicate, []) if found else []

    def predicate_objects(self, subject: Node) -> list[tuple[Node, Node]]:
        """The predicates and objects of a subject."""
        return [(p, o) for p, objects in self.out.get(subject, {}).items() for o in objects]

    def subject_predicates(self, obj: Node) -> list[tuple[Node, Node]]:
        """The subjects and predicates of an IRI as object."""
        return self.into.get(obj, [])

    def has(self, subject: Node, predicate: Node, obj: Node | None = None) -> bool:
        """Whether the statement is there (any object when ``obj`` is None)."""
        objects = self.objects(subject, predicate)
        return bool(objects) if obj is None else obj in objects


class Site:
    """The pages of a site for one dataset: what to write, and the links between pages."""

    def __init__(
        self,
        dataset: Dataset,
        endpoint: str | None = None,
        *,
        public: Dataset | None = None,
        network: nx.MultiDiGraph | None = None,
        metrics: pd.DataFrame | None = None,
        ego_maps: int = EGO_MAPS,
    ) -> None:
        self.dataset = dataset
        self.public = public if public is not None else apply_profile(dataset, "public")
        self.graph = self.public  # union of the named graphs (default_union)
        self.index = Statements(self.public)
        if endpoint is not None and not re.fullmatch(r"https?://[^\s\"'<>\\]+", endpoint):
            raise ValueError(f"{endpoint!r} is not an http(s) URL: a page cannot link to it")
        self.endpoint = endpoint
        self.env = _environment()
        self.version = version(dataset)
        self.prefixes = context(PUBLISH_PREFIXES)
        self.publish_prefixes = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}
        self.files: dict[str, bytes] = {}
        self.network = network
        self.metrics = metrics
        self.ego_maps = ego_maps
        self._labels: dict[tuple[Node, str], str] = {}
        self._names: dict[Node, tuple[str, str | None]] = {}

    # -- which resources have pages -------------------------------------------------

    @cached_property
    def actors(self) -> list[URIRef]:
        return actors(self.graph)

    @cached_property
    def actor_set(self) -> set[URIRef]:
        return set(self.actors)

    @cached_property
    def organisation_set(self) -> set[URIRef]:
        return set(organisations(self.graph))

    @cached_property
    def person_set(self) -> set[Node]:
        return person_nodes(self.graph)

    @cached_property
    def concept_set(self) -> set[URIRef]:
        return set(self.concepts)

    @cached_property
    def classified(self) -> dict[Node, list[URIRef]]:
        """Concept to the actors classified under it (or of its kind), in actor order."""
        found: dict[Node, list[URIRef]] = defaultdict(list)
        for actor in self.actors:
            concepts = [*self.index.objects(actor, ORG.classification), *self.kinds(actor)]
            for concept in dict.fromkeys(concepts):
                found[concept].append(actor)
        return found

    def kinds(self, actor: Node) -> list[Node]:
        """An actor's kinds: its classifications in the kinds, else those of its class
        (a person has no org:classification, ORG's domain being org:Organization)."""
        index = self.index
        kinds = [
            c
            for c in dict.fromkeys(index.objects(actor, ORG.classification))
            if index.has(c, SKOS.inScheme, SCHEMES["kind"])
        ]
        return kinds or sorted(
            kind
            for cls in index.objects(actor, RDF.type)
            for kind, _ in index.subject_predicates(cls)
            if index.has(kind, RDFS.seeAlso, cls)
            and index.has(kind, SKOS.inScheme, SCHEMES["kind"])
        )

    @cached_property
    def ego_actors(self) -> set[str]:
        """The actors whose ego map is written: all, or the ``ego_maps`` most connected."""
        G = self.network
        if G is None:
            return set()
        if G.number_of_nodes() <= self.ego_maps:
            return set(G)
        from mes_graph.network import ties

        T = ties(G)
        ranked = sorted(G, key=lambda n: (-(T.degree(n) if n in T else 0), str(n)))
        return set(ranked[: self.ego_maps])

    @cached_property
    def map_values(self) -> dict[str, dict[str, Any]]:
        """The metrics the maps show, actor to value, read from the table once for all."""
        table = self.metrics
        return {
            name: dict(zip(table["actor"], table[name], strict=True))
            for name in ("betweenness", "degree", "pagerank")
        }

    @property
    def ego_capped(self) -> bool:
        """Whether only some actors have an ego map."""
        return self.network is not None and len(self.ego_actors) < self.network.number_of_nodes()

    def ego_note(self) -> str:
        """What the pages say of the ego maps when they are capped."""
        return (
            f"Cartes ego écrites pour les {len(self.ego_actors)} acteurs les plus liés sur "
            f"{self.network.number_of_nodes() if self.network is not None else 0} "
            "(au-delà de ce nombre, les autres sont sur la carte des alliances)."
        )

    @cached_property
    def concepts(self) -> list[URIRef]:
        found = set(self.graph.subjects(RDF.type, SKOS.Concept))
        found |= set(self.graph.subjects(RDF.type, SKOS.ConceptScheme))
        found |= set(self.graph.subjects(RDF.type, ORG.Role))
        return sorted(c for c in found if isinstance(c, URIRef) and c not in self.actor_set)

    @cached_property
    def sources(self) -> list[URIRef]:
        found = set(self.graph.subjects(RDF.type, MES.SourceDocument))
        found |= set(self.graph.objects(None, DCTERMS.source))
        found |= set(self.graph.objects(None, PROV.wasDerivedFrom))
        found -= self.actor_set | self.concept_set
        return sorted(s for s in found if isinstance(s, URIRef))

    @cached_property
    def paths(self) -> dict[Node, str]:
        paths: dict[Node, str] = {}
        taken: set[str] = set()
        for node in [*self.actors, *self.concepts, *self.sources]:
            path = page_path(str(node))
            while path.lower() in taken:  # pragma: no cover - two IRIs, one page
                path += "-" + slug(str(node))[-8:]
            taken.add(path.lower())
            paths[node] = path
        return paths

    # -- labels and references -----------------------------------------------------

    def label(self, node: Node, lang: str = "fr") -> str:
        """The name of a resource in a language (French, English, any), else its IRI's tail."""
        found = self._labels.get((node, lang))
        if found is None:
            found = self._labels[(node, lang)] = self._label(node, lang)
        return found

    def _label(self, node: Node, lang: str) -> str:
        for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name):
            values = sorted(v for v in self.index.objects(node, prop) if isinstance(v, Literal))
            for wanted in (lang, "fr", "en", None):
                for value in values:
                    if value.language == wanted:
                        return str(value)
            if values:
                return str(values[0])
        return slug(str(node)) if isinstance(node, URIRef) else str(node)

    def named(self, node: Node) -> bool:
        """Whether the data gives a resource a name (else its compact IRI stands for it)."""
        props = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)
        return any(self.index.has(node, prop) for prop in props)

    def english(self, node: Node) -> str | None:
        """The English label, when the data has one distinct from the French."""
        english = self.label(node, "en")
        return english if english != self.label(node, "fr") and self._has_lang(node) else None

    def _has_lang(self, node: Node) -> bool:
        for prop in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
            if any(getattr(v, "language", None) == "en" for v in self.index.objects(node, prop)):
                return True
        return False

    def href(self, node: Node, here: str) -> str | None:
        """A relative link from the page ``here`` to a resource's page or anchor, if any."""
        target = self.target(node)
        if target is None:
            return None
        return relative(target, here)

    def target(self, node: Node) -> str | None:
        if node in self.paths:
            return self.paths[node] + ".html"
        if isinstance(node, URIRef) and str(node).startswith(str(MES)):
            return "ontologie.html#" + anchor(str(node)[len(str(MES)) :])
        return None

    def ref(self, node: Node, here: str, english: bool = True) -> dict[str, Any]:
        """A resource as a template reference: label, English label, link."""
        if not isinstance(node, URIRef):
            return {"label": str(node), "href": None, "label_en": None}
        href = self.href(node, here)
        external = str(node).startswith(("http://", "https://")) and not str(node).startswith(BASE)
        if href is None and external:
            href = str(node)
        names = self._names.get(node)
        if names is None:
            name = self.label(node) if self.named(node) else compact_iri(str(node), self.prefixes)
            names = self._names[node] = (name, self.english(node))
        return {"label": names[0], "href": href, "label_en": names[1] if english else None}

    # -- rendering -----------------------------------------------------------------

    def render(self, template: str, path: str, **values: Any) -> None:
        depth = path.count("/")
        values.setdefault("alternates", [])
        html = self.env.get_template(template).render(
            root="../" * depth, version=self.version, **values
        )
        self.files[path] = html.encode("utf-8")

    def build(self) -> dict[str, bytes]:
        """Every file of the site: relative path to content."""
        maps = _maps()
        if self.network is None:
            self.network = alliance_network(self.public, lang="fr")
        if self.metrics is None and maps is not None:  # once for every map, not once per map
            self.metrics = metrics_table(self.network)
        for node in self.actors:
            self.resource_page(node, maps)
        for node in [*self.concepts, *self.sources]:
            self.resource_page(node, None)
        self.actor_indexes()
        self.simple_index("concepts.html", "Concepts des listes de codes", self.concepts)
        self.simple_index("sources.html", "Sources", self.sources)
        self.ontology_page()
        self.data_folder()
        self.search()
        self.home()
        self.map_pages(maps)
        self.files[".htaccess"] = HTACCESS.encode("utf-8")
        for name in ("style.css", "search.js"):
            self.files["assets/" + name] = (
                resources.files("mes_graph").joinpath("static/site/" + name).read_bytes()
            )
        return self.files

    def resource_page(self, node: URIRef, maps: Any) -> None:
        path = self.paths[node]
        here = path + ".html"
        g, index = self.graph, self.index
        kinds = [self.ref(c, here) for c in sorted(self.kinds(node))]
        classes = [self.ref(c, here, english=False) for c in sorted(index.objects(node, RDF.type))]
        properties = []
        for p, o in sorted(index.predicate_objects(node), key=lambda po: (po[0], po[1].n3())):
            properties.append(
                {"property": self.ref(p, here, english=False), "value": self.value(o, here)}
            )
        mentions = []
        if node not in self.actor_set:
            for s, p in sorted(index.subject_predicates(node)):
                if isinstance(s, URIRef) and s != node and (s in self.paths or p != SKOS.inScheme):
                    mentions.append(
                        {"subject": self.ref(s, here), "property": self.ref(p, here, False)}
                    )
                    if len(mentions) == 500:
                        break
        out_links, in_links = self.links(node, here)
        ego_map, ego_note = None, None
        if maps is not None and str(node) in self.ego_actors:
            ego_map = posixpath.basename(path) + ".carte.html"
            self.ego_map(node, path + ".carte.html", maps)
        elif maps is not None and self.network is not None and str(node) in self.network:
            ego_note = self.ego_note()
        schemaorg = None
        if node in self.organisation_set:
            document = schemaorg_document(g, node, self.person_set)
            schemaorg = Markup(schemaorg_script(document))  # escaped JSON
        members, members_title = [], ""
        if node in self.concept_set and self.classified.get(node):
            members = [self.ref(a, here) for a in self.classified[node]]
            members_title = "Acteurs classés ici (actors classified here)"
        alt = sorted({(str(v), v.language) for v in index.objects(node, SKOS.altLabel)})
        base = posixpath.basename(path)
        self.render(
            "resource.html",
            here,
            title=self.label(node),
            title_en=self.english(node),
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
            alternates=[
                {"type": "text/turtle", "href": base + ".ttl"},
                {"type": "application/ld+json", "href": base + ".jsonld"},
            ],
        )
        described = sorted_triples(self.description_of(node))
        self.files[path + ".ttl"] = resource_turtle(described, self.publish_prefixes)
        self.files[path + ".jsonld"] = json_bytes(
            {
                "@context": self.prefixes,
                "@graph": jsonld_nodes(described, self.prefixes, ordered=True),
            }
        )

    def description_of(self, node: URIRef) -> list[tuple[Node, Node, Node]]:
        """The statements a resource's ``.ttl`` and ``.jsonld`` carry: its own, and those of
        its memberships (with their intervals), in the public profile."""
        index = self.index
        out: list[tuple[Node, Node, Node]] = []
        todo = [node]
        if node in self.actor_set:
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

    def value(self, term: Node, here: str) -> dict[str, Any]:
        if isinstance(term, Literal):
            note = None
            if term.datatype is not None:
                note = compact_iri(str(term.datatype), self.prefixes)
            return {"label": str(term), "lang": term.language, "href": None, "note": note}
        ref = self.ref(term, here, english=False)
        return {"label": ref["label"], "href": ref["href"], "lang": None, "note": None}

    def links(self, node: URIRef, here: str) -> tuple[list[dict], list[dict]]:
        key = str(node)
        if key not in self.network:
            return [], []
        rows: tuple[list[dict], list[dict]] = ([], [])
        edges = [(True, u, v, d) for u, v, d in self.network.out_edges(key, data=True)]
        edges += [(False, u, v, d) for u, v, d in self.network.in_edges(key, data=True)]
        for outgoing, u, v, data in edges:
            other = URIRef(v if outgoing else u)
            relation = data.get("relation") or ""
            phrase = PHRASES.get(relation, {"fr": relation, "en": relation})
            source = URIRef(data["source"]) if data.get("source") else None
            rows[0 if outgoing else 1].append(
                {
                    "relation": phrase["fr"],
                    "relation_en": phrase["en"],
                    "other": self.ref(other, here),
                    "role": data.get("role"),
                    "since": data.get("since"),
                    "until": data.get("until"),
                    "source": self.ref(source, here) if source is not None else None,
                }
            )
        for table in rows:
            table.sort(
                key=lambda r: (r["relation"], fold(r["other"]["label"]), r["other"]["href"] or "")
            )
        return rows

    # -- maps ----------------------------------------------------------------------

    def ego_map(self, node: URIRef, path: str, maps: Any) -> None:
        depth = path.count("/")
        html = maps.map_page(
            self.network,
            view="ego",
            actor=str(node),
            radius=1,
            title=f"Carte ego : {self.label(node)}",
            assets="../" * depth + "assets",
            lang="fr",
            metrics=self.map_values,
        )
        self.files[path] = html.encode("utf-8")

    def map_pages(self, maps: Any) -> None:
        if maps is None:
            self.render(
                "notice.html",
                "carte.html",
                title="Carte des alliances",
                message="La carte n'a pas été construite : le module mes_graph.maps manque.",
            )
            return
        html = maps.map_page(
            self.network,
            view="all",
            title="Carte des alliances du MES",
            assets="assets",
            lang="fr",
            metrics=self.metrics,
        )
        self.files["carte.html"] = html.encode("utf-8")
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            for written in maps.copy_assets(Path(folder)):
                written = Path(written)
                self.files["assets/" + written.relative_to(folder).as_posix()] = (
                    written.read_bytes()
                )

    # -- indexes -------------------------------------------------------------------

    def actor_indexes(self) -> None:
        by_kind: dict[Node | None, list[URIRef]] = defaultdict(list)
        for actor in self.actors:
            for kind in sorted(self.kinds(actor)) or [None]:
                by_kind[kind].append(actor)
        ordered = sorted(by_kind, key=lambda k: fold(self.label(k)) if k is not None else "~")
        groups, self.kind_counts = [], []
        for kind in ordered:
            members = sorted(by_kind[kind], key=lambda a: fold(self.label(a)))
            kind_slug = slug(str(kind)) if kind is not None else "sans-nature"
            index_path = f"acteurs/{kind_slug}.html"
            title = self.label(kind) if kind is not None else "Sans nature"
            title_en = self.english(kind) if kind is not None else "No kind"
            self.render(
                "list.html",
                index_path,
                title=f"Acteurs : {title}",
                intro=f"{len(members)} acteurs de nature « {title} ».",
                groups=[
                    {
                        "id": "liste",
                        "title": title,
                        "title_en": title_en,
                        "href": self.href(kind, index_path) if kind is not None else None,
                        "items": [self.ref(a, index_path) for a in members],
                    }
                ],
            )
            groups.append(
                {
                    "id": kind_slug,
                    "title": title,
                    "title_en": title_en,
                    "href": index_path,
                    "items": [self.ref(a, "acteurs.html") for a in members],
                }
            )
            self.kind_counts.append(
                {"label": title, "label_en": title_en, "href": index_path, "count": len(members)}
            )
        self.render(
            "list.html",
            "acteurs.html",
            title="Acteurs",
            intro=f"{len(self.actors)} acteurs : organisations et personnes, par nature."
            + (" " + self.ego_note() if self.ego_capped else ""),
            groups=groups,
        )

    def simple_index(self, path: str, title: str, nodes: Iterable[URIRef]) -> None:
        g = self.graph
        by_scheme: dict[Node | None, list[URIRef]] = defaultdict(list)
        for node in nodes:
            scheme = min(g.objects(node, SKOS.inScheme), default=None)
            by_scheme[scheme].append(node)
        groups = []
        for scheme in sorted(by_scheme, key=lambda s: fold(self.label(s)) if s is not None else ""):
            items = sorted(by_scheme[scheme], key=lambda n: fold(self.label(n)))
            groups.append(
                {
                    "id": slug(str(scheme)) if scheme is not None else "autres",
                    "title": self.label(scheme) if scheme is not None else title,
                    "title_en": self.english(scheme) if scheme is not None else None,
                    "href": self.href(scheme, path) if scheme is not None else None,
                    "items": [self.ref(n, path) for n in items],
                }
            )
        self.render("list.html", path, title=title, intro=None, groups=groups)

    # -- ontology ------------------------------------------------------------------

    def ontology_page(self) -> None:
        g = self.dataset
        here = "ontologie.html"
        terms = sorted(  # the ontology's terms: subjects of the index (the same in public)
            {s for s in self.index.out if isinstance(s, URIRef) and s.startswith(str(MES))}
        )
        classes = [t for t in terms if (t, RDF.type, OWL.Class) in g]
        properties = [t for t in terms if t not in classes]
        rows_of = (
            ("Sous-classe de", RDFS.subClassOf),
            ("Sous-propriété de", RDFS.subPropertyOf),
            ("Domaine", RDFS.domain),
            ("Portée", RDFS.range),
            ("Inverse de", OWL.inverseOf),
            ("Équivalente à", OWL.equivalentProperty),
            ("Équivalente à", OWL.equivalentClass),
            ("Correspondance exacte", SKOS.exactMatch),
            ("Correspondance proche", SKOS.closeMatch),
            ("Type", RDF.type),
        )

        def term(node: URIRef) -> dict[str, Any]:
            rows = []
            for name, prop in rows_of:
                values = [self.ref(v, here, False) for v in sorted(g.objects(node, prop))]
                if values:
                    rows.append({"name": name, "values": values})
            return {
                "id": anchor(str(node)[len(str(MES)) :]),
                "iri": str(node),
                "label": _lang(g, node, RDFS.label, "fr") or str(node)[len(str(MES)) :],
                "label_en": _lang(g, node, RDFS.label, "en") or "",
                "definition": _lang(g, node, SKOS.definition, "fr"),
                "definition_en": _lang(g, node, SKOS.definition, "en"),
                "rows": rows,
            }

        schemes = []
        for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme))):
            concepts = sorted(
                set(g.subjects(SKOS.inScheme, scheme)),
                key=lambda c: (str(g.value(c, SKOS.notation) or ""), str(c)),
            )
            schemes.append(
                {
                    "id": "liste-" + slug(str(scheme)),
                    "ref": self.ref(scheme, here),
                    "definition": _lang(g, scheme, SKOS.definition, "fr"),
                    "concepts": [
                        {
                            "notation": str(g.value(c, SKOS.notation) or ""),
                            "ref": self.ref(c, here, False),
                            "label_en": _lang(g, c, SKOS.prefLabel, "en") or "",
                            "matches": [
                                self.ref(m, here, False)
                                for p in (SKOS.exactMatch, SKOS.closeMatch)
                                for m in sorted(g.objects(c, p))
                            ],
                        }
                        for c in concepts
                    ],
                }
            )
        header = URIRef(str(MES).rstrip("#"))
        self.render(
            "ontology.html",
            here,
            title=_lang(g, header, DCTERMS.title, "fr") or "Ontologie",
            title_en=_lang(g, header, DCTERMS.title, "en") or "Ontology",
            description=_lang(g, header, DCTERMS.description, "fr") or "",
            namespace=str(MES),
            sections=[
                {
                    "id": "classes",
                    "title": "Classes",
                    "title_en": "classes",
                    "terms": [term(c) for c in classes],
                },
                {
                    "id": "proprietes",
                    "title": "Propriétés",
                    "title_en": "properties",
                    "terms": [term(p) for p in properties],
                },
            ],
            schemes=schemes,
            shapes=self.shapes(here),
        )

    def shapes(self, here: str) -> list[dict[str, Any]]:
        from mes_graph.load import parse_turtle

        found = []
        for path in (resource_dir() / "ontology" / "shapes.ttl", dsc.dcat_shapes_file()):
            if not path.is_file():  # pragma: no cover
                continue
            shapes = parse_turtle(path)
            for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
                properties = []
                for prop in sorted(
                    shapes.objects(shape, SH.property), key=lambda p: _shape_key(shapes, p)
                ):
                    path_node = shapes.value(prop, SH.path)
                    properties.append(
                        {
                            "path": self.ref(path_node, here, False)
                            if isinstance(path_node, URIRef)
                            else {"label": "(chemin)", "href": None, "label_en": None},
                            "constraints": _constraints(shapes, prop, self.prefixes),
                            "message": str(shapes.value(prop, SH.message) or ""),
                        }
                    )
                name = compact_iri(
                    str(shape), {"mesh": BASE + "shapes#", "dcath": BASE + "dcat-shapes#"}
                )
                messages = [str(m) for m in sorted(shapes.objects(shape, SH.message))]
                for constraint in sorted(shapes.objects(shape, SH.sparql)):
                    messages += [str(m) for m in shapes.objects(constraint, SH.message)]
                found.append(
                    {
                        "id": "forme-" + anchor(name.replace(":", "-")),
                        "name": name,
                        "file": path.name,
                        "targets": [
                            self.ref(t, here, False)
                            for t in sorted(shapes.objects(shape, SH.targetClass))
                        ],
                        "messages": messages,
                        "properties": properties,
                    }
                )
        return found

    # -- data, description, search, home -------------------------------------------

    def data_folder(self) -> None:
        import tempfile

        documents = dict(serialize_formats(self.public, DUMPS.values()))
        written = {name: documents[fmt] for name, fmt in DUMPS.items()}
        self.files["donnees/context.jsonld"] = context_document()
        with tempfile.TemporaryDirectory() as folder:
            dists = []
            for name, data in written.items():
                (Path(folder) / name).write_bytes(data)
                dists.append(dsc.Distribution(name, Path(folder) / name, DUMPS[name], "public"))
                self.files["donnees/" + name] = data
            description = dsc.describe(
                self.dataset,
                dists,
                endpoint=self.endpoint,
                base_url=dsc.DEFAULT_BASE_URL,
                profiled=self.public,
            )
            sizes = {d.name: (d.path.stat().st_size, _sha256(d.path)) for d in dists}
        self.description = description
        self.files["donnees/description.ttl"] = dsc.description_turtle(description)
        d = dsc.DATASET
        value = description.value

        def literal(prop: URIRef, lang: str | None = None) -> str:
            for v in sorted(description.objects(d, prop)):
                if lang is None or getattr(v, "language", None) == lang:
                    return str(v)
            return ""

        facts = [
            {
                "name": "Éditeur (publisher)",
                "value": str(value(value(d, DCTERMS.publisher), FOAF.name)),
            },
            {"name": "Licence", "value": "CC BY 4.0", "href": str(dsc.LICENSE)},
            {"name": "Version", "value": literal(dsc.DCAT.version)},
            {"name": "Publié (issued)", "value": literal(DCTERMS.issued)},
            {"name": "Modifié (modified)", "value": literal(DCTERMS.modified)},
            {"name": "Triplets (triples)", "value": literal(dsc.VOID.triples)},
            {"name": "Entités (entities)", "value": literal(dsc.VOID.entities)},
            {"name": "Sources", "value": literal(MES.sourceCount)},
            {"name": "Profil", "value": "public"},
        ]
        if self.endpoint:
            facts.append(
                {"name": "Point d'accès SPARQL", "value": self.endpoint, "href": self.endpoint}
            )
        self.render(
            "dataset.html",
            "donnees/index.html",
            title=literal(DCTERMS.title, "fr"),
            title_en=literal(DCTERMS.title, "en"),
            description=literal(DCTERMS.description, "fr"),
            description_en=literal(DCTERMS.description, "en"),
            facts=facts,
            distributions=[
                {
                    "name": name,
                    "href": name,
                    "media": dsc.MEDIA_TYPES[DUMPS[name]],
                    "profile": "public",
                    "size": sizes[name][0],
                    "sha256": sizes[name][1],
                }
                for name in DUMPS
            ],
        )

    def search(self) -> None:
        entries = []
        for node in [*self.actors, *self.concepts, *self.sources]:
            names = [self.label(node)]
            for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, SKOS.notation):
                for v in sorted(self.index.objects(node, prop)):
                    if str(v) not in names:
                        names.append(str(v))
            kind = (
                "acteur"
                if node in self.actor_set
                else "concept"
                if node in self.concept_set
                else "source"
            )
            entries.append({"names": names, "kind": kind, "url": self.paths[node] + ".html"})
        entries.sort(key=lambda e: (fold(e["names"][0]), e["url"]))
        data = json.dumps(entries, ensure_ascii=False, indent=1, sort_keys=True)
        self.files["search-index.json"] = (data + "\n").encode("utf-8")
        safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        self.files["assets/search-index.js"] = f"window.MES_SEARCH = {safe};\n".encode()
        self.render("search.html", "recherche.html", title="Recherche")

    def home(self) -> None:
        d = dsc.DATASET

        def text(prop: URIRef, lang: str) -> str:
            for v in self.description.objects(d, prop):
                if v.language == lang:
                    return str(v)
            return ""

        self.render(
            "home.html",
            "index.html",
            title=text(DCTERMS.title, "fr"),
            title_en=text(DCTERMS.title, "en"),
            description=text(DCTERMS.description, "fr"),
            description_en=text(DCTERMS.description, "en"),
            counts={
                "actors": len(self.actors),
                "sources": len(self.sources),
                "concepts": len(self.concepts),
            },
            kinds=self.kind_counts,
            endpoint=self.endpoint,
            ego_note=self.ego_note() if self.ego_capped else None,
        )


def resource_turtle(triples: list[tuple[Node, Node, Node]], prefixes: Mapping[str, str]) -> bytes:
    """Sorted triples as Turtle, the bytes ``export.serialize`` writes of their graph.

    Examples
    --------
    >>> from mes_graph.export import serialize
    >>> from mes_graph.network import tiny_alliance
    >>> graph = tiny_alliance()
    >>> prefixes = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}
    >>> resource_turtle(sorted_triples(graph), prefixes) == serialize(graph, "turtle")
    True
    """
    return turtle([ox.Triple(*map(to_oxigraph, t)) for t in triples], prefixes)


def _sha256(path: Path) -> str:
    from mes_graph.base.files import sha256

    return sha256(path)


def _lang(graph: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    for value in sorted(graph.objects(node, prop)):
        if getattr(value, "language", None) == lang:
            return str(value)
    return None


def _shape_key(shapes: Graph, prop: Node) -> tuple[str, str]:
    return (str(shapes.value(prop, SH.path) or ""), str(shapes.value(prop, SH.message) or ""))


def _constraints(shapes: Graph, prop: Node, prefixes: Mapping[str, str]) -> str:
    words = []
    for name, predicate in (
        ("min", SH.minCount),
        ("max", SH.maxCount),
        ("type", SH.datatype),
        ("classe", SH["class"]),
        ("valeur", SH.hasValue),
        ("forme", SH.node),
        ("nature", SH.nodeKind),
        ("motif", SH.pattern),
        ("langue unique", SH.uniqueLang),
        ("min qualifié", SH.qualifiedMinCount),
        ("max qualifié", SH.qualifiedMaxCount),
    ):
        for value in sorted(shapes.objects(prop, predicate)):
            shown = (
                compact_iri(str(value), {**prefixes, "mesh": BASE + "shapes#"})
                if isinstance(value, URIRef)
                else str(value)
            )
            words.append(f"{name} {shown}")
    return ", ".join(words) or "—"


def anchor(text: str) -> str:
    """An HTML id from a term's local name.

    Examples
    --------
    >>> anchor("TerritorialNetwork")
    'TerritorialNetwork'
    >>> anchor("a b/c")
    'a-b-c'
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", text) or "term"


def relative(target: str, here: str) -> str:
    """A link from the page ``here`` to ``target``, both relative to the site's root.

    Examples
    --------
    >>> relative("id/concept/kind/chaire.html", "id/organisation/ardes.html")
    '../concept/kind/chaire.html'
    >>> relative("ontologie.html#Chair", "acteurs.html")
    'ontologie.html#Chair'
    """
    path, _, fragment = target.partition("#")
    link = _relpath(path, posixpath.dirname(here) or ".")
    return link + ("#" + fragment if fragment else "")


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)


def _maps() -> Any:
    """The map stage (``mes_graph.maps``) when it offers ``map_page`` and ``copy_assets``."""
    try:
        from mes_graph import maps
    except ImportError:  # pragma: no cover - the map stage is not installed
        return None
    if not (hasattr(maps, "map_page") and hasattr(maps, "copy_assets")):
        return None  # pragma: no cover
    return maps


def site_files(
    dataset: Dataset,
    endpoint: str | None = None,
    *,
    public: Dataset | None = None,
    network: nx.MultiDiGraph | None = None,
    metrics: pd.DataFrame | None = None,
    ego_maps: int = EGO_MAPS,
) -> dict[str, bytes]:
    """Every file of the site for a dataset: relative path to content.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built; the site shows its public profile.
    endpoint : str, optional
        A SPARQL endpoint to name on the home page and in the description.
    public : rdflib.Dataset, optional
        ``export.apply_profile(dataset, "public")``, if already computed.
    network : networkx.MultiDiGraph, optional
        ``network.alliance_network(public, lang="fr")``, if already computed.
    metrics : pandas.DataFrame, optional
        ``network.metrics_table(network)``, if already computed.
    ego_maps : int
        Above this many actors, only the ego maps of the ``ego_maps`` most connected are
        written, and the pages say so (``EGO_MAPS``).

    Returns
    -------
    dict
        Relative path (``/``-separated) to bytes.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> ds = Dataset(default_union=True)
    >>> _ = ds.graph(URIRef("urn:g")).parse(data=tiny_alliance().serialize(), format="turtle")
    >>> files = site_files(ds)
    >>> "id/organisation/ardes.html" in files and "ontologie.html" in files
    True
    """
    reused = {"public": public, "network": network, "metrics": metrics, "ego_maps": ego_maps}
    return Site(dataset, endpoint, **reused).build()


def build_site(
    dataset: Dataset, folder: Path | str, endpoint: str | None = None, **reused: Any
) -> Path:
    """Write the site to a folder, atomically (built beside it, then swapped in).

    Parameters
    ----------
    dataset : rdflib.Dataset
    folder : Path or str
        The site's folder (replaced).
    endpoint : str, optional
    **reused
        ``public``, ``network``, ``metrics``, ``ego_maps``: as in ``site_files``.

    Returns
    -------
    Path
        The folder.
    """
    return write_folder_atomic(folder, site_files(dataset, endpoint, **reused))


def files_of_site(folder: Path | str) -> list[Path]:
    """Every file of a built site, sorted."""
    return files_of(folder)
