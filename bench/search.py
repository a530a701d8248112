"""Search by meaning: precision and recall at each similarity threshold, and the cost of a search.

Usage: .venv/bin/python bench/search.py [corpora/search]

The set (48 note lines and 30 searches, each with the lines it should find, written for this,
not drawn from corpora/eval) is small and most searches share no word with their lines: the
figures check the chosen MIN_SIMILARITY, they are no estimate for a clinic's notes. The timing is
the part of a search that grows with the caseload: the cosine of one query against N stored
vectors read from bytes, as web/search/meaning.py does it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from common import ROOT, percentile

import assistant
from assistant.resources import read_jsonl

# web/search/meaning.py's MIN_SIMILARITY is one of these (bench/web.py shadows the web package
# here, so it is not imported).
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def scores(engine: assistant.Assistant, folder: Path) -> None:
    """Print precision, recall and F1 over (search, line) pairs at each threshold."""
    lines = read_jsonl(folder / "lines.jsonl")
    queries = read_jsonl(folder / "queries.jsonl")
    ids = [line["id"] for line in lines]
    vectors = engine.embed([line["text"] for line in lines])
    cosine = engine.embed([q["query"] for q in queries]) @ vectors.T
    relevant = {(q["id"], lid) for q in queries for lid in q["relevant"]}
    print(f"{len(queries)} searches, {len(lines)} lines, {len(relevant)} relevant pairs")
    for threshold in THRESHOLDS:
        found = {
            (q["id"], ids[j])
            for i, q in enumerate(queries)
            for j in np.flatnonzero(cosine[i] >= threshold)
        }
        right = len(found & relevant)
        precision = right / len(found) if found else 0.0
        recall = right / len(relevant)
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        searched = sum(any((q["id"], lid) in found for lid in q["relevant"]) for q in queries)
        print(
            f"  {threshold:.2f}: P {precision:.2f} R {recall:.2f} F1 {f1:.2f} "
            f"({right}/{len(found)} of {len(relevant)}; {searched}/{len(queries)} searches "
            f"find a line)"
        )


def timing(sizes: tuple[int, ...] = (1_000, 10_000, 50_000), runs: int = 20) -> None:
    """Print the p50 of comparing one query with N stored vectors (bytes to cosine, sorted)."""
    rng = np.random.default_rng(13)
    for n in sizes:
        stored = [v.astype(np.float32).tobytes() for v in rng.standard_normal((n, 384))]
        query = rng.standard_normal(384).astype(np.float32)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            matrix = np.stack([np.frombuffer(b, dtype=np.float32) for b in stored])
            np.argsort(-(matrix @ query), kind="stable")
            times.append((time.perf_counter() - start) * 1000)
        print(f"  {n:>6} stored lines: p50 {percentile(times, 0.5):.1f} ms a search")


def main(folder: str = str(ROOT / "corpora" / "search")) -> None:
    engine = assistant.load(classifier=True)
    print(f"encoder: {engine.embedding_name}")
    scores(engine, Path(folder))
    print("cosine over the clinician's stored vectors (numpy, one core):")
    timing()


if __name__ == "__main__":
    main(*sys.argv[1:])
