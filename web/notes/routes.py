"""Notes: paste a jotting, review the suggestions, save, sign, add addenda."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select

import assistant

from .. import auditlog, nlp
from ..db import db
from ..records import Addendum, Client, FlagDecision, Jotting, Note, utcnow
from ..security import get_owned, login_required
from . import review_page

bp = Blueprint("notes", __name__, template_folder="templates")

MAX_ADDENDUM = 5_000


def _my_clients() -> list[Client]:
    return list(
        db.session.scalars(
            select(Client).where(Client.therapist_id == g.user.id).order_by(Client.name)
        )
    )


@bp.route("/notes/new", methods=["GET", "POST"])
@login_required
def new():
    """Pick a client, paste the jotting, press Structure."""
    text = request.form.get("jotting", "")
    client_id = request.values.get("client_id", type=int)
    error = None
    if request.method == "POST":
        client = get_owned(Client, client_id) if client_id else None
        if client is None:
            error = "Pick a client first."
        else:
            try:
                structured = nlp.structure(text)
            except assistant.NotewellError as exc:
                error = str(exc)
            except Exception:  # noqa: BLE001 - a pipeline fault must not lose the typed text
                current_app.logger.exception("structuring failed")
                error = (
                    "Structuring failed on this jotting (the error is logged for the "
                    "administrator). Your text is kept below."
                )
            else:
                note = _create(client, text, structured)
                return redirect(url_for("notes.show", note_id=note.id))
    status = 400 if error else 200
    return render_template(
        "notes/new.html",
        clients=_my_clients(),
        client_id=client_id,
        jotting=text,
        error=error,
        max_chars=nlp.max_chars(),
    ), status


def _create(client: Client, text: str, structured: dict[str, Any]) -> Note:
    fields = review_page.fields_from_structured(structured)
    note = Note(
        client_id=client.id,
        author_id=g.user.id,
        status="draft",
        format="soap",
        structured=structured,
        fields=fields,
        session_date=fields["date"] or None,
    )
    note.client = client
    note.author = g.user
    note.rendered = _rendered(note)
    db.session.add(note)
    db.session.flush()
    db.session.add(Jotting(note_id=note.id, author_id=g.user.id, text=text, original_text=text))
    auditlog.record("create", note_id=note.id, client_id=client.id)
    db.session.commit()
    return note


def _rendered(note: Note) -> str:
    """The text kept with the note: its template in its own format."""
    return review_page.note_text(note.fields, note.structured, note.format)


def _decided(note: Note) -> set[str]:
    return {d.key for d in note.decisions}


def _jotting_text(note: Note) -> str | None:
    """The raw jotting, for its author only."""
    jotting = note.jotting
    return jotting.text if jotting is not None and jotting.author_id == g.user.id else None


def _review_page(
    note: Note,
    *,
    fields: dict | None = None,
    fmt: str | None = None,
    error: str | None = None,
    version: int | None = None,
    status: int = 200,
):
    text = _jotting_text(note) or ""
    fields = fields or note.fields
    fmt = fmt if fmt in review_page.FORMATS else note.format
    flags = review_page.open_flags(note.structured, text, _decided(note)) if not note.signed else []
    ctx = {
        "note": note,
        "client": note.client,
        "jotting": text,
        "segments": review_page.segments(text, note.structured, flags),
        "flags": flags,
        "fields": fields,
        "links": review_page.item_links(fields, note.structured),
        "prompts": review_page.prompts(text, note.structured, fields, len(flags)),
        "fmt": fmt,
        "formats": review_page.FORMATS,
        "labels": review_page.LABELS,
        "sections": assistant.SECTIONS,
        "preview": review_page.note_text(fields, note.structured, fmt),
        "version": version if version is not None else note.version,
        "error": error,
    }
    return render_template("notes/review_page.html", **ctx), status


@bp.get("/notes/<int:note_id>")
@login_required
def show(note_id: int):
    """The review page (a draft) or the locked note with its addenda (signed)."""
    note = get_owned(Note, note_id)
    auditlog.record("view", note_id=note.id, client_id=note.client_id)
    db.session.commit()
    return _review_page(note, fmt=request.args.get("format"))


def _check_editable(note: Note) -> None:
    if note.signed:
        auditlog.record(
            "edit_refused", note_id=note.id, client_id=note.client_id, detail="note is signed"
        )
        db.session.commit()
        abort(
            403,
            description="This note is signed and can no longer change: "
            "add an addendum to correct it.",
        )


def _stale(note: Note) -> bool:
    return request.form.get("version", type=int) != note.version


def _editable(note_id: int) -> Note:
    """The signed-in user's note, still a draft (403 once signed)."""
    note = get_owned(Note, note_id)
    _check_editable(note)
    return note


@bp.post("/notes/<int:note_id>/save")
@login_required
def save(note_id: int):
    """Keep the reviewed template as a draft; 409 (text kept) when someone saved in between."""
    note = _editable(note_id)
    fmt = request.form.get("format", note.format)
    try:
        fields = review_page.fields_from_form(request.form)
    except review_page.FieldError as exc:
        return _review_page(
            note,
            fields=_lenient_fields(),
            fmt=fmt,
            error=str(exc),
            version=request.form.get("version", type=int),
            status=400,
        )
    if _stale(note):
        return _review_page(
            note,
            fields=fields,
            fmt=fmt,
            status=409,
            error="This note was changed elsewhere since you opened it. Your text is kept "
            "below; press Save again to replace the other version with it.",
        )
    _store(note, fields, fmt)
    auditlog.record("edit", note_id=note.id, client_id=note.client_id, detail="saved draft")
    db.session.commit()
    if request.form.get("then") == "sign":
        return _sign(note)
    flash("Draft saved.")
    return redirect(url_for("notes.show", note_id=note.id))


