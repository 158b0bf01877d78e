"""GoGoCarto maps in and out: a map's ``elements.json`` to units, the graph to an ``elements.json``.

Takes a GoGoCarto export (``/api/elements.json``, ``gogofull``: an object whose ``data``
holds the elements, or their bare array) or Transiscope's records re-shaped for Niort
(``title``, ``location{lat, lon}``, ``address{street, city…}``, ``categories`` objects
with ``parent``), told apart by the elements' shape. Gives an ``Extract`` (``writing``),
one unit per element, ``…/id/organisation/gogocarto/{map}/{id}``: ``a org:Organization``
of the one kind ``kind:organisation-ess``, ``skos:prefLabel`` @fr, ``schema:address`` a
``schema:PostalAddress`` (``<unit>/adresse``, the country as its ISO code), ``schema:geo``
a ``schema:GeoCoordinates`` (``<unit>/geo``, ``xsd:decimal`` as the file wrote them),
``foaf:homepage``, ``schema:description`` @fr, ``rdfs:seeAlso`` its page on the map it came
from, ``org:classification`` its categories (the scheme ``…/id/scheme/{map}-categories``),
``dcterms:source`` the map (``…/id/source/{map}``, a ``mes:SourceDocument`` under ODbL 1.0
published by ``…/id/agent/{map}``, a ``prov:Organization``, never an ``org:Organization``).

E-mail addresses and telephone numbers are never read: they may be those of natural
persons (personal data is minimal, ``DESIGN.md``); nor are opening hours, images, free
fields or Transiscope's ``commitment``. The file is held once, as text; its elements are
parsed one at a time, to check them and gather the categories, then lazily for the units.
``elements_json`` writes the graph's organisations that have coordinates or an address
as a GoGoCarto external source (what ``ElementImportService::importJson`` reads), which
``read_gogocarto`` reads back as the same units.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDFS, SKOS, XSD

from mes_graph.base.convert import from_oxigraph, to_oxigraph
from mes_graph.base.files import json_bytes
from mes_graph.base.terms import ID, LICENSE, MES, ORG, RDF, SCHEMA
from mes_graph.engine import statements
from mes_graph.registers.mistakes import RegisterError
from mes_graph.registers.model import AGENT, SRC, Statement
from mes_graph.registers.writing import Extract, Unit

__all__ = ["GRAPH_LICENCE", "MAPS", "ODBL", "element_iri", "elements_json", "read_gogocarto"]

ODBL = URIRef("https://opendatacommons.org/licenses/odbl/1-0/")
"""The licence of GoGoCarto maps' data (Transiscope, Près de chez nous): ODbL 1.0."""

GRAPH_LICENCE = LICENSE
"""An export's licence when no element is under ODbL and their sources share no licence:
the graph's own."""

MAPS = {
    "transiscope": ("Transiscope", "https://transiscope.org/"),
    "presdecheznous": ("Près de chez nous", "https://presdecheznous.fr/"),
}
"""Known GoGoCarto maps: their name in the IRIs → the publisher's name and home page."""

ESS_KIND = ID["concept/kind/organisation-ess"]
TYPE = ox.NamedNode(RDF.type)
ELEMENTS = Namespace(ID["organisation/gogocarto/"])
NOT_GOGOCARTO = "ce n'est pas un export GoGoCarto (elements.json) : "

_MAP_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_WS = re.compile(r"[ \t\n\r]*")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HOST = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?:[/:?#]|$)", re.IGNORECASE)
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=str)
"""Numbers as written (``Decimal``); ``NaN`` and ``Infinity`` as text, which is no number."""

_JSON_FAULTS = {
    "Expecting value": "valeur attendue", "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets attendu",
    "Unterminated string starting at": "texte entre guillemets non terminé",
    "Invalid control character at": "caractère de contrôle dans un texte",
    "Invalid \\escape": "échappement invalide", "Extra data": "données après la fin du document",
}  # fmt: skip
_COUNTRIES = {"france": "FR", "fra": "FR", "belgique": "BE", "belgium": "BE", "suisse": "CH",
              "switzerland": "CH", "luxembourg": "LU", "espagne": "ES", "italie": "IT"}  # fmt: skip
