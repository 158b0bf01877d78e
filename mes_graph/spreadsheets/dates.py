"""Dates: as people write them in a cell, and as the graph holds a membership's period.

Takes a cell (``2002``, ``03/2002``, ``mars 2002``, ``14/03/2002``…) and gives a typed
literal (``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:date``) and the days it may mean; takes
a graph and a membership and gives its dated interval (``org:memberDuring``, OWL-Time
instants) and the triples that carry it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from rdflib import Graph, Literal
from rdflib.term import Node

from mes_graph.actors import fold
from mes_graph.base.terms import ORG, RDF, TIME, XSD

__all__ = [
    "DATE_PROPERTIES",
    "INSTANT_DATES",
    "MONTHS",
    "date_bounds",
    "membership_period",
    "parse_date",
    "period_triples",
]

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1, "fevrier": 2, "fevr": 2, "fev": 2,
    "february": 2, "feb": 2, "mars": 3, "mar": 3, "march": 3, "avril": 4, "avr": 4,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juin": 6, "june": 6, "jun": 6, "juillet": 7,
    "juil": 7, "july": 7, "jul": 7, "aout": 8, "august": 8, "aug": 8, "septembre": 9,
    "sept": 9, "sep": 9, "september": 9, "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11, "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
"""Month names and abbreviations, French and English, folded."""

INSTANT_DATES = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)
"""The properties that date an OWL-Time instant, at each precision."""

DATE_PROPERTIES = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth,
                   XSD.gYear: TIME.inXSDgYear}  # fmt: skip
"""The datatype of a date -> the property that dates an instant with it."""


def parse_date(text: str) -> Literal:
    """Read a date as people write it: a year, a month and year, or a day.

    Parameters
    ----------
    text : str
        ``2002``, ``03/2002``, ``mars 2002``, ``2002-03``, ``14/03/2002``, ``1er mars
        2002``, ``2002-03-14``…

    Returns
    -------
    rdflib.Literal
        Typed ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    Raises
    ------
    ValueError
        ``date impossible`` (a 13th month, the 31st of February) or ``pas une date``.

    Examples
    --------
    >>> [str(parse_date(t)) for t in ("03/2002", "Mars 2002", "2002-03", "2002")]
    ['2002-03', '2002-03', '2002-03', '2002']
    >>> parse_date("14/03/2002").datatype == XSD.date, str(parse_date("1er févr. 2002"))
    (True, '2002-02-01')
    >>> parse_date("31/02/2002")
    Traceback (most recent call last):
    ...
    ValueError: date impossible
    """
    tokens = fold(text).split()
    if tokens and tokens[0] in ("1er", "1re"):
        tokens[0] = "1"
    years = [i for i, t in enumerate(tokens) if len(t) == 4 and t.isdigit()]
    if len(years) != 1 or not 1 <= len(tokens) <= 3 or years[0] not in (0, len(tokens) - 1):
        raise ValueError("pas une date")
    year = int(tokens[years[0]])
    rest = tokens[1:] if years[0] == 0 else tokens[:-1]
    if years[0] == len(tokens) - 1:
        rest = rest[::-1]  # day month year -> month, day
    numbers: list[int] = []
    for position, token in enumerate(rest):
        if position == 0 and token in MONTHS:
            numbers.append(MONTHS[token])
        elif token.isdigit() and len(token) <= 2:
            numbers.append(int(token))
        else:
            raise ValueError("pas une date")
    if not 1 <= year <= 9999:
        raise ValueError("date impossible")
    if not numbers:
        return Literal(f"{year:04d}", datatype=XSD.gYear)
    month = numbers[0]
    if not 1 <= month <= 12:
        raise ValueError("date impossible")
    if len(numbers) == 1:
        return Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)
    day = numbers[1]
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError("date impossible")
    return Literal(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD.date)


def date_bounds(date: Literal) -> tuple[dt.date, dt.date]:
    """The first and last day a typed date may mean.

    Examples
    --------
    >>> [str(day) for day in date_bounds(parse_date("02/2004"))]
    ['2004-02-01', '2004-02-29']
    """
    parts = [int(p) for p in str(date).split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    first_month, last_month = (parts[1], parts[1]) if len(parts) == 2 else (1, 12)
    last_day = calendar.monthrange(parts[0], last_month)[1]
    return dt.date(parts[0], first_month, 1), dt.date(parts[0], last_month, last_day)


def membership_period(
    graph: Graph, membership: Node
) -> tuple[Node, Literal | None, Literal | None] | None:
    """A membership's interval with its dated beginning and end, if it is only dated.

    Parameters
    ----------
    graph : rdflib.Graph
    membership : rdflib term
        An ``org:Membership``.

    Returns
    -------
    (interval, beginning, end) or None
        None when the membership has no interval, when neither end is dated, or when an
        end has not one date.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> m, i, b = URIRef("urn:m"), URIRef("urn:i"), URIRef("urn:b")
    >>> g = Graph()
    >>> g += [(m, ORG.memberDuring, i), (i, TIME.hasBeginning, b),
    ...       (b, TIME.inXSDgYear, Literal("2002", datatype=XSD.gYear))]
    >>> interval, start, end = membership_period(g, URIRef("urn:m"))
    >>> str(interval), str(start), end
    ('urn:i', '2002', None)
    """
    interval = graph.value(membership, ORG.memberDuring)
    if interval is None:
        return None
    ends: list[Literal | None] = []
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        instant = graph.value(interval, prop)
        if instant is None:
            ends.append(None)
            continue
        dates = [d for p in INSTANT_DATES for d in graph.objects(instant, p)]
        if len(dates) != 1:
            return None
        ends.append(dates[0])
    if ends == [None, None]:
        return None
    return interval, ends[0], ends[1]


def period_triples(graph: Graph, interval: Node) -> list[tuple[Node, Node, Node]]:
    """The triples of a dated interval that the tables carry: types, ends, dates.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> g = Graph().parse(data="@prefix time: <http://www.w3.org/2006/time#> . "
    ...     "<urn:i> time:hasBeginning <urn:b> . <urn:b> time:inXSDgYear '2002' .", format="ttl")
    >>> len(period_triples(g, URIRef("urn:i")))
    4
    """
    triples: list[tuple[Node, Node, Node]] = [(interval, RDF.type, TIME.Interval)]
    for prop in (TIME.hasBeginning, TIME.hasEnd):
        for instant in graph.objects(interval, prop):
            triples += [(interval, prop, instant), (instant, RDF.type, TIME.Instant)]
            triples += [(instant, p, d) for p in INSTANT_DATES for d in graph.objects(instant, p)]
    return triples
