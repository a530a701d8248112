"""Reading scores in text: "PHQ-9 = 14", "SUDS 70 -> 40", "mood 4 out of 10", "C-SSRS negative".

A reading is a name of an instrument (lexicons/measures.json) with a value after it, across the
words the context lexicon allows between them (lexicons/measure_context.json), or a value
before it ("scored 14 on the PHQ-9"). A value out of the instrument's range, a stated scale it
does not use, a count ("4/10 days") or an earlier reading ("down from 18") is not a reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .instruments import SCREEN_RESULTS, Instrument

# A value, and the top of its scale when the writer states it (14/27, 4 out of 10). ASCII digits
# only; a number inside a longer one, a date (4/10/2026) or a decimal's first part is no value.
NUMBER = (
    r"(?<![0-9.,/])(?P<value>[0-9]{1,3}(?:\.[0-9]{1,2})?)"
    r"(?:\s*(?:/|out\s+of|of)\s*(?P<scale>[0-9]{1,3}))?(?![0-9/]|[.,][0-9])"
)
MAX_GAP = 40  # characters between a name and its value
BEFORE = 40  # characters read before a value or a name for its context
SENTENCE_END = re.compile(r"[.!?\n](?:\s|$)")
CONTEXT_LABELS: tuple[str, ...] = (
    "gap",
    "chain",
    "past_before",
    "past_after",
    "not_after",
    "cue_before",
    "joins_before",
    "positive",
    "negative",
)


@dataclass(frozen=True)
class Reading:
    """One score read in a text: `text[start:end]` holds its words."""

    name: str
    value: int | float
    scale: int | float
    start: int
    end: int


def typed(number: float) -> int | float:
    """A whole number as int (14, not 14.0), anything else as it is."""
    return int(number) if float(number).is_integer() else number


def _any(patterns: Iterable[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


class MeasureReader:
    """Reads every instrument's scores in a text, with the context lexicon's words."""

    def __init__(self, instruments: Iterable[Instrument], context: dict[str, list[str]]) -> None:
        """Compile the readers.

        Args:
            instruments: what can be scored (lexicons/measures.json).
            context: the context lexicon's patterns by label (CONTEXT_LABELS).
        """
        missing = [label for label in CONTEXT_LABELS if not context.get(label)]
        if missing:
            raise ValueError(f"measure_context has no {', '.join(missing)} pattern")
        self.instruments = {i.name: i for i in instruments}
        self.names = {name: i.name_pattern() for name, i in self.instruments.items()}
        gap, joins = _any(context["gap"]), _any(context["joins_before"])
        result = rf"(?<![A-Za-z])(?:(?P<positive>{_any(context['positive'])})"
        result += rf"|(?P<negative>{_any(context['negative'])}))"
        flags = re.IGNORECASE
        self.first = re.compile(rf"(?P<gap>{gap}*){NUMBER}", flags)
        self.chain = re.compile(rf"{_any(context['chain'])}{NUMBER}", flags)
        self.value_before = re.compile(rf"{NUMBER}{joins}$", flags)
        self.result_after = re.compile(rf"(?P<gap>{gap}*){result}", flags)
        self.result_before = re.compile(rf"{result}{joins}$", flags)
        self.past_before = re.compile(_any(context["past_before"]), flags)
        self.past_after = re.compile(_any(context["past_after"]), flags)
        self.not_after = re.compile(_any(context["not_after"]), flags)
        self.cue_before = re.compile(_any(context["cue_before"]), flags)

    def read(self, text: str) -> list[Reading]:
        """Every reading in `text`, in text order, none overlapping another.

        Args:
            text: a jotting or any other text.
        Returns:
            The readings; a value read after its name wins over one read before a name.
        """
        found: list[tuple[int, Reading]] = []  # (0 after the name, 1 before it), reading
        for name, instrument in self.instruments.items():
            for m in self.names[name].finditer(text):
                if instrument.kind == "item" and not self._parent_before(
                    text, m.start(), instrument
                ):
                    continue
                if instrument.kind == "screen":
                    found += [(0, r) for r in self._result_after(text, m, instrument)]
                    found += [(1, r) for r in self._result_before(text, m, instrument)]
                    continue
                found += [(0, r) for r in self._after_name(text, m, instrument)]
                if instrument.kind != "item":
                    found += [(1, r) for r in self._before_name(text, m, instrument)]
        taken: list[Reading] = []
        for _, reading in sorted(found, key=lambda f: (f[0], f[1].start)):
            if not any(t.start < reading.end and reading.start < t.end for t in taken):
                taken.append(reading)
        return sorted(taken, key=lambda r: r.start)

    def _parent_before(self, text: str, start: int, item: Instrument) -> bool:
        """Whether the item's instrument is named earlier in the item's own sentence."""
        before = text[max(0, start - 2 * BEFORE) : start]
        ends = list(SENTENCE_END.finditer(before))
        own = before[ends[-1].end() :] if ends else before
        parent = self.names.get(item.of)
        return parent is not None and parent.search(own) is not None

    def _earlier(self, text: str, start: int, end: int) -> bool:
        """The value at [start, end) is an earlier reading (down from 18; 18 last week)."""
        return bool(
            self.past_before.search(text[max(0, start - BEFORE) : start])
            or self.past_after.search(text[end : end + BEFORE])
        )

    def _after_name(self, text: str, name: re.Match[str], instrument: Instrument) -> list[Reading]:
        first = self.first.match(text, name.end())
        if first is None or len(first.group("gap")) > MAX_GAP:
            return []
        values = [first]
        while (nxt := self.chain.match(text, values[-1].end())) is not None:
            values.append(nxt)
        stated = next((float(v.group("scale")) for v in values if v.group("scale")), None)
        if instrument.kind == "rating" and stated is None:
            return []  # "mood 4" could be anything; "mood 4/10" is a rating
        readings = []
        for i, v in enumerate(values):
            start, end = v.start("value"), v.end()
            if self.not_after.search(text[end : end + BEFORE]):
                return []  # "4/10 days", "6-7", "9:30": the chain is not a score
            own = float(v.group("scale")) if v.group("scale") else stated
            value = float(v.group("value"))
            if instrument.problem(value, own) is not None or self._earlier(text, start, end):
                continue
            if i == 0 or not instrument.within_session:
                start = name.start()
            reading = Reading(
                instrument.name, typed(value), typed(own or instrument.scale), start, end
            )
            readings.append((i, reading))
        if instrument.within_session:
            return [r for _, r in readings]
        # A questionnaire is scored once a session: of "18 -> 14" only the last is this one's.
        last = [r for i, r in readings if i == len(values) - 1]
        return last

    def _before_name(self, text: str, name: re.Match[str], instrument: Instrument) -> list[Reading]:
        v = self.value_before.search(text, max(0, name.start() - BEFORE), name.start())
        if v is None:
            return []
        stated = float(v.group("scale")) if v.group("scale") else None
        start = v.start("value")
        if stated is None and (
            instrument.kind == "rating"
            or not self.cue_before.search(text[max(0, start - BEFORE) : start])
        ):
            return []  # a bare number before a name is only a score when "scored" says so
        value = float(v.group("value"))
        if instrument.problem(value, stated) is not None or self._earlier(text, start, v.end()):
            return []
        scale = typed(stated or instrument.scale)
        return [Reading(instrument.name, typed(value), scale, start, name.end())]

    def _result_after(
        self, text: str, name: re.Match[str], instrument: Instrument
    ) -> list[Reading]:
        r = self.result_after.match(text, name.end())
        if r is None or len(r.group("gap")) > MAX_GAP:
            return []
        value = SCREEN_RESULTS["positive" if r.group("positive") else "negative"]
        return [Reading(instrument.name, value, typed(instrument.scale), name.start(), r.end())]

    def _result_before(
        self, text: str, name: re.Match[str], instrument: Instrument
    ) -> list[Reading]:
        r = self.result_before.search(text, max(0, name.start() - BEFORE), name.start())
        if r is None:
            return []
        value = SCREEN_RESULTS["positive" if r.group("positive") else "negative"]
        return [Reading(instrument.name, value, typed(instrument.scale), r.start(), name.end())]