_ADDRESS = {
    SCHEMA.streetAddress: ("streetAddress", "street"), SCHEMA.postalCode: ("postalCode",),
    SCHEMA.addressLocality: ("addressLocality", "city"),
    SCHEMA.addressCountry: ("addressCountry", "country"),
}  # fmt: skip
"""The parts of an address, each with its keys in gogofull and in Transiscope's records."""
_LATITUDE, _LONGITUDE = ("latitude", "lat"), ("longitude", "lon", "lng", "long")
_STREET, _COUNTRY = SCHEMA.streetAddress, SCHEMA.addressCountry


def element_iri(map_name: str, element_id: str) -> URIRef:
    """The IRI of a GoGoCarto element: the map's name, then its id (percent-encoded).

    Parameters
    ----------
    map_name, element_id : str
        The map's name (``transiscope``…) and the element's id on the map.

    Returns
    -------
    URIRef

    Examples
    --------
    >>> element_iri("transiscope", "3paH")[-26:]
    'gogocarto/transiscope/3paH'
    """
    return ELEMENTS[f"{map_name}/{urllib.parse.quote(element_id, safe='')}"]


def _concept(map_name: str, key: str) -> URIRef:
    return ID[f"concept/{map_name}/{urllib.parse.quote(key, safe='')}"]


def _scheme(map_name: str) -> URIRef:
    return ID[f"scheme/{map_name}-categories"]


@dataclass
class _Category:
    key: str  # the map's id of the category, else a slug of its name
    name: str = ""
    short: str = ""
    parent: str = ""


@dataclass
class _Element:
    id: str
    name: str
    latitude: str = ""
    longitude: str = ""
    address: dict[URIRef, str] = field(default_factory=dict)
    website: str = ""
    origin: str = ""  # its page on the map it came from
    updated: str = ""
    descriptions: list[str] = field(default_factory=list)
    categories: list[_Category] = field(default_factory=list)
    fixed: int = 0  # web sites given http://
    dropped: int = 0  # web addresses left out


def _what(value: Any) -> str:
    """What a JSON value is, in French (« un objet », « un tableau »…)."""
    kinds = ((dict, "un objet"), (list, "un tableau"), (str, "un texte"), (bool, "un booléen"))
    found = next((name for kind, name in kinds if isinstance(value, kind)), None)
    return found or ("null" if value is None else "un nombre")


