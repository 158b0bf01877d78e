"""Generate a synthetic social and solidarity economy on the graph's contract, for scale.

Takes a number of organisations and a seed; gives Turtle that passes the shapes and loads
beside the shipped graph (``--data``): national and regional networks, sector
federations, member structures with legal forms, regions and sectors drawn with a
realistic skew (most structures in one network, a few in many), people with
affiliations, dated memberships with roles and one source. Labels are French, with
accents, apostrophes and quotes. The same seed gives the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

from mes_graph.actors import fold
from mes_graph.base import terms
from mes_graph.base.turtle import PrefixTable, turtle_string

REGIONS = {  # INSEE code: weight (roughly the population, in millions)
    "84": 8.1, "27": 2.8, "53": 3.4, "24": 2.6, "94": 0.3, "44": 5.6, "32": 6.0,
    "11": 12.3, "28": 3.3, "75": 6.0, "76": 6.0, "52": 3.9, "93": 5.1, "01": 0.4,
    "02": 0.4, "03": 0.3, "04": 0.9, "06": 0.3,
}  # fmt: skip
REGION_NAMES = {
    "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne",
    "24": "Centre-Val de Loire", "94": "Corse", "44": "Grand Est", "32": "Hauts-de-France",
    "11": "Île-de-France", "28": "Normandie", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "52": "Pays de la Loire", "93": "Provence-Alpes-Côte d'Azur", "01": "Guadeloupe",
    "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
}  # fmt: skip
SECTORS = {  # concept of the code list: (weight, words for names)
    "commerce-equitable": (3, "Boutique, Épicerie, Comptoir"),
    "regies-de-quartier": (2, "Régie de quartier, Régie"),
    "circuits-courts": (5, "AMAP, Jardins, Panier, Ferme"),
    "echanges-non-monetaires": (2, "SEL, Accorderie, Troc"),
    "culture": (6, "Théâtre, Compagnie, Collectif, Scène"),
    "medias-citoyens": (2, "Radio, Journal, Média"),
    "citoyennete-juridique": (1, "Atelier juridique, Clinique du droit"),
    "culture-entrepreneuriat": (2, "Coopérative d'activités, Pépinière"),
}
LEGAL_FORMS = {
    "association-loi-1901": 75,
    "scop": 8,
    "scic": 6,
    "cooperative": 5,
    "mutuelle": 3,
    "fondation": 3,
}
QUALITIES = ["Solidaire", "Citoyen", "Partagé", "Coopératif", "Équitable", "Vivant",
             "des Communs", "l'Entraide", "\"Bien Commun\"", "d'Ici"]  # fmt: skip
TOWNS = ["Rennes", "Lille", "Évry", "Besançon", "Nîmes", "L'Haÿ-les-Roses", "Caen",
         "Orléans", "Saint-Étienne", "Aix-en-Provence", "Fort-de-France", "Ajaccio"]  # fmt: skip
GIVEN = ["Anaïs", "Zoé", "Élodie", "Chloé", "Noël", "Hélène", "Jérôme", "François", "Loïc",
         "Inès", "Mathéo", "Gaëlle", "Joël", "Léa", "Raphaël", "Maëlys"]  # fmt: skip
FAMILY = ["Lefèvre", "Dubois", "N'Diaye", "Moreau", "O'Neill", "Benaïssa", "Garçon",
          "Da Silva", "Lemaître", "Hoarau", "Nguyen", "D'Almeida", "Perrot", "Mbappé"]  # fmt: skip

PREFIXES = (
    "\n".join(
        PrefixTable(
            [(p, terms.PREFIXES[p]) for p in ("org", "foaf", "schema", "skos", "dcterms", "prov")]
            + [(p, terms.PREFIXES[p]) for p in ("time", "xsd", "mes", "orga", "person", "ms")]
            + [("tm", terms.ID["time/"])]
            + [(p, terms.PREFIXES[p]) for p in ("src", "kind", "sector", "legal", "role", "region")]
        ).lines()
    )
    + "\n"
)
"""The prefix lines on top of the synthetic Turtle."""

CLASSES = {
    "reseau-territorial": "mes:TerritorialNetwork , org:FormalOrganization",
    "federation-filiere": "mes:SectorFederation , org:FormalOrganization",
    "organisation-ess": "mes:SSEOrganisation , org:FormalOrganization",
}


def _slug(text: str) -> str:
    return fold(text).replace(" ", "-")


class _Picker:
    """Weighted draws from a fixed list, with cumulative weights computed once."""

    def __init__(self, rng: random.Random, weights: dict[str, float]) -> None:
        self.rng, self.keys = rng, list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self) -> str:
        return self.rng.choices(self.keys, cum_weights=self.cumulative)[0]


def synthetic_ess(organisations: int, seed: int = 0, trig: bool = False) -> Iterator[str]:
    """The Turtle (or TriG) of a synthetic ESS, block by block.

    Parameters
    ----------
    organisations : int
        Number of member structures (networks and federations come on top: about one
        per 150 structures, at least one per region and per sector).
    seed : int
        The same seed gives the same text.
    trig : bool
        Write TriG: every statement in the named graph of the source, where ``load``
        puts them when it reads the Turtle.

    Returns
    -------
    iterator of str
        Turtle blocks: prefixes, the source, networks, structures, people.

    Examples
    --------
    >>> text = "".join(synthetic_ess(20, seed=1))
    >>> text.count("a org:Membership")
    74
    >>> text == "".join(synthetic_ess(20, seed=1))
    True
    >>> "".join(synthetic_ess(20, seed=1, trig=True)).count("{")
    1
    """
    rng = random.Random(seed)
    source = f"src:synthetique-{seed}"
    yield PREFIXES
    if trig:
        yield f"\n{source} {{\n"
    yield f"""
