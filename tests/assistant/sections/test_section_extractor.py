import pytest


def _section(engine, text, section, reference_date):
    return [i.text for i in engine.structure(text, reference_date=reference_date).sections[section]]


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
def test_sections_homework_items_are_split_and_trimmed(engine, text, expected, reference_date):
    assert _section(engine, text, "homework", reference_date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "HW: completed 2 of 3 thought records",
        "filled in 4 of 7 days of the log",
        "No HW this week.",
    ],
)
def test_sections_reviewed_or_absent_homework_is_not_homework(engine, text, reference_date):
    assert _section(engine, text, "homework", reference_date) == []


def test_sections_reviewed_homework_is_client_response(engine, reference_date):
    assert _section(
        engine, "HW: completed 2 of 3 thought records", "client_response", reference_date
    ) == ["completed 2 of 3 thought records"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pt discussed conflict w/ sister + work stress", ["conflict w/ sister", "work stress"]),
        ("Talked about: grief, money worries", ["grief", "money worries"]),
        ("Topic: early warning signs of anger.", ["early warning signs of anger"]),
        ("A: Role transition is the main focus.", ["Role transition"]),
    ],
)
def test_sections_topic_lead_ins_are_trimmed(engine, text, expected, reference_date):
    assert _section(engine, text, "topics", reference_date) == expected


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
def test_sections_interventions_carry_canonical_names(
    engine, text, item, canonical, reference_date
):
    items = engine.structure(text, reference_date=reference_date).sections["interventions"]
    found = {i.text: i.canonical for i in items}
    assert found.get(item) == canonical


def test_sections_therapist_action_without_technique_is_an_intervention(engine, reference_date):
    items = engine.structure(
        "We looked at the pros and cons of betting.", reference_date=reference_date
    )
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
def test_sections_plan_items(engine, text, expected, reference_date):
    assert _section(engine, text, "plan", reference_date) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Denies SI/HI.", ["Denies SI/HI"]),
        ("Denies thoughts of harming self or baby.", ["Denies thoughts of harming self or baby"]),
        ("Reported self-harm urges 6/10 this week", ["Reported self-harm urges 6/10 this week"]),
        # the details of a statement stay with it, its denied details too
        (
            "A: NSSI, recent, used for emotion regulation.",
            ["NSSI, recent, used for emotion regulation"],
        ),
        (
            "Passive SI, chronic, worse at night, no plan.",
            ["Passive SI, chronic, worse at night, no plan"],
        ),
    ],
)
def test_sections_risk_statements_including_denials(engine, text, expected, reference_date):
    assert _section(engine, text, "risk", reference_date) == expected


def test_sections_quote_words_stay_out_of_other_sections(engine, reference_date):
    note = engine.structure('Pt said "I always mess everything up."', reference_date=reference_date)
    assert [i.text for i in note.sections["quotes"]] == ["I always mess everything up."]
    assert all(not items for s, items in note.sections.items() if s != "quotes")


def test_sections_nothing_is_filled_in_for_a_bare_jotting(engine, reference_date):
    note = engine.structure("50 min", reference_date=reference_date)
    assert all(not items for items in note.sections.values())
    assert note.missing[0] == "date" and "risk" in note.missing


def test_sections_session_facts_are_not_items(engine, reference_date):
    note = engine.structure(
        "11/19/26 45 min play therapy, Mia (6). Sand tray.", reference_date=reference_date
    )
    texts = [i.text for items in note.sections.values() for i in items]
    assert not any("45 min" in t or "Mia (6)" == t for t in texts)


def _all_items(engine, text, reference_date):
    note = engine.structure(text, reference_date=reference_date)
    return {s: [i.text for i in items] for s, items in note.sections.items()}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Day programme grp 10/14, 2hrs\nValues card sort in pairs.", "Day programme grp"),
        ("Kai (yr 9) - 11/03 - 40 min\nExam worry.", "Kai (yr 9)"),
        ("SOAP | 11/12/2026 | 50m video\nS: sleep worse.", "SOAP"),
        ("Outpatient review 11/4, 30 min. Sleep worse.", "Outpatient review"),
    ],
)
def test_sections_heading_labels_are_not_topics(engine, text, label, reference_date):
    items = _all_items(engine, text, reference_date)
    assert not any(label in t for texts in items.values() for t in texts)


