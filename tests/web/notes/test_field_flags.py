"""Field flags without Flask (field_flags.py): keys per occurrence, rewrites, undo, focus."""

from __future__ import annotations

import re

from assistant import SECTIONS
from web.notes import field_flags

ORDER = ("risk", *(s for s in SECTIONS if s != "risk"))


def _check(text: str) -> list[dict]:
    return [
        {
            "kind": "jargon",
            "text": "pt",
            "start": m.start(),
            "end": m.end(),
            "reason": "r",
            "suggestion": "client",
            "drop_in": True,
        }
        for m in re.finditer(r"\bpt\b", text)
    ]


def _fields(**sections: list[str]) -> dict:
    return {
        "date": "",
        "duration_minutes": None,
        "sections": {s: sections.get(s, []) for s in SECTIONS},
    }


def test_field_flags_keys_name_each_occurrence_per_field():
    fields = _fields(topics=["pt late", "pt tired"], plan=["see pt"])
    flags = field_flags.open_flags(fields, _check, set(), ORDER)
    assert [f["key"] for f in flags] == [
        "topics:jargon:0:pt",
        "topics:jargon:1:pt",
        "plan:jargon:0:pt",
    ]
    assert [f["anchor"] for f in flags] == ["flag-topics-0", "flag-topics-1", "flag-plan-0"]
    assert [f["same"] for f in flags] == [3, 3, 3]
    assert field_flags.parse_key("topics:jargon:1:pt") == ("topics", "jargon", 1, "pt")
    assert field_flags.parse_key("jargon:0:pt") is None  # a jotting-era key


def test_field_flags_dismissed_occurrence_stays_hidden():
    fields = _fields(topics=["pt late, pt tired"])
    flags = field_flags.open_flags(fields, _check, {"topics:jargon:0:pt"}, ORDER)
    assert [(f["key"], f["start"]) for f in flags] == [("topics:jargon:1:pt", 9)]
    assert flags[0]["same"] == 1


def test_field_flags_rewrites_only_the_flags_given_and_says_where_they_went():
    fields = _fields(topics=["pt late, pt tired", "pt quiet"])
    flags = field_flags.open_flags(fields, _check, set(), ORDER)
    one, placed = field_flags.apply_rewrites(fields, [flags[1]])
    assert one["sections"]["topics"] == ["pt late, client tired", "pt quiet"]
    assert [n for _, n in placed] == [9]
    every, placed = field_flags.apply_rewrites(fields, flags)
    assert every["sections"]["topics"] == ["client late, client tired", "client quiet"]
    assert [n for _, n in placed] == [0, 13, 26]  # where each rewrite starts in the new text
    assert fields["sections"]["topics"] == ["pt late, pt tired", "pt quiet"]  # not mutated


def test_field_flags_anchor_holds_while_the_text_up_to_the_words_is_unchanged():
    text = "pt late, client tired"
    mark = field_flags.anchor(text, 9, "client")
    assert field_flags.anchored(text, mark, "client") == 9
    assert field_flags.anchored(text + " and more", mark, "client") == 9  # edits after: fine
    # The same words typed earlier: counting would find them; the anchor refuses.
    assert field_flags.anchored("client: pt late, client tired", mark, "client") is None
    assert field_flags.anchored("xx late, client tired", mark, "client") is None
    assert field_flags.anchored("pt late, clients tired", mark, "clients") is None
    assert field_flags.anchored(text, "nine:abc", "client") is None
    assert field_flags.moved(9, [(0, 2, 6), (20, 2, 6)]) == 13


def test_field_flags_replace_at_changes_only_that_place():
    fields = _fields(topics=["client late, client tired"])
    back = field_flags.replace_at(fields, "topics", 13, "client", "pt")
    assert back["sections"]["topics"] == ["client late, pt tired"]


def test_field_flags_focus_goes_to_the_next_flag_in_page_order():
    fields = _fields(risk=["pt ok"], topics=["x pt"], plan=["pt"])
    flags = field_flags.open_flags(fields, _check, set(), ORDER)
    assert field_flags.next_anchor(flags, "topics", 0, ORDER) == "flag-topics-0"
    assert field_flags.next_anchor(flags, "topics", 3, ORDER) == "flag-plan-0"
    assert field_flags.next_anchor(flags, "plan", 5, ORDER) == "flag-risk-0"  # wraps around
    assert field_flags.next_anchor([], "plan", 0, ORDER) == "field-plan"
