"""The measure forms: one entered by hand (what, score, date), and the remove button."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from wtforms import StringField
from wtforms.validators import ValidationError

from assistant.measures.instruments import SCREEN_RESULTS, Instrument, instruments, number_text

from ..forms import CalendarDateField, Form, strip

# A score as typed: 14, 6.5, or 7/10 with the top of its scale. ASCII digits only.
SCORE = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,2})?)\s*(?:/\s*([0-9]{1,3}))?")


def choices() -> list[tuple[str, str]]:
    """What can be measured, as the form's list shows it: (name, "PHQ-9 (0-27)")."""
    out = []
    for instrument in instruments().values():
        if instrument.kind == "screen":
            label = f"{instrument.name} screen (positive or negative)"
        else:
            tops = " or ".join(f"0-{number_text(s)}" for s in instrument.scales)
            kind = " rating" if instrument.kind == "rating" else ""
            label = f"{instrument.name}{kind} ({tops})"
        out.append((instrument.name, label))
    return out


class MeasureForm(Form):
    """A score entered by hand: what was measured, the score, and the day it was taken.

    On a note the day may be left empty (the note's session date); on the client's record it
    is required. Once valid, `instrument`, `value` and `scale` hold what to store.
    """

    name = StringField("Measure", default="", filters=[strip])
    score = StringField("Score", default="", filters=[strip])
    measured_on = CalendarDateField("Date", default="")

    instrument: Instrument | None = None
    value: float = 0.0
    scale: float = 0.0

    def __init__(self, *, today: dt.date, date_required: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.date_required = date_required

    def validate_name(self, field: StringField) -> None:
        self.instrument = instruments().get(field.data or "")
        if self.instrument is None:
            raise ValidationError("Measure: choose what was measured from the list.")

    def validate_score(self, field: StringField) -> None:
        instrument = self.instrument
        if instrument is None:
            return  # the name's message says what to do first
        text = field.data or ""
        shown = text if len(text) <= 20 else text[:20] + "…"
        if instrument.kind == "screen":
            result = SCREEN_RESULTS.get(text.lower())
            if result is None:
                raise ValidationError(
                    f"Score: write the result of the {instrument.name} screen, positive or negative"
                    + (f", not “{shown}”." if text else ".")
                )
            self.value, self.scale = float(result), instrument.scale
            return
        if not text:
            raise ValidationError(
                f"Score: give the {instrument.name} score, e.g. "
                f"{number_text(instrument.scale // 2)}."
            )
        found = SCORE.fullmatch(text)
        if found is None:
            raise ValidationError(
                f"Score: “{shown}” is not a number; write it as 14, or as 7/10 with its scale."
            )
        value = float(found.group(1))
        scale = float(found.group(2)) if found.group(2) else instrument.scale
        problem = instrument.problem(value, scale)
        if problem is not None:
            raise ValidationError(f"Score: {problem}")
        self.value, self.scale = value, scale

    def validate_measured_on(self, field: CalendarDateField) -> None:
        if field.date is None and self.date_required:
            raise ValidationError("Date: give the day the measure was taken.")
        if field.date is not None and field.date > self.today:
            raise ValidationError(f"Date: {field.data} is in the future.")


class RemoveMeasureForm(Form):
    """The remove button of one measure (its CSRF token is all it carries)."""
