"""The meaning-search set (corpora/search: lines and searches) is well formed."""

from __future__ import annotations

from assistant.resources import read_jsonl


def test_search_set_points_at_its_lines(corpora):
    lines = read_jsonl(corpora / "search" / "lines.jsonl")
    queries = read_jsonl(corpora / "search" / "queries.jsonl")
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)) and all(line["text"].strip() for line in lines)
    assert len({q["id"] for q in queries}) == len(queries)
    for q in queries:
        assert q["query"].strip() and q["relevant"], q["id"]
        assert set(q["relevant"]) <= set(ids), q["id"]
