"""Score the risk check: recall by assertion, precision, assertion accuracy, risk listed as missing.

A gold risk statement counts as found when the note's risk items cover at least half of its
characters (a statement split into clause items is still found); its predicted assertion is that
of the item overlapping it most. A predicted risk item is right when it shares at least half of
the shorter of itself and some gold statement. Gold is `gold.risk` with `gold.risk_assertions`
(phrase -> assertion) and, in the risk sets, `gold.risk_kinds`; every evaluation set carries them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from ..note.structured import StructuredNote
from ..resources import read_jsonl
from ..vocab import ASSERTIONS

Predictor = Callable[[str, dt.date], StructuredNote]
DEFAULT_DATE = dt.date(2026, 11, 30)


@dataclass
class RiskReport:
    """The risk figures of one set."""

    jottings: int = 0
    gold: Counter[str] = field(default_factory=Counter)  # by assertion
    found: Counter[str] = field(default_factory=Counter)
    kinds_gold: Counter[str] = field(default_factory=Counter)  # present statements by kind
    kinds_found: Counter[str] = field(default_factory=Counter)
    keyword_gold: Counter[bool] = field(default_factory=Counter)  # present, by record keywords
    keyword_found: Counter[bool] = field(default_factory=Counter)
    predicted: int = 0
    correct: int = 0
    assertion_judged: int = 0
    assertion_right: int = 0
    with_present: int = 0
    present_missing: list[str] = field(default_factory=list)  # record ids
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (id, assertion, phrase)
    extras: list[tuple[str, str]] = field(default_factory=list)  # (id, item text)
    wrong_assertion: list[tuple[str, str, str, str]] = field(default_factory=list)

    def recall(self, assertion: str) -> float:
        gold = self.gold[assertion]
        return self.found[assertion] / gold if gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def assertion_accuracy(self) -> float:
        judged = self.assertion_judged
        return self.assertion_right / judged if judged else 1.0


def load_risk_records(path: str | Path) -> list[dict[str, Any]]:
    """Read a set with risk gold, checking every phrase and assertion.

    Raises:
        ResourceError: naming the record whose gold does not fit its text.
    """
    records = read_jsonl(Path(path))
    for number, rec in enumerate(records, 1):
        where = f"{path}: record {number} ({rec.get('id', '?')})"
        gold = rec.get("gold")
        if not isinstance(rec.get("text"), str) or not isinstance(gold, dict):
            raise ResourceError(f"{where} needs a text and a gold object.")
        phrases = gold.get("risk") or []
        assertions = gold.get("risk_assertions")
        if not isinstance(assertions, dict) or set(assertions) != set(phrases):
            raise ResourceError(f"{where}: risk_assertions must name every risk phrase.")
        for phrase in phrases:
            if phrase not in rec["text"] or assertions[phrase] not in ASSERTIONS:
                raise ResourceError(f"{where}: the risk phrase {phrase!r:.40} does not fit.")
    return records


def _covered(start: int, end: int, items: Iterable[tuple[int, int]]) -> int:
    marks = [False] * (end - start)
    for a, b in items:
        for i in range(max(a, start), min(b, end)):
            marks[i - start] = True
    return sum(marks)


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_record(rec: Mapping[str, Any], note: StructuredNote, report: RiskReport) -> None:
    """Add one jotting's figures to `report`."""
    text, gold = rec["text"], rec["gold"]
    kinds = gold.get("risk_kinds") or {}
    statements = [
        ((text.index(p), text.index(p) + len(p)), gold["risk_assertions"][p], p)
        for p in gold.get("risk") or []
    ]
    items = [((i.start, i.end), i.assertion or "present", i.text) for i in note.sections["risk"]]
    spans = [span for span, _, _ in items]
    report.jottings += 1
    for (a, b), assertion, phrase in statements:
        report.gold[assertion] += 1
        present = assertion == "present"
        if present:
            report.kinds_gold[kinds.get(phrase, "unknown")] += 1
            report.keyword_gold[bool(rec.get("keywords"))] += 1
        if _covered(a, b, spans) * 2 < b - a:
            report.misses.append((rec["id"], assertion, phrase))
            continue
        report.found[assertion] += 1
        if present:
            report.kinds_found[kinds.get(phrase, "unknown")] += 1
            report.keyword_found[bool(rec.get("keywords"))] += 1
        best = max(items, key=lambda it: _shared(it[0], (a, b)))
        report.assertion_judged += 1
        if best[1] == assertion:
            report.assertion_right += 1
        else:
            report.wrong_assertion.append((rec["id"], phrase, assertion, best[1]))
    for span, _, said in items:
        report.predicted += 1
        if any(
            _shared(span, g) * 2 >= min(span[1] - span[0], g[1] - g[0]) for g, _, _ in statements
        ):
            report.correct += 1
        else:
            report.extras.append((rec["id"], said))
    if any(assertion == "present" for _, assertion, _ in statements):
        report.with_present += 1
        if "risk" in note.missing:
            report.present_missing.append(rec["id"])


def score_risk(records: Iterable[Mapping[str, Any]], predict: Predictor) -> RiskReport:
    """Run the engine on every record and score its risk items."""
    report = RiskReport()
    for rec in records:
        ref = rec.get("reference_date")
        when = dt.date.fromisoformat(ref) if ref else DEFAULT_DATE
        score_record(rec, predict(rec["text"], when), report)
    return report
