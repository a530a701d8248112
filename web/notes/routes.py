"""Notes: paste a jotting, review the suggestions, save, sign, add addenda."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

import assistant
from assistant.vocab import GOAL_PROGRESS

from .. import auditlog, nlp
from ..db import db
from ..goals import changes as goals
from ..measures import changes as measures
from ..measures.forms import MeasureForm, choices
from ..records import Addendum, Client, Note, utc_stamp
from ..security import get_owned, login_required
from ..timezones import today_in
from . import bodies, carried, changes, field_flags, review_page, signing
from .forms import (
    AddendumForm,
    NewNoteForm,
    SignForm,
    TemplateForm,
)
from .scorecard import scorecard

bp = Blueprint("notes", __name__, template_folder="templates")
bp.before_request(bodies.check_body)


@bp.route("/notes/new", methods=["GET", "POST"])
@login_required
def new():
    """Pick a client, paste the jotting, press Structure."""
    form = NewNoteForm(client_id=request.args.get("client_id", type=int))
    error = None
    if form.validate_on_submit():
        client = get_owned(Client, form.client_id.data)
        previous = carried.previous_signed(client)
        try:
            structured = nlp.structure(
                form.jotting.data, previous.structured if previous is not None else None
            )
        except assistant.NotewellError as exc:
            error = str(exc)
        except Exception:  # noqa: BLE001 - a pipeline fault must not lose the typed text
            current_app.logger.exception("structuring failed")
            error = (
                "Structuring failed on this jotting (the error is logged for the "
                "administrator). Your text is kept below."
            )
        else:
            note = changes.create(client, g.user, form.jotting.data, structured, previous)
            db.session.commit()
            return redirect(url_for("notes.show", note_id=note.id))
    error = error or form.first_error()
    clients = db.session.scalars(
        select(Client).where(Client.therapist_id == g.user.id).order_by(Client.name)
    ).all()
    # the last signed note of the chosen client (404 for another user's client)
    chosen = get_owned(Client, form.client_id.data) if form.client_id.data else None
    last = carried.carried(chosen) if chosen is not None else None
    if last is not None:
        auditlog.record("view_carried", note_id=last.note.id, client_id=chosen.id)
        db.session.commit()
    return render_template(
        "notes/new.html",
        form=form,
        clients=clients,
        error=error,
        max_chars=nlp.max_chars(),
        carried=last,
    ), 400 if error else 200


def page(
    note: Note,
    *,
    fields: dict[str, Any] | None = None,
    fmt: str | None = None,
    error: str | None = None,
    error_for: str | None = None,
    version: int | None = None,
    measure_form: MeasureForm | None = None,
    goal_choices: dict[int, dict[str, Any]] | None = None,
    status: int = 200,
):
    """The review page of `note`, showing `fields` (default: the stored template) and, after
    a refused Goals panel, its `goal_choices` as sent."""
    text = changes.jotting_text(note, g.user) or ""
    fields = fields or note.fields
    fmt = fmt if fmt in review_page.formats() else note.format
    flags = changes.open_flags(note, fields=fields) if not note.signed else []
    listed = measures.of_note(note)
    progress = goals.of_note(note, fields)
    audit = review_page.reviewed_audit(
        text, fields, note.structured, measures.for_audit(listed), goals.for_audit(progress)
    )
    today = today_in(g.user.time_zone)
    return render_template(
        "notes/review_page.html",
        note=note,
        client=note.client,
        jotting=text,
        segments=review_page.segments(text, note.structured),
        flags=flags,
        field_flags=field_flags.by_section(flags),
        accepted=changes.accepted_rewrites(note) if not note.signed else [],
        fields=fields,
        links=review_page.item_links(fields, note.structured),
        homework_reviews=carried.homework_reviews(note),
        risk=review_page.reviewed_risk(fields, note.structured),
        risk_prompt=review_page.risk_prompt(audit),
        prompts=review_page.prompts(audit, len(flags)),
        fmt=fmt,
        formats=review_page.formats(),
        labels=review_page.LABELS,
        sections=review_page.FIELD_ORDER,
        preview=review_page.note_text(
            fields, note.structured, fmt, progress, measures.for_note(listed)
        ),
        goals=goals.panel(note, goal_choices),
        goal_progress=GOAL_PROGRESS,
        version=version if version is not None else note.version,
        error=error,
        error_for=error_for,
        scorecard=scorecard(audit, flags, fields.get("duration_minutes")),
        measures=measures.shown(listed),
        measure_form=measure_form or MeasureForm(formdata=None, today=today, date_required=False),
        measure_choices=choices(),
        today=today,
    ), status


@bp.get("/notes/<int:note_id>")
@login_required
def show(note_id: int):
    """The review page (a draft) or the locked note with its addenda (signed)."""
    note = get_owned(Note, note_id)
    auditlog.record("view", note_id=note.id, client_id=note.client_id)
    db.session.commit()
    return page(note, fmt=request.args.get("format"))


def editable(note_id: int) -> Note:
    """The signed-in user's note, still a draft (403, logged, once signed)."""
    note = get_owned(Note, note_id)
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
    return note


