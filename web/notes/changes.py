"""What changes a note, without the pages: create, store the template, sign, flags, addenda.

Each helper adds to the session and to the audit log; the view commits.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

import assistant

from .. import auditlog, nlp
from ..db import db
from ..goals import changes as goals
from ..measures import changes as measures
from ..records import Addendum, Client, FlagDecision, Jotting, Note, User, utcnow
from . import field_flags, review_page


def rendered(note: Note) -> str:
    """The text kept with the note: its template in its own format, with its goal progress
    and its listed measures."""
    # Read without flushing: a flush here would bump the version of a note being changed.
    with db.session.no_autoflush:
        listed = measures.for_note(measures.of_note(note))
    return review_page.note_text(
        note.fields, note.structured, note.format, goals.of_note(note, note.fields), listed
    )


def create(
    client: Client,
    author: User,
    text: str,
    structured: dict[str, Any],
    previous: Note | None = None,
) -> Note:
    """A draft note from the pipeline's output, with its jotting (structured against
    `previous`, the client's last signed note, when there is one)."""
    fields = review_page.fields_from_structured(structured)
    note = Note(
        client_id=client.id,
        author_id=author.id,
        status="draft",
        format="soap",
        structured=structured,
        fields=fields,
        session_date=fields["date"] or None,
        previous_note_id=previous.id if previous is not None else None,
    )
    note.client = client
    note.author = author
    note.rendered = rendered(note)
    db.session.add(note)
    db.session.flush()
    db.session.add(Jotting(note_id=note.id, author_id=author.id, text=text, original_text=text))
    auditlog.record("create", note_id=note.id, client_id=client.id)
    measures.read_from_jotting(note, author)
    return note


def jotting_text(note: Note, reader: User) -> str | None:
    """The raw jotting, for its author only."""
    jotting = note.jotting
    return jotting.text if jotting is not None and jotting.author_id == reader.id else None


def check(text: str) -> list[dict[str, Any]]:
    """The engine's flags of a reviewed field; none (and a log line) when the engine fails."""
    try:
        return nlp.flags(text)
    except assistant.NotewellError:
        return []
    except Exception:  # noqa: BLE001 - a pipeline fault must not take the page down
        current_app.logger.exception("flagging a field failed")
        return []


def dismissed_keys(note: Note) -> set[str]:
    """The occurrences the reviewer judged wrongly flagged."""
    return {d.key for d in note.decisions if d.decision == "dismissed"}


