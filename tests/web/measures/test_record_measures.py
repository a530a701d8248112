"""The client's measures: entered on the record, charted with the notes' ones, a table beside."""

from __future__ import annotations

import pytest


def _section(page: str) -> str:
    start = page.index('id="measures"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize(
    ("score", "measured_on", "message", "field"),
    [
        ("14", "", "Date: give the day the measure was taken.", "measure-date"),
        ("14", "1899-12-31", "Date: 1899-12-31 is before 1900.", "measure-date"),
        ("28", "2026-11-02", "Score: PHQ-9 runs from 0 to 27: 28 is outside it.", "measure-score"),
    ],
)
def test_record_measures_refused_entry_comes_back_with_its_sentence(
    signed_in, client_id, measures, stored, score, measured_on, message, field
):
    response = measures.add_to_record(client_id, "PHQ-9", score, measured_on)
    assert response.status_code == 400
    assert f'<a href="#{field}">{message}</a>' in response.text
    assert f'id="{field}-error">{message}</p>' in response.text
    assert 'name="score" value="' + score + '"' in response.text
    assert stored() == []


def test_record_measures_removed_leave_the_chart_and_stay_in_the_database(
    signed_in, client_id, measures, stored, events
):
    measures.add_to_record(client_id, "mood", "4/10", "2026-11-02")
    (row,) = stored()
    assert measures.remove_from_record(client_id, row.id).status_code == 302
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "<svg" not in _section(page) and "No measures yet" in page
    assert stored()[0].removed_at is not None
    assert [e.detail for e in events("remove_measure")] == [f"measure {row.id}"]


def test_record_measures_a_notes_measure_is_not_removed_from_the_record(
    signed_in, client_id, measures, stored, real_engine
):
    """A note's measure is removed on its draft's review page, never through the record."""
    note_id = signed_in.new_note(client_id, "PHQ-9 = 16. Low mood.")
    (row,) = stored()
    assert measures.remove_from_record(client_id, row.id).status_code == 404
    assert stored()[0].removed_at is None
    assert measures.remove_from_note(note_id, row.id).status_code == 302


def test_record_measures_no_chart_without_scores(signed_in, client_id):
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "<svg" not in _section(page)
    assert "Add a measure by hand" in _section(page)