def _lenient_fields() -> dict:
    """The reviewer's typed text, as is, to put back in the form after an error."""
    return {
        "date": request.form.get("date", ""),
        "duration_minutes": request.form.get("duration_minutes", ""),
        "sections": {s: (request.form.get(s) or "").splitlines() for s in assistant.SECTIONS},
    }


def _store(note: Note, fields: dict, fmt: str) -> None:
    note.fields = fields
    note.format = fmt if fmt in review_page.FORMATS else note.format
    note.session_date = fields["date"] or None
    note.rendered = _rendered(note)
    note.updated_at = utcnow()


@bp.post("/notes/<int:note_id>/sign")
@login_required
def sign(note_id: int):
    """Lock the saved note for good."""
    note = _editable(note_id)
    if _stale(note):
        return _review_page(
            note,
            status=409,
            error="This note was changed elsewhere since you opened it: "
            "check the saved version below, then sign.",
        )
    return _sign(note)


def _sign(note: Note):
    note.status = "signed"
    note.signed_at = utcnow()
    note.rendered = _rendered(note)
    auditlog.record("sign", note_id=note.id, client_id=note.client_id)
    db.session.commit()
    flash("Note signed. It can no longer change; corrections go in addenda.")
    return redirect(url_for("notes.show", note_id=note.id))


def _find_flag(note: Note) -> dict:
    text = _jotting_text(note) or ""
    key = request.form.get("key", "")
    for flag in review_page.open_flags(note.structured, text, _decided(note)):
        if flag["key"] == key:
            return flag
    abort(409, description="That flag is no longer open: reload the note.")


@bp.post("/notes/<int:note_id>/flags/accept")
@login_required
def accept_flag(note_id: int):
    """Apply a flag's rewrite to the jotting and the template, then re-read the jotting."""
    note = _editable(note_id)
    if _stale(note):
        abort(409, description="This note was changed elsewhere: reload it and try again.")
    flag = _find_flag(note)
    if not (flag.get("suggestion") and flag.get("drop_in")):
        abort(400, description="This flag has no rewrite to paste in: edit the words yourself.")
    new_text, fields = review_page.apply_rewrite(
        note.jotting.text, note.fields, note.structured, flag
    )
    try:
        structured = nlp.structure(new_text)
    except assistant.NotewellError as exc:
        abort(400, description=str(exc))
    _decide(note, flag, "accepted")
    note.jotting.text = new_text
    note.structured = structured
    _store(note, fields, note.format)
    auditlog.record(
        "edit",
        note_id=note.id,
        client_id=note.client_id,
        detail=f"accepted rewrite ({flag['kind']})",
    )
    db.session.commit()
    return redirect(url_for("notes.show", note_id=note.id) + "#jotting")


@bp.post("/notes/<int:note_id>/flags/dismiss")
@login_required
def dismiss_flag(note_id: int):
    """Keep the words; record that the reviewer judged the flag wrong."""
    note = _editable(note_id)
    flag = _find_flag(note)
    _decide(note, flag, "dismissed")
    note.updated_at = utcnow()  # bumps the version: open forms are now stale
    auditlog.record(
        "edit", note_id=note.id, client_id=note.client_id, detail=f"dismissed flag ({flag['kind']})"
    )
    db.session.commit()
    return redirect(url_for("notes.show", note_id=note.id) + "#jotting")


def _decide(note: Note, flag: dict, decision: str) -> None:
    db.session.add(
        FlagDecision(
            note_id=note.id,
            user_id=g.user.id,
            key=flag["key"],
            decision=decision,
            kind=flag["kind"],
            flagged_text=flag["text"],
            suggestion=flag.get("suggestion"),
            reason=flag.get("reason", ""),
        )
    )


@bp.post("/notes/<int:note_id>/addenda")
@login_required
def add_addendum(note_id: int):
    """A correction under a signed note, with author and time."""
    note = get_owned(Note, note_id)
    if not note.signed:
        abort(
            409, description="Drafts are corrected by editing them; addenda are for signed notes."
        )
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_ADDENDUM:
        return _review_page(
            note, status=400, error=f"Write the addendum (1 to {MAX_ADDENDUM:,} characters)."
        )
    addendum = Addendum(note_id=note.id, author_id=g.user.id, text=text)
    db.session.add(addendum)
    db.session.flush()
    auditlog.record(
        "addendum", note_id=note.id, client_id=note.client_id, detail=f"addendum {addendum.id}"
    )
    db.session.commit()
    flash("Addendum added.")
    return redirect(url_for("notes.show", note_id=note.id) + "#addenda")


@bp.get("/addenda/<int:addendum_id>")
@login_required
def show_addendum(addendum_id: int):
    addendum = get_owned(Addendum, addendum_id)
    note = get_owned(Note, addendum.note_id)
    auditlog.record(
        "view", note_id=note.id, client_id=note.client_id, detail=f"addendum {addendum.id}"
    )
    db.session.commit()
    return render_template("notes/addendum.html", addendum=addendum, note=note)
