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


def review(**sections: list[str]) -> dict:
    return {"date": "2026-11-28", "duration_minutes": 50, "sections": sections}


def test_review_record_keeps_moves_and_drops():
    rec = record_from_review(
        TEXT,
        STRUCTURED,
        review(
            topics=["Work stress", "  "],
            client_response=["Seemed tired"],  # moved from topics
            interventions=["Tried a thought record"],
        ),
        record_id="review-1",
        reference_date="2026-11-28",
    )
    gold = rec["gold"]
    assert gold["topics"] == ["Work stress"] and gold["client_response"] == ["Seemed tired"]
    assert gold["homework"] == [] and rec["unsure"] == []  # dropped: nothing to file
    assert "homework" in gold["missing"] and "date" not in gold["missing"]
    assert all(TEXT.count(p) == 1 for s in ("topics", "client_response") for p in gold[s])


def test_review_record_rewritten_line_makes_the_dropped_item_unsure():
    rec = record_from_review(
        TEXT,
        STRUCTURED,
        review(topics=["Work stress"], homework=["Walk every day this week"]),
        record_id="review-2",
        reference_date="2026-11-28",
    )
    at = TEXT.index("walk daily")
    assert rec["gold"]["homework"] == [] and rec["unsure"] == [[at, at + len("walk daily")]]


def test_review_record_line_found_twice_is_unsure_and_nothing_placed_is_none():
    text = "Walk. Walk. Work stress."
    rec = record_from_review(
        text,
        {},
        review(homework=["Walk"], topics=["Work stress"]),
        record_id="r",
        reference_date="2026-11-28",
    )
    assert rec["unsure"] == [[0, 4], [6, 10]] and rec["gold"]["homework"] == []
    assert (
        record_from_review(
            text, {}, review(topics=["typed anew"]), record_id="r", reference_date="2026-11-28"
        )
        is None
    )


def test_training_rows_skip_unsure_segments():
    rec = record_from_review(
        TEXT,
        STRUCTURED,
        review(topics=["Work stress"], homework=["Walk every day this week"]),
        record_id="review-3",
        reference_date="2026-11-28",
    )
    rows = segment_rows(rules_only_pipeline(), [rec])
    texts = [r["text"] for r in rows]
    assert any("Work stress" in t for t in texts)
    assert not any("walk daily" in t for t in texts)
    assert {r["role"] for r in rows if "Work stress" in r["text"]} == {"topic"}
