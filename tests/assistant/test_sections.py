import datetime as dt

import pytest

REF = dt.date(2026, 11, 29)


def _section(engine, text, section):
    return [i.text for i in engine.structure(text, reference_date=REF).sections[section]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "HW: 3 thought records, 4-7-8 breathing nightly",
            ["3 thought records", "4-7-8 breathing nightly"],
        ),
        (
            "HW: delay rule + rate anxiety 0-10 before and after urges",
            ["delay rule", "rate anxiety 0-10 before and after urges"],
        ),
        ("Theo's homework is to notice one brave moment.", ["notice one brave moment"]),
        (
            "he agreed to delete one betting app before next week and think about telling his wife",
            ["delete one betting app before next week", "think about telling his wife"],
        ),
    ],
)
def test_sections_homework_items_are_split_and_trimmed(engine, text, expected):
    assert _section(engine, text, "homework") == expected


@pytest.mark.parametrize(
    "text",
    [
        "HW: completed 2 of 3 thought records",
        "filled in 4 of 7 days of the log",
        "No HW this week.",
    ],
)
def test_sections_reviewed_or_absent_homework_is_not_homework(engine, text):
    assert _section(engine, text, "homework") == []


def test_sections_reviewed_homework_is_client_response(engine):
    assert _section(engine, "HW: completed 2 of 3 thought records", "client_response") == [
        "completed 2 of 3 thought records"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pt discussed conflict w/ sister + work stress", ["conflict w/ sister", "work stress"]),
        ("Talked about: grief, money worries", ["grief", "money worries"]),
        ("Topic: early warning signs of anger.", ["early warning signs of anger"]),
        ("A: Role transition is the main focus.", ["Role transition"]),
    ],
)
def test_sections_topic_lead_ins_are_trimmed(engine, text, expected):
    assert _section(engine, text, "topics") == expected


@pytest.mark.parametrize(
    ("text", "item", "canonical"),
    [
        ("CBT: thought record intro'd", "CBT: thought record intro'd", "Thought record (CBT)"),
        ("practiced box breathing", "practiced box breathing", "Relaxation training"),
        (
            "Used motivational interviewing",
            "Used motivational interviewing",
            "Motivational interviewing (MI)",
        ),
        (
            "Did EMDR resource installation",
            "Did EMDR resource installation",
            "Eye movement desensitization and reprocessing (EMDR)",
        ),
        ("5-4-3-2-1 grounding practiced", "5-4-3-2-1 grounding practiced", "Grounding techniques"),
    ],
)
def test_sections_interventions_carry_canonical_names(engine, text, item, canonical):
    items = engine.structure(text, reference_date=REF).sections["interventions"]
    found = {i.text: i.canonical for i in items}
    assert found.get(item) == canonical


def test_sections_therapist_action_without_technique_is_an_intervention(engine):
    items = engine.structure("We looked at the pros and cons of betting.", reference_date=REF)
    assert [i.text for i in items.sections["interventions"]] == [
        "looked at the pros and cons of betting"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Next session: review HW, explore boundaries w/ sister",
            ["review HW", "explore boundaries w/ sister"],
        ),
        (
            "plan to talk about other sources of excitement next time",
            ["talk about other sources of excitement next time"],
        ),
        ("Next visit in 1 wk.", ["Next visit in 1 wk"]),
    ],
)
def test_sections_plan_items(engine, text, expected):
    assert _section(engine, text, "plan") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Denies SI/HI.", ["Denies SI/HI"]),
        ("Denies thoughts of harming self or baby.", ["Denies thoughts of harming self or baby"]),
        ("Reported self-harm urges 6/10 this week", ["Reported self-harm urges 6/10 this week"]),
    ],
)
def test_sections_risk_statements_including_denials(engine, text, expected):
    assert _section(engine, text, "risk") == expected


def test_sections_quote_words_stay_out_of_other_sections(engine):
    note = engine.structure('Pt said "I always mess everything up."', reference_date=REF)
    assert [i.text for i in note.sections["quotes"]] == ["I always mess everything up."]
    assert all(not items for s, items in note.sections.items() if s != "quotes")


def test_sections_nothing_is_filled_in_for_a_bare_jotting(engine):
    note = engine.structure("50 min", reference_date=REF)
    assert all(not items for items in note.sections.values())
    assert note.missing[0] == "date" and "risk" in note.missing


def test_sections_session_facts_are_not_items(engine):
    note = engine.structure("11/19/26 45 min play therapy, Mia (6). Sand tray.", reference_date=REF)
    texts = [i.text for items in note.sections.values() for i in items]
    assert not any("45 min" in t or "Mia (6)" == t for t in texts)
