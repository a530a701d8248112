"""The note forms' checks, as the reviewer sees them: one sentence, and the typed text kept."""

from __future__ import annotations

import pytest

from tests.web.conftest import template
from web.notes.forms import TemplateForm


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "2026-13-01", "The date '2026-13-01' is not in the form YYYY-MM-DD."),
        ("date", " 28/11/2026 ", "The date '28/11/2026' is not in the form YYYY-MM-DD."),
        ("duration_minutes", "0", "The duration must be a whole number of minutes (1 to 1440)."),
        ("duration_minutes", "1441", "The duration must be a whole number of minutes"),
        ("duration_minutes", "-5", "The duration must be a whole number of minutes"),
        ("duration_minutes", "4.5", "The duration must be a whole number of minutes"),
        ("duration_minutes", "²", "The duration must be a whole number of minutes"),
        ("topics", "x" * 5_001, "Topics is longer than 5,000 characters."),
        ("client_response", "y" * 5_001, "Client response is longer than 5,000 characters."),
    ],
)
def test_forms_template_refuses_bad_field(signed_in, draft, field, value, message):
    data = {"topics": "my careful edit", field: value}
    response = signed_in.save(draft["note_id"], **data)
    assert response.status_code == 400
    assert f'<p class="error" role="alert">{message}' in response.text.replace("&#39;", "'")
    if field != "topics":
        assert "my careful edit" in response.text


def test_forms_template_shows_only_the_first_error(signed_in, draft):
    response = signed_in.save(draft["note_id"], date="soon", duration_minutes="0")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.text
    assert "whole number of minutes" not in response.text


@pytest.mark.parametrize("minutes", ["1", "50", "1440"])
def test_forms_template_accepts_durations_in_range(app, signed_in, draft, minutes):
    assert signed_in.save(draft["note_id"], duration_minutes=minutes).status_code == 302


def test_forms_template_fields_drop_blank_lines_and_surrounding_blanks(app):
    data = template(date=" 2026-11-28 ", duration_minutes=" 50 ", plan="  a \n\n b  \n")
    with app.test_request_context(method="POST", data=data):
        form = TemplateForm(meta={"csrf": False})
        assert form.validate()
        fields = form.template_fields()
    assert fields["date"] == "2026-11-28" and fields["duration_minutes"] == 50
    assert fields["sections"]["plan"] == ["a", "b"] and fields["sections"]["topics"] == []


@pytest.mark.parametrize(
    ("text", "status"),
    [("", 400), ("   ", 400), ("z" * 5_001, 400), ("z" * 5_000, 302)],
)
def test_forms_addendum_length(signed_in, draft, text, status):
    signed_in.sign(draft["note_id"])
    response = signed_in.post(f"/notes/{draft['note_id']}/addenda", {"text": text})
    assert response.status_code == status
    if status == 400:
        assert "Write the addendum (1 to 5,000 characters)." in response.text


@pytest.mark.parametrize("client_id", ["", "abc", "0"])
def test_forms_new_note_needs_a_client(signed_in, jotting, client_id):
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": jotting})
    assert response.status_code == 400
    assert "Pick a client first." in response.text
    assert "HW: sleep diary</textarea>" in response.text


def test_forms_new_note_preselects_the_client_of_the_link(signed_in):
    client_id = signed_in.add_client()
    page = signed_in.client.get("/notes/new", query_string={"client_id": client_id}).text
    assert f'<option value="{client_id}" selected>' in page
