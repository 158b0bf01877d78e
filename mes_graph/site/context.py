"""The site of one dataset: which resources have pages, their names, the links between pages.

Takes the dataset ``load`` built and ``SiteOptions`` (the SPARQL endpoint to name, and what
the build already computed: the public profile, its network, its metrics); gives the
``Site`` every page is written through: the actors, concepts and sources that have a
page and its path, their labels in French and English, references and relative links
from one page to another, the actors that have an ego map, and ``render``, which writes a
template's page into ``Site.files``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from mes_graph.actors import actors
from mes_graph.base.terms import BASE, DCTERMS, FOAF, ID, MES, ORG, PROV, RDF, RDFS, SCHEMES, SKOS
from mes_graph.export import (
    PUBLISH_PREFIXES,
    apply_profile,
    compact_iri,
    context,
    organisations,
    person_nodes,
    slug,
    version,
)
from mes_graph.network import ties
from mes_graph.site.links import anchor, page_path, relative
from mes_graph.site.statements import Statements

__all__ = [
    "EGO_MAPS",
    "INDEX_PAGE",
    "RANKINGS",
    "SITE_ACTORS",
    "SITE_TOP",
    "Site",
    "SiteOptions",
    "french_count",
]

EGO_MAPS = 1_000
"""Above this many actors, ego maps are written for that many of them only: the most
connected (by ties, then IRI). Every page says which; the full map shows the others."""

SITE_ACTORS = 5_000
"""Above this many actors, actor pages are written for that many only: the actors within
two ties of the MES first, then the ``SITE_TOP`` first of each of ``RANKINGS``, then the
most connected (by ties, then IRI). An actor's page (HTML, Turtle, JSON-LD) took 5 ms at
100,000 statements and 14 ms at 1,000,000 (the hubs, chosen first, have the longest
pages): 5,000 pages take 25 to 70 s, and hold the MES, all its direct ties and the first
of every ranking of a million statements; a page for each of 1.2 million actors would
take hours. Every other actor is in the complete index (``acteurs/<kind>.html``) and
resolves through ``mes-graph serve``. Read when a ``Site`` is made
(``SiteOptions.site_actors`` overrides it)."""

SITE_TOP = 100
"""How many of the first actors of each ranking of the metrics table get a page."""

RANKINGS = ("degree", "betweenness", "pagerank", "closeness", "eigenvector")
"""The columns of the metrics table whose first actors (highest values) get a page."""

INDEX_PAGE = 1_000
"""How many actors an index page lists: ``acteurs/<kind>.html``, then ``<kind>-2.html``…;
a concept's page and ``acteurs.html`` list that many at most, and link the index."""

MES_IRI = ID["organisation/mes"]
"""The MES: it and the actors within two ties of it get a page first."""


@dataclass(frozen=True)
class SiteOptions:
    """What a site is built with, beside its dataset: the keywords of ``site_files`` and
    ``build_site``.

    Parameters
    ----------
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
    site_actors : int, optional
        Above this many actors, only that many get a page, those that matter most
        (``Site.page_actors``); ``SITE_ACTORS`` when not given.

    Raises
    ------
    ValueError
        An endpoint that is not an http(s) URL.

    Examples
    --------
    >>> SiteOptions(ego_maps=10).ego_maps
    10
    >>> SiteOptions(site_actors=50).site_actors
    50
    >>> SiteOptions(endpoint="javascript:alert(1)")
    Traceback (most recent call last):
    ...
    ValueError: 'javascript:alert(1)' is not an http(s) URL: a page cannot link to it
    """

    endpoint: str | None = None
    public: Dataset | None = None
    network: nx.MultiDiGraph | None = None
    metrics: pd.DataFrame | None = None
    ego_maps: int = EGO_MAPS
    site_actors: int | None = None

    def __post_init__(self) -> None:
        endpoint = self.endpoint
        if endpoint is not None and not re.fullmatch(r"https?://[^\s\"'<>\\]+", endpoint):
            raise ValueError(f"{endpoint!r} is not an http(s) URL: a page cannot link to it")


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("mes_graph", "templates/site"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=False,
        keep_trailing_newline=True,
    )