def _text(value: Any) -> str:
    """A text or an integer as a stripped text; anything else as empty."""
    if isinstance(value, str):
        return value.strip()
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def _json_error(path: Path, err: json.JSONDecodeError) -> RegisterError:
    fault = _JSON_FAULTS.get(err.msg, err.msg)
    return RegisterError(path, f"JSON invalide : {fault}", line=err.lineno, column=str(err.colno))


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@functools.lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    """A category's name as the last segment of its IRI (``Eau potable`` → ``eau-potable``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", _plain(name)).strip("-")
    return slug or "c-" + hashlib.sha256(name.encode()).hexdigest()[:12]


@functools.lru_cache(maxsize=4096)
def _country(text: str) -> str:
    """A country as its ISO 3166 code where it is one or a known name; else as written."""
    code = _COUNTRIES.get(_plain(text))
    return code or (text.upper() if re.fullmatch(r"[A-Za-z]{2}", text) else text)


def _web_iri(text: str) -> bool:
    """Whether a text is an http(s) IRI with a host, one RDF can hold."""
    try:
        parts = urllib.parse.urlsplit(text)
        ox.NamedNode(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _day(value: Any) -> str:
    """An ``updatedAt`` (``dd/mm/YYYY`` or ISO) as ``YYYY-MM-DD``; empty if it is none."""
    text = _text(value)
    french = re.match(r"(\d{2})/(\d{2})/(\d{4})", text)
    text = "-".join(reversed(french.groups())) if french else text[:10]
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else ""
    except ValueError:
        return ""


def _sort_key(key: str) -> tuple[int, int, str]:
    return (0, int(key), key) if key.isdigit() else (1, 0, key)


class _Reader:
    """One file's text and its elements, one at a time, each with its place and line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise RegisterError(path, f"lecture impossible : {err.strerror or err}") from None
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            message = f"le fichier n'est pas en UTF-8 (octet 0x{raw[err.start]:02x})"
            raise RegisterError(path, message, line=raw.count(b"\n", 0, err.start) + 1) from None
        self.keys: dict[str, Any] = {}  # the object's other keys, with their small values
        self.end, self._at, self._line = 0, 0, 1

    def line_at(self, pos: int) -> int:
        """The line of a position, counted on from the last one asked (never before it)."""
        self._line += self.text.count("\n", self._at, pos)
        self._at = pos
        return self._line

    def value(self, pos: int) -> tuple[Any, int]:
        """The JSON value at a position, and where it ends."""
        try:
            return _DECODER.raw_decode(self.text, pos)
        except json.JSONDecodeError as err:
            raise _json_error(self.path, err) from None
        except RecursionError:
            message = "JSON invalide : trop de tableaux ou d'objets imbriqués"
            raise RegisterError(self.path, message, line=self.line_at(pos)) from None

    def broken(self, fault: str, pos: int) -> RegisterError:
        return _json_error(self.path, json.JSONDecodeError(fault, self.text, pos))

    def skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def not_gogocarto(self, message: str, line: int, key: str = "") -> RegisterError:
        return RegisterError(self.path, NOT_GOGOCARTO + message, line=line, column=key)

    def elements(self) -> Iterator[tuple[Any, int, int, int]]:
        """Each element as parsed, its start and end in the text, and its line."""
        pos = self.skip(0)
        if self.text.startswith("[", pos):
            yield from self._array(pos)
        elif self.text.startswith("{", pos):
            yield from self._object(pos)
        else:
            value, _ = self.value(pos)
            message = f"le document est {_what(value)}, ni un tableau ni un objet à clé « data »"
            raise self.not_gogocarto(message, self.line_at(pos))
        if self.skip(self.end) != len(self.text):
            raise self.broken("Extra data", self.skip(self.end))

    def _array(self, pos: int) -> Iterator[tuple[Any, int, int, int]]:
        pos = self.skip(pos + 1)
        while not self.text.startswith("]", pos):
            line = self.line_at(pos)
            value, end = self.value(pos)
            yield value, pos, end, line
            pos = self.skip(end)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
                if self.text.startswith("]", pos):
                    raise self.broken("Expecting value", pos)
            elif not self.text.startswith("]", pos):
                raise self.broken("Expecting ',' delimiter", pos)
        self.end = pos + 1

    def _object(self, pos: int) -> Iterator[tuple[Any, int, int, int]]:
        start_line, data = self.line_at(pos), False
        pos = self.skip(pos + 1)
        while not self.text.startswith("}", pos):
            if not self.text.startswith('"', pos):
                raise self.broken("Expecting property name enclosed in double quotes", pos)
            key, pos = self.value(pos)
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise self.broken("Expecting ':' delimiter", pos)
            pos = self.skip(pos + 1)
            line = self.line_at(pos)
            if key == "features":
                message = "c'est du GeoJSON (clé « features »), pas l'objet de /api/elements.json"
                raise self.not_gogocarto(message, line, key)
            if key == "data" and self.text.startswith("[", pos):
                data = True
                yield from self._array(pos)
                pos = self.end
            else:
                value, pos = self.value(pos)
                if key == "data":
                    message = f"« data » est {_what(value)}, pas un tableau d'éléments"
                    raise self.not_gogocarto(message, line, key)
                self.keys[key] = value if isinstance(value, str | int | Decimal) else _what(value)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
            elif not self.text.startswith("}", pos):
                raise self.broken("Expecting ',' delimiter", pos)
        self.end = pos + 1
        if not data:
            keys = ", ".join(f"« {k} »" for k in self.keys) or "aucune"
            raise self.not_gogocarto(f"l'objet n'a pas de clé « data » (clés : {keys})",
                                     start_line, "data")  # fmt: skip

    def element_fault(
        self, message: str, start: int, end: int, line: int, key: str, column: str = ""
    ) -> RegisterError:
        """A mistake in an element, on the line of its key if it has one, else its own."""
        at = re.compile(rf'"{re.escape(key)}"\s*:').search(self.text, start, end) if key else None
        where = line + self.text.count("\n", start, at.start()) if at else line
        return RegisterError(self.path, message, line=where, column=column or key)

    def element(self, obj: Any, start: int, end: int, line: int, number: int) -> _Element:
        """An element of the file, checked and in our terms; ``RegisterError`` if it is bad."""

        def fault(message: str, key: str = "", present: bool = True) -> RegisterError:
            return self.element_fault(message, start, end, line, key if present else "", key)

        if not isinstance(obj, dict):
            hint = " (du gogocompact ? demandez ontology=gogofull)" if isinstance(obj, list) else ""
            raise fault(NOT_GOGOCARTO + f"l'élément n° {number} est {_what(obj)}{hint}")
        if obj.get("type") == "Feature" and "geometry" in obj:
            raise fault(NOT_GOGOCARTO + "c'est une Feature GeoJSON, pas un élément", "type")
        ident = _text(obj.get("id"))
        if not ident:
            message = NOT_GOGOCARTO + f"l'élément n° {number} n'a pas d'identifiant"
            raise fault(message, "id", "id" in obj)
        name_key = next((k for k in ("name", "title", "nom") if k in obj), "name")
        name = obj.get(name_key)
        if not isinstance(name, str) or not name.strip():
            message = NOT_GOGOCARTO + f"l'élément « {ident} » n'a pas de nom"
            raise fault(message, name_key, name_key in obj)
        element = _Element(ident, name.strip(), updated=_day(obj.get("updatedAt")))
        element.latitude, element.longitude = _position(obj, f"élément « {ident} » : ", fault)
        element.address = _address(obj.get("address"))
        website = _text(obj.get("website"))
        if website and not _SCHEME.match(website) and _HOST.match(website):
            website, element.fixed = "http://" + website, 1
        if website and _web_iri(website):
            element.website = website
        elif website:
            element.fixed, element.dropped = 0, 1
        origin = _text(obj.get("url"))
        if origin:
            element.origin = origin if _web_iri(origin) else ""
            element.dropped += not element.origin
        for key in ("summary", "description", "descriptionMore"):
            text = _text(obj.get(key))
            if text and text not in element.descriptions:
                element.descriptions.append(text)
        key = "categoriesFull" if obj.get("categoriesFull") else "categories"
        items = obj.get(key) or []
        items = [i for i in items.split(",") if i.strip()] if isinstance(items, str) else items
        if not isinstance(items, list):
            raise fault(f"élément « {ident} » : « {key} » est {_what(items)}", key)
        found: dict[str, _Category] = {}
        for item in items:
            if not isinstance(item, dict | str | int) or isinstance(item, bool):
                raise fault(f"élément « {ident} » : une catégorie est {_what(item)}", key)
            if not isinstance(item, dict):
                item = {"id" if isinstance(item, int) else "name": item}
            code, name = _text(item.get("id")), _text(item.get("name"))
            if not code and not name:
                raise fault(f"élément « {ident} » : une catégorie sans « id » ni « name »", key)
            short = _text(item.get("shortName"))
            parent = _text(item.get("parent", item.get("parentId")))
            category = _Category(code or _slug(name), name, short if short != name else "", parent)
            found.setdefault(category.key, category)
        element.categories = list(found.values())
        return element


