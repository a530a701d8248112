"""The new-client form."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..db import db
from ..forms import Form, strip
from ..records import Client

NAME_RULE = "Give the client's name (up to 200 characters)."
CODE_RULE = "Give the client a code (up to 40 characters), e.g. their record number."


class ClientForm(Form):
    """A client's name and code; a code is unique among one therapist's clients."""

    name = StringField(
        default="",
        filters=[strip],
        validators=[DataRequired(NAME_RULE), Length(max=200, message=NAME_RULE)],
    )
    code = StringField(
        default="",
        filters=[strip],
        validators=[DataRequired(CODE_RULE), Length(max=40, message=CODE_RULE)],
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
