"""Training of the risk head on the segments of annotated jottings.

`notewell train risk` calls `train_risk`. Positives and their assertions come from the risk
jottings (corpora/risk/train_*.jsonl, written for it by annotators who did not read the
evaluation sets): a segment takes the assertion of the gold risk statement it shares most with
(at least half of the shorter of the two), else "none". Its input is its embedding, the mean of
its neighbours' and the rules' reading (risk_finder.FEATURE_NAMES). The role jottings
(corpora/roles/) add negatives: their segments that touch no gold risk phrase and no quote (a
quote there may be an unlabelled risk statement). Segments come from the same pipeline as at run
time, so the head learns on exactly what it will see; the embedding is the role head's (same
layers and int8).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..classifier.head import PROBE_TEXT
from ..classifier.training import (
    JOTTINGS_DIR,
    LAYERS,
    REPORT_FILE,
    TrainResult,
    embed_cached,
    inputs_of,
    rules_only_pipeline,
    train_head,
    training_files,
)
from ..errors import ResourceError
from ..pipeline import components_from
from ..resources import read_jsonl
from ..roles.role_tagger import NAME as ROLE_TAGGER
from .risk_finder import FEATURE_NAMES, HEAD_DIR, LABELS, NAME, NOT_RISK, features_of

RISK_DIR = JOTTINGS_DIR.parent / "risk"
C_GRID = (2.0, 8.0, 32.0)  # the risk head's inputs are wider than the role head's


def risk_average_precision(y: np.ndarray, proba: np.ndarray) -> float:
    """Average precision of P(risk) = 1 - P(none) for risk against none: the engine files a
    segment by that probability against a threshold, so C is picked for the ranking, not for
    the most probable label."""
    from sklearn.metrics import average_precision_score

    none = LABELS.index(NOT_RISK)
    return float(average_precision_score(y != none, 1.0 - proba[:, none]))


def _label(a: int, b: int, text: str, gold: Mapping[str, Any], key: str) -> str | None:
    """The assertion (or, for key "quotes", "quote") of the gold phrase sharing most with [a, b)."""
    best, label = 0, None
    for phrase in gold.get(key) or []:
        at = text.index(phrase)
        shared = min(b, at + len(phrase)) - max(a, at)
        if shared * 2 >= min(b - a, len(phrase)) and shared > best:
            best = shared
            label = gold["risk_assertions"][phrase] if key == "risk" else key
    return label


def risk_rows(
    nlp: Any, records: Iterable[Mapping[str, Any]], *, negatives_only: bool
) -> list[dict]:
    """Labelled segments with the rules' features.

    Args:
        nlp: the rules-only pipeline.
        records: annotated jottings.
        negatives_only: keep only segments with no risk and no quote (the role jottings).
    Returns:
        One row per kept segment: jotting id, text, label ("role"), features, the rules' label.
    """
    finder = nlp.get_pipe(NAME)
    rows = []
    for rec in records:
        text, gold = rec["text"], rec["gold"]
        with nlp.select_pipes(disable=components_from(ROLE_TAGGER)):
            doc = nlp(text)
        segments = list(doc.spans["segments"])
        for k, segment in enumerate(segments):
            a, b = segment.start_char, segment.end_char
            risky = any(
                min(b, text.index(p) + len(p)) > max(a, text.index(p))
                for p in gold.get("risk") or []
            )
            if negatives_only and (risky or _label(a, b, text, gold, "quotes")):
                continue
            label = NOT_RISK if negatives_only else (_label(a, b, text, gold, "risk") or NOT_RISK)
            cue = finder.cues.scores(segment.text).get("risk", 0.0)
            rule = (
                finder.rules.assert_statement(segment.text) if cue >= finder.rule_min else NOT_RISK
            )
            rows.append(
                {
                    "jotting": rec["id"],
                    "text": segment.text,
                    "role": label,
                    "features": features_of(segment.text, cue, finder.rules),
                    "rule": rule,
                    "prev": segments[k - 1].text if k else "",
                    "next": segments[k + 1].text if k + 1 < len(segments) else "",
                }
            )
    return rows


def context_embeddings(encoder: Any, rows: list[dict]) -> np.ndarray:
    """Each row's embedding followed by the mean of its neighbours' (as `with_context` does at
    run time, where every segment of the note is embedded)."""
    texts = sorted({t for r in rows for t in (r["text"], r["prev"], r["next"]) if t})
    known = dict(zip(texts, embed_cached(encoder, texts), strict=True))
    zero = np.zeros_like(known[texts[0]])
    out = []
    for r in rows:
        around = [known[t] for t in (r["prev"], r["next"]) if t]
        out.append(np.hstack([known[r["text"]], np.mean(around, axis=0) if around else zero]))
    return np.stack(out)


def train_risk(
    data: Path,
    *,
    seed: int,
    quantize: bool = True,
    risk_jottings: Path = RISK_DIR,
    role_jottings: Path = JOTTINGS_DIR,
) -> TrainResult:
    """Read the jottings, embed their segments, cross-validate, fit, save head and report.

    Args:
        data: the data folder; writes risk_classifier/head.json and cv_report.json there.
        seed: random seed for the folds.
        quantize: the int8 encoder (must match the role head's, whose encoder it shares).
        risk_jottings: the folder of train_*.jsonl risk jottings.
        role_jottings: the role jottings lending negatives.
    Returns:
        The head and its cross-validation report.
    """
    from ..classifier.encoder import EncoderUnavailable, SentenceEncoder
    from ..evaluate import load_records

    files = sorted(Path(risk_jottings).glob("train_*.jsonl"))
    if not files:
        raise ResourceError(f"No risk training jottings (train_*.jsonl) in {risk_jottings}.")
    nlp = rules_only_pipeline(data)
    risk = [rec for path in files for rec in read_jsonl(path)]
    roles = [rec for path in training_files(role_jottings) for rec in load_records(path)]
    rows = risk_rows(nlp, risk, negatives_only=False) + risk_rows(nlp, roles, negatives_only=True)
    try:
        encoder = SentenceEncoder(layers=LAYERS, quantize=quantize)
    except EncoderUnavailable as exc:
        raise ResourceError(f"Cannot train the risk head: {exc}.") from exc
    x = inputs_of(rows, context_embeddings(encoder, rows))
    result = train_head(
        rows,
        x,
        encoder.encode([PROBE_TEXT])[0],
        seed=seed,
        encoder_name=encoder.name,
        quantized=quantize,
        features=FEATURE_NAMES,
        layers=LAYERS,
        names=LABELS,
        c_grid=C_GRID,
        select=risk_average_precision,
    )
    result.head.context = True
    result.report["risk_files"] = [p.name for p in files]
    folder = Path(data) / HEAD_DIR
    result.head.save(folder)
    (folder / REPORT_FILE).write_text(json.dumps(result.report, indent=1) + "\n", encoding="utf-8")
    return result
