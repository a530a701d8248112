"""Hand-made posts to the review page never get a traceback or a 500, and never change the note:
each bad body gets a 400 or 413 with one sentence. A table over the endpoints and the bodies."""

from __future__ import annotations

import html
import json
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from assistant import SECTIONS
from tests.web.conftest import csrf_token
from web.db import db
from web.records import AuditEvent, Note

HUGE = 3 * 1024 * 1024  # over MAX_CONTENT_LENGTH (2 MB)
NOT_JSON = "Send the field as JSON: a section and its text."
NOT_A_FORM = "takes the note page's form, not"
INCOMPLETE = "arrived incomplete"
UNKEEPABLE = "control character or broken text"

# Bodies that are not a JSON object of text, sent as application/json.
ODD_JSON = {
    "numbers": '{"section": 5, "text": 7}',
    "lists": '{"section": ["plan"], "text": ["pt"]}',
    "objects": '{"section": {"a": 1}, "text": {"b": "pt"}}',
    "nulls": '{"section": null, "text": null}',
    "missing keys": "{}",
    "a bare list": '["plan", "pt"]',
    "a bare string": '"pt"',
    "nested": '{"section": "plan", "text": {"a": [[{"b": [1, {"c": null}]}]]}}',
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "deeply nested object": '{"section": "plan", "text": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001,
    "cut short": '{"section": "plan", "text": "pt',
    "invalid UTF-8": b'{"section": "plan", "text": "\xff\xfe pt"}',
}
FORM_POSTS = ("save", "autosave", "preview", "flags/accept", "flags/dismiss", "flags/undo", "sign")


def _template(**fields: str) -> dict[str, str]:
    return {**{s: "" for s in SECTIONS}, "format": "soap", "date": "", **fields}


def _urlencoded(data: dict[str, str], raw: dict[str, str] | None = None) -> bytes:
    """A form body; `raw` values are put in as given (already percent-encoded bytes)."""
    parts = [f"{quote(k)}={quote(v)}" for k, v in data.items()]
    parts += [f"{quote(k)}={v}" for k, v in (raw or {}).items()]
    return "&".join(parts).encode("ascii")


def _multipart(data: dict[str, str], raw: dict[str, bytes]) -> tuple[bytes, str]:
    """A multipart body (what the page's script sends); `raw` values go in as bytes."""
    parts = [(k, v.encode()) for k, v in data.items()] + list(raw.items())
    body = b"".join(
        b'--b0undary\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (k.encode(), v)
        for k, v in parts
    )
    return body + b"--b0undary--\r\n", "multipart/form-data; boundary=b0undary"


def _post(auth, path: str, body: str | bytes, content_type: str):
    headers = {"X-CSRFToken": csrf_token(auth.client)}
    return auth.client.post(path, data=body, content_type=content_type, headers=headers)


def _sentence(response) -> str:
    """The one sentence of the answer (JSON error, or the error page's text)."""
    assert "Traceback" not in response.text
    if response.is_json:
        return response.get_json()["error"]
    return html.unescape(response.text)


@pytest.fixture
def kept(app, signed_in, draft):
    """The draft as saved; after the test, check that no bad post changed it or logged an edit."""
    note_id = draft["note_id"]
    signed_in.save(note_id, topics="pt late", plan="kept words")
    with app.app_context():
        before = db.session.get(Note, note_id)
        state = (before.fields, before.version)
        edits = db.session.scalar(select(func.count()).where(AuditEvent.action == "edit"))
    yield {"note_id": note_id, "version": state[1]}
    with app.app_context():
        after = db.session.get(Note, note_id)
        assert (after.fields, after.version) == state
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "edit")) == edits


@pytest.mark.parametrize("name", list(ODD_JSON))
def test_flag_check_refuses_json_that_is_not_an_object_of_text(signed_in, kept, name):
    response = _post(
        signed_in, f"/notes/{kept['note_id']}/flags/check", ODD_JSON[name], "application/json"
    )
    assert response.status_code == 400
    assert _sentence(response) == NOT_JSON


