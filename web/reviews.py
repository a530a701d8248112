"""The clinic's reviewed notes as training records, for `notewell train roles --from-reviews`.

Run on the clinic's own server by whoever runs it (`notewell reviews export --out FILE`): the file
holds jottings, which are psychotherapy notes, so it is written for its owner only (mode 0600),
never overwritten, and the export is in the audit log. Only signed notes count: a signed note is
what a clinician approved. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.classifier.reviews import record_from_review
from assistant.errors import UserError

from .records import AuditEvent, Note


@dataclass
class Exported:
    """What one export wrote."""

    written: int  # records in the file
    signed: int  # signed notes read
    path: Path


def _reference_date(note: Note) -> str:
    if note.session_date:
        return note.session_date
    when = note.signed_at or note.created_at
    return when.date().isoformat()


def export_reviews(session: Session, out: Path) -> Exported:
    """Write one training record per signed note whose reviewed lines can be placed.

    Raises:
        UserError: `out` exists already or cannot be written.
    """
    notes = session.scalars(select(Note).where(Note.status == "signed").order_by(Note.id)).all()
    records = []
    for note in notes:
        if note.jotting is None:
            continue
        rec = record_from_review(
            note.jotting.text,
            note.structured or {},
            note.fields or {},
            record_id=f"review-{note.id}",
            reference_date=_reference_date(note),
        )
        if rec is not None:
            records.append(rec)
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(f"{out} exists: give a new file name") from None
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body)
    session.add(
        AuditEvent(
            username="command line",
            action="export_reviews",
            detail=f"{len(records)} of {len(notes)} signed notes written as training records",
        )
    )
    session.commit()
    return Exported(written=len(records), signed=len(notes), path=out)
