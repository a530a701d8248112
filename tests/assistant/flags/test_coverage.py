"""What polished notes use: mental-status shorthand, diagnosis codes, credentials, modality terms
and a motive or meaning stated as a conclusion; each flagged with its rewrite, and the plain uses
of the same words left alone."""

from __future__ import annotations

import pytest


def found(engine, text: str) -> dict[str, tuple[str, str | None, bool]]:
    """Flagged words -> (rule id, suggestion, drop-in)."""
    return {f.text: (f.rule_id, f.suggestion, f.drop_in) for f in engine.flags(text)}


def rewrite_of(engine, text: str, words: str) -> tuple[str | None, bool]:
    flags = found(engine, text)
    assert words in flags, f"{words!r} not flagged in {text!r}: {sorted(flags)}"
    return flags[words][1], flags[words][2]


# --- mental-status shorthand ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "rewrite"),
    [
        (
            "Alert and oriented x4.",
            "oriented x4",
            "knew who and where they were, the date, and the situation",
        ),
        ("Client was oriented x 3.", "oriented x 3", "knew who and where they were and the date"),
        ("A&O x3 on arrival.", "A&O x3", "alert and knew who and where they were and the date"),
        (
            "AAOx4, calm.",
            "AAOx4",
            "awake, alert and knew who and where they were, the date, and the situation",
        ),
        (
            "Constricted affect throughout.",
            "Constricted affect",
            "a narrow range of emotional expression",
        ),
        (
            "Affect congruent with stated mood.",
            "Affect congruent with stated mood",
            "emotional expression that matched the mood described",
        ),
        (
            "Affect brighter than last week.",
            "Affect brighter",
            "a brighter, more cheerful expression",
        ),
        (
            "Affect was incongruent, smiling while crying.",
            "Affect was incongruent",
            "emotional expression that did not match the mood or topic",
        ),
        (
            "Thought process linear and goal-directed.",
            "Thought process linear and goal-directed",
            "thinking was easy to follow and on topic",
        ),
        ("Concrete thinking noted.", "Concrete thinking", "literal thinking"),
        ("Thought process goal-directed.", "goal-directed", "on topic"),
        ("Psychomotor agitation evident.", "Psychomotor agitation", "restless movement"),
        ("Mood euthymic.", "euthymic", "steady (neither low nor elevated)"),
        ("Tangential at times.", "Tangential", "drifting off topic"),
    ],
)
def test_coverage_mental_status_shorthand_drops_in_its_plain_words(engine, text, words, rewrite):
    assert rewrite_of(engine, text, words) == (rewrite, True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Oriented x2, unsure of the date.", "Oriented x2"),  # which two: only the writer knows
        ("Affect appropriate to content.", "Affect appropriate"),
        ("Insight and judgment fair.", "Insight and judgment fair"),
        ("Insight poor, judgment fair.", "Insight poor"),
        ("Thought content unremarkable.", "Thought content unremarkable"),
        ("Emotionally dysregulated in group.", "Emotionally dysregulated"),
    ],
)
def test_coverage_mental_status_needing_observation_gets_guidance(engine, text, words):
    suggestion, drop_in = rewrite_of(engine, text, words)
    assert suggestion and drop_in is False


@pytest.mark.parametrize(
    "text",
    [
        "Client was oriented to the group guidelines.",
        "Made concrete plans for the weekend.",
        "The story she told was linear.",
        "Increased goal-directed activity over the weekend.",
        "She showed good judgment in calling the crisis line.",
        "Gained some insight into her triggers.",
        "The week was unremarkable, she said.",
        "The news did not affect her sleep.",
    ],
)
def test_coverage_plain_uses_of_mental_status_words_are_not_flagged(engine, text):
    assert found(engine, text) == {}
