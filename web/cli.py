"""The `notewell` console script: the NLP commands plus the web app's own (db, serve)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from assistant import commands as nlp_commands

from . import commands


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `notewell`."""
    parser = argparse.ArgumentParser(
        prog="notewell", description="Notewell: structured notes from session jottings."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    nlp_commands.register(sub)
    commands.register(sub)
    return nlp_commands.run(parser.parse_args(argv))
