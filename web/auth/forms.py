"""The account forms: signing in, a new account, and the profile a signature shows."""

from __future__ import annotations

from typing import Any

from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..forms import Form, strip
from ..timezones import default_zone, is_zone
from .accounts import find_user
from .passwords import password_problem
from .usernames import is_safe_username, normalise_username

MAX_USERNAME = 80
USERNAME_RULE = (
    f"Choose a user name of 1 to {MAX_USERNAME} characters: letters a-z, digits, dots, "
    "underscores and hyphens."
)
MAX_FULL_NAME = 200
FULL_NAME_RULE = (
    f"Enter your full name as it should appear on signed notes (1 to {MAX_FULL_NAME} characters)."
)
MAX_CREDENTIALS = 100
CREDENTIALS_RULE = f"Credentials are at most {MAX_CREDENTIALS} characters (e.g. LCSW, or PhD, LP)."


def _safe_username(_form: Form, field: StringField) -> None:
    if not is_safe_username(field.data):
        raise ValidationError(USERNAME_RULE)


def _printable_as(rule: str):
    """A validator refusing control characters with the field's own rule as the message."""

    def check(_form: Form, field: StringField) -> None:
        if not field.data.isprintable():
            raise ValidationError(rule)

    return check


def _zone(_form: Form, field: StringField) -> None:
    if not is_zone(field.data):
        raise ValidationError(
            f"{field.data!r} is not a time zone: pick an IANA name such as America/New_York."
        )


def _full_name() -> StringField:
    return StringField(
        default="",
        filters=[strip],
        validators=[
            DataRequired(FULL_NAME_RULE),
            Length(max=MAX_FULL_NAME, message=FULL_NAME_RULE),
            _printable_as(FULL_NAME_RULE),
        ],
    )


def _credentials() -> StringField:
    return StringField(
        default="",
        filters=[strip],
        validators=[
            Length(max=MAX_CREDENTIALS, message=CREDENTIALS_RULE),
            _printable_as(CREDENTIALS_RULE),
        ],
    )


def _time_zone() -> StringField:
    return StringField(default=default_zone, filters=[strip], validators=[_zone])


class ProfileValues:
    """The profile fields' values, keyed like the account's columns (forms that have them)."""

    full_name: StringField
    credentials: StringField
    time_zone: StringField

    def profile(self) -> dict[str, str]:
        """The validated full name, credentials and time zone."""
        return {
            "full_name": self.full_name.data,
            "credentials": self.credentials.data,
            "time_zone": self.time_zone.data,
        }


class ProfileForm(Form, ProfileValues):
    """What a signature shows: full name and credentials, and the time zone it is shown in."""

    full_name = _full_name()
    credentials = _credentials()
    time_zone = _time_zone()


class LoginForm(Form):
    """Any name and password may be tried; only the check against the account can fail."""

    username = StringField(
        default="", filters=[lambda name: normalise_username(name)[:MAX_USERNAME]]
    )
    password = PasswordField(default="")


class AccountForm(Form, ProfileValues):
    """A new account's name and password, typed twice, then its profile."""

    username = StringField(
        default="",
        filters=[normalise_username],
        validators=[
            DataRequired(USERNAME_RULE),
            Length(max=MAX_USERNAME, message=USERNAME_RULE),
            _safe_username,
        ],
    )
    password = PasswordField(default="")
    confirm = PasswordField(
        default="", validators=[EqualTo("password", message="The two passwords differ.")]
    )
    # Made here, after the password fields, so the page reports errors in the order it shows.
    full_name = _full_name()
    credentials = _credentials()
    time_zone = _time_zone()

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.username.data or "")
        if problem:
            raise ValidationError(problem)

    def validate(self, extra_validators: Any = None) -> bool:
        # The name is checked against the accounts only once the form itself is right.
        if not super().validate(extra_validators):
            return False
        if find_user(self.username.data) is not None:
            self.username.errors.append("That user name is taken.")
            return False
        return True
