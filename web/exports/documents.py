"""A signed note as a document: Markdown, PDF and JSON of the reviewed note only.

Every document renders one FilledNote (`filled`): the reviewed template filed into the note's
format by assistant's template, so the preview, Markdown, PDF, JSON and FHIR agree.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from assistant import SECTIONS
from assistant.note.completeness import CPT_BANDS, cpt_band
from assistant.note.formats import NOT_RECORDED, FilledNote, fill, markdown_of, md_escape, text_of
from assistant.note.formats import template as note_template

from ..goals import changes as goals
from ..measures import changes as measures
from ..notes.review_page import as_signed
from ..records import Addendum, Note
from ..timezones import is_zone, local_stamp


def printable_lines(text: str) -> list[str]:
    """User text as lines without control characters, split at every kind of line break."""
    return ["".join(ch for ch in line if ch.isprintable()) for line in text.splitlines()] or [""]


def one_line(text: str) -> str:
    """User text that must stay on one line (a name, a code): breaks become spaces."""
    return " ".join(printable_lines(text))


def reviewed_note(note: Note) -> dict[str, Any]:
    """The reviewed template as a note dict: session, section lines, the progress toward each
    treatment goal with its evidence lines and the listed measures, nothing of the jotting."""
    listed = measures.for_note(measures.of_note(note))
    shaped = as_signed(note.fields, note.structured, goals.of_note(note), listed)
    sections = {s: [{"text": i["text"]} for i in shaped["sections"][s]] for s in SECTIONS}
    session = shaped["session"]
    found = note.structured.get("session", {})
    # Start and stop times only while they still match the reviewed duration.
    same = found.get("duration_minutes") == session.get("duration_minutes")
    return {
        "session": {
            "date": session.get("date"),
            "duration_minutes": session.get("duration_minutes"),
            "start_time": found.get("start_time") if same else None,
            "end_time": found.get("end_time") if same else None,
        },
        "sections": sections,
        "goals": shaped["goals"],
        "measures": shaped["measures"],
    }


def filled(note: Note) -> FilledNote:
    """The signed note filed into its format's template."""
    return fill(reviewed_note(note), note_template(note.format))


def plain_text(note: Note) -> str:
    """The note as plain text in its template (the preview's text)."""
    return text_of(filled(note))


def signature_line(note: Note) -> str:
    """'Signed by NAME, CREDENTIALS at LOCAL TIME (Zone)', as recorded at signing."""
    return (
        f"Signed by {one_line(note.signer)} at {local_stamp(note.signed_at, note.signed_time_zone)}"
    )


def addendum_head(add: Addendum) -> str:
    """'Addendum by NAME at LOCAL TIME', in the author's time zone."""
    name = one_line(add.author.full_name or add.author.username)
    return f"Addendum by {name} at {local_stamp(add.created_at, add.author.time_zone)}"


def cpt_text(minutes: int | None) -> str:
    """The CPT time band a duration supports, e.g. '90834 (38-52 minutes)'."""
    code = cpt_band(minutes)
    if code is None:
        return NOT_RECORDED if not minutes else "none (under 16 minutes)"
    low, high = next((lo, hi) for c, lo, hi in CPT_BANDS if c == code)
    return f"{code} ({low}-{high} minutes)" if high else f"{code} ({low} minutes or more)"


def record_text(note: Note) -> str:
    """The whole signed note as plain text for pasting: note, client, signature, addenda."""
    out = [plain_text(note).rstrip("\n"), ""]
    out += [f"Client: {one_line(note.client.name)} ({one_line(note.client.code)})"]
    out += [signature_line(note)]
    for add in note.addenda:
        out += ["", f"{addendum_head(add)}:"]
        out += [f"  | {line}" for line in printable_lines(add.text)]
    return "\n".join(out) + "\n"


def markdown(note: Note) -> str:
    """The note as Markdown in its template, with client, signature and addenda."""
    out = [markdown_of(filled(note)).rstrip("\n"), ""]
    client = f"Client: {one_line(note.client.name)} ({one_line(note.client.code)})"
    out += [f"_{md_escape(client)}_  ", f"_{md_escape(signature_line(note))}_"]
    if note.addenda:
        out += ["", "## Addenda"]
        for add in note.addenda:
            # Every line of the addendum is quoted, so none can pass for a signature line.
            out += ["", f"{md_escape(addendum_head(add))}:"]
            out += [f"> {md_escape(line)}  " for line in printable_lines(add.text)]
    return "\n".join(out) + "\n"


def iso(when: dt.datetime | None, zone: str | None) -> str | None:
    """A stored time as ISO 8601 with its offset, in `zone` (UTC when unknown)."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    name = zone if zone and is_zone(zone) else "UTC"
    return when.astimezone(zoneinfo.ZoneInfo(name)).isoformat()


def as_json(note: Note) -> dict[str, Any]:
    """The signed, reviewed note as JSON (docs/EXPORTS.md documents the shape).

    Only what the clinician reviewed and signed: never the jotting, nor the pipeline's items
    and offsets, which could rebuild it.
    """
    fields = note.fields
    reviewed = reviewed_note(note)
    doc = fill(reviewed, note_template(note.format))
    return {
        "export": "notewell.signed-note",
        "export_version": 1,
        "note_id": note.id,
        "client": {"name": one_line(note.client.name), "code": one_line(note.client.code)},
        "format": note.format,
        "title": doc.template.title,
        "session": {
            **reviewed["session"],
            "cpt_band": cpt_band(fields.get("duration_minutes")),
        },
        "fields": {s: list(fields["sections"].get(s, [])) for s in SECTIONS},
        "risk_not_assessed": bool(fields.get("risk_not_assessed")),
        "goals": reviewed["goals"],
        "measures": [
            {"name": m["name"], "value": m["value"], "scale": m["scale"], "date": m["date"]}
            for m in reviewed["measures"]
        ],
        "sections": [
            {
                "key": sec.key,
                "heading": sec.heading,
                "text": sec.text,
                "parts": [{"label": p.label, "lines": list(p.lines)} for p in sec.parts],
            }
            for sec in doc.sections
        ],
        "text": text_of(doc),
        "signature": {
            "name": note.signed_name or note.author.username,
            "credentials": note.signed_credentials or "",
            "time_zone": note.signed_time_zone or "UTC",
            "signed_at": iso(note.signed_at, note.signed_time_zone),
        },
        "addenda": [
            {
                "text": a.text,
                "author": a.author.full_name or a.author.username,
                "created_at": iso(a.created_at, a.author.time_zone),
            }
            for a in note.addenda
        ],
    }
