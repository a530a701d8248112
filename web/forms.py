"""What every form of the app shares: one sentence per error, and the site-wide CSRF refusal."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import IntegerField


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
        """The first field's first error, in the order the fields are declared."""
        return next((field.errors[0] for field in self if field.errors), None)


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
