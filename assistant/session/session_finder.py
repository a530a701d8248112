"""assistant_session_finder: finds date, duration and time-range mentions (doc.spans["session"]).

Only mentions that read as the session's own are kept, best first per label: "24-hour delay",
"the last ten minutes", "2 hours a day" or "rated 3/10" are content, not session facts, and no
date is read inside a score the measure finder found ("sleep quality 3/10", "PHQ-9 = 4/27").
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import PatternRule
from ..resources import DataComponent, load_rules
from ..spans import OverlapTest
from .timeparse import (
    DATE_PATTERNS,
    DAY_ONLY,
    DURATION,
    HOUR_LONG,
    HOURS_MINUTES,
    NUMERIC_DATES,
    PRIME_MINUTES,
    RELATIVE_DATE,
    TIME_RANGE,
    WEEKDAY,
    WORD_HOUR,
    day_number,
)

NAME = "assistant_session_finder"

HEDGE = re.compile(
    r"(?:about|around|approx\.?|approximately|roughly|~|nearly|almost|c\.)\s*$", re.I
)
WEEKDAY_BEFORE = re.compile(WEEKDAY.pattern + r",?\s*$", re.IGNORECASE)
RATING = re.compile(r"^\d{1,2}/10$")  # "4/10": a 0-10 rating unless it heads the jotting
RANGE_BEFORE = re.compile(r"\d{1,3}\s*(?:-|–|to)\s*$")  # "every 2-3 min": judge "every"
RATING_DENOMINATORS = (10, 5, 4)
OPEN_QUOTE = re.compile(r"(?:^|[\s(\[])['\"‘“]")
CLOSE_QUOTE = re.compile(r"[^\s(\[]['\"’”](?=[\s.,;:!?)\]]|$)")


class SessionFinder(DataComponent):
    """Collects DATE, DURATION and TIME_RANGE spans, the most session-like first."""

    def __init__(self, nlp: Language, name: str, *, lead_window: int = 120) -> None:
        self.name = name
        self.lead_window = lead_window
        self.context: dict[str, list[re.Pattern[str]]] = {}

    def load(self, data: Path) -> None:
        """Load the context words of the session_context lexicon."""
        self.context = {}
        for rule in load_rules("session_context", PatternRule, data):
            self.context.setdefault(rule.label, []).append(rule.compile())

    def _any(self, label: str, text: str) -> bool:
        return any(p.search(text) for p in self.context.get(label, ()))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        lead = self.lead_window
        found: list[tuple[float, int, int, str]] = []
        measures = doc.spans["measures"] if "measures" in doc.spans else []
        found += self._dates(text, lead, OverlapTest((m.start_char, m.end_char) for m in measures))
        found += self._durations(text, lead)
        found += self._primes(text, lead)
        found += self._ranges(text, lead)
        taken: list[tuple[int, int]] = []
        spans: list[Span] = []
        # the best first; at one start the longer reading ("1h20" over "1h")
        for _score, start, end, label in sorted(found, key=lambda f: (-f[0], f[1], f[1] - f[2])):
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            taken.append((start, end))
            spans.append(span)
        doc.spans["session"] = spans
        return doc

    def _dates(
        self, text: str, lead: int, in_measure: OverlapTest
    ) -> list[tuple[float, int, int, str]]:
        out = []
        for rank, pattern in enumerate(DATE_PATTERNS):
            for m in pattern.finditer(text):
                before, after = (
                    text[max(0, m.start() - 20) : m.start()],
                    text[m.end() : m.end() + 20],
                )
                if not _plausible(m) or self._any("date_block_context", before + "\0" + after):
                    continue  # "Nov. 50", "next appt 12/13", "12/11? no - 11/12"
                fraction = pattern in NUMERIC_DATES and _fraction_shaped(m)
                rating = fraction and _rating_shaped(m) and self._any("rating_before", before)
                if pattern is RELATIVE_DATE:
                    score = 0.5
                else:
                    if pattern in NUMERIC_DATES and (
                        in_measure(m.start(), m.end())
                        or (fraction and self._any("date_block_after", after))
                        or (fraction and self._any("date_block_before", before))
                        or (RATING.match(m.group()) and m.start() >= lead)
                        or rating
                    ):
                        continue  # "4/7 days", "rated 3/10", "then 4/10", a score: no date
                    if pattern is DAY_ONLY and self._any("date_block_after", after):
                        continue  # "on the 3rd session"
                    score = 2.0 - rank * 0.1 + (0.15 if m.groupdict().get("y") else 0.0)
                if m.start() < lead:
                    score += 2
                start = m.start()
                weekday = WEEKDAY_BEFORE.search(before)
                if weekday and pattern is not RELATIVE_DATE:
                    start -= len(before) - weekday.start()  # "Fri 13/11": the weekday settles it
                out.append((score, start, m.end(), "DATE"))
        return out

    def _durations(self, text: str, lead: int) -> list[tuple[float, int, int, str]]:
        out = []
        heading_end = text.find("\n")
        for pattern in (HOURS_MINUTES, DURATION, WORD_HOUR, HOUR_LONG):
            for m in pattern.finditer(text):
                before, after = (
                    text[max(0, m.start() - 25) : m.start()],
                    text[m.end() : m.end() + 30],
                )
                before = RANGE_BEFORE.sub("", before)
                before = HEDGE.sub("", before)  # "about 35 minutes": judge the word before "about"
                next_words = " ".join(after.split()[:2])
                last_words = " ".join(before.split()[-2:])
                near_session = self._any("session_noun", next_words) or self._any(
                    "session_noun", last_words
                )
                if m.groupdict().get("unit") == "M":
                    continue  # "41M": age and sex, not 41 minutes
                hyphenated = pattern is DURATION and m.group("hyphen")
                if hyphenated and not self._any("session_noun", next_words):
                    continue  # "24-hour delay", "5-minute walk"
                if self._any("duration_block_after", after) and not near_session:
                    continue
                if self._any("duration_block_before", before) and not (
                    near_session and m.start() < lead
                ):
                    continue
                opening = m.start() < lead and self._any(
                    "session_verb", _sentence_before(text, m.start())
                )
                if self._any("duration_weak_before", before) and not opening:
                    continue  # "cried for 20 min"; "Saw X on Tuesday for 50 minutes" opens a note
                score = (2.0 if m.start() < lead else 0.0) + (2.0 if near_session else 0.0)
                if score >= 2.0:
                    if m.start() < heading_end:
                        score += 1.0  # the heading's "20-min slot" over "every 10 min" below it
                    out.append((score, m.start(), m.end(), "DURATION"))
        return out

    def _primes(self, text: str, lead: int) -> list[tuple[float, int, int, str]]:
        """ "50'" at a line's start, after a date or in the heading; never inside quoted speech."""
        out = []
        for m in PRIME_MINUTES.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_before = text[line_start : m.start()]
            if len(OPEN_QUOTE.findall(line_before)) > len(CLOSE_QUOTE.findall(line_before)):
                continue  # she said 'I only lasted 20'
            if self._any("duration_block_before", line_before) or self._any(
                "duration_block_after", text[m.end() : m.end() + 30]
            ):
                continue  # "ran 40'", "a 5' walk"
            heading = line_start == 0 and "\n" in text and m.start() < lead
            if heading or not line_before.strip() or _ends_with_date(line_before):
                out.append((4.0 if m.start() < lead else 2.0, m.start(), m.end(), "DURATION"))
        return out

    def _ranges(self, text: str, lead: int) -> list[tuple[float, int, int, str]]:
        out = []
        for m in TIME_RANGE.finditer(text):
            if not (m.group("m1") or m.group("m2") or m.group("ap1") or m.group("ap2")):
                continue  # "0-10", "4-7-8": no clock in sight
            if self._any("time_block_before", text[max(0, m.start() - 20) : m.start()]):
                continue
            score = 3.0 if m.start() < lead else 1.5
            out.append((score, m.start(), m.end(), "TIME_RANGE"))
        return out


