"""Fine-tuning of the segment classifier (span_model.py) on the role-training segments.

`notewell train spans` calls `train_spans`. The segments, their labels and the rules' evidence
are the role head's (`segment_rows` in training.py), and so are the cross-validation folds (same
seed, same StratifiedGroupKFold), so the two are compared on the same segments. Deterministic on
CPU for a given seed and thread count: seeded shuffling and dropout, torch's deterministic
algorithms, a fixed number of intra-op threads.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..vocab import ROLES
from .span_model import (
    SpanConfig,
    build_module,
    context_of,
    embedding_checksum,
    save_model,
    spans_dir,
    tokenize,
)
from .training import FOLDS, JOTTINGS_DIR, _folds, report_for

REPORT_FILE = "cv_report.json"


@dataclass(frozen=True)
class FineTuning:
    """The training settings; the defaults are the shipped model's."""

    epochs: int = 2
    batch_size: int = 32
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.1  # share of the steps with a rising learning rate
    threads: int = 1  # a fixed count: results are reproducible for one thread count


@dataclass
class SpanResult:
    """A training run's report and, unless only cross-validated, where the model was written."""

    report: dict[str, Any]
    folder: Path | None


def with_contexts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add each row's context (previous [SEP] next segment of its jotting) as "context".

    Rows come from `segment_rows`: a jotting's segments in order, one jotting after another.
    """
    out: list[dict[str, Any]] = []
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and rows[end]["jotting"] == rows[start]["jotting"]:
            end += 1
        texts = [r["text"] for r in rows[start:end]]
        out += [dict(r, context=context_of(texts, i)) for i, r in enumerate(rows[start:end])]
        start = end
    return out


def _seed_everything(seed: int, threads: int) -> Any:
    import torch

    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(threads)
    return torch


def _batches(lengths: np.ndarray, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar length (less padding), in a shuffled order."""
    order = rng.permutation(len(lengths))
    pool = size * 50
    batches = []
    for i in range(0, len(order), pool):
        chunk = order[i : i + pool]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches += [chunk[j : j + size] for j in range(0, len(chunk), size)]
    return [batches[k] for k in rng.permutation(len(batches))]


