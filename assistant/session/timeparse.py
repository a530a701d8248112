"""Turns the session spans found in a jotting into ISO dates, minutes and HH:MM times.

The regular expressions live here so that the finder (session_finder.py) and the resolver
agree on what a date, a duration and a time range look like.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from spacy.tokens import Span

from ..note.structured import Session

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
# 11-20-26, 17.11.2026: with "-" or "." the year must be there, or "4-7" would read as a date
SEP_DATE = re.compile(
    r"(?<![\d/.:-])(?P<m>\d{1,2})(?P<sep>[-.])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?![\d]|[-./:]\d)"
)
MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?", re.IGNORECASE
)
# a two-digit year ("12 Nov 26", "25-Nov-26") unless a unit says it is a duration ("14 Oct 45 min")
_SHORT_YEAR = r"'?\d{2}(?![\d:'’]|\s*(?:minutes?|mins?|hours?|hrs?|h|m|x|%)(?![a-z]))"
DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+(?:of\s+)?|-){_MONTH}(?![a-z])"
    rf"(?:(?:,?\s+|-)(?P<y>(?:19|20)\d{{2}}\b|{_SHORT_YEAR}))?",
    re.IGNORECASE,
)
_UNIT_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
)
_TEEN_ORDINALS = (
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
)  # fmt: skip
ORDINAL_DAYS = {
    **{word: n for n, word in enumerate(_UNIT_ORDINALS + _TEEN_ORDINALS, start=1)},
    "twentieth": 20,
    **{f"twenty {word}": 20 + n for n, word in enumerate(_UNIT_ORDINALS, start=1)},
    "thirtieth": 30,
    "thirty first": 31,
}
# a day of the month said in words, as dictation writes it: "the twenty third"
_DAY_WORD = (
    "(?:"
    + "|".join(w.replace(" ", r"[\s-]") for w in sorted(ORDINAL_DAYS, key=len, reverse=True))
    + ")(?![a-z])"
)
_DAY = rf"(?P<d>\d{{1,2}}(?=(?:st|nd|rd|th)\b)|{_DAY_WORD})(?:st|nd|rd|th)?\b"
_WEEKDAY = r"(?P<wd>mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|urday|r|rs|n|e)?\.?"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY = re.compile(rf"\b{_WEEKDAY}(?![a-z])", re.IGNORECASE)
# "Fri 27th": a weekday and a day of the month; the month is the latest one that fits
WEEKDAY_DAY = re.compile(rf"\b{_WEEKDAY},?\s+(?:the\s+)?{_DAY}", re.IGNORECASE)
SPOKEN_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?:the\s+)?(?P<d>{_DAY_WORD})", re.IGNORECASE)
SPOKEN_DAY_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<d>{_DAY_WORD})\s+of\s+{_MONTH}(?![a-z])", re.IGNORECASE
)
# "on the 16th", "session the twenty third": the latest month with that day up to the reference
DAY_ONLY = re.compile(
    rf"\b(?:on|session|sess|visit|appt|appointment)\s+the\s+{_DAY}", re.IGNORECASE
)
RELATIVE_DATE = re.compile(r"\b(?P<rel>today|yesterday)\b", re.IGNORECASE)
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    ISO_DATE,
    MONTH_DAY,
    DAY_MONTH,
    SEP_DATE,
    NUM_DATE,
    WEEKDAY_DAY,
    DAY_ONLY,
    SPOKEN_MONTH_DAY,
    SPOKEN_DAY_MONTH,
    RELATIVE_DATE,
)
NUMERIC_DATES = (SEP_DATE, NUM_DATE)

_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|h|hr|m)"
# "1h20", "1 h 30", "1hr15": the minutes after the hours need no unit
HOURS_MINUTES = re.compile(
    r"(?<![\d:/.])(?P<hours>\d{1,2})\s*(?:hours?|hrs?|h)\s*(?P<num>[0-5]\d)"
    r"(?![\d/%]|[:.]\d|[a-z]|\s*(?:[ap]\.?m\b|x\b|times|nights?|days?|weeks?|years?))",
    re.IGNORECASE,
)
# "50'": the prime for minutes (the finder takes it only in a heading or after a date)
PRIME_MINUTES = re.compile(r"(?<![\d:/.'’′])(?P<num>\d{2,3})\s?(?P<unit>['’′])(?![\w'’′])")
# "hour-long", "an hour long": one hour
HOUR_LONG = re.compile(r"\b(?:(?:an?|one)\s+)?(?P<unit>hour)[\s-]long\b", re.IGNORECASE)
_FRACTION = {"1/2": 0.5, "½": 0.5, "1/4": 0.25, "¼": 0.25, "3/4": 0.75, "¾": 0.75}
DURATION = re.compile(
    r"(?<![\d:/.])(?:(?P<hours>\d{1,2})\s*(?:hours?|hrs?|h)\s*(?:and\s*)?(?=\d{1,2}\s*m))?"
    r"(?P<num>\d{1,3}(?:\.\d+)?)(?:\s*(?P<frac>½|¼|¾)|\s+(?P<frac2>[13]/[24]))?"
    r"(?P<half>\s+and\s+(?:a\s+half|a\s+quarter|three\s+quarters))?"
    rf"\s*(?P<hyphen>-\s*)?{_UNIT}(?![a-z])",
    re.IGNORECASE,
)
_UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "an": 1, "a": 1,
}  # fmt: skip
_TENS = r"twenty|thirty|fou?rty|fifty|sixty|seventy|eighty|ninety"
_ONES = r"one|two|three|four|five|six|seven|eight|nine"
_NUMBER_WORD = (
    rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES})(?![a-z]))?|{_ONES}|ten|eleven|twelve|fifteen|eighteen)"
)
# "an hour", "half an hour", "an hour and a half", "one and a half hours", "forty-five minutes"
WORD_HOUR = re.compile(
    r"\b(?P<num>half\s+an?|an?|" + _NUMBER_WORD + r")"
    r"(?P<half>\s+and\s+(?:a\s+half|a\s+quarter|three\s+quarters))?"
    r"[\s-]+(?P<unit>hours?|minutes?|mins?)\b"
    r"(?P<half2>\s+and\s+(?:a\s+half|a\s+quarter|three\s+quarters)\b)?",
    re.IGNORECASE,
)
_CLOCK = r"(?P<{h}>\d{{1,2}})(?::(?P<{m}>\d{{2}}))?\s*(?P<{ap}>[ap]\.?m\.?)?"
TIME_RANGE = re.compile(
    r"(?<![\d/.:])"
    + _CLOCK.format(h="h1", m="m1", ap="ap1")
    + r"\s*(?:-|–|—|to|until)\s*"
    + _CLOCK.format(h="h2", m="m2", ap="ap2")
    + r"(?![\d/])",
    re.IGNORECASE,
)


def parse_date(text: str, reference_date: dt.date, day_first: bool | None = None) -> dt.date | None:
    """Return the date a DATE mention names, or None when it is not a real date.

    A numeric date like 12/11 reads month-first unless one side cannot be a month, a weekday
    written with it ("Fri 13/11") fits only the other reading, or `day_first` says how the
    jotting writes its dates; left open, the reading that is not in the future wins.

    Args:
        text: the mention, e.g. "11/20", "17/11/2026", "Nov. 20th", "Fri 27th", "yesterday".
        reference_date: gives "today" and the year of dates written without one.
        day_first: True/False when other dates in the jotting settle the order, else None.
    Returns:
        The date, or None.
    """
    weekday = WEEKDAY.search(text)
    wanted = WEEKDAYS.index(weekday.group("wd")[:3].lower()) if weekday else None
    found = [m for m in (pattern.search(text) for pattern in DATE_PATTERNS) if m]
    # the longest reading first: "12 Nov 26" is 12 November 2026, not the "Nov 26" inside it
    for m in sorted(found, key=lambda m: m.start() - m.end()):
        groups = m.groupdict()
        if groups.get("rel"):
            delta = 1 if groups["rel"].lower() == "yesterday" else 0
            return reference_date - dt.timedelta(days=delta)
        if m.re is WEEKDAY_DAY or m.re is DAY_ONLY:
            return _day_of_recent_month(day_number(groups["d"]), wanted, reference_date)
        year = None
        if groups.get("y"):
            year = int(groups["y"].lstrip("'"))
            if year < 100:
                year += 2000
                if groups.get("mon") and not -1 <= year - reference_date.year <= 0:
                    continue  # "3 Nov 20" six years back: "Nov 20" without a year
        if groups.get("mon"):
            month = MONTHS[groups["mon"][:3].lower()]
            return _dated(year, month, day_number(groups["d"]), reference_date)
        first, second = int(groups["m"]), int(groups["d"])
        month_first = _dated(year, first, second, reference_date)
        day_first_reading = _dated(year, second, first, reference_date)
        return _pick(month_first, day_first_reading, wanted, day_first, reference_date)
    return None


def numeric_order(text: str) -> bool | None:
    """Whether a numeric date mention is surely day-first (True), month-first (False), or open."""
    for pattern in NUMERIC_DATES:
        m = pattern.search(text)
        if m:
            first, second = int(m.group("m")), int(m.group("d"))
            if 12 < first <= 31 and second <= 12:
                return True
            if first <= 12 < second <= 31:
                return False
            return None
    return None


def day_number(raw: str) -> int:
    """The day a date mention's day names: "16" -> 16, "twenty-third" -> 23."""
    if raw.isdigit():
        return int(raw)
    return ORDINAL_DAYS[" ".join(raw.lower().replace("-", " ").split())]


