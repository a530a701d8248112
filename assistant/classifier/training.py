"""Training of the role head: corpus from seeds, cached embeddings, grouped cross-validation, fit.

`notewell train roles` calls `train_roles`. Everything here is deterministic for a given seed:
the variant rewrites, the fold assignment and the solver (lbfgs, no random restarts).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..resources import read_jsonl
from .head import PROBE_TEXT, ROLES, RoleHead
from .variants import expand

SEEDS_FILE = "seeds.jsonl"
CORPUS_FILE = "corpus.jsonl"
REPORT_FILE = "cv_report.json"
C_GRID = (1.0, 4.0, 16.0)
LAYERS = (6, 3)  # the sentence embedding plus a middle layer; see encoder.py
FOLDS = 5


@dataclass
class TrainResult:
    """What a training run produced: the head and its grouped cross-validation figures."""

    head: RoleHead
    report: dict[str, Any]


def build_corpus(folder: Path, seed: int) -> list[dict[str, Any]]:
    """Expand seeds.jsonl into corpus.jsonl (seeds plus rewrites) and return its rows."""
    seeds = read_jsonl(folder / SEEDS_FILE)
    for number, row in enumerate(seeds, 1):
        if row.get("role") not in ROLES or not str(row.get("text", "")).strip() or "id" not in row:
            raise ResourceError(f"{folder / SEEDS_FILE}: entry {number} needs id, text and a role.")
    rows = expand(seeds, seed)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    (folder / CORPUS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def cache_dir() -> Path:
    """Where embeddings are cached between runs: never inside the repository."""
    base = os.environ.get("NOTEWELL_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), "notewell-cache"
    )
    return Path(base)


def embed_cached(encoder: Any, texts: list[str]) -> np.ndarray:
    """Embed texts, reusing vectors cached per text for this encoder configuration."""
    config = json.dumps([encoder.name, list(encoder.layers), encoder.quantized])
    path = cache_dir() / f"roles-{hashlib.sha256(config.encode()).hexdigest()[:16]}.npz"
    known: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path, allow_pickle=False) as cached:
            known = dict(zip(cached["texts"].tolist(), cached["vectors"], strict=True))
    missing = sorted({t for t in texts if t not in known})
    if missing:
        known.update(zip(missing, encoder.encode(missing, batch_size=64), strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(known)
        np.savez(path, texts=np.array(keys), vectors=np.stack([known[k] for k in keys]))
    return np.stack([known[t] for t in texts]).astype(np.float32)


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    return model.fit(x, y)


def _folds(y: np.ndarray, groups: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int, c: float
) -> np.ndarray:
    """Out-of-fold predicted label indices; a seed and its variants share a fold."""
    predicted = np.empty(len(y), dtype=int)
    for train_idx, test_idx in _folds(y, groups, seed):
        model = _fit(x[train_idx], y[train_idx], c)
        predicted[test_idx] = model.predict(x[test_idx])
    return predicted


def report_for(
    y: np.ndarray, predicted: np.ndarray, c: float, grid: dict[str, float]
) -> dict[str, Any]:
    """Per-class precision/recall/F1, macro F1, accuracy and the confusion matrix."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    labels = list(range(len(ROLES)))
    p, r, f, support = precision_recall_fscore_support(y, predicted, labels=labels, zero_division=0)
    return {
        "folds": FOLDS,
        "C": c,
        "macro_f1_by_C": grid,
        "accuracy": round(float((y == predicted).mean()), 4),
        "macro_f1": round(float(f.mean()), 4),
        "per_class": {
            role: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(support[i]),
            }
            for i, role in enumerate(ROLES)
        },
        "labels": list(ROLES),
        "confusion": confusion_matrix(y, predicted, labels=labels).tolist(),
    }


def train_head(
    rows: list[dict[str, Any]],
    x: np.ndarray,
    probe: np.ndarray,
    *,
    seed: int,
    encoder_name: str,
    quantized: bool,
    layers: tuple[int, ...] = LAYERS,
    c_grid: tuple[float, ...] = C_GRID,
) -> TrainResult:
    """Pick C by grouped CV macro F1, report CV figures, then fit on everything.

    Args:
        rows: corpus rows with "role" and "group".
        x: their embeddings, aligned with rows.
        probe: the embedding of PROBE_TEXT under the same encoder.
        seed: fixes the fold assignment.
        encoder_name: stored in the head, checked at load time.
        quantized: whether the encoder ran with int8 Linear layers.
        layers: the encoder layers pooled into `x`.
        c_grid: regularisation strengths to try.
    Returns:
        The fitted head and the report.
    """
    from sklearn.metrics import f1_score

    y = np.array([ROLES.index(r["role"]) for r in rows])
    groups = np.array([r["group"] for r in rows])
    scores: dict[str, float] = {}
    best: tuple[float, float, np.ndarray] | None = None
    for c in c_grid:
        predicted = cross_validate(x, y, groups, seed, c)
        score = float(f1_score(y, predicted, average="macro"))
        scores[str(c)] = round(score, 4)
        if best is None or score > best[0] + 1e-9:
            best = (score, c, predicted)
    assert best is not None
    _, c, predicted = best
    report = report_for(y, predicted, c, scores)
    kinds = np.array([r.get("kind", "seed") for r in rows])
    report["accuracy_by_kind"] = {
        k: round(float((y[kinds == k] == predicted[kinds == k]).mean()), 4)
        for k in sorted(set(kinds.tolist()))
    }
    report["segments"] = len(rows)
    report["seeds"] = int(len(set(groups.tolist())))
    report["seed"] = seed
    model = _fit(x, y, c)
    order = [list(model.classes_).index(i) for i in range(len(ROLES))]
    head = RoleHead(
        weights=np.asarray(model.coef_)[order],
        bias=np.asarray(model.intercept_)[order],
        labels=ROLES,
        encoder=encoder_name,
        probe_embedding=np.asarray(probe, dtype=np.float64),
        layers=tuple(layers),
        quantized=quantized,
        meta={"C": c, "seed": seed, "segments": len(rows), "probe_text": PROBE_TEXT},
    )
    return TrainResult(head=head, report=report)


def train_roles(models: Path, *, seed: int, quantize: bool = False) -> TrainResult:
    """Rebuild the corpus from seeds, embed it, cross-validate, fit and save head + report.

    Args:
        models: the models/ folder; reads and writes models/sentence_roles/.
        seed: random seed for rewrites and folds.
        quantize: train on (and mark the head for) the int8-quantized encoder.
    Returns:
        The head and its cross-validation report.
    """
    from . import heads_dir
    from .encoder import EncoderUnavailable, SentenceEncoder

    try:
        import sklearn  # noqa: F401  (training only; the runtime head needs numpy alone)
    except ImportError as exc:
        raise ResourceError(
            "Training needs scikit-learn: install the `model` extra (pip install -e '.[model]')."
        ) from exc
    folder = heads_dir(models)
    rows = build_corpus(folder, seed)
    try:
        encoder = SentenceEncoder(layers=LAYERS, quantize=quantize)
    except EncoderUnavailable as exc:
        raise ResourceError(f"Cannot train the role head: {exc}.") from exc
    x = embed_cached(encoder, [r["text"] for r in rows])
    probe = encoder.encode([PROBE_TEXT])[0]
    result = train_head(
        rows, x, probe, seed=seed, encoder_name=encoder.name, quantized=quantize, layers=LAYERS
    )
    result.head.save(folder)
    (folder / REPORT_FILE).write_text(json.dumps(result.report, indent=1) + "\n", encoding="utf-8")
    return result
