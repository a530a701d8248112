"""`notewell train roles|risk|spans [--seed N]`: read training jottings, cross-validate, fit a
head (roles, risk) or fine-tune the segment classifier (spans)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..errors import UserError
from ..resources import data_dir

# Dynamic int8 quantization of the encoder: 2.5x faster for -0.006 CV macro F1 (MODEL_CARD.md).
QUANTIZE = True


def per_class_lines(per_class: dict) -> list[str]:
    """A header line and one line a role: precision, recall, F1 and support."""
    lines = [f"{'role':<16} {'prec':>6} {'rec':>6} {'F1':>6} {'n':>5}"]
    for role, m in per_class.items():
        figures = f"{m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>5}"
        lines.append(f"{role:<16} {figures}")
    return lines


def format_report(report: dict) -> str:
    """The cross-validation report as a plain-text table."""
    lines = [
        f"{report['segments']} segments of {report['jottings']} jottings, {report['folds']}-fold "
        f"CV grouped by jotting, C={report['C']} "
        f"({report.get('selected_by', 'macro_f1')} by C: {report['score_by_C']})",
        *per_class_lines(report["per_class"]),
    ]
    lines.append(
        f"{'macro F1':<16} {report['macro_f1']:>20.3f}   accuracy {report['accuracy']:.3f} "
        f"(the rules' own decisions: {report['rules_accuracy']:.3f})"
    )
    return "\n".join(lines)


def format_span_report(report: dict) -> str:
    """The span classifier's cross-validated figures, when it was cross-validated."""
    cv = report.get("cv")
    if not cv:
        return f"{report['segments']} segments of {report['jottings']} jottings (no CV run)"
    lines = [
        f"{cv['segments']} segments in {cv['folds_run']} of the {cv['folds']} grouped folds "
        f"(the role head's), {report['jottings']} jottings",
        *per_class_lines(cv["per_class"]),
    ]
    lines.append(f"{'macro F1':<16} {cv['macro_f1']:>20.3f}   accuracy {cv['accuracy']:.3f}")
    return "\n".join(lines)


def run_spans(args: argparse.Namespace) -> int:
    """Fine-tune the segment classifier and print its figures."""
    from ..classifier.span_training import train_spans

    started = time.perf_counter()
    result = train_spans(data_dir(), seed=args.seed, jottings=args.jottings, cv_folds=args.cv)
    print(format_span_report(result.report))
    print(f"wrote {result.folder} in {time.perf_counter() - started:.1f} s")
    return 0


def run(args: argparse.Namespace) -> int:
    """Train the head named by `args.what` and print its cross-validated figures."""
    from ..classifier import heads_dir
    from ..classifier.training import train_roles
    from ..risk.risk_finder import HEAD_DIR
    from ..risk.training import train_risk

    if args.what != "roles" and args.from_reviews is not None:
        raise UserError("--from-reviews trains the role head only: `notewell train roles`")
    if args.what == "spans":
        return run_spans(args)
    started = time.perf_counter()
    data = data_dir()
    quantize = bool(getattr(args, "quantize", QUANTIZE))
    if args.what == "risk":
        result = train_risk(data, seed=args.seed, quantize=quantize, role_jottings=args.jottings)
        folder = data / HEAD_DIR
    else:
        result = train_roles(
            data,
            seed=args.seed,
            quantize=quantize,
            jottings=args.jottings,
            reviews=args.from_reviews,
        )
        folder = heads_dir(data)
    print(format_report(result.report))
    print(
        f"wrote {folder / 'head.json'} and {folder / 'cv_report.json'} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add `notewell train`."""
    from ..classifier.training import JOTTINGS_DIR

    p = sub.add_parser("train", help="train a learned head")
    p.add_argument("what", choices=["roles", "risk", "spans"], help="which head or model")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument(
        "--jottings",
        type=Path,
        default=JOTTINGS_DIR,
        help="folder of annotated role jottings (default: corpora/roles of the checkout; the "
        "risk head reads corpora/risk/train_*.jsonl too)",
    )
    p.add_argument(
        "--from-reviews",
        type=Path,
        metavar="FILE",
        help="also learn from the clinic's reviewed notes, a file written by "
        "`notewell reviews export` (role head only)",
    )
    p.add_argument(
        "--cv",
        type=int,
        default=0,
        choices=range(0, 6),
        metavar="K",
        help="spans only: cross-validate on the first K of the role head's 5 folds before "
        "the final fit (about 30 minutes a fold on 2 cores; default 0)",
    )
    p.set_defaults(run=run)
