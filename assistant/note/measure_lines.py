"""A note's measures as a note writes them: "PHQ-9 14/27", "mood rating 4/10".

A note dict's `measures` (`{name, value, scale, ...}`, StructuredNote.to_dict()'s shape, or the
reviewed list a web app passes) fill the templates' `measures` parts. The words of each kind
come from the instruments table (lexicons/measures.json): a rating names what it rates, a
screen says positive or negative, a score is its value over the top of its scale. A measure
taken on another day than the session says its date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..measures.instruments import instruments, number_text


def measure_line(measure: Mapping[str, Any], session_date: str | None = None) -> str:
    """One measure's line in a note.

    Args:
        measure: a measure dict (name, value, scale; optionally `date`, ISO, when it was taken).
        session_date: the note's session date (ISO); a measure of another day says its date.
    Returns:
        "PHQ-9 14/27", "mood rating 4/10", "C-SSRS screen negative", "SUDS 40/100 (2026-11-27)".
    """
    name = " ".join(str(measure.get("name", "")).split())
    instrument = instruments().get(name)
    kind = instrument.kind if instrument is not None else "score"
    value, scale = float(measure["value"]), measure.get("scale")
    if kind == "screen":
        line = f"{name} screen {'positive' if value >= 1 else 'negative'}"
    else:
        shown = number_text(value)
        if scale is not None:
            shown += f"/{number_text(float(scale))}"
        line = f"{name} rating {shown}" if kind == "rating" else f"{name} {shown}"
    taken = measure.get("date")
    if taken and taken != session_date:
        line += f" ({taken})"
    return line


def measure_lines(note: Mapping[str, Any]) -> list[str]:
    """The lines of a note dict's measures, in the note's order (none without `measures`)."""
    date = (note.get("session") or {}).get("date")
    return [measure_line(m, date) for m in note.get("measures") or ()]
