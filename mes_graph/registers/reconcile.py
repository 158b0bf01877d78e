"""Reconcile register units with each other and with the graph's actors: who is the same.

Takes ``Record`` s (an IRI, a source, names, SIREN, SIRET, RNA, web domain, commune or
postcode, activity), read from a dataset by ``review.records`` or built by the caller;
gives a ``Reconciliation``: identity links, candidates for review, refused pairs, each a
``Link`` with its method, score (0 to 1) and evidence. ``mes_graph.registers.review`` turns
them into statements and review tables.

1. **Exact keys**: the same SIREN (``siren``), a SIRET whose SIREN is the other's
   (``siret``), the same RNA number (``rna``), the same web domain (``domain``; not the
   hosts of ``SHARED_HOSTS``; a shared site with other names goes to review).
2. **Names**, blocked by their words (a word and itself less one letter, a long word's
   first and last letters, two words side by side, the whole name; keys shared by more
   than ``MAX_POSTING`` records are left out), compared with rapidfuzz's optimal string
   alignment once case, accents, punctuation, articles and legal-form words are gone;
   then the commune, postcode or département and the NAF activity raise or lower the score
   (``name``, ``name+postcode``, ``name+commune``, ``name+departement``, ``…+activity``).

Never are two records with different SIRENs (or RNA numbers) linked, directly or through
others: identity links are taken by decreasing score, and one that would put two SIRENs in
one group becomes a candidate. A record whose two best matches are as close as each other
(``MARGIN``) and cannot be one organisation (two SIRENs) gets neither as an identity link:
both go to review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, groupby, pairwise
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from mes_graph.actors import fold

__all__ = [
    "DEFAULT_THRESHOLD",
    "MARGIN",
    "MAX_CANDIDATES",
    "MAX_COMPARED",
    "MAX_POSTING",
    "REVIEW_FROM",
    "SHARED_HOSTS",
    "Decided",
    "Link",
    "Reconciliation",
    "Record",
    "name_key",
    "reconcile",
    "web_domain",
]

DEFAULT_THRESHOLD = 0.9
"""From this score on, a match is an identity link."""

REVIEW_FROM = 0.75
"""From this score on (and below the threshold), a match is a candidate for review."""

MARGIN = 0.03
"""A record's second best match within this of its best: neither is an identity link."""

MAX_POSTING = 400
"""A blocking key shared by more records than this tells nothing: it is not looked up
(unless a record has no other key)."""

MAX_CANDIDATES = 40
"""The records sharing the most blocking keys with a record that its name is compared to."""

MAX_COMPARED = 6
"""The records of closest names whose place and activity are then compared."""

SHARED_HOSTS = frozenset({
    "facebook.com", "fr-fr.facebook.com", "m.facebook.com", "fb.com", "instagram.com",
    "linkedin.com", "fr.linkedin.com", "twitter.com", "x.com", "youtube.com", "helloasso.com",
    "google.com", "sites.google.com", "linktr.ee", "wordpress.com", "wixsite.com",
    "blogspot.com", "over-blog.com", "free.fr", "wanadoo.fr", "orange.fr", "e-monsite.com",
    "jimdofree.com", "canalblog.com", "github.com", "gitlab.com", "framasite.org",
})  # fmt: skip
"""Hosts many organisations' pages share: their domain is no key."""

_METHOD_RANK = {"siren": 0, "siret": 1, "rna": 2, "domain": 3}
_STOPWORDS = frozenset({
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "et", "en", "au", "aux", "a",
    "à", "pour", "par", "sur", "sous", "chez", "the", "of", "and",
})  # fmt: skip
"""Articles and prepositions: a name is the same with or without them."""
_LEGAL_WORDS = frozenset({
    "association", "associations", "asso", "assoc", "ass", "asbl", "loi", "1901", "scop",
    "scic", "sas", "sasu", "sarl", "sa", "eurl", "snc", "sca", "sci", "gie", "gip", "sem",
    "spl", "earl", "scea", "cooperative", "societe",
})  # fmt: skip
_LONG_LEGAL_WORDS = ("association", "associations", "cooperative", "societe")
_EDGE_FORMS = ("asso", "assoc", "sarl", "scop", "sasu", "scic", "eurl", "sas")
_ABBREVIATIONS = {
    "st": "saint", "sts": "saints", "stes": "saintes", "fed": "federation", "fede": "federation",
    "intl": "international", "natl": "national", "dev": "developpement",
    "dvpt": "developpement", "ctre": "centre", "cie": "compagnie", "grpt": "groupement",
    "univ": "universite",
}  # fmt: skip
_LIGATURES = {"œ": "oe", "æ": "ae", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "@": "a"}
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_DIGITS = re.compile(r"\d+")
_NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


