"""Describe the dataset for partners: a DCAT catalogue and dataset, with VoID statistics.

Takes the dataset ``load`` built and the files an export wrote (with their sizes,
checksums and VoID counts as they were counted while writing, or read again); gives an
rdflib ``Graph``
(and its Turtle): the catalogue, the dataset (title and description in French and
English, publisher, licence, version, issued and modified dates, keywords, languages,
the profile it is published under), its VoID statistics (triples, entities, sources,
vocabularies, example resources, one subset per named graph), one ``dcat:Distribution``
per file (media type, byte size, SHA-256 as ``spdx:checksum``, profile) and, when one is
configured, the SPARQL endpoint. ``ontology/dcat-shapes.ttl`` states what it promises.

Dates are stable: ``issued`` is the ontology's ``dcterms:created``, ``modified`` is
``$SOURCE_DATE_EPOCH`` when set, else the ontology's ``dcterms:modified``, else ``issued``.
The publisher is the mes-graph project (its contributors), not MES: the project builds
the graph from MES's documents, which are its sources.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from mes_graph.base.files import sha256
from mes_graph.base.terms import (
    BASE,
    DCTERMS,
    FOAF,
    ID,
    LICENSE,
    MES,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
)
from mes_graph.export import (
    FORMATS,
    MEDIA_TYPES,
    PROFILE,
    PROFILES,
    PUBLISH_PREFIXES,
    Facts,
    apply_profile,
    facts_of,
    release_date,
    serialize,
    version,
)
from mes_graph.load import resource_dir

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
PROF = Namespace("http://www.w3.org/ns/dx/prof/")

CATALOG = URIRef(BASE + "catalog")
CONTACT = URIRef(BASE + "contributors/contact")
DATASET = URIRef(BASE + "dataset")
PUBLISHER = URIRef(BASE + "contributors")
SERVICE = URIRef(BASE + "dataset/sparql")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
ADMS = "http://purl.org/adms/"
IANA = "https://www.iana.org/assignments/media-types/"
LANGUAGES = (URIRef(EU + "language/FRA"), URIRef(EU + "language/ENG"))
"""The dataset's languages, from the EU's language authority table (as DCAT-AP asks)."""

THEMES = {
    URIRef(EU + "data-theme/SOCI"): ("Population et société", "Population and society"),
    URIRef(EU + "data-theme/ECON"): ("Économie et finances", "Economy and finance"),
}
"""The EU data themes of the dataset, with their labels in the EU's table."""

THEME_SCHEME = URIRef(EU + "data-theme")

FRANCE = URIRef(EU + "country/FRA")
FREQUENCY = URIRef(EU + "frequency/IRREG")
"""Released when the sources change: irregularly."""

FILE_TYPES = {
    "turtle": ("Turtle", "RDF_TURTLE"),
    "ntriples": ("N-Triples", "RDF_N_TRIPLES"),
    "nquads": ("N-Quads", "RDF_N_QUADS"),
    "trig": ("TriG", "RDF_TRIG"),
    "jsonld": ("JSON-LD", "JSON_LD"),
    "rdfxml": ("RDF/XML", "RDF_XML"),
    "graphml": ("GraphML", "XML"),
    "gexf": ("GEXF", "XML"),
    "csv": ("CSV", "CSV"),
}
"""Each format's name (for a distribution's description) and EU file type
(``dcterms:format``); an unknown format has neither."""

DESCRIPTION_FILE = "description.ttl"
"""The name of the description an export writes beside its files."""

DEFAULT_BASE_URL = BASE + "data/"
"""Where the files are downloaded from, unless told otherwise (``--base-url``)."""

SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".rdf": "rdfxml",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".csv": "csv",
}
"""The format of a distribution, by file suffix."""

