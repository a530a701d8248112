"""Topic grouping for the timeline's strip on our own small annotated set, rules only and MiniLM.

Usage: .venv/bin/python bench/topics.py [corpora/continuity/topic_groups.jsonl]

Each record is one client's topics in note order, each with the theme we gave it. A pair of
topics grouped together is right when both have one theme: pairwise precision and recall at
several thresholds. The set (6 records of 8 topics, written for this, not drawn from
corpora/eval) is small: the figures check the chosen thresholds, they are no estimate.
"""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import assistant
from assistant.continuity.topics import TopicGrouper
from assistant.resources import read_jsonl

THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def pair_scores(grouper: TopicGrouper, records: list[dict]) -> tuple[float, float, int, int, int]:
    """Pairwise precision, recall, and the right, predicted and expected pair counts."""
    right = predicted = expected = 0
    for record in records:
        texts = [t["text"] for t in record["topics"]]
        themes = [t["theme"] for t in record["topics"]]
        group_of = {i: g for g, members in enumerate(grouper.groups(texts)) for i in members}
        for a, b in combinations(range(len(texts)), 2):
            same, together = themes[a] == themes[b], group_of[a] == group_of[b]
            expected += same
            predicted += together
            right += same and together
    return right / max(predicted, 1), right / max(expected, 1), right, predicted, expected


def main(path: str = "corpora/continuity/topic_groups.jsonl") -> None:
    records = read_jsonl(Path(path))
    for name, classifier in (("content words", False), ("MiniLM", None)):
        grouper = assistant.load(classifier=classifier).topics  # the encoder the app runs
        chosen = grouper.threshold
        print(f"{name} (encoder: {grouper.encoder is not None}), {len(records)} records")
        for threshold in sorted({*THRESHOLDS, chosen}):
            grouper.threshold = threshold
            p, r, right, predicted, expected = pair_scores(grouper, records)
            mark = " <- chosen" if threshold == chosen else ""
            print(
                f"  {threshold:.2f}: pairs P {p:.2f} R {r:.2f} "
                f"({right}/{predicted} of {expected}){mark}"
            )


if __name__ == "__main__":
    main(*sys.argv[1:])
