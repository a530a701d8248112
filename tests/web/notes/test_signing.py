"""The sign step: the summary first, an explicit confirmation, and each refusal with its message."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Note, User


def _note(app, note_id: int) -> Note:
    with app.app_context():
        note = db.session.get(Note, note_id)
        _ = note.author.username
        return note


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _post(auth, note_id: int, **data):
    return auth.post(f"/notes/{note_id}/sign", {"version": auth.version(note_id), **data})


@pytest.fixture
def dated(signed_in, draft) -> int:
    """The draft with a date, a duration and a risk line: only the confirmation is left."""
    note_id = draft["note_id"]
    signed_in.save(
        note_id, date="2026-11-28", duration_minutes="50", topics="work stress", risk="Denies SI"
    )
    return note_id


def test_signing_page_shows_the_summary_first(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}/sign")
    assert page.status_code == 200
    text = page.text
    assert "Risk not assessed" in text and "The risk section is empty." in text
    assert "Open flags: 3" in text
    for term in ("“w/”", "“pt”", "“seemed resistant”"):
        assert f"<li>{term}</li>" in text
    assert "No session date: add the date the session took place." in text  # missing part
    assert 'name="confirm"' in text and 'name="risk_not_assessed"' in text
    assert 'type="date" name="date"' in text
    assert "including its 3 open flag(s)" in text and "sign it as Ann Example, LCSW" in text
    assert _note(signed_in.client.application, draft["note_id"]).status == "draft"


def test_signing_risk_status_comes_from_the_reviewed_risk_lines(signed_in, dated):
    page = signed_in.client.get(f"/notes/{dated}/sign").text
    assert "Risk asked about and denied" in page and "Denies SI" in page
    assert 'name="risk_not_assessed"' not in page and 'name="date"' not in page


def test_signing_needs_the_confirmation_tick(app, signed_in, dated):
    response = _post(signed_in, dated)
    assert response.status_code == 400
    assert "Tick the confirmation to sign the note." in response.text
    assert _note(app, dated).status == "draft"
    assert [e.detail for e in _events(app, "sign_refused")] == ["unconfirmed"]


def test_signing_with_the_tick_records_the_signature(app, signed_in, dated):
    # The flags counted are those of the note as signed: its fields, not the jotting.
    signed_in.save(
        dated,
        date="2026-11-28",
        duration_minutes="50",
        topics="pt seemed resistant",
        risk="Denies SI",
    )
    response = _post(signed_in, dated, confirm="y")
    assert response.status_code == 302
    note = _note(app, dated)
    assert note.status == "signed"
    assert (note.signed_name, note.signed_credentials, note.signed_time_zone) == (
        "Ann Example",
        "LCSW",
        "UTC",
    )
    assert "risk_not_assessed" not in note.fields  # a filled risk section is never marked
    assert [e.detail for e in _events(app, "sign")] == ["2 open flag(s) acknowledged"]


def test_signing_an_empty_note_is_refused(app, signed_in, draft):
    note_id = draft["note_id"]
    empty = {s: "" for s in ("topics", "homework")}
    signed_in.save(note_id, date="2026-11-28", **empty)
    page = signed_in.client.get(f"/notes/{note_id}/sign").text
    assert "This note has nothing in any section, so it cannot be signed." in page
    assert '<button type="submit" class="sign" disabled>' in page
    response = _post(signed_in, note_id, confirm="y", risk_not_assessed="y")
    assert response.status_code == 400
    assert "nothing in any section, so it cannot be signed" in response.text
    assert _note(app, note_id).status == "draft"


def test_signing_an_undated_note_asks_for_the_date(app, signed_in, draft):
    note_id = draft["note_id"]
    response = _post(signed_in, note_id, confirm="y", risk_not_assessed="y")
    assert response.status_code == 400
    assert "This note has no session date: enter the date below to sign it." in response.text
    assert 'name="confirm" value="y" required checked' in response.text  # the ticks are kept
    assert _note(app, note_id).status == "draft"


def test_signing_a_bad_date_is_refused_with_its_format(app, signed_in, draft):
    response = _post(signed_in, draft["note_id"], confirm="y", risk_not_assessed="y", date="28/11")
    assert response.status_code == 400
    assert "is not in the form YYYY-MM-DD" in response.text
    assert 'value="28/11"' in response.text
    assert _note(app, draft["note_id"]).status == "draft"


def test_signing_with_the_date_entered_dates_and_signs(app, signed_in, draft):
    note_id = draft["note_id"]
    response = _post(signed_in, note_id, confirm="y", risk_not_assessed="y", date="2026-11-27")
    assert response.status_code == 302
    note = _note(app, note_id)
    assert note.status == "signed" and note.fields["date"] == "2026-11-27"
    assert note.session_date == "2026-11-27" and "Date: 2026-11-27" in note.rendered
    assert "date entered" in [e.detail for e in _events(app, "edit")]


def test_signing_an_empty_risk_section_must_be_marked(app, signed_in, draft):
    note_id = draft["note_id"]
    response = _post(signed_in, note_id, confirm="y", date="2026-11-28")
    assert response.status_code == 400
    assert "The risk section is empty: fill it on the review page, or tick" in response.text
    assert 'value="2026-11-28"' in response.text  # the typed date is kept
    assert _note(app, note_id).status == "draft"


def test_signing_risk_not_assessed_is_recorded_never_as_denied(app, signed_in, draft):
    note_id = draft["note_id"]
    _post(signed_in, note_id, confirm="y", date="2026-11-28", risk_not_assessed="y")
    note = _note(app, note_id)
    assert note.status == "signed" and note.fields["risk_not_assessed"] is True
    line = "Risk assessment: Not assessed: the clinician did not assess risk in this session."
    assert line in note.rendered and "denied" not in note.rendered.lower()
    markdown = signed_in.client.get(f"/notes/{note_id}/export.md").text
    assert "- Not assessed: the clinician did not assess risk in this session." in markdown
    exported = signed_in.client.get(f"/notes/{note_id}/export.json").json
    assert exported["risk_not_assessed"] is True
    assert "risk not assessed" in _events(app, "sign")[0].detail


def test_signing_ignores_not_assessed_when_risk_is_filled(app, signed_in, dated):
    _post(signed_in, dated, confirm="y", risk_not_assessed="y")
    note = _note(app, dated)
    assert note.status == "signed" and "risk_not_assessed" not in note.fields
    assert "Denies SI" in note.rendered


def test_signing_keeps_the_name_of_the_time_and_shows_the_zone(app, signed_in, dated):
    signed_in.post(
        "/profile",
        {"full_name": "Ann Lee", "credentials": "PhD, LP", "time_zone": "America/New_York"},
    )
    _post(signed_in, dated, confirm="y")
    signed_in.post(
        "/profile", {"full_name": "Ann Other", "credentials": "", "time_zone": "Asia/Tokyo"}
    )
    page = signed_in.client.get(f"/notes/{dated}").text
    assert "Signed by Ann Lee, PhD, LP at" in page and "(America/New_York)" in page
    assert "Ann Other" not in page
    markdown = signed_in.client.get(f"/notes/{dated}/export.md").text
    assert "Signed by Ann Lee, PhD, LP at" in markdown and r"(America/New\_York)" in markdown
    exported = signed_in.client.get(f"/notes/{dated}/export.json").json["signature"]
    assert exported["name"] == "Ann Lee" and exported["credentials"] == "PhD, LP"
    assert exported["time_zone"] == "America/New_York"


def test_signing_without_a_full_name_sends_to_the_profile(app, signed_in, dated):
    with app.app_context():
        db.session.scalar(select(User)).full_name = ""
        db.session.commit()
    response = _post(signed_in, dated, confirm="y")
    assert response.status_code == 400
    assert "Your account has no full name" in response.text
    assert _note(app, dated).status == "draft"


def test_signing_a_stale_page_is_409(app, signed_in, dated):
    old = signed_in.version(dated)
    signed_in.save(dated, date="2026-11-28", topics="changed in another tab", risk="Denies SI")
    response = signed_in.post(f"/notes/{dated}/sign", {"version": old, "confirm": "y"})
    assert response.status_code == 409
    assert "changed elsewhere" in response.text and "check the summary below" in response.text
    assert _note(app, dated).status == "draft"


def test_signing_a_signed_note_again_is_refused(signed_in, dated):
    _post(signed_in, dated, confirm="y")
    assert signed_in.client.get(f"/notes/{dated}/sign").status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_signing_someone_elses_note_is_404(app, signed_in, dated, method):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    if method == "get":
        response = signed_in.client.get(f"/notes/{dated}/sign")
    else:
        response = signed_in.post(f"/notes/{dated}/sign", {"version": 1, "confirm": "y"})
    assert response.status_code == 404
    assert _note(app, dated).status == "draft"


def test_signing_without_a_csrf_token_is_refused(app, signed_in, dated):
    response = signed_in.client.post(
        f"/notes/{dated}/sign", data={"version": signed_in.version(dated), "confirm": "y"}
    )
    assert response.status_code == 400
    assert _note(app, dated).status == "draft"
