"""Who is signed in, who owns what, and the headers every response carries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import and_, or_, select

from .db import db
from .records import Addendum, Client, Diagnosis, Measure, Note, TreatmentPlan, User

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

Owned = TypeVar("Owned", Client, Note, Addendum, Diagnosis, TreatmentPlan, Measure)
MAX_ID = 2**31 - 1  # the largest id an INTEGER primary key holds on PostgreSQL


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def sign_in(user: User) -> None:
    """Start a session for `user`, bound to the account's current session version."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["sv"] = user.session_version


def sign_out(user: User) -> None:
    """End every session of `user` on the server side, then clear this cookie."""
    user.session_version += 1
    session.clear()


def load_user() -> None:
    """Set g.user from the cookie, if its session version is still the account's."""
    g.user = None
    uid = session.get("uid")
    if uid is None:
        return
    user = db.session.get(User, uid)
    if user is None or user.session_version != session.get("sv"):
        session.clear()
        return
    g.user = user


F = TypeVar("F", bound=Callable[..., Any])


def login_required(view: F) -> F:
    """Send anonymous visitors to the login page."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Only admins may pass; others get 404 (the page does not exist for them)."""

    @functools.wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not g.user.is_admin:
            abort(404)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def get_owned(model: type[Owned], object_id: int) -> Owned:
    """The one lookup for clients and what they hold: 404 unless the signed-in user owns it.

    Args:
        model: Client, Note, Addendum, Diagnosis (one still listed), TreatmentPlan or
            Measure (one still listed, on the user's record or a note of theirs not voided).
        object_id: the id from the URL.
    Returns:
        The object; anything else (missing or someone else's) aborts with 404.
    """
    if not isinstance(object_id, int) or not 0 < object_id <= MAX_ID:
        abort(404)  # no row has it, and the database would refuse to compare it
    uid = g.user.id
    if model is Client:
        stmt = select(Client).where(Client.id == object_id, Client.therapist_id == uid)
    elif model is Note:
        # A voided draft is gone for everyone: its row stays only for the records.
        stmt = select(Note).where(
            Note.id == object_id, Note.author_id == uid, Note.status != "voided"
        )
    elif model is Addendum:
        stmt = (
            select(Addendum)
            .join(Note, Addendum.note_id == Note.id)
            .where(Addendum.id == object_id, Note.author_id == uid)
        )
    elif model is Diagnosis:
        # A removed diagnosis is gone from the record's pages: its row stays for the records.
        stmt = (
            select(Diagnosis)
            .join(Client, Diagnosis.client_id == Client.id)
            .where(
                Diagnosis.id == object_id,
                Client.therapist_id == uid,
                Diagnosis.removed_at.is_(None),
            )
        )
    elif model is TreatmentPlan:
        stmt = (
            select(TreatmentPlan)
            .join(Client, TreatmentPlan.client_id == Client.id)
            .where(TreatmentPlan.id == object_id, Client.therapist_id == uid)
        )
    elif model is Measure:
        stmt = (
            select(Measure)
            .outerjoin(Client, Measure.client_id == Client.id)
            .outerjoin(Note, Measure.note_id == Note.id)
            .where(
                Measure.id == object_id,
                Measure.removed_at.is_(None),
                or_(
                    Client.therapist_id == uid,
                    and_(Note.author_id == uid, Note.status != "voided"),
                ),
            )
        )
    else:  # pragma: no cover - a programming error, not a user's
        raise TypeError(f"no ownership rule for {model.__name__}")
    obj = db.session.scalars(stmt).first()
    if obj is None:
        abort(404)
    return obj


def security_headers(response: Response) -> Response:
    """Strict CSP and friends on every response; no caching of anything but static files."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response
