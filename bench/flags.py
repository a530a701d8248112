"""Flag benchmark: recall and precision of `Assistant.flags` on the polished-note development set
(corpora/flags/dev.jsonl) and its latency on the role-training jottings, side by side with the
flag lexicons of a baseline git revision in the same run.

The baseline engine is this checkout's code and context word classes with the flag lexicons
(data/lexicons/flags*.json) of `--baseline`; a change to the flag finder's code shows in both
columns. The check set was written after the new rules and scored, not tuned to.

    .venv/bin/python bench/flags.py [--baseline main] [--repeats 3] [--misses]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, SHARED_EXAMPLES, percentile, read_jottings

import assistant
from assistant.evaluate import Span, gold_span, load_records, match, overlap
from assistant.resources import data_dir

SETS = {
    "dev": ROOT / "corpora" / "flags" / "dev.jsonl",
    "check": ROOT / "corpora" / "flags" / "check.jsonl",
}
TIMING_SETS = sorted((ROOT / "corpora" / "roles").glob("*.jsonl"))[:4]
LEXICONS = "assistant/data/lexicons"


def baseline_data(ref: str, into: Path) -> Path:
    """A copy of the package data whose flag lexicons are those of git revision `ref`."""
    data = into / "data"
    shutil.copytree(data_dir(), data)
    for path in (data / "lexicons").glob("flags*.json"):
        path.unlink()
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", ref, f"{LEXICONS}/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in names:
        if Path(name).name.startswith("flags") and name.endswith(".json"):
            blob = subprocess.run(
                ["git", "show", f"{ref}:{name}"], cwd=ROOT, capture_output=True, check=True
            ).stdout
            (data / "lexicons" / Path(name).name).write_bytes(blob)
    return data


def score(engine: assistant.Assistant, records: list[dict]) -> dict:
    """Kind-strict recall and precision over the gold flags, and must-not-flag phrases hit."""
    matched = predicted = gold_n = guarded = hit = 0
    misses: list[str] = []
    for rec in records:
        text, gold = rec["text"], rec["gold"]
        golds = [gold_span(text, f["phrase"], f["kind"]) for f in gold.get("flags", [])]
        preds = [Span(f.start, f.end, f.text, f.kind) for f in engine.flags(text)]
        pairs = match(golds, preds, same_kind=True)
        matched, predicted, gold_n = (
            matched + len(pairs),
            predicted + len(preds),
            gold_n + len(golds),
        )
        hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
        misses += [f"miss  {g.kind:<12} {g.text!r}" for i, g in enumerate(golds) if i not in hit_g]
        misses += [f"extra {p.kind:<12} {p.text!r}" for i, p in enumerate(preds) if i not in hit_p]
        for phrase in gold.get("must_not_flag", []):
            guarded += 1
            span = gold_span(text, phrase)
            if any(overlap(span, p) for p in preds):
                hit += 1
                misses.append(f"false flag on {phrase!r}")
    return {
        "recall": matched / gold_n if gold_n else 0.0,
        "precision": matched / predicted if predicted else 0.0,
        "gold": gold_n,
        "predicted": predicted,
        "must_not_hit": f"{hit}/{guarded}",
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision of the baseline lexicons")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--misses", action="store_true", help="list missed and extra flags")
    args = parser.parse_args()

    sets = {name: load_records(path) for name, path in SETS.items() if path.is_file()}
    texts = read_jottings([*TIMING_SETS, SHARED_EXAMPLES])
    with tempfile.TemporaryDirectory() as tmp:
        engines = {
            f"baseline ({args.baseline})": assistant.Assistant(
                data=baseline_data(args.baseline, Path(tmp)), classifier=False
            ),
            "this checkout": assistant.Assistant(classifier=False),
        }
        for engine in engines.values():  # warm-up
            for text in texts[:5]:
                engine.flags(text)
        lat: dict[str, list[float]] = {name: [] for name in engines}
        for _ in range(args.repeats):
            for text in texts:  # interleaved, so the machine's noise hits both alike
                for name, engine in engines.items():
                    t = time.perf_counter()
                    engine.flags(text)
                    lat[name].append((time.perf_counter() - t) * 1000)
        scores = {
            (name, set_name): score(engine, records)
            for set_name, records in sets.items()
            for name, engine in engines.items()
        }
    sizes = ", ".join(f"{name} {len(records)} sentences" for name, records in sets.items())
    print(f"{sizes}; timing: {len(texts)} jottings x {args.repeats}\n")
    columns = ("set", "recall", "precision", "gold", "predicted", "must-not hit", "p50 ms", "p95")
    print(f"{'lexicons':<18} " + " ".join(f"{c:>12}" for c in columns))
    for (name, set_name), s in scores.items():
        print(
            f"{name:<18} {set_name:>12} {s['recall']:>12.2f} {s['precision']:>12.2f} "
            f"{s['gold']:>12} {s['predicted']:>12} {s['must_not_hit']:>12} "
            f"{statistics.median(lat[name]):>12.1f} {percentile(lat[name], 0.95):>12.1f}"
        )
    if args.misses:
        for (name, set_name), s in scores.items():
            print(f"\n{name}, {set_name}:")
            print("\n".join(f"  {m}" for m in s["misses"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