def _position(obj: dict, where: str, fault: Any) -> tuple[str, str]:
    """The latitude and longitude as written: in ``geo``, ``location`` or the element."""
    address = obj.get("address")
    holders = [("geo", obj.get("geo")), ("location", obj.get("location")),
               ("location", address.get("location") if isinstance(address, dict) else None),
               ("", obj)]  # fmt: skip
    for key, holder in holders:
        if holder is None:
            continue
        if not isinstance(holder, dict):
            raise fault(where + f"« {key} » est {_what(holder)}", key)
        lat = next(((k, holder[k]) for k in _LATITUDE if holder.get(k) not in (None, "")), None)
        lon = next(((k, holder[k]) for k in _LONGITUDE if holder.get(k) not in (None, "")), None)
        if lat and lon:
            return _coordinate(*lat, 90, where, fault), _coordinate(*lon, 180, where, fault)
        if lat or lon:
            given, missing = ("latitude", "longitude") if lat else ("longitude", "latitude")
            raise fault(where + f"une {given} sans {missing}", (lat or lon)[0])  # type: ignore[index]
    return "", ""


def _coordinate(key: str, value: Any, bound: int, where: str, fault: Any) -> str:
    """A latitude or longitude as an ``xsd:decimal``, written as the file wrote it."""
    what = "latitude" if bound == 90 else "longitude"
    text = ""
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        text = value.strip()
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, Decimal):
        text = str(value) if "E" not in str(value) else format(value, "f")
    if not text:
        shown = json.dumps(value, ensure_ascii=False, default=str)[:60]
        raise fault(where + f"la {what} n'est pas un nombre : {shown}", key)
    if abs(Decimal(text)) > bound:
        raise fault(where + f"{what} hors des bornes (de -{bound} à {bound}) : {text}", key)
    return text


