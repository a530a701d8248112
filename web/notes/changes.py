"""What changes a note, without the pages: create, store the template, sign, flags, addenda.

Each helper adds to the session and to the audit log; the view commits.
"""

from __future__ import annotations

from typing import Any

from .. import auditlog, nlp
from ..db import db
from ..records import Addendum, Client, FlagDecision, Jotting, Note, User, utcnow
from . import review_page


def rendered(note: Note) -> str:
    """The text kept with the note: its template in its own format."""
    return review_page.note_text(note.fields, note.structured, note.format)


def create(client: Client, author: User, text: str, structured: dict[str, Any]) -> Note:
    """A draft note from the pipeline's output, with its jotting."""
    fields = review_page.fields_from_structured(structured)
    note = Note(
        client_id=client.id,
        author_id=author.id,
        status="draft",
        format="soap",
        structured=structured,
        fields=fields,
        session_date=fields["date"] or None,
    )
    note.client = client
    note.author = author
    note.rendered = rendered(note)
    db.session.add(note)
    db.session.flush()
    db.session.add(Jotting(note_id=note.id, author_id=author.id, text=text, original_text=text))
    auditlog.record("create", note_id=note.id, client_id=client.id)
    return note


def jotting_text(note: Note, reader: User) -> str | None:
    """The raw jotting, for its author only."""
    jotting = note.jotting
    return jotting.text if jotting is not None and jotting.author_id == reader.id else None


def open_flags(note: Note, reader: User) -> list[dict[str, Any]]:
    """The pipeline's flags on the jotting that nobody accepted or dismissed yet."""
    decided = {d.key for d in note.decisions}
    return review_page.open_flags(note.structured, jotting_text(note, reader) or "", decided)


def store(note: Note, fields: dict[str, Any], fmt: str | None) -> None:
    """Keep the reviewed template (and the format, when it is one of FORMATS)."""
    note.fields = fields
    note.format = fmt if fmt in review_page.FORMATS else note.format
    note.session_date = fields["date"] or None
    note.rendered = rendered(note)
    note.updated_at = utcnow()


def save_draft(note: Note, fields: dict[str, Any], fmt: str | None) -> None:
    """Store the reviewer's template as the draft."""
    store(note, fields, fmt)
    auditlog.record("edit", note_id=note.id, client_id=note.client_id, detail="saved draft")


def enter_date(note: Note, date: str) -> None:
    """Give an undated draft the session date typed on the sign step."""
    store(note, {**note.fields, "date": date}, note.format)
    auditlog.record("edit", note_id=note.id, client_id=note.client_id, detail="date entered")


def sign(note: Note, signer: User, *, risk_not_assessed: bool = False, open_flags: int = 0) -> None:
    """Lock the note for good, with the signer's name, credentials and time zone as they are now.

    Args:
        note: the draft (its author signs it).
        signer: the signing account; its profile is copied, never looked up again.
        risk_not_assessed: the clinician marked the empty risk section "not assessed".
        open_flags: how many flags were open (and acknowledged) at signing, for the log.
    """
    if risk_not_assessed:
        note.fields = {**note.fields, "risk_not_assessed": True}
    note.status = "signed"
    note.signed_at = utcnow()
    note.signed_name = signer.full_name
    note.signed_credentials = signer.credentials
    note.signed_time_zone = signer.time_zone
    note.rendered = rendered(note)
    detail = f"{open_flags} open flag(s) acknowledged"
    detail += "; risk not assessed" if risk_not_assessed else ""
    auditlog.record("sign", note_id=note.id, client_id=note.client_id, detail=detail)


def _decide(note: Note, reviewer: User, flag: dict[str, Any], decision: str) -> None:
    db.session.add(
        FlagDecision(
            note_id=note.id,
            user_id=reviewer.id,
            key=flag["key"],
            decision=decision,
            kind=flag["kind"],
            flagged_text=flag["text"],
            suggestion=flag.get("suggestion"),
            reason=flag.get("reason", ""),
        )
    )


def accept_rewrite(note: Note, reviewer: User, flag: dict[str, Any]) -> None:
    """Put a flag's rewrite in the jotting and the template, then structure the jotting again.

    Raises assistant's named errors when the rewritten jotting cannot be structured.
    """
    new_text, fields = review_page.apply_rewrite(
        note.jotting.text, note.fields, note.structured, flag
    )
    structured = nlp.structure(new_text)
    _decide(note, reviewer, flag, "accepted")
    note.jotting.text = new_text
    note.structured = structured
    store(note, fields, note.format)
    auditlog.record(
        "edit",
        note_id=note.id,
        client_id=note.client_id,
        detail=f"accepted rewrite ({flag['kind']})",
    )


def dismiss(note: Note, reviewer: User, flag: dict[str, Any]) -> None:
    """Keep the words; record that the reviewer judged the flag wrong."""
    _decide(note, reviewer, flag, "dismissed")
    note.updated_at = utcnow()  # bumps the version: open forms are now stale
    auditlog.record(
        "edit", note_id=note.id, client_id=note.client_id, detail=f"dismissed flag ({flag['kind']})"
    )


def add_addendum(note: Note, author: User, text: str) -> Addendum:
    """A correction under a signed note, with its author and time."""
    addendum = Addendum(note_id=note.id, author_id=author.id, text=text)
    db.session.add(addendum)
    db.session.flush()
    auditlog.record(
        "addendum", note_id=note.id, client_id=note.client_id, detail=f"addendum {addendum.id}"
    )
    return addendum
