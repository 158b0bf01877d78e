"""Compare two releases of the graph: what changed, in words for release notes, or as RDF.

Takes two graphs (two exports, read by ``read_release``); gives ``Changes``: the actors
added, removed and changed, the memberships added, removed and changed (role, dates,
source), the labels added, removed and changed, the register units (``rov:RegisteredOrganization``:
SIRENE's, the RNA's) opened and closed, and how many other statements changed.
``format_changes`` writes them in French, with the English names of the sections, for a
staff member to paste into release notes; ``changeset`` gives the same difference as
TriG, one named graph of removed statements and one of added statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from mes_graph.actors import actors, fold
from mes_graph.base.terms import (
    DCTERMS,
    FOAF,
    GRAPH,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SCHEMES,
    SKOS,
    TIME,
    XSD,
)
from mes_graph.export import PUBLISH_PREFIXES, compact_iri, context, interval_date, serialize
from mes_graph.load import LoadError, parse_turtle, unreadable
from mes_graph.registers.model import ROV

LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, RDFS.label, DCTERMS.title)
"""The properties whose values are labels."""

REMOVED, ADDED = GRAPH["changeset/removed"], GRAPH["changeset/added"]
"""The named graphs of a changeset."""

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}
"""rdflib's parser for each file suffix a release may have."""


@dataclass(frozen=True, order=True)
class Membership:
    """A membership as release notes tell it."""

    key: str
    member: Node
    organization: Node
    role: Node | None = None
    since: str | None = None
    until: str | None = None
    source: Node | None = None


@dataclass
class Changes:
    """What changed between two releases (see the module's docstring)."""

    units_opened: list[URIRef] = field(default_factory=list)
    units_closed: list[tuple[URIRef, str]] = field(default_factory=list)
    actors_added: list[URIRef] = field(default_factory=list)
    actors_removed: list[URIRef] = field(default_factory=list)
    actors_changed: list[tuple[URIRef, Node, list[Node], list[Node]]] = field(default_factory=list)
    memberships_added: list[Membership] = field(default_factory=list)
    memberships_removed: list[Membership] = field(default_factory=list)
    memberships_changed: list[tuple[Membership, Membership]] = field(default_factory=list)
    labels_added: list[tuple[Node, Node, Literal]] = field(default_factory=list)
    labels_removed: list[tuple[Node, Node, Literal]] = field(default_factory=list)
    labels_changed: list[tuple[Node, Node, Literal, Literal]] = field(default_factory=list)
    other_added: int = 0
    other_removed: int = 0
    old: Graph = field(default_factory=Graph, repr=False)
    new: Graph = field(default_factory=Graph, repr=False)

    def __bool__(self) -> bool:
        lists = (
            self.units_opened,
            self.units_closed,
            self.actors_added,
            self.actors_removed,
            self.actors_changed,
            self.memberships_added,
            self.memberships_removed,
            self.memberships_changed,
            self.labels_added,
            self.labels_removed,
            self.labels_changed,
        )
        return any(lists) or bool(self.other_added or self.other_removed)


def read_release(path: Path | str) -> Graph:
    """Read a release file (any of our RDF syntaxes, by suffix) as one graph.

    Raises
    ------
    LoadError
        The file is missing or cannot be parsed.
    """
    path = Path(path)
    problem = unreadable(path)
    if problem:
        raise LoadError(path, None, problem)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(path, None, f"unknown RDF suffix {path.suffix!r}; use {', '.join(FORMATS)}")
    if fmt == "turtle":
        return parse_turtle(path)
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as err:  # rdflib's parsers raise many kinds of errors
        raise LoadError(path, None, f"not valid {fmt}: {err}") from None