def _address(raw: Any) -> dict[URIRef, str]:
    """The parts of an address (an object, or a text: the street), the country as a code."""
    raw = {"streetAddress": raw} if isinstance(raw, str) else raw
    if not isinstance(raw, dict):
        return {}
    parts = {}
    for prop, keys in _ADDRESS.items():
        parts[prop] = next(filter(None, map(_text, map(raw.get, keys))), "")
    parts[_COUNTRY] = _country(parts[_COUNTRY])
    if not any(value for prop, value in parts.items() if prop != _COUNTRY):
        parts[_STREET] = _text(raw.get("customFormatedAddress"))
    return {prop: value for prop, value in parts.items() if value}


def read_gogocarto(path: Path | str, *, map_name: str = "transiscope") -> Extract:
    """Read a GoGoCarto ``elements.json``, or Transiscope's records, as register units.

    The whole file is checked before the first unit is given: a bad element raises here.

    Parameters
    ----------
    path : Path or str
        The JSON file.
    map_name : str
        The map's name in the IRIs (lower case letters, digits, hyphens).

    Returns
    -------
    Extract
        The source ``…/id/source/{map_name}``, its header (source, publisher, scheme of
        categories) and the units, given lazily.

    Raises
    ------
    RegisterError
        Invalid JSON, JSON that is no GoGoCarto export, an element without id or name,
        coordinates that are no numbers or out of range, an id given twice.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "elements.json"
    >>> _ = path.write_text(json.dumps({"ontology": "gogofull", "data": [
    ...     {"id": "mM", "name": "Fontaine", "geo": {"latitude": 48.88482, "longitude": 2.29816},
    ...      "categories": ["Eau potable"]}]}))
    >>> extract = read_gogocarto(path)
    >>> [unit] = extract.units
    >>> print(unit[0][0])
    https://w3id.org/mes-graph/id/organisation/gogocarto/transiscope/mM
    >>> [str(o) for s, p, o in unit if p in (SCHEMA.latitude, SCHEMA.longitude)]
    ['48.88482', '2.29816']
    """
    path = Path(path)
    if not _MAP_NAME.fullmatch(map_name):
        raise ValueError(f"nom de carte invalide : « {map_name} » (minuscules, chiffres, tirets)")
    reader = _Reader(path)
    seen: dict[str, int] = {}
    starts: list[tuple[int, int]] = []
    categories: dict[str, _Category] = {}
    tally: Counter[str] = Counter()
    updated = ""
    for number, (obj, start, end, line) in enumerate(reader.elements(), 1):
        element = reader.element(obj, start, end, line, number)
        if element.id in seen:
            message = f"identifiant « {element.id} » en double (déjà ligne {seen[element.id]})"
            raise reader.element_fault(message, start, end, line, "id")
        seen[element.id] = line
        starts.append((start, line))
        for new in element.categories:  # as first described, with what later ones add
            known = categories.setdefault(new.key, new)
            known.name, known.parent = known.name or new.name, known.parent or new.parent
            known.short = known.short or (new.short if new.short != known.name else "")
        tally["transiscope" if "title" in obj and "name" not in obj else "gogofull"] += 1
        tally["fixed"] += element.fixed
        tally["dropped"] += element.dropped
        updated = max(updated, element.updated)
    stated = _text(reader.keys.get("licence", reader.keys.get("license")))  # GoGoCarto: ODbL
    licence = URIRef(stated) if _web_iri(stated) and "/licenses/odbl" not in stated else ODBL
    source = SRC[map_name]
    header = _header(map_name, source, categories, licence, updated)
    name = MAPS.get(map_name, (map_name, ""))[0]
    shape = "export gogofull" if tally["gogofull"] >= tally["transiscope"] else "Transiscope"
    comment = (
        f"{name} : {len(starts)} éléments lus de {path.name} ({shape}), sous <{licence}>.\n"
        "Ni courriels ni téléphones importés : ils peuvent être ceux de personnes.\n"
        f"Adresses web : {tally['fixed']} complétées par « http:// », "
        f"{tally['dropped']} écartées (ni http ni https)."
    )
    return Extract(source, header, _units(reader, starts, map_name, source), comment)


