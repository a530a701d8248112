"""What the clinic's reviews add, by simulation: half of an annotator's set plays the reviewed and
signed notes, the role head is trained with and without them, and both score the other half.

The "reviewer" of a note signs the annotator's gold lines in place of the pipeline's items (what a
careful clinician would keep, move and drop); the note becomes a training record through the same
`record_from_review` that `notewell reviews export` uses. Neither head is shipped: both are
written into copies of the data folder under a temporary directory.

    .venv/bin/python bench/review_gain.py [--set corpora/eval/heldout2.jsonl] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.classifier.reviews import record_from_review  # noqa: E402
from assistant.classifier.training import train_roles  # noqa: E402
from assistant.commands.train import QUANTIZE  # noqa: E402
from assistant.evaluate import evaluate, load_records  # noqa: E402
from assistant.resources import data_dir  # noqa: E402
from assistant.vocab import SECTIONS  # noqa: E402


def reviewed(engine: Assistant, rec: dict) -> dict | None:
    """The training record of one simulated review: the pipeline's note, the gold as signed."""
    structured = engine.structure(rec["text"]).to_dict()
    fields = {
        "date": rec["gold"]["date"] or "",
        "duration_minutes": rec["gold"]["duration_minutes"],
        "sections": {s: list(rec["gold"][s]) for s in SECTIONS},
    }
    return record_from_review(
        rec["text"],
        structured,
        fields,
        record_id=f"sim-{rec['id']}",
        reference_date=rec["reference_date"],
    )


def score(data: Path, records: list[dict]) -> dict:
    engine = Assistant(data=data, classifier=True)
    report = evaluate(records, lambda text, ref: engine.structure(text, reference_date=ref))
    return {
        "macro_f1": report.macro_f1,
        **{s: report.sections[s].f1 for s in SECTIONS},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "corpora" / "eval" / "heldout2.jsonl")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    records = load_records(args.set)
    order = list(range(len(records)))
    random.Random(args.seed).shuffle(order)
    half = len(order) // 2
    reviews_half = [records[i] for i in sorted(order[:half])]
    scored_half = [records[i] for i in sorted(order[half:])]
    started = time.perf_counter()
    shipped = Assistant(classifier=True)
    review_records = [r for r in (reviewed(shipped, rec) for rec in reviews_half) if r]
    with tempfile.TemporaryDirectory(prefix="notewell-reviews-") as tmp:
        snapshot = Path(tmp) / "data"  # both arms start from the same data, even if it changes
        shutil.copytree(data_dir(), snapshot)
        reviews_file = Path(tmp) / "reviews.jsonl"
        reviews_file.write_text(
            "".join(json.dumps(r) + "\n" for r in review_records), encoding="utf-8"
        )
        figures = {}
        for name, extra in (("without reviews", None), ("with reviews", reviews_file)):
            data = Path(tmp) / name.replace(" ", "-")
            shutil.copytree(snapshot, data)
            train_roles(data, seed=args.seed, quantize=QUANTIZE, reviews=extra)
            figures[name] = score(data, scored_half)
    base, new = figures["without reviews"], figures["with reviews"]
    print(
        f"{args.set.name}: {len(review_records)} of {len(reviews_half)} notes as reviews, "
        f"{len(scored_half)} scored, seed {args.seed}, {time.perf_counter() - started:.0f} s"
    )
    print(f"{'':<16} {'without':>8} {'with':>8} {'gain':>7}")
    for key in ("macro_f1", *SECTIONS):
        print(f"{key:<16} {base[key]:>8.3f} {new[key]:>8.3f} {new[key] - base[key]:>+7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
