"""Score the engine against annotated jottings (the shared examples' format).

A predicted item matches a gold phrase when their character spans overlap by at least half of
the gold phrase's length and the prediction is at most max(3 x gold length, gold length + 40)
characters long. Matching is one-to-one, greedy by overlap. Gold spans are `text.index(phrase)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ResourceError
from .resources import read_jsonl
from .vocab import FLAG_KINDS, MISSING_PARTS, SECTIONS

#: predict(text, reference_date) returns a StructuredNote or a dict in the note schema.
Predictor = Callable[[str, dt.date], Any]


@dataclass(frozen=True)
class Span:
    """A stretch of the jotting: gold phrase or predicted item."""

    start: int
    end: int
    text: str
    kind: str | None = None

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class Counts:
    """Matched, predicted and gold item counts, with the figures they give."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.matched += matched
        self.predicted += predicted
        self.gold += gold


@dataclass
class JottingResult:
    """What went wrong on one jotting (empty lists when it was perfect)."""

    id: str
    date: tuple[str | None, str | None]  # (gold, predicted)
    duration: tuple[int | None, int | None]
    missing: tuple[list[str], list[str]]
    missed: list[tuple[str, str]] = field(default_factory=list)  # (section, gold phrase)
    extra: list[tuple[str, str]] = field(default_factory=list)  # (section, predicted text)
    missed_flags: list[tuple[str, str]] = field(default_factory=list)  # (kind, phrase)
    extra_flags: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    false_flags: list[tuple[str, str]] = field(default_factory=list)  # (must-not phrase, flag)
    provenance: list[str] = field(default_factory=list)
    engine_error: str | None = None


@dataclass
class Report:
    """Figures for one evaluation set."""

    jottings: int = 0
    sections: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SECTIONS})
    date_correct: int = 0
    duration_correct: int = 0
    missing_correct: int = 0
    # per part of `missing`: listed by the engine (predicted) against absent in gold (gold)
    missing_parts: dict[str, Counts] = field(default_factory=dict)
    provenance_violations: int = 0
    flags_strict: Counts = field(default_factory=Counts)
    flags_any_kind: Counts = field(default_factory=Counts)
    must_not_flag: int = 0
    must_not_flag_hit: int = 0
    engine_errors: int = 0
    results: list[JottingResult] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the seven sections (the figure the targets refer to)."""
        return sum(c.f1 for c in self.sections.values()) / len(self.sections)

    def _share(self, part: int) -> float:
        return part / self.jottings if self.jottings else 0.0

    @property
    def date_accuracy(self) -> float:
        return self._share(self.date_correct)

    @property
    def duration_accuracy(self) -> float:
        return self._share(self.duration_correct)

    @property
    def missing_accuracy(self) -> float:
        return self._share(self.missing_correct)

    @property
    def false_flag_rate(self) -> float:
        return self.must_not_flag_hit / self.must_not_flag if self.must_not_flag else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The headline figures as plain data (for benchmarks and JSON output)."""

        def figures(c: Counts) -> dict[str, float | int]:
            return {
                "precision": c.precision,
                "recall": c.recall,
                "f1": c.f1,
                "matched": c.matched,
                "predicted": c.predicted,
                "gold": c.gold,
            }

        return {
            "jottings": self.jottings,
            "sections": {s: figures(c) for s, c in self.sections.items()},
            "macro_f1": self.macro_f1,
            "date_accuracy": self.date_accuracy,
            "duration_accuracy": self.duration_accuracy,
            "missing_accuracy": self.missing_accuracy,
            "missing_parts": {k: figures(c) for k, c in sorted(self.missing_parts.items())},
            "provenance_violations": self.provenance_violations,
            "flags_strict": figures(self.flags_strict),
            "flags_any_kind": figures(self.flags_any_kind),
            "false_flag_rate": self.false_flag_rate,
            "must_not_flag": self.must_not_flag,
            "engine_errors": self.engine_errors,
        }


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def matches(gold: Span, pred: Span) -> bool:
    """The shared README's rule: half the gold phrase covered, prediction not much longer."""
    g = len(gold)
    return 2 * overlap(gold, pred) >= g and len(pred) <= max(3 * g, g + 40)


