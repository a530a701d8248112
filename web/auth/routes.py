"""Accounts: the first account on an empty database, signing in and out, one's profile."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from .. import auditlog
from ..db import db
from ..security import login_required, sign_in, sign_out
from ..timezones import zone_names
from .accounts import (
    create_user,
    find_user,
    has_users,
    locked_out,
    update_profile,
    verify_password,
)
from .forms import AccountForm, LoginForm, ProfileForm
from .next_url import safe_next

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.get("/")
def index():
    if not has_users():
        return redirect(url_for("auth.setup"))
    if g.user is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("clients.index"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """The first visit on an empty database creates the admin account."""
    if has_users():
        abort(404)
    form = AccountForm()
    if form.validate_on_submit():
        user = create_user(form.username.data, form.password.data, is_admin=True, **form.profile())
        auditlog.record("create_account", user=user, detail="first account (admin)")
        auditlog.record("login_success", user=user)
        db.session.commit()
        sign_in(user)
        return redirect(url_for("clients.index"))
    error = form.first_error()
    return render_template(
        "auth/setup.html", form=form, error=error, zones=sorted(zone_names())
    ), 400 if error else 200


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not has_users():
        return redirect(url_for("auth.setup"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    username = form.username.data
    user = find_user(username)
    if locked_out(username):
        auditlog.record("login_refused", user=user, username=username, detail="too many failures")
        db.session.commit()
        error, status = "Too many failed attempts: wait 15 minutes and try again.", 429
    elif user is not None and verify_password(user, form.password.data):
        auditlog.record("login_success", user=user)
        db.session.commit()
        sign_in(user)
        return redirect(safe_next(request.args.get("next")) or url_for("clients.index"))
    else:
        auditlog.record("login_failure", username=username)
        db.session.commit()
        error, status = "Wrong user name or password.", 401
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
@login_required
def logout():
    auditlog.record("logout")
    sign_out(g.user)
    db.session.commit()
    flash("Signed out.")
    return redirect(url_for("auth.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The signed-in user's full name, credentials and time zone (what signatures show)."""
    form = ProfileForm(obj=g.user)
    if form.validate_on_submit():
        changed = update_profile(g.user, form.profile())
        if changed:
            auditlog.record("edit_account", detail="changed " + ", ".join(changed))
        db.session.commit()
        flash("Profile saved." if changed else "Nothing changed.")
        return redirect(url_for("auth.profile"))
    error = form.first_error()
    return render_template(
        "auth/profile.html", form=form, error=error, zones=sorted(zone_names())
    ), 400 if error else 200