TEXTS = {
    "title": (
        "Graphe de connaissances de l'économie solidaire autour du MES",
        "Knowledge graph of the solidarity economy around MES",
    ),
    "description": (
        "Les réseaux territoriaux, fédérations de filières, structures ressources, "
        "chercheur·e·s et instances nationales et internationales liés au Mouvement pour "
        "l'Économie Solidaire (MES) : qui est membre de quoi, depuis quand et selon quelle "
        "source. Publié par le projet mes-graph (ses contributeurs), et non par le MES, à "
        "partir des documents du MES et d'autres sources citées.",
        "The territorial networks, sector federations, resource structures, researchers and "
        "national and international bodies linked to the Mouvement pour l'Économie Solidaire "
        "(MES): who is a member of what, since when, and on whose word. Published by the "
        "mes-graph project (its contributors), not by MES, from MES's documents and other "
        "cited sources.",
    ),
    "catalog": ("Catalogue mes-graph", "mes-graph catalogue"),
    "catalog_description": (
        "Les jeux de données du projet mes-graph : le graphe de connaissances de "
        "l'économie solidaire autour du MES, ses fichiers et son point d'accès SPARQL.",
        "The datasets of the mes-graph project: the knowledge graph of the solidarity "
        "economy around MES, its files and its SPARQL endpoint.",
    ),
}
KEYWORDS = (
    ("économie sociale et solidaire", "fr"),
    ("social and solidarity economy", "en"),
    ("économie solidaire", "fr"),
    ("solidarity economy", "en"),
    ("MES", None),
    ("RIPESS", None),
)
EXAMPLES = ("organisation/mes", "organisation/ardes", "membership/ardes--mes")


@dataclass(frozen=True, order=True)
class Distribution:
    """One file of an export: its path relative to the description, format and profile.

    ``size`` (bytes) and ``sha256`` as counted while the file was written, if it was
    (else the file is read for them); ``statements``, those of an RDF file.
    """

    name: str
    path: Path
    fmt: str
    profile: str = "public"
    size: int | None = field(default=None, repr=False)
    sha256: str | None = field(default=None, repr=False)
    statements: int | None = field(default=None, repr=False)


def distribution(path: Path | str, root: Path | str, profile: str = "public") -> Distribution:
    """A file as a distribution: its name relative to ``root`` and its format by suffix.

    Examples
    --------
    >>> distribution("/tmp/out/mes.nq", "/tmp/out")
    Distribution(name='mes.nq', path=PosixPath('/tmp/out/mes.nq'), fmt='nquads', profile='public')
    """
    path = Path(path)
    try:
        name = path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        name = path.name
    fmt = SUFFIXES.get(path.suffix.lower(), "unknown")
    return Distribution(name, path, fmt, profile)


def _lit(text: str, lang: str | None = None) -> Literal:
    return Literal(text, lang=lang)


def vocabularies(graph: Graph, terms: Iterable[str] | None = None) -> list[URIRef]:
    """The namespaces of the predicates and classes a graph uses (``void:vocabulary``).

    ``terms``: those predicates and classes, if already read.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> [str(v) for v in vocabularies(load())][:2]
    ['http://purl.org/dc/terms/', 'http://purl.org/vocab/vann/']
    """
    namespaces = sorted({str(ns) for ns in PUBLISH_PREFIXES.values()}, key=len, reverse=True)
    ours = str(ID)
    used: set[str] = set()
    terms = set(terms) if terms is not None else _facts(graph)[2]
    for term in terms:
        for namespace in namespaces:
            if str(term).startswith(namespace) and not namespace.startswith(ours):
                used.add(namespace)
                break
    return [URIRef(ns) for ns in sorted(used)]


def sources(graph: Graph) -> list[URIRef]:
    """The documents the statements come from (``dcterms:source``, ``prov:wasDerivedFrom``).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> found = sources(load())
    >>> len(found), ID["source/mes-presentation"] in found
    (7, True)
    """
    found = set(graph.objects(None, DCTERMS.source)) | set(graph.objects(None, PROV.wasDerivedFrom))
    return sorted(s for s in found if isinstance(s, URIRef))


def entities(graph: Graph) -> int:
    """How many resources the dataset names: distinct subjects under ``…/id/``.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> entities(load()) > 100
    True
    """
    return _facts(graph)[1]


def _facts(graph: Graph) -> tuple[int, int, set[str]]:
    """Distinct statements, entities and vocabulary terms of a graph, in one pass."""
    facts = facts_of(graph)
    return facts.triples, facts.entities, set(facts.terms)


def triple_count(graph: Graph) -> int:
    """How many distinct statements a graph (a dataset's union) holds (``void:triples``).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> triple_count(load(engine="oxigraph")) == triple_count(load(engine="memory"))
    True
    """
    return _facts(graph)[0]


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def issued_date(dataset: Graph) -> date:
    """The first release date: the ontology's ``dcterms:created`` (stable)."""
    ontology = URIRef(str(MES).rstrip("#"))
    for value in sorted(dataset.objects(ontology, DCTERMS.created)):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(str(value)[:10])
    return release_date(dataset)