def _dated(year: int | None, month: int, day: int, reference_date: dt.date) -> dt.date | None:
    """The date, in the reference's year when none is written, or the year before when that
    would put it more than half a year after the reference ("Dec 28" written on 3 January)."""
    if year is not None:
        return _date(year, month, day)
    date = _date(reference_date.year, month, day)
    if date is not None and (date - reference_date).days > 183:
        return _date(reference_date.year - 1, month, day)
    return date


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick(
    month_first: dt.date | None,
    day_first_reading: dt.date | None,
    weekday: int | None,
    day_first: bool | None,
    reference_date: dt.date,
) -> dt.date | None:
    readings = [d for d in (month_first, day_first_reading) if d is not None]
    if len(readings) < 2 or month_first == day_first_reading:
        return readings[0] if readings else None
    if weekday is not None:
        fitting = [d for d in readings if d.weekday() == weekday]
        if len(fitting) == 1:
            return fitting[0]
    if day_first is not None:
        return day_first_reading if day_first else month_first
    if month_first > reference_date >= day_first_reading:
        return day_first_reading  # a note is written after its session
    return month_first


def _day_of_recent_month(day: int, weekday: int | None, reference_date: dt.date) -> dt.date | None:
    """The latest date on or before the reference with this day of month (and weekday, if given)."""
    year, month = reference_date.year, reference_date.month
    first_fit = None
    for _ in range(12):
        candidate = _date(year, month, day)
        if candidate is not None and candidate <= reference_date:
            if weekday is None or candidate.weekday() == weekday:
                return candidate
            first_fit = first_fit or candidate
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return first_fit


