"""Cost of the learned role classifier per jotting, float32 vs dynamic int8, beside rules alone.

Usage: .venv/bin/python bench/classifier.py [--repeat 5] [--cv]

Segments come from the engine's own segmenter, so each note is classified exactly as the
pipeline would (one batch per note). Prints, for the float and the int8 encoder: load time,
p50/p95 ms per jotting of encode+head, and (with --cv) grouped cross-validated macro F1 of a head
trained on that encoder's embeddings; then full-pipeline p50/p95 with and without the classifier.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import assistant
from assistant.classifier import heads_dir
from assistant.classifier.encoder import SentenceEncoder
from assistant.classifier.head import PROBE_TEXT, RoleHead
from assistant.classifier.training import embed_cached, train_head
from assistant.resources import models_dir, read_jsonl

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "models" / "eval" / "dev.jsonl", ROOT.parent / "shared" / "examples" / "examples.jsonl"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def jottings() -> list[str]:
    texts = []
    for path in SETS:
        if path.is_file():
            texts += [row["text"] for row in read_jsonl(path)]
    return texts


def time_calls(fn, items, repeat: int) -> list[float]:
    fn(items[0])  # warm-up
    times = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter()
            fn(item)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cv", action="store_true", help="also cross-validate a head per encoder")
    args = parser.parse_args()

    texts = jottings()
    rules = assistant.load(classifier=False)
    notes = []
    for text in texts:
        doc = rules.nlp(text)
        notes.append([span.text for span in doc.spans["segments"]])
    n_segments = sum(map(len, notes))
    print(f"{len(texts)} jottings, {n_segments} segments ({n_segments / len(texts):.1f} per jotting)")

    head = RoleHead.load(heads_dir(models_dir()))
    corpus = read_jsonl(heads_dir(models_dir()) / "corpus.jsonl")
    print(f"{'encoder':<8} {'load s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CV macro F1':>12}")
    for quantize in (False, True):
        start = time.perf_counter()
        encoder = SentenceEncoder(layers=head.layers, quantize=quantize)
        load_s = time.perf_counter() - start

        def classify(segments: list[str], encoder=encoder) -> None:
            head.predict_proba(encoder.encode(segments))

        times = time_calls(classify, notes, args.repeat)
        cv = ""
        if args.cv:
            x = embed_cached(encoder, [r["text"] for r in corpus])
            probe = encoder.encode([PROBE_TEXT])[0]
            result = train_head(
                corpus, x, probe, seed=13, encoder_name=encoder.name, quantized=quantize,
                layers=head.layers,
                c_grid=(head.meta.get("C", 4.0),),
            )
            cv = f"{result.report['macro_f1']:.3f}"
        name = "int8" if quantize else "float32"
        print(
            f"{name:<8} {load_s:>7.1f} {statistics.median(times):>7.1f} "
            f"{percentile(times, 0.95):>7.1f} {cv:>12}"
        )

    hybrid = assistant.load(classifier=True)
    print(f"{'pipeline':<22} {'p50 ms':>7} {'p95 ms':>7}")
    for name, engine in (("rules only", rules), ("rules + classifier", hybrid)):
        times = time_calls(engine.structure, texts, args.repeat)
        print(f"{name:<22} {statistics.median(times):>7.1f} {percentile(times, 0.95):>7.1f}")
    print(json.dumps({"head_quantized": head.quantized}))


if __name__ == "__main__":
    main()
