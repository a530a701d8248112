"""Draft pages: void a draft, move it to another client (the author only; others get 404)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from ..db import db
from ..records import Client, Note
from ..security import get_owned, login_required
from . import changes
from .forms import MoveForm, VoidForm

bp = Blueprint("drafts", __name__, template_folder="templates")

STALE = "This draft was changed elsewhere since you opened this page: check it, then try again."


def _draft(note_id: int) -> Note:
    """The signed-in user's draft; a signed note is never voided or moved (409)."""
    note = get_owned(Note, note_id)
    if note.signed:
        abort(
            409,
            description="This note is signed: it cannot be voided or moved; "
            "add an addendum to correct it.",
        )
    return note


def _refusal(form: VoidForm | MoveForm, note: Note) -> tuple[str, int] | None:
    """Why a posted draft form cannot go ahead (409 when stale, 400 when invalid), or None."""
    valid = form.validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    if form.is_stale(note.version):
        return STALE, 409
    if not valid:
        return form.first_error() or "", 400
    return None


@bp.route("/notes/<int:note_id>/void", methods=["GET", "POST"])
@login_required
def void(note_id: int):
    """Ask why, then void the draft."""
    note = _draft(note_id)
    form = VoidForm(version=note.version) if request.method == "GET" else VoidForm()
    error, status = None, 200
    if request.method == "POST":
        refused = _refusal(form, note)
        if refused is None:
            changes.void(note, g.user, form.reason.data)
            db.session.commit()
            flash("Draft voided. It is kept in the records but no longer listed.")
            return redirect(url_for("clients.index"))
        error, status = refused
    return render_template(
        "drafts/void.html", note=note, form=form, version=note.version, error=error
    ), status


@bp.route("/notes/<int:note_id>/move", methods=["GET", "POST"])
@login_required
def move(note_id: int):
    """Pick another of the author's clients, then file the draft there."""
    note = _draft(note_id)
    form = MoveForm(version=note.version) if request.method == "GET" else MoveForm()
    error, status = None, 200
    if request.method == "POST":
        refused = _refusal(form, note)
        if refused is None and form.client_id.data == note.client_id:
            refused = "The draft is already filed under this client.", 400
        if refused is None:
            changes.move(note, get_owned(Client, form.client_id.data))
            db.session.commit()
            # Flashes travel in the session cookie: no client name in them.
            flash("Draft moved; the page now shows the client it is filed under.")
            return redirect(url_for("notes.show", note_id=note.id))
        error, status = refused
    others = db.session.scalars(
        select(Client)
        .where(Client.therapist_id == g.user.id, Client.id != note.client_id)
        .order_by(Client.name)
    ).all()
    return render_template(
        "drafts/move.html", note=note, form=form, clients=others, version=note.version, error=error
    ), status
