"""What every benchmark shares: the checkout's paths, the jottings they time, percentiles."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SETS = sorted((ROOT / "corpora" / "eval").glob("*.jsonl"))
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples" / "examples.jsonl"
SAMPLE = ROOT / "examples" / "sample.txt"


def read_jottings(paths: list[Path]) -> list[str]:
    """The jottings ("text" of each JSON line) of the files that exist, else the sample jotting."""
    texts = []
    for path in paths:
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts or [SAMPLE.read_text(encoding="utf-8")]


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