def _encode_rows(tokenizer: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [tokenize(tokenizer, [r["text"]], [r["context"]]) for r in rows]


def _collate(torch: Any, encoded: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict:
    width = max(e["input_ids"].shape[1] for e in encoded)
    out = {}
    for key in ("input_ids", "attention_mask", "token_type_ids"):
        padded = torch.zeros((len(encoded), width), dtype=torch.long)
        for i, e in enumerate(encoded):
            padded[i, : e[key].shape[1]] = e[key][0]
        out[key] = padded
    out["features"] = torch.tensor([r["features"] for r in rows], dtype=torch.float32)
    return out


def fine_tune(
    rows: list[dict[str, Any]],
    labels: np.ndarray,
    *,
    seed: int,
    settings: FineTuning,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[Any, Any]:
    """Fine-tune a fresh copy of the packaged encoder on labelled rows.

    Args:
        rows: segments with "text", "context" and "features".
        labels: their label indices (ROLES order).
        seed: seeds shuffling, dropout and the output layer's initial weights.
        settings: epochs, batch size, learning rates, threads.
        log: receives a progress line now and then.
    Returns:
        (module, tokenizer): the trained model in eval mode and its tokenizer.
    """
    from .encoder import load_encoder_model

    torch = _seed_everything(seed, settings.threads)
    tokenizer, encoder = load_encoder_model(threads=settings.threads)
    encoder.get_input_embeddings().weight.requires_grad_(False)
    module = build_module(encoder, len(rows[0]["features"]), len(ROLES))
    encoded = _encode_rows(tokenizer, rows)
    lengths = np.array([e["input_ids"].shape[1] for e in encoded])
    head = list(module.out.parameters())
    body = [p for p in module.encoder.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": body, "lr": settings.encoder_lr},
            {"params": head, "lr": settings.head_lr},
        ],
        weight_decay=settings.weight_decay,
    )
    rng = np.random.default_rng(seed)
    steps = settings.epochs * math.ceil(len(rows) / settings.batch_size)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    target = torch.tensor(labels, dtype=torch.long)
    module.train()
    step, started = 0, time.perf_counter()
    for epoch in range(settings.epochs):
        total = 0.0
        for batch_idx in _batches(lengths, settings.batch_size, rng):
            batch = _collate(torch, [encoded[i] for i in batch_idx], [rows[i] for i in batch_idx])
            logits = module(**batch)
            loss = torch.nn.functional.cross_entropy(logits, target[batch_idx])
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += float(loss.detach()) * len(batch_idx)
            step += 1
            if step % 100 == 0:
                log(f"  step {step}/{steps}, {time.perf_counter() - started:.0f} s")
        log(f"  epoch {epoch + 1}: mean loss {total / len(rows):.4f}")
    return module.eval(), tokenizer


def predict_rows(module: Any, tokenizer: Any, rows: list[dict[str, Any]]) -> np.ndarray:
    """P(role) of each row under a trained module, shape (len(rows), len(ROLES))."""
    import torch

    encoded = _encode_rows(tokenizer, rows)
    lengths = np.array([e["input_ids"].shape[1] for e in encoded])
    order = np.argsort(lengths, kind="stable")
    out = np.zeros((len(rows), len(ROLES)))
    with torch.inference_mode():
        for i in range(0, len(order), 64):
            idx = order[i : i + 64]
            batch = _collate(torch, [encoded[k] for k in idx], [rows[k] for k in idx])
            out[idx] = torch.softmax(module(**batch).double(), dim=1).numpy()
    return out


def cross_validate_spans(
    rows: list[dict[str, Any]],
    *,
    seed: int,
    settings: FineTuning,
    folds: int = FOLDS,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Out-of-fold figures on the role head's folds (the first `folds` of them).

    Returns:
        The report (`report_for`) over the segments of the folds run, with their indices.
    """
    y = np.array([ROLES.index(r["role"]) for r in rows])
    groups = np.array([r["jotting"] for r in rows])
    tested: list[int] = []
    proba = np.zeros((len(rows), len(ROLES)))
    for k, (train_idx, test_idx) in enumerate(_folds(y, groups, seed)[:folds]):
        log(f"fold {k + 1}/{folds}: {len(train_idx)} segments to train, {len(test_idx)} to test")
        module, tokenizer = fine_tune(
            [rows[i] for i in train_idx], y[train_idx], seed=seed, settings=settings, log=log
        )
        proba[test_idx] = predict_rows(module, tokenizer, [rows[i] for i in test_idx])
        tested += test_idx.tolist()
    idx = np.array(sorted(tested))
    report = report_for(y[idx], proba[idx].argmax(axis=1), 0.0, {})
    del report["C"], report["score_by_C"]
    report["folds_run"] = folds
    report["segments"] = len(idx)
    report["proba"] = proba[idx].round(4).tolist()
    report["index"] = idx.tolist()
    return report


def train_spans(
    data: Path,
    *,
    seed: int,
    jottings: Path = JOTTINGS_DIR,
    cv_folds: int = 0,
    settings: FineTuning | None = None,
    log: Callable[[str], None] = print,
) -> SpanResult:
    """Read the training jottings, optionally cross-validate, fine-tune on all, save.

    Args:
        data: the data folder; writes span_classifier/model.safetensors, config.json, the
            ONNX graph model.onnx with its recipe model.json and, after cross-validation,
            cv_report.json there.
        seed: seeds the folds, the shuffling and the training.
        jottings: the folder of annotated training jottings.
        cv_folds: how many of the 5 grouped folds to cross-validate first (0: none).
        settings: the fine-tuning settings (default: the shipped model's).
        log: receives progress lines.
    Returns:
        The report and the folder written.
    """
    from ..evaluate import load_records
    from ..roles.evidence import FEATURE_NAMES
    from .encoder import ENCODER_NAME, EncoderUnavailable
    from .training import rules_only_pipeline, segment_rows, training_files

    settings = settings or FineTuning()
    records = [rec for path in training_files(jottings) for rec in load_records(path)]
    rows = with_contexts(segment_rows(rules_only_pipeline(data), records))
    report: dict[str, Any] = {"segments": len(rows), "jottings": len(records), "seed": seed}
    report["settings"] = settings.__dict__
    try:
        if cv_folds:
            cv = cross_validate_spans(rows, seed=seed, settings=settings, folds=cv_folds, log=log)
            report["cv"] = {k: v for k, v in cv.items() if k not in ("proba", "index")}
        log(f"fine-tuning on all {len(rows)} segments")
        y = np.array([ROLES.index(r["role"]) for r in rows])
        module, _ = fine_tune(rows, y, seed=seed, settings=settings, log=log)
    except EncoderUnavailable as exc:
        raise ResourceError(f"Cannot train the span classifier: {exc}.") from exc
    config = SpanConfig(
        labels=ROLES,
        features=FEATURE_NAMES,
        encoder=ENCODER_NAME,
        embedding_checksum=embedding_checksum(module.encoder),
        meta={"seed": seed, "segments": len(rows), "jottings": len(records)},
    )
    folder = spans_dir(data)
    save_model(module, config, folder)
    from .onnx_export import export_span_model

    # the graph that structuring runs, over the weights just written (ONNX Runtime, no torch)
    report["onnx"] = {k: v for k, v in export_span_model(data).items() if k != "initializers"}
    if cv_folds:
        (folder / REPORT_FILE).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return SpanResult(report=report, folder=folder)
