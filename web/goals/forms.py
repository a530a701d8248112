"""The Goals panel's form: for each goal of the plan, the progress and the evidence lines.

The goals differ from client to client, so the form class is made for the goals of the page
(`GoalProgressForm.for_goals`): a progress box and a list of ticked lines per goal id.
"""

from __future__ import annotations

from typing import Any

from wtforms import SelectMultipleField, StringField
from wtforms.validators import AnyOf, ValidationError

from assistant.vocab import GOAL_PROGRESS

from ..forms import Form

PROGRESS_RULE = "Progress for goal {n}: choose better, same, worse or not addressed."
GONE = (
    "Evidence for goal {n}: a ticked line is no longer in the note (it changed since the page "
    "was loaded), so nothing was saved. Check the Goals panel again."
)


class EvidenceField(SelectMultipleField):
    """The ticked lines of one goal; a line the note does not hold is refused in words."""

    def __init__(self, *args: Any, keys: list[str], number: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, choices=keys, **kwargs)
        self.keys = frozenset(keys)
        self.number = number

    def pre_validate(self, form: Any) -> None:
        if any(value not in self.keys for value in self.data or []):
            raise ValidationError(GONE.format(n=self.number))


class GoalProgressForm(Form):
    """The Goals panel: `progress_<id>` and `evidence_<id>` for each goal id of the plan."""

    goal_ids: tuple[int, ...] = ()

    @classmethod
    def for_goals(cls, goal_ids: list[int], lines: list[tuple[str, str]], **kwargs: Any):
        """The form for these goals (in the plan's order) and the note's stored lines."""
        keys = [f"{s}:{t}" for s, t in lines]
        fields: dict[str, Any] = {"goal_ids": tuple(goal_ids)}
        for number, goal_id in enumerate(goal_ids, 1):
            fields[f"progress_{goal_id}"] = StringField(
                default="",
                validators=[AnyOf(["", *GOAL_PROGRESS], message=PROGRESS_RULE.format(n=number))],
            )
            fields[f"evidence_{goal_id}"] = EvidenceField(keys=keys, number=number)
        return type("GoalProgressFormFor", (cls,), fields)(**kwargs)

    def choices(self) -> dict[int, dict[str, Any]]:
        """The validated choices by goal id: progress (or None) and evidence (section, text)."""
        out = {}
        for goal_id in self.goal_ids:
            evidence = [tuple(key.split(":", 1)) for key in self[f"evidence_{goal_id}"].data or []]
            out[goal_id] = {
                "progress": self[f"progress_{goal_id}"].data or None,
                "evidence": evidence,
            }
        return out

    def typed(self) -> dict[int, dict[str, Any]]:
        """The choices as sent (after a refusal), as the panel shows them again."""
        return {
            goal_id: {
                "progress": self[f"progress_{goal_id}"].data or None,
                "evidence": list(self[f"evidence_{goal_id}"].data or []),
            }
            for goal_id in self.goal_ids
        }
