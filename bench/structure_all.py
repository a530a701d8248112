"""Structure every annotated jotting (corpora/) rules-only and with the classifier, and write the
notes as JSONL; with --compare, say how many notes differ from an earlier run. For refactors:
run before and after, and the change is behaviour-preserving when nothing differs.

Usage: .venv/bin/python bench/structure_all.py OUT.jsonl [--compare EARLIER.jsonl]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from common import ROOT

import assistant
from assistant.evaluate import load_records


def records() -> list[dict]:
    return [
        rec for path in sorted((ROOT / "corpora").glob("**/*.jsonl")) for rec in load_records(path)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--compare", metavar="EARLIER")
    args = parser.parse_args()
    rows = records()
    with open(args.out, "w", encoding="utf-8") as out:
        for classifier in (False, True):
            engine = assistant.load(classifier=classifier)
            for rec in rows:
                ref = dt.date.fromisoformat(rec["reference_date"])
                note = engine.structure(rec["text"], reference_date=ref).to_dict()
                row = {"id": rec["id"], "classifier": classifier, "note": note}
                out.write(json.dumps(row, sort_keys=True) + "\n")
    print(f"{2 * len(rows)} notes of {len(rows)} jottings written to {args.out}")
    if args.compare:

        def read(path: str) -> dict:
            with open(path, encoding="utf-8") as fh:
                return {(r["id"], r["classifier"]): r["note"] for r in map(json.loads, fh)}

        now, earlier = read(args.out), read(args.compare)
        differ = sorted(k for k in now.keys() | earlier.keys() if now.get(k) != earlier.get(k))
        print(f"{len(differ)} of {len(now)} notes differ from {args.compare}")
        for jotting, classifier in differ[:20]:
            print(f"  {jotting} ({'with' if classifier else 'without'} classifier)")


if __name__ == "__main__":
    main()
