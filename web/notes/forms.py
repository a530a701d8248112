"""The note forms: a new note, the review page's template, sign, a flag decision, an addendum."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import request
from wtforms import BooleanField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from assistant import SECTIONS

from ..forms import Form, IntegerOrNoneField, PlainTextField, strip
from .review_page import LABELS

MAX_FIELD_CHARS = 5_000
MAX_ADDENDUM = 5_000
MAX_MINUTES = 24 * 60


class NewNoteForm(Form):
    """A client of the therapist's and the jotting; the pipeline itself checks the jotting."""

    client_id = IntegerOrNoneField(validators=[DataRequired("Pick a client first.")])
    jotting = PlainTextField("The jotting", default="")


def _iso_date(_form: Form, field: StringField) -> None:
    if field.data:
        try:
            dt.date.fromisoformat(field.data)
        except ValueError:
            raise ValidationError(
                f"The date {field.data!r} is not in the form YYYY-MM-DD."
            ) from None


def _minutes(_form: Form, field: StringField) -> None:
    value = field.data
    if value and not (value.isdecimal() and 0 < int(value) <= MAX_MINUTES):
        raise ValidationError(
            f"The duration must be a whole number of minutes (1 to {MAX_MINUTES})."
        )


class VersionForm(Form):
    """A change to a draft, made on the version of the note the reviewer saw."""

    version = IntegerOrNoneField()

    def is_stale(self, version: int) -> bool:
        """True when the note changed since the page was loaded (or the form has no version)."""
        return self.version.data != version


class TemplateForm(VersionForm):
    """The review page's template: session date and duration, then one text box per section.

    The section boxes are added below, one per name in assistant.SECTIONS.
    """

    INCOMPLETE = (
        "The note form arrived incomplete (a text box was missing), so nothing was changed: "
        "reload the page and try again."
    )

    format = StringField()
    then = StringField(default="")
    date = StringField(default="", filters=[strip], validators=[_iso_date])
    duration_minutes = StringField(default="", filters=[strip], validators=[_minutes])

    def has_template(self) -> bool:
        """True when the post carries every section box (a hand-made post may not)."""
        return all(s in request.form for s in SECTIONS)

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' checks, and every section box present: a missing one is never blanked."""
        valid = super().validate(extra_validators)
        if valid and not self.has_template():
            self.form_errors.append(self.INCOMPLETE)
            return False
        return valid

    def template_fields(self) -> dict[str, Any]:
        """The validated template as a note stores it: one list of non-blank lines per section."""
        minutes = self.duration_minutes.data
        return {
            "date": self.date.data,
            "duration_minutes": int(minutes) if minutes else None,
            "sections": {
                s: [line.strip() for line in self[s].data.splitlines() if line.strip()]
                for s in SECTIONS
            },
        }

    def typed_fields(self) -> dict[str, Any]:
        """The reviewer's text as typed, to put back in the page after an error."""
        return {
            "date": self.date.data,
            "duration_minutes": self.duration_minutes.data,
            "sections": {s: self[s].data.splitlines() for s in SECTIONS},
        }


for _section in SECTIONS:
    setattr(
        TemplateForm,
        _section,
        PlainTextField(
            LABELS[_section],
            default="",
            validators=[
                Length(
                    max=MAX_FIELD_CHARS,
                    message=f"{LABELS[_section]} is longer than {MAX_FIELD_CHARS:,} characters.",
                )
            ],
        ),
    )


class SignForm(VersionForm):
    """The sign step: the clinician's tick, an empty risk section marked, a missing date."""

    date = StringField(default="", filters=[strip], validators=[_iso_date])
    risk_not_assessed = BooleanField()
    confirm = BooleanField()


class FlagForm(TemplateForm):
    """Accept, apply to all, dismiss or undo, sent with the template as the reviewer left it.

    The flag buttons submit the note form itself, so what was typed is kept with the decision.
    """

    key = StringField(default="")
    all = StringField(default="")
    decision = IntegerOrNoneField()

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' checks; without the section boxes the decision uses the stored note."""
        return Form.validate(self, extra_validators)


class CheckForm(Form):
    """One reviewed field's text, to flag as the reviewer types (the JSON endpoint)."""

    KEYS = ("section", "text")

    class Meta:
        csrf = False  # CSRFProtect checks the X-CSRFToken header before the view runs

    section = StringField(default="", validators=[AnyOf(SECTIONS, message="No such field.")])
    text = PlainTextField(
        "The field",
        default="",
        validators=[
            Length(
                max=MAX_FIELD_CHARS,
                message=f"A field is longer than {MAX_FIELD_CHARS:,} characters.",
            )
        ],
    )


ADDENDUM_RULE = f"Write the addendum (1 to {MAX_ADDENDUM:,} characters)."


class AddendumForm(Form):
    """A correction under a signed note; `checked` is the text whose flags the author saw."""

    text = PlainTextField(
        "The addendum",
        default="",
        filters=[strip],
        validators=[DataRequired(ADDENDUM_RULE), Length(max=MAX_ADDENDUM, message=ADDENDUM_RULE)],
    )
    checked = PlainTextField("The checked addendum", default="", filters=[strip])

    def flags_seen(self) -> bool:
        """True when the author was shown the flags of exactly this text and saves it anyway."""

        def lines(text: str) -> list[str]:
            return text.splitlines()  # browsers may send a hidden value's line breaks as CRLF

        return bool(self.checked.data) and lines(self.checked.data) == lines(self.text.data)