def _sentence_before(text: str, start: int) -> str:
    """The words of start's own sentence that come before it."""
    before = text[max(0, start - 80) : start]
    ends = list(re.finditer(r"[.!?;\n](?:\s|$)", before))
    return before[ends[-1].end() :] if ends else before


def _ends_with_date(text: str) -> bool:
    """Whether text ends with a date and at most separators ("11/16 ", "19/11/2026, ")."""
    tail = text[-24:]
    return any(
        not tail[m.end() :].strip(" ,;:|-–—")
        for pattern in DATE_PATTERNS
        for m in pattern.finditer(tail)
    )


def _fraction_shaped(m: re.Match[str]) -> bool:
    """Whether a numeric date could be a score or count ("4/7", "3/10"): no year, top <= bottom."""
    groups = m.groupdict()
    return not groups.get("y") and int(groups["m"]) <= int(groups["d"])


def _rating_shaped(m: re.Match[str]) -> bool:
    """Whether a numeric date reads as a rating out of 10, 5 or 4."""
    return int(m.group("d")) in RATING_DENOMINATORS


def _plausible(m: re.Match[str]) -> bool:
    """Whether a date match names a day 1-31 (and a month 1-12 when numeric either way round)."""
    groups = m.groupdict()
    if groups.get("d") is None:
        return True
    day = day_number(groups["d"])
    if groups.get("m") is not None:
        first = int(groups["m"])
        return 1 <= min(first, day) <= 12 and 1 <= max(first, day) <= 31
    return 1 <= day <= 31


# lead_window: characters; mentions this close to the start read as the session header
@Language.factory(
    NAME,
    requires=["span._.measure"],
    assigns=["doc.spans"],
    default_config={"lead_window": 120},
)
def make_session_finder(nlp: Language, name: str, lead_window: int) -> SessionFinder:
    return SessionFinder(nlp, name, lead_window=lead_window)
