"""Import ESS France's « Liste des entreprises de l'ESS »: SIRENs, legal families, CRESS.

Takes the list as ESS France publishes it on data.gouv.fr (CSV, comma-separated, UTF-8,
eight columns: ``SIREN``, ``Nom ou raison sociale de l'entreprise``, ``Famille juridique
de l'entreprise``, ``Code postal``, ``Libellé de la commune de l'établissement``, ``Code du
département de l'établissement``, ``Département de l'établissement``, ``Région de
l'établissement``), or in a ZIP; gives an ``Extract``: the source, then one enterprise at a
time, the SIRENE unit ``siren/{SIREN}`` itself (the list is keyed by SIREN, its leading
zeros lost: they are restored), with what the list adds: its legal family (a concept of
``scheme:familles-ess``), the département and région of its establishment, and the CRESS
of that région that keeps the list there (art. 6 of the loi du 31 juillet 2014), as
``prov:wasAttributedTo``.

``ess_france_sirens`` reads the SIRENs alone, for SIRENE's import to keep the units of the
list that SIRENE does not flag.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS

from mes_graph.base.terms import ORG, RDF, REGISTER_NAMESPACES, SCHEMA
from mes_graph.load import resource_dir
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.model import (
    AGENT,
    DEPARTEMENT,
    REGION,
    SRC,
    Statement,
    checked_siren,
    identifier_statements,
    unit_iri,
)
from mes_graph.registers.reading import batches
from mes_graph.registers.shared import ESS_KIND, Tally, register_header
from mes_graph.registers.writing import Extract, Unit

__all__ = ["COLUMNS", "FAMILIES", "SOURCE", "ess_france_sirens", "read_ess_france"]

SOURCE = SRC["ess-france"]
COLUMNS = (
    "SIREN",
    "Nom ou raison sociale de l'entreprise",
    "Famille juridique de l'entreprise",
    "Code postal",
    "Libellé de la commune de l'établissement",
    "Code du département de l'établissement",
    "Région de l'établissement",
)
"""The columns read, by their names in ESS France's header."""

FAMILY = REGISTER_NAMESPACES["famille"]
FAMILIES = {
    "associations": FAMILY["associations"],
    "cooperatives": FAMILY["cooperatives"],
    "mutuelles": FAMILY["mutuelles"],
    "fondations": FAMILY["fondations"],
    "societes commerciales": FAMILY["societes-commerciales"],
    "societes commerciales de l'ess": FAMILY["societes-commerciales"],
}
"""The legal families of the list, by their name without accents or case."""