def describe(
    dataset: Dataset,
    distributions: Sequence[Distribution] = (),
    *,
    profile: str = "public",
    endpoint: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
    profiled: Dataset | None = None,
    facts: Facts | None = None,
) -> Graph:
    """The DCAT and VoID description of the dataset and of the files an export wrote.

    Parameters
    ----------
    dataset : rdflib.Dataset
        The dataset ``load`` built.
    distributions : sequence of Distribution
        The files to describe (each read for its size and SHA-256 unless it has them).
    profile : str
        The profile the dataset is published under (counts are those of that profile).
    endpoint : str, optional
        A SPARQL endpoint serving the dataset.
    base_url : str
        Where the files can be downloaded from (their names are appended).
    profiled : rdflib.Dataset, optional
        ``export.apply_profile(dataset, profile)``, if already computed.
    facts : export.Facts, optional
        The VoID counts of the profiled dataset, if counted while writing its files
        (``export.write_rdf``); else they are read from it (``export.facts_of``).

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> from mes_graph.load import load
    >>> g = describe(load())
    >>> g.value(DATASET, VOID.triples) == Literal(len(load()))
    True
    >>> sorted(t.language for t in g.objects(DATASET, DCTERMS.title))
    ['en', 'fr']
    """
    data = (
        profiled
        if profiled is not None
        else apply_profile(dataset, profile)
        if profile in PROFILES and profile != "schemaorg"
        else dataset
    )
    g = Graph()
    for prefix, namespace in PUBLISH_PREFIXES.items():
        g.bind(prefix, namespace, replace=True)
    issued = issued_date(dataset)
    modified = max(issued, release_date(dataset))

    g.add((CATALOG, RDF.type, DCAT.Catalog))
    for key, prop in (("catalog", DCTERMS.title), ("catalog_description", DCTERMS.description)):
        for text, lang in zip(TEXTS[key], ("fr", "en"), strict=True):
            g.add((CATALOG, prop, _lit(text, lang)))
    g.add((CATALOG, DCTERMS.publisher, PUBLISHER))
    g.add((CATALOG, DCTERMS.license, LICENSE))
    g.add((CATALOG, DCAT.dataset, DATASET))
    g.add((CATALOG, FOAF.homepage, URIRef(BASE)))
    g.add((CATALOG, DCTERMS.issued, _date(issued)))
    g.add((CATALOG, DCTERMS.modified, _date(modified)))
    for language in LANGUAGES:
        g.add((CATALOG, DCTERMS.language, language))
    g.add((CATALOG, DCTERMS.spatial, FRANCE))
    g.add((CATALOG, DCAT.themeTaxonomy, THEME_SCHEME))
    _describe_shared(g)

    d = DATASET
    for cls in (DCAT.Dataset, VOID.Dataset):
        g.add((d, RDF.type, cls))
    for key in ("title", "description"):
        for text, lang in zip(TEXTS[key], ("fr", "en"), strict=True):
            g.add((d, DCTERMS[key], _lit(text, lang)))
    g.add((d, DCTERMS.publisher, PUBLISHER))
    g.add((d, DCTERMS.creator, PUBLISHER))
    g.add((d, DCTERMS.license, LICENSE))
    release = version(dataset)
    g.add((d, DCAT.version, Literal(release)))
    g.add((d, OWL.versionInfo, Literal(release)))
    g.add((d, DCTERMS.issued, _date(issued)))
    g.add((d, DCTERMS.modified, _date(modified)))
    for language in LANGUAGES:
        g.add((d, DCTERMS.language, language))
    for text, lang in KEYWORDS:
        g.add((d, DCAT.keyword, _lit(text, lang)))
    for theme in THEMES:
        g.add((d, DCAT.theme, theme))
    g.add((d, DCTERMS.spatial, FRANCE))
    g.add((d, DCTERMS.accrualPeriodicity, FREQUENCY))
    g.add((d, DCAT.contactPoint, CONTACT))
    g.add((d, DCAT.landingPage, URIRef(BASE)))
    g.add((d, DCTERMS.conformsTo, PROFILE[profile]))
    _describe_profiles(g)

    if facts is None:
        facts = facts_of(data)  # one pass for every count
    g.add((d, VOID.triples, Literal(facts.triples)))
    g.add((d, VOID.entities, Literal(facts.entities)))
    documents = [URIRef(s) for s in facts.sources]
    g.add((d, MES.sourceCount, Literal(len(documents), datatype=XSD.nonNegativeInteger)))
    for document in documents:  # documents: dcterms:source would name datasets (DCAT-AP 3)
        g.add((d, PROV.wasDerivedFrom, document))
    for vocabulary in vocabularies(data, facts.terms):
        g.add((d, VOID.vocabulary, vocabulary))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    examples = [ID[e] for e in EXAMPLES if (ID[e], None, None) in data]
    for example in examples or sorted(set(data.subjects()))[:1]:
        g.add((d, VOID.exampleResource, example))
    for name, size in facts.graphs.items():
        subset = URIRef(f"{BASE}dataset/graph/{hashlib.sha1(name.encode()).hexdigest()[:12]}")
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, RDFS.label, Literal(name)))
        g.add((subset, VOID.triples, Literal(size)))
        g.add((subset, DCTERMS.source, URIRef(name)))

    if endpoint:
        g.add((d, VOID.sparqlEndpoint, URIRef(endpoint)))
        g.add((SERVICE, RDF.type, DCAT.DataService))
        g.add((SERVICE, DCTERMS.title, _lit("Point d'accès SPARQL de mes-graph", "fr")))
        g.add((SERVICE, DCTERMS.title, _lit("mes-graph SPARQL endpoint", "en")))
        g.add((SERVICE, DCAT.endpointURL, URIRef(endpoint)))
        g.add((SERVICE, DCAT.servesDataset, d))
        g.add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((CATALOG, DCAT.service, SERVICE))

    for dist in sorted(distributions):
        _describe_distribution(g, dist, base_url, modified)
    return g