def memberships(graph: Graph) -> dict[str, Membership]:
    """Every membership of a graph, keyed by its IRI (or the pair, for a bare shortcut).

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> sorted(memberships(tiny_alliance()))[0].rsplit("/", 1)[-1]
    'ana--lab'
    """
    found: dict[str, Membership] = {}
    pairs = set()
    for node in sorted(set(graph.subjects(ORG.member, None))):
        member, body = graph.value(node, ORG.member), graph.value(node, ORG.organization)
        if body is None:
            continue
        interval = graph.value(node, ORG.memberDuring)
        source = graph.value(node, PROV.wasDerivedFrom) or graph.value(node, DCTERMS.source)
        found[str(node)] = Membership(
            str(node),
            member,
            body,
            graph.value(node, ORG.role),
            interval_date(graph, interval, TIME.hasBeginning),
            interval_date(graph, interval, TIME.hasEnd),
            source,
        )
        pairs.add((member, body))
    for member, body in sorted(graph.subject_objects(ORG.memberOf)):
        if (member, body) not in pairs:
            key = f"{member} {body}"
            found[key] = Membership(key, member, body)
    return found


def _membership_statements(graph: Graph, keys: set[str]) -> set[tuple[Node, Node, Node]]:
    """The statements that make up memberships: their own, their intervals', the shortcut."""
    out = set()
    for key in keys:
        node = URIRef(key)
        todo = [] if " " in key else [node]
        while todo:
            subject = todo.pop()
            for p, o in graph.predicate_objects(subject):
                out.add((subject, p, o))
                if p in (ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd):
                    todo.append(o)
        member, body = graph.value(node, ORG.member), graph.value(node, ORG.organization)
        if " " in key:
            member, body = (URIRef(x) for x in key.split(" ", 1))
        if member is not None and body is not None and (member, ORG.memberOf, body) in graph:
            out.add((member, ORG.memberOf, body))
    return out


def diff(old: Graph, new: Graph) -> Changes:
    """What changed from one release to the next.

    Parameters
    ----------
    old, new : rdflib.Graph
        Two releases (``read_release``), or two datasets ``load`` built.

    Returns
    -------
    Changes

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> old, new = tiny_alliance(), tiny_alliance()
    >>> from mes_graph.base.terms import ID
    >>> new.remove((ID["organisation/apes"], None, None))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> changes = diff(old, new)
    >>> [a.rsplit("/", 1)[-1] for a in changes.actors_removed], changes.other_removed
    (['apes'], 0)
    """
    changes = Changes(old=old, new=new)
    removed_triples = {t for t in old if t not in new}
    added_triples = {t for t in new if t not in old}
    explained_removed: set = set()
    explained_added: set = set()

    old_actors, new_actors = set(actors(old)), set(actors(new))
    old_units = set(old.subjects(RDF.type, ROV.RegisteredOrganization))
    new_units = set(new.subjects(RDF.type, ROV.RegisteredOrganization))
    changes.units_opened = sorted(new_units - old_units)
    closing = {u: str(d) for u, d in new.subject_objects(SCHEMA.dissolutionDate)}
    already = set(old.subjects(SCHEMA.dissolutionDate, None))
    changes.units_closed = sorted(
        [(u, closing.get(u, "")) for u in old_units - new_units]
        + [(u, closing[u]) for u in old_units & new_units if u in closing and u not in already]
    )
    changes.actors_added = sorted(new_actors - old_actors - new_units)
    changes.actors_removed = sorted(old_actors - new_actors - old_units)
    for actor in (new_actors - old_actors) | set(changes.units_opened):
        explained_added |= {(actor, p, o) for p, o in new.predicate_objects(actor)}
    for actor in old_actors - new_actors | (old_units - new_units):
        explained_removed |= {(actor, p, o) for p, o in old.predicate_objects(actor)}
    for unit, closed in changes.units_closed:
        if closed:
            explained_added.add((unit, SCHEMA.dissolutionDate, Literal(closed, datatype=XSD.date)))

    old_ms, new_ms = memberships(old), memberships(new)
    changes.memberships_added = [new_ms[k] for k in sorted(set(new_ms) - set(old_ms))]
    changes.memberships_removed = [old_ms[k] for k in sorted(set(old_ms) - set(new_ms))]
    changes.memberships_changed = [
        (old_ms[k], new_ms[k]) for k in sorted(set(old_ms) & set(new_ms)) if old_ms[k] != new_ms[k]
    ]
    changed_keys = {m.key for m, _ in changes.memberships_changed}
    explained_added |= _membership_statements(
        new, {m.key for m in changes.memberships_added} | changed_keys
    )
    explained_removed |= _membership_statements(
        old, {m.key for m in changes.memberships_removed} | changed_keys
    )

    # labels of resources in both releases, per property and language
    gone_or_new = set(changes.actors_added) | set(changes.actors_removed)
    for prop in LABELS:
        subjects = {s for s, p, _ in removed_triples | added_triples if p == prop} - gone_or_new
        for subject in sorted(subjects):
            before = {v for v in old.objects(subject, prop) if isinstance(v, Literal)}
            after = {v for v in new.objects(subject, prop) if isinstance(v, Literal)}
            for lang in sorted({v.language or "" for v in before | after}):
                was = sorted(v for v in before - after if (v.language or "") == lang)
                now = sorted(v for v in after - before if (v.language or "") == lang)
                if len(was) == 1 and len(now) == 1:
                    changes.labels_changed.append((subject, prop, was[0], now[0]))
                else:
                    changes.labels_removed += [(subject, prop, v) for v in was]
                    changes.labels_added += [(subject, prop, v) for v in now]
                explained_removed |= {(subject, prop, v) for v in was}
                explained_added |= {(subject, prop, v) for v in now}

    # other properties of actors in both releases
    for actor in sorted(old_actors & new_actors):
        props = {p for s, p, _ in removed_triples | added_triples if s == actor}
        props -= {*LABELS, ORG.memberOf}
        for prop in sorted(props):
            was = sorted(o for o in old.objects(actor, prop) if (actor, prop, o) not in new)
            now = sorted(o for o in new.objects(actor, prop) if (actor, prop, o) not in old)
            changes.actors_changed.append((actor, prop, was, now))
            explained_removed |= {(actor, prop, o) for o in was}
            explained_added |= {(actor, prop, o) for o in now}

    changes.other_removed = len(removed_triples - explained_removed)
    changes.other_added = len(added_triples - explained_added)
    return changes


