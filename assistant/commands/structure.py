"""`notewell structure [FILE|-] [--format F] [--date D] [--previous NOTE.json]`, and `--batch`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..api import DEFAULT_MAX_CHARS, Assistant, load
from ..errors import NotewellError, UserError

READ_LIMIT = DEFAULT_MAX_CHARS * 4 + 1  # bytes read at most: enough to tell "too long" apart


def read_jotting(source: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Read a jotting from a file path or "-" (standard input) as UTF-8 text.

    Args:
        source: a path, or "-" for standard input.
        max_chars: the engine's limit, so that a huge file is refused without reading all of it.
    Returns:
        The text.
    """
    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            raw = (
                sys.stdin.buffer.read(READ_LIMIT)
                if hasattr(sys.stdin, "buffer")
                else (sys.stdin.read(READ_LIMIT).encode("utf-8"))
            )
        else:
            path = Path(source)
            if not path.exists():
                raise UserError(f"The file {source} does not exist.")
            if path.is_dir():
                raise UserError(f"{source} is a folder: give a file, or use --batch {source}.")
            with path.open("rb") as handle:
                raw = handle.read(READ_LIMIT)
    except OSError as exc:
        raise UserError(f"Cannot read {name}: {exc.strerror or exc}.") from None
    if b"\x00" in raw:
        raise UserError(f"{name} looks like a binary file, not a text jotting.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{name} is not UTF-8 text: save it as UTF-8 and try again.") from None
    return text.removeprefix("\ufeff")


def _render(note: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(note, ensure_ascii=False, indent=2)
    from ..note.formats import render_note

    return render_note(note, fmt)


def read_previous(source: str) -> dict:
    """Read the previous note (its note-schema JSON) for `--previous FILE`."""
    text = read_jotting(source, READ_LIMIT)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{source} is not JSON ({exc.msg}, line {exc.lineno}).") from None
    if not isinstance(data, dict):
        raise UserError(f"{source} must hold one note: a JSON object as `--format json` prints.")
    return data


def _structure_one(engine: Assistant, args: argparse.Namespace) -> int:
    previous = read_previous(args.previous) if args.previous else None
    text = read_jotting(args.file, engine.max_chars)
    note = engine.structure(text, reference_date=args.date, previous=previous)
    print(_render(note.to_dict(), args.format))
    return 0


def _structure_batch(engine: Assistant, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    folder = Path(args.batch)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise UserError(f"The folder {args.batch} holds no files.")
    failed = 0
    try:
        out = open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"Cannot write {args.out}: {exc.strerror or exc}.") from None
    with out:
        for path in tqdm(files, desc="structuring", unit="note", file=sys.stderr):
            row: dict = {"file": path.name}
            try:
                text = read_jotting(str(path), engine.max_chars)
                row["note"] = engine.structure(text, reference_date=args.date).to_dict()
            except NotewellError as exc:
                row["error"] = str(exc)
                failed += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    done = len(files) - failed
    print(f"notewell: {done} of {len(files)} jottings structured into {args.out}.", file=sys.stderr)
    if failed:
        print(f'notewell: {failed} could not be read; see their "error" lines.', file=sys.stderr)
    return 0 if not failed else 1


def run(args: argparse.Namespace) -> int:
    """Structure one jotting (print it) or a folder of them (write JSONL); return the exit code."""
    if args.previous and args.batch:
        raise UserError("--previous goes with one jotting, not --batch.")
    if args.out and not args.batch:
        raise UserError("--out goes with --batch DIR; for one jotting the note is printed.")
    if args.batch:
        if not Path(args.batch).is_dir():
            raise UserError(f"--batch needs a folder; {args.batch} is not one.")
        if not args.out:
            raise UserError("--batch needs --out FILE for the results (one JSON line per jotting).")
        return _structure_batch(load(), args)
    if args.file != "-" and not Path(args.file).exists():
        raise UserError(f"The file {args.file} does not exist.")
    return _structure_one(load(), args)


def iso_date(value: str) -> dt.date:
    """An argparse type: a date in the form YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add `notewell structure`."""
    p = sub.add_parser("structure", help="turn a jotting into a structured note")
    p.add_argument("file", nargs="?", default="-", help="the jotting file, or - for standard input")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--date", type=iso_date, help="reference date YYYY-MM-DD (default: today)")
    p.add_argument(
        "--previous", metavar="FILE", help="the client's last note as JSON: link homework reviews"
    )
    p.add_argument("--batch", metavar="DIR", help="structure every file in DIR")
    p.add_argument("--out", metavar="FILE", help="with --batch: the JSONL file to write")
    p.set_defaults(run=run)
