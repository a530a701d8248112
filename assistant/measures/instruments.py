"""The instruments and ratings a jotting may score (lexicons/measures.json), and their ranges.

The measure finder reads jottings with them, the note audit asks about risk with them, and the
web app checks a score entered by hand with them: one table, so the three cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..errors import ResourceError
from ..resources import data_dir, load_rules

KINDS: tuple[str, ...] = ("score", "item", "screen", "rating")
# What a screen's value means (a screen has no score of its own).
SCREEN_RESULTS: dict[str, int] = {"positive": 1, "negative": 0}


@dataclass(frozen=True)
class Instrument:
    """One scored instrument or rated thing: its names in a jotting and the values it takes."""

    name: str
    kind: str  # one of KINDS
    patterns: tuple[str, ...] = ()  # case-insensitive
    acronyms: tuple[str, ...] = ()  # case-sensitive
    scales: tuple[float, ...] = (10,)  # the tops a writer may state, the usual one first
    integer: bool = True
    within_session: bool = False
    of: str = ""  # items: the instrument they belong to
    risk_above: float | None = None
    risk_meaning: str = ""  # what a value above risk_above means ("thoughts of ...")
    note: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Instrument:
        kind = str(data["kind"])
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        scales = tuple(float(s) for s in data.get("scales", [10]))
        if not scales or any(s <= 0 for s in scales):
            raise ValueError("scales must list one or more tops above 0")
        patterns = tuple(str(p) for p in data.get("patterns", []))
        acronyms = tuple(str(p) for p in data.get("acronyms", []))
        if not patterns and not acronyms:
            raise ValueError("an instrument needs at least one pattern or acronym")
        if kind == "item" and not data.get("of"):
            raise ValueError("an item names the instrument it belongs to in 'of'")
        risk = data.get("risk_above")
        instrument = cls(
            name=str(data["name"]),
            kind=kind,
            patterns=patterns,
            acronyms=acronyms,
            scales=scales,
            integer=bool(data.get("integer", True)),
            within_session=bool(data.get("within_session", False)),
            of=str(data.get("of", "")),
            risk_above=float(risk) if risk is not None else None,
            risk_meaning=str(data.get("risk_meaning", "")),
            note=str(data.get("note", "")),
        )
        instrument.name_pattern()  # fail at load time, with the entry number, on a broken pattern
        return instrument

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.patterns:
            out["patterns"] = list(self.patterns)
        if self.acronyms:
            out["acronyms"] = list(self.acronyms)
        out["scales"] = [int(s) if s.is_integer() else s for s in self.scales]
        out["integer"] = self.integer
        if self.within_session:
            out["within_session"] = True
        if self.of:
            out["of"] = self.of
        if self.risk_above is not None:
            out["risk_above"] = self.risk_above
        if self.risk_meaning:
            out["risk_meaning"] = self.risk_meaning
        if self.note:
            out["note"] = self.note
        return out

    def name_pattern(self) -> re.Pattern[str]:
        """The instrument's names as one regular expression, each a whole word."""
        names = [f"(?i:{p})" for p in self.patterns] + [f"(?-i:{p})" for p in self.acronyms]
        try:
            return re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(names)})(?![A-Za-z0-9])")
        except re.error as exc:
            raise ValueError(f"bad name pattern for {self.name}: {exc}") from exc

    @property
    def scale(self) -> float:
        """The usual top of the scale."""
        return self.scales[0]

    def problem(self, value: float, scale: float | None = None) -> str | None:
        """Why `value` (on the stated `scale`) is not a score of this instrument, or None.

        Args:
            value: the number read or typed.
            scale: the top of the scale the writer stated, if any.
        Returns:
            One sentence for the reviewer, or None when the value is in range.
        """
        top = self.scale if scale is None else scale
        if top not in self.scales:
            tops = " or ".join(number_text(s) for s in self.scales)
            return f"{self.name} is scored out of {tops}, not {number_text(top)}."
        if self.integer and not float(value).is_integer():
            return f"{self.name} takes whole numbers: {number_text(value)} is not one."
        if not 0 <= value <= top:
            shown = number_text(value)
            return f"{self.name} runs from 0 to {number_text(top)}: {shown} is outside it."
        return None

    def asks_about_risk(self, value: float) -> bool:
        """Whether this value should prompt a risk assessment (PHQ-9 item 9 above 0)."""
        return self.risk_above is not None and value > self.risk_above


def number_text(value: float) -> str:
    """A number as a sentence writes it: 27, not 27.0; 6.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def load_instruments(data: Path) -> tuple[Instrument, ...]:
    """The instruments of lexicons/measures.json in `data`, in file order."""
    found = tuple(load_rules("measures", Instrument, data))
    names = [i.name for i in found]
    if len(set(names)) != len(names):
        raise ResourceError(f"{data}/lexicons/measures.json names an instrument twice.")
    return found


@lru_cache(maxsize=1)
def instruments() -> dict[str, Instrument]:
    """The package's instruments by name (read once)."""
    return {i.name: i for i in load_instruments(data_dir())}


class Scored(Protocol):
    """Anything with a measure's name and value (a Measure, a stored measure)."""

    name: str
    value: Any


S = TypeVar("S", bound=Scored)


def risk_readings(measures: Iterable[S]) -> list[S]:
    """The measures whose value asks for a risk assessment (PHQ-9 item 9 above 0).

    Args:
        measures: Measures (or anything with their name and value); unknown names are ignored.
    Returns:
        Those measures, in the order given.
    """
    table = instruments()
    return [
        m for m in measures if m.name in table and table[m.name].asks_about_risk(float(m.value))
    ]