def _name(changes: Changes, node: Node | None) -> str:
    if node is None:
        return "—"
    for graph in (changes.new, changes.old):
        for prop in (SKOS.altLabel, SKOS.prefLabel, FOAF.name, RDFS.label, DCTERMS.title):
            values = sorted(graph.objects(node, prop))
            for lang in ("fr", "en", None):
                for value in values:
                    if isinstance(value, Literal) and value.language == lang:
                        return str(value)
    return compact_iri(str(node), context(PUBLISH_PREFIXES))


def _kind(changes: Changes, actor: Node) -> str:
    for graph in (changes.new, changes.old):
        for concept in sorted(graph.objects(actor, ORG.classification)):
            if (concept, SKOS.inScheme, SCHEMES["kind"]) in graph:
                return f" [{_name(changes, concept)}]"
    return ""


def _membership(changes: Changes, m: Membership) -> str:
    text = f"{_name(changes, m.member)} → {_name(changes, m.organization)}"
    if m.role is not None:
        text += f", rôle {_name(changes, m.role)}"
    if m.since:
        text += f", depuis {m.since}"
    if m.until:
        text += f", jusqu'à {m.until}"
    return text


def _values(changes: Changes, values: list[Node]) -> str:
    if not values:
        return "—"
    return ", ".join(str(v) if isinstance(v, Literal) else _name(changes, v) for v in values)


def _label(changes: Changes, prop: Node, value: Literal) -> str:
    tag = f"@{value.language}" if value.language else ""
    return f"{compact_iri(str(prop), context(PUBLISH_PREFIXES))}{tag} « {value} »"


