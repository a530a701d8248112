"""The documentation score (0-100) of a structured note, from a fixed rubric.

Rubric (the weights below are the whole of it):
- Completeness, 50 points: each audit check except `flags` carries the weight in
  COMPLETENESS_WEIGHTS; "ok" earns it in full, "warn" half, "missing" nothing.
- Observable language, 30 points: 10 points off for each open interpretive flag (floor 0).
- Plain language, 20 points: 4 points off for each distinct jargon term flagged (floor 0;
  "pt" three times costs 4 points once).
The total is the sum, rounded to a whole number. The score reads the note and its audit only, so
the CLI review and the web review page show the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .completeness import MISSING, OK, WARN, audit_note
from .structured import AuditCheck, StructuredNote

COMPLETENESS_WEIGHTS: dict[str, float] = {
    "date": 5,
    "time": 5,
    "interventions": 10,
    "client_response": 8,
    "progress": 4,
    "risk": 10,
    "plan": 5,
    "homework": 3,
}
STATUS_CREDIT: dict[str, float] = {OK: 1.0, WARN: 0.5, MISSING: 0.0}
OBSERVABLE_MAX = 30
INTERPRETIVE_PENALTY = 10
PLAIN_MAX = 20
JARGON_PENALTY = 4


@dataclass(frozen=True)
class ScorePart:
    """One rubric line: points earned of the maximum, and why."""

    id: str
    label: str
    points: float
    max_points: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "points": round(self.points, 1),
            "max_points": self.max_points,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Score:
    """The documentation score and its rubric lines."""

    total: int
    parts: tuple[ScorePart, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "max": 100, "parts": [p.to_dict() for p in self.parts]}


def score_note(note: StructuredNote) -> Score:
    """Score a structured note against the rubric of this module.

    Args:
        note: a structured note; its `audit` is used when present, else computed.
    Returns:
        The Score: total 0-100 and the completeness, observable and plain-language parts.
    """
    checks = note.audit or audit_note(note)
    parts = (_completeness(checks), _observable(note), _plain(note))
    return Score(total=round(sum(p.points for p in parts)), parts=parts)


def _completeness(checks: list[AuditCheck]) -> ScorePart:
    by_id = {c.id: c for c in checks}
    points = 0.0
    short: list[str] = []
    for check_id, weight in COMPLETENESS_WEIGHTS.items():
        check = by_id.get(check_id)
        credit = STATUS_CREDIT.get(check.status, 0.0) if check else 0.0
        points += weight * credit
        if credit < 1.0:
            short.append(f"{check_id} ({check.status if check else MISSING})")
    maximum = sum(COMPLETENESS_WEIGHTS.values())
    detail = "every part of the template covered" if not short else "short on: " + ", ".join(short)
    return ScorePart("completeness", "Completeness", points, maximum, detail)


def _observable(note: StructuredNote) -> ScorePart:
    count = sum(1 for f in note.flags if f.kind == "interpretive")
    points = max(0, OBSERVABLE_MAX - INTERPRETIVE_PENALTY * count)
    detail = "no interpretive wording" if not count else f"{count} interpretive flag(s) open"
    return ScorePart("observable", "Observable language", points, OBSERVABLE_MAX, detail)


def _plain(note: StructuredNote) -> ScorePart:
    terms = sorted({f.text.lower() for f in note.flags if f.kind == "jargon"})
    points = max(0, PLAIN_MAX - JARGON_PENALTY * len(terms))
    detail = "no jargon" if not terms else f"{len(terms)} jargon term(s): {', '.join(terms)}"
    return ScorePart("plain", "Plain language", points, PLAIN_MAX, detail)
