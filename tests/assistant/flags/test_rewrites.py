"""Drop-in rewrites are words, never advice; each known term carries its own expansion."""

from __future__ import annotations

import re

import pytest

from assistant.flags.rules import FlagRule
from assistant.lexicon import load_rules

# Guidance for the writer, not words for the note: an imperative at the start of the suggestion
# or of a bracket ("(say which symptoms)"), an example ("e.g."), or "what you ...".
ADVICE = re.compile(
    r"(?:^|\(|;\s*)(?:write|say|describe|name|state|spell|record|quote|explain|give|add|"
    r"report|list)\b(?!,)|\be\.g\.|\bwhat you\b|\binstead\b",
    re.IGNORECASE,
)
RULES = [r for name in ("flags_jargon", "flags_interpretive") for r in load_rules(name, FlagRule)]


def drop_ins() -> list[tuple[str, str]]:
    out = [(r.id, r.suggestion) for r in RULES if r.drop_in and r.suggestion]
    return out + [(f"{r.id}:{t}", w) for r in RULES for t, w in r.rewrites.items()]


def test_rewrites_the_advice_test_can_fail():
    assert ADVICE.search("write the name out (e.g. intensive outpatient program)")
    assert ADVICE.search("within normal limits (say what you observed)")
    assert not ADVICE.search("the DEAR MAN skill (describe, express, assert, reinforce)")


@pytest.mark.parametrize(("where", "words"), drop_ins(), ids=lambda v: str(v)[:40])
def test_rewrites_every_drop_in_suggestion_is_words_not_advice(where, words):
    assert not ADVICE.search(words), f"{where}: {words!r} is advice; mark the rule drop_in false"


@pytest.mark.parametrize(
    ("text", "term", "rewrite"),
    [
        ("f/u with PCP next week", "PCP", "primary care provider"),
        ("UDS negative today", "UDS", "urine drug screen"),
        ("referred to IOP", "IOP", "intensive outpatient program"),
        ("hx of MDD", "MDD", "major depressive disorder"),
        ("long-standing GAD", "GAD", "generalized anxiety disorder"),
        ("passive SI this week", "passive SI", "passive suicidal ideation"),
        ("denies SI", "SI", "suicidal ideation"),
        ("MSE WNL", "WNL", "within normal limits"),
    ],
)
def test_rewrites_known_terms_drop_in_their_expansion(engine, text, term, rewrite):
    flag = next(f for f in engine.flags(text) if f.text == term)
    assert (flag.suggestion, flag.drop_in) == (rewrite, True)


def test_rewrites_an_unknown_term_of_the_rule_gets_guidance_not_a_rewrite(engine):
    flag = next(f for f in engine.flags("seen with BPD features") if f.text == "BPD")
    assert flag.drop_in is False and flag.suggestion  # borderline or bipolar: only the writer knows


def test_rewrites_for_words_that_are_not_terms_are_refused():
    entry = {"id": "x", "kind": "jargon", "terms": ["PCP"], "reason": "r", "rewrites": {"IOP": "y"}}
    with pytest.raises(ValueError, match="not its terms"):
        FlagRule.from_dict(entry)


def test_rewrites_a_term_written_out_beside_it_is_explained_a_rule_wide_word_is_not(engine):
    assert [f.text for f in engine.flags("Diagnosis: F41.1 Generalized anxiety disorder.")] == []
    # "history of" elsewhere in the text explains no "h/o": the rule's one word fits every term
    assert "h/o" in {f.text for f in engine.flags("h/o two stays; history of trauma")}