@dataclass(frozen=True, slots=True)
class Record:
    """What a reconciliation knows of a unit or an actor.

    Attributes
    ----------
    iri, source : str
        The record, and the register or document it comes from (``dcterms:source``).
    name : str
        Its name as written (``skos:prefLabel``, else ``rov:legalName``).
    other_names : tuple of str
        Its acronym, legal name, labels in other languages.
    siren, siret, rna : str or None
        Checked codes.
    domain : str or None
        Its web site's domain, lower case, no ``www.`` (``web_domain``).
    commune, postcode : str or None
        Its commune's COG code, its postcode.
    activity : str or None
        A NAF rév. 2 code (``62.01Z``) or the IRI of another activity concept.

    Examples
    --------
    >>> Record("urn:x", name="JUNIOR ISEN-MEDITERANNEE", siren="100029172").siren
    '100029172'
    """

    iri: str
    source: str = ""
    name: str = ""
    other_names: tuple[str, ...] = ()
    siren: str | None = None
    siret: str | None = None
    rna: str | None = None
    domain: str | None = None
    commune: str | None = None
    postcode: str | None = None
    activity: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link between two records: how it was found, how sure, on what evidence.

    Attributes
    ----------
    left, right : str
        The IRIs of the two records (left from the first list).
    method : str
        ``siren``, ``siret``, ``rna``, ``domain``, ``name``, ``name+commune``…, ``revue``.
    score : float
        From 0 to 1.
    evidence : tuple of str
        What matched, in French.
    left_name, right_name : str
        The names of the two records, for people.

    Examples
    --------
    >>> Link("urn:a", "urn:b", "siren", 1.0, ("SIREN 100029172",)).method
    'siren'
    """

    left: str
    right: str
    method: str
    score: float
    evidence: tuple[str, ...] = ()
    left_name: str = ""
    right_name: str = ""


@dataclass(frozen=True)
class Reconciliation:
    """The outcome of ``reconcile``: identity links, candidates for review, refused pairs.

    Attributes
    ----------
    links : tuple of Link
        Identity links (score at least the threshold), sorted by their two IRIs.
    candidates : tuple of Link
        Matches to review, sorted by decreasing score.
    refused : tuple of Link
        Pairs an exact key matched that would link two SIRENs or two RNA numbers.
    sources : tuple of str
        The sources of the records compared (``prov:used``).
    records : mapping of str to Record
        The records by IRI.
    threshold : float

    Examples
    --------
    >>> reconcile([Record("urn:a", name="Alpha")]).links
    ()
    """

    links: tuple[Link, ...]
    candidates: tuple[Link, ...]
    refused: tuple[Link, ...]
    sources: tuple[str, ...]
    records: Mapping[str, Record] = field(default_factory=dict, repr=False, compare=False)
    threshold: float = DEFAULT_THRESHOLD


class Decided(Protocol):
    """A person's decision on a pair (``review.Decision``)."""

    left: str
    right: str
    accepted: bool


