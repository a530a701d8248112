"""The homework-link set (corpora/continuity/links.jsonl) is well formed."""

from assistant.resources import read_jsonl

STATUSES = {"done", "partial", "not_done"}


def test_continuity_links_point_into_their_text_and_homework(corpora):
    records = read_jsonl(corpora / "continuity" / "links.jsonl")
    assert len(records) == 40
    assert len({r["id"] for r in records}) == 40
    for record in records:
        assert record["previous_homework"] and all(record["previous_homework"])
        for link in record["links"]:
            assert record["text"].count(link["words"]) == 1, record["id"]
            assert 0 <= link["homework_ref"] < len(record["previous_homework"]), record["id"]
            assert link["homework_status"] in STATUSES, record["id"]
    # some records have no review at all: the set tests that nothing is linked there
    assert sum(not r["links"] for r in records) >= 4
