"""What changes a client's measures, without the pages, and the measures a page shows.

A note's measures are read from its jotting when the note is made (assistant's `measures`),
and the reviewer adds or removes them while it is a draft; the client's record holds measures
entered by hand. Each change is audited (ids only: never a name or a score); the view commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from assistant.measures.instruments import Instrument, instruments
from assistant.measures.readings import typed

from .. import auditlog
from ..clients.measures_chart import Point
from ..clients.timeline import sort_key
from ..db import db
from ..records import Client, Measure, Note, User, utcnow


def read_from_jotting(note: Note, author: User) -> list[Measure]:
    """Keep the measures the engine read in a new note's jotting (unknown or out of range: none).

    Args:
        note: the new draft, flushed (it has its id), with the pipeline's output.
        author: who wrote the jotting.
    Returns:
        The stored measures, in jotting order.
    """
    table = instruments()
    kept = []
    for index, found in enumerate(note.structured.get("measures") or []):
        instrument = table.get(found.get("name"))
        value, scale = found.get("value"), found.get("scale")
        numbers = all(isinstance(n, int | float) for n in (value, scale))
        if instrument is None or not numbers or instrument.problem(value, scale) is not None:
            continue
        measure = Measure(
            note_id=note.id,
            name=instrument.name,
            value=value,
            scale=scale,
            source="jotting",
            jotting_index=index,
            added_by_id=author.id,
        )
        db.session.add(measure)
        kept.append(measure)
    if kept:
        db.session.flush()
        ids = ", ".join(str(m.id) for m in kept)
        detail = f"measure{'s' if len(kept) > 1 else ''} {ids} read from the jotting"
        auditlog.record("add_measure", note_id=note.id, client_id=note.client_id, detail=detail)
    return kept


def add(
    by: User,
    instrument: Instrument,
    value: float,
    scale: float,
    measured_on: dt.date | None,
    *,
    note: Note | None = None,
    client: Client | None = None,
) -> Measure:
    """Enter a measure by hand on a note draft or (without a note) on the client's record."""
    measure = Measure(
        note_id=note.id if note else None,
        client_id=None if note else client.id if client else None,
        name=instrument.name,
        value=value,
        scale=scale,
        measured_on=measured_on,
        source="reviewer",
        added_by_id=by.id,
    )
    db.session.add(measure)
    db.session.flush()
    client_id = note.client_id if note else measure.client_id
    auditlog.record(
        "add_measure",
        note_id=measure.note_id,
        client_id=client_id,
        detail=f"measure {measure.id} entered",
    )
    return measure


def remove(measure: Measure, by: User) -> None:
    """Take a measure off every page and export; the row stays with who removed it and when."""
    measure.removed_at = utcnow()
    measure.removed_by_id = by.id
    client_id = measure.note.client_id if measure.note else measure.client_id
    auditlog.record(
        "remove_measure",
        note_id=measure.note_id,
        client_id=client_id,
        detail=f"measure {measure.id}",
    )


def of_note(note: Note) -> list[Measure]:
    """The note's listed measures, in the order they were added."""
    if note.id is None:  # not flushed yet: it has none (and `== None` would match the record's)
        return []
    stmt = select(Measure).where(Measure.note_id == note.id, Measure.removed_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Measure.id)))


def of_client(client: Client, reader: User) -> list[Measure]:
    """The client's listed measures: the record's and those of `reader`'s notes (not voided)."""
    on_record = select(Measure).where(Measure.client_id == client.id, Measure.removed_at.is_(None))
    on_notes = (
        select(Measure)
        .join(Note, Measure.note_id == Note.id)
        .where(
            Note.client_id == client.id,
            Note.author_id == reader.id,
            Note.status != "voided",
            Measure.removed_at.is_(None),
        )
    )
    found = [*db.session.scalars(on_record), *db.session.scalars(on_notes)]
    return sorted(found, key=lambda m: (date_of(m), m.id))


def date_of(measure: Measure) -> str:
    """The day a measure was taken (ISO): as entered, else its note's session date."""
    if measure.measured_on is not None:
        return measure.measured_on.isoformat()
    assert measure.note is not None  # the record's measures always carry their date
    return sort_key(measure.note)[0]


def value_text(measure: Measure) -> str:
    """The score as a page shows it: "14/27", "6.5/10", or a screen's "positive"."""
    instrument = instruments().get(measure.name)
    if instrument is not None and instrument.kind == "screen":
        return "positive" if measure.value >= 1 else "negative"
    value = typed(measure.value)
    return f"{value}/{typed(measure.scale)}" if measure.scale is not None else str(value)


def asks_about_risk(measure: Measure) -> bool:
    """Whether the score asks for a risk assessment (PHQ-9 item 9 above 0)."""
    instrument = instruments().get(measure.name)
    return instrument is not None and instrument.asks_about_risk(measure.value)


@dataclass(frozen=True)
class Shown:
    """A measure as a page shows it; a note's keeps the jotting's words it was read from."""

    measure: Measure
    date: str
    value: str
    words: str | None  # the jotting's words, for the note's review page (its author) only
    anchor: str | None  # the id of those words in the review page's jotting
    risk: bool

    @property
    def on_record(self) -> bool:
        """Entered on the client's record, not on a note."""
        return self.measure.note_id is None


def shown(measures: list[Measure]) -> list[Shown]:
    """The measures as a page shows them, in the order given."""
    out = []
    for m in measures:
        words = anchor = None
        found = (m.note.structured.get("measures") or []) if m.note is not None else []
        if m.jotting_index is not None and m.jotting_index < len(found):
            words, anchor = found[m.jotting_index]["text"], f"src-measure-{m.jotting_index}"
        out.append(Shown(m, date_of(m), value_text(m), words, anchor, asks_about_risk(m)))
    return out


def chart_points(rows: list[Shown]) -> list[Point]:
    """The scores of a client's page as the chart's points."""
    return [
        Point(
            r.measure.name,
            dt.date.fromisoformat(r.date),
            r.measure.value,
            r.measure.scale or 1.0,
            r.value,
        )
        for r in rows
    ]


def for_note(measures: list[Measure]) -> list[dict[str, Any]]:
    """The listed measures as a note dict carries them (assistant/note/measure_lines.py): name,
    value, scale and the day taken, never the jotting's words."""
    return [
        {
            "name": m.name,
            "value": typed(m.value),
            "scale": typed(m.scale) if m.scale is not None else None,
            "date": date_of(m),
        }
        for m in measures
    ]


def for_audit(measures: list[Measure]) -> list[dict[str, Any]]:
    """The measures in the note schema's shape, for assistant's audit of the reviewed note
    (offsets -1: the reviewed list, not the jotting's words)."""
    return [
        {
            "name": m.name,
            "value": typed(m.value),
            "scale": m.scale,
            "text": "",
            "start": -1,
            "end": -1,
        }
        for m in measures
    ]
