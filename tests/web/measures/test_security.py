"""Measures: another clinician's are 404 on every post, every post needs its CSRF token."""

from __future__ import annotations

import pytest

POSTS = [
    "/notes/{note_id}/measures",
    "/notes/{note_id}/measures/{note_measure}/remove",
    "/clients/{client_id}/measures",
    "/clients/{client_id}/measures/{record_measure}/remove",
]


@pytest.fixture
def anns(signed_in, draft, measures, stored):
    """ann's draft with a measure, and a measure on her client's record."""
    assert measures.add_to_note(draft["note_id"], "GAD-7", "9").status_code == 302
    assert (
        measures.add_to_record(draft["client_id"], "PHQ-9", "11", "2026-11-02").status_code == 302
    )
    note_measure, record_measure = (m.id for m in stored())
    return {**draft, "note_measure": note_measure, "record_measure": record_measure}


def _unchanged(stored) -> list[tuple]:
    return [(m.id, m.value, m.removed_at) for m in stored()]


@pytest.mark.parametrize("url", POSTS)
def test_security_other_users_measures_are_404(signed_in, anns, stored, url):
    before = _unchanged(stored)
    signed_in.add_user("bob")
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    data = {"name": "PHQ-9", "score": "27", "measured_on": "2026-11-03"}
    response = signed_in.post(url.format(**anns), data)
    assert response.status_code == 404
    assert "Jo Smith" not in response.text and "C-001" not in response.text
    assert _unchanged(stored) == before


def test_security_other_users_client_page_shows_no_measures(signed_in, anns):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    response = signed_in.client.get(f"/clients/{anns['client_id']}")
    assert response.status_code == 404 and "PHQ-9 11/27" not in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/notes/{note_id}/measures/{record_measure}/remove",  # the record's, through a note
        "/clients/{client_id}/measures/{note_measure}/remove",  # a note's, through the record
    ],
)
def test_security_a_measure_is_removed_only_where_it_belongs(signed_in, anns, stored, url):
    before = _unchanged(stored)
    assert signed_in.post(url.format(**anns)).status_code == 404
    assert _unchanged(stored) == before


@pytest.mark.parametrize("url", POSTS)
@pytest.mark.parametrize("guarded", [True, False], ids=["csrfprotect", "form"])
def test_security_measure_posts_without_csrf_token_are_refused(
    app, signed_in, anns, stored, url, guarded
):
    before = _unchanged(stored)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = guarded  # False: the form itself must refuse
    data = {"name": "PHQ-9", "score": "27", "measured_on": "2026-11-03"}
    response = signed_in.client.post(url.format(**anns), data=data)
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text
    assert _unchanged(stored) == before


@pytest.mark.parametrize("url", ["/notes/{note_id}", "/clients/{client_id}"])
def test_security_every_measure_form_carries_a_csrf_token(signed_in, anns, url):
    page = signed_in.client.get(url.format(**anns)).text
    section = page[page.index('id="measures"') :]
    section = section[: section.index("</section>")]
    posts = section.count('method="post"')
    assert posts == 2  # the remove button and the hand-entry form
    assert section.count('name="csrf_token"') == posts
