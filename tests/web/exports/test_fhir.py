"""The FHIR R4 export: a document Bundle that validates, with the note's sections."""

from __future__ import annotations

import base64
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.documentreference import DocumentReference


@pytest.fixture
def fhir_note(signed_in, draft) -> int:
    note_id = draft["note_id"]
    signed_in.save(
        note_id,
        format="birp",
        date="2026-11-28",
        duration_minutes="50",
        topics="work stress <b>x</b>",
        interventions="thought record",
        risk="Denies SI, HI",
    )
    signed_in.sign(note_id)
    signed_in.post(f"/notes/{note_id}/addenda", {"text": "Session ran 45 minutes."})
    return note_id


def _bundle(signed_in, note_id: int) -> dict:
    response = signed_in.client.get(f"/notes/{note_id}/export.fhir")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    assert 'filename="note-C-001-2026-11-28.fhir.json"' in response.headers["Content-Disposition"]
    return json.loads(response.data)


def test_fhir_bundle_validates_with_composition_and_document_reference(signed_in, fhir_note):
    data = _bundle(signed_in, fhir_note)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "document"
    resources = [e.resource for e in bundle.entry]
    composition = Composition.model_validate(data["entry"][0]["resource"])
    reference = DocumentReference.model_validate(data["entry"][1]["resource"])
    assert [r.__resource_type__ for r in resources] == [
        "Composition",
        "DocumentReference",
        "Patient",
        "Practitioner",
    ]
    for resource in (composition, reference):
        assert resource.type.coding[0].system == "http://loinc.org"
        assert resource.type.coding[0].code == "11506-3"
        assert resource.subject.reference == data["entry"][2]["fullUrl"]
        assert resource.author[0].reference == data["entry"][3]["fullUrl"]
        assert resource.author[0].display == "Ann Example, LCSW"
    assert reference.docStatus == "final" and composition.status == "final"
    attachment = reference.content[0].attachment
    assert attachment.contentType.startswith("text/plain")
    raw = data["entry"][1]["resource"]["content"][0]["attachment"]["data"]
    text = base64.b64decode(raw, validate=True).decode("utf-8")
    assert "Behavior:" in text and "thought record" in text and "Signed by Ann Example" in text
    assert "Session ran 45 minutes." in text


def test_fhir_composition_sections_are_the_templates(signed_in, fhir_note):
    data = _bundle(signed_in, fhir_note)
    exported = json.loads(signed_in.client.get(f"/notes/{fhir_note}/export.json").data)
    sections = data["entry"][0]["resource"]["section"]
    assert [s["title"] for s in sections] == [
        *(s["heading"] for s in exported["sections"]),
        "Addenda",
    ]
    divs = " ".join(s["text"]["div"] for s in sections)
    assert "work stress &lt;b&gt;x&lt;/b&gt;" in divs and "<b>" not in divs
    for section in exported["sections"]:
        for part in section["parts"]:
            for line in part["lines"]:
                assert line.replace("<", "&lt;").replace(">", "&gt;") in divs


def test_fhir_patient_and_practitioner_carry_code_and_credentials(signed_in, fhir_note):
    entries = _bundle(signed_in, fhir_note)["entry"]
    assert entries[2]["resource"]["identifier"][0]["value"] == "C-001"
    assert entries[2]["resource"]["name"][0]["text"] == "Jo Smith"
    assert entries[3]["resource"]["qualification"][0]["code"]["text"] == "LCSW"


def test_fhir_draft_is_409_and_someone_elses_is_404(signed_in, draft, fhir_note):
    other = signed_in.new_note(draft["client_id"], "50 min. Work stress.")
    assert signed_in.client.get(f"/notes/{other}/export.fhir").status_code == 409
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert signed_in.client.get(f"/notes/{fhir_note}/export.fhir").status_code == 404
