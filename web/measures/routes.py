"""Measures: add one by hand to a note draft or to the client's record, or remove one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, url_for

from ..clients.routes import page as client_page
from ..db import db
from ..notes.routes import editable
from ..notes.routes import page as note_page
from ..records import Client, Measure
from ..security import get_owned, login_required
from ..timezones import today_in
from . import changes
from .forms import MeasureForm, RemoveMeasureForm

bp = Blueprint("measures", __name__, template_folder="templates")


def _form(*, date_required: bool) -> MeasureForm:
    return MeasureForm(today=today_in(g.user.time_zone), date_required=date_required)


def _error_for(form: MeasureForm) -> str:
    """The id of the first refused field on the page (its message links to it)."""
    return {"name": "measure-name", "score": "measure-score", "measured_on": "measure-date"}.get(
        form.first_error_field() or "", "measure-name"
    )


@bp.post("/notes/<int:note_id>/measures")
@login_required
def add_to_note(note_id: int):
    """A score entered by hand on a draft; its day defaults to the note's session date."""
    note = editable(note_id)
    form = _form(date_required=False)
    if not form.validate():
        return note_page(
            note,
            measure_form=form,
            error=form.first_error(),
            error_for=_error_for(form),
            status=400,
        )
    assert form.instrument is not None
    changes.add(g.user, form.instrument, form.value, form.scale, form.measured_on.date, note=note)
    db.session.commit()
    flash("Measure added.")  # flashes travel in the cookie: no name or score in them
    return redirect(url_for("notes.show", note_id=note.id) + "#measures")


@bp.post("/notes/<int:note_id>/measures/<int:measure_id>/remove")
@login_required
def remove_from_note(note_id: int, measure_id: int):
    """Take a measure off a draft (read from the jotting or entered by hand)."""
    note = editable(note_id)
    measure = get_owned(Measure, measure_id)
    back = url_for("notes.show", note_id=note.id) + "#measures"
    return _remove(measure, measure.note_id == note.id, back)


@bp.post("/clients/<int:client_id>/measures")
@login_required
def add_to_record(client_id: int):
    """A score entered on the client's record, with the day it was taken."""
    client = get_owned(Client, client_id)
    form = _form(date_required=True)
    if not form.validate():
        return client_page(client, measure_form=form, error_for=_error_for(form), status=400)
    assert form.instrument is not None
    changes.add(
        g.user, form.instrument, form.value, form.scale, form.measured_on.date, client=client
    )
    db.session.commit()
    flash("Measure added.")
    return redirect(url_for("clients.show", client_id=client.id) + "#measures")


@bp.post("/clients/<int:client_id>/measures/<int:measure_id>/remove")
@login_required
def remove_from_record(client_id: int, measure_id: int):
    """Take a measure entered on the record off it (a note's measures go with the note)."""
    client = get_owned(Client, client_id)
    measure = get_owned(Measure, measure_id)
    back = url_for("clients.show", client_id=client.id) + "#measures"
    return _remove(measure, measure.client_id == client.id, back)


def _remove(measure: Measure, belongs: bool, back: str):
    """Remove `measure` (404 unless it belongs to the page posted from), then go `back`."""
    if not belongs:
        abort(404)
    RemoveMeasureForm().validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    changes.remove(measure, g.user)
    db.session.commit()
    flash("Measure removed.")
    return redirect(back)
