"""The `notewell` console script: the NLP commands plus the web app's own (db, serve)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from assistant import cli as nlp_cli


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `notewell`."""
    parser = argparse.ArgumentParser(prog="notewell", description="Notewell: structured notes from session jottings.")
    sub = parser.add_subparsers(dest="command", required=True)
    nlp_cli.add_commands(sub)
    return nlp_cli.dispatch(parser.parse_args(argv))