def _header(
    map_name: str, source: URIRef, categories: dict[str, _Category], licence: URIRef, updated: str
) -> list[Statement]:
    """The source, its publisher, and the scheme of the map's categories."""
    name, homepage = MAPS.get(map_name, (map_name, ""))
    agent = AGENT[map_name]
    header = [(source, RDF.type, t) for t in (MES.SourceDocument, FOAF.Document, PROV.Entity)]
    header += [(agent, RDF.type, PROV.Organization), (agent, RDF.type, DCTERMS.Agent)]
    header += [
        (source, DCTERMS.title, Literal(f"{name} : les éléments de la carte", lang="fr")),
        (source, DCTERMS.title, Literal(f"{name}: the elements of the map", lang="en")),
        (source, DCTERMS.publisher, agent),
        (source, DCTERMS.language, Literal("fr")),
        (source, DCTERMS.format, Literal("application/json")),
        (source, DCTERMS.license, licence),
        (agent, FOAF.name, Literal(name)),
    ]
    if updated:
        header.append((source, DCTERMS.modified, Literal(updated, datatype=XSD.date)))
    if homepage:
        header += [(source, FOAF.page, URIRef(homepage)), (agent, FOAF.homepage, URIRef(homepage))]
    if not categories:
        return header
    scheme = _scheme(map_name)
    header += [
        (scheme, RDF.type, SKOS.ConceptScheme),
        (scheme, SKOS.prefLabel, Literal(f"Catégories de {name}", lang="fr")),
        (scheme, SKOS.prefLabel, Literal(f"{name} categories", lang="en")),
        (scheme, DCTERMS.publisher, agent),
        (scheme, DCTERMS.source, source),
    ]
    for key in sorted(categories, key=_sort_key):
        category, concept = categories[key], _concept(map_name, key)
        said = [(RDF.type, SKOS.Concept), (SKOS.inScheme, scheme), (SKOS.notation, Literal(key))]
        said += [(SKOS.prefLabel, Literal(category.name, lang="fr"))] if category.name else []
        said += [(SKOS.altLabel, Literal(category.short, lang="fr"))] if category.short else []
        if category.parent in categories and category.parent != key:
            said.append((SKOS.broader, _concept(map_name, category.parent)))
        else:  # a root, or a parent the file never describes
            said.append((SKOS.topConceptOf, scheme))
            header.append((scheme, SKOS.hasTopConcept, concept))
        header += [(concept, p, o) for p, o in said]
    return header


def _units(
    reader: _Reader, starts: list[tuple[int, int]], map_name: str, source: URIRef
) -> Iterator[Unit]:
    """The units, each element parsed a second time as it is asked for."""
    for number, (start, line) in enumerate(starts, 1):
        obj, end = _DECODER.raw_decode(reader.text, start)
        element = reader.element(obj, start, end, line, number)
        unit = element_iri(map_name, element.id)
        statements: Unit = [
            (unit, RDF.type, ORG.Organization),
            (unit, SKOS.prefLabel, Literal(element.name, lang="fr")),
            (unit, ORG.classification, ESS_KIND),
            *((unit, ORG.classification, _concept(map_name, c.key)) for c in element.categories),
            *((unit, SCHEMA.description, Literal(t, lang="fr")) for t in element.descriptions),
        ]
        if element.website:
            statements.append((unit, FOAF.homepage, URIRef(element.website)))
        if element.origin:
            statements.append((unit, RDFS.seeAlso, URIRef(element.origin)))
        statements.append((unit, DCTERMS.source, source))
        if element.address:
            node = URIRef(f"{unit}/adresse")
            statements += [(unit, SCHEMA.address, node), (node, RDF.type, SCHEMA.PostalAddress)]
            statements += [(node, prop, Literal(value)) for prop, value in element.address.items()]
        if element.latitude:
            node = URIRef(f"{unit}/geo")
            statements += [
                (unit, SCHEMA.geo, node),
                (node, RDF.type, SCHEMA.GeoCoordinates),
                (node, SCHEMA.latitude, Literal(element.latitude, datatype=XSD.decimal)),
                (node, SCHEMA.longitude, Literal(element.longitude, datatype=XSD.decimal)),
            ]
        yield statements


