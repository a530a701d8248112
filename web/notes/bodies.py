"""What a post to the notes pages must be before a view reads it: the page's form, or (the
flag check as typed) a JSON object of text. Anything else is refused with one sentence."""

from __future__ import annotations

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from .forms import CheckForm

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
JSON_VIEWS = frozenset({"notes.check_flags"})
NOT_JSON = "Send the field as JSON: a section and its text."
NOT_A_FORM = (
    "This address takes the note page's form, not {what}: reload the page and use its buttons."
)


def json_object() -> dict | None:
    """The request's JSON object whose CheckForm keys are all text, else None."""
    try:
        body = request.get_json(silent=True) if request.is_json else None
    except RecursionError:  # nested too deep for the parser: not a field's text
        return None
    if isinstance(body, dict) and all(isinstance(body.get(k), str) for k in CheckForm.KEYS):
        return body
    return None


def check_body() -> ResponseReturnValue | None:
    """Refuse (400) a POST that is not what its view reads; None lets the view run."""
    if request.method != "POST":
        return None
    if request.endpoint in JSON_VIEWS:
        return None if json_object() is not None else (jsonify(error=NOT_JSON), 400)
    if request.mimetype not in FORM_TYPES:
        abort(400, description=NOT_A_FORM.format(what=request.mimetype or "a bare body"))
    return None
