"""What every form shares: the CSRF refusal even without CSRFProtect's own check."""

from __future__ import annotations

import pytest

# Every POST that carries a form class; /logout has none and relies on CSRFProtect alone.
FORMS = [
    "/users",
    "/clients/new",
    "/notes/new",
    "/notes/{note_id}/save",
    "/notes/{note_id}/sign",
    "/notes/{note_id}/flags/accept",
    "/notes/{note_id}/flags/dismiss",
    "/notes/{signed_id}/addenda",
]


@pytest.fixture
def unguarded(app, signed_in, draft):
    """ann with a draft and a signed note, on an app whose CSRFProtect no longer checks."""
    signed_id = signed_in.new_note(draft["client_id"], "Second session. HW: walk")
    signed_in.sign(signed_id)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    return {**draft, "signed_id": signed_id}


@pytest.mark.parametrize("url", FORMS)
def test_forms_refuse_a_post_without_csrf_token(signed_in, unguarded, url):
    response = signed_in.client.post(
        url.format(**unguarded),
        data={"version": 1, "key": "jargon:0:pt", "text": "x", "name": "x", "code": "x"},
    )
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text


def test_forms_refuse_the_first_account_without_csrf_token(app, client, password):
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    response = client.post(
        "/setup", data={"username": "ann", "password": password, "confirm": password}
    )
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text
    assert client.get("/setup").status_code == 200  # no account was made


def test_forms_accept_a_post_with_csrf_token_when_unguarded(signed_in, unguarded):
    response = signed_in.post("/clients/new", {"name": "Ray Park", "code": "R-9"})
    assert response.status_code == 302
