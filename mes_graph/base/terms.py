"""The namespaces of the graph: the standard vocabularies of the public contract and our own.

Every stage imports its IRIs from here, so that a prefix is spelt once.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/mes-graph/"
"""The base IRI of our own terms and resources."""

MES = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ESSGLOBAL = Namespace("http://purl.org/essglobal/vocab/")

GRAPH = Namespace(BASE + "graph/")
"""Named graphs of statements that carry no source of their own (ontology, code lists)."""

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
"""The licence of the ontology and the data: CC BY 4.0."""

SCHEMES = {
    "kind": ID["scheme/kinds"],
    "sector": ID["scheme/sectors"],
    "legal_form": ID["scheme/legal-forms"],
    "role": ID["scheme/roles"],
    "region": ID["scheme/regions"],
    "axis": ID["scheme/strategic-axes"],
    "action": ID["scheme/priority-actions"],
}
"""The SKOS concept schemes an ``org:classification`` or a place is drawn from."""

PREFIXES = {
    "mes": MES,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "orga": Namespace(BASE + "id/organisation/"),
    "person": Namespace(BASE + "id/person/"),
    "ms": Namespace(BASE + "id/membership/"),
    "src": Namespace(BASE + "id/source/"),
    "kind": Namespace(BASE + "id/concept/kind/"),
    "sector": Namespace(BASE + "id/concept/sector/"),
    "legal": Namespace(BASE + "id/concept/legal-form/"),
    "role": Namespace(BASE + "id/concept/role/"),
    "region": Namespace(BASE + "id/place/region/"),
    "essglobal": ESSGLOBAL,
}
"""The prefixes bound in every graph we build and every file we write."""

REGISTER_NAMESPACES = {
    "siren": Namespace(BASE + "id/organisation/siren/"),
    "rna": Namespace(BASE + "id/organisation/rna/"),
    "identifier": Namespace(BASE + "id/identifier/"),
    "agent": Namespace(BASE + "id/agent/"),
    "scheme": Namespace(BASE + "id/scheme/"),
    "naf": Namespace(BASE + "id/concept/naf/"),
    "cj": Namespace(BASE + "id/concept/categorie-juridique/"),
    "effectifs": Namespace(BASE + "id/concept/tranche-effectifs/"),
    "famille": Namespace(BASE + "id/concept/famille-ess/"),
    "departement": Namespace(BASE + "id/place/departement/"),
    "commune": Namespace(BASE + "id/place/commune/"),
}
"""The prefixes of the registers' units, identifiers and INSEE's code lists: written on top
of register imports, and read in query parameters (``siren:100029172``, ``departement:79``)."""

PUBLISH_PREFIXES = {
    **PREFIXES,
    "scheme": Namespace(BASE + "id/scheme/"),
    "vann": Namespace("http://purl.org/vocab/vann/"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
    "void": Namespace("http://rdfs.org/ns/void#"),
    "spdx": Namespace("http://spdx.org/rdf/terms#"),
    "sh": Namespace("http://www.w3.org/ns/shacl#"),
    "prof": Namespace("http://www.w3.org/ns/dx/prof/"),
}
"""The prefixes of published documents: those of the graph plus DCAT, VoID, SPDX, SHACL."""


__all__ = [
    "BASE",
    "DCTERMS",
    "ESSGLOBAL",
    "FOAF",
    "GRAPH",
    "ID",
    "LICENSE",
    "MES",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "PUBLISH_PREFIXES",
    "RDF",
    "RDFS",
    "REGISTER_NAMESPACES",
    "SCHEMA",
    "SCHEMES",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
]
