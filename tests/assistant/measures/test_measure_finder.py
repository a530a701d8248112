"""The measure finder: the scores and ratings a jotting states, typed, range-checked, pointed."""

from __future__ import annotations

import jsonschema
import pytest

# (jotting, the measures expected as (name, value, scale, text)), in text order.
PHRASINGS = [
    ("PHQ-9 = 14. Discussed sleep.", [("PHQ-9", 14, 27, "PHQ-9 = 14")]),
    ("Reviewed scores. PHQ9: 14/27.", [("PHQ-9", 14, 27, "PHQ9: 14/27")]),
    ("phq 9 total score of 9 today", [("PHQ-9", 9, 27, "phq 9 total score of 9")]),
    ("Client scored 11 on the PHQ-9 this week.", [("PHQ-9", 11, 27, "11 on the PHQ-9")]),
    ("PHQ-9 20 -> 16 since intake.", [("PHQ-9", 16, 27, "PHQ-9 20 -> 16")]),
    ("PHQ-9 of 12, down from 19.", [("PHQ-9", 12, 27, "PHQ-9 of 12")]),
    ("GAD 7 score 12, moderate.", [("GAD-7", 12, 21, "GAD 7 score 12")]),
    ("GAD7=8/21 and worry log reviewed", [("GAD-7", 8, 21, "GAD7=8/21")]),
    ("Completed the PCL-5: 44.", [("PCL-5", 44, 80, "PCL-5: 44")]),
    (
        "AUDIT 11 at screening; AUDIT-C 6.",
        [("AUDIT", 11, 40, "AUDIT 11"), ("AUDIT-C", 6, 12, "AUDIT-C 6")],
    ),
    ("C-SSRS screen negative.", [("C-SSRS", 0, 1, "C-SSRS screen negative")]),
    ("CSSRS: positive, safety plan made", [("C-SSRS", 1, 1, "CSSRS: positive")]),
    ("Screened negative on the C-SSRS.", [("C-SSRS", 0, 1, "negative on the C-SSRS")]),
    ("SUDS 70 -> 40 over the exposure.", [("SUDS", 70, 100, "SUDS 70"), ("SUDS", 40, 100, "40")]),
    (
        "SUDs peaked at 85 then 30",
        [("SUDS", 85, 100, "SUDs peaked at 85"), ("SUDS", 30, 100, "30")],
    ),
    ("SUDS 6/10 at the top of the ladder", [("SUDS", 6, 10, "SUDS 6/10")]),
    ("anxiety 6/10 before the role play", [("anxiety", 6, 10, "anxiety 6/10")]),
    ("Mood 4 out of 10, flat.", [("mood", 4, 10, "Mood 4 out of 10")]),
    ("cravings 7/10 most days", [("cravings", 7, 10, "cravings 7/10")]),
    ("Sleep quality 3/10 this week.", [("sleep quality", 3, 10, "Sleep quality 3/10")]),
    (
        "Rated 5/10 for anxiety, mood: 6.5/10",
        [("anxiety", 5, 10, "5/10 for anxiety"), ("mood", 6.5, 10, "mood: 6.5/10")],
    ),
    (
        "Anxiety 8/10 -> 3/10 after paced breathing.",
        [("anxiety", 8, 10, "Anxiety 8/10"), ("anxiety", 3, 10, "3/10")],
    ),
    (
        "PHQ-9 17, item 9 = 1.",
        [("PHQ-9", 17, 27, "PHQ-9 17"), ("PHQ-9 item 9", 1, 3, "item 9 = 1")],
    ),
    ("PHQ-9 item 9: 0.", [("PHQ-9 item 9", 0, 3, "item 9: 0")]),
    ("PHQ-9 (question 9) = 2", [("PHQ-9 item 9", 2, 3, "question 9) = 2")]),
    ("PHQ-9 done, Q9 scored 1 (several days).", [("PHQ-9 item 9", 1, 3, "Q9 scored 1")]),
]


