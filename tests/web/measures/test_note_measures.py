"""A note's measures: read from its jotting, shown with their words, added and removed by hand."""

from __future__ import annotations

import re

import pytest

from .conftest import SCORED


def _rows(page: str) -> list[str]:
    """The measures table's rows on a page, as text without tags."""
    section = page[page.index('id="measures"') :]
    section = section[: section.index("</table>")] if "</table>" in section else ""
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]  # without the header row
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]


def test_note_measures_from_the_jotting_are_kept_and_shown_with_their_words(
    signed_in, scored_note, stored, events
):
    rows = stored()
    assert [(m.name, m.value, m.scale, m.source, m.jotting_index) for m in rows] == [
        ("PHQ-9", 14, 27, "jotting", 0),
        ("GAD-7", 12, 21, "jotting", 1),
        ("anxiety", 6, 10, "jotting", 2),
    ]
    assert all(m.note_id == scored_note and m.client_id is None for m in rows)
    page = signed_in.client.get(f"/notes/{scored_note}").text
    shown = _rows(page)
    assert shown[0].startswith("PHQ-9 14/27") and "“PHQ-9 = 14”" in shown[0]
    assert "(the session date)" in shown[0]
    assert shown[2].startswith("anxiety 6/10") and "“Anxiety 6/10”" in shown[2]
    # the words link to their place in the jotting, which carries the anchor
    assert 'href="#src-measure-0"' in page and 'id="src-measure-0"' in page
    jotting = page[page.index('<pre class="jotting">') :]
    assert re.search(r'data-items="[^"]*\bmeasure-0\b', jotting[: jotting.index("</pre>")])
    [event] = events("add_measure")
    ids = ", ".join(str(m.id) for m in rows)
    assert event.note_id == scored_note and event.detail == f"measures {ids} read from the jotting"


def test_note_measures_added_by_hand_default_to_the_session_date(
    signed_in, draft, measures, stored, events
):
    response = measures.add_to_note(draft["note_id"], name="SUDS", score="7/10")
    assert response.status_code == 302 and response.location.endswith("#measures")
    (row,) = stored()
    assert (row.name, row.value, row.scale, row.source, row.measured_on) == (
        "SUDS",
        7,
        10,
        "reviewer",
        None,
    )
    assert (
        measures.add_to_note(draft["note_id"], "C-SSRS", "Negative", "2026-11-27").status_code
        == 302
    )
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    shown = _rows(page)
    assert shown[0].startswith("SUDS 7/10") and "entered by hand" in shown[0]
    assert shown[1].startswith("C-SSRS negative 2026-11-27")
    details = [e.detail for e in events("add_measure")]
    assert details == [f"measure {row.id} entered", f"measure {row.id + 1} entered"]
    assert '<p class="flash" role="status">Measure added.</p>' in page


@pytest.mark.parametrize(
    ("name", "score", "measured_on", "message", "field"),
    [
        ("", "14", "", "Measure: choose what was measured from the list.", "measure-name"),
        ("BDI-II", "14", "", "Measure: choose what was measured from the list.", "measure-name"),
        ("PHQ-9", "", "", "Score: give the PHQ-9 score, e.g. 13.", "measure-score"),
        ("PHQ-9", "30", "", "Score: PHQ-9 runs from 0 to 27: 30 is outside it.", "measure-score"),
        ("PHQ-9", "14/21", "", "Score: PHQ-9 is scored out of 27, not 21.", "measure-score"),
        (
            "PHQ-9",
            "12.5",
            "",
            "Score: PHQ-9 takes whole numbers: 12.5 is not one.",
            "measure-score",
        ),
        (
            "mood",
            "low",
            "",
            "Score: “low” is not a number; write it as 14, or as 7/10 with its scale.",
            "measure-score",
        ),
        (
            "C-SSRS",
            "maybe",
            "",
            "Score: write the result of the C-SSRS screen, positive or negative, not “maybe”.",
            "measure-score",
        ),
        (
            "PHQ-9 item 9",
            "4",
            "",
            "Score: PHQ-9 item 9 runs from 0 to 3: 4 is outside it.",
            "measure-score",
        ),
        ("GAD-7", "9", "2999-01-01", "Date: 2999-01-01 is after 2100.", "measure-date"),
        ("GAD-7", "9", "2099-01-01", "Date: 2099-01-01 is in the future.", "measure-date"),
        (
            "GAD-7",
            "9",
            "14/11/2026",
            "Date: write the date as YYYY-MM-DD, e.g. 2026-03-14.",
            "measure-date",
        ),
    ],
)
def test_note_measures_refused_entry_comes_back_as_typed_with_its_sentence(
    signed_in, draft, measures, stored, name, score, measured_on, message, field
):
    response = measures.add_to_note(draft["note_id"], name, score, measured_on)
    assert response.status_code == 400
    page = response.text
    assert f'<p class="error" role="alert"><a href="#{field}">{message}</a></p>' in page
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in page
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page)
    assert f'value="{score}"' in page  # what was typed stays in the box
    assert stored() == []


