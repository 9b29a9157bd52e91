"""Normalise the dates found in articles to ISO 'YYYY-MM-DD' (or 'YYYY-MM', 'YYYY').

Pages and clips give dates as ``2025-07-24T22:42:04.337Z``, ``July 24, 2025``,
``24 July 2025``, ``Jul. 24, 2025 at 6:01 am`` or ``2025/07/24``. A cite wants the calendar
date only, so these become ``2025-07-24``; a value we cannot read as a real date is kept as
written (trimmed), because a date the user can see and fix beats one silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re

MAX_DATE_TEXT = 200  # longer values are sentences, not dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})\b.*")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_MONTH_FIRST = re.compile(
    rf"(?:\w+,?\s+)?{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_DAY_FIRST = re.compile(
    rf"(?:\w+,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE
)


def iso_date(value: str) -> str:
    """``value`` as an ISO date when it reads as one, else the value as written (trimmed)."""
    value = " ".join(value.split())
    if not value or len(value) > MAX_DATE_TEXT:
        return value  # not a date: kept as written, for the library's length check to judge
    found = find_date(value, anchored=True)
    if found:
        return found
    for pattern in (_YEAR_MONTH, _YEAR):
        if pattern.fullmatch(value):
            return value
    return value


def find_date(text: str, anchored: bool = False) -> str:
    """The first full date in ``text`` as 'YYYY-MM-DD', or "" (``anchored``: at its start)."""
    text = text[:MAX_DATE_TEXT]
    for pattern, order in (
        (_ISO, (1, 2, 3)),
        (_COMPACT, (1, 2, 3)),
        (_SLASHED, (1, 2, 3)),
        (_MONTH_FIRST, (3, 1, 2)),
        (_DAY_FIRST, (3, 2, 1)),
    ):
        if pattern is _COMPACT and not anchored:
            continue  # eight digits inside a sentence are an ID or a number, not a date
        match = pattern.match(text) if anchored else pattern.search(text)
        if match:
            year, month, day = (match.group(index) for index in order)
            iso = _checked(year, month, day)
            if iso:
                return iso
    return ""


def _checked(year: str, month: str, day: str) -> str:
    number = _MONTHS.get(month.lower().rstrip("."), 0) if not month.isdigit() else int(month)
    try:
        return dt.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return ""
