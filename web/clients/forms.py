"""The new-client form."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import select
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..db import db
from ..forms import Form, strip
from ..records import Client

NAME_RULE = "Give the client's name (up to 200 characters)."
CODE_RULE = "Give the client a code (up to 40 characters), e.g. their record number."
# Line and paragraph separators and the bidirectional overrides can fake a line or reorder
# what a signed document shows, like the C0/C1 control characters (Unicode category Cc).
INVISIBLE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control(text: str) -> bool:
    """True when `text` holds a newline, tab, other control character or line separator."""
    return any(ch in INVISIBLE or unicodedata.category(ch) == "Cc" for ch in text)


def one_line(what: str) -> Any:
    """A validator refusing control characters and line breaks in `what` (a sentence's noun)."""

    def check(_form: Any, field: Field) -> None:
        if has_control(field.data or ""):
            raise ValidationError(
                f"The {what} must be one line of text: remove line breaks, tabs and "
                "other control characters."
            )

    return check


class ClientForm(Form):
    """A client's name and code; a code is unique among one therapist's clients."""

    name = StringField(
        default="",
        filters=[strip],
        validators=[
            DataRequired(NAME_RULE),
            Length(max=200, message=NAME_RULE),
            one_line("client's name"),
        ],
    )
    code = StringField(
        default="",
        filters=[strip],
        validators=[
            DataRequired(CODE_RULE),
            Length(max=40, message=CODE_RULE),
            one_line("client code"),
        ],
    )

    def __init__(self, *, therapist_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.therapist_id = therapist_id

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        taken = select(Client).where(
            Client.therapist_id == self.therapist_id, Client.code == self.code.data
        )
        if db.session.scalar(taken) is not None:
            self.code.errors.append(f"You already have a client with the code {self.code.data}.")
            return False
        return True
