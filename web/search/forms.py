"""The search form: the words, and the client when the search is one client's."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import ValidationError

from ..forms import UNKEEPABLE, Form, IntegerOrNoneField
from .query import Query, QueryError, parse


class SearchForm(Form):
    """A search (posted, so the words stay out of addresses, histories and proxy logs)."""

    q = StringField("Search", default="")
    client_id = IntegerOrNoneField()
    query: Query | None = None

    def validate_q(self, field: StringField) -> None:
        if UNKEEPABLE.search(field.data or ""):
            raise ValidationError(
                "The search holds a control character or broken text (often from a "
                "copy-paste): type the words again."
            )
        try:
            self.query = parse(field.data or "")
        except QueryError as exc:
            raise ValidationError(str(exc)) from None