# Source: mes-graph synth, seed {seed} (synthetic data, not facts).
{source} a mes:SourceDocument ;
    dcterms:title "Économie solidaire synthétique (graine {seed})"@fr ,
        "Synthetic solidarity economy (seed {seed})"@en ;
    dcterms:publisher "mes-graph synth" ;
    dcterms:language "fr" .
"""
    region, sector = _Picker(rng, REGIONS), _Picker(rng, {k: w for k, (w, _) in SECTORS.items()})
    legal_form = _Picker(rng, LEGAL_FORMS)
    networks: list[tuple[str, str]] = []  # (slug, region or sector)
    per_kind = max(1, organisations // 150)
    for code in REGIONS:
        for i in range(1 + per_kind * int(REGIONS[code]) // 12):
            networks.append((f"reseau-synth-{code}-{i + 1}", code))
    for concept in SECTORS:
        for i in range(1 + per_kind // 4):
            networks.append((f"federation-synth-{concept}-{i + 1}", concept))
    used: set[str] = set()
    membership_count = 0

    def name(words: str) -> str:
        town = rng.choice(TOWNS)
        return f"{rng.choice(words.split(', '))} {rng.choice(QUALITIES)} de {town}"

    def unique(slug: str) -> str:
        candidate, n = slug, 1
        while candidate in used:
            n += 1
            candidate = f"{slug}-{n}"
        used.add(candidate)
        return candidate

    def membership(member: str, body: str, role: str) -> str:
        nonlocal membership_count
        membership_count += 1
        key = f"s{membership_count}"
        lines = [
            f"ms:{key} a org:Membership ;",
            f"    org:member {member} ; org:organization orga:{body} ; org:role role:{role} ;",
        ]
        if rng.random() < 0.6:
            year, month = rng.randint(1995, 2025), rng.randint(1, 12)
            lines.append(f"    org:memberDuring tm:{key} ;")
            ended = rng.random() < 0.15
            interval = f"tm:{key} a time:Interval ; time:hasBeginning tm:{key}-debut"
            instants = [(f"tm:{key}-debut", f"{year}-{month:02d}")]
            if ended:
                end_year = rng.randint(year, 2026)
                end_month = rng.randint(month if end_year == year else 1, 12)
                interval += f" ; time:hasEnd tm:{key}-fin"
                instants.append((f"tm:{key}-fin", f"{end_year}-{end_month:02d}"))
            tail = [interval + " ."] + [
                f'{iri} a time:Instant ; time:inXSDgYearMonth "{when}"^^xsd:gYearMonth .'
                for iri, when in instants
            ]
        else:
            tail = []
        lines.append(f"    prov:wasDerivedFrom {source} .")
        return "\n".join(lines) + "\n" + "".join(line + "\n" for line in tail)

    yield "\n# Networks and federations, members of MES.\n"
    for slug, scope in networks:
        used.add(slug)
        kind = "reseau-territorial" if scope in REGIONS else "federation-filiere"
        place = (
            f"schema:areaServed region:{scope}"
            if kind == "reseau-territorial"
            else f"org:classification sector:{scope}"
        )
        label = (
            f"Réseau de l'économie solidaire {REGION_NAMES[scope]} n°{slug.rsplit('-', 1)[1]}"
            if kind == "reseau-territorial"
            else f"Fédération {scope.replace('-', ' ')} n°{slug.rsplit('-', 1)[1]}"
        )
        yield f"""