def web_domain(url: str | None) -> str | None:
    """The domain of a web address: lower case, without ``www.``, port or path.

    Examples
    --------
    >>> web_domain("https://www.Le-MES.org/adherer"), web_domain("lechai.tl"), web_domain("")
    ('le-mes.org', 'lechai.tl', None)
    """
    text = (url or "").strip()
    if not text:
        return None
    host = (urlsplit(text if "//" in text else "//" + text).hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    return host if "." in host else None


def _one_slip(word: str) -> set[str]:
    """The words one slip away: a letter left out, added, changed, two letters swapped."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    cut = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in cut if b}
        | {a + c + b[1:] for a, b in cut if b for c in letters}
        | {a + c + b for a, b in cut for c in letters}
        | {a + b[1] + b[0] + b[2:] for a, b in cut if len(b) > 1}
    )


def _fold_table() -> dict[int, str]:
    """``str.translate`` 's table of ``fold`` for the Latin letters (most names' all)."""
    table: dict[int, str] = {}
    for code in range(0x250):
        char = chr(code)
        if not char.isalnum():
            table[code] = " "
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base != char:
            table[code] = base
    table.update({ord(k): v for k, v in _LIGATURES.items()})
    table.update(dict.fromkeys(map(ord, "’‘‚“”„«»‹›–—―…·•′″"), " "))
    return table


_FOLD = _fold_table()
_LEGAL_WORDS = _LEGAL_WORDS | frozenset(chain.from_iterable(map(_one_slip, _LONG_LEGAL_WORDS)))
"""Legal-form words, and the long ones written with one slip (« associatino »)."""
_EDGE_SLIPS = frozenset(
    w for form in _EDGE_FORMS for w in _one_slip(form)
    if (len(w) == len(form) + 1 and len(form) >= 4)  # a letter added: « sarrl », « asuso »
    or (len(w) == len(form) and sorted(w) == sorted(form))  # two letters swapped: « asos »
) - {"scoop", "scopp"} | {"ssa"}  # fmt: skip
"""Short legal forms with a letter added or two swapped (« Asuso », « sarrl »): left out
first or last in a name, where people write legal forms."""


def _words(text: str) -> list[str]:
    """The words of a text, folded as ``mes_graph.actors.fold`` does, ligatures spelt out."""
    folded = text.casefold().translate(_FOLD)
    return (folded if folded.isascii() else fold(folded)).split()


def _tokens(text: str) -> list[str]:
    """The words of a name that tell it apart: folded, abbreviations spelt out, initials
    joined (``I.C.E`` → ``ice``), without articles and legal-form words."""
    joined = []  # a run of single letters is one word: I.C.B.A, M.A.PL@NETE
    for single, run in groupby(_words(text), key=lambda w: len(w) == 1 and w.isalpha()):
        words = list(run)
        joined.extend(["".join(words)] if single else [_ABBREVIATIONS.get(w, w) for w in words])
    kept = [w for w in joined if w not in _STOPWORDS and w not in _LEGAL_WORDS]
    while len(kept) > 1 and kept[-1] in _EDGE_SLIPS:
        kept.pop()
    if len(kept) > 1 and kept[0] in _EDGE_SLIPS:
        kept.pop(0)
    if not kept:
        kept = [w for w in joined if w not in _STOPWORDS] or joined
    return kept


def name_key(text: str) -> str:
    """A name as it is compared: folded, without legal-form words, articles or punctuation.

    Examples
    --------
    >>> name_key("Association « Le Tiers-Lieu de Carpentras »"), name_key("M.A.PL@NETE")
    ('tiers lieu carpentras', 'ma planete')
    >>> name_key("SARL Coopérative St-Jean & Cie"), name_key("ASS")
    ('saint jean compagnie', 'ass')
    """
    return " ".join(_tokens(text))


@dataclass(slots=True)
class _Prepared:
    """A record ready to compare: its name variants, the most each may score, their words
    and numbers; its SIREN (or its SIRET's) and département."""

    texts: list[str]
    caps: list[float]
    digits: list[str]
    words: list[frozenset[str]]
    siren: str | None
    department: str | None


_SHORT = 4
"""A name of this many letters or fewer, or a word of a name, is told apart by one letter."""


def _variants(record: Record) -> tuple[list[str], list[float], list[frozenset[str]]]:
    """The strings a record's names are compared as, the most each may score, their words."""
    found: dict[str, tuple[float, frozenset[str]]] = {}

    def add(text: str, cap: float, words: frozenset[str]) -> None:
        if text and (text not in found or found[text][0] < cap):
            found[text] = (cap, words)

    names = [(record.name, 1.0)] + [(n, 0.95) for n in record.other_names]
    for name, cap in list(names):
        for inner in _PARENTHESES.findall(name):  # GUILD OPEN TECH (GOT), not (E)
            if len(fold(inner).replace(" ", "")) >= 2:
                names.append((inner, 0.95))
        if "(" in name:
            names.append((_PARENTHESES.sub(" ", name), cap))
    main: list[str] = []
    for name, cap in names:
        tokens = _tokens(name)
        if not main and name is record.name:
            main = tokens
        if not tokens:
            continue
        words = frozenset(tokens)
        add(" ".join(tokens), cap, words)
        add(" ".join(sorted(tokens)), min(cap, 0.96), words)  # the same words, reordered
        add("".join(tokens), cap, words)
    if len(main) >= 3:  # its initials, a sigle people may write: weak evidence
        initials = "".join(w[0] for w in main)
        add(initials, 0.8, frozenset([initials]))
    texts = list(found)
    caps = [min(found[t][0], 0.86 if len(t) <= 2 else 0.9) if len(t) <= _SHORT else found[t][0]
            for t in texts]  # fmt: skip
    return texts, caps, [found[t][1] for t in texts]


def _keys(texts: Sequence[str]) -> set[str]:
    """The blocking keys of a record's name variants.

    A word of 4 to 8 letters and each of it less one letter, a longer word and its first and
    last four letters (one slip keeps a key in common); pairs of words side by side; the
    name without spaces (and less one letter, up to 12 letters).
    """
    keys = set()
    for text in texts:
        words = text.split()
        compact = text.replace(" ", "")
        keys.add("n:" + compact)
        if 4 <= len(compact) <= 12:
            keys.update(["n:" + compact[:i] + compact[i + 1 :] for i in range(len(compact))])
        for word in words:
            keys.add("d:" + word)
            if 4 <= len(word) <= 8:
                keys.update(["d:" + word[:i] + word[i + 1 :] for i in range(len(word))])
            if len(word) >= 7:
                keys.add("p:" + word[:4])
                keys.add("s:" + word[-4:])
        keys.update([f"b:{a} {b}" for a, b in pairwise(words)])
    return keys


def _department(record: Record) -> str | None:
    """The département of a record's commune or postcode (Corsica as ``20``)."""
    code = record.commune or record.postcode
    if not code or len(code) != 5:
        return None
    if code.startswith("97") or code.startswith("98"):
        return code[:3]
    return "20" if code[:2] in ("2A", "2B") else code[:2]


def _prepare(record: Record) -> _Prepared:
    texts, caps, words = _variants(record)
    digits = [" ".join(_DIGITS.findall(t)) for t in texts]
    siren = record.siren or (record.siret[:9] if record.siret else None)
    return _Prepared(texts, caps, digits, words, siren, _department(record))


def _conflict(a: Record, pa: _Prepared, b: Record, pb: _Prepared) -> str | None:
    """Why two records are surely different organisations, if they are."""
    if pa.siren and pb.siren and pa.siren != pb.siren:
        return f"SIREN différents ({pa.siren} ≠ {pb.siren})"
    if a.rna and b.rna and a.rna != b.rna:
        return f"numéros RNA différents ({a.rna} ≠ {b.rna})"
    return None


def _decimal(score: float) -> str:
    """A score as French text: ``0,93``."""
    return f"{score:.2f}".replace(".", ",")


def _exact_link(a: Record, pa: _Prepared, b: Record, pb: _Prepared) -> Link | None:
    """The link two records' register keys or web domain make, if any."""
    found = []
    if a.siren and a.siren == b.siren:
        found.append(("siren", f"SIREN {a.siren}"))
    elif pa.siren and pa.siren == pb.siren:
        siret = a.siret if not a.siren else b.siret
        found.append(("siret", f"SIRET {siret} → SIREN {pa.siren}"))
    if a.rna and a.rna == b.rna:
        found.append(("rna", f"RNA {a.rna}"))
    if a.domain and a.domain == b.domain and a.domain not in SHARED_HOSTS:
        found.append(("domain", f"domaine {a.domain}"))
    if not found:
        return None
    found.sort(key=lambda f: _METHOD_RANK[f[0]])
    method = found[0][0]
    score = 1.0
    if method == "domain":  # a shared site (a town's, a parent's) with other names: review
        similarity = float(_Scores(pa, [pb]).best[0])
        score = 0.95 if similarity >= 0.5 else 0.8
        found.append(("domain", f"noms semblables à {_decimal(similarity)}"))
    return Link(a.iri, b.iri, method, score, tuple(e for _, e in found), a.name, b.name)


def _similarity_matrix(query: _Prepared, texts: Sequence[str], caps: Sequence[float],
                       digits: Sequence[str]) -> np.ndarray:  # fmt: skip
    """The capped similarity of each name variant of a record to each of other variants."""
    distance = cdist(query.texts, texts, scorer=OSA.distance, dtype=np.int32)
    q_len = np.array([len(t) for t in query.texts])[:, None]
    c_len = np.array([len(t) for t in texts])[None, :]
    similarity = 1.0 - distance / (np.maximum(q_len, c_len) + 3.0)
    cap = np.minimum(np.array(query.caps)[:, None], np.array(caps)[None, :])
    cap = np.where((np.minimum(q_len, c_len) <= _SHORT) & (distance > 0), 0.8, cap)
    q_digits = np.array(query.digits, dtype=object)[:, None]
    c_digits = np.array(digits, dtype=object)[None, :]
    numbers_differ = (q_digits != c_digits) & (q_digits != "") & (c_digits != "")
    cap = np.where(numbers_differ, np.minimum(cap, 0.8), cap)  # CIMA 53 and CIMA 72
    return np.minimum(similarity, cap)


class _Scores:
    """The name similarity of a record to each of others, and which variants gave it."""

    def __init__(self, query: _Prepared, choices: Sequence[_Prepared]) -> None:
        texts = [t for c in choices for t in c.texts]
        caps = [x for c in choices for x in c.caps]
        digits = [d for c in choices for d in c.digits]
        sizes = [len(c.texts) for c in choices]
        self.starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
        self.ends = self.starts + np.array(sizes, dtype=np.intp)
        matrix = _similarity_matrix(query, texts, caps, digits)
        self.column_best = matrix.max(axis=0)
        self.column_row = matrix.argmax(axis=0)
        self.best = np.maximum.reduceat(self.column_best, self.starts)

    def variants(self, number: int) -> tuple[int, int]:
        """The query's variant and the choice's variant of the best similarity to a choice."""
        start = int(self.starts[number])
        column = start + int(np.argmax(self.column_best[start : int(self.ends[number])]))
        return int(self.column_row[column]), column - start


def _corroborated(
    a: Record, pa: _Prepared, b: Record, pb: _Prepared, similarity: float, i: int, j: int
) -> tuple[float, str, tuple[str, ...]]:
    """A name match's score, method and evidence once place and activity are seen.

    ``i`` and ``j`` are the variants of the two names that gave the similarity.
    """
    x, y = pa.texts[i], pb.texts[j]
    evidence = [f"nom « {x} » ≈ « {y} » ({_decimal(similarity)})" if x != y
                else f"nom « {x} »"]  # fmt: skip
    if x != y and _short_word_differs(pa.words[i] - pb.words[j], pb.words[j] - pa.words[i]):
        similarity = min(similarity, 0.85)  # GM PRODUCTION and MM PRODUCTION
        evidence.append("un mot court diffère")
    score, method = similarity, "name"
    if a.commune and a.commune == b.commune:
        score, method = score + 0.06, "name+commune"
        evidence.append(f"commune {a.commune}")
    elif a.postcode and a.postcode == b.postcode:
        score, method = score + 0.06, "name+postcode"
        evidence.append(f"code postal {a.postcode}")
    elif pa.department and pa.department == pb.department:
        score, method = score + 0.02, "name+departement"
        evidence.append(f"département {pa.department}")
    elif pa.department and pb.department:
        score -= 0.3
        evidence.append(f"départements différents ({pa.department} ≠ {pb.department})")
    x, y = a.activity or "", b.activity or ""
    if x and x == y:
        score, method = score + 0.03, method + "+activity"
        evidence.append(f"activité {x}")
    elif _NAF.match(x) and _NAF.match(y) and x[:4] == y[:4]:
        score, method = score + 0.02, method + "+activity"
        evidence.append(f"activités voisines ({x}, {y})")
    elif _NAF.match(x) and _NAF.match(y) and x[:2] != y[:2]:
        score -= 0.05
        evidence.append(f"activités différentes ({x} ≠ {y})")
    return round(min(1.0, max(0.0, score)), 3), method, tuple(evidence)


def _short_word_differs(only_a: frozenset[str], only_b: frozenset[str]) -> bool:
    """Whether two names differ by a short word changed (GM PRODUCTION, MM PRODUCTION), not
    only by a letter added, left out or swapped in it (NEO ACADEMY, NOE ACADEMY)."""
    if not (only_a and only_b) or all(len(w) > _SHORT or w.isdigit() for w in only_a | only_b):
        return False
    if len(only_a) == len(only_b) == 1:
        (a,), (b,) = only_a, only_b
        if OSA.distance(a, b) == 1 and (len(a) != len(b) or sorted(a) == sorted(b)):
            return False
    return True


class _Groups:
    """Union-find of records, each group with the SIRENs and RNA numbers it holds."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.sirens: dict[str, set[str]] = {}
        self.rnas: dict[str, set[str]] = {}

    def add(self, iri: str, siren: str | None, rna: str | None) -> None:
        if iri not in self.parent:
            self.parent[iri] = iri
            self.sirens[iri] = {siren} if siren else set()
            self.rnas[iri] = {rna} if rna else set()

    def find(self, iri: str) -> str:
        while self.parent[iri] != iri:  # path halving
            self.parent[iri] = self.parent[self.parent[iri]]
            iri = self.parent[iri]
        return iri

    def clash(self, a: str, b: str) -> str | None:
        """Why joining the groups of two records would merge two organisations."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        sirens, rnas = self.sirens[ra] | self.sirens[rb], self.rnas[ra] | self.rnas[rb]
        if len(sirens) > 1:
            return "réunirait les SIREN " + " et ".join(sorted(sirens))
        if len(rnas) > 1:
            return "réunirait les numéros RNA " + " et ".join(sorted(rnas))
        return None

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            ra, rb = sorted((ra, rb))
            self.parent[rb] = ra
            self.sirens[ra] |= self.sirens.pop(rb)
            self.rnas[ra] |= self.rnas.pop(rb)


def _index(prepared: Sequence[_Prepared]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, p in enumerate(prepared):
        for key in _keys(p.texts):
            postings[key].append(number)
    return postings


def _blocked(query: _Prepared, postings: Mapping[str, list[int]]) -> np.ndarray:
    """The records sharing the most telling blocking keys with a record (rarer keys count
    more), at most ``MAX_CANDIDATES``."""
    lists = [found for key in _keys(query.texts) if (found := postings.get(key))]
    usable = [p for p in lists if len(p) <= MAX_POSTING]
    if not usable:
        if not lists:
            return np.empty(0, dtype=np.intp)
        usable = [min(lists, key=len)]
    sizes = np.fromiter(map(len, usable), dtype=np.intp, count=len(usable))
    numbers = np.fromiter(chain.from_iterable(usable), dtype=np.intp, count=int(sizes.sum()))
    found, inverse = np.unique(numbers, return_inverse=True)
    hits = np.bincount(inverse, weights=np.repeat(1.0 / sizes, sizes))
    if len(found) > MAX_CANDIDATES:
        keep = np.argpartition(-hits, MAX_CANDIDATES)[:MAX_CANDIDATES]
        return np.sort(found[keep])
    return found


def _annotated(link: Link, *more: str) -> Link:
    return replace(link, evidence=(*link.evidence, *more))


def reconcile(
    left: Iterable[Record],
    right: Iterable[Record] | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    review_from: float = REVIEW_FROM,
    decisions: Iterable[Decided] = (),
) -> Reconciliation:
    """Link records that are the same organisation: within one list, or between two.

    Parameters
    ----------
    left : iterable of Record
    right : iterable of Record, optional
        Without it, the records of ``left`` are linked with each other.
    threshold : float
        From this score on, a match is an identity link.
    review_from : float
        From this score on, a match below the threshold is a candidate for review.
    decisions : iterable of Decision, optional
        A person's earlier decisions (``review.read_review``): their pairs are not
        proposed again, and the accepted ones hold groups together like identity links.

    Returns
    -------
    Reconciliation

    Examples
    --------
    >>> sirene = [Record("urn:s1", name="LE TIERS LIEU DE CARPENTRAS", siren="062201199",
    ...                  postcode="84200"),
    ...           Record("urn:s2", name="TEAM MOVE", siren="100070044")]
    >>> carto = [Record("urn:g1", name="Tiers-lieu de Carpentras (asso)", postcode="84200"),
    ...          Record("urn:g2", name="Team Move", siret="10007004400019")]
    >>> found = reconcile(sirene, carto)
    >>> [(k.left, k.right, k.method, k.score) for k in found.links]
    [('urn:s1', 'urn:g1', 'name+postcode', 1.0), ('urn:s2', 'urn:g2', 'siret', 1.0)]
    """
    one_list = right is None
    lefts = list(left)
    rights = lefts if one_list else list(right)  # type: ignore[arg-type]
    everything = {r.iri: r for r in (*lefts, *rights)}
    decided = {tuple(sorted((d.left, d.right))): d.accepted for d in decisions}
    prep_left = [_prepare(r) for r in lefts]
    prep_right = prep_left if one_list else [_prepare(r) for r in rights]
    groups = _Groups()
    for r, p in zip((*lefts, *rights), (*prep_left, *prep_right), strict=True):
        groups.add(r.iri, p.siren, r.rna)
    for (a, b), accepted in sorted(decided.items()):
        if accepted and a in groups.parent and b in groups.parent and not groups.clash(a, b):
            groups.join(a, b)

    def pair_of(a: Record, b: Record) -> tuple[str, str]:
        return (min(a.iri, b.iri), max(a.iri, b.iri)) if one_list else (a.iri, b.iri)

    def is_decided(a: Record, b: Record) -> bool:
        return (min(a.iri, b.iri), max(a.iri, b.iri)) in decided

    links: list[Link] = []
    candidates: dict[tuple[str, str], Link] = {}
    refused: list[Link] = []

    def settle(ordered: Iterable[Link]) -> None:
        """Identity links by decreasing score, unless one would merge two organisations."""
        for link in ordered:
            reason = groups.clash(link.left, link.right)
            if reason:
                candidates[(link.left, link.right)] = _annotated(link, reason)
            elif link.score < threshold:
                candidates[(link.left, link.right)] = link
            else:
                groups.join(link.left, link.right)
                links.append(link)

    # 1. exact keys: SIREN (or a SIRET's), RNA, web domain
    def keys_of(r: Record, p: _Prepared) -> list[str]:
        keys = [f"siren:{p.siren}"] if p.siren else []
        keys += [f"rna:{r.rna}"] if r.rna else []
        keys += [f"web:{r.domain}"] if r.domain and r.domain not in SHARED_HOSTS else []
        return keys

    by_key: dict[str, list[int]] = defaultdict(list)
    for number, (r, p) in enumerate(zip(rights, prep_right, strict=True)):
        for key in keys_of(r, p):
            by_key[key].append(number)
    exact: dict[tuple[str, str], Link] = {}
    for i, (a, pa) in enumerate(zip(lefts, prep_left, strict=True)):
        for j in sorted({j for key in keys_of(a, pa) for j in by_key.get(key, ())}):
            b, pb = rights[j], prep_right[j]
            if (one_list and j <= i) or a.iri == b.iri or is_decided(a, b):
                continue
            ordered = (a, pa, b, pb) if not one_list or a.iri < b.iri else (b, pb, a, pa)
            link = _exact_link(*ordered)
            if link is None:
                continue
            reason = _conflict(a, pa, b, pb)
            if reason:
                refused.append(_annotated(link, reason))
            else:
                exact[(link.left, link.right)] = link
    settle(
        sorted(exact.values(), key=lambda k: (-k.score, _METHOD_RANK[k.method], k.left, k.right))
    )

    # 2. names, blocked by their words, then place and activity
    postings = _index(prep_left)
    has_siren = np.array([p.siren is not None for p in prep_left], dtype=bool)
    has_rna = np.array([r.rna is not None for r in lefts], dtype=bool)
    roots: dict[str, int] = {}
    left_root = np.array([roots.setdefault(groups.find(r.iri), len(roots)) for r in lefts])
    proposed: dict[tuple[str, str], Link] = {}
    eligible: dict[tuple[str, str], Link] = {}
    for j, (b, pb) in enumerate(zip(rights, prep_right, strict=True)):
        found = _blocked(pb, postings)
        keep = left_root[found] != roots.get(groups.find(b.iri), -1)  # not known the same
        if pb.siren:  # the same SIREN: a key said it; else never the same
            keep &= ~has_siren[found]
        if b.rna:
            keep &= ~has_rna[found]
        if one_list:
            keep &= found != j
        numbers = [int(i) for i in found[keep]]
        if decided:
            numbers = [i for i in numbers if not is_decided(lefts[i], b)]
        if not numbers:
            continue
        scores = _Scores(pb, [prep_left[n] for n in numbers])
        top = np.argsort(-scores.best, kind="stable")[:MAX_COMPARED]
        matches = []
        for position in top:
            s = float(scores.best[position])
            if s < review_from - 0.12:  # place and activity add 0.09 at most
                break
            i = numbers[position]
            a = lefts[i]
            mine, theirs = scores.variants(int(position))
            score, method, evidence = _corroborated(a, prep_left[i], b, pb, s, theirs, mine)
            if score >= review_from:
                pair = pair_of(a, b)
                matches.append((Link(*pair, method, score, evidence, everything[pair[0]].name,
                                     everything[pair[1]].name), a.iri))  # fmt: skip
        if not matches:
            continue
        matches.sort(key=lambda m: (-m[0].score, m[0].left, m[0].right))
        for link, _ in matches:
            pair = (link.left, link.right)
            if pair not in proposed:
                proposed[pair] = link
        best, target = matches[0]
        close = [  # as close, and surely not the same organisation as the best
            (k, t)
            for k, t in matches[1:]
            if k.score >= best.score - MARGIN and groups.clash(t, target)
        ]
        if close:  # neither is surely the one: both to review
            for k, t in (group := [matches[0], *close]):
                others = " », « ".join(everything[u].name for _, u in group if u != t)
                proposed[(k.left, k.right)] = _annotated(
                    k, f"ambigu : aussi proche de « {others} »"
                )
            eligible.pop((best.left, best.right), None)
        elif best.score >= threshold:
            eligible[(best.left, best.right)] = best
    ambiguous = {p for p, k in proposed.items() if k.evidence[-1].startswith("ambigu")}
    settle(sorted((k for p, k in eligible.items() if p not in ambiguous),
                  key=lambda k: (-k.score, k.left, k.right)))  # fmt: skip

    # 3. the rest goes to review, unless already known the same organisation, or another
    linked = {(k.left, k.right) for k in links}
    for pair, link in proposed.items():
        if pair in linked or pair in candidates or groups.find(pair[0]) == groups.find(pair[1]):
            continue
        if not groups.clash(*pair):
            candidates[pair] = link
    return Reconciliation(
        links=tuple(sorted(links, key=lambda k: (k.left, k.right))),
        candidates=tuple(sorted(candidates.values(), key=lambda k: (-k.score, k.left, k.right))),
        refused=tuple(sorted(refused, key=lambda k: (k.left, k.right))),
        sources=tuple(sorted({r.source for r in everything.values() if r.source})),
        records=everything,
        threshold=threshold,
    )
