"""The review page's documentation score and CPT time band follow the reviewed note."""

from __future__ import annotations

import re

import pytest

from web.notes.scorecard import scorecard


def _score(page: str) -> int:
    return int(re.search(r"Documentation score: (\d+)/100", page).group(1))


def test_scorecard_shows_score_and_band_on_the_review_page(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert "no duration recorded, so no CPT time band" in page
    assert "Plain language: 12/20" in page  # "pt" and "w/": two jargon terms open
    assert "Observable language: 20/30" in page  # "seemed resistant"
    before = _score(page)
    signed_in.save(draft["note_id"], date="2026-11-28", duration_minutes="50", plan="review diary")
    after = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert "CPT 90834 (38-52 min) for 50 minutes" in after
    assert _score(after) > before


def test_scorecard_dismissing_a_flag_raises_the_score(signed_in, draft):
    note_id = draft["note_id"]
    before = _score(signed_in.client.get(f"/notes/{note_id}").text)
    signed_in.post(
        f"/notes/{note_id}/flags/dismiss",
        {"key": "topics:interpretive:0:seemed resistant", "version": signed_in.version(note_id)},
    )
    assert _score(signed_in.client.get(f"/notes/{note_id}").text) == before + 10


def test_scorecard_is_not_shown_on_a_signed_note(signed_in, draft):
    signed_in.sign(draft["note_id"])
    assert "Documentation score" not in signed_in.client.get(f"/notes/{draft['note_id']}").text


@pytest.mark.parametrize(
    ("minutes", "band"),
    [
        (None, "no duration recorded, so no CPT time band"),
        ("abc", "no duration recorded, so no CPT time band"),
        (10, "10 minutes is under 16 minutes: no psychotherapy CPT code"),
        (30, "CPT 90832 (16-37 min) for 30 minutes"),
        ("60", "CPT 90837 (53+ min) for 60 minutes"),
    ],
)
def test_scorecard_band_in_words(minutes, band):
    assert scorecard([], [], minutes).band == band
