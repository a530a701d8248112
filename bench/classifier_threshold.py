"""Sweep the hybrid's confidence threshold on the dev set (never the held-out set).

Usage: .venv/bin/python bench/classifier_threshold.py [models/eval/dev.jsonl]

The classifier runs once per distinct note (predictions are memoised); each threshold then
re-runs the pipeline with assistant_roles.threshold set and prints macro F1 and per-section
precision beside the rules-only engine.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings

import assistant
from assistant.evaluate import evaluate, load_records
from assistant.note import SECTIONS

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def scores(engine: assistant.Assistant, records: list) -> tuple[float, dict[str, float]]:
    def predict(text: str, reference_date: dt.date) -> object:
        return engine.structure(text, reference_date=reference_date)

    report = evaluate(records, predict)
    return report.macro_f1, {s: report.sections[s].precision for s in SECTIONS}


def main() -> None:
    warnings.simplefilter("ignore")
    path = sys.argv[1] if len(sys.argv) > 1 else "models/eval/dev.jsonl"
    records = load_records(path)
    rules = assistant.load(classifier=False)
    hybrid = assistant.load(classifier=True)
    tagger = hybrid.nlp.get_pipe("assistant_roles")
    memo: dict[tuple[str, ...], list] = {}
    real = tagger.classifier.predict

    def cached(texts: list[str]) -> list:
        key = tuple(texts)
        if key not in memo:
            memo[key] = real(texts)
        return memo[key]

    tagger.classifier.predict = cached
    base_f1, base_p = scores(rules, records)
    short = [s[:6] for s in SECTIONS]
    print(f"{'engine':<14}{'macroF1':>8} " + " ".join(f"{s:>6}" for s in short) + "  (precision)")
    print(f"{'rules only':<14}{base_f1:8.3f} " + " ".join(f"{base_p[s]:6.3f}" for s in SECTIONS))
    for t in THRESHOLDS:
        tagger.threshold = t
        f1, p = scores(hybrid, records)
        worst = min(p[s] - base_p[s] for s in SECTIONS)
        print(
            f"{'threshold ' + str(t):<14}{f1:8.3f} " + " ".join(f"{p[s]:6.3f}" for s in SECTIONS)
            + f"  dF1 {f1 - base_f1:+.3f}, worst dP {worst:+.3f}"
        )


if __name__ == "__main__":
    main()