# --- Out: the graph as a GoGoCarto external source ---------------------------------------


class _Facts(dict):
    """What the graph says of each subject asked for: predicate → its values, sorted.

    Read from the graph (either engine, every named graph) when first asked, so an export
    holds only what it writes."""

    def __init__(self, graph: Graph) -> None:
        super().__init__()
        self.graph = graph

    def __missing__(self, subject: Any) -> dict[Any, list]:
        found: dict[Any, set] = defaultdict(set)
        for quad in statements(self.graph, to_oxigraph(subject)):
            found[from_oxigraph(quad.predicate)].add(from_oxigraph(quad.object))
        self[subject] = {p: sorted(v, key=lambda t: (str(t), t.n3())) for p, v in found.items()}
        return self[subject]


def _label(values: list) -> str:
    """The French label among labels, else one without language, else any."""

    def rank(value: Any) -> tuple[bool, bool, str]:
        language = getattr(value, "language", None)
        return language != "fr", language is not None, str(value)

    return str(min(values, key=rank)) if values else ""


def _from_map(org: Any) -> tuple[str, str] | None:
    """The map and id of a unit read from a GoGoCarto map; None for the others."""
    rest = str(org)[len(ELEMENTS) :] if str(org).startswith(ELEMENTS) else ""
    map_name, _, ident = rest.partition("/")
    if not isinstance(org, URIRef) or not map_name or not ident or "/" in ident:
        return None
    return map_name, urllib.parse.unquote(ident)


def _ids(orgs: list) -> dict[Any, str]:
    """An id per element: its map's id if it came from one, else the end of its IRI (or
    a hash of a foreign IRI); ``~2``, ``~3``… after an id already given."""
    ours, ids, taken = str(ID["organisation/"]), {}, set()
    for org in orgs:
        origin = _from_map(org)
        base = origin[1] if origin else ""
        if not origin and isinstance(org, URIRef) and str(org).startswith(ours):
            base = urllib.parse.unquote(str(org)[len(ours) :]).replace("/", "-")
        base = base or "iri-" + hashlib.sha256(org.n3().encode()).hexdigest()[:16]
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}~{n}", n + 1
        ids[org] = ident
        taken.add(ident)
    return ids


def _number(values: list, bound: int) -> float | None:
    """The first of the values as a JSON number, if it is one within ± bound."""
    try:
        number = float(Decimal(str(values[0]).strip())) if values else None
    except ArithmeticError:
        return None
    return number if number is not None and abs(number) <= bound else None


def _place(described: dict, facts: dict) -> tuple[dict, dict]:
    """The first coordinates (two numbers in range) and the first address of a unit."""
    geo: dict[str, float] = {}
    for node in described.get(SCHEMA.geo, []):
        found = facts[node]
        lat = _number(found.get(SCHEMA.latitude, []), 90)
        lon = _number(found.get(SCHEMA.longitude, []), 180)
        if lat is not None and lon is not None:
            geo = {"latitude": lat, "longitude": lon}
            break
    address: dict[str, str] = {}
    for node in described.get(SCHEMA.address, []):
        parts = facts[node]
        address = {keys[0]: str(parts[p][0]) for p, keys in _ADDRESS.items() if parts.get(p)}
        if address:
            break
    return geo, address


def _categories(org: Any, facts: dict) -> tuple[list[str], list[dict]]:
    """An element's categories: names, and in full those of its map's scheme.

    A unit from a GoGoCarto map has the concepts of its map's scheme; any other, the
    labels of all its classifications (kind, sector…)."""
    origin = _from_map(org)
    scheme = _scheme(origin[0]) if origin else None

    def notation(concept: Any) -> str:
        found = facts[concept].get(SKOS.notation)
        return str(found[0]) if found else urllib.parse.unquote(str(concept).rsplit("/", 1)[-1])

    def wanted(concept: Any) -> bool:  # in the map's scheme; for the others, with a label
        described = facts[concept]
        return scheme in described.get(SKOS.inScheme, []) if origin else SKOS.prefLabel in described

    kept = [c for c in facts[org].get(ORG.classification, []) if wanted(c)]
    kept.sort(key=lambda c: (*_sort_key(notation(c)), str(c)))
    names = [_label(facts[c].get(SKOS.prefLabel, [])) or notation(c) for c in kept]
    full = []
    for concept, name in zip(kept if origin else [], names, strict=False):
        described, code = facts[concept], notation(concept)
        item: dict[str, Any] = {"id": int(code) if code.isdigit() else code, "name": name}
        if described.get(SKOS.altLabel):
            item["shortName"] = _label(described[SKOS.altLabel])
        parents = [notation(p) for p in described.get(SKOS.broader, []) if wanted(p)]
        if parents:
            item["parent"] = int(parents[0]) if parents[0].isdigit() else parents[0]
        full.append(item)
    return names, full