orga:{slug} a {CLASSES[kind]} , org:Organization ;
    skos:prefLabel {turtle_string(label)}@fr ;
    org:classification kind:{kind} ;
    {place} ;
    org:memberOf orga:mes ;
    dcterms:source {source} .
"""
        yield membership(f"orga:{slug}", "mes", "membre")
    # preferential attachment: a network's pull grows with its members
    pull = [1.0] * len(networks)
    yield "\n# Member structures.\n"
    structures = []
    for _ in range(organisations):
        concept = sector()
        label = name(SECTORS[concept][1])
        slug = unique(_slug(label))
        structures.append(slug)
        code = region()
        count = min(len(networks), 1 + int(rng.paretovariate(2.2)) - 1)
        bodies = set()
        while len(bodies) < count:
            bodies.add(rng.choices(range(len(networks)), weights=pull)[0])
        for b in bodies:
            pull[b] += 1
        member_of = " , ".join(f"orga:{networks[b][0]}" for b in sorted(bodies))
        yield f"""
orga:{slug} a mes:SSEOrganisation , org:FormalOrganization , org:Organization ;
    skos:prefLabel {turtle_string(label)}@fr ;
    org:classification kind:organisation-ess , sector:{concept} , legal:{legal_form()} ;
    schema:areaServed region:{code} ;
    org:memberOf {member_of} ;
    dcterms:source {source} .
"""
        for b in sorted(bodies):
            yield membership(f"orga:{slug}", networks[b][0], "membre")
    yield "\n# People and their affiliations.\n"
    for _ in range(organisations * 4 // 5):
        full = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        slug = unique(_slug(full))
        bodies = sorted({rng.choice(structures) for _ in range(1 + (rng.random() < 0.2))})
        member_of = " , ".join(f"orga:{b}" for b in bodies)
        yield f"""
person:{slug} a foaf:Person ;
    foaf:name {turtle_string(full)} ;
    org:memberOf {member_of} ;
    dcterms:source {source} .
"""
        for b in bodies:
            yield membership(f"person:{slug}", b, "membre")
    if trig:
        yield "}\n"


def write_synthetic(path: Path | str, organisations: int, seed: int = 0) -> Path:
    """Write a synthetic ESS to a Turtle file, or TriG when the name ends in ``.trig``.

    Written block by block (a million organisations make 1.3 GB), atomically. A TriG file
    holds the same statements in the same named graphs as ``load`` gives the Turtle, and
    is loaded by Oxigraph's bulk loader (``load.QUAD_FORMATS``).

    Parameters
    ----------
    path : Path or str
    organisations : int
    seed : int

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> from mes_graph.load import load
    >>> ttl = load([write_synthetic(folder / "s.ttl", 20)], shipped=False)
    >>> trig = load([write_synthetic(folder / "s.trig", 20)], shipped=False)
    >>> from mes_graph.engine import graph_sizes
    >>> graph_sizes(ttl) == graph_sizes(trig)
    True
    """
    from mes_graph.base.files import replacing

    path = Path(path)
    with replacing(path) as out:
        for block in synthetic_ess(organisations, seed, path.suffix.lower() == ".trig"):
            out.write(block.encode("utf-8"))
    return path
