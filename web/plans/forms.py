"""The plan forms: a goal (add or change), removing one, starting a version, signing one."""

from __future__ import annotations

from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..clients.forms import has_control, one_line
from ..forms import CalendarDateField, Form, PlainTextField, strip
from ..notes.forms import VersionForm
from .content import MAX_GOAL_TEXT, MAX_OBJECTIVE_TEXT, MAX_OBJECTIVES, Goal

GOAL_RULE = f"Write the goal (up to {MAX_GOAL_TEXT} characters)."


class GoalForm(VersionForm):
    """A goal of a draft plan: its words, start and review dates, and objectives (one a line)."""

    text = StringField(
        "Goal",
        default="",
        filters=[strip],
        validators=[
            DataRequired(GOAL_RULE),
            Length(max=MAX_GOAL_TEXT, message=GOAL_RULE),
            one_line("goal"),
        ],
    )
    start_date = CalendarDateField(
        "Start date",
        default="",
        validators=[DataRequired("Start date: give the day the goal starts.")],
    )
    review_date = CalendarDateField(
        "Review date",
        default="",
        validators=[DataRequired("Review date: give the day the goal is to be reviewed.")],
    )
    objectives = PlainTextField("Objectives", default="")

    def validate_review_date(self, field: CalendarDateField) -> None:
        start = self.start_date.date
        if start is not None and field.date is not None and field.date < start:
            raise ValidationError(
                f"Review date: {field.data} is before the start date {self.start_date.data}; "
                "the review is on the start date or later."
            )

    def objective_lines(self) -> tuple[str, ...]:
        """The objectives typed, one a line, without blank lines."""
        return tuple(
            line.strip() for line in (self.objectives.data or "").splitlines() if line.strip()
        )

    def validate_objectives(self, _field: PlainTextField) -> None:
        lines = self.objective_lines()
        if not lines:
            raise ValidationError(
                "Objectives: give at least one measurable objective (one a line), e.g. "
                "“Sleeps 7 hours on 5 nights a week”."
            )
        if len(lines) > MAX_OBJECTIVES:
            raise ValidationError(
                f"Objectives: a goal holds up to {MAX_OBJECTIVES} objectives; "
                f"there are {len(lines)}."
            )
        for n, line in enumerate(lines, 1):
            if has_control(line):  # a tab, or a mark that reorders what the signed plan shows
                raise ValidationError(
                    f"Objectives: objective {n} holds a tab or an invisible control character: "
                    "remove it."
                )
            if len(line) > MAX_OBJECTIVE_TEXT:
                raise ValidationError(
                    f"Objectives: objective {n} is longer than {MAX_OBJECTIVE_TEXT} characters."
                )

    def goal(self, goal_id: int) -> Goal:
        """The validated goal, under the lasting id `goal_id`."""
        assert self.start_date.date is not None and self.review_date.date is not None
        return Goal(
            goal_id=goal_id,
            text=self.text.data,
            start_date=self.start_date.date,
            review_date=self.review_date.date,
            objectives=self.objective_lines(),
        )

    @classmethod
    def of(cls, goal: Goal, version: int) -> GoalForm:
        """The form showing a stored goal (nothing read from the request)."""
        return cls(
            formdata=None,
            version=version,
            text=goal.text,
            start_date=goal.start_date.isoformat(),
            review_date=goal.review_date.isoformat(),
            objectives="\n".join(goal.objectives),
        )


class RemoveGoalForm(VersionForm):
    """A goal's Remove button, sent on the version of the plan the clinician saw."""


class StartPlanForm(Form):
    """The button that opens a plan's next version (its CSRF token is all it carries)."""


class PlanSignForm(VersionForm):
    """The sign step of a plan: the clinician's tick."""

    confirm = BooleanField()
