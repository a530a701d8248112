"""Homework links on our own small annotated set, at several thresholds, rules only and MiniLM.

Usage: .venv/bin/python bench/continuity.py [corpora/continuity/links.jsonl]

The set (40 records written for this purpose, not drawn from corpora/eval) is small: the figures
are a sanity check of the chosen thresholds, not an estimate for real notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import assistant
from assistant.continuity.evaluation import score_links
from assistant.resources import read_jsonl

THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


def engine_structure(engine: assistant.Assistant):  # noqa: ANN201
    """structure(text, previous) with this engine."""
    return lambda text, previous: engine.structure(text, previous=previous)


def main(path: str = "corpora/continuity/links.jsonl") -> None:
    records = read_jsonl(Path(path))
    for name, classifier in (("rules only", False), ("MiniLM", None)):
        engine = assistant.load(classifier=classifier)
        print(f"{name} (encoder: {engine.linker.encoder is not None}), {len(records)} records")
        chosen = engine.linker.threshold
        for threshold in sorted({*THRESHOLDS, chosen}):
            engine.linker.threshold = threshold
            r = score_links(engine_structure(engine), records)
            mark = " <- chosen" if threshold == chosen else ""
            print(
                f"  {threshold:.2f}: links P {r['precision']:.2f} R {r['recall']:.2f} "
                f"F1 {r['f1']:.2f} ({r['correct']}/{r['predicted']} of {r['expected']}), "
                f"status {r['status_correct']}/{r['correct']}{mark}"
            )
        engine.linker.threshold = chosen


if __name__ == "__main__":
    main(*sys.argv[1:])
