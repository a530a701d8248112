"""Cost of the learned role classifier per jotting, float32 vs dynamic int8, beside rules alone.

Usage: .venv/bin/python bench/classifier.py [--repeat 5] [--cv]

Segments and the rules' evidence come from the engine's own reading, so each note is classified
exactly as the pipeline would (one batch per note). Prints, for the float and the int8 encoder:
load time, p50/p95 ms per jotting of encode+head, and (with --cv) cross-validated macro F1 of a
head trained on that encoder's embeddings of the training jottings' segments (folds grouped by
jotting); then full-pipeline p50/p95 with and without the classifier.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from common import ROOT, SHARED_EXAMPLES, percentile, read_jottings

import assistant
from assistant.classifier import heads_dir
from assistant.classifier.encoder import SentenceEncoder
from assistant.classifier.head import PROBE_TEXT, RoleHead, join_inputs
from assistant.classifier.training import (
    embed_cached,
    inputs_of,
    read_segments,
    segment_rows,
    train_head,
    training_files,
)
from assistant.evaluate import load_records
from assistant.resources import data_dir

SETS = [ROOT / "corpora" / "eval" / "dev.jsonl", SHARED_EXAMPLES]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cv", action="store_true", help="also cross-validate a head per encoder")
    args = parser.parse_args()

    texts = read_jottings(SETS)
    rules = assistant.load(classifier=False)
    notes = []
    for text in texts:
        readings = read_segments(rules.nlp, text)
        notes.append(([r.segment.text for r in readings], [r.features for r in readings]))
    n_segments = sum(len(segments) for segments, _ in notes)
    per = n_segments / len(texts)
    print(f"{len(texts)} jottings, {n_segments} segments ({per:.1f} per jotting)")

    head = RoleHead.load(heads_dir(data_dir()))
    rows = []
    if args.cv:
        records = [r for path in training_files() for r in load_records(path)]
        rows = segment_rows(rules.nlp, records)
    encoders, loads = {}, {}
    for name, quantize in (("float32", False), ("int8", True)):
        start = time.perf_counter()
        encoders[name] = SentenceEncoder(layers=head.layers, quantize=quantize)
        loads[name] = time.perf_counter() - start

    # Interleaved (float, int8, float, ...) so that both see the same load from other processes.
    times: dict[str, list[float]] = {name: [] for name in encoders}

    def classify(encoder: SentenceEncoder, segments: list[str], features: list) -> None:
        head.predict_proba(join_inputs(encoder.encode(segments), features))

    for encoder in encoders.values():
        classify(encoder, *notes[0])  # warm-up
    for _ in range(args.repeat):
        for segments, features in notes:
            for name, encoder in encoders.items():
                start = time.perf_counter()
                classify(encoder, segments, features)
                times[name].append((time.perf_counter() - start) * 1000)

    print(f"{'encoder':<8} {'load s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CV macro F1':>12}")
    for name, encoder in encoders.items():
        cv = ""
        if args.cv:
            x = inputs_of(rows, embed_cached(encoder, [r["text"] for r in rows]))
            probe = encoder.encode([PROBE_TEXT])[0]
            result = train_head(
                rows,
                x,
                probe,
                seed=13,
                encoder_name=encoder.name,
                quantized=encoder.quantized,
                features=head.features,
                layers=head.layers,
                c_grid=(head.meta.get("C", 2.0),),
            )
            cv = f"{result.report['macro_f1']:.3f}"
        print(
            f"{name:<8} {loads[name]:>7.1f} {statistics.median(times[name]):>7.1f} "
            f"{percentile(times[name], 0.95):>7.1f} {cv:>12}"
        )

    hybrid = assistant.load(classifier=True)
    engines = {"rules only": rules, "rules + classifier": hybrid}
    pipeline: dict[str, list[float]] = {name: [] for name in engines}
    for engine in engines.values():
        engine.structure(texts[0])
    for _ in range(args.repeat):
        for text in texts:
            for name, engine in engines.items():
                start = time.perf_counter()
                engine.structure(text)
                pipeline[name].append((time.perf_counter() - start) * 1000)
    print(f"{'pipeline':<22} {'p50 ms':>7} {'p95 ms':>7}")
    for name, values in pipeline.items():
        print(f"{name:<22} {statistics.median(values):>7.1f} {percentile(values, 0.95):>7.1f}")
    print(json.dumps({"head_quantized": head.quantized}))


if __name__ == "__main__":
    main()
