"""The FHIR export's Observations: one per measure, LOINC for the PHQ-9 and GAD-7 totals only."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

JOTTING = "50 min. PHQ-9 = 14, GAD-7 12. SUDS 70 -> 40 in the exposure. Denies SI/HI. HW: walk."


@pytest.fixture
def scored(app, engine, signed_in) -> int:
    """A signed note: the engine's PHQ-9, GAD-7 and SUDS, a C-SSRS entered, one SUDS removed."""
    app.extensions["assistant"] = engine
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, JOTTING)
    data = {"name": "C-SSRS", "score": "negative", "measured_on": "2026-11-27"}
    assert signed_in.post(f"/notes/{note_id}/measures", data).status_code == 302
    assert signed_in.post(f"/notes/{note_id}/measures/4/remove").status_code == 302  # SUDS 40
    signed_in.save(note_id, date="2026-11-28", topics="Low mood", risk="Denies SI/HI")
    assert signed_in.sign(note_id).status_code == 302
    return note_id


def _bundle(signed_in, note_id: int) -> dict:
    response = signed_in.client.get(f"/notes/{note_id}/export.fhir")
    assert response.status_code == 200
    return json.loads(response.data)


def test_fhir_measures_are_observations_that_validate(signed_in, scored):
    data = _bundle(signed_in, scored)
    bundle = Bundle.model_validate(data)
    kinds = [e.resource.__resource_type__ for e in bundle.entry]
    assert kinds == [
        "Composition",
        "DocumentReference",
        "Patient",
        "Practitioner",
        *["Observation"] * 4,
    ]
    patient, practitioner = data["entry"][2]["fullUrl"], data["entry"][3]["fullUrl"]
    found = [Observation.model_validate(e["resource"]) for e in data["entry"][4:]]
    for obs in found:
        assert obs.status == "final" and obs.category[0].coding[0].code == "survey"
        assert obs.subject.reference == patient and obs.performer[0].reference == practitioner
    phq9, gad7, suds, screen = found
    assert [(c.system, c.code) for c in phq9.code.coding] == [("http://loinc.org", "44261-6")]
    assert [(c.system, c.code) for c in gad7.code.coding] == [("http://loinc.org", "70274-6")]
    assert (phq9.valueQuantity.value, gad7.valueQuantity.value) == (14, 12)
    assert phq9.valueQuantity.code == "{score}"
    assert suds.code.coding is None and suds.code.text == "SUDS score (0-100)"
    assert suds.valueQuantity.value == 70
    assert screen.code.coding is None and screen.code.text == "C-SSRS screen"
    assert screen.valueCodeableConcept.text == "negative"
    dates = [e["resource"]["effectiveDateTime"] for e in data["entry"][4:]]
    assert dates == ["2026-11-28"] * 3 + ["2026-11-27"]  # the session date, else as entered


def test_fhir_measures_section_lists_them_in_the_composition(signed_in, scored):
    data = _bundle(signed_in, scored)
    sections = data["entry"][0]["resource"]["section"]
    (measures,) = [s for s in sections if s["title"] == "Measures"]
    assert [e["reference"] for e in measures["entry"]] == [e["fullUrl"] for e in data["entry"][4:]]
    assert "PHQ-9: 14/27 (2026-11-28)" in measures["text"]["div"]
    assert "C-SSRS: negative (2026-11-27)" in measures["text"]["div"]
    assert sections[-1]["title"] == "Measures"  # after the template's sections (no addenda)


def test_fhir_measures_carry_no_jotting_words(signed_in, scored):
    text = json.dumps(_bundle(signed_in, scored), ensure_ascii=False)
    assert "PHQ-9 = 14" not in text and "SUDS 70 ->" not in text and "exposure" not in text
    assert "SUDS 70/100" in text  # the reviewed score, in the Objective's measures line
    assert '"start"' not in text


def test_fhir_note_without_measures_has_no_observation(signed_in, draft):
    note_id = draft["note_id"]
    signed_in.save(note_id, date="2026-11-28", topics="Work stress", risk="Denies SI/HI")
    signed_in.sign(note_id)
    data = _bundle(signed_in, note_id)
    assert [e["resource"]["resourceType"] for e in data["entry"]][4:] == []
    assert "Measures" not in [s["title"] for s in data["entry"][0]["resource"]["section"]]
