"""The `notewell` command line for the NLP library: structure, review, evaluate, train.

Every error a user can cause prints one sentence and exits 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence

from .errors import NotewellError

EXIT_USAGE = 2


class UserError(NotewellError):
    """A problem with the command's input that the user can fix."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the NLP subcommands to a `notewell` parser."""
    p = sub.add_parser("structure", help="turn a jotting into a structured note")
    p.add_argument("file", nargs="?", default="-", help="the jotting file, or - for standard input")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--date", type=_date, help="reference date YYYY-MM-DD (default: today)")
    p.add_argument("--batch", metavar="DIR", help="structure every file in DIR")
    p.add_argument("--out", metavar="FILE", help="with --batch: the JSONL file to write")
    p.set_defaults(handler="assistant.commands.structure:run")

    p = sub.add_parser("review", help="print a jotting with flags, reasons, audit and score")
    p.add_argument("file", nargs="?", default="-", help="the jotting file, or - for standard input")
    p.add_argument("--date", type=_date, help="reference date YYYY-MM-DD (default: today)")
    p.set_defaults(handler="assistant.commands.review:run")

    p = sub.add_parser("evaluate", help="score the engine on an annotated JSONL set")
    p.add_argument("path", nargs="+", help="JSONL files in the shared examples' format")
    p.add_argument("--no-classifier", action="store_true", help="rules only")
    p.add_argument("--errors", action="store_true", help="list every miss and false item")
    p.set_defaults(handler="assistant.commands.evaluate:run")

    p = sub.add_parser("train", help="train a learned head")
    p.add_argument("what", choices=["roles"], help="which head")
    p.add_argument("--seed", type=int, default=13)
    p.set_defaults(handler="assistant.commands.train:run")


def dispatch(args: argparse.Namespace) -> int:
    """Run the handler named by the parsed subcommand; map named errors to exit 2."""
    module_name, func_name = args.handler.split(":")
    module = __import__(module_name, fromlist=[func_name])
    handler: Callable[[argparse.Namespace], int] = getattr(module, func_name)
    try:
        return handler(args)
    except NotewellError as exc:
        print(f"notewell: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("notewell: interrupted.", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the NLP-only command line."""
    parser = argparse.ArgumentParser(prog="notewell")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return dispatch(parser.parse_args(argv))
