"""The client's measures: entered on the record, charted with the notes' ones, a table beside."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

SVG = "{http://www.w3.org/2000/svg}"


def _section(page: str) -> str:
    start = page.index('id="measures"')
    return page[start : page.index("</section>", start)]


def _svg(page: str) -> ET.Element:
    section = _section(page)
    return ET.fromstring(section[section.index("<svg") : section.index("</svg>") + 6])


def test_record_measures_entered_with_their_day_are_charted_with_a_table(
    signed_in, client_id, measures, stored, events
):
    assert measures.add_to_record(client_id, "PHQ-9", "18", "2026-10-01").status_code == 302
    assert measures.add_to_record(client_id, "PHQ-9", "12/27", "2026-11-26").status_code == 302
    assert measures.add_to_record(client_id, "anxiety", "7", "2026-11-01").status_code == 302
    rows = stored()
    assert [(m.client_id, m.note_id, m.source) for m in rows] == [(client_id, None, "reviewer")] * 3
    assert [e.client_id for e in events("add_measure")] == [client_id] * 3
    page = signed_in.client.get(f"/clients/{client_id}").text
    svg = _svg(page)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Measures over time"
    desc = svg.find(f"{SVG}desc").text
    assert "PHQ-9: 2 scores, from 18/27 on 2026-10-01 to 12/27 on 2026-11-26." in desc
    assert "anxiety: 1 score, 7/10 on 2026-11-01." in desc
    lines = svg.findall(f".//{SVG}polyline")
    assert len(lines) == 2  # one line per measure
    points = [
        [tuple(map(float, p.split(","))) for p in line.get("points").split()] for line in lines
    ]
    (phq_first, phq_last), (anxiety,) = points
    assert phq_first[0] < anxiety[0] < phq_last[0]  # by day
    assert phq_last[1] > phq_first[1]  # 12/27 is lower on the chart than 18/27
    table = _section(page)[_section(page).index("<table") :]
    cells = [
        " ".join(re.sub("<[^>]+>", " ", r).split())
        for r in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert cells[1:] == [
        "2026-10-01 PHQ-9 18/27 the record Remove",
        "2026-11-01 anxiety 7/10 the record Remove",
        "2026-11-26 PHQ-9 12/27 the record Remove",
    ]
    assert "<script" not in _section(page) and "http://" not in _section(page).replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_record_measures_and_the_notes_share_one_chart(signed_in, client_id, measures, real_engine):
    note_id = signed_in.new_note(client_id, "50 min. PHQ-9 = 16. Denies SI/HI. HW: walk.")
    signed_in.save(note_id, date="2026-11-20", topics="Low mood", risk="Denies SI/HI")
    measures.add_to_record(client_id, "PHQ-9", "19", "2026-10-30")
    page = signed_in.client.get(f"/clients/{client_id}").text
    (line,) = _svg(page).findall(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 2
    section = _section(page)
    assert (
        f'href="/notes/{note_id}#measures">the note</a> <span class="meta">(draft)</span>'
        in section
    )
    assert "2026-11-20 PHQ-9 16/27" in " ".join(re.sub("<[^>]+>", " ", section).split())


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