def elements_json(graph: Graph) -> bytes:
    """The graph's placed organisations as a GoGoCarto external source (``elements.json``).

    Every ``org:Organization`` with coordinates (``schema:geo``) or an address
    (``schema:address``) is one element: its map's id if it came from a GoGoCarto map,
    else an id from its IRI; its French name, coordinates, address, categories (its map's,
    also in full in ``categoriesFull``; else the labels of its classifications),
    descriptions, web site, page on the map of origin (``url``) and source.

    Parameters
    ----------
    graph : rdflib.Graph or rdflib.Dataset
        The loaded graph, on either engine.

    Returns
    -------
    bytes
        UTF-8 JSON, the elements sorted by id; the ``licence`` ODbL if any element's source
        is under ODbL, else the licence their sources share, else ``GRAPH_LICENCE``.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix schema: <https://schema.org/> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     <https://w3id.org/mes-graph/id/organisation/ardes> a org:Organization ;
    ...         skos:prefLabel "ARDES"@fr ; schema:address [ schema:postalCode "14000" ] .''')
    >>> document = json.loads(elements_json(g))
    >>> document["licence"], document["data"]
    ('https://creativecommons.org/licenses/by/4.0/', [{'id': 'ardes', 'name': 'ARDES', 'address': {'postalCode': '14000'}}])
    """  # noqa: E501
    facts = _Facts(graph)
    organisation = ox.NamedNode(ORG.Organization)
    candidates = {
        quad.subject
        for prop in (SCHEMA.geo, SCHEMA.address)
        for quad in statements(graph, predicate=ox.NamedNode(prop))
        if next(statements(graph, quad.subject, TYPE, organisation), None) is not None
    }
    placed = {}
    for org in sorted(map(from_oxigraph, candidates), key=lambda t: (str(t), t.n3())):
        geo, address = _place(facts[org], facts)
        if geo or address:
            placed[org] = geo, address
    ids = _ids(list(placed))
    elements, licences = [], []
    for org, (geo, address) in placed.items():
        described = facts[org]
        name = _label(described.get(SKOS.prefLabel, [])) or _label(described.get(FOAF.name, []))
        element: dict[str, Any] = {"id": ids[org], "name": name or ids[org]}
        element |= {"geo": geo} if geo else {}
        element |= {"address": address} if address else {}
        names, full = _categories(org, facts)
        element |= {"categories": names} if names else {}
        element |= {"categoriesFull": full} if full else {}
        texts = sorted(map(str, described.get(SCHEMA.description, [])), key=lambda t: (len(t), t))
        element |= {"description": texts[0]} if texts else {}
        element |= {"descriptionMore": "\n\n".join(texts[1:])} if texts[1:] else {}
        for key, prop in (("website", FOAF.homepage), ("url", RDFS.seeAlso)):
            found = [str(v) for v in described.get(prop, []) if _web_iri(str(v))]
            element |= {key: found[0]} if found else {}
        documents = [s for s in described.get(DCTERMS.source, []) if isinstance(s, URIRef)]
        if documents:
            about = facts[documents[0]]
            said = [_label(facts[a].get(FOAF.name, [])) for a in about.get(DCTERMS.publisher, [])]
            said.append(_label(about.get(DCTERMS.title, [])))
            element["source"] = next(filter(None, said), str(documents[0]))
        stated = (facts[d].get(DCTERMS.license, []) for d in documents)
        licences.append({str(v) for values in stated for v in values})
        elements.append(element)
    elements.sort(key=lambda e: e["id"])
    every = set().union(*licences)
    licence = str(GRAPH_LICENCE)
    if any("opendatacommons.org/licenses/odbl" in stated for stated in every):
        licence = str(ODBL)
    elif len(every) == 1 and all(licences):
        licence = next(iter(every))
    return json_bytes({"licence": licence, "ontology": "gogofull", "data": elements})
