"""What a treatment plan version holds, as typed values: its goals, each with objectives.

A plan stores them as JSON (`TreatmentPlan.content`); these classes read and write that shape,
so the views and templates never pick dictionaries apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

MAX_GOALS = 20
MAX_GOAL_TEXT = 500
MAX_OBJECTIVES = 10
MAX_OBJECTIVE_TEXT = 300


@dataclass(frozen=True)
class Goal:
    """One goal as a plan version words it; `goal_id` is the TreatmentGoal it stays across
    versions."""

    goal_id: int
    text: str
    start_date: dt.date
    review_date: dt.date
    objectives: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        """A goal from its stored JSON."""
        return cls(
            goal_id=int(data["goal_id"]),
            text=data["text"],
            start_date=dt.date.fromisoformat(data["start_date"]),
            review_date=dt.date.fromisoformat(data["review_date"]),
            objectives=tuple(data["objectives"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """The goal as stored JSON."""
        return {
            "goal_id": self.goal_id,
            "text": self.text,
            "start_date": self.start_date.isoformat(),
            "review_date": self.review_date.isoformat(),
            "objectives": list(self.objectives),
        }


def goals(content: dict[str, Any]) -> list[Goal]:
    """The goals of a plan's content, in the plan's order."""
    return [Goal.from_dict(g) for g in content.get("goals", [])]


def find(content: dict[str, Any], goal_id: int) -> Goal | None:
    """The goal `goal_id` of a plan's content, or None when this version does not hold it."""
    return next((g for g in goals(content) if g.goal_id == goal_id), None)


def with_goals(items: list[Goal]) -> dict[str, Any]:
    """Plan content holding `items`, in that order."""
    return {"goals": [g.to_dict() for g in items]}


def added(content: dict[str, Any], goal: Goal) -> dict[str, Any]:
    """The content with `goal` after the others."""
    return with_goals([*goals(content), goal])


def changed(content: dict[str, Any], goal: Goal) -> dict[str, Any]:
    """The content with the goal of the same id replaced by `goal`, in its place."""
    return with_goals([goal if g.goal_id == goal.goal_id else g for g in goals(content)])


def removed(content: dict[str, Any], goal_id: int) -> dict[str, Any]:
    """The content without the goal `goal_id`."""
    return with_goals([g for g in goals(content) if g.goal_id != goal_id])