def test_sections_heading_line_still_gives_its_content(engine, reference_date):
    items = _all_items(engine, "11/20, 50 min. work stress, conflict w/ sister", reference_date)
    assert items["topics"] == ["work stress", "conflict w/ sister"]
    items = _all_items(
        engine, "11/3 phone check-in, back at work, sleeping better.", reference_date
    )
    assert "back at work" in items["topics"]


@pytest.mark.parametrize(
    ("plan", "item"),
    [
        ("Plan: I will phone her mother tonight", "phone her mother tonight"),
        ("Plan: phone check-in tomorrow at noon", "phone check-in tomorrow at noon"),
    ],
)
def test_sections_phone_as_an_action_is_not_trimmed_as_the_session(
    engine, plan, item, reference_date
):
    items = _all_items(engine, "Work stress.\n" + plan, reference_date)
    assert item in items["plan"], items


def test_sections_a_statement_ended_before_a_quote_is_not_its_lead_in(engine, reference_date):
    note = engine.structure("Told prescriber. No intent to die; 'I just want to sleep.'")
    assert "No intent to die" in [i.text for i in note.sections["risk"]]
    # an unfinished lead-in is the quote's, not an item of its own
    note = engine.structure("The voices are 'loud at night'.", reference_date=reference_date)
    assert not any(i.text == "The voices are" for items in note.sections.values() for i in items)


def test_sections_names_alone_are_not_topics(engine, reference_date):
    items = _all_items(
        engine, "D: Nadia & Tom. Tom described the move to Leeds as rushed.", reference_date
    )
    assert "Nadia" not in items["topics"] and "Tom" not in items["topics"]


@pytest.mark.parametrize(
    ("text", "opinion"),
    [
        ("Tearful at times. Just doing it for attention.", "doing it for attention"),
        ("Talked about his job. Is in denial about the drinking.", "in denial"),
    ],
)
def test_sections_a_clause_that_is_mostly_judgment_is_flagged_not_filed(
    engine, text, opinion, reference_date
):
    note = engine.structure(text, reference_date=reference_date)
    assert any(opinion in f.text or f.text in opinion for f in note.flags)
    assert not any(opinion in i.text for items in note.sections.values() for i in items)


def test_sections_unfinished_lead_in_of_a_quote_is_dropped(engine, reference_date):
    items = _all_items(engine, 'Work stress. The boss is "always on my back".', reference_date)
    assert "The boss is" not in items["topics"]
    assert "Work stress" in items["topics"]


@pytest.mark.parametrize(
    ("text", "section", "item"),
    [
        ("Grief. Relaxation handout given.", "interventions", "Relaxation handout given"),
        ("Low mood. Crisis numbers explained.", "interventions", "Crisis numbers explained"),
        ("Worry. SUDS 80 -> 30 in exposure.", "client_response", "SUDS 80 -> 30 in exposure"),
        (
            "Panic. Reported feeling calmer after the breathing.",
            "client_response",
            "Reported feeling calmer after the breathing",
        ),
        (
            "Arrived 15 min late and yawned through check-in.",
            "client_response",
            "Arrived 15 min late and yawned through check-in",
        ),
        ("Low mood. Tablets handed to partner.", "risk", "Tablets handed to partner"),
        ("Low mood. Protective factors: her cat, her job.", "risk", "her cat"),
    ],
)
def test_sections_family_cues_file_items(engine, text, section, item, reference_date):
    assert any(item in t for t in _all_items(engine, text, reference_date)[section])


def test_sections_a_negated_passive_is_not_an_intervention(engine, reference_date):
    items = _all_items(engine, "Low mood. Homework not given this week.", reference_date)
    assert not any("not given" in t for t in items["interventions"])


@pytest.mark.parametrize(
    "text",
    [
        "A: Generalised anxiety disorder, moderate.",
        "Probable recurrent depressive episode.",
        "r/o bipolar II",
    ],
)
def test_sections_diagnostic_impressions_are_not_filed(engine, text, reference_date):
    items = _all_items(engine, "Worry about exams.\n" + text, reference_date)
    assert items["topics"] == ["Worry about exams"]
    assert not items["client_response"]


@pytest.mark.parametrize(
    ("text", "section", "item"),
    [
        ("Grief. Cried for 10 min.", "client_response", "Cried for 10 min"),
        ("Seen 11/3, 1 hr. Work stress re: new rota.", "topics", "Work stress re: new rota"),
    ],
)
def test_sections_short_clauses_with_numbers_are_not_taken_for_admin(
    engine, text, section, item, reference_date
):
    assert item in _all_items(engine, text, reference_date)[section]
