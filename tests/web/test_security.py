"""Security: ownership, CSRF, escaping, headers, and what another user never sees."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from web.db import db

SECRETS = ("Jo Smith", "C-001", "sleep diary", "resistant", "Addendum text of ann")


@pytest.fixture
def two_users(signed_in, draft):
    """ann owns a signed note with an addendum; bob is signed in."""
    note_id = draft["note_id"]
    signed_in.sign(note_id)
    signed_in.post(f"/notes/{note_id}/addenda", {"text": "Addendum text of ann"})
    page = signed_in.client.get(f"/notes/{note_id}").text
    addendum_id = int(re.search(r'href="/addenda/(\d+)"', page).group(1))
    signed_in.add_user("bob")
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    return {**draft, "addendum_id": addendum_id}


GETS = [
    "/clients/{client_id}",
    "/notes/{note_id}",
    "/notes/{note_id}/export.md",
    "/notes/{note_id}/export.pdf",
    "/notes/{note_id}/export.json",
    "/notes/{note_id}/jotting.txt",
    "/notes/{note_id}/export.fhir",
    "/notes/{note_id}/copy",
    "/notes/{note_id}/text",
    "/notes/{note_id}/sign",
    "/notes/{note_id}/void",
    "/notes/{note_id}/move",
    "/addenda/{addendum_id}",
]
POSTS = [
    "/notes/{note_id}/save",
    "/notes/{note_id}/sign",
    "/notes/{note_id}/flags/accept",
    "/notes/{note_id}/flags/dismiss",
    "/notes/{note_id}/addenda",
    "/notes/{note_id}/void",
    "/notes/{note_id}/move",
]


@pytest.mark.parametrize("url", GETS)
def test_security_other_users_objects_are_404_on_get(signed_in, two_users, url):
    response = signed_in.client.get(url.format(**two_users))
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)


@pytest.mark.parametrize("url", POSTS)
def test_security_other_users_objects_are_404_on_post(app, signed_in, two_users, url):
    response = signed_in.post(
        url.format(**two_users),
        {"version": 1, "key": "jargon:0:pt", "text": "bob was here", "topics": "bob was here"},
    )
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM addenda")).scalar() == 1


def test_security_other_users_client_cannot_get_a_note(signed_in, two_users):
    response = signed_in.post(
        "/notes/new", {"client_id": two_users["client_id"], "jotting": "bob's jotting"}
    )
    assert response.status_code == 404
    assert not any(s in response.text for s in SECRETS)


FORMS = [
    "/setup",
    "/login",
    "/logout",
    "/users",
    "/clients/new",
    "/notes/new",
    "/notes/1/save",
    "/notes/1/sign",
    "/notes/1/flags/accept",
    "/notes/1/flags/dismiss",
    "/notes/1/addenda",
    "/notes/1/void",
    "/notes/1/move",
    "/profile",
]


@pytest.mark.parametrize("url", FORMS)
def test_security_posts_without_csrf_token_are_refused(signed_in, draft, url):
    response = signed_in.client.post(
        url,
        data={"version": 1, "text": "x", "name": "x", "code": "x", "jotting": "x", "client_id": 1},
    )
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/clients",
        "/clients/new",
        "/notes/new",
        "/notes/{note_id}",
        "/users",
        "/clients/{client_id}",
        "/profile",
        "/notes/{note_id}/sign",
        "/notes/{note_id}/void",
        "/notes/{note_id}/move",
    ],
)
def test_security_every_form_carries_a_csrf_token(signed_in, draft, url):
    page = signed_in.client.get(url.format(**draft)).text
    posts = page.count('method="post"')
    assert posts >= 1
    assert page.count('name="csrf_token"') == posts


def test_security_signed_note_forms_carry_csrf_token(signed_in, draft):
    signed_in.sign(draft["note_id"])
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert page.count('name="csrf_token"') == page.count('method="post"')


def test_security_user_text_is_escaped(signed_in):
    client_id = signed_in.add_client("<b>Bold</b>", "<i>x</i>")
    jotting = "Talked. <script>alert('x')</script> pt ok"
    note_id = signed_in.new_note(client_id, jotting)
    for url in (f"/notes/{note_id}", f"/clients/{client_id}", "/clients"):
        page = signed_in.client.get(url).text
        assert "<script>alert" not in page and "<b>Bold</b>" not in page
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_security_headers_on_pages(signed_in, draft):
    response = signed_in.client.get(f"/notes/{draft['note_id']}")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    for url in ("/clients", f"/clients/{draft['client_id']}", f"/notes/{draft['note_id']}"):
        assert signed_in.client.get(url).headers["Cache-Control"] == "no-store"


def test_security_pages_have_no_inline_script_or_style(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert " style=" not in page and "<style" not in page
    js = signed_in.client.get("/static/review.js")
    assert js.status_code == 200 and js.headers.get("Cache-Control") != "no-store"


def test_security_jotting_is_never_in_the_note_list_of_another_user(signed_in, draft, jotting):
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    for url in ("/clients", "/notes/new", "/clients?q=Jo"):
        page = signed_in.client.get(url).text
        assert jotting not in page and "Jo Smith" not in page
