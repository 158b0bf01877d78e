"""The ontology's page: classes and properties, code lists and SHACL shapes.

Takes the ``Site``; writes into ``Site.files`` ``ontologie.html``: every term of the
ontology (French and English labels, definitions, alignments), every code list, and the
shapes of ``ontology/shapes.ttl`` and of the DCAT description, rendered by our own
templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from mes_graph import describe as dsc
from mes_graph.base.terms import BASE, DCTERMS, MES, OWL, RDF, RDFS, SH, SKOS
from mes_graph.export import compact_iri, slug
from mes_graph.load import parse_turtle, resource_dir
from mes_graph.site.context import Site
from mes_graph.site.links import anchor

__all__ = ["ontology_page", "shapes"]


def ontology_page(site: Site) -> None:
    """Write ``ontologie.html``: the classes and properties, code lists and shapes."""
    g = site.dataset
    here = "ontologie.html"
    terms = site.index.typed_in(str(MES))  # the ontology's terms (the same in public)
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
            values = [site.ref(v, here, False) for v in sorted(g.objects(node, prop))]
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
                "ref": site.ref(scheme, here),
                "definition": _lang(g, scheme, SKOS.definition, "fr"),
                "concepts": [
                    {
                        "notation": str(g.value(c, SKOS.notation) or ""),
                        "ref": site.ref(c, here, False),
                        "label_en": _lang(g, c, SKOS.prefLabel, "en") or "",
                        "matches": [
                            site.ref(m, here, False)
                            for p in (SKOS.exactMatch, SKOS.closeMatch)
                            for m in sorted(g.objects(c, p))
                        ],
                    }
                    for c in concepts
                ],
            }
        )
    header = URIRef(str(MES).rstrip("#"))
    site.render(
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
        shapes=shapes(site, here),
    )


def shapes(site: Site, here: str) -> list[dict[str, Any]]:
    """The SHACL shapes of the data and of its description, as the ontology page lists them.

    Parameters
    ----------
    site : Site
    here : str
        The page they are listed on (for relative links).

    Returns
    -------
    list of dict
        Each shape's ``id``, ``name``, ``file``, ``targets``, ``messages`` and
        ``properties`` (path, constraints, message).
    """
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
                        "path": site.ref(path_node, here, False)
                        if isinstance(path_node, URIRef)
                        else {"label": "(chemin)", "href": None, "label_en": None},
                        "constraints": _constraints(shapes, prop, site.prefixes),
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
                        site.ref(t, here, False)
                        for t in sorted(shapes.objects(shape, SH.targetClass))
                    ],
                    "messages": messages,
                    "properties": properties,
                }
            )
    return found


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
