"""`notewell evaluate PATH [PATH...] [--no-classifier] [--errors] [--risk]`: score sets."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TextIO

from ..evaluate import JottingResult, Report, evaluate, load_records
from ..risk.evaluation import RiskReport, load_risk_records, score_risk
from ..vocab import ASSERTIONS, SECTIONS


def run(args: argparse.Namespace) -> int:
    """Load every set first (bad input fails fast), then the engine, then print one table a set."""
    loader = load_risk_records if args.risk else load_records
    sets = [(path, loader(path)) for path in args.path]

    import assistant

    engine = assistant.load(classifier=False) if args.no_classifier else assistant.load()
    label = engine_label(engine.engine, args.no_classifier)

    def predict(text: str, reference_date: dt.date) -> object:
        return engine.structure(text, reference_date=reference_date)

    for path, records in sets:
        if args.risk:
            print_risk_report(path, score_risk(records, predict), label, args.errors, sys.stdout)
            continue
        report = evaluate(records, predict)
        print_report(path, report, label, sys.stdout)
        if args.errors:
            print_errors(report, sys.stdout)
    return 0


def engine_label(info: dict[str, object], no_classifier: bool) -> str:
    """Say which engine produced the figures."""
    version = info.get("version", "?")
    if info.get("classifier"):
        return f"rules + learned classifier (notewell {version})"
    why = "--no-classifier" if no_classifier else "classifier not available"
    return f"rules only, {why} (notewell {version})"


def print_report(path: str, report: Report, engine: str, out: TextIO) -> None:
    """Print the per-section table and the headline figures for one set."""
    w = out.write
    w(f"\n{path}: {report.jottings} jottings\nengine: {engine}\n\n")
    w(f"{'section':<18}{'P':>7}{'R':>7}{'F1':>7}   matched/predicted/gold\n")
    for name in SECTIONS:
        c = report.sections[name]
        w(
            f"{name:<18}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}   "
            f"{c.matched}/{c.predicted}/{c.gold}\n"
        )
    n = report.jottings
    rows = [
        ("macro F1 (7 sections)", report.macro_f1, ""),
        ("date accuracy", report.date_accuracy, f"{report.date_correct}/{n}"),
        ("duration accuracy", report.duration_accuracy, f"{report.duration_correct}/{n}"),
        ("missing-list accuracy", report.missing_accuracy, f"{report.missing_correct}/{n}"),
    ]
    for title, value, detail in rows:
        w(f"{title:<32}{value:7.3f}   {detail}".rstrip() + "\n")
    if report.missing_parts:
        w(f"{'missing, per part':<18}{'P':>7}{'R':>7}{'F1':>7}   right/listed/absent in gold\n")
        for part, c in sorted(report.missing_parts.items()):
            w(
                f"  {part:<16}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}   "
                f"{c.matched}/{c.predicted}/{c.gold}\n"
            )
    w(f"{'provenance violations':<32}{report.provenance_violations:7d}\n")
    for title, c in (
        ("flags, kind-strict", report.flags_strict),
        ("flags, any kind", report.flags_any_kind),
    ):
        w(
            f"{title:<18}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}   "
            f"{c.matched}/{c.predicted}/{c.gold}\n"
        )
    flagged = f"{report.must_not_flag_hit}/{report.must_not_flag}"
    w(f"{'false-flag rate':<32}{report.false_flag_rate:7.3f}   {flagged} must-not-flag phrases\n")
    if report.engine_errors:
        first = next(r for r in report.results if r.engine_error)
        w(f"engine errors: {report.engine_errors} (first, {first.id}: {first.engine_error})\n")


def print_risk_report(
    path: str, report: RiskReport, engine: str, errors: bool, out: TextIO
) -> None:
    """Print recall by assertion, precision, assertion accuracy and risk listed as missing."""
    w = out.write
    w(f"\n{path}: {report.jottings} jottings (risk)\nengine: {engine}\n\n")
    for a in ASSERTIONS:
        w(f"{'recall ' + a:<32}{report.recall(a):7.3f}   {report.found[a]}/{report.gold[a]}\n")
    for keyword, title in ((False, "present, no keyword"), (True, "present, keyword")):
        gold, found = report.keyword_gold[keyword], report.keyword_found[keyword]
        if gold:
            w(f"{'recall ' + title:<32}{found / gold:7.3f}   {found}/{gold}\n")
    w(f"{'precision':<32}{report.precision:7.3f}   {report.correct}/{report.predicted}\n")
    judged = f"{report.assertion_right}/{report.assertion_judged}"
    w(f"{'assertion accuracy':<32}{report.assertion_accuracy:7.3f}   {judged}\n")
    missing = f"{len(report.present_missing)}/{report.with_present}"
    w(f"{'present risk listed as missing':<32}{missing:>7}   jottings\n")
    if report.kinds_gold and set(report.kinds_gold) != {"unknown"}:
        w("\npresent recall by kind\n")
        for kind, gold in sorted(report.kinds_gold.items()):
            found = report.kinds_found[kind]
            w(f"  {kind:<30}{found / gold:7.3f}   {found}/{gold}\n")
    if errors:
        w("\nerrors (- missed, + not risk in gold, ~ wrong assertion: gold -> predicted)\n")
        lines = [f"[{i}] - {a}: {p!r}" for i, a, p in report.misses]
        lines += [f"[{i}] + {t!r}" for i, t in report.extras]
        lines += [f"[{i}] ~ {p!r}: {g} -> {got}" for i, p, g, got in report.wrong_assertion]
        w("".join(f"  {line}\n" for line in lines))


def print_errors(report: Report, out: TextIO) -> None:
    """List, per jotting, every missed gold phrase and every unmatched prediction."""
    out.write(
        "\nerrors (- missed gold, + unmatched prediction, ! flag on a must-not-flag phrase)\n"
    )
    for result in report.results:
        lines = _error_lines(result)
        if lines:
            out.write(f"\n[{result.id}]\n" + "".join(f"  {line}\n" for line in lines))


def _error_lines(r: JottingResult) -> list[str]:
    lines = []
    if r.engine_error:
        lines.append(f"engine error: {r.engine_error}")
    if r.date[0] != r.date[1]:
        lines.append(f"date: expected {r.date[0]}, got {r.date[1]}")
    if r.duration[0] != r.duration[1]:
        lines.append(f"duration: expected {r.duration[0]}, got {r.duration[1]}")
    if set(r.missing[0]) != set(r.missing[1]):
        lines.append(f"missing: expected {r.missing[0]}, got {r.missing[1]}")
    lines += [f"- {section}: {phrase!r}" for section, phrase in r.missed]
    lines += [f"+ {section}: {said!r}" for section, said in r.extra]
    lines += [f"- flag {kind}: {phrase!r}" for kind, phrase in r.missed_flags]
    lines += [f"+ flag {kind}: {said!r}" for kind, said in r.extra_flags]
    lines += [f"! must-not-flag {phrase!r} flagged as {said!r}" for phrase, said in r.false_flags]
    lines += [f"provenance violation: {p}" for p in r.provenance]
    return lines


def register(sub: argparse._SubParsersAction) -> None:
    """Add `notewell evaluate`."""
    p = sub.add_parser("evaluate", help="score the engine on an annotated JSONL set")
    p.add_argument("path", nargs="+", help="JSONL files in the shared examples' format")
    p.add_argument("--no-classifier", action="store_true", help="rules only")
    p.add_argument("--errors", action="store_true", help="list every miss and false item")
    p.add_argument(
        "--risk", action="store_true", help="score risk only: recall by assertion, precision"
    )
    p.set_defaults(run=run)
