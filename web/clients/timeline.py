"""A client's notes over time: topics, interventions and the client's response, homework and its
follow-up, measures, quotes, risk and open risk."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.note.risk import RiskStatement, RiskStatus

from ..notes.carried import reviews
from ..notes.review_page import reviewed_risk
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
    # done | partial | not done | not stated (linked by the engine), or, for a next note
    # structured before the links: reviewed | not mentioned; no later note
    status: str


@dataclass(frozen=True)
class Intervention:
    """One intervention line and the taxonomy's canonical names for it (none when unknown)."""

    text: str
    names: tuple[str, ...]


@dataclass
class Entry:
    """One note on the timeline."""

    note: Note
    date: str
    topics: list[str]
    risk: RiskStatus
    homework: list[Homework] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    measures: Sequence[Any] = ()  # the note's measures as the page shows them (measures.Shown)
    open_risk: list[RiskStatement] = field(default_factory=list)
    open_since: str | None = None  # the date of the note that stated the open risk

    @property
    def risk_carried(self) -> bool:
        """The open risk comes from an earlier note: this one neither closed nor restated it."""
        return bool(self.open_risk) and not self.risk.present


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


def _linked_statuses(note: Note, follower: Note) -> dict[str, str]:
    """For each of `note`'s structured homework texts, the first status `follower` links to it."""
    out: dict[str, str] = {}
    for _, _, homework, status in sorted(
        reviews(follower, note), key=lambda r: r[1].get("start", 0)
    ):
        out.setdefault(homework, status)
    return out


def interventions(note: Note, techniques: Callable[[str], list[str]]) -> list[Intervention]:
    """The note's reviewed intervention lines with their canonical names: the pipeline's for a
    line it extracted, else the taxonomy's terms found in the reviewer's words."""
    extracted = {
        item["text"]: item.get("canonical")
        for item in note.structured.get("sections", {}).get("interventions", [])
    }
    out = []
    for line in (raw.strip() for raw in note.fields["sections"].get("interventions", [])):
        if not line:
            continue
        canonical = extracted.get(line)
        out.append(Intervention(line, (canonical,) if canonical else tuple(techniques(line))))
    return out


def _no_techniques(_line: str) -> list[str]:
    return []


def sort_key(note: Note) -> tuple[str, int]:
    """Session date when the note states one, else the day it was written; then id."""
    return (note.fields.get("date") or note.created_at.date().isoformat(), note.id)


def build(
    notes: list[Note],
    *,
    techniques: Callable[[str], list[str]] = _no_techniques,
    measures: Mapping[int, Sequence[Any]] | None = None,
) -> list[Entry]:
    """The timeline entries, oldest first.

    `techniques` names the interventions of a line the reviewer typed (web.nlp.techniques);
    `measures` holds each note's measures by note id, as the page shows them.

    A note structured against this one (its previous_note_id) says what became of each
    homework: the status of the item linked to it (done, partial, not done), or "not
    mentioned". When the next note was structured before those links, homework counts as
    reviewed when it mentions one of its content words outside its own homework field (e.g.
    "sleep diary" followed by "reviewed diary: slept 6h").

    Open risk is the present risk statements of the latest note that has any, carried forward
    until a later note states present risk of its own (open from then on) or has the status
    "denied" (the client denies risk, or it is stated resolved). A note with no risk statement
    or only past risk keeps it open; a safety action is never open risk.
    """
    ordered = sorted(notes, key=sort_key)
    followers: dict[int, Note] = {}
    for note in ordered:
        if note.previous_note_id is not None:
            followers.setdefault(note.previous_note_id, note)
    entries = []
    open_risk: list[RiskStatement] = []
    open_since = None
    for i, note in enumerate(ordered):
        date = sort_key(note)[0]
        risk = reviewed_risk(note.fields, note.structured)
        if risk.present:
            open_risk, open_since = risk.present, date
        elif risk.status == "denied":
            open_risk, open_since = [], None
        sections = note.fields["sections"]
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        follower = followers.get(note.id)
        linked = _linked_statuses(note, follower) if follower is not None else {}
        homework = []
        for line in sections.get("homework", []):
            if follower is not None:
                status = linked.get(line.strip(), "not mentioned")
            elif nxt is None:
                status = "no later note"
            elif nxt.previous_note_id is not None:
                status = "not mentioned"  # structured against another note: no link to this one
            elif _reviewed(line, _later_text(nxt.fields)):
                status = "reviewed"
            else:
                status = "not mentioned"
            homework.append(Homework(line, status))
        entries.append(
            Entry(
                note=note,
                date=date,
                topics=list(sections.get("topics", [])),
                risk=risk,
                homework=homework,
                quotes=list(sections.get("quotes", [])),
                interventions=interventions(note, techniques),
                responses=[r for r in sections.get("client_response", []) if r.strip()],
                measures=(measures or {}).get(note.id, ()),
                open_risk=open_risk,
                open_since=open_since,
            )
        )
    return entries
