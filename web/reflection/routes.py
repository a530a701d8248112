"""Reflection pages: what followed each intervention across the caseload, or for one client."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .. import auditlog
from ..db import db
from ..records import Client
from ..security import get_owned, login_required
from .sessions import clients_of, sessions
from .summary import summarise

bp = Blueprint("reflection", __name__, url_prefix="/reflection", template_folder="templates")


@bp.get("")
@login_required
def caseload():
    """Every intervention in the signed-in clinician's signed notes, across their clients."""
    found = sessions(g.user)
    clients = clients_of(g.user, found)
    # ids only, never a name: which clients' notes the page read
    ids = sorted(c.id for c, _ in clients)
    auditlog.record("view_reflection", detail=f"caseload, clients: {ids or 'none'}")
    db.session.commit()
    return render_template("reflection/caseload.html", reflection=summarise(found), clients=clients)


@bp.get("/clients/<int:client_id>")
@login_required
def client(client_id: int):
    """The same for one client of theirs, with the client's responses in words."""
    owned = get_owned(Client, client_id)
    auditlog.record("view_reflection", client_id=owned.id)
    db.session.commit()
    return render_template(
        "reflection/client.html", client=owned, reflection=summarise(sessions(g.user, owned))
    )