def _plain(text: str) -> str:
    """Text without accents, case or hyphens: « Hauts-de-France » → « hauts de france »."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(bare.replace("-", " ").replace("’", "'").split())


@cache
def _regions() -> dict[str, tuple[str, str]]:
    """Région names (plain) → (INSEE code, French name), from the places code list."""
    import pyoxigraph as ox

    path = resource_dir() / "ontology" / "vocabularies" / "places.ttl"
    found: dict[str, tuple[str, str]] = {}
    labels = "http://www.w3.org/2004/02/skos/core#prefLabel"
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        region = t.predicate.value == labels and t.subject.value.startswith(str(REGION))
        if region and t.object.language == "fr":
            code = t.subject.value[len(REGION) :]
            found[_plain(t.object.value)] = (code, t.object.value)
    return found


def cress(region_code: str) -> URIRef:
    """The CRESS of a région: the chamber that keeps ESS France's list there.

    Examples
    --------
    >>> cress("32")[-8:]
    'cress/32'
    """
    return AGENT[f"cress/{region_code}"]


def _unit(path: Path, line: int, row: dict[str, str], tally: Tally, seen: set[str]) -> Unit:
    raw = row["SIREN"].strip().removesuffix(".0")
    siren = checked_siren(raw)
    if siren is None:
        raise RegisterError(
            path, f"SIREN invalide (clé de Luhn) : « {row['SIREN']} »", line=line, column="SIREN"
        )
    unit = unit_iri(siren)
    name = " ".join(row["Nom ou raison sociale de l'entreprise"].split()) or f"SIREN {siren}"
    statements: Unit = [
        (unit, RDF.type, ORG.Organization),
        (unit, ORG.classification, ESS_KIND),
        (unit, SKOS.prefLabel, Literal(name, lang="fr")),
        (unit, DCTERMS.source, SOURCE),
        *identifier_statements(unit, "siren", siren),
    ]
    family = FAMILIES.get(_plain(row["Famille juridique de l'entreprise"]))
    if family is not None:
        statements.append((unit, ORG.classification, family))
    elif row["Famille juridique de l'entreprise"].strip():
        tally.dropped_identifiers["famille"] = tally.dropped_identifiers.get("famille", 0) + 1
    departement = row["Code du département de l'établissement"].strip()
    if departement:
        statements.append((unit, SCHEMA.location, DEPARTEMENT[departement.zfill(2)]))
    region = _regions().get(_plain(row["Région de l'établissement"]))
    if region is not None:
        code, label = region
        statements += [
            (unit, SCHEMA.location, REGION[code]),
            (unit, PROV.wasAttributedTo, cress(code)),
        ]
        if code not in seen:  # each CRESS described once, with the first unit it lists
            seen.add(code)
            statements += _cress_statements(code, label)
    postcode = row["Code postal"].strip().removesuffix(".0")
    locality = row["Libellé de la commune de l'établissement"].strip()
    if postcode or locality:
        node = URIRef(f"{unit}/adresse")
        statements += [(unit, SCHEMA.address, node), (node, RDF.type, SCHEMA.PostalAddress)]
        if postcode:
            statements.append((node, SCHEMA.postalCode, Literal(postcode.zfill(5))))
        if locality:
            statements.append((node, SCHEMA.addressLocality, Literal(locality)))
        statements.append((node, SCHEMA.addressCountry, Literal("FR")))
    tally.kept += 1
    return statements


def _cress_statements(code: str, label: str) -> list[Statement]:
    agent = cress(code)
    return [
        (agent, RDF.type, PROV.Organization),
        (agent, RDF.type, DCTERMS.Agent),
        (agent, FOAF.name, Literal(f"CRESS {label}", lang="fr")),
        (agent, SCHEMA.areaServed, REGION[code]),
    ]


def read_ess_france(
    path: Path | str, *, vintage: str = "", tally: Tally | None = None, progress=None
) -> Extract:
    """The enterprises of ESS France's list, as an extract to write.

    Parameters
    ----------
    path : Path or str
        The list (``.csv`` or ``.zip``).
    vintage : str
        The list's date (``AAAA-MM-JJ``), stated on the source.
    tally : Tally, optional
    progress : callable, optional
        Called with the tally after each batch.

    Returns
    -------
    Extract
        Each CRESS is described with the first unit of its région.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> listing = pathlib.Path(tempfile.mkdtemp()) / "entreprisesess.csv"
    >>> _ = listing.write_text(",".join(f'"{c}"' for c in COLUMNS) + ",Département\\n"
    ...     "5720610,UNION,Associations,80300,MIRAUMONT,80,HAUTS DE FRANCE,SOMME\\n")
    >>> extract = read_ess_france(listing)
    >>> [unit] = extract.units
    >>> len(unit), cress("32") in {s for s, _, _ in unit}
    (24, True)
    """
    path = Path(path)
    tally = Tally() if tally is None else tally
    header = register_header(
        SOURCE,
        "Liste des entreprises de l'ESS",
        "ess-france",
        "https://www.data.gouv.fr/fr/datasets/liste-des-entreprises-de-less/",
        vintage,
        ["familles-ess", "departements"],
    )

    def units() -> Iterator[Unit]:
        seen: set[str] = set()
        for line, batch in batches(path, COLUMNS):
            tally.rows += batch.num_rows
            for index, row in enumerate(batch.to_pylist()):
                yield _unit(path, line + index, row, tally, seen)
            if progress:
                progress(tally)

    comment = (
        f"Entreprises de la liste d'ESS France lues dans {path.name} (licence ouverte)"
        + (f", liste du {vintage}" if vintage else "")
        + ".\nÉcrit par mes-graph register ess-france : ne pas modifier à la main."
    )
    return Extract(SOURCE, header, units(), comment)


def ess_france_sirens(path: Path | str) -> set[str]:
    """The SIRENs of ESS France's list, their leading zeros restored.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> listing = pathlib.Path(tempfile.mkdtemp()) / "entreprisesess.csv"
    >>> _ = listing.write_text(",".join(f'"{c}"' for c in COLUMNS) + "\\n5720610,,,,,,\\n")
    >>> ess_france_sirens(listing)
    {'005720610'}
    """
    found: set[str] = set()
    for _, batch in batches(path, ("SIREN",)):
        found.update(s.strip().removesuffix(".0").zfill(9) for s in batch.column(0).to_pylist())
    found.discard("000000000")
    return found