def open_flags(note: Note, *, fields: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The open flags of the note as it will be signed: its fields (or `fields`), re-checked."""
    return field_flags.open_flags(
        fields or note.fields, check, dismissed_keys(note), review_page.FIELD_ORDER
    )


def store(note: Note, fields: dict[str, Any], fmt: str | None) -> None:
    """Keep the reviewed template (and the format, when it is one of the formats)."""
    note.fields = fields
    note.format = fmt if fmt in review_page.formats() else note.format
    note.session_date = fields["date"] or None
    note.rendered = rendered(note)
    note.updated_at = utcnow()


def save_draft(
    note: Note, fields: dict[str, Any], fmt: str | None, detail: str = "saved draft"
) -> None:
    """Store the reviewer's template as the draft."""
    store(note, fields, fmt)
    auditlog.record("edit", note_id=note.id, client_id=note.client_id, detail=detail)


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
    goals.freeze(note, signer)  # written while the note is a draft: signed rows never change
    note.rendered = rendered(note)  # read before the status changes: one update of the note
    note.status = "signed"
    note.signed_at = utcnow()
    note.signed_name = signer.full_name
    note.signed_credentials = signer.credentials
    note.signed_time_zone = signer.time_zone
    detail = f"{open_flags} open flag(s) acknowledged"
    detail += "; risk not assessed" if risk_not_assessed else ""
    auditlog.record("sign", note_id=note.id, client_id=note.client_id, detail=detail)


def _decide(
    note: Note, reviewer: User, flag: dict[str, Any], decision: str, key: str | None = None
) -> FlagDecision:
    found = FlagDecision(
        note_id=note.id,
        user_id=reviewer.id,
        key=(key or flag["key"])[:300],
        decision=decision,
        kind=flag["kind"],
        flagged_text=flag["text"],
        suggestion=flag.get("suggestion"),
        reason=flag.get("reason", ""),
    )
    db.session.add(found)
    note.decisions.append(found)
    return found


def _shift_dismissed(note: Note, section: str, words: str, since: int, delta: int) -> None:
    """Keep dismissals on their occurrence when an earlier one of the same words comes or goes."""
    for d in note.decisions:
        parsed = field_flags.parse_key(d.key) if d.decision == "dismissed" else None
        if parsed and parsed[0] == section and parsed[3] == words and parsed[2] > since:
            d.key = f"{section}:{parsed[1]}:{parsed[2] + delta}:{words}"[:300]


def accepted_rewrites(note: Note) -> list[dict[str, Any]]:
    """Accepted rewrites that can still be undone, each with its section and `anchor` mark."""
    undone = {d.key for d in note.decisions if d.decision == "undone"}
    out = []
    for d in note.decisions:
        if d.decision != "accepted" or f"undo:{d.id}" in undone or "@" not in d.key:
            continue
        mark, key = d.key.split("@", 1)
        parsed = field_flags.parse_key(key)
        if parsed and ":" in mark and d.suggestion:
            out.append({"decision": d, "section": parsed[0], "mark": mark})
    return out


def _reanchor(
    note: Note,
    section: str,
    before: str,
    after: str,
    edits: list[tuple[int, int, int]],
    but: FlagDecision | None = None,
) -> None:
    """Move the marks of `section`'s undoable rewrites still intact in `before` to `after`,
    the text once the app made `edits` (offset, old length, new length)."""
    for entry in accepted_rewrites(note):
        d = entry["decision"]
        start = field_flags.anchored(before, entry["mark"], d.suggestion or "")
        if entry["section"] != section or d is but or start is None:
            continue
        mark = field_flags.anchor(after, field_flags.moved(start, edits), d.suggestion or "")
        d.key = f"{mark}@{d.key.split('@', 1)[1]}"[:300]


def accept_rewrites(
    note: Note, reviewer: User, flags: list[dict[str, Any]], fields: dict[str, Any], fmt: str | None
) -> None:
    """Put the rewrites of `flags` (open drop-in flags of `fields`) in the reviewed note only.

    The jotting stays as the author typed it; each occurrence is decided on its own, with the
    place its rewrite went, and can be undone until the note is signed.
    """
    new_fields, placed = field_flags.apply_rewrites(fields, flags)
    for s in {f["section"] for f in flags}:
        mine = [f for f, _ in placed if f["section"] == s]
        edits = [(f["start"], len(f["text"]), len(f["suggestion"])) for f in mine]
        before, after = field_flags.field_text(fields, s), field_flags.field_text(new_fields, s)
        _reanchor(note, s, before, after, edits)
        for words in {f["text"] for f in mine}:
            nths = sorted(field_flags.parse_key(f["key"])[2] for f in mine if f["text"] == words)
            delta = min(f["suggestion"].count(words) for f in mine if f["text"] == words) - 1
            for nth in reversed(nths):
                _shift_dismissed(note, s, words, nth, delta)
    for flag, start in placed:
        text = field_flags.field_text(new_fields, flag["section"])
        mark = field_flags.anchor(text, start, flag["suggestion"])
        _decide(note, reviewer, flag, "accepted", key=f"{mark}@{flag['key']}")
    store(note, new_fields, fmt)
    auditlog.record(
        "edit",
        note_id=note.id,
        client_id=note.client_id,
        detail=f"accepted {len(placed)} rewrite(s) ({flags[0]['kind']})",
    )


def undo_rewrite(note: Note, reviewer: User, decision_id: int) -> str | None:
    """Put the words of an accepted rewrite back where it went; the section it was in, or None
    when it cannot be (unknown, undone already, or the words up to its end changed since)."""
    entry = next((e for e in accepted_rewrites(note) if e["decision"].id == decision_id), None)
    if entry is None:
        return None
    d, section = entry["decision"], entry["section"]
    text = field_flags.field_text(note.fields, section)
    start = field_flags.anchored(text, entry["mark"], d.suggestion or "")
    if start is None:
        return None
    fields = field_flags.replace_at(note.fields, section, start, d.suggestion or "", d.flagged_text)
    after = field_flags.field_text(fields, section)
    _reanchor(
        note, section, text, after, [(start, len(d.suggestion or ""), len(d.flagged_text))], d
    )
    _shift_dismissed(note, section, d.flagged_text, after.count(d.flagged_text, 0, start) - 1, 1)
    flag = {"kind": d.kind, "text": d.flagged_text, "suggestion": d.suggestion, "reason": d.reason}
    _decide(note, reviewer, flag, "undone", key=f"undo:{d.id}")
    store(note, fields, note.format)
    auditlog.record(
        "edit", note_id=note.id, client_id=note.client_id, detail=f"undid a rewrite ({d.kind})"
    )
    return section


def dismiss(note: Note, reviewer: User, flag: dict[str, Any]) -> None:
    """Keep the words; record that the reviewer judged this occurrence wrongly flagged."""
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
