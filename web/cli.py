"""The `notewell` console script: the NLP commands plus the web app's own (db, serve)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from assistant import cli as nlp_cli


def add_web_commands(sub: argparse._SubParsersAction) -> None:
    """Add `db upgrade`, `serve` and `create-user`."""
    p = sub.add_parser("db", help="the web app's database")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="create or migrate the database (NOTEWELL_DATABASE_URL)")
    up.add_argument("--revision", default="head")
    up.set_defaults(handler="web.commands:db_upgrade")

    p = sub.add_parser("serve", help="serve the web app with waitress")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000)
    p.add_argument("--threads", type=int, default=8)
    p.set_defaults(handler="web.commands:serve")

    p = sub.add_parser("create-user", help="add an account (the password is asked for)")
    p.add_argument("username")
    p.add_argument("--admin", action="store_true", help="make the account an administrator")
    p.set_defaults(handler="web.commands:create_user")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `notewell`."""
    parser = argparse.ArgumentParser(
        prog="notewell", description="Notewell: structured notes from session jottings."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    nlp_cli.add_commands(sub)
    add_web_commands(sub)
    return nlp_cli.dispatch(parser.parse_args(argv))
