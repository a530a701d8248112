"""Turns the session spans found in a jotting into ISO dates, minutes and HH:MM times.

The regular expressions live here so that the finder (components/session.py) and the resolver
agree on what a date, a duration and a time range look like.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Span

from .note import Session

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
NUM_DATE = re.compile(
    r"(?<![\d/.:-])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/]|:\d)"
)
MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?", re.IGNORECASE
)
DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?![a-z])(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?",
    re.IGNORECASE,
)
RELATIVE_DATE = re.compile(r"\b(?P<rel>today|yesterday)\b", re.IGNORECASE)
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    ISO_DATE,
    MONTH_DAY,
    DAY_MONTH,
    NUM_DATE,
    RELATIVE_DATE,
)

_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|h|hr|m)"
DURATION = re.compile(
    r"(?<![\d:/.])(?:(?P<hours>\d{1,2})\s*(?:hours?|hrs?|h)\s*(?:and\s*)?(?=\d{1,2}\s*m))?"
    rf"(?P<num>\d{{1,3}}(?:\.\d+)?)\s*(?P<hyphen>-\s*)?{_UNIT}(?![a-z])",
    re.IGNORECASE,
)
WORD_HOUR = re.compile(r"\b(?P<num>an|one|half an?|a half)[\s-]+(?P<unit>hour)\b", re.IGNORECASE)
_CLOCK = r"(?P<{h}>\d{{1,2}})(?::(?P<{m}>\d{{2}}))?\s*(?P<{ap}>[ap]\.?m\.?)?"
TIME_RANGE = re.compile(
    r"(?<![\d/.:])"
    + _CLOCK.format(h="h1", m="m1", ap="ap1")
    + r"\s*(?:-|–|—|to|until)\s*"
    + _CLOCK.format(h="h2", m="m2", ap="ap2")
    + r"(?![\d/])",
    re.IGNORECASE,
)


def parse_date(text: str, reference_date: dt.date) -> dt.date | None:
    """Return the date a DATE mention names, or None when it is not a real date.

    Args:
        text: the mention, e.g. "11/20", "Nov. 20th", "2026-11-20", "yesterday".
        reference_date: gives "today" and the year of dates written without one.
    Returns:
        The date, or None.
    """
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("rel"):
            delta = 1 if groups["rel"].lower() == "yesterday" else 0
            return reference_date - dt.timedelta(days=delta)
        month = MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
        year = reference_date.year
        if groups.get("y"):
            year = int(groups["y"])
            if year < 100:
                year += 2000
        try:
            return dt.date(year, month, int(groups["d"]))
        except ValueError:
            return None
    return None


def parse_duration(text: str) -> int | None:
    """Return the minutes a DURATION mention states ("50 min", "1.5h", "an hour"), or None."""
    m = DURATION.search(text) or WORD_HOUR.search(text)
    if not m:
        return None
    raw = m.group("num").lower()
    words = {"an": 1.0, "one": 1.0, "half an": 0.5, "half a": 0.5, "a half": 0.5}
    number = words[raw] if raw in words else float(raw)
    minutes = number * 60 if m.group("unit").lower().startswith("h") else number
    if m.groupdict().get("hours"):
        minutes += int(m.group("hours")) * 60  # "1 hr 15 min"
    value = round(minutes)
    return value if 1 <= value <= 24 * 60 else None


def _to_24h(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def parse_time_range(text: str) -> tuple[str, str, int] | None:
    """Return (start HH:MM, end HH:MM, minutes) of a TIME_RANGE mention like "2:00-2:50pm".

    A side without am/pm takes the reading that makes the session last between 1 minute and 5 hours;
    times without any marker before 8 o'clock are read as afternoon (clinic hours).
    """
    m = TIME_RANGE.search(text)
    if not m:
        return None
    h1, h2 = int(m.group("h1")), int(m.group("h2"))
    m1, m2 = int(m.group("m1") or 0), int(m.group("m2") or 0)
    ap1, ap2 = m.group("ap1"), m.group("ap2")
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    if not ap1 and not ap2:
        if h1 < 8 and h1 <= 12:
            h1 += 12
        if h2 < 8:
            h2 += 12
        ends = [h2 * 60 + m2]
        starts = [h1 * 60 + m1]
    else:
        ends = [_to_24h(h2, ap2 or ap1) * 60 + m2] if (ap2 or ap1) else []
        if ap1:
            starts = [_to_24h(h1, ap1) * 60 + m1]
        else:
            starts = [(h1 % 12) * 60 + m1, ((h1 % 12) + 12) * 60 + m1]
    for end in ends:
        for start in starts:
            minutes = end - start
            if 1 <= minutes <= 300:
                return _hhmm(start), _hhmm(end), minutes
    return None


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def resolve_session(spans: Iterable[Span], reference_date: dt.date) -> Session:
    """Resolve DATE, DURATION and TIME_RANGE spans against the reference date.

    The finder puts the most session-like mention of each label first; the first that parses wins.
    A stated duration wins over one computed from a time range.

    Args:
        spans: doc.spans["session"].
        reference_date: the day "today" means; it gives the year to dates without one.
    Returns:
        The session facts the jotting states; None for each it does not.
    """
    date: dt.date | None = None
    duration: int | None = None
    start = end = None
    range_minutes: int | None = None
    for span in spans:
        if span.label_ == "DATE" and date is None:
            date = parse_date(span.text, reference_date)
        elif span.label_ == "DURATION" and duration is None:
            duration = parse_duration(span.text)
        elif span.label_ == "TIME_RANGE" and start is None:
            parsed = parse_time_range(span.text)
            if parsed:
                start, end, range_minutes = parsed
    return Session(
        date=date.isoformat() if date else None,
        duration_minutes=duration if duration is not None else range_minutes,
        start_time=start,
        end_time=end,
    )
