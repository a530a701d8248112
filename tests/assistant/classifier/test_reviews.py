"""Training records from reviewed notes: kept, moved, dropped and rewritten lines."""

from __future__ import annotations

from assistant.classifier.reviews import record_from_review
from assistant.classifier.training import rules_only_pipeline, segment_rows

TEXT = "50 min. Work stress. Tried a thought record. Seemed tired. HW: walk daily"


def item(text: str) -> dict:
    start = TEXT.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


STRUCTURED = {
    "sections": {
        "topics": [item("Work stress"), item("Seemed tired")],
        "interventions": [item("Tried a thought record")],
        "homework": [item("walk daily")],
    }
}


def reviewed(text: str = TEXT, structured: dict = STRUCTURED, **sections: list[str]) -> dict | None:
    """The record of a note signed with these lines per section."""
    fields = {"date": "2026-11-28", "duration_minutes": 50, "sections": sections}
    return record_from_review(
        text, structured, fields, record_id="review-1", reference_date="2026-11-28"
    )


def test_review_record_keeps_moves_and_drops():
    rec = reviewed(
        topics=["Work stress", "  "],
        client_response=["Seemed tired"],  # moved from topics
        interventions=["Tried a thought record"],
    )
    gold = rec["gold"]
    assert gold["topics"] == ["Work stress"] and gold["client_response"] == ["Seemed tired"]
    assert gold["homework"] == [] and rec["unsure"] == []  # dropped: nothing to file
    assert "homework" in gold["missing"] and "date" not in gold["missing"]
    assert all(TEXT.count(p) == 1 for s in ("topics", "client_response") for p in gold[s])


def test_review_record_rewritten_line_makes_the_dropped_item_unsure():
    rec = reviewed(topics=["Work stress"], homework=["Walk every day this week"])
    at = TEXT.index("walk daily")
    assert rec["gold"]["homework"] == [] and rec["unsure"] == [[at, at + len("walk daily")]]


def test_review_record_line_found_twice_is_unsure_and_nothing_placed_is_none():
    text = "Walk. Walk. Work stress."
    rec = reviewed(text, {}, homework=["Walk"], topics=["Work stress"])
    assert rec["unsure"] == [[0, 4], [6, 10]] and rec["gold"]["homework"] == []
    assert reviewed(text, {}, topics=["typed anew"]) is None


def test_training_rows_skip_unsure_segments():
    rec = reviewed(topics=["Work stress"], homework=["Walk every day this week"])
    rows = segment_rows(rules_only_pipeline(), [rec])
    texts = [r["text"] for r in rows]
    assert any("Work stress" in t for t in texts)
    assert not any("walk daily" in t for t in texts)
    assert {r["role"] for r in rows if "Work stress" in r["text"]} == {"topic"}
