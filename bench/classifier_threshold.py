"""Sweep the hybrid's confidence threshold on the dev set (never the held-out set).

Usage: .venv/bin/python bench/classifier_threshold.py [models/eval/dev.jsonl]

The classifier runs once per distinct note (predictions are memoised); each threshold then
re-runs the pipeline with assistant_roles.threshold set and prints macro F1 and per-section
precision beside the rules-only engine. First it prints the classifier's own accuracy on every dev
segment that overlaps gold phrases of exactly one section, beside the rules' accuracy on the
segments they decide.
"""

from __future__ import annotations

import datetime as dt
import sys
import warnings

import assistant
from assistant.evaluate import evaluate, load_records
from assistant.note import SECTIONS

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
ROLE_OF = {"topics": "topic", "interventions": "intervention", "quotes": "quote"}


def segment_accuracy(engine: assistant.Assistant, records: list) -> None:
    """Print the classifier's and the rules' accuracy on dev segments with one gold role."""
    classifier = engine.nlp.get_pipe("assistant_roles").classifier
    model_hits = model_n = rule_hits = rule_n = 0
    for record in records:
        text = record["text"]
        gold = []
        for section in SECTIONS:
            for phrase in record["gold"].get(section, []):
                if (at := text.find(phrase)) >= 0:
                    gold.append((at, at + len(phrase), ROLE_OF.get(section, section)))
        doc = engine.nlp(text)
        segments = list(doc.spans["segments"])
        probs = classifier.predict([s.text for s in segments])
        for segment, decision, p in zip(segments, doc._.decisions, probs, strict=True):
            roles = {r for a, b, r in gold if a < segment.end_char and segment.start_char < b}
            if len(roles) != 1:
                continue
            [role] = roles
            model_n += 1
            model_hits += max(p, key=p.get) == role
            if decision.source != "model":
                rule_n += 1
                rule_hits += decision.role == role
    print(f"classifier alone: {model_hits}/{model_n} = {model_hits / model_n:.3f} of dev segments")
    print(f"rules, on the segments they decide: {rule_hits}/{rule_n} = {rule_hits / rule_n:.3f}")


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
