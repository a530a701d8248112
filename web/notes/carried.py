"""Last session carried forward: the client's previous signed note, and what links to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from assistant.note.risk import RiskStatement

from ..db import db
from ..records import Client, Note

STATUS_LABELS = {"done": "done", "partial": "partial", "not_done": "not done"}


@dataclass
class Carried:
    """What the new-note page shows of the last signed note (its reviewed, signed lines)."""

    note: Note
    date: str
    homework: list[str]
    plan: list[str]
    open_risk: list[RiskStatement] = field(default_factory=list)


def _signed(client: Client) -> list[Note]:
    return list(
        db.session.scalars(
            select(Note).where(
                Note.client_id == client.id,
                Note.author_id == client.therapist_id,
                Note.status == "signed",
            )
        ).all()
    )


def previous_signed(client: Client) -> Note | None:
    """The client's latest signed note (by session date, then id), or None."""
    from ..clients.timeline import sort_key  # the timeline imports this module

    return max(_signed(client), key=sort_key, default=None)


def carried(client: Client) -> Carried | None:
    """The last signed note's homework, plan and the risk still open after it, or None."""
    from ..clients.timeline import build

    signed = _signed(client)
    if not signed:
        return None
    last = build(signed)[-1]
    sections = last.note.fields["sections"]
    return Carried(
        note=last.note,
        date=last.date,
        homework=list(sections.get("homework", [])),
        plan=list(sections.get("plan", [])),
        open_risk=list(last.open_risk),
    )


def reviews(note: Note, previous: Note) -> list[tuple[str, dict[str, Any], str, str]]:
    """The items of `note` linked to `previous`'s homework, in section and text order: the
    section, the item, the homework's words in `previous` and the status as words."""
    homework = previous.structured.get("sections", {}).get("homework", [])
    out = []
    for section, items in note.structured.get("sections", {}).items():
        for item in items:
            ref = item.get("homework_ref")
            if isinstance(ref, int) and 0 <= ref < len(homework):
                status = STATUS_LABELS.get(item.get("homework_status") or "", "not stated")
                out.append((section, item, homework[ref]["text"], status))
    return out


def homework_reviews(note: Note) -> dict[str, list[dict[str, str]]]:
    """For each section, its items that review last session's homework (for the review page)."""
    out: dict[str, list[dict[str, str]]] = {}
    previous = note.previous_note
    if previous is not None and previous.client_id == note.client_id:
        for section, item, homework, status in reviews(note, previous):
            found = {"item": item["text"], "homework": homework, "status": status}
            out.setdefault(section, []).append(found)
    return out
