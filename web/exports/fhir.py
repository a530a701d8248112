"""The signed note as FHIR R4: a document Bundle with a Composition and a DocumentReference.

The Composition carries the template's sections as narrative; the DocumentReference carries the
whole note as a base64 text/plain attachment. Patient and Practitioner hold only the client's
name and code and the signer's name and credentials as recorded at signing.
"""

from __future__ import annotations

import base64
import html
import uuid
from typing import Any

from ..records import Note
from . import documents

LOINC = "http://loinc.org"
PROGRESS_NOTE = {
    "coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}],
    "text": "Progress note",
}
CODE_SYSTEM = "urn:notewell:client-code"


def _urn(note: Note, kind: str) -> str:
    """A stable urn:uuid for one resource of one note's bundle."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'notewell:note:{note.id}:{kind}')}"


def _div(paragraphs: list[str]) -> dict[str, str]:
    """A generated narrative: each paragraph escaped in its own <p>."""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def bundle(note: Note) -> dict[str, Any]:
    """The FHIR R4 document Bundle of a signed note (JSON-ready dict).

    Args:
        note: a signed note.
    Returns:
        A Bundle of type "document": Composition first, then DocumentReference, Patient and
        Practitioner, all referenced by urn:uuid.
    """
    filled = documents.filled(note)
    signed_at = documents.iso(note.signed_at, note.signed_time_zone)
    patient, author = _urn(note, "patient"), _urn(note, "practitioner")
    subject = {"reference": patient, "display": documents.one_line(note.client.name)}
    signer = {"reference": author, "display": documents.one_line(note.signer)}
    sections = [
        {
            "title": sec.heading,
            "text": _div([f"{p.label}: {p.text}" if p.label else p.text for p in sec.parts]),
        }
        for sec in filled.sections
    ]
    if note.addenda:
        sections.append(
            {
                "title": "Addenda",
                "text": _div([f"{documents.addendum_head(a)}: {a.text}" for a in note.addenda]),
            }
        )
    composition = {
        "resourceType": "Composition",
        "identifier": {"system": "urn:notewell:note", "value": str(note.id)},
        "status": "final",
        "type": PROGRESS_NOTE,
        "subject": subject,
        "date": signed_at,
        "author": [signer],
        "title": filled.template.title,
        "attester": [{"mode": "legal", "time": signed_at, "party": signer}],
        "section": sections,
    }
    text = documents.record_text(note)
    reference = {
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",
        "type": PROGRESS_NOTE,
        "subject": subject,
        "date": signed_at,
        "author": [signer],
        "description": filled.template.title,
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "language": "en",
                    "data": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                    "title": filled.template.title,
                    "creation": signed_at,
                }
            }
        ],
    }
    person = {
        "resourceType": "Patient",
        "identifier": [{"system": CODE_SYSTEM, "value": documents.one_line(note.client.code)}],
        "name": [{"text": documents.one_line(note.client.name)}],
    }
    practitioner: dict[str, Any] = {
        "resourceType": "Practitioner",
        "name": [{"text": documents.one_line(note.signed_name or note.author.username)}],
    }
    if note.signed_credentials:
        practitioner["qualification"] = [
            {"code": {"text": documents.one_line(note.signed_credentials)}}
        ]
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:notewell:note-bundle", "value": str(note.id)},
        "type": "document",
        "timestamp": signed_at,
        "entry": [
            {"fullUrl": _urn(note, "composition"), "resource": composition},
            {"fullUrl": _urn(note, "document"), "resource": reference},
            {"fullUrl": patient, "resource": person},
            {"fullUrl": author, "resource": practitioner},
        ],
    }