def test_note_measures_typed_text_is_escaped(signed_in, draft, measures):
    response = measures.add_to_note(draft["note_id"], "mood", "<b>6</b>")
    assert response.status_code == 400
    assert "<b>6" not in response.text and "&lt;b&gt;6&lt;/b&gt;" in response.text


def test_note_measures_removed_leave_the_page_and_are_kept_with_who_and_when(
    signed_in, scored_note, measures, stored, events
):
    phq9 = stored()[0]
    response = measures.remove_from_note(scored_note, phq9.id)
    assert response.status_code == 302
    page = signed_in.client.get(f"/notes/{scored_note}").text
    assert [r.split()[0] for r in _rows(page)] == ["GAD-7", "anxiety"]
    kept = stored()[0]
    assert kept.removed_at is not None and kept.removed_by_id is not None
    [event] = events("remove_measure")
    assert (event.note_id, event.detail) == (scored_note, f"measure {phq9.id}")
    # removed once is gone: a second post finds nothing
    assert measures.remove_from_note(scored_note, phq9.id).status_code == 404


def test_note_measures_hand_entered_phq9_item9_raises_the_risk_prompt(signed_in, draft, measures):
    note_id = draft["note_id"]
    signed_in.save(note_id, topics="Work stress", risk="Denies SI/HI")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "PHQ-9 item 9 is" not in page
    assert measures.add_to_note(note_id, "PHQ-9 item 9", "1").status_code == 302
    page = signed_in.client.get(f"/notes/{note_id}").text
    panel = page[page.index('id="risk"') : page.index("</section>", page.index('id="risk"'))]
    assert (
        '<p class="prompt warn">PHQ-9 item 9 is 1 (thoughts of being better off dead or of '
        "hurting oneself); the note records Denies SI/HI (denied): record that you asked about "
        "suicidal thoughts, what the client said, and the safety plan or follow-up.</p>"
    ) in panel
    assert "asks for a risk assessment" in _rows(page)[0]
    sign_page = signed_in.client.get(f"/notes/{note_id}/sign").text
    assert "PHQ-9 item 9 is 1" in sign_page


def test_note_measures_phq9_item9_zero_raises_no_prompt(signed_in, draft, measures):
    note_id = draft["note_id"]
    signed_in.save(note_id, topics="Work stress", risk="Denies SI/HI")
    measures.add_to_note(note_id, "PHQ-9 item 9", "0")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "PHQ-9 item 9 is" not in page and "asks for a risk assessment" not in page


def test_note_measures_of_a_signed_note_cannot_change(
    signed_in, scored_note, measures, stored, events
):
    signed_in.save(scored_note, date="2026-11-20", topics="Work stress", risk="Denies SI/HI")
    assert signed_in.sign(scored_note).status_code == 302
    before = [(m.id, m.removed_at) for m in stored()]
    assert measures.add_to_note(scored_note, "GAD-7", "3").status_code == 403
    assert measures.remove_from_note(scored_note, stored()[0].id).status_code == 403
    assert [(m.id, m.removed_at) for m in stored()] == before
    assert len(events("edit_refused")) == 2
    page = signed_in.client.get(f"/notes/{scored_note}").text
    assert len(_rows(page)) == 3
    assert "Add a measure by hand" not in page and "measures/" not in page.split('id="measures"')[1]


def test_note_measures_signed_note_refuses_them_in_the_database_too(app, scored_note, signed_in):
    """The mapper hook refuses a change even where a code path forgets to check."""
    from web.db import db
    from web.records import Measure, utcnow

    signed_in.save(scored_note, date="2026-11-20", topics="Work stress", risk="Denies SI/HI")
    signed_in.sign(scored_note)
    with app.app_context():
        measure = db.session.get(Measure, 1)
        measure.removed_at = utcnow()
        with pytest.raises(PermissionError, match="signed note's measures"):
            db.session.commit()
        db.session.rollback()


def test_note_measures_reading_text_carries_no_jotting_words_into_the_audit_log(
    signed_in, scored_note, measures, events
):
    measures.add_to_note(scored_note, "mood", "4/10")
    measures.remove_from_note(scored_note, 1)
    details = " ".join(e.detail for e in events("add_measure", "remove_measure"))
    assert not any(w in details for w in ("PHQ", "GAD", "mood", "14", "4/10", "6/10"))
    assert SCORED  # the jotting's words stay with the note


def test_note_measures_move_with_their_draft_and_leave_with_a_void(
    signed_in, scored_note, client_id, measures
):
    other = signed_in.add_client("Sam Lee", "C-002")
    version = signed_in.version(scored_note)
    data = {"client_id": other, "version": version}
    assert signed_in.post(f"/notes/{scored_note}/move", data).status_code == 302
    assert "<td>PHQ-9" not in _section(signed_in.client.get(f"/clients/{client_id}").text)
    assert "<td>PHQ-9" in _section(signed_in.client.get(f"/clients/{other}").text)
    data = {"reason": "wrong client", "version": signed_in.version(scored_note)}
    assert signed_in.post(f"/notes/{scored_note}/void", data).status_code == 302
    assert "<td>PHQ-9" not in _section(signed_in.client.get(f"/clients/{other}").text)


def _section(page: str) -> str:
    start = page.index('id="measures"')
    return page[start : page.index("</section>", start)]
