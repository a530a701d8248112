"""Handlers of the web subcommands of `notewell` (db upgrade, serve, create-user)."""

from __future__ import annotations

import argparse
import getpass
import sys

from assistant.cli import UserError


def _app():
    from . import create_app

    return create_app()


def db_upgrade(args: argparse.Namespace) -> int:
    """Apply the Alembic migrations to NOTEWELL_DATABASE_URL (default: instance SQLite)."""
    from sqlalchemy.exc import OperationalError

    from .migrate import current, upgrade

    app = _app()
    engine = app.extensions["db_engine"]
    try:
        upgrade(engine, args.revision)
    except OperationalError as exc:
        raise UserError(f"cannot reach the database {engine.url!r}: {exc.orig}") from None
    print(f"notewell: database {engine.url!r} at revision {current(engine)}")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Serve the app with waitress; the pipeline is built before the first request."""
    from waitress import serve as waitress_serve

    from .migrate import current
    from .nlp import get_assistant

    app = _app()
    if current(app.extensions["db_engine"]) is None:
        raise UserError("the database has no tables yet: run `notewell db upgrade` first")
    # The encoder sets torch's threads itself when it loads (NOTEWELL_TORCH_THREADS).
    get_assistant(app)
    print(f"notewell: serving http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    waitress_serve(
        app,
        host=args.host,
        port=args.port,
        threads=args.threads,
        clear_untrusted_proxy_headers=True,
    )
    return 0


def create_user(args: argparse.Namespace) -> int:
    """Add an account from the command line (e.g. a second admin, or after a lost password)."""
    from .auth.accounts import MIN_PASSWORD
    from .auth.accounts import create_user as add
    from .db import db

    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password needs at least {MIN_PASSWORD} characters")
    app = _app()
    with app.app_context():
        from sqlalchemy import select

        from .records import User

        if db.session.scalar(select(User).where(User.username == args.username)):
            raise UserError(f"the user name {args.username!r} is taken")
        add(args.username, password, is_admin=args.admin)
        db.session.commit()
    print(f"notewell: account {args.username} added")
    return 0
