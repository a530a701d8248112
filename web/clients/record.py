"""What changes a client's record, without the pages: date of birth and diagnoses.

Each helper adds to the session and to the audit log (ids only: never a date or a code); the
view commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from .. import auditlog
from ..db import db
from ..records import Client, Diagnosis, User, utcnow


def age(birth: dt.date | None, today: dt.date) -> int | None:
    """Whole years from `birth` to `today`, or None without a date of birth."""
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def set_date_of_birth(client: Client, birth: dt.date | None) -> bool:
    """Record (or clear, with None) the client's date of birth; False when it was already so."""
    if client.date_of_birth == birth:
        return False
    if birth is None:
        what = "date of birth cleared"
    else:
        what = "date of birth changed" if client.date_of_birth else "date of birth entered"
    client.date_of_birth = birth
    auditlog.record("edit_client", client_id=client.id, detail=what)
    return True


def diagnoses(client: Client) -> list[Diagnosis]:
    """The client's listed diagnoses, in the order they were added."""
    stmt = select(Diagnosis).where(Diagnosis.client_id == client.id, Diagnosis.removed_at.is_(None))
    return list(db.session.scalars(stmt.order_by(Diagnosis.id)))


def add_diagnosis(client: Client, clinician: User, code: str, description: str) -> Diagnosis:
    """List a diagnosis (`code` already in its normal form) on the client's record."""
    diagnosis = Diagnosis(
        client_id=client.id, code=code, description=description, added_by_id=clinician.id
    )
    db.session.add(diagnosis)
    db.session.flush()
    auditlog.record("add_diagnosis", client_id=client.id, detail=f"diagnosis {diagnosis.id}")
    return diagnosis


def remove_diagnosis(diagnosis: Diagnosis, clinician: User) -> None:
    """Take a diagnosis off the record's pages; the row stays with who removed it and when."""
    diagnosis.removed_at = utcnow()
    diagnosis.removed_by_id = clinician.id
    auditlog.record(
        "remove_diagnosis", client_id=diagnosis.client_id, detail=f"diagnosis {diagnosis.id}"
    )
