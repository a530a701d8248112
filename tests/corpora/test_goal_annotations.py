"""The goal-link set (corpora/continuity/goals.jsonl) is well formed and varied."""

from assistant.resources import read_jsonl
from assistant.vocab import SECTIONS

AREAS = {"depression", "anxiety", "substance use", "couples", "trauma", "child"}


def test_goal_links_point_at_items_and_goals_of_their_record(corpora):
    records = read_jsonl(corpora / "continuity" / "goals.jsonl")
    assert len(records) >= 30 and len({r["id"] for r in records}) == len(records)
    assert {r["area"] for r in records} == AREAS
    assert {r["split"] for r in records} == {"tune", "test"}
    for record in records:
        assert record["goals"] and all(g["text"] and g["objectives"] for g in record["goals"])
        assert all(i["section"] in SECTIONS and i["text"] for i in record["items"])
        pairs = [(link["item"], link["goal"]) for link in record["links"]]
        assert len(set(pairs)) == len(pairs), record["id"]
        for item, goal in pairs:
            assert 0 <= item < len(record["items"]) and 0 <= goal < len(record["goals"])
        # every record holds an item that speaks to no goal: the set tests restraint too
        assert len({item for item, _ in pairs}) < len(record["items"]), record["id"]
