"""The draft forms: why a draft is voided, and which client it moves to."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import IntegerOrNoneField, strip
from ..notes.forms import VersionForm

MAX_REASON = 500
REASON_RULE = f"Say why the draft is voided (1 to {MAX_REASON} characters)."


class VoidForm(VersionForm):
    """Void a draft: the reason is kept with it."""

    reason = TextAreaField(
        default="",
        filters=[strip],
        validators=[DataRequired(REASON_RULE), Length(max=MAX_REASON, message=REASON_RULE)],
    )


class MoveForm(VersionForm):
    """Move a draft to another of the author's clients (the view checks the client is theirs)."""

    client_id = IntegerOrNoneField(validators=[DataRequired("Pick the client to move it to.")])