STALE = (
    "This note was changed elsewhere since you opened it. Your text is kept below; "
    "press Save again to replace the other version with it."
)
OUTAGE = (
    "The database could not be reached, so nothing was saved. Your text is kept below: "
    "press Save again in a moment."
)


def refused(note: Note, form: TemplateForm):
    """The review page again after a refused post (400): the text as typed, and the sentence."""
    return page(
        note,
        fields=form.typed_fields(),
        fmt=form.format.data,
        error=form.first_error(),
        version=form.version.data,
        status=400,
    )


def conflict(note: Note, form: TemplateForm, fields: dict[str, Any], error: str = STALE):
    """The review page of the current note (409) showing `fields`, with the sentence."""
    return page(note, fields=fields, fmt=form.format.data, error=error, status=409)


def commit_or_stop(note_id: int, form: TemplateForm) -> None:
    """Commit; a save race or a database outage ends the request with the text kept."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        stop(conflict(get_owned(Note, note_id), form, form.typed_fields()))
    except (OperationalError, InterfaceError):
        current_app.logger.error("database unreachable while saving a note")
        _rollback_quietly()
        stop(
            render_template(
                "notes/unsaved.html",
                note_id=note_id,
                fields=form.typed_fields(),
                fmt=form.format.data,
                version=form.version.data,
                labels=review_page.LABELS,
                sections=review_page.FIELD_ORDER,
                error=OUTAGE,
            ),
            503,
        )


def stop(response: Any, status: int | None = None) -> NoReturn:
    """End the request with `response` (a rendered page, or `page`'s page and status)."""
    abort(make_response(response if status is None else (response, status)))


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the page must still render
        pass


@bp.post("/notes/<int:note_id>/save")
@login_required
def save(note_id: int):
    """Keep the reviewed template as a draft; 409 (text kept) when someone saved in between."""
    note = editable(note_id)
    form = TemplateForm()
    if not form.validate():
        return refused(note, form)
    if form.is_stale(note.version):
        return conflict(note, form, form.template_fields())
    changes.save_draft(note, form.template_fields(), form.format.data)
    commit_or_stop(note_id, form)
    if form.then.data == "sign":
        flash("Draft saved. Check the summary, then sign.")
        return redirect(url_for("notes.sign", note_id=note.id), 303)
    if form.then.data == "preview":  # the format switch without script: edits saved first
        return redirect(url_for("notes.show", note_id=note.id) + "#preview")
    flash("Draft saved.")
    return redirect(url_for("notes.show", note_id=note.id))


@bp.get("/notes/<int:note_id>/save")
@login_required
def save_page(note_id: int):
    """Where signing in again after a lost session lands: the note (the form restores the text)."""
    get_owned(Note, note_id)
    return redirect(url_for("notes.show", note_id=note_id))


def json_error(message: str, status: int):
    return jsonify(error=message), status


@bp.post("/notes/<int:note_id>/autosave")
@login_required
def autosave(note_id: int):
    """The page's periodic save (JSON); a stale version is refused, never overwriting."""
    note = get_owned(Note, note_id)
    if note.signed:
        return json_error("This note is signed: autosave stopped.", 403)
    form = TemplateForm()
    if not form.validate():
        return json_error(form.first_error() or "The draft could not be read.", 400)
    if form.is_stale(note.version):
        return json_error(
            "Not autosaved: this note was saved elsewhere since you opened it, and autosave "
            "never overwrites a newer save. Press Save draft to keep your text instead.",
            409,
        )
    changes.save_draft(note, form.template_fields(), form.format.data, "autosaved draft")
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return json_error("Not autosaved: this note was saved elsewhere at the same time.", 409)
    except (OperationalError, InterfaceError):
        _rollback_quietly()
        return json_error("Not autosaved: the database cannot be reached right now.", 503)
    return jsonify(version=note.version, saved_at=utc_stamp(note.updated_at))


@bp.post("/notes/<int:note_id>/preview")
@login_required
def preview(note_id: int):
    """The template as typed (a signed note: as signed), in another format (JSON), unsaved."""
    note = get_owned(Note, note_id)
    form = TemplateForm()
    if not note.signed and not form.validate():  # a signed page sends no (disabled) boxes
        return json_error(form.first_error() or "The note could not be read.", 400)
    fields = note.fields if note.signed else form.template_fields()
    fmt = form.format.data if form.format.data in review_page.formats() else note.format
    progress = goals.of_note(note, fields)
    listed = measures.for_note(measures.of_note(note))
    return jsonify(preview=review_page.note_text(fields, note.structured, fmt, progress, listed))


def _summary(note: Note) -> signing.SignSummary:
    """What is about to be signed: the note as stored, its jotting and its open flags."""
    text = changes.jotting_text(note, g.user) or ""
    listed = measures.for_audit(measures.of_note(note))
    progress = goals.for_audit(goals.of_note(note))
    return signing.summarize(
        note.fields, note.structured, text, changes.open_flags(note), listed, progress
    )


def _sign_page(
    note: Note,
    form: SignForm,
    *,
    error: str | None = None,
    status: int = 200,
    summary: signing.SignSummary | None = None,
):
    """The confirmation step: the summary of what is about to be signed, and the sign form."""
    return render_template(
        "notes/sign.html",
        note=note,
        client=note.client,
        summary=summary or _summary(note),
        form=form,
        version=note.version,  # after a 409 too: the page now shows the current note
        error=error,
    ), status


@bp.route("/notes/<int:note_id>/sign", methods=["GET", "POST"])
@login_required
def sign(note_id: int):
    """GET: the summary and the confirmation; POST: sign, once every refusal is answered."""
    note = editable(note_id)
    form = SignForm(version=note.version) if request.method == "GET" else SignForm()
    if request.method == "GET":
        return _sign_page(note, form)
    valid = form.validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    if form.is_stale(note.version):
        return _sign_page(
            note,
            form,
            status=409,
            error="This note was changed elsewhere since you opened this page: "
            "check the summary below, then sign.",
        )
    if not valid:
        return _sign_page(note, form, error=form.first_error(), status=400)
    summary = _summary(note)
    refusal = signing.refusal(
        summary,
        signer_name=g.user.full_name,
        date_entered=bool(form.date.data),
        risk_not_assessed=form.risk_not_assessed.data,
        confirmed=form.confirm.data,
    )
    if refusal:
        auditlog.record(
            "sign_refused", note_id=note.id, client_id=note.client_id, detail=refusal[0]
        )
        db.session.commit()
        return _sign_page(note, form, error=refusal[1], status=400, summary=summary)
    if summary.undated:
        changes.enter_date(note, form.date.data)
    changes.sign(note, g.user, risk_not_assessed=summary.risk_empty, open_flags=len(summary.flags))
    db.session.commit()
    flash("Note signed. It can no longer change; corrections go in addenda.")
    return redirect(url_for("notes.show", note_id=note.id))


@bp.post("/notes/<int:note_id>/addenda")
@login_required
def add_addendum(note_id: int):
    """A correction under a signed note, with author and time."""
    note = get_owned(Note, note_id)
    if not note.signed:
        abort(
            409, description="Drafts are corrected by editing them; addenda are for signed notes."
        )
    form = AddendumForm()
    if not form.validate():
        return page(note, status=400, error=form.first_error())
    if not form.flags_seen():
        try:
            found = nlp.flags(form.text.data)
        except assistant.NotewellError as exc:
            return render_template(
                "notes/addendum_check.html", note=note, form=form, flags=[], error=str(exc)
            ), 400
        if found:
            # Language-checked like the note's fields: shown first; the author may still save.
            return render_template("notes/addendum_check.html", note=note, form=form, flags=found)
    changes.add_addendum(note, g.user, form.text.data)
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
