"""assistant_session: finds date, duration and time-range mentions (doc.spans["session"]).

Only mentions that read as the session's own are kept, best first per label: "24-hour delay",
"the last ten minutes", "2 hours a day" or "rated 3/10" are content, not session facts.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import PatternRule
from ..resources import load_rules
from ..timeparse import DATE_PATTERNS, DURATION, NUM_DATE, RELATIVE_DATE, TIME_RANGE, WORD_HOUR

HEDGE = re.compile(
    r"(?:about|around|approx\.?|approximately|roughly|~|nearly|almost|c\.)\s*$", re.I
)
LEAD_WINDOW = 120  # characters: mentions this close to the start read as the session header


class SessionFinder:
    """Collects DATE, DURATION and TIME_RANGE spans, the most session-like first."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.context: dict[str, list[re.Pattern[str]]] = {}

    def initialize(self, *, models: Path) -> None:
        """Load the context words from models/lexicons/session_context.jsonl."""
        self.context = {}
        for rule in load_rules("session_context", PatternRule, models):
            self.context.setdefault(rule.label, []).append(rule.compile())

    def _any(self, label: str, text: str) -> bool:
        return any(p.search(text) for p in self.context.get(label, ()))

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        lead = LEAD_WINDOW
        found: list[tuple[float, int, int, str]] = []
        found += self._dates(text, lead)
        found += self._durations(text, lead)
        found += self._ranges(text, lead)
        taken: list[tuple[int, int]] = []
        spans: list[Span] = []
        for _score, start, end, label in sorted(found, key=lambda f: (-f[0], f[1])):
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            taken.append((start, end))
            spans.append(span)
        doc.spans["session"] = spans
        return doc

    def _dates(self, text: str, lead: int) -> list[tuple[float, int, int, str]]:
        out = []
        for rank, pattern in enumerate(DATE_PATTERNS):
            for m in pattern.finditer(text):
                before, after = (
                    text[max(0, m.start() - 20) : m.start()],
                    text[m.end() : m.end() + 20],
                )
                if pattern is RELATIVE_DATE:
                    score = 0.5
                else:
                    if pattern is NUM_DATE and (
                        self._any("date_block_after", after)
                        or self._any("date_block_before", before)
                    ):
                        continue  # "4/7 days", "rated 3/10": a count or a rating
                    score = 2.0 - rank * 0.1
                if m.start() < lead:
                    score += 2
                out.append((score, m.start(), m.end(), "DATE"))
        return out

    def _durations(self, text: str, lead: int) -> list[tuple[float, int, int, str]]:
        out = []
        for pattern in (DURATION, WORD_HOUR):
            for m in pattern.finditer(text):
                before, after = (
                    text[max(0, m.start() - 25) : m.start()],
                    text[m.end() : m.end() + 30],
                )
                before = HEDGE.sub("", before)  # "about 35 minutes": judge the word before "about"
                next_words = " ".join(after.split()[:2])
                last_words = " ".join(before.split()[-2:])
                near_session = self._any("session_noun", next_words) or self._any(
                    "session_noun", last_words
                )
                hyphenated = pattern is DURATION and m.group("hyphen")
                if hyphenated and not self._any("session_noun", next_words):
                    continue  # "24-hour delay", "5-minute walk"
                if self._any("duration_block_after", after) and not near_session:
                    continue
                if self._any("duration_block_before", before) and not (
                    near_session and m.start() < lead
                ):
                    continue
                score = (2.0 if m.start() < lead else 0.0) + (2.0 if near_session else 0.0)
                if score >= 2.0:
                    out.append((score, m.start(), m.end(), "DURATION"))
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
