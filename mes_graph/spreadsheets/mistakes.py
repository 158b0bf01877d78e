"""The mistakes of a spreadsheet and their French messages.

Takes where a mistake is (file, line, column) and what it is; gives it as a person reads
it, ``adhesions.csv, ligne 14, colonne « role » : « Membr » inconnu — vouliez-vous dire
« Membre » ?``, the whole list sorted with its count, and the messages more than one
check gives: an unknown value and the known ones closest to it, an impossible date, an
identifier that is not one, an empty required cell, a name of several actors.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mes_graph.actors import fold

__all__ = [
    "Mistake",
    "date_message",
    "format_errors",
    "not_an_identifier",
    "required_cell",
    "several_actors",
    "suggestions",
    "unknown",
]


@dataclass(frozen=True, order=True)
class Mistake:
    """A mistake in a spreadsheet: file, line (the header is line 1), column, message.

    Examples
    --------
    >>> print(Mistake("adhesions.csv", 14, 3, "région", "« Bretange » inconnue"))
    adhesions.csv, ligne 14, colonne « région » : « Bretange » inconnue
    >>> print(Mistake("acteurs.csv", message="fichier vide"))
    acteurs.csv : fichier vide
    """

    file: str
    line: int = 0
    position: int = -1
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        return f"{self.location()} : {self.message}"

    def location(self, with_file: bool = True) -> str:
        """Where the mistake is: ``file, ligne N, colonne « c »``."""
        parts = [self.file] if with_file else []
        if self.line:
            parts.append(f"ligne {self.line}")
        if self.column:
            parts.append(f"colonne « {self.column} »")
        return ", ".join(parts)

    def moved(self, lines: int) -> Mistake:
        """The same mistake ``lines`` lines further down."""
        return dataclasses.replace(self, line=self.line + lines)


def format_errors(mistakes: Iterable[Mistake]) -> str:
    """The mistakes as text, one per line, sorted by file and line, with a count.

    Parameters
    ----------
    mistakes : iterable of Mistake

    Returns
    -------
    str
        One line per mistake, then the count and « rien n'a été écrit ».

    Examples
    --------
    >>> print(format_errors([Mistake("b.csv", 3, message="y"), Mistake("a.csv", 9, message="x")]))
    a.csv, ligne 9 : x
    b.csv, ligne 3 : y
    2 erreurs : rien n'a été écrit.
    """
    lines = [str(m) for m in sorted(mistakes)]
    count = len(lines)
    lines.append(f"{count} erreur{'s' if count > 1 else ''} : rien n'a été écrit.")
    return "\n".join(lines)


def suggestions(value: str, keys: Mapping[str, Any], label: Callable[[Any], str]) -> list[str]:
    """The labels of the keys closest to a value: the best, and any nearly as close.

    Parameters
    ----------
    value : str
        What the cell says.
    keys : mapping
        Folded key -> the nodes it names.
    label : callable
        A node's label, as the message shows it.

    Returns
    -------
    list of str
        At most three labels, the closest first (none under a similarity of 0.6).

    Examples
    --------
    >>> suggestions("Bretange", {"bretagne": {"53"}, "corse": {"94"}}, {"53": "Bretagne"}.get)
    ['Bretagne']
    """
    key = fold(value)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored = []
    for candidate in keys:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            ratio = matcher.ratio()
            if ratio >= 0.6:
                scored.append((-ratio, candidate))
    scored.sort()
    found: list[str] = []
    for score, candidate in scored:
        if -score < -scored[0][0] - 0.05:
            break
        for node in sorted(keys[candidate]):
            name = label(node)
            if name not in found:
                found.append(name)
    return found[:3]


def unknown(what: str, value: str, near: Sequence[str], feminine: bool) -> str:
    """« {what}« value » inconnu(e) », and the suggestions, if any.

    Examples
    --------
    >>> unknown("acteur ", "Ripes", ["RIPESS"], False)
    'acteur « Ripes » inconnu — vouliez-vous dire « RIPESS » ?'
    """
    text = f"{what}« {value} » inconnu{'e' if feminine else ''}"
    if near:
        return text + " — vouliez-vous dire " + " ou ".join(f"« {s} »" for s in near) + " ?"
    return text


def date_message(value: str, why: Exception) -> str:
    """The message of a date cell ``parse_date`` refused with ``why``.

    Examples
    --------
    >>> date_message("31/02/2010", ValueError("date impossible"))
    '« 31/02/2010 » est une date impossible'
    """
    if str(why) == "date impossible":
        return f"« {value} » est une date impossible"
    return (f"« {value} » n'est pas une date — écrivez par exemple 2002, 03/2002, mars 2002, "
            "2002-03 ou 14/03/2002")  # fmt: skip


def not_an_identifier(value: str, example: str | None = None) -> str:
    """The message of an identifier cell that is not one, with an example if given.

    Examples
    --------
    >>> not_an_identifier("Mon Réseau", "mon-reseau")
    "« Mon Réseau » n'est pas un identifiant : lettres minuscules sans accents, chiffres et tirets, par exemple « mon-reseau »"
    """  # noqa: E501
    text = (f"« {value} » n'est pas un identifiant : lettres minuscules sans accents, chiffres "
            "et tirets")  # fmt: skip
    return f"{text}, par exemple « {example} »" if example else text


def required_cell(what: str) -> str:
    """The message of an empty cell that may not be: ``what`` is « le nom », « l'organisation »…

    Examples
    --------
    >>> required_cell("le nom")
    'cellule vide — le nom est obligatoire'
    """
    return f"cellule vide — {what} est obligatoire"


def several_actors(value: str, names: str) -> str:
    """The message of a cell naming several actors, ``names`` being them.

    Examples
    --------
    >>> several_actors("RB", "« Réseau Breton » (rb), « Rail Bleu » (rb-2)")
    '« RB » désigne plusieurs acteurs : « Réseau Breton » (rb), « Rail Bleu » (rb-2) — écrivez son identifiant'
    """  # noqa: E501
    return f"« {value} » désigne plusieurs acteurs : {names} — écrivez son identifiant"
