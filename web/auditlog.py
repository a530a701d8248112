"""The append-only audit log: who did what to which note, when (UTC)."""

from __future__ import annotations

from flask import g, request

from .db import db
from .records import AuditEvent, User


def record(
    action: str,
    *,
    note_id: int | None = None,
    client_id: int | None = None,
    detail: str = "",
    user: User | None = None,
    username: str | None = None,
) -> None:
    """Add one event to the current transaction; the caller commits.

    Args:
        action: what happened (login_success, login_failure, view, create, edit, sign, export...).
        note_id: the note concerned, if any.
        client_id: the client concerned, if any.
        detail: a short description (never the note's text).
        user: who did it (default: the signed-in user).
        username: for failed logins, the name that was tried (then g.user is not used).
    """
    if user is None and username is None:
        user = g.get("user")
    db.session.add(
        AuditEvent(
            user_id=user.id if user else None,
            username=(user.username if user else username or "")[:80],
            action=action,
            note_id=note_id,
            client_id=client_id,
            detail=detail[:500],
            ip=(request.remote_addr or "")[:64],
        )
    )
