"""The client forms: a new client, and the record's date of birth and diagnoses."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import select
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from ..db import db
from ..forms import CalendarDateField, Form, strip
from ..records import Client, Diagnosis

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


class BirthDateForm(Form):
    """The client's date of birth: optional (empty clears it), never in the future."""

    date_of_birth = CalendarDateField("Date of birth", default="")

    def __init__(self, *, today: dt.date, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.today = today

    def validate_date_of_birth(self, field: CalendarDateField) -> None:
        if field.date is not None and field.date > self.today:
            raise ValidationError(f"Date of birth: {field.data} is in the future.")


# A letter, a digit, a letter or digit (the category), then the dot and up to 4 letters or
# digits (etiology, site, severity, the 7th character): the shape of an ICD-10-CM code.
ICD10_CM = re.compile(r"([A-Z][0-9][A-Z0-9])(?:\.?([A-Z0-9]{1,4}))?")
CODE_SHAPE = (
    "an ICD-10-CM code is a letter, a digit and a letter or digit, then optionally a dot and "
    "up to 4 letters or digits, e.g. F41.1, F32.A or Z63.0."
)
MAX_DESCRIPTION = 200
DESCRIPTION_RULE = f"Give the diagnosis in words (up to {MAX_DESCRIPTION} characters)."


class Icd10CodeField(StringField):
    """An ICD-10-CM code typed freely: `code` holds it in capitals with its dot ("f411" gives
    "F41.1") once the field validated; the text stays as typed for the page."""

    code: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = (self.data or "").strip()

    def pre_validate(self, form: Any) -> None:
        self.code = None
        text = self.data or ""
        if not text:
            raise StopValidation("Give the diagnosis code, e.g. F41.1.")
        found = ICD10_CM.fullmatch(text.upper())
        if found is None:
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise StopValidation(f"“{shown}” is not a diagnosis code: {CODE_SHAPE}")
        category, rest = found.groups()
        self.code = f"{category}.{rest}" if rest else category


class DiagnosisForm(Form):
    """One diagnosis: its code and its words; a code is on a client's list once."""

    code = Icd10CodeField("Code", default="")
    description = StringField(
        default="",
        filters=[strip],
        validators=[
            DataRequired(DESCRIPTION_RULE),
            Length(max=MAX_DESCRIPTION, message=DESCRIPTION_RULE),
            one_line("diagnosis"),
        ],
    )

    def __init__(self, *, client_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client_id = client_id

    def validate_code(self, field: Icd10CodeField) -> None:
        listed = select(Diagnosis.id).where(
            Diagnosis.client_id == self.client_id,
            Diagnosis.code == field.code,
            Diagnosis.removed_at.is_(None),
        )
        if db.session.scalar(listed) is not None:
            raise ValidationError(f"{field.code} is already among this client's diagnoses.")


class RemoveDiagnosisForm(Form):
    """The remove button of one diagnosis (its CSRF token is all it carries)."""
