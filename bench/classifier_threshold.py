"""Sweep the hybrid's drop threshold on a development set (never a held-out set).

Usage: .venv/bin/python bench/classifier_threshold.py [corpora/eval/dev4.jsonl]

The threshold is the least probability at which the model may drop a segment as "other"; below
it the rules' decision keeps the words visible. First prints the accuracy of the model and of the
rules on every segment of the set, labelled as in training (the gold phrase it overlaps most);
then macro F1 and per-section precision for each threshold beside the rules-only engine. The
classifier runs once per distinct note (predictions are memoised).
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings

import assistant
from assistant.classifier.training import segment_rows
from assistant.evaluate import evaluate, load_records
from assistant.roles.role_tagger import NAME as ROLE_TAGGER
from assistant.vocab import SECTIONS

THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9)


def segment_accuracy(engine: assistant.Assistant, records: list) -> None:
    """Print the model's and the rules' accuracy on the set's segments."""
    classifier = engine.nlp.get_pipe(ROLE_TAGGER).classifier
    rows = segment_rows(engine.nlp, records)
    probs = classifier.predict([r["text"] for r in rows], [r["features"] for r in rows])
    model = sum(max(p, key=p.get) == r["role"] for r, p in zip(rows, probs, strict=True))
    rules = sum(r["rule"] == r["role"] for r in rows)
    print(f"{len(rows)} segments: model {model / len(rows):.3f}, rules {rules / len(rows):.3f}")


def scores(engine: assistant.Assistant, records: list) -> tuple[float, dict[str, float]]:
    def predict(text: str, reference_date: dt.date) -> object:
        return engine.structure(text, reference_date=reference_date)

    report = evaluate(records, predict)
    return report.macro_f1, {s: report.sections[s].precision for s in SECTIONS}


def main() -> None:
    warnings.simplefilter("ignore")
    path = sys.argv[1] if len(sys.argv) > 1 else "corpora/eval/dev4.jsonl"
    records = load_records(path)
    rules = assistant.load(classifier=False)
    hybrid = assistant.load(classifier=True)
    tagger = hybrid.nlp.get_pipe(ROLE_TAGGER)
    memo: dict[tuple[str, ...], list] = {}
    real = tagger.classifier.predict

    def cached(texts: list[str], features: list) -> list:
        key = tuple(texts)
        if key not in memo:
            memo[key] = real(texts, features)
        return memo[key]

    segment_accuracy(hybrid, records)
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
            f"{'threshold ' + str(t):<14}{f1:8.3f} "
            + " ".join(f"{p[s]:6.3f}" for s in SECTIONS)
            + f"  dF1 {f1 - base_f1:+.3f}, worst dP {worst:+.3f}"
        )


if __name__ == "__main__":
    main()
