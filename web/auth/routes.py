"""Accounts: the first account on an empty database, sign in and out, admins add accounts."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import func, select

from .. import auditlog
from ..db import db
from ..records import AuditEvent, User, utcnow
from ..rendering import utc_stamp
from ..security import admin_required, login_required, sign_in, sign_out

bp = Blueprint("auth", __name__, template_folder="templates")

MIN_PASSWORD = 10


def hasher() -> PasswordHasher:
    """argon2id with the app's configured costs."""
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"], type=Type.ID
    )


def has_users() -> bool:
    """True once the first account exists."""
    return db.session.scalar(select(func.count(User.id))) > 0


def _new_account_error(username: str, password: str, confirm: str) -> str | None:
    if not username or len(username) > 80 or not username.isprintable():
        return "Choose a user name of 1 to 80 characters."
    if len(password) < MIN_PASSWORD:
        return f"The password needs at least {MIN_PASSWORD} characters."
    if password != confirm:
        return "The two passwords differ."
    if db.session.scalar(select(User).where(User.username == username)):
        return "That user name is taken."
    return None


def create_user(username: str, password: str, *, is_admin: bool) -> User:
    """Add an account with an argon2id hash of its password (the caller commits)."""
    user = User(
        username=username,
        password_hash=hasher().hash(password),
        is_admin=is_admin,
        session_version=1,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _locked_out(username: str) -> bool:
    """Too many failed logins for this name since its last success, within the window."""
    cfg = current_app.config
    since = utcnow() - dt.timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"])
    last_ok = db.session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.username == username, AuditEvent.action == "login_success"
        )
    )
    if last_ok is not None:
        last_ok = last_ok if last_ok.tzinfo else last_ok.replace(tzinfo=dt.UTC)
        since = max(since, last_ok)
    failures = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.username == username,
            AuditEvent.action == "login_failure",
            AuditEvent.at > since,
        )
    )
    return failures >= cfg["LOGIN_MAX_FAILURES"]


@bp.get("/")
def index():
    if not has_users():
        return redirect(url_for("auth.setup"))
    if g.user is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("clients.index"))


def _account_from_form(*, is_admin: bool) -> tuple[User | None, str | None, str]:
    """On POST, create the account the form describes; returns (user, error, typed name)."""
    username = request.form.get("username", "").strip()
    if request.method != "POST":
        return None, None, username
    error = _new_account_error(
        username, request.form.get("password", ""), request.form.get("confirm", "")
    )
    if error is not None:
        return None, error, username
    return create_user(username, request.form["password"], is_admin=is_admin), None, username


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """The first visit on an empty database creates the admin account."""
    if has_users():
        abort(404)
    user, error, username = _account_from_form(is_admin=True)
    if user is not None:
        auditlog.record("create_account", user=user, detail="first account (admin)")
        auditlog.record("login_success", user=user)
        db.session.commit()
        sign_in(user)
        return redirect(url_for("clients.index"))
    status = 400 if error else 200
    return render_template("auth/setup.html", error=error, username=username), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not has_users():
        return redirect(url_for("auth.setup"))
    error = None
    status = 200
    username = request.form.get("username", "").strip()[:80]
    if request.method == "POST":
        password = request.form.get("password", "")
        user = db.session.scalar(select(User).where(User.username == username))
        if _locked_out(username):
            auditlog.record(
                "login_refused", user=user, username=username, detail="too many failures"
            )
            db.session.commit()
            error = "Too many failed attempts: wait 15 minutes and try again."
            status = 429
        elif user is not None and _verify(user, password):
            auditlog.record("login_success", user=user)
            db.session.commit()
            sign_in(user)
            target = request.args.get("next", "")
            # Only local paths: never an open redirect.
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("clients.index")
            return redirect(target)
        else:
            auditlog.record("login_failure", username=username)
            db.session.commit()
            error = "Wrong user name or password."
            status = 401
    return render_template("auth/login.html", error=error, username=username), status


def _verify(user: User, password: str) -> bool:
    try:
        return hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@bp.post("/logout")
@login_required
def logout():
    auditlog.record("logout")
    sign_out(g.user)
    db.session.commit()
    flash("Signed out.")
    return redirect(url_for("auth.login"))


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """Admins list accounts and add new ones."""
    user, error, username = _account_from_form(is_admin=request.form.get("is_admin") == "on")
    if user is not None:
        auditlog.record("create_account", detail=f"added account {user.username}")
        db.session.commit()
        flash(f"Account {user.username} added.")
        return redirect(url_for("auth.users"))
    accounts = db.session.scalars(select(User).order_by(User.username)).all()
    status = 400 if error else 200
    return render_template("users.html", accounts=accounts, error=error, username=username), status


@bp.get("/audit")
@admin_required
def audit():
    """The latest audit events: who, what, which note, when (never any note text)."""
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(500)).all()
    auditlog.record("view_audit")
    db.session.commit()
    return render_template("audit.html", events=events, stamp=utc_stamp)
