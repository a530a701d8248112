"""A note's progress toward each treatment goal, as the clinician recorded it, and its words.

A note dict may carry `goals`: one entry per goal of the client's plan, in the plan's order,
with the goal's words, the progress the clinician chose (`vocab.GOAL_PROGRESS`, or None while
undecided) and the note's lines given as evidence. The templates' `treatment_goals` parts
(GIRP's Goals) show them through `goal_line`, and the audit's progress check reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..vocab import GOAL_PROGRESS

NO_PROGRESS = "progress not recorded"


@dataclass(frozen=True)
class GoalProgress:
    """One goal of the plan as a note records it."""

    text: str
    progress: str | None = None  # a key of GOAL_PROGRESS; None: not chosen yet
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.progress is not None and self.progress not in GOAL_PROGRESS:
            raise ValueError(f"Goal progress must be one of {', '.join(GOAL_PROGRESS)}.")

    @property
    def progress_words(self) -> str:
        """The progress as a note writes it: "better", "not addressed", "progress not recorded"."""
        return GOAL_PROGRESS[self.progress] if self.progress else NO_PROGRESS

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "progress": self.progress, "evidence": list(self.evidence)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoalProgress:
        return cls(
            text=str(data["text"]),
            progress=data.get("progress"),
            evidence=tuple(str(e) for e in data.get("evidence") or ()),
        )


def goal_line(goal: GoalProgress) -> str:
    """The goal's line in a note: 'Sleep 7 hours: better (evidence: "slept 6 hours", ...)'."""
    text = " ".join(goal.text.split())
    line = f"{text}: {goal.progress_words}"
    if goal.evidence:
        quoted = ", ".join(f"\u201c{' '.join(e.split())}\u201d" for e in goal.evidence)
        line += f" (evidence: {quoted})"
    return line


def goals_of(note: Mapping[str, Any]) -> list[GoalProgress]:
    """The goal progress a note dict carries (none when it has no `goals`)."""
    found: Sequence[Mapping[str, Any]] = note.get("goals") or ()
    return [GoalProgress.from_dict(g) for g in found]
