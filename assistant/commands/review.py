"""`notewell review FILE`: the jotting with its flags marked inline, each reason and rewrite, the
note audit and the documentation score: trainee feedback in plain text for any terminal.

Flags are marked [[like this]]^1 (no colours or escape codes), so the output reads the same in a
terminal, a file, a test and an e-mail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..api import Assistant, check_text
from ..note.score import Score, score_note
from ..note.structured import Flag, StructuredNote
from .structure import iso_date, read_jotting

STDIN = "-"


def load_engine() -> Assistant:
    """Build the pipeline (tests swap this for the session's shared engine)."""
    from .. import load

    return load()


def run(args: argparse.Namespace) -> int:
    """Print the review of one jotting; return 0 (errors raise and the CLI exits 2)."""
    text = check_text(read_jotting(args.file))  # empty or too long: refused before loading
    engine = load_engine()
    note = engine.structure(text, reference_date=args.date or dt.date.today())
    label = "standard input" if args.file == STDIN else args.file
    sys.stdout.write(render_review(note, score_note(note), title=label))
    return 0


def mark_flags(text: str, flags: list[Flag]) -> str:
    """Return `text` with each flag wrapped as [[words]]^n, numbered in text order."""
    out: list[str] = []
    pos = 0
    for number, flag in enumerate(sorted(flags, key=lambda f: f.start), 1):
        if flag.start < pos:  # flags never overlap; keep the text intact if one ever does
            continue
        out.append(text[pos : flag.start])
        out.append(f"[[{text[flag.start : flag.end]}]]^{number}")
        pos = flag.end
    out.append(text[pos:])
    return "".join(out)


def render_review(note: StructuredNote, score: Score, *, title: str = "jotting") -> str:
    """The whole review as plain text: marked jotting, flags, audit, score."""
    flags = sorted(note.flags, key=lambda f: f.start)
    lines = [f"Review of {title}", "", "Jotting (flagged wording in [[brackets]]^n):", ""]
    lines += ["  " + line for line in mark_flags(note.text, flags).splitlines()]
    lines += ["", f"Flags ({len(flags)})"]
    if not flags:
        lines.append("  None: no interpretive or jargon wording found.")
    for number, flag in enumerate(flags, 1):
        lines.append(f"  {number}. {flag.kind}: {flag.text}")
        lines.append(f"     Why: {flag.reason}")
        if flag.suggestion and flag.drop_in:
            lines.append(f"     Rewrite: {flag.suggestion}")
        else:
            advice = flag.suggestion or "only you know the facts: describe what was said or done"
            lines.append(f"     Instead: {advice}")
    lines += ["", "Audit"]
    width = max((len(c.id) for c in note.audit), default=0)
    for check in note.audit:
        lines.append(f"  {check.status:<8} {check.id:<{width}}  {check.message}")
    lines += ["", f"Documentation score: {score.total}/100"]
    for part in score.parts:
        earned = f"{part.points:g}/{part.max_points:g}"
        lines.append(f"  {part.label:<20} {earned:>7}  {part.detail}")
    return "\n".join(lines) + "\n"


def register(sub: argparse._SubParsersAction) -> None:
    """Add `notewell review`."""
    p = sub.add_parser("review", help="print a jotting with flags, reasons, audit and score")
    p.add_argument("file", nargs="?", default="-", help="the jotting file, or - for standard input")
    p.add_argument("--date", type=iso_date, help="reference date YYYY-MM-DD (default: today)")
    p.set_defaults(run=run)
