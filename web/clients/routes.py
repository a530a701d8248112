"""Clients: list and search, add, and each client's timeline."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from .. import auditlog
from ..db import db
from ..records import Client, Note
from ..security import get_owned, login_required
from . import timeline

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
    return render_template("clients/index.html", clients=clients, q=q)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    error = None
    name = request.form.get("name", "").strip()
    code = request.form.get("code", "").strip()
    if request.method == "POST":
        if not name or len(name) > 200:
            error = "Give the client's name (up to 200 characters)."
        elif not code or len(code) > 40:
            error = "Give the client a code (up to 40 characters), e.g. their record number."
        elif db.session.scalar(
            select(Client).where(Client.therapist_id == g.user.id, Client.code == code)
        ):
            error = f"You already have a client with the code {code}."
        else:
            client = Client(therapist_id=g.user.id, name=name, code=code)
            db.session.add(client)
            db.session.flush()
            auditlog.record("create_client", client_id=client.id)
            db.session.commit()
            flash(f"Client {client.name} added.")
            return redirect(url_for("clients.show", client_id=client.id))
    status = 400 if error else 200
    return render_template("clients/new.html", error=error, name=name, code=code), status


@bp.get("/<int:client_id>")
@login_required
def show(client_id: int):
    """The client's timeline: notes in order, topics, homework follow-up, quotes, open risk."""
    client = get_owned(Client, client_id)
    notes = db.session.scalars(
        select(Note).where(Note.client_id == client.id, Note.author_id == g.user.id)
    ).all()
    auditlog.record("view_timeline", client_id=client.id)
    db.session.commit()
    return render_template(
        "clients/timeline.html", client=client, entries=timeline.build(list(notes))
    )