@pytest.mark.parametrize(
    ("body", "content_type", "status", "sentence"),
    [
        ('{"section": "plan", "text": "\\ud800 pt"}', "application/json", 400, UNKEEPABLE),
        ('{"section": "plan", "text": "pt\\u0000\\u001b"}', "application/json", 400, UNKEEPABLE),
        ('{"section": "plan", "text": "pt"}', "text/plain", 400, NOT_JSON),
        ("section=plan&text=pt", "application/x-www-form-urlencoded", 400, NOT_JSON),
        ('{"section": "plan", "text": "' + "x" * HUGE + '"}', "application/json", 413, "too large"),
    ],
    ids=["lone surrogate", "control characters", "text/plain", "a form", "huge"],
)
def test_flag_check_refuses_odd_text_and_types(
    signed_in, kept, body, content_type, status, sentence
):
    response = _post(signed_in, f"/notes/{kept['note_id']}/flags/check", body, content_type)
    assert response.status_code == status
    assert sentence in _sentence(response)


@pytest.mark.parametrize("path", FORM_POSTS)
@pytest.mark.parametrize(
    "name", ["numbers", "nulls", "a bare list", "deeply nested", "invalid UTF-8", "of text"]
)
def test_form_posts_refuse_json(signed_in, kept, path, name):
    body = ODD_JSON.get(name) or json.dumps(_template(version=str(kept["version"]), topics="x"))
    response = _post(signed_in, f"/notes/{kept['note_id']}/{path}", body, "application/json")
    assert response.status_code == 400
    assert NOT_A_FORM + " application/json" in _sentence(response)


@pytest.mark.parametrize("path", FORM_POSTS)
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", ""])
def test_form_posts_refuse_other_content_types(signed_in, kept, path, content_type):
    body = _urlencoded(_template(version=str(kept["version"])))
    response = _post(signed_in, f"/notes/{kept['note_id']}/{path}", body, content_type)
    assert response.status_code == 400
    assert NOT_A_FORM in _sentence(response)


@pytest.mark.parametrize("path", ["save", "autosave", "preview", "flags/accept"])
@pytest.mark.parametrize(
    "raw",
    [b"pt\x00late", b"pt\x1b[31m\x0clate", b"\xff\xfekept", b"\xed\xa0\x80"],
    ids=["NUL", "escape and form feed", "invalid UTF-8", "encoded surrogate"],
)
def test_form_posts_refuse_text_a_note_cannot_keep(signed_in, kept, path, raw):
    data = _template(
        csrf_token=csrf_token(signed_in.client),
        version=str(kept["version"]),
        key="topics:jargon:0:pt",
    )
    del data["plan"]
    body, content_type = _multipart(data, {"plan": raw})
    response = _post(signed_in, f"/notes/{kept['note_id']}/{path}", body, content_type)
    assert response.status_code == 400
    assert UNKEEPABLE in _sentence(response)


