"""Training of the role head on real segments of annotated jottings.

`notewell train roles` calls `train_roles`. The training jottings (corpora/roles/*.jsonl of the
checkout, in the evaluation sets' format; development material, not package data) go through the
rules-only pipeline up to the role decision, so the head learns on exactly the segments, and the
rules' evidence, that it will see at run time. A segment's label is the section of the gold phrase
it overlaps most; a segment that holds no gold phrase is `session_admin` when the rules read it as
the session line, else `other` (nothing to file). Everything is deterministic for a given seed:
the folds and the solver (lbfgs).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ResourceError
from ..roles.role_tagger import NAME as ROLE_TAGGER
from ..vocab import ROLE_OF_SECTION, ROLES
from .head import PROBE_TEXT, RoleHead, join_inputs

# corpora/roles/ of the checkout; an installed package has no training jottings
JOTTINGS_DIR = Path(__file__).resolve().parents[2] / "corpora" / "roles"
REPORT_FILE = "cv_report.json"
C_GRID = (0.5, 2.0, 8.0)
LAYERS = (6, 3)  # the sentence embedding plus a middle layer; see encoder.py
FOLDS = 5


@dataclass
class TrainResult:
    """What a training run produced: the head and its grouped cross-validation figures."""

    head: RoleHead
    report: dict[str, Any]


def training_files(folder: Path = JOTTINGS_DIR) -> list[Path]:
    """The annotated training jottings, folder/*.jsonl, in name order."""
    files = sorted(Path(folder).glob("*.jsonl"))
    if not files:
        raise ResourceError(f"No training jottings in {folder}: give the folder with --jottings.")
    return files


def label_segment(start: int, end: int, text: str, gold: Mapping[str, Any]) -> str | None:
    """The role of the gold phrase that overlaps the segment [start, end) most, or None."""
    best, role = 0, None
    for section, section_role in ROLE_OF_SECTION.items():
        for phrase in gold.get(section, []):
            at = text.index(phrase)
            shared = min(end, at + len(phrase)) - max(start, at)
            if shared > best:
                best, role = shared, section_role
    return role


def read_segments(nlp: Any, text: str) -> list[Any]:
    """The rules' reading of each segment of `text` (the role tagger's `Reading`s), undecided.

    Args:
        nlp: a pipeline from `build_pipeline`; the role tagger and what follows it are skipped.
        text: a jotting.
    Returns:
        One Reading per segment: segment, evidence, rule decision, fallback and features.
    """
    from ..pipeline import components_from

    with nlp.select_pipes(disable=components_from(ROLE_TAGGER)):
        doc = nlp(text)
    return nlp.get_pipe(ROLE_TAGGER).read(doc)


def segment_rows(nlp: Any, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Read annotated jottings into labelled segments with the rules' evidence.

    Args:
        nlp: the rules-only pipeline (`rules_only_pipeline(data)`).
        records: annotated jottings (see `assistant.evaluate.load_records`).
    Returns:
        One row per segment: jotting id, text, role, features and the rules' own decision.
    """
    rows = []
    for rec in records:
        text = rec["text"]
        unsure = rec.get("unsure", [])  # reviewed notes: places no label can be trusted
        for reading in read_segments(nlp, text):
            segment = reading.segment
            if any(segment.start_char < y and x < segment.end_char for x, y in unsure):
                continue
            role = label_segment(segment.start_char, segment.end_char, text, rec["gold"])
            if role is None:
                role = "session_admin" if reading.evidence.admin else "other"
            rule = reading.decision.role if reading.decision else None
            rows.append(
                {
                    "jotting": rec["id"],
                    "text": segment.text,
                    "role": role,
                    "features": reading.features,
                    "rule": rule,
                }
            )
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


def inputs_of(rows: list[dict[str, Any]], embeddings: np.ndarray) -> np.ndarray:
    """The head's inputs for labelled segment rows (see `join_inputs`)."""
    return join_inputs(embeddings, [r["features"] for r in rows])


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def _folds(y: np.ndarray, groups: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedGroupKFold

    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def cross_validate(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, seed: int, c: float
) -> np.ndarray:
    """Out-of-fold P(label) per segment (columns in label order); a jotting's segments share a
    fold."""
    proba = np.zeros((len(y), int(y.max()) + 1))
    for train_idx, test_idx in _folds(y, groups, seed):
        model = _fit(x[train_idx], y[train_idx], c)
        proba[np.ix_(test_idx, model.classes_)] = model.predict_proba(x[test_idx])
    return proba


def macro_f1(y: np.ndarray, proba: np.ndarray) -> float:
    """Macro F1 of the most probable labels: how the role head is used."""
    from sklearn.metrics import f1_score

    return float(f1_score(y, proba.argmax(axis=1), average="macro"))


def report_for(
    y: np.ndarray,
    predicted: np.ndarray,
    c: float,
    grid: dict[str, float],
    names: tuple[str, ...] = ROLES,
) -> dict[str, Any]:
    """Per-class precision/recall/F1, macro F1, accuracy and the confusion matrix."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    labels = list(range(len(names)))
    p, r, f, support = precision_recall_fscore_support(y, predicted, labels=labels, zero_division=0)
    return {
        "folds": FOLDS,
        "C": c,
        "score_by_C": grid,
        "accuracy": round(float((y == predicted).mean()), 4),
        "macro_f1": round(float(f.mean()), 4),
        "per_class": {
            role: {
                "precision": round(float(p[i]), 4),
                "recall": round(float(r[i]), 4),
                "f1": round(float(f[i]), 4),
                "support": int(support[i]),
            }
            for i, role in enumerate(names)
        },
        "labels": list(names),
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
    features: tuple[str, ...],
    layers: tuple[int, ...] = LAYERS,
    c_grid: tuple[float, ...] = C_GRID,
    names: tuple[str, ...] = ROLES,
    select: Callable[[np.ndarray, np.ndarray], float] = macro_f1,
) -> TrainResult:
    """Pick C by a grouped CV score (macro F1 unless `select` says), report CV figures, then
    fit on everything.

    Args:
        rows: labelled segments with "role" and "jotting" (the CV group).
        x: their inputs (embedding + features), aligned with rows.
        probe: the embedding of PROBE_TEXT under the same encoder.
        seed: fixes the fold assignment.
        encoder_name: stored in the head, checked at load time.
        quantized: whether the encoder ran with int8 Linear layers.
        features: the names of the evidence features at the end of each input.
        layers: the encoder layers pooled into the embedding part of `x`.
        c_grid: regularisation strengths to try.
        names: the labels, in head order (a row's label is its "role").
        select: the score of (labels, out-of-fold probabilities) that picks C.
    Returns:
        The fitted head and the report.
    """
    y = np.array([names.index(r["role"]) for r in rows])
    groups = np.array([r["jotting"] for r in rows])
    scores: dict[str, float] = {}
    best: tuple[float, float, np.ndarray] | None = None
    for c in c_grid:
        proba = cross_validate(x, y, groups, seed, c)
        score = select(y, proba)
        scores[str(c)] = round(score, 4)
        if best is None or score > best[0] + 1e-9:
            best = (score, c, proba)
    assert best is not None
    _, c, proba = best
    report = report_for(y, proba.argmax(axis=1), c, scores, names)
    report["selected_by"] = select.__name__
    rules = np.array([names.index(r["rule"]) if r.get("rule") else -1 for r in rows])
    report["rules_accuracy"] = round(float((rules == y).mean()), 4)
    report["segments"] = len(rows)
    report["jottings"] = int(len(set(groups.tolist())))
    report["segments_by_role"] = dict(Counter(r["role"] for r in rows).most_common())
    report["seed"] = seed
    model = _fit(x, y, c)
    order = [list(model.classes_).index(i) for i in range(len(names))]
    head = RoleHead(
        weights=np.asarray(model.coef_)[order],
        bias=np.asarray(model.intercept_)[order],
        labels=names,
        encoder=encoder_name,
        probe_embedding=np.asarray(probe, dtype=np.float64),
        layers=tuple(layers),
        quantized=quantized,
        features=tuple(features),
        meta={"C": c, "seed": seed, "segments": len(rows), "jottings": report["jottings"]},
    )
    return TrainResult(head=head, report=report)


def rules_only_pipeline(data: Path | None = None) -> Any:
    """The pipeline as the classifier's training reads it: rules only."""
    from ..pipeline import build_pipeline

    return build_pipeline(data, config={ROLE_TAGGER: {"classifier": False}})


def train_roles(
    data: Path,
    *,
    seed: int,
    quantize: bool = False,
    jottings: Path = JOTTINGS_DIR,
    reviews: Path | None = None,
) -> TrainResult:
    """Read the training jottings, embed their segments, cross-validate, fit, save head + report.

    Args:
        data: the data folder; writes role_classifier/head.json and cv_report.json there.
        seed: random seed for the folds.
        quantize: train on (and mark the head for) the int8-quantized encoder.
        jottings: the folder of annotated training jottings.
        reviews: a file of records from reviewed notes (`notewell reviews export`), added to
            the jottings.
    Returns:
        The head and its cross-validation report.
    """
    from ..evaluate import load_records
    from ..roles.evidence import FEATURE_NAMES
    from . import heads_dir
    from .encoder import EncoderUnavailable, SentenceEncoder

    try:
        import sklearn  # noqa: F401  (training only; the runtime head needs numpy alone)
    except ImportError as exc:
        raise ResourceError(
            "Training needs scikit-learn: install the `model` extra (pip install -e '.[model]')."
        ) from exc
    records = [rec for path in training_files(jottings) for rec in load_records(path)]
    if reviews is not None:
        records += load_records(reviews)
    rows = segment_rows(rules_only_pipeline(data), records)
    try:
        encoder = SentenceEncoder(layers=LAYERS, quantize=quantize)
    except EncoderUnavailable as exc:
        raise ResourceError(f"Cannot train the role head: {exc}.") from exc
    x = inputs_of(rows, embed_cached(encoder, [r["text"] for r in rows]))
    probe = encoder.encode([PROBE_TEXT])[0]
    result = train_head(
        rows,
        x,
        probe,
        seed=seed,
        encoder_name=encoder.name,
        quantized=quantize,
        features=FEATURE_NAMES,
        layers=LAYERS,
    )
    folder = heads_dir(data)
    result.head.save(folder)
    (folder / REPORT_FILE).write_text(json.dumps(result.report, indent=1) + "\n", encoding="utf-8")
    return result
