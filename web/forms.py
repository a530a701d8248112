"""What every form of the app shares: one sentence per error, and the site-wide CSRF refusal."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import StopValidation


class Form(FlaskForm):
    """A Flask-WTF form whose page shows its first error as the one sentence the reviewer sees.

    CSRFProtect refuses a POST without a valid token before any view runs; should a view ever
    be exempted, the form refuses it the same way (the 400 page of web/errors.py).
    """

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.meta.csrf and self.csrf_token.errors:
            raise CSRFError(self.csrf_token.errors[0])
        return valid

    def first_error(self) -> str | None:
        """The form's own first error, else the first field's first error (declaration order)."""
        own = next(iter(self.form_errors), None)
        return own or next((field.errors[0] for field in self if field.errors), None)

    def first_error_field(self) -> str | None:
        """The name of the first field with an error (the page links its message to it)."""
        return next((field.name for field in self if field.errors), None)


class IntegerOrNoneField(IntegerField):
    """A whole number, or None when it is missing or not a number (never an error by itself)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            self.data = int(valuelist[0]) if valuelist else self.data
        except ValueError:
            self.data = None


def strip(value: Any) -> Any:
    """A filter: text without surrounding blanks."""
    return value.strip() if isinstance(value, str) else value


# Control characters (but tab and line breaks), lone surrogates (only JSON can carry them) and
# U+FFFD (what bytes that are not UTF-8 decode to): no note can keep or show them.
UNKEEPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffd]")


class PlainTextField(TextAreaField):
    """A text box refusing characters no note can keep (dropped from what it shows back)."""

    unkeepable = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            cleaned = UNKEEPABLE.sub("", self.data)
            self.unkeepable = cleaned != self.data
            self.data = cleaned

    def pre_validate(self, form: Any) -> None:
        if self.unkeepable:
            raise StopValidation(
                f"{self.label.text} holds a control character or broken text (often from a "
                "copy-paste); it is removed below: check the text and send it again."
            )


# ASCII digits only: \d would take the digits of every script.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class CalendarDateField(StringField):
    """A date as an `<input type="date">` sends it (YYYY-MM-DD), kept as typed for the page.

    `date` holds the day once the field validated, None when it was left empty; a text that is
    not a day of the calendar between 1900 and 2100 is refused with a sentence naming the field.
    """

    date: dt.date | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = (self.data or "").strip()

    def pre_validate(self, form: Any) -> None:
        self.date = None
        text = self.data or ""
        if not text:
            return
        what = self.label.text
        if not ISO_DATE.fullmatch(text):
            raise StopValidation(f"{what}: write the date as YYYY-MM-DD, e.g. 2026-03-14.")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise StopValidation(f"{what}: {text} is not a day of the calendar.") from None
        if day < EARLIEST_DATE:
            raise StopValidation(f"{what}: {text} is before 1900.")
        if day > LATEST_DATE:
            raise StopValidation(f"{what}: {text} is after 2100.")
        self.date = day