def match(
    gold: Sequence[Span], pred: Sequence[Span], *, same_kind: bool = False
) -> list[tuple[int, int]]:
    """Pair gold and predicted spans one to one, largest overlap first.

    Args:
        gold: the gold spans.
        pred: the predicted spans.
        same_kind: only pair spans whose `kind` agrees (flags, kind-strict).
    Returns:
        (gold index, prediction index) pairs.
    """
    candidates = [
        (overlap(g, p), -abs(len(g) - len(p)), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if matches(g, p) and (not same_kind or g.kind == p.kind)
    ]
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def derive_missing(
    date: object, duration: object, sections: Mapping[str, Sequence[Any]]
) -> list[str]:
    """The template parts a note leaves empty, for a gold or predicted note that omits `missing`."""
    empty = {"date": date is None, "duration": duration is None}
    empty.update({s: not sections.get(s) for s in SECTIONS})
    return [part for part in MISSING_PARTS if empty[part]]


def gold_span(text: str, phrase: str, kind: str | None = None) -> Span:
    """Where a gold phrase sits in the jotting (its first occurrence)."""
    start = text.index(phrase)
    return Span(start, start + len(phrase), phrase, kind)


def load_records(path: Path | str) -> list[dict[str, Any]]:
    """Read an annotated JSONL set and check every record can be scored.

    Args:
        path: the JSONL file.
    Returns:
        The records in file order.
    Raises:
        ResourceError: the file is missing or unreadable, a line is not JSON, or a record lacks
            a field or names a gold phrase its text does not contain.
    """
    path = Path(path)
    if not path.is_file():
        raise ResourceError(f"Cannot read {path}: no such file.")
    records = read_jsonl(path)
    if not records:
        raise ResourceError(f"{path} holds no jottings.")
    for number, rec in enumerate(records, 1):
        _check_record(rec, f"{path}: entry {number}")
    return records


def _check_record(rec: Mapping[str, Any], where: str) -> None:
    text, gold = rec.get("text"), rec.get("gold")
    if not isinstance(text, str) or not text.strip():
        raise ResourceError(f"{where} has no text.")
    if not isinstance(gold, dict):
        raise ResourceError(f"{where} has no gold annotation.")
    where = f"{where} ({rec.get('id', 'no id')})"
    try:
        dt.date.fromisoformat(str(rec.get("reference_date")))
    except ValueError:
        raise ResourceError(f"{where} needs a reference_date in the form YYYY-MM-DD.") from None
    phrases = [p for s in SECTIONS for p in _list(gold, s, where)]
    phrases += [p for p in _list(gold, "must_not_flag", where)]
    for flag in _list(gold, "flags", where):
        if not isinstance(flag, dict) or flag.get("kind") not in FLAG_KINDS:
            raise ResourceError(f"{where} has a flag without kind interpretive or jargon.")
        phrases.append(flag.get("phrase"))
    for phrase in phrases:
        if not isinstance(phrase, str) or not phrase or phrase not in text:
            raise ResourceError(f"{where}: gold phrase {phrase!r} is not in its text.")


def _list(gold: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = gold.get(key, [])
    if not isinstance(value, list):
        raise ResourceError(f"{where}: gold {key} must be a list.")
    return value


def evaluate(records: Iterable[Mapping[str, Any]], predict: Predictor) -> Report:
    """Run `predict` on every record and score it against the gold annotation.

    Args:
        records: annotated jottings (see `load_records`).
        predict: called as predict(text, reference_date); returns a StructuredNote or a dict in
            the note schema. An exception counts as an empty prediction and is reported.
    Returns:
        The report with every figure and the per-jotting errors.
    """
    report = Report()
    for rec in records:
        text = rec["text"]
        ref = dt.date.fromisoformat(rec["reference_date"])
        error = None
        try:
            note = predict(text, ref)
            pred = note.to_dict() if hasattr(note, "to_dict") else dict(note)
        except Exception as exc:  # an engine crash is a finding, not a reason to stop scoring
            pred, error = {}, f"{type(exc).__name__}: {exc}"
        report.results.append(_score_one(report, rec, pred, error))
    return report


def _score_one(
    report: Report, rec: Mapping[str, Any], pred: Mapping[str, Any], error: str | None
) -> JottingResult:
    text, gold = rec["text"], rec["gold"]
    session = pred.get("session") or {}
    sections = pred.get("sections") or {}
    gold_missing = gold.get("missing")
    if gold_missing is None:
        gold_missing = derive_missing(gold.get("date"), gold.get("duration_minutes"), gold)
    pred_missing = pred.get("missing")
    if pred_missing is None:
        pred_missing = derive_missing(
            session.get("date"), session.get("duration_minutes"), sections
        )
    result = JottingResult(
        id=str(rec.get("id", report.jottings + 1)),
        date=(gold.get("date"), session.get("date")),
        duration=(gold.get("duration_minutes"), session.get("duration_minutes")),
        missing=(sorted(gold_missing), sorted(pred_missing)),
        engine_error=error,
    )
    report.jottings += 1
    report.engine_errors += error is not None
    report.date_correct += result.date[0] == result.date[1]
    report.duration_correct += result.duration[0] == result.duration[1]
    report.missing_correct += set(result.missing[0]) == set(result.missing[1])
    for part in set(gold_missing) | set(pred_missing):
        listed, absent = part in pred_missing, part in gold_missing
        report.missing_parts.setdefault(part, Counts()).add(listed and absent, listed, absent)

    for name in SECTIONS:
        golds = [gold_span(text, p) for p in gold.get(name, [])]
        preds, invalid = _valid_spans(text, sections.get(name, []), name, result)
        pairs = match(golds, preds)
        report.sections[name].add(len(pairs), len(preds) + invalid, len(golds))
        hit_g, hit_p = {g for g, _ in pairs}, {p for _, p in pairs}
        result.missed += [(name, g.text) for i, g in enumerate(golds) if i not in hit_g]
        result.extra += [(name, p.text) for i, p in enumerate(preds) if i not in hit_p]

    gold_flags = [gold_span(text, f["phrase"], f["kind"]) for f in gold.get("flags", [])]
    pred_flags, invalid = _valid_spans(text, pred.get("flags", []), "flags", result)
    strict = match(gold_flags, pred_flags, same_kind=True)
    n_pred = len(pred_flags) + invalid
    report.flags_strict.add(len(strict), n_pred, len(gold_flags))
    report.flags_any_kind.add(len(match(gold_flags, pred_flags)), n_pred, len(gold_flags))
    hit_g, hit_p = {g for g, _ in strict}, {p for _, p in strict}
    result.missed_flags = [
        (g.kind or "", g.text) for i, g in enumerate(gold_flags) if i not in hit_g
    ]
    result.extra_flags = [
        (p.kind or "", p.text) for i, p in enumerate(pred_flags) if i not in hit_p
    ]

    _valid_spans(text, pred.get("measures", []), "measures", result)  # provenance only

    for phrase in gold.get("must_not_flag", []):
        span = gold_span(text, phrase)
        report.must_not_flag += 1
        hits = [p for p in pred_flags if overlap(span, p) > 0]
        if hits:
            report.must_not_flag_hit += 1
            result.false_flags.append((phrase, hits[0].text))
    report.provenance_violations += len(result.provenance)
    return result


def _valid_spans(
    text: str, items: Iterable[Any], section: str, result: JottingResult
) -> tuple[list[Span], int]:
    """Predicted items whose offsets point at their text, and how many others there were.

    An item whose `text[start:end]` is not its text is a provenance violation: it is recorded
    on the result, counts as a prediction and can never match.
    """
    spans, invalid = [], 0
    for item in items:
        if not isinstance(item, Mapping):
            item = getattr(item, "__dict__", {})
        start, end, said = item.get("start"), item.get("end"), item.get("text")
        ok = (
            isinstance(start, int)
            and isinstance(end, int)
            and isinstance(said, str)
            and 0 <= start <= end <= len(text)
            and text[start:end] == said
        )
        if ok:
            spans.append(Span(start, end, said, item.get("kind")))
        else:
            invalid += 1
            result.provenance.append(f"{section}: {said!r} at {start}:{end}")
    return spans, invalid