@pytest.mark.parametrize(("text", "expected"), PHRASINGS)
def test_measure_finder_reads_each_phrasing(engine, reference_date, text, expected):
    note = engine.structure(text, reference_date=reference_date)
    assert [(m.name, m.value, m.scale, m.text) for m in note.measures] == expected


@pytest.mark.parametrize(
    "text",
    [
        "PHQ-9 = 30.",  # above 27
        "GAD-7 score 22",  # above 21
        "PCL-5 81",
        "AUDIT 41",
        "SUDS 120 at the start",
        "anxiety 11/10, off the charts",
        "PHQ-9 item 9 = 4",  # an item scores 0-3
        "PHQ-9 14/21",  # not the PHQ-9's scale
        "PHQ-9 13.5",  # a questionnaire total is a whole number
    ],
)
def test_measure_finder_out_of_range_is_not_a_measure(engine, reference_date, text):
    assert engine.structure(text, reference_date=reference_date).measures == []


@pytest.mark.parametrize(
    "text",
    [
        "Will repeat the PHQ-9 in 2 weeks.",
        "PHQ-9 due 12/5",
        "Mood 4 most of the week.",  # a rating needs its scale
        "mood low 4/10 days",  # a count of days
        "anxiety 6-7/10",  # a range
        "Filled in the audit of the sleep log: 5 entries",
        "Item 9 = 1 on the worksheet.",  # no PHQ-9 in the sentence
        "PHQ-9 14 last week.",  # an earlier reading
        "SUD 6 yrs, in recovery",  # substance use disorder, not SUDS
        "GAD 7 years ago",
        "C-SSRS not done today.",
    ],
)
def test_measure_finder_reads_no_score_where_there_is_none(engine, reference_date, text):
    assert engine.structure(text, reference_date=reference_date).measures == []


def test_measure_finder_to_dict_validates_and_points_into_input(
    engine, note_schema, reference_date
):
    text = (
        "11/20 50 min. PHQ-9 = 14 (item 9: 1), GAD-7 12. SUDS 70->40 during exposure.\n"
        "Anxiety 6/10, cravings 7/10 most days. C-SSRS negative. Denies SI."
    )
    note = engine.structure(text, reference_date=reference_date).to_dict()
    jsonschema.validate(note, note_schema)
    assert [m["name"] for m in note["measures"]] == [
        "PHQ-9",
        "PHQ-9 item 9",
        "GAD-7",
        "SUDS",
        "SUDS",
        "anxiety",
        "cravings",
        "C-SSRS",
    ]
    for m in note["measures"]:
        assert text[m["start"] : m["end"]] == m["text"]
        assert set(m) == {"name", "value", "scale", "text", "start", "end"}
    assert [type(m["value"]) for m in note["measures"]] == [int] * 8  # 14, not 14.0
    assert note["session"]["date"] == "2026-11-20"  # the scores are no dates


def test_measure_finder_tokens_glued_together_still_give_exact_words(engine, reference_date):
    """spaCy keeps "70->40" as one token; each measure still holds exactly its own words."""
    note = engine.structure("SUDS 70->40", reference_date=reference_date)
    assert [(m.value, m.text, m.start, m.end) for m in note.measures] == [
        (70, "SUDS 70", 0, 7),
        (40, "40", 9, 11),
    ]


def test_measure_finder_note_reads_back_from_its_dict(engine, reference_date):
    from assistant.note import StructuredNote

    text = "PHQ-9 = 14. Mood 6.5/10."
    note = engine.structure(text, reference_date=reference_date)
    again = StructuredNote.from_dict(note.to_dict(), text=text)
    assert again.measures == note.measures
    assert [m.value for m in again.measures] == [14, 6.5]


def test_measure_finder_runs_before_the_session_finder_that_reads_it(engine):
    from assistant.measures.measure_finder import NAME
    from assistant.session.session_finder import NAME as SESSION

    attrs = engine.nlp.analyze_pipes()["attrs"]["span._.measure"]
    assert attrs["assigns"] == [NAME] and attrs["requires"] == [SESSION]
    names = engine.nlp.pipe_names
    assert names.index(NAME) < names.index(SESSION)