class Site:
    """The pages of a site for one dataset: what to write, and the links between pages.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built; the site shows its public profile.
    options : SiteOptions, optional
    files : mutable mapping, optional
        Where ``render`` writes each page, by its path from the site's root: a folder
        written through (``base.files.FolderFiles``, as ``build_site`` gives), or a new
        dictionary.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from mes_graph.network import tiny_alliance
    >>> from mes_graph.base.terms import ID
    >>> site = Site(Dataset(default_union=True), SiteOptions(public=tiny_alliance()))
    >>> site.paths[ID["organisation/ardes"]], site.label(ID["organisation/mes"])
    ('id/organisation/ardes', 'Mouvement')
    """

    def __init__(
        self,
        dataset: Dataset,
        options: SiteOptions | None = None,
        files: MutableMapping[str, bytes] | None = None,
    ) -> None:
        options = options if options is not None else SiteOptions()
        self.dataset = dataset
        self.options = options
        self.public = (
            options.public if options.public is not None else apply_profile(dataset, "public")
        )
        self.graph = self.public  # union of the named graphs (default_union)
        self.index = Statements(self.public)
        self.endpoint = options.endpoint
        self.env = _environment()
        self.version = version(dataset)
        self.prefixes = context(PUBLISH_PREFIXES)
        self.publish_prefixes = {p: str(ns) for p, ns in PUBLISH_PREFIXES.items()}
        self.files: MutableMapping[str, bytes] = files if files is not None else {}
        self.network = options.network
        self.metrics = options.metrics
        self.ego_maps = options.ego_maps
        self.site_actors = options.site_actors if options.site_actors is not None else SITE_ACTORS
        self._labels: dict[tuple[Node, str], str] = {}
        self._names: dict[Node, tuple[str, str | None]] = {}
        self._class_kinds: dict[Node, list[Node]] = {}

    # -- which resources have pages -------------------------------------------------

    @cached_property
    def actors(self) -> list[URIRef]:
        """The actors (organisations and people) of the public profile, in IRI order."""
        return actors(self.graph)

    @cached_property
    def actor_set(self) -> set[URIRef]:
        """The actors, as a set."""
        return set(self.actors)

    @cached_property
    def organisation_set(self) -> set[URIRef]:
        """The organisations: their pages carry a schema.org description."""
        return set(organisations(self.graph))

    @cached_property
    def person_set(self) -> set[Node]:
        """The people, whatever vocabulary types them."""
        return person_nodes(self.graph)

    @cached_property
    def concept_set(self) -> set[URIRef]:
        """The concepts, as a set."""
        return set(self.concepts)

    @cached_property
    def classified(self) -> dict[Node, tuple[int, list[URIRef]]]:
        """Concept to how many actors are classified under it (or of its kind), and at most
        ``INDEX_PAGE`` of them to list, in actor order: those with a page first."""
        counts: dict[Node, int] = defaultdict(int)
        paged: dict[Node, list[URIRef]] = defaultdict(list)
        others: dict[Node, list[URIRef]] = defaultdict(list)
        for actor in self.actors:
            concepts = [*self.index.objects(actor, ORG.classification), *self.kinds(actor)]
            for concept in dict.fromkeys(concepts):
                counts[concept] += 1
                kept = paged[concept] if actor in self.paths else others[concept]
                if len(kept) < INDEX_PAGE:
                    kept.append(actor)
        return {
            concept: (count, sorted((paged[concept] + others[concept])[:INDEX_PAGE]))
            for concept, count in counts.items()
        }

    # -- which actors have pages ---------------------------------------------------

    @cached_property
    def page_actors(self) -> list[URIRef]:
        """The actors that have a page, in IRI order: all of them up to ``site_actors``.

        Above, those that matter most: the MES and the actors within two ties of it
        (nearest first), then the ``SITE_TOP`` first of each ranking of the metrics table
        (``RANKINGS``), then the most connected (ties, then IRI), until ``site_actors``.
        """
        if len(self.actors) <= self.site_actors:
            return self.actors
        chosen: dict[URIRef, None] = {}
        for actor in self._ranked_actors():
            if actor in self.actor_set:
                chosen[actor] = None
                if len(chosen) == self.site_actors:
                    break
        return sorted(chosen)

    def _ranked_actors(self) -> Iterator[URIRef]:
        """Every actor, from the one that matters most (``page_actors``), repeats allowed."""
        T = ties(self.network) if self.network is not None else None
        degree = (lambda n: T.degree(n) if n in T else 0) if T is not None else (lambda n: 0)
        mes = str(MES_IRI)
        if T is not None and mes in T:
            near = nx.single_source_shortest_path_length(T, mes, cutoff=2)
            yield from (URIRef(n) for n in sorted(near, key=lambda n: (near[n], -degree(n), n)))
        elif MES_IRI in self.actor_set:
            yield MES_IRI
        table = self.metrics
        for column in RANKINGS if table is not None else ():
            if column in table:
                top = table[["actor", column]].dropna()
                top = top.sort_values([column, "actor"], ascending=[False, True], kind="stable")
                yield from (URIRef(a) for a in top["actor"].head(SITE_TOP))
        yield from sorted(self.actors, key=lambda a: (-degree(str(a)), str(a)))

    @property
    def capped(self) -> bool:
        """Whether only some actors have a page."""
        return len(self.page_actors) < len(self.actors)

    def page_note(self) -> str:
        """What the pages say of the actors that have one, when they are capped."""
        return (
            f"Pages écrites pour {french_count(len(self.page_actors))} acteurs sur "
            f"{french_count(len(self.actors))} (plafond du site statique) : le MES et les acteurs "
            f"à deux liens de lui, les {SITE_TOP} premiers de chaque classement, puis les "
            "plus liés ; les autres sont dans l'index complet et se résolvent par "
            "mes-graph serve."
        )

    def unpaged_note(self) -> str:
        """What a list says of its names without a link, when the pages are capped."""
        return (
            "Un nom sans lien est celui d'un acteur sans page statique (plafond du site) : "
            "son IRI se résout par mes-graph serve."
        )

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
            kind for cls in index.objects(actor, RDF.type) for kind in self._kinds_of_class(cls)
        )

    def _kinds_of_class(self, cls: Node) -> list[Node]:
        """The kinds that name a class (``rdfs:seeAlso``), once per statement naming it."""
        found = self._class_kinds.get(cls)
        if found is None:
            index = self.index
            found = self._class_kinds[cls] = [
                kind
                for kind, _ in index.subject_predicates(cls)
                if index.has(kind, RDFS.seeAlso, cls)
                and index.has(kind, SKOS.inScheme, SCHEMES["kind"])
            ]
        return found

    @cached_property
    def ego_actors(self) -> set[str]:
        """The actors whose ego map is written: all, or the ``ego_maps`` most connected
        (of those that have a page)."""
        G = self.network
        if G is None:
            return set()
        if G.number_of_nodes() <= self.ego_maps:
            return set(G)
        T = ties(G)
        nodes = [str(a) for a in self.page_actors if str(a) in G] if self.capped else G
        ranked = sorted(nodes, key=lambda n: (-(T.degree(n) if n in T else 0), str(n)))
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
        """The concepts, concept schemes and roles that have a page (not actors), sorted."""
        found = set(self.graph.subjects(RDF.type, SKOS.Concept))
        found |= set(self.graph.subjects(RDF.type, SKOS.ConceptScheme))
        found |= set(self.graph.subjects(RDF.type, ORG.Role))
        return sorted(c for c in found if isinstance(c, URIRef) and c not in self.actor_set)

    @cached_property
    def sources(self) -> list[URIRef]:
        """The source documents that have a page: typed so, or cited by a statement."""
        found = set(self.graph.subjects(RDF.type, MES.SourceDocument))
        found |= set(self.graph.objects(None, DCTERMS.source))
        found |= set(self.graph.objects(None, PROV.wasDerivedFrom))
        found -= self.actor_set | self.concept_set
        return sorted(s for s in found if isinstance(s, URIRef))

    @cached_property
    def paths(self) -> dict[Node, str]:
        """Every resource that has a page to its path, without suffix (``page_path``)."""
        paths: dict[Node, str] = {}
        taken: set[str] = set()
        for node in [*self.page_actors, *self.concepts, *self.sources]:
            path = page_path(str(node))
            while path.lower() in taken:  # pragma: no cover - two IRIs, one page
                path += "-" + slug(str(node))[-8:]
            taken.add(path.lower())
            paths[node] = path
        return paths

    def kind_index(self, kind: Node | None, page: int = 1) -> str | None:
        """The path of a page of the index of a kind's actors, from the site's root.

        ``acteurs/<kind>.html`` lists the first ``INDEX_PAGE`` actors, ``<kind>-2.html``
        the next; ``None`` (no kind) gives ``acteurs/sans-nature.html``. ``None`` for a
        concept that is not a kind.
        """
        if kind is None:
            stem = "sans-nature"
        elif self.index.has(kind, SKOS.inScheme, SCHEMES["kind"]):
            stem = slug(str(kind))
        else:
            return None
        return f"acteurs/{stem}.html" if page == 1 else f"acteurs/{stem}-{page}.html"

    # -- labels and references -----------------------------------------------------

    def label(self, node: Node, lang: str = "fr") -> str:
        """The name of a resource in a language (French, English, any), else its IRI's tail."""
        found = self._labels.get((node, lang))
        if found is None:
            found = self._label(node, lang)
            if self._kept(node):
                self._labels[(node, lang)] = found
        return found

    def _kept(self, node: Node) -> bool:
        """Whether a resource's names are kept: not those of actors without a page,
        named once or twice (in the index), the million of them."""
        return node in self.paths or node not in self.actor_set

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
        """The page (or ontology anchor) of a resource, from the site's root, if any."""
        if node in self.paths:
            return self.paths[node] + ".html"
        if isinstance(node, URIRef) and str(node).startswith(str(MES)):
            return "ontologie.html#" + anchor(str(node)[len(str(MES)) :])
        return None

    def ref(
        self,
        node: Node,
        here: str,
        english: bool = True,
        names: tuple[str, str | None] | None = None,
    ) -> dict[str, Any]:
        """A resource as a template reference: label, English label, link (``names``: its
        ``names(node)``, if known)."""
        if not isinstance(node, URIRef):
            return {"label": str(node), "href": None, "label_en": None}
        href = self.href(node, here)
        external = str(node).startswith(("http://", "https://")) and not str(node).startswith(BASE)
        if href is None and external:
            href = str(node)
        name, name_en = self.names(node) if names is None else names
        return {"label": name, "href": href, "label_en": name_en if english else None}

    def names(self, node: URIRef) -> tuple[str, str | None]:
        """A resource's name as references show it (its label, else its compact IRI), and
        its English label."""
        names = self._names.get(node)
        if names is None:
            name = self.label(node) if self.named(node) else compact_iri(str(node), self.prefixes)
            names = (name, self.english(node))
            if self._kept(node):
                self._names[node] = names
        return names

    def value(self, term: Node, here: str) -> dict[str, Any]:
        """A statement's object as a template value: its text, language, link and datatype."""
        if isinstance(term, Literal):
            note = None
            if term.datatype is not None:
                note = compact_iri(str(term.datatype), self.prefixes)
            return {"label": str(term), "lang": term.language, "href": None, "note": note}
        ref = self.ref(term, here, english=False)
        return {"label": ref["label"], "href": ref["href"], "lang": None, "note": None}

    # -- rendering -----------------------------------------------------------------

    def render(self, template: str, path: str, **values: Any) -> None:
        """Render a template to a page of the site (``path`` from its root), into ``files``
        (written at once when they are a folder's)."""
        depth = path.count("/")
        values.setdefault("alternates", [])
        html = self.env.get_template(template).render(
            root="../" * depth, version=self.version, **values
        )
        self.files[path] = html.encode("utf-8")


def french_count(n: int) -> str:
    """A count as French writes it: thousands apart by a no-break space.

    Examples
    --------
    >>> french_count(55472)
    '55\xa0472'
    """
    return f"{n:,}".replace(",", "\xa0")
