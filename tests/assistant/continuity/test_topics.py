"""Topics grouped by theme for the timeline's strip: content words, and MiniLM when loaded."""

from __future__ import annotations

from itertools import combinations

import pytest

from assistant.continuity import TopicGrouper
from assistant.resources import data_dir, read_jsonl


@pytest.fixture(scope="module")
def words() -> TopicGrouper:
    return TopicGrouper.load(data_dir())


def test_topics_group_by_shared_content_words(words):
    texts = ["work stress", "conflict with sister", "stress at work", "sister conflict again"]
    assert words.groups(texts) == [[0, 2], [1, 3]]


def test_topics_generic_words_do_not_join_themes(words):
    # "session" and "week" are in every note; they say nothing of what it was about
    assert words.groups(["sleep this week", "money this week"]) == [[0], [1]]


def test_topics_equal_texts_share_a_group_whatever_the_threshold(words):
    grouper = TopicGrouper(words.ignored)
    grouper.threshold = 1.01  # nothing is close enough, but the same words are the same topic
    assert grouper.groups(["Work stress", "work  stress", "grief"]) == [[0, 1], [2]]


def test_topics_empty_and_wordless(words):
    assert words.groups([]) == []
    assert words.groups(["...", "?"]) == [[0], [1]]


@pytest.mark.model
def test_topics_minilm_groups_themes_without_shared_words(corpora):
    import assistant

    engine = assistant.load(classifier=True)
    assert engine.topics.encoder is not None
    # no word in common, one theme
    groups = engine.group_topics(["argument with her sister", "sibling tension", "exam worry"])
    assert groups == [[0, 1], [2]]
    # our own small set (bench/topics.py): the chosen threshold keeps every grouped pair right
    right = predicted = expected = 0
    for record in read_jsonl(corpora / "continuity" / "topic_groups.jsonl"):
        themes = [t["theme"] for t in record["topics"]]
        found = engine.group_topics([t["text"] for t in record["topics"]])
        group_of = {i: g for g, members in enumerate(found) for i in members}
        for a, b in combinations(range(len(themes)), 2):
            expected += themes[a] == themes[b]
            predicted += group_of[a] == group_of[b]
            right += themes[a] == themes[b] and group_of[a] == group_of[b]
    assert expected == 42
    assert right / predicted >= 0.95 and right / expected >= 0.65
