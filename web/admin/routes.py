"""Admin pages: the accounts and the audit log (404 for a signed-in non-admin)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select

from .. import auditlog
from ..auth.accounts import create_user
from ..db import db
from ..records import AuditEvent, User
from ..security import admin_required
from ..timezones import zone_names
from .forms import NewAccountForm

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """Admins list accounts and add new ones."""
    form = NewAccountForm()
    if form.validate_on_submit():
        user = create_user(
            form.username.data,
            form.password.data,
            is_admin=form.is_admin.data,
            **form.profile(),
        )
        auditlog.record("create_account", detail=f"added account {user.username}")
        db.session.commit()
        flash(f"Account {user.username} added.")
        return redirect(url_for("admin.users"))
    accounts = db.session.scalars(select(User).order_by(User.username)).all()
    error = form.first_error()
    return render_template(
        "admin/users.html", accounts=accounts, form=form, error=error, zones=sorted(zone_names())
    ), 400 if error else 200


@bp.get("/audit")
@admin_required
def audit_log():
    """The latest audit events: who, what, which note, when (never any note text)."""
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(500)).all()
    auditlog.record("view_audit")
    db.session.commit()
    return render_template("admin/audit_log.html", events=events)
