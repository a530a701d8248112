"""Goal links on our own small annotated set, at several thresholds, shared words and MiniLM.

Usage: .venv/bin/python bench/goals.py [corpora/continuity/goals.jsonl]

The set (42 records written for this purpose, not drawn from corpora/eval: plans' goals with
objectives, a note's items, the gold item-goal links) has two halves. The thresholds in
assistant/continuity/goals.py were chosen on "tune" (the best F1 there); "test" was not looked
at while choosing (though the way of scoring, the closest goal only, was chosen looking at
both), so its row at the chosen threshold is the figure to quote. Both are small:
a sanity check of the thresholds, not an estimate for real notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import assistant
from assistant.continuity.evaluation import score_goal_links
from assistant.continuity.goals import GoalSuggester
from assistant.resources import read_jsonl

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


def row(suggester: GoalSuggester, records: list[dict]) -> str:
    """P, R, F1 and the counts of one half at the suggester's threshold."""
    r = score_goal_links(suggester.suggest, records)
    return (
        f"P {r['precision']:.2f} R {r['recall']:.2f} F1 {r['f1']:.2f} "
        f"({r['correct']}/{r['predicted']} of {r['expected']})"
    )


def main(path: str = "corpora/continuity/goals.jsonl") -> None:
    records = read_jsonl(Path(path))
    halves = {h: [r for r in records if r["split"] == h] for h in ("tune", "test")}
    sizes = ", ".join(f"{h} {len(rs)}" for h, rs in halves.items())
    print(f"{len(records)} records ({sizes})")
    for name, classifier in (("shared words", False), ("MiniLM", None)):
        suggester = assistant.load(classifier=classifier).goals  # the encoder the app runs
        if classifier is None and suggester.encoder is None:
            print("MiniLM left out: the encoder package is not installed")
            continue
        chosen = suggester.threshold
        quantized = getattr(suggester.encoder, "quantized", False)
        print(f"{name}" + (f" (int8: {quantized})" if suggester.encoder is not None else "") + ":")
        for threshold in sorted({*THRESHOLDS, chosen}):
            suggester.threshold = threshold
            mark = "  <- chosen" if threshold == chosen else ""
            cells = "  |  ".join(f"{h} {row(suggester, rs)}" for h, rs in halves.items())
            print(f"  {threshold:.2f}: {cells}{mark}")


if __name__ == "__main__":
    main(*sys.argv[1:])
