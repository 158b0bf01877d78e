"""The XSD datatypes of RDF literals: lexical spaces, value ranges, SPARQL's order."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

XSD_NS = "http://www.w3.org/2001/XMLSchema#"

_YEAR = r"-?(?:[1-9]\d{3,}|0\d{3})"
_MONTH, _DAY = r"(?:0[1-9]|1[0-2])", r"(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?|24:00:00(?:\.0+)?"
_TZ = r"(?P<tz>Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))"
#: the date and time types: their lexical form, the named parts
_TEMPORAL = {
    name: re.compile(
        pattern.replace("TZ", _TZ + ("" if name == "dateTimeStamp" else "?")), re.ASCII
    )
    for name, pattern in {
        "dateTime": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T(?P<t>{_TIME})TZ",
        "dateTimeStamp": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T(?P<t>{_TIME})TZ",
        "date": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})TZ",
        "time": rf"(?P<t>{_TIME})TZ",
        "gYear": rf"(?P<y>{_YEAR})TZ",
        "gYearMonth": rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})TZ",
        "gMonth": rf"--(?P<m>{_MONTH})TZ",
        "gDay": rf"---(?P<d>{_DAY})TZ",
        "gMonthDay": rf"--(?P<m>{_MONTH})-(?P<d>{_DAY})TZ",
    }.items()
}
#: the integer types and their value ranges
_INTEGERS = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_B64 = r"[A-Za-z0-9+/]"
_CLOCK = r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?"
_UNICODE = {"string", "normalizedString", "token", "NMTOKEN", "Name", "NCName"}
#: the lexical spaces of the other XSD types checked here (digits are ASCII digits)
_LEXICAL = {
    name: re.compile(pattern, 0 if name in _UNICODE else re.ASCII)
    for name, pattern in {
        "decimal": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)",
        "float": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN",
        "double": r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN",
        "boolean": r"true|false|1|0",
        "string": r"[^\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]*",
        "normalizedString": r"[^\t\n\r]*",
        "token": r"(?:[^\t\n\r ](?:[^\t\n\r ]| (?! ))*[^\t\n\r ]|[^\t\n\r ])?",
        "language": r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*",
        "NMTOKEN": r"[\w.:-]+",
        "Name": r"[^\W\d.-][\w.:-]*",
        "NCName": r"[^\W\d.-][\w.-]*",
        "hexBinary": r"(?:[0-9a-fA-F]{2})*",
        "base64Binary": rf"(?:(?:{_B64} ?){{4}})*(?:(?:{_B64} ?){{3}}{_B64}"
        rf"|(?:{_B64} ?){{2}}[AEIMQUYcgkosw048] ?=|{_B64} ?[AQgw] ?= ?=)?",
        "duration": r"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?" + _CLOCK,
        "dayTimeDuration": r"-?P(?=\d|T\d)(?:\d+D)?" + _CLOCK,
        "yearMonthDuration": r"-?P(?=\d)(?:\d+Y)?(?:\d+M)?",
    }.items()
}
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)


def well_formed(literal: ox.Literal) -> bool:
    """Whether a literal's text is in the lexical space of its XSD datatype (and, for
    an integer type, its value in the type's range); other datatypes are taken as valid.

    Examples
    --------
    >>> byte = ox.NamedNode(XSD_NS + "byte")
    >>> [well_formed(ox.Literal(text, datatype=byte)) for text in ("5", "300", "c")]
    [True, False, False]
    >>> well_formed(ox.Literal("2023-02-29", datatype=ox.NamedNode(XSD_NS + "date")))
    False
    """
    datatype = literal.datatype.value
    if not datatype.startswith(XSD_NS):
        return True
    local = datatype[len(XSD_NS) :]
    if local in _INTEGERS:
        if not _INTEGER.fullmatch(literal.value):
            return False
        low, high = _INTEGERS[local]
        number = int(literal.value)
        return (low is None or number >= low) and (high is None or number <= high)
    if local in _TEMPORAL:
        return _instant(local, literal.value) is not None
    pattern = _LEXICAL.get(local)
    return pattern is None or pattern.fullmatch(literal.value) is not None


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar, any year."""
    year -= month <= 2
    era, yoe = divmod(year, 400)
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def _instant(local: str, text: str) -> tuple[Decimal, bool] | None:
    """A date or time as seconds (UTC when it has a time zone) and whether it has one;
    None when the text is not of the type."""
    match = _TEMPORAL[local].fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    year = int(parts.get("y") or 2000)  # a leap year, for --02-29
    month, day = int(parts.get("m") or 1), int(parts.get("d") or 1)
    if day > _days_in_month(year, month):
        return None
    seconds = Decimal(_days(year, month, day) * 86400)
    if parts.get("t"):
        hours, minutes, secs = parts["t"].split(":")
        seconds += int(hours) * 3600 + int(minutes) * 60 + Decimal(secs)
    zone = parts["tz"]
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds, zone is not None


_FAMILIES = {"dateTimeStamp": "dateTime"}


def _sortable(term: Any) -> tuple[str, Any] | None:
    """A literal as (family, value) for SPARQL's ordering; None when it has none."""
    if not isinstance(term, ox.Literal) or term.language:
        return None
    datatype = term.datatype.value
    local = datatype[len(XSD_NS) :] if datatype.startswith(XSD_NS) else None
    if local is None or not well_formed(term):
        return None
    text = term.value
    try:
        if local in _INTEGERS or local == "decimal":
            return "number", Decimal(text)
        if local in ("float", "double"):
            return "number", float(text)
    except (InvalidOperation, ValueError):
        return None
    if local == "string":
        return "string", text
    if local == "boolean":
        return "boolean", text in ("true", "1")
    if local in _TEMPORAL:
        return _FAMILIES.get(local, local), _instant(local, text)
    return None


def compare(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 as SPARQL orders two literals; None when they do not compare.

    A date or time without a time zone is compared with one that has one as XSD says:
    only when they are more than 14 hours apart.

    Examples
    --------
    >>> integer = ox.NamedNode(XSD_NS + "integer")
    >>> compare(ox.Literal("01", datatype=integer), ox.Literal("2.5e0",
    ...          datatype=ox.NamedNode(XSD_NS + "double")))
    -1
    >>> compare(ox.Literal("1", datatype=integer), ox.Literal("1")) is None
    True
    """
    ka, kb = _sortable(a), _sortable(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return None
    x, y = ka[1], kb[1]
    if ka[0] in ("number", "string", "boolean"):
        if x != x or y != y:  # NaN
            return None
        return (x > y) - (x < y)
    (x, x_zone), (y, y_zone) = x, y
    if x_zone == y_zone:
        return (x > y) - (x < y)
    margin = 14 * 3600  # the local one may be in any zone from -14:00 to +14:00
    if x_zone:
        y_low, y_high = y - margin, y + margin
        return -1 if x < y_low else 1 if x > y_high else None
    return -1 if x + margin < y else 1 if x - margin > y else None