def test_invalid_utf8_in_a_urlencoded_form_is_kept_as_its_escapes(app, signed_in, kept):
    """Werkzeug keeps bytes that are not UTF-8 as their %XX escapes: visible, storable text."""
    data = _template(csrf_token=csrf_token(signed_in.client), version=str(kept["version"]))
    del data["plan"]
    body = _urlencoded(data, {"plan": "%FF%FEkept"})
    response = _post(
        signed_in, f"/notes/{kept['note_id']}/preview", body, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "%FF%FEkept" in response.get_json()["preview"]


@pytest.mark.parametrize("path", ["save", "autosave", "preview"])
def test_template_posts_missing_a_box_change_nothing(signed_in, kept, path):
    data = _template(version=str(kept["version"]), topics="only this")
    del data["plan"]
    response = signed_in.post(f"/notes/{kept['note_id']}/{path}", data)
    assert response.status_code == 400
    assert INCOMPLETE in _sentence(response)


@pytest.mark.parametrize("path", FORM_POSTS)
def test_form_posts_refuse_a_huge_body(signed_in, kept, path):
    data = _template(csrf_token=csrf_token(signed_in.client), version=str(kept["version"]))
    data["topics"] = "x" * HUGE
    response = signed_in.client.post(f"/notes/{kept['note_id']}/{path}", data=data)
    assert response.status_code == 413
    assert "too large" in _sentence(response)


def test_sign_refuses_a_control_character_in_the_date(signed_in, kept):
    data = {"csrf_token": csrf_token(signed_in.client), "version": str(kept["version"])}
    body = _urlencoded({**data, "confirm": "y"}, {"date": "2026-11-28%00"})
    response = _post(
        signed_in, f"/notes/{kept['note_id']}/sign", body, "application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and "YYYY-MM-DD" in _sentence(response)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "sentence"),
    [
        ('{"text": "a correction"}', "application/json", 400, NOT_A_FORM),
        ("text=a+correction", "text/plain", 400, NOT_A_FORM),
        (
            "text=a%00correction&checked=a%00correction",
            "application/x-www-form-urlencoded",
            400,
            UNKEEPABLE,
        ),
        (b"\xff\xfe", "multipart/form-data", 400, UNKEEPABLE),
        ("text=" + "x" * HUGE, "application/x-www-form-urlencoded", 413, "too large"),
    ],
    ids=["JSON", "text/plain", "NUL", "invalid UTF-8", "huge"],
)
def test_addendum_refuses_bad_posts_and_adds_nothing(
    app, signed_in, draft, body, content_type, status, sentence
):
    note_id = draft["note_id"]
    assert signed_in.sign(note_id).status_code == 302
    token = csrf_token(signed_in.client)
    if content_type == "application/x-www-form-urlencoded":
        body = f"csrf_token={quote(token)}&{body}"
    elif content_type == "multipart/form-data":
        body, content_type = _multipart({"csrf_token": token}, {"text": body})
    response = _post(signed_in, f"/notes/{note_id}/addenda", body, content_type)
    assert response.status_code == status
    assert sentence in _sentence(response)
    with app.app_context():
        assert db.session.get(Note, note_id).addenda == []


def test_new_note_refuses_a_control_character_in_the_jotting(signed_in):
    client_id = signed_in.add_client()
    data = {"csrf_token": csrf_token(signed_in.client), "client_id": str(client_id)}
    body = _urlencoded(data, {"jotting": "50+min.%00+pt+tired"})
    response = _post(signed_in, "/notes/new", body, "application/x-www-form-urlencoded")
    assert response.status_code == 400 and UNKEEPABLE in response.text
    assert "50 min. pt tired" in response.text  # the text is kept, the character dropped


def test_ids_too_large_for_the_database_are_404_not_500(signed_in, kept):
    big = "9" * 20
    data = {"client_id": big, "jotting": "pt late."}
    assert signed_in.post("/notes/new", data).status_code == 404
    assert signed_in.client.get(f"/notes/{big}").status_code == 404
    assert signed_in.post(f"/notes/{big}/save", {"version": "1"}).status_code == 404
    assert signed_in.client.get(f"/addenda/{big}").status_code == 404
    assert signed_in.client.get("/notes/0").status_code == 404


@pytest.mark.parametrize("path", ["autosave", "preview", "flags/check"])
def test_the_page_script_gets_its_refusals_as_json(signed_in, kept, path):
    """The script asks for JSON: a lost session, a huge body and a wrong type answer in JSON."""
    url = f"/notes/{kept['note_id']}/{path}"
    accept = {"Accept": "application/json"}
    no_token = signed_in.client.post(url, data={"topics": "x"}, headers=accept)
    assert no_token.status_code == 400 and "form expired" in no_token.get_json()["error"]
    token = {**accept, "X-CSRFToken": csrf_token(signed_in.client)}
    huge = signed_in.client.post(url, data={"topics": "x" * HUGE}, headers=token)
    assert huge.status_code == 413 and "too large" in huge.get_json()["error"]
    odd = signed_in.client.post(url, data="x", content_type="text/plain", headers=token)
    assert odd.status_code == 400 and odd.get_json()["error"]