def format_changes(changes: Changes) -> str:
    """The changes as release notes: French, with the English names of the sections.

    Examples
    --------
    >>> print(format_changes(Changes()), end="")
    Aucun changement (no changes).
    """
    if not changes:
        return "Aucun changement (no changes).\n"
    prefixes = context(PUBLISH_PREFIXES)
    sections: list[tuple[str, list[str]]] = []
    sort = sorted

    def add(title: str, lines: list[str]) -> None:
        if lines:
            sections.append((f"{title} : {len(lines)}", sort(lines, key=fold)))

    add(
        "Unités ouvertes (units opened)",
        [f"+ {_name(changes, u)} <{u}>" for u in changes.units_opened],
    )
    add(
        "Unités fermées (units closed)",
        [f"− {_name(changes, u)}{f', le {d}' if d else ''} <{u}>" for u, d in changes.units_closed],
    )
    add(
        "Acteurs ajoutés (actors added)",
        [f"+ {_name(changes, a)}{_kind(changes, a)} <{a}>" for a in changes.actors_added],
    )
    add(
        "Acteurs retirés (actors removed)",
        [f"− {_name(changes, a)}{_kind(changes, a)} <{a}>" for a in changes.actors_removed],
    )
    add(
        "Acteurs modifiés (actors changed)",
        [
            f"~ {_name(changes, a)} : {compact_iri(str(p), prefixes)} : "
            f"{_values(changes, was)} → {_values(changes, now)}"
            for a, p, was, now in changes.actors_changed
        ],
    )
    add(
        "Adhésions ajoutées (memberships added)",
        [f"+ {_membership(changes, m)}" for m in changes.memberships_added],
    )
    add(
        "Adhésions retirées (memberships removed)",
        [f"− {_membership(changes, m)}" for m in changes.memberships_removed],
    )
    changed = []
    for was, now in changes.memberships_changed:
        parts = []
        for name, a, b in (
            ("membre", was.member, now.member),
            ("organisation", was.organization, now.organization),
            ("rôle", was.role, now.role),
            ("source", was.source, now.source),
        ):
            if a != b:
                parts.append(f"{name} {_name(changes, a)} → {_name(changes, b)}")
        for name, a, b in (("depuis", was.since, now.since), ("jusqu'à", was.until, now.until)):
            if a != b:
                parts.append(f"{name} {a or '—'} → {b or '—'}")
        changed.append(
            f"~ {_name(changes, now.member)} → {_name(changes, now.organization)} : "
            + " ; ".join(parts)
        )
    add("Adhésions modifiées (memberships changed)", changed)
    add(
        "Libellés ajoutés (labels added)",
        [f"+ {_name(changes, s)} : {_label(changes, p, v)}" for s, p, v in changes.labels_added],
    )
    add(
        "Libellés retirés (labels removed)",
        [f"− {_name(changes, s)} : {_label(changes, p, v)}" for s, p, v in changes.labels_removed],
    )
    add(
        "Libellés modifiés (labels changed)",
        [
            f"~ {_name(changes, s)} : {_label(changes, p, a)} → « {b} »"
            for s, p, a, b in changes.labels_changed
        ],
    )
    lines = []
    for title, items in sections:
        lines.append(title)
        lines += [f"  {item}" for item in items]
    if changes.other_added or changes.other_removed:
        lines.append(
            f"Autres déclarations (other statements) : +{changes.other_added} "
            f"−{changes.other_removed}"
        )
    return "\n".join(lines) + "\n"


def changeset(old: Graph, new: Graph) -> bytes:
    """The difference as TriG: the removed statements in one named graph, the added in another.

    Examples
    --------
    >>> from mes_graph.network import tiny_alliance
    >>> changeset(tiny_alliance(), tiny_alliance()).count(b"GRAPH") + 0
    0
    """
    dataset = Dataset()
    for triple in old:
        if triple not in new:
            dataset.graph(REMOVED).add(triple)
    for triple in new:
        if triple not in old:
            dataset.graph(ADDED).add(triple)
    return serialize(dataset, "trig")
