"""Accounts without the pages: password hashes, adding an account, the login limit."""

from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from ..db import db
from ..records import AuditEvent, User, utcnow
from ..timezones import default_zone
from .usernames import normalise_username


def hasher() -> PasswordHasher:
    """argon2id with the app's configured costs."""
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"], type=Type.ID
    )


def has_users() -> bool:
    """True once the first account exists."""
    return db.session.scalar(select(func.count(User.id))) > 0


def find_user(username: str) -> User | None:
    """The account whose name, normalised, is this one normalised, if any.

    Names are stored normalised since the rule; an account named before it (say "Dr.Smith")
    is found by comparing each stored name's normal form, so it still signs in and its
    look-alikes stay taken.
    """
    name = normalise_username(username)
    user = db.session.scalar(select(User).where(User.username == name))
    if user is not None:
        return user
    older = db.session.scalars(select(User).where(User.username != name))
    return next((u for u in older if normalise_username(u.username) == name), None)


def create_user(
    username: str,
    password: str,
    *,
    is_admin: bool,
    full_name: str = "",
    credentials: str = "",
    time_zone: str | None = None,
) -> User:
    """Add an account with an argon2id hash of its password (the caller commits).

    Args:
        username: the sign-in name (stored normalised).
        password: the password, hashed here.
        is_admin: whether the account administers others.
        full_name: the name signatures show.
        credentials: what follows the name on a signature (e.g. "LCSW").
        time_zone: an IANA zone already checked by the form (default: the app's).
    Returns:
        The new, flushed account.
    """
    user = User(
        username=normalise_username(username),
        password_hash=hasher().hash(password),
        is_admin=is_admin,
        session_version=1,
        full_name=full_name,
        credentials=credentials,
        time_zone=time_zone or default_zone(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the account's."""
    try:
        return hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def locked_out(username: str) -> bool:
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


PROFILE_FIELDS = ("full_name", "credentials", "time_zone")


def update_profile(user: User, values: dict[str, str]) -> list[str]:
    """Set the account's full name, credentials and time zone; return the names that changed."""
    changed = [name for name in PROFILE_FIELDS if getattr(user, name) != values[name]]
    for name in changed:
        setattr(user, name, values[name])
    return changed
