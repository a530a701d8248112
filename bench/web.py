"""Web benchmark: requests/s and p50/p95 latency of POST structure and GET review page with 1, 4
and 8 concurrent clients against a local waitress server, next to the engine alone in the same run.

    .venv/bin/python bench/web.py [--requests 160] [--no-classifier] [--database-url URL]

The server is `notewell serve` (waitress, 8 threads) in a child process on a free 127.0.0.1 port,
after `notewell db upgrade` on a fresh SQLite database in a temporary folder (or --database-url,
e.g. PostgreSQL); every request count is bounded and the script stops the server itself. Clients
are `requests` sessions in threads, each signed in. (This file is named web.py, so it cannot
import the `web` package: the server runs through the console script, as in production.)
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from common import SHARED_EXAMPLES, percentile, read_jottings

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "bench password 123"
LEVELS = (1, 4, 8)
TARGET_P95_MS = 250.0


def summary(ms: list[float], seconds: float) -> dict[str, float]:
    return {
        "n": len(ms),
        "rps": len(ms) / seconds,
        "p50": statistics.median(ms),
        "p95": percentile(ms, 0.95),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    database_url: str | None,
    classifier: bool,
    folder: Path,
    server: str = "waitress",
    workers: int = 2,
    threads: int = 8,
):
    # classifier=False sets NOTEWELL_CLASSIFIER=0; True leaves the server's default (use it when
    # installed), the same default as assistant.load() for the engine-alone row.
    """`notewell db upgrade` then `notewell serve`; returns (base URL, process)."""
    notewell = str(Path(sys.executable).with_name("notewell"))
    env = {**os.environ, "NOTEWELL_INSTANCE_PATH": str(folder), "NOTEWELL_SECRET_KEY": "bench"}
    if database_url:
        env["NOTEWELL_DATABASE_URL"] = database_url
    if not classifier:
        env["NOTEWELL_CLASSIFIER"] = "0"
    subprocess.run([notewell, "db", "upgrade"], env=env, check=True, capture_output=True)
    port = free_port()
    if server == "waitress":
        command = [notewell, "serve", "--port", str(port), "--threads", str(threads)]
    else:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "-w",
            str(workers),
            "--threads",
            str(max(1, threads // workers)),
            "-b",
            f"127.0.0.1:{port}",
            "web.wsgi:app",
        ]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{command[0]} exited before answering")
        try:
            requests.get(base + "/login", timeout=5)
            return base, proc
        except requests.RequestException:  # not listening yet, or workers still loading
            time.sleep(0.5)
    proc.terminate()
    proc.wait(timeout=30)
    raise RuntimeError(f"{command[0]} did not answer within 120 s")


def token(session: requests.Session, url: str) -> str:
    return TOKEN.search(session.get(url, timeout=30).text).group(1)


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    session.post(
        base + "/login",
        timeout=30,
        data={
            "csrf_token": token(session, base + "/login"),
            "username": "bench",
            "password": PASSWORD,
        },
    )
    return session


def prepare(base: str) -> tuple[int, str]:
    """The first account and one client; returns the client id and a CSRF token's page."""
    s = requests.Session()
    s.post(
        base + "/setup",
        timeout=30,
        data={
            "csrf_token": token(s, base + "/setup"),
            "username": "bench",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    r = s.post(
        base + "/clients/new",
        timeout=30,
        allow_redirects=False,
        data={"csrf_token": token(s, base + "/clients/new"), "name": "Bench Client", "code": "B-1"},
    )
    return int(r.headers["Location"].rsplit("/", 1)[1]), "/clients/new"


def run_level(base: str, concurrency: int, total: int, client_id: int, texts: list[str]) -> dict:
    """POST structure, then GET review of the created notes, each with `concurrency` workers."""
    sessions = [signed_in(base) for _ in range(concurrency)]
    tokens = [token(s, base + "/clients/new") for s in sessions]
    per_worker = max(1, total // concurrency)
    created: list[list[int]] = [[] for _ in range(concurrency)]

    def structure(w: int) -> list[float]:
        out = []
        for i in range(per_worker):
            text = texts[(w * per_worker + i) % len(texts)]
            t = time.perf_counter()
            r = sessions[w].post(
                base + "/notes/new",
                allow_redirects=False,
                timeout=60,
                data={"csrf_token": tokens[w], "client_id": client_id, "jotting": text},
            )
            out.append((time.perf_counter() - t) * 1000)
            if r.status_code != 302:
                raise RuntimeError(f"POST /notes/new gave {r.status_code}")
            created[w].append(int(r.headers["Location"].rsplit("/", 1)[1]))
        return out

    def review(w: int) -> list[float]:
        out = []
        for note_id in created[w]:
            t = time.perf_counter()
            r = sessions[w].get(f"{base}/notes/{note_id}", timeout=60)
            out.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"GET /notes/{note_id} gave {r.status_code}")
        return out

    results = {}
    for name, job in (("POST structure", structure), ("GET review page", review)):
        with ThreadPoolExecutor(concurrency) as pool:
            t = time.perf_counter()
            ms = [x for part in pool.map(job, range(concurrency)) for x in part]
            results[name] = summary(ms, time.perf_counter() - t)
    return results


def engine_alone(nlp, texts: list[str], total: int) -> dict:
    ms = []
    t0 = time.perf_counter()
    for i in range(total):
        t = time.perf_counter()
        nlp.structure(texts[i % len(texts)]).to_dict()
        ms.append((time.perf_counter() - t) * 1000)
    return summary(ms, time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=160, help="requests per scenario and level")
    parser.add_argument("--no-classifier", action="store_true", help="rules-only engine")
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    parser.add_argument(
        "--server",
        choices=["waitress", "gunicorn"],
        default="waitress",
        help="waitress: `notewell serve`, one process; gunicorn: web.wsgi:app",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=8,
        help="server threads in all (split across gunicorn workers)",
    )
    args = parser.parse_args(argv)
    texts = read_jottings([SHARED_EXAMPLES])
    import assistant

    # the encoder sets torch's threads as it loads (NOTEWELL_TORCH_THREADS, default 1)
    nlp = assistant.load(**({"classifier": False} if args.no_classifier else {}))
    for text in texts[:8]:
        nlp.structure(text)
    rows = [("engine alone (structure + to_dict)", 1, engine_alone(nlp, texts, args.requests))]
    with tempfile.TemporaryDirectory() as folder:
        base, server = start_server(
            args.database_url,
            not args.no_classifier,
            Path(folder),
            args.server,
            args.workers,
            args.threads,
        )
        try:
            client_id, _ = prepare(base)
            for level in LEVELS:
                for name, result in run_level(base, level, args.requests, client_id, texts).items():
                    rows.append((name, level, result))
        finally:
            server.terminate()
            server.wait(timeout=30)
    database = "given URL" if args.database_url else "SQLite (temp file)"
    per_worker = max(1, args.threads // args.workers)
    served = (
        f"waitress, 1 process x {args.threads} threads"
        if args.server == "waitress"
        else f"gunicorn, {args.workers} processes x {per_worker} threads"
    )
    print(
        f"{len(texts)} distinct jottings, {args.requests} requests per row, engine "
        f"{nlp.engine}, database {database}, server {served}"
    )
    print("| what | concurrent clients | requests | req/s | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for name, level, r in rows:
        print(f"| {name} | {level} | {r['n']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} |")
        if level == 8:
            worst = max(worst, r["p95"])
    verdict = "meets" if worst <= TARGET_P95_MS else "misses"
    print(
        f"\np95 at 8 concurrent clients: {worst:.1f} ms "
        f"({verdict} the {TARGET_P95_MS:.0f} ms target)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
