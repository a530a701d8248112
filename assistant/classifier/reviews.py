"""Training records from reviewed notes: what the clinic's reviewers kept, moved and dropped.

A signed note holds the jotting, the pipeline's items (`structured`, each with its place in the
jotting) and the reviewer's lines, one list per section (`fields`). `record_from_review` reads
them into a record of the training sets' format, so `notewell train roles --from-reviews` learns
from the clinic's own corrections:

- a reviewed line found once in the jotting is a gold phrase of its section: an item kept, an item
  moved to another box, or the jotting's words typed in;
- a pipeline item the reviewer dropped is nothing to file, unless its section holds a line in the
  reviewer's own words (found nowhere in the jotting), which may be that item rewritten: then its
  place is `unsure` and training leaves its segment out. So is a line the jotting holds twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..evaluate import derive_missing
from ..vocab import SECTIONS

Range = tuple[int, int]


def _overlaps(a: Range, ranges: list[Range]) -> bool:
    return any(a[0] < y and x < a[1] for x, y in ranges)


def record_from_review(
    text: str,
    structured: Mapping[str, Any],
    fields: Mapping[str, Any],
    *,
    record_id: str,
    reference_date: str,
) -> dict[str, Any] | None:
    """One training record from a reviewed note, or None when no line can be placed.

    Args:
        text: the jotting the note was structured from.
        structured: the pipeline's output for `text` (note-schema.json).
        fields: the reviewer's template: `date`, `duration_minutes` and `sections` (lines).
        record_id: the record's id (no names: a number is enough).
        reference_date: the session date or the signing date, YYYY-MM-DD.
    Returns:
        A record with `gold` as in the annotated sets and `unsure` ([start, end] ranges that
        training skips).
    """
    gold: dict[str, list[str]] = {s: [] for s in SECTIONS}
    placed: list[Range] = []
    unsure: list[Range] = []
    rewritten: set[str] = set()
    lines = fields.get("sections", {})
    for section in SECTIONS:
        for raw in lines.get(section, []):
            line = raw.strip() if isinstance(raw, str) else ""
            if not line:
                continue
            found = text.count(line)
            if found == 0:
                rewritten.add(section)
            elif found > 1:
                at = -1
                while (at := text.find(line, at + 1)) >= 0:
                    unsure.append((at, at + len(line)))
            elif line not in gold[section]:
                gold[section].append(line)
                at = text.index(line)
                placed.append((at, at + len(line)))
    for section in rewritten:
        for item in structured.get("sections", {}).get(section, []):
            span = (item.get("start", 0), item.get("end", 0))
            if text[span[0] : span[1]] == item.get("text") and not _overlaps(span, placed):
                unsure.append(span)
    if not placed:
        return None
    date = fields.get("date") or None
    duration = fields.get("duration_minutes")
    gold_record: dict[str, Any] = {
        "date": date,
        "duration_minutes": duration if isinstance(duration, int) else None,
        **gold,
        "flags": [],
        "must_not_flag": [],
    }
    gold_record["missing"] = derive_missing(date, gold_record["duration_minutes"], gold)
    return {
        "id": record_id,
        "style": "reviewed",
        "modality": "",
        "setting": "",
        "tricky": [],
        "reference_date": reference_date,
        "text": text,
        "gold": gold_record,
        "unsure": [list(r) for r in sorted(set(unsure))],
    }
