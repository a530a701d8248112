"""A signed note as a document: Markdown, PDF and JSON of the reviewed note only."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from assistant import SECTIONS

from ..errors import PdfFontMissing
from ..notes.review_page import note_text
from ..records import Note, utc_stamp
from ..timezones import is_zone, local_stamp


def printable_lines(text: str) -> list[str]:
    """User text as lines without control characters, split at every kind of line break."""
    return ["".join(ch for ch in line if ch.isprintable()) for line in text.splitlines()] or [""]


def one_line(text: str) -> str:
    """User text that must stay on one line (a name, a code): breaks become spaces."""
    return " ".join(printable_lines(text))


def _signature_lines(note: Note) -> list[str]:
    """The client line, and the signature as recorded, in the signer's time zone."""
    lines = [f"Client: {one_line(note.client.name)} ({one_line(note.client.code)})"]
    if note.signed_at:
        lines.append(
            f"Signed by {note.signer} at {local_stamp(note.signed_at, note.signed_time_zone)}"
        )
    return lines


def _md_escape(text: str) -> str:
    """Backslash-escape Markdown's active characters in user text."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)


def markdown(note: Note) -> str:
    """The note as Markdown, with its signature and addenda."""
    out = [note_text(note.fields, note.structured, "markdown").rstrip("\n"), ""]
    out += [f"_{_md_escape(line)}_  " for line in _signature_lines(note)]
    if note.addenda:
        out += ["", "## Addenda"]
        for add in note.addenda:
            # Every line of the addendum is quoted, so none can pass for a signature line.
            out += [
                "",
                f"Addendum by {_md_escape(add.author.username)}, {utc_stamp(add.created_at)}:",
            ]
            out += [f"> {_md_escape(line)}  " for line in printable_lines(add.text)]
    return "\n".join(out) + "\n"


def _iso(when: dt.datetime | None, zone: str | None) -> str | None:
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
    return {
        "export": "notewell.signed-note",
        "export_version": 1,
        "note_id": note.id,
        "client": {"name": one_line(note.client.name), "code": one_line(note.client.code)},
        "format": note.format,
        "session": {
            "date": fields.get("date") or None,
            "duration_minutes": fields.get("duration_minutes"),
        },
        "fields": {s: list(fields["sections"].get(s, [])) for s in SECTIONS},
        "risk_not_assessed": bool(fields.get("risk_not_assessed")),
        "text": note_text(note.fields, note.structured, note.format),
        "signature": {
            "name": note.signed_name or note.author.username,
            "credentials": note.signed_credentials or "",
            "time_zone": note.signed_time_zone or "UTC",
            "signed_at": _iso(note.signed_at, note.signed_time_zone),
        },
        "addenda": [
            {
                "text": a.text,
                "author": a.author.full_name or a.author.username,
                "created_at": _iso(a.created_at, a.author.time_zone),
            }
            for a in note.addenda
        ],
    }


def pdf(note: Note, font_path: str) -> bytes:
    """The note as a PDF, in a Unicode TTF font so any character of the note prints.

    Args:
        note: the note (signed).
        font_path: the TTF font file (Debian's fonts-dejavu-core by default).
    Returns:
        The PDF bytes; raises PdfFontMissing when the font file is absent.
    """
    from fpdf import FPDF

    if not Path(font_path).is_file():
        raise PdfFontMissing(
            f"The PDF font {font_path} is missing: install it (apt-get install fonts-dejavu-core) "
            "or point NOTEWELL_PDF_FONT at a TTF font."
        )
    doc = FPDF(format="A4")
    doc.set_title("Progress note")
    doc.add_font("NoteFont", "", font_path)
    doc.set_font("NoteFont", size=11)
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin
    text = note_text(note.fields, note.structured, note.format)
    for line in text.splitlines() + [""] + _signature_lines(note):
        doc.multi_cell(width, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    if note.addenda:
        doc.multi_cell(width, 6, " ", new_x="LMARGIN", new_y="NEXT")
        doc.multi_cell(width, 6, "Addenda:", new_x="LMARGIN", new_y="NEXT")
        for add in note.addenda:
            head = f"Addendum by {add.author.username}, {utc_stamp(add.created_at)}:"
            doc.multi_cell(width, 6, head, new_x="LMARGIN", new_y="NEXT")
            # Indented and marked, so no addendum line can pass for a signature line.
            for line in printable_lines(add.text):
                doc.set_x(doc.l_margin + 8)
                doc.multi_cell(width - 8, 6, f"| {line}", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())
