"""A client's notes over time: topics, homework and its follow-up, quotes, open risk."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.note.risk import rules_risk_out

from ..records import Note

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_STOP = {
    "with",
    "that",
    "this",
    "from",
    "into",
    "each",
    "every",
    "daily",
    "week",
    "weekly",
    "will",
    "should",
    "practice",
    "continue",
    "homework",
    "assigned",
    "next",
    "session",
    "before",
    "after",
    "times",
    "about",
    "their",
    "them",
    "when",
    "client",
}


@dataclass
class Homework:
    """One homework line and whether the following note came back to it."""

    text: str
    status: str  # reviewed | not mentioned | no later note


@dataclass
class Entry:
    """One note on the timeline."""

    note: Note
    date: str
    topics: list[str]
    homework: list[Homework] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    open_risk: list[str] = field(default_factory=list)


def _keywords(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _later_text(fields: dict[str, Any]) -> str:
    sections = fields["sections"]
    # What the next session did: its own homework line does not count as a review.
    return " ".join(line for s, lines in sections.items() if s != "homework" for line in lines)


def _reviewed(homework: str, later: str) -> bool:
    words = _keywords(homework)
    later_words = _keywords(later)
    return bool(words) and bool(words & later_words)


def sort_key(note: Note) -> tuple[str, int]:
    """Session date when the note states one, else the day it was written; then id."""
    return (note.fields.get("date") or note.created_at.date().isoformat(), note.id)


def build(notes: list[Note]) -> list[Entry]:
    """The timeline entries, oldest first.

    Homework counts as reviewed when the next note mentions one of its content words outside
    its own homework field (e.g. "sleep diary" followed by "reviewed diary: slept 6h").
    """
    ordered = sorted(notes, key=sort_key)
    entries = []
    for i, note in enumerate(ordered):
        sections = note.fields["sections"]
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        homework = []
        for line in sections.get("homework", []):
            if nxt is None:
                status = "no later note"
            elif _reviewed(line, _later_text(nxt.fields)):
                status = "reviewed"
            else:
                status = "not mentioned"
            homework.append(Homework(line, status))
        entries.append(
            Entry(
                note=note,
                date=sort_key(note)[0],
                topics=list(sections.get("topics", [])),
                homework=homework,
                quotes=list(sections.get("quotes", [])),
                open_risk=[r for r in sections.get("risk", []) if not rules_risk_out(r)],
            )
        )
    return entries