def _describe_shared(g: Graph) -> None:
    """The agents, licence, languages, places, themes a harvester expects typed (DCAT-AP)."""
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    g.add((PUBLISHER, FOAF.name, Literal("mes-graph contributors")))
    g.add((PUBLISHER, FOAF.homepage, URIRef(BASE)))
    g.add((CONTACT, RDF.type, VCARD.Kind))
    g.add((CONTACT, RDF.type, VCARD.Organization))
    g.add((CONTACT, VCARD.fn, Literal("mes-graph contributors")))
    g.add((CONTACT, VCARD.hasURL, URIRef(BASE)))
    g.add((LICENSE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LICENSE, DCTERMS.title, Literal("Creative Commons Attribution 4.0 International")))
    for node, kind in ((PUBLISHER, "publishertype/NonProfitOrganisation"),
                       (LICENSE, "licencetype/Attribution")):  # fmt: skip
        concept = URIRef(ADMS + kind)  # ADMS's code lists
        g.add((node, DCTERMS.type, concept))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, _lit(kind.split("/")[1], "en")))
    g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((THEME_SCHEME, DCTERMS.title, _lit("Data theme", "en")))
    for language in LANGUAGES:
        g.add((language, RDF.type, DCTERMS.LinguisticSystem))
    g.add((FRANCE, RDF.type, DCTERMS.Location))
    g.add((FREQUENCY, RDF.type, DCTERMS.Frequency))
    for theme, labels in THEMES.items():
        g.add((theme, RDF.type, SKOS.Concept))
        for text, lang in zip(labels, ("fr", "en"), strict=True):
            g.add((theme, SKOS.prefLabel, _lit(text, lang)))
    g.add((URIRef(BASE), RDF.type, FOAF.Document))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))


def _describe_profiles(g: Graph) -> None:
    for name, (fr, en) in PROFILES.items():
        profile = PROFILE[name]
        g.add((profile, RDF.type, PROF.Profile))
        g.add((profile, RDF.type, DCTERMS.Standard))
        g.add((profile, DCTERMS.title, _lit(f"profil {name}", "fr")))
        g.add((profile, DCTERMS.title, _lit(f"{name} profile", "en")))
        g.add((profile, DCTERMS.description, _lit(fr, "fr")))
        g.add((profile, DCTERMS.description, _lit(en, "en")))


