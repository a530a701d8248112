"""The review page's documentation score and CPT time band, from assistant's own rubric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.note import AuditCheck, Flag, StructuredNote
from assistant.note.completeness import CPT_BANDS, cpt_band
from assistant.note.score import Score, score_note


@dataclass(frozen=True)
class Scorecard:
    """The score of the note as it stands and the CPT band its duration supports."""

    score: Score
    minutes: int | None
    cpt: str | None

    @property
    def band(self) -> str:
        """The CPT line in words: code and range, or why there is none."""
        if self.minutes is None:
            return "no duration recorded, so no CPT time band"
        if self.cpt is None:
            return f"{self.minutes} minutes is under 16 minutes: no psychotherapy CPT code"
        low, high = next((lo, hi) for code, lo, hi in CPT_BANDS if code == self.cpt)
        span = f"{low}-{high} min" if high is not None else f"{low}+ min"
        return f"CPT {self.cpt} ({span}) for {self.minutes} minutes"


def scorecard(audit: list[dict], flags: list[dict[str, Any]], minutes: Any) -> Scorecard:
    """Score the reviewed note with assistant's rubric (`assistant.note.score`).

    Args:
        audit: the audit of the reviewed template (`review_page.reviewed_audit`).
        flags: the flags still open on the note.
        minutes: the template's duration (an int, or the form's raw text after an error).
    Returns:
        The Scorecard.
    """
    checked = StructuredNote(
        text="",
        flags=[Flag.from_dict(f) for f in flags],
        audit=[AuditCheck.from_dict(c) for c in audit],
    )
    raw = str(minutes) if minutes is not None else ""
    whole = int(raw) if raw.isdecimal() else None
    return Scorecard(score=score_note(checked), minutes=whole, cpt=cpt_band(whole))
