"""Handlers of the web subcommands of `notewell` (db upgrade, serve, create-user, reviews,
search)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from assistant.errors import UserError


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
    from .auth.accounts import create_user as add
    from .auth.accounts import find_user
    from .auth.forms import MAX_USERNAME, USERNAME_RULE
    from .auth.passwords import password_problem
    from .auth.usernames import is_safe_username, normalise_username
    from .db import db

    username = normalise_username(args.username)
    if not is_safe_username(username) or len(username) > MAX_USERNAME:
        raise UserError(USERNAME_RULE)
    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")
    problem = password_problem(password, username)
    if problem:
        raise UserError(problem)
    from .timezones import is_zone

    if args.time_zone is not None and not is_zone(args.time_zone):
        raise UserError(f"{args.time_zone!r} is not a time zone (an IANA name such as UTC)")
    app = _app()
    with app.app_context():
        if find_user(username) is not None:
            raise UserError(f"the user name {username!r} is taken")
        add(
            username,
            password,
            is_admin=args.admin,
            full_name=args.full_name.strip()[:200],
            credentials=args.credentials.strip()[:100],
            time_zone=args.time_zone,
        )
        db.session.commit()
    print(f"notewell: account {username} added")
    return 0


def reviews_export(args: argparse.Namespace) -> int:
    """Write the signed notes' reviewed lines as training records (`train roles --from-reviews`)."""
    from .db import db
    from .reviews import export_reviews

    app = _app()
    with app.app_context():
        done = export_reviews(db.session, args.out)
    print(
        f"notewell: {done.written} of {done.signed} signed notes written to {done.path} "
        "(it holds jottings: keep it on this machine, delete it after training)"
    )
    return 0


def search_reindex(args: argparse.Namespace) -> int:
    """Rebuild the search rows of every note; with --embed, make their meaning vectors too."""
    from .db import db
    from .nlp import get_assistant
    from .search.index import reindex
    from .search.meaning import embed_missing

    app = _app()
    with app.app_context():
        done = reindex(db.session)
        db.session.commit()
        embedded = embed_missing(db.session, get_assistant(app)) if args.embed else None
        db.session.commit()
    print(f"notewell: {done.rows} search rows for {done.notes} notes")
    if embedded is not None:
        print(f"notewell: {embedded} rows embedded for search by meaning")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `db upgrade`, `serve`, `create-user`, `reviews export` and `search reindex`."""
    p = sub.add_parser("db", help="the web app's database")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="create or migrate the database (NOTEWELL_DATABASE_URL)")
    up.add_argument("--revision", default="head")
    up.set_defaults(run=db_upgrade)

    p = sub.add_parser("serve", help="serve the web app with waitress")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(run=serve)

    p = sub.add_parser("create-user", help="add an account (the password is asked for)")
    p.add_argument("username")
    p.add_argument("--admin", action="store_true", help="make the account an administrator")
    p.add_argument("--full-name", default="", help="the name signatures show")
    p.add_argument("--credentials", default="", help='e.g. "LCSW" or "PhD, LP"')
    p.add_argument("--time-zone", help="an IANA zone name (default: NOTEWELL_TIME_ZONE, else UTC)")
    p.set_defaults(run=create_user)

    p = sub.add_parser("reviews", help="the clinic's reviewed notes as training data")
    rev_sub = p.add_subparsers(dest="reviews_command", required=True)
    ex = rev_sub.add_parser(
        "export", help="write the signed notes as training records for `train roles`"
    )
    ex.add_argument("--out", type=Path, required=True, help="a new file (written mode 0600)")
    ex.set_defaults(run=reviews_export)

    p = sub.add_parser("search", help="the index of the notes' words and meanings")
    search_sub = p.add_subparsers(dest="search_command", required=True)
    re_ = search_sub.add_parser("reindex", help="rebuild the search rows of every note")
    re_.add_argument(
        "--embed", action="store_true", help="also embed every row (loads the MiniLM encoder)"
    )
    re_.set_defaults(run=search_reindex)