def _describe_distribution(g: Graph, dist: Distribution, base_url: str, when: date) -> None:
    url = URIRef(base_url + dist.name)
    node = URIRef(f"{BASE}dataset/distribution/{dist.name}")
    digest = dist.sha256 if dist.sha256 is not None else sha256(dist.path)
    g.add((DATASET, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(dist.name)))
    what, file_type = FILE_TYPES.get(dist.fmt, (dist.fmt, None))
    for lang, text in (
        ("fr", f"{what}, profil {dist.profile}"),
        ("en", f"{what}, {dist.profile} profile"),
    ):
        g.add((node, DCTERMS.description, _lit(text, lang)))
    g.add((node, DCTERMS.identifier, Literal(dist.name)))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.accessURL, url))
    media = URIRef(IANA + MEDIA_TYPES.get(dist.fmt, "application/octet-stream"))
    g.add((node, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    if file_type is not None:
        extent = URIRef(EU + "file-type/" + file_type)
        g.add((node, DCTERMS["format"], extent))
        g.add((extent, RDF.type, DCTERMS.MediaTypeOrExtent))
    if dist.path.suffix == ".zip":  # the files of the format, packaged (DCAT 3)
        package = URIRef(IANA + "application/zip")
        g.add((node, DCAT.packageFormat, package))
        g.add((package, RDF.type, DCTERMS.MediaType))
    g.add((node, DCTERMS.issued, _date(when)))
    g.add((node, DCTERMS.modified, _date(when)))
    byte_size = dist.size if dist.size is not None else dist.path.stat().st_size
    size = Literal(str(byte_size), datatype=XSD.nonNegativeInteger)
    g.add((node, DCAT.byteSize, size))
    checksum = BNode(f"sha256-{digest[:16]}")
    g.add((node, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    g.add((node, DCTERMS.conformsTo, PROFILE[dist.profile]))
    g.add((node, DCTERMS.license, LICENSE))
    if dist.fmt in FORMATS and dist.profile != "schemaorg":
        g.add((DATASET, VOID.dataDump, url))


def description_turtle(description: Graph) -> bytes:
    """The description as Turtle, sorted and grouped by subject (byte-stable).

    Examples
    --------
    >>> from mes_graph.load import load
    >>> description_turtle(describe(load())).startswith(b"@prefix")
    True
    """
    return serialize(description, "turtle")


def read_distributions(path: Path | str) -> list[Distribution]:
    """The distributions an earlier description lists whose files are still beside it.

    Parameters
    ----------
    path : Path or str
        A description file (``description.ttl``); missing or unreadable: none.

    Returns
    -------
    list of Distribution
    """
    path = Path(path)
    if not path.is_file():
        return []
    try:
        graph = Graph().parse(path, format="turtle")
    except (BadSyntax, ValueError, UnicodeDecodeError):
        return []
    found = []
    for node in graph.subjects(RDF.type, DCAT.Distribution):
        name = graph.value(node, DCTERMS.identifier)
        conforms = graph.value(node, DCTERMS.conformsTo)
        if name is None or ".." in Path(str(name)).parts:
            continue
        profile = str(conforms).rsplit("/", 1)[-1] if conforms is not None else "public"
        file = path.parent / str(name)
        file_type = str(graph.value(node, DCTERMS["format"]) or "").rsplit("/", 1)[-1]
        fmt = distribution(file, path.parent).fmt  # by suffix, else as the description says
        if fmt == "unknown":
            fmt = next((f for f, (_, code) in FILE_TYPES.items() if code == file_type), fmt)
        if file.is_file():
            found.append(
                Distribution(str(name), file, fmt, profile if profile in PROFILES else "public")
            )
    return sorted(found)


def merge_distributions(
    earlier: Iterable[Distribution], written: Iterable[Distribution]
) -> list[Distribution]:
    """The distributions of a folder after an export: the earlier ones, updated by name.

    Examples
    --------
    >>> a = Distribution("a.ttl", Path("a.ttl"), "turtle")
    >>> b = Distribution("a.ttl", Path("a.ttl"), "turtle", "full")
    >>> [d.profile for d in merge_distributions([a], [b])]
    ['full']
    """
    merged = {d.name: d for d in earlier}
    merged |= {d.name: d for d in written}
    return [merged[name] for name in sorted(merged)]


def dcat_shapes_file() -> Path:
    """The SHACL shapes of what the description promises (``ontology/dcat-shapes.ttl``)."""
    return resource_dir() / "ontology" / "dcat-shapes.ttl"


def check_description(description: Graph) -> list:
    """Validate a description against ``dcat_shapes_file()``; return the violations.

    Examples
    --------
    >>> from mes_graph.load import load
    >>> check_description(describe(load()))
    []
    """
    from mes_graph.validate import validate

    return validate(description, shapes=dcat_shapes_file())
