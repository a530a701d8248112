"""The `notewell` commands of the NLP library: structure, review, evaluate, train, export-onnx.

Each command module registers its own subcommand (`register(sub)`), with the function that runs
it as the parser's `run` default. Every error a user can cause prints one sentence and exits 2;
nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..errors import NotewellError
from . import evaluate, export, review, structure, train

EXIT_USAGE = 2
COMMANDS = (structure, review, evaluate, train, export)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the NLP subcommands to a `notewell` parser."""
    for command in COMMANDS:
        command.register(sub)


def run(args: argparse.Namespace) -> int:
    """Run the parsed subcommand; named errors print one sentence and exit 2."""
    try:
        return args.run(args)
    except NotewellError as exc:
        print(f"notewell: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("notewell: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped early (`notewell structure notes.txt | head`): not an error of ours;
        # point stdout at devnull so that flushing it at exit raises nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the NLP-only command line."""
    parser = argparse.ArgumentParser(prog="notewell")
    register(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(argv))
