"""`notewell reviews export`: signed notes' reviewed lines as training records, file mode 0600."""

from __future__ import annotations

import json
import stat

import pytest
from sqlalchemy import select

from assistant.errors import UserError
from web.db import db
from web.records import AuditEvent
from web.reviews import export_reviews


def test_reviews_export_writes_signed_notes_only(app, draft, signed_in, jotting, tmp_path):
    note_id = draft["note_id"]
    saved = signed_in.save(
        note_id,
        topics="Work stress and conflict w/ sister",  # kept
        client_response="pt seemed resistant",  # moved from topics
        homework="Keep a sleep diary",  # the reviewer's own words: "sleep diary" is unsure
    )
    assert saved.status_code in (200, 302), saved.text
    assert signed_in.sign(note_id).status_code == 302
    signed_in.new_note(draft["client_id"], "Second draft, never signed. HW: walk")
    out = tmp_path / "reviews.jsonl"
    with app.app_context():
        done = export_reviews(db.session, out)
        audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_reviews"))
        assert [e.detail for e in audit] == ["1 of 1 signed notes written as training records"]
    assert (done.written, done.signed) == (1, 1)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == f"review-{note_id}" and record["text"] == jotting
    gold = record["gold"]
    assert gold["topics"] == ["Work stress and conflict w/ sister"]
    assert gold["client_response"] == ["pt seemed resistant"]
    assert gold["homework"] == [] and "homework" in gold["missing"]
    start = jotting.index("sleep diary")
    assert record["unsure"] == [[start, start + len("sleep diary")]]


def test_reviews_export_never_overwrites(app, tmp_path):
    out = tmp_path / "reviews.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    with app.app_context(), pytest.raises(UserError, match="exists"):
        export_reviews(db.session, out)
    assert out.read_text(encoding="utf-8") == "kept\n"
