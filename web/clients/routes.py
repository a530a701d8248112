"""Clients: list and search, add, and each client's timeline."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from .. import auditlog
from ..db import db
from ..drafts import changes as drafts
from ..records import Client, Note
from ..security import get_owned, login_required
from . import timeline
from .forms import ClientForm

bp = Blueprint("clients", __name__, url_prefix="/clients", template_folder="templates")


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


@bp.get("")
@login_required
def index():
    """The signed-in therapist's clients, filtered by name or code."""
    q = request.args.get("q", "").strip()[:100]
    stmt = select(Client).where(Client.therapist_id == g.user.id)
    if q:
        pattern = _like(q)
        stmt = stmt.where(
            or_(Client.name.ilike(pattern, escape="\\"), Client.code.ilike(pattern, escape="\\"))
        )
    clients = db.session.scalars(stmt.order_by(Client.name)).all()
    return render_template(
        "clients/index.html", clients=clients, q=q, drafts=drafts.unsigned(g.user)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = ClientForm(therapist_id=g.user.id)
    if form.validate_on_submit():
        client = Client(therapist_id=g.user.id, name=form.name.data, code=form.code.data)
        db.session.add(client)
        db.session.flush()
        auditlog.record("create_client", client_id=client.id)
        db.session.commit()
        flash(f"Client {client.name} added.")
        return redirect(url_for("clients.show", client_id=client.id))
    error = form.first_error()
    return render_template("clients/new.html", form=form, error=error), 400 if error else 200


@bp.get("/<int:client_id>")
@login_required
def show(client_id: int):
    """The client's timeline: notes in order, topics, homework follow-up, quotes, open risk."""
    client = get_owned(Client, client_id)
    notes = db.session.scalars(
        select(Note).where(
            Note.client_id == client.id, Note.author_id == g.user.id, Note.status != "voided"
        )
    ).all()
    auditlog.record("view_timeline", client_id=client.id)
    db.session.commit()
    return render_template(
        "clients/timeline.html", client=client, entries=timeline.build(list(notes))
    )
