"""The signed note as FHIR R4: a document Bundle with a Composition and a DocumentReference.

The Composition carries the template's sections as narrative; the DocumentReference carries the
whole note as a base64 text/plain attachment. Patient and Practitioner hold only the client's
name and code and the signer's name and credentials as recorded at signing. Each of the note's
measures is an Observation (a survey), listed in the Composition's Measures section: the PHQ-9
and GAD-7 totals with their LOINC codes, every other measure named in words only.
"""

from __future__ import annotations

import base64
import html
import uuid
from typing import Any

from assistant.measures.instruments import instruments
from assistant.measures.readings import typed

from ..measures import changes as measures
from ..records import Measure, Note
from . import documents

LOINC = "http://loinc.org"
PROGRESS_NOTE = {
    "coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}],
    "text": "Progress note",
}
CODE_SYSTEM = "urn:notewell:client-code"
# The questionnaire totals with a LOINC code of their own; no code is made up for the rest.
LOINC_TOTALS: dict[str, tuple[str, str]] = {
    "PHQ-9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "GAD-7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
}
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
SCORE_UNIT = {"unit": "{score}", "system": "http://unitsofmeasure.org", "code": "{score}"}


def _urn(note: Note, kind: str) -> str:
    """A stable urn:uuid for one resource of one note's bundle."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'notewell:note:{note.id}:{kind}')}"


def _div(paragraphs: list[str]) -> dict[str, str]:
    """A generated narrative: each paragraph escaped in its own <p>."""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


def _code(measure: Measure) -> dict[str, Any]:
    """What was measured: LOINC for the PHQ-9 and GAD-7 totals, else words with the scale."""
    if measure.name in LOINC_TOTALS:
        code, display = LOINC_TOTALS[measure.name]
        return {
            "coding": [{"system": LOINC, "code": code, "display": display}],
            "text": f"{measure.name} total score",
        }
    instrument = instruments().get(measure.name)
    kind = instrument.kind if instrument else "score"
    if kind == "screen":
        return {"text": f"{measure.name} screen"}
    words = {"score": f"{measure.name} score", "rating": f"{measure.name} rating"}
    scale = f" (0-{typed(measure.scale)})" if measure.scale is not None else ""
    return {"text": words.get(kind, measure.name) + scale}


def observation(
    measure: Measure, subject: dict[str, str], signer: dict[str, str], issued: str
) -> dict[str, Any]:
    """One measure of a signed note as a FHIR R4 Observation (JSON-ready dict)."""
    found: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:notewell:measure", "value": str(measure.id)}],
        "status": "final",
        "category": [SURVEY],
        "code": _code(measure),
        "subject": subject,
        "effectiveDateTime": measures.date_of(measure),
        "issued": issued,
        "performer": [signer],
    }
    instrument = instruments().get(measure.name)
    if instrument is not None and instrument.kind == "screen":
        found["valueCodeableConcept"] = {"text": measures.value_text(measure)}
    else:
        found["valueQuantity"] = {"value": typed(measure.value), **SCORE_UNIT}
    return found


def bundle(note: Note) -> dict[str, Any]:
    """The FHIR R4 document Bundle of a signed note (JSON-ready dict).

    Args:
        note: a signed note.
    Returns:
        A Bundle of type "document": Composition first, then DocumentReference, Patient,
        Practitioner and an Observation per measure, all referenced by urn:uuid.
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
    scored = measures.of_note(note)
    found = [
        (_urn(note, f"measure-{m.id}"), observation(m, subject, signer, signed_at)) for m in scored
    ]
    if scored:
        lines = [f"{m.name}: {measures.value_text(m)} ({measures.date_of(m)})" for m in scored]
        entries = [{"reference": url} for url, _ in found]
        sections.append({"title": "Measures", "text": _div(lines), "entry": entries})
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
            *({"fullUrl": url, "resource": resource} for url, resource in found),
        ],
    }
