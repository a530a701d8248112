"""The review page's flag views on the notes blueprint: Accept (one, or apply to all), Dismiss,
Undo, and the check of a field as typed (JSON). The page helpers come from routes."""

from __future__ import annotations

from typing import Any

from flask import abort, g, jsonify, redirect, url_for

from ..db import db
from ..records import Note
from ..security import get_owned, login_required
from . import changes, field_flags, review_page
from .forms import MAX_FIELD_CHARS, CheckForm, FlagForm
from .routes import bp, commit_or_stop, conflict, editable, json_error, refused, stop


@bp.post("/notes/<int:note_id>/flags/check")
@login_required
def check_flags(note_id: int):
    """Flags of one field's text as the reviewer types it (JSON: offsets, reasons, rewrites)."""
    note = get_owned(Note, note_id)
    form = CheckForm()  # bodies.check_body let only a JSON object of text through
    if not form.validate():
        status = 413 if len(form.text.data) > MAX_FIELD_CHARS else 400
        return json_error(form.first_error() or "The field could not be read.", status)
    section, text = form.section.data, form.text.data.replace("\r\n", "\n")
    flags = field_flags.section_flags(section, text, changes.check, changes.dismissed_keys(note))
    keys = ("key", "kind", "text", "start", "end", "reason", "suggestion", "drop_in")
    return jsonify(section=section, flags=[{k: f.get(k) for k in keys} for f in flags])


def _flag_form(note: Note) -> tuple[FlagForm, dict[str, Any]]:
    """The flag form and the template it carries (else the stored one); else the error page."""
    form = FlagForm()
    if not form.validate():
        stop(refused(note, form))
    fields = form.template_fields() if form.has_template() else note.fields
    if form.is_stale(note.version):
        stop(conflict(note, form, fields))
    return form, fields


def _keep_typed(note: Note, form: FlagForm, fields: dict[str, Any]) -> None:
    """Save the text typed with the decision (a post without the boxes keeps the stored note)."""
    if form.has_template():
        changes.save_draft(note, fields, form.format.data)


def _open_flag(
    note: Note, form: FlagForm, fields: dict[str, Any], key: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open flag `key` names in `fields` and all open flags; else the page (409, text kept)."""
    flags = changes.open_flags(note, fields=fields)
    for flag in flags:
        if flag["key"] == key:
            return flag, flags
    stop(
        conflict(
            note,
            form,
            fields,
            "That flag is no longer open (its words changed or it was decided): "
            "check the note below.",
        )
    )


def _to_next_flag(note: Note, section: str, start: int):
    """The review page again, focused on the next open flag (not the top of the page)."""
    anchor = field_flags.next_anchor(
        changes.open_flags(note), section, start, review_page.FIELD_ORDER
    )
    return redirect(url_for("notes.show", note_id=note.id) + "#" + anchor)


@bp.post("/notes/<int:note_id>/flags/accept")
@login_required
def accept_flag(note_id: int):
    """Put a rewrite in the reviewed note (this occurrence, or all N); never in the jotting."""
    note = editable(note_id)
    form, fields = _flag_form(note)
    flag, flags = _open_flag(note, form, fields, form.all.data or form.key.data)
    if not (flag.get("suggestion") and flag.get("drop_in")):
        abort(400, description="This flag has no rewrite to paste in: edit the words yourself.")
    targets = field_flags.same_term(flags, flag) if form.all.data else [flag]
    changes.accept_rewrites(note, g.user, targets, fields, form.format.data)
    commit_or_stop(note_id, form)
    return _to_next_flag(note, flag["section"], flag["start"])


@bp.post("/notes/<int:note_id>/flags/dismiss")
@login_required
def dismiss_flag(note_id: int):
    """Keep the words; record that the reviewer judged this occurrence wrongly flagged."""
    note = editable(note_id)
    form, fields = _flag_form(note)
    flag, _ = _open_flag(note, form, fields, form.key.data)
    _keep_typed(note, form, fields)
    changes.dismiss(note, g.user, flag)
    commit_or_stop(note_id, form)
    return _to_next_flag(note, flag["section"], flag["end"])


@bp.post("/notes/<int:note_id>/flags/undo")
@login_required
def undo_rewrite(note_id: int):
    """Put back the words an accepted rewrite replaced (until the note is signed)."""
    note = editable(note_id)
    form, fields = _flag_form(note)
    _keep_typed(note, form, fields)
    section = changes.undo_rewrite(note, g.user, form.decision.data or 0)
    if section is None:
        db.session.rollback()
        stop(
            conflict(
                get_owned(Note, note_id),
                form,
                fields,
                "That rewrite cannot be undone automatically: it was undone already, or the "
                "words before or in it changed since it was accepted. Edit the field yourself.",
            )
        )
    commit_or_stop(note_id, form)
    return redirect(url_for("notes.show", note_id=note.id) + f"#field-{section}")