def parse_duration(text: str) -> int | None:
    """Return the minutes a DURATION mention states ("50 min", "1.5h", "an hour"), or None."""
    m = HOURS_MINUTES.search(text)
    if m:
        return int(m.group("hours")) * 60 + int(m.group("num")) or None
    m = PRIME_MINUTES.search(text)
    if m:
        return int(m.group("num")) if 1 <= int(m.group("num")) <= 24 * 60 else None
    m = DURATION.search(text) or WORD_HOUR.search(text)
    if not m:
        return 60 if HOUR_LONG.search(text) else None
    number = _number(m.group("num"))
    groups = m.groupdict()
    fraction = groups.get("frac") or groups.get("frac2")
    if fraction:
        number += _FRACTION[fraction]
    extra = (groups.get("half") or groups.get("half2") or "").split()
    if extra:  # "and a half", "and a quarter", "and three quarters"
        number += {"half": 0.5, "quarter": 0.25, "quarters": 0.75}[extra[-1].lower()]
    minutes = number * 60 if m.group("unit").lower().startswith("h") else number
    if m.groupdict().get("hours"):
        minutes += int(m.group("hours")) * 60  # "1 hr 15 min"
    value = round(minutes)
    return value if 1 <= value <= 24 * 60 else None


def _number(raw: str) -> float:
    """The value of "45", "1.5", "an", "half an", "forty-five"."""
    raw = " ".join(raw.lower().replace("-", " ").split())
    if raw.startswith("half"):
        return 0.5
    if raw[0].isdigit():
        return float(raw)
    return float(sum(_UNITS_WORDS[word] for word in raw.split()))


def _to_24h(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def parse_time_range(text: str) -> tuple[str, str, int] | None:
    """Return (start HH:MM, end HH:MM, minutes) of a TIME_RANGE mention like "2:00-2:50pm".

    A side without am/pm takes the reading that makes the session last between 1 minute and 5 hours;
    times without any marker before 8 o'clock are read as afternoon (clinic hours), unless the range
    is on a 24-hour clock ("23:40-00:25"); a range may run past midnight.
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
        # a 24-hour clock ("23:40-00:25") says so with an hour past 12 or a leading zero
        leading_zero = m.group("h1").startswith("0") or m.group("h2").startswith("0")
        clock24 = h1 > 12 or h2 > 12 or leading_zero
        if not clock24 and h1 < 8:
            h1 += 12
        if not clock24 and h2 < 8:
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
            minutes = (end - start) % (24 * 60)  # "11:45pm-12:30am" runs past midnight
            if 1 <= minutes <= 300:
                return _hhmm(start), _hhmm(end), minutes
    return None


def _hhmm(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def resolve_session(spans: Iterable[Span], reference_date: dt.date) -> Session:
    """Resolve DATE, DURATION and TIME_RANGE spans against the reference date.

    The finder puts the most session-like mention of each label first; the first that parses wins,
    except that a date after the reference loses to one on or before it. A stated duration wins
    over one computed from a time range.

    Args:
        spans: doc.spans["session"].
        reference_date: the day "today" means; it gives the year to dates without one.
    Returns:
        The session facts the jotting states; None for each it does not.
    """
    duration: int | None = None
    start = end = None
    range_minutes: int | None = None
    spans = list(spans)
    orders = {numeric_order(s.text) for s in spans if s.label_ == "DATE"} - {None}
    day_first = orders.pop() if len(orders) == 1 else None  # how this writer orders dates
    dates = [parse_date(s.text, reference_date, day_first) for s in spans if s.label_ == "DATE"]
    # the note is written after its session: a later date ("the 3rd of Dec") is coming up
    past = [d for d in dates if d is not None and d <= reference_date]
    date: dt.date | None = past[0] if past else next((d for d in dates if d is not None), None)
    for span in spans:
        if span.label_ == "DURATION" and duration is None:
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
