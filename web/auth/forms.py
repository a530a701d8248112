"""The account forms: signing in, and a new account's name and password."""

from __future__ import annotations

from typing import Any

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..forms import Form, strip
from .accounts import MIN_PASSWORD, find_user

MAX_USERNAME = 80
USERNAME_RULE = f"Choose a user name of 1 to {MAX_USERNAME} characters."


def _printable(_form: Form, field: StringField) -> None:
    if not field.data.isprintable():
        raise ValidationError(USERNAME_RULE)


class LoginForm(Form):
    """Any name and password may be tried; only the check against the account can fail."""

    username = StringField(default="", filters=[lambda name: strip(name)[:MAX_USERNAME]])
    password = PasswordField(default="")


class AccountForm(Form):
    """A new account's name and password, typed twice."""

    username = StringField(
        default="",
        filters=[strip],
        validators=[
            DataRequired(USERNAME_RULE),
            Length(max=MAX_USERNAME, message=USERNAME_RULE),
            _printable,
        ],
    )
    password = PasswordField(
        default="",
        validators=[
            Length(
                min=MIN_PASSWORD, message=f"The password needs at least {MIN_PASSWORD} characters."
            )
        ],
    )
    confirm = PasswordField(
        default="", validators=[EqualTo("password", message="The two passwords differ.")]
    )

    def validate(self, extra_validators: Any = None) -> bool:
        # The name is checked against the accounts only once the form itself is right.
        if not super().validate(extra_validators):
            return False
        if find_user(self.username.data) is not None:
            self.username.errors.append("That user name is taken.")
            return False
        return True
