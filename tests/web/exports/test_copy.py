"""Copy as text: plain text per section and whole, a button, and a no-JavaScript view."""

from __future__ import annotations

import html
import json
import re

import pytest


@pytest.fixture
def copied(signed_in, draft) -> int:
    note_id = draft["note_id"]
    signed_in.save(
        note_id,
        date="2026-11-28",
        duration_minutes="50",
        topics="work stress <b>x</b>",
        risk="Denies SI, HI",
    )
    signed_in.sign(note_id)
    return note_id


def test_copy_page_has_each_section_and_the_whole_note_as_plain_text(signed_in, copied):
    page = signed_in.client.get(f"/notes/{copied}/copy")
    assert page.status_code == 200
    exported = json.loads(signed_in.client.get(f"/notes/{copied}/export.json").data)
    boxes = dict(
        re.findall(
            r'id="copy-([\w-]+)"\s+aria-labelledby="[^"]+">(.*?)</textarea>', page.text, re.S
        )
    )
    for section in exported["sections"]:
        assert html.unescape(boxes[section["key"]]) == section["text"]
    assert "work stress &lt;b&gt;x&lt;/b&gt;" in page.text and "<b>x" not in page.text
    whole = html.unescape(boxes["whole"])
    assert whole.startswith(exported["text"]) and "Signed by Ann Example, LCSW" in whole
    assert 'data-copy="copy-whole" hidden' in page.text  # shown by copy.js only
    assert "/static/copy.js" in page.text and "<script>" not in page.text
    text = signed_in.client.get(f"/notes/{copied}/text")
    assert text.mimetype == "text/plain" and text.get_data(as_text=True) == whole


def test_copy_is_for_signed_notes_only_and_the_owner(signed_in, draft, copied):
    other = signed_in.new_note(draft["client_id"], "50 min. Work stress.")
    for path in ("copy", "text"):
        assert signed_in.client.get(f"/notes/{other}/{path}").status_code == 409
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    for path in ("copy", "text"):
        assert signed_in.client.get(f"/notes/{copied}/{path}").status_code == 404
