"""A note's listed measures in its preview, signed text, Markdown, PDF and JSON; none invented."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from web.db import db
from web.records import Measure, Note

from ..conftest import template

LINE = "PHQ-9 14/27; mood rating 4/10"


def _add(signed_in, note_id: int, name: str, score: str) -> None:
    data = {"name": name, "score": score, "measured_on": ""}
    assert signed_in.post(f"/notes/{note_id}/measures", data).status_code == 302


@pytest.fixture
def scored(app, signed_in, draft) -> int:
    """A draft with a PHQ-9 and a mood rating entered, a GAD-7 entered then removed, and an
    AUDIT the pipeline read in the jotting that the reviewer never kept."""
    note_id = draft["note_id"]
    with app.app_context():
        note = db.session.get(Note, note_id)
        jotted = {"name": "AUDIT", "value": 9, "scale": 40, "text": "AUDIT 9", "start": 0, "end": 7}
        note.structured = {**note.structured, "measures": [jotted]}
        db.session.commit()
    _add(signed_in, note_id, "PHQ-9", "14")
    _add(signed_in, note_id, "mood", "4/10")
    _add(signed_in, note_id, "GAD-7", "12")
    with app.app_context():
        gad7 = db.session.query(Measure).filter_by(note_id=note_id, name="GAD-7").one().id
    assert signed_in.post(f"/notes/{note_id}/measures/{gad7}/remove").status_code == 302
    signed_in.save(note_id, date="2026-11-28", topics="low mood", risk="Denies SI/HI")
    return note_id


@pytest.fixture
def signed(signed_in, scored) -> int:
    assert signed_in.sign(scored).status_code == 302
    return scored


def _preview(signed_in, note_id: int, fmt: str) -> str:
    """The review page's format switch: the preview of the boxes as sent, in `fmt`."""
    data = template(version=signed_in.version(note_id), format=fmt, date="2026-11-28")
    data.update(topics="low mood", risk="Denies SI/HI")
    response = signed_in.post(f"/notes/{note_id}/preview", data)
    assert response.status_code == 200, response.text
    return response.get_json()["preview"]


@pytest.mark.parametrize(
    ("fmt", "where"),
    [
        ("soap", "Objective:"),
        ("dap", "Data:"),
        ("birp", "Behavior:"),
        ("girp", "Response:"),
        ("plain", "Measures:"),
    ],
)
def test_preview_shows_the_listed_measures_in_the_templates_part(signed_in, scored, fmt, where):
    text = _preview(signed_in, scored, fmt)
    section = text.split(where, 1)[1].split("\n\n", 1)[0]
    assert LINE in section
    assert "GAD-7" not in text and "AUDIT" not in text


def test_review_page_preview_shows_the_measures(signed_in, scored):
    page = signed_in.client.get(f"/notes/{scored}").text
    preview = page.split('id="preview"', 1)[1]
    assert f"Measures: {LINE}" in preview


def test_signed_text_holds_the_measures(app, signed):
    with app.app_context():
        rendered = db.session.get(Note, signed).rendered
    assert f"  Measures: {LINE}\n" in rendered.split("Objective:", 1)[1]
    assert "GAD-7" not in rendered and "AUDIT" not in rendered


@pytest.mark.parametrize("kind", ["md", "pdf", "json", "text"])
def test_exports_carry_the_measures_and_only_those_listed(signed_in, signed, kind):
    url = f"/notes/{signed}/text" if kind == "text" else f"/notes/{signed}/export.{kind}"
    response = signed_in.client.get(url)
    assert response.status_code == 200
    if kind == "md":
        text = response.text
        assert "**Measures**\n\n- PHQ-9 14/27\n- mood rating 4/10\n" in text
    elif kind == "pdf":
        reader = PdfReader(io.BytesIO(response.data))
        text = "\n".join(page.extract_text() for page in reader.pages)
        lines = [line.strip() for line in text.splitlines()]
        assert lines.index("• PHQ-9 14/27") == lines.index("Measures") + 1
        assert "• mood rating 4/10" in lines
    elif kind == "json":
        data = json.loads(response.data)
        assert data["measures"] == [
            {"name": "PHQ-9", "value": 14, "scale": 27, "date": "2026-11-28"},
            {"name": "mood", "value": 4, "scale": 10, "date": "2026-11-28"},
        ]
        (objective,) = [s for s in data["sections"] if s["key"] == "objective"]
        assert {"label": "Measures", "lines": ["PHQ-9 14/27", "mood rating 4/10"]} in objective[
            "parts"
        ]
        text = data["text"]
    else:
        text = response.text
    assert "PHQ-9 14/27" in text and "mood rating 4/10" in text
    assert "GAD-7" not in text and "AUDIT" not in text


@pytest.mark.parametrize("kind", ["md", "pdf", "json"])
def test_exports_of_a_note_without_measures_have_no_measures_line(signed_in, draft, kind):
    note_id = draft["note_id"]
    signed_in.save(note_id, date="2026-11-28", topics="low mood", risk="Denies SI/HI")
    assert signed_in.sign(note_id).status_code == 302
    response = signed_in.client.get(f"/notes/{note_id}/export.{kind}")
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(response.data))
        text = "\n".join(page.extract_text() for page in reader.pages)
    else:
        text = response.text
    assert "Measures" not in text and "not recorded" in text  # other parts still say so
    if kind == "json":
        assert json.loads(response.data)["measures"] == []


@pytest.mark.parametrize("url", ["/notes/{}/export.md", "/notes/{}/export.json", "/notes/{}/text"])
def test_another_users_note_with_measures_is_404(signed_in, signed, url):
    assert signed_in.add_user("bob").status_code == 302
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    response = signed_in.client.get(url.format(signed))
    assert response.status_code == 404 and "PHQ-9" not in response.text


def test_markup_in_a_measure_name_is_escaped_in_markdown_and_on_the_page(app, signed_in, scored):
    with app.app_context():
        row = db.session.query(Measure).filter_by(note_id=scored, name="PHQ-9").one()
        row.name = "<b>*PHQ*</b>"
        db.session.commit()
    page = signed_in.client.get(f"/notes/{scored}").text
    assert "<b>*PHQ*</b>" not in page and "&lt;b&gt;*PHQ*&lt;/b&gt; 14/27" in page
    assert signed_in.sign(scored).status_code == 302
    text = signed_in.client.get(f"/notes/{scored}/export.md").text
    assert "- \\<b\\>\\*PHQ\\*\\</b\\> 14/27" in text and "<b>" not in text
