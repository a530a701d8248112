"""Scoring the homework links (corpora/continuity/links.jsonl) and the goal links
(corpora/continuity/goals.jsonl) on our annotated sets.

A record holds the previous note's homework, a new jotting and the expected links: the words of
the reviewing item, the homework index and the status. A predicted link is right when its item
overlaps those words and names the same homework; its status is scored on the right links.
A goal record holds a plan's goals (with objectives), a note's items and the gold (item, goal)
pairs; a suggested pair is right when it is one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..note.structured import Item, StructuredNote
from .goals import GoalLink


def link_figures(expected: int, predicted: int, correct: int) -> dict[str, float | int]:
    """Counts of links with the precision, recall and F1 they give."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "expected": expected,
        "predicted": predicted,
        "correct": correct,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def previous_note(homework: Iterable[str]) -> dict[str, Any]:
    """A previous note's dict holding only `homework` (items point into their own joined text)."""
    items, start = [], 0
    for text in homework:
        items.append({"text": text, "start": start, "end": start + len(text)})
        start += len(text) + 1
    return {"sections": {"homework": items}}


def links_of(note: StructuredNote) -> list[Item]:
    """The note's items that carry a homework link, in text order."""
    found = [i for items in note.sections.values() for i in items if i.homework_ref is not None]
    return sorted(found, key=lambda i: i.start)


def score_links(
    structure: Callable[[str, dict[str, Any]], StructuredNote],
    records: Iterable[Mapping[str, Any]],
) -> dict[str, float | int]:
    """Precision and recall of the links and the accuracy of their statuses.

    Args:
        structure: structure(text, previous) -> StructuredNote.
        records: the annotated set.
    Returns:
        expected, predicted, correct, precision, recall, f1, status_correct, status_accuracy.
    """
    expected = predicted = correct = status_correct = 0
    for record in records:
        text = record["text"]
        note = structure(text, previous_note(record["previous_homework"]))
        gold = []
        for link in record["links"]:
            start = text.index(link["words"])
            gold.append((start, start + len(link["words"]), link))
        matched: set[int] = set()
        expected += len(gold)
        for item in links_of(note):
            hits = [
                k
                for k, (s, e, link) in enumerate(gold)
                if item.start < e and s < item.end and link["homework_ref"] == item.homework_ref
            ]
            if hits and hits[0] in matched:
                continue  # a second piece of the same review
            predicted += 1
            if hits:
                matched.add(hits[0])
                correct += 1
                status_correct += gold[hits[0]][2]["homework_status"] == item.homework_status
    return {
        **link_figures(expected, predicted, correct),
        "status_correct": status_correct,
        "status_accuracy": status_correct / correct if correct else 0.0,
    }


def goal_record_note(record: Mapping[str, Any]) -> dict[str, Any]:
    """A note dict holding a goal record's items in their sections (offsets into nothing)."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in record["items"]:
        sections.setdefault(item["section"], []).append(
            {"text": item["text"], "start": -1, "end": -1}
        )
    return {"sections": sections}


def goal_record_pairs(record: Mapping[str, Any], links: Iterable[GoalLink]) -> set[tuple[int, int]]:
    """The (item, goal) pairs of suggested links, items by their place in the record."""
    place: dict[tuple[str, int], int] = {}
    seen: dict[str, int] = {}
    for k, item in enumerate(record["items"]):
        section = item["section"]
        place[(section, seen.get(section, 0))] = k
        seen[section] = seen.get(section, 0) + 1
    return {(place[(link.section, link.index)], link.goal) for link in links}


def score_goal_links(
    suggest: Callable[[dict[str, Any], list[dict[str, Any]]], list[GoalLink]],
    records: Iterable[Mapping[str, Any]],
) -> dict[str, float | int]:
    """Precision and recall of the suggested (item, goal) links against the gold ones.

    Args:
        suggest: suggest(note dict, goals) -> GoalLinks (GoalSuggester.suggest).
        records: the annotated set (corpora/continuity/goals.jsonl).
    Returns:
        expected, predicted, correct, precision, recall, f1.
    """
    expected = predicted = correct = 0
    for record in records:
        gold = {(link["item"], link["goal"]) for link in record["links"]}
        found = goal_record_pairs(record, suggest(goal_record_note(record), record["goals"]))
        expected += len(gold)
        predicted += len(found)
        correct += len(gold & found)
    return link_figures(expected, predicted, correct)
