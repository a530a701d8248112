"""Section vocabulary families: techniques named in plain words, the writer's opinions, risk
phrased without acronyms. Every sentence here is invented for the test."""

import pytest


def _items(engine, text, reference_date):
    note = engine.structure(text, reference_date=reference_date)
    return {s: [i.text for i in items] for s, items in note.sections.items()}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Nail biting. Awareness training with a hand signal.", "Awareness training"),
        ("Skin picking. Competing response: squeeze a stress ball.", "Competing response"),
        ("Fatigue. Activity pacing with a daily baseline.", "Activity pacing"),
        ("Social anxiety. Behavioural experiment in the canteen.", "Behavioural experiment"),
        ("Nightmares. Imagery rehearsal of a new ending.", "Imagery rehearsal"),
    ],
)
def test_sections_plain_technique_names_are_interventions(engine, text, item, reference_date):
    assert any(item in t for t in _items(engine, text, reference_date)["interventions"])


@pytest.mark.parametrize(
    "text",
    [
        "Nail biting. Awareness of her body improved.",
        "Fatigue. She is pacing up and down at night.",
    ],
)
def test_sections_technique_words_in_other_senses_are_not_interventions(
    engine, text, reference_date
):
    assert not _items(engine, text, reference_date)["interventions"]


@pytest.mark.parametrize(
    ("text", "opinion"),
    [
        ("Exam stress. Jo is just looking for excuses in my view.", "in my view"),
        ("Exam stress. He is milking the injury tbh.", "tbh"),
        ("Exam stress. Sounds like he's making it up.", "making it up"),
        ("Exam stress. Dad is overprotective.", "overprotective"),
        ("Exam stress. Stubborn about the revision timetable.", "Stubborn"),
    ],
)
def test_sections_the_writers_opinion_is_not_filed(engine, text, opinion, reference_date):
    items = _items(engine, text, reference_date)
    assert "Exam stress" in items["topics"]
    assert not any(opinion in t for texts in items.values() for t in texts)


def test_sections_a_report_of_what_the_client_thinks_is_still_filed(engine, reference_date):
    items = _items(engine, "Exam stress. Jo thinks the teacher is unfair.", reference_date)
    assert any("teacher is unfair" in t for texts in items.values() for t in texts)


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Grief. Has thought about not being here anymore.", "not being here anymore"),
        ("Breakup. Burned herself with a lighter last week.", "Burned herself with a lighter"),
        ("Exams. Kids and her dog keep her going.", "keep her going"),
        ("Argument w/ boyfriend. Threatened to jump off the bridge.", "jump off the bridge"),
        ("Low mood. Safety assessed today.", "Safety assessed"),
        ("Low mood. Not suicidal.", "Not suicidal"),
        ("Low mood. Partner has locked away the tablets.", "locked away the tablets"),
        ("Low mood. Given crisis team number.", "crisis team number"),
    ],
)
def test_sections_risk_in_plain_words(engine, text, item, reference_date):
    assert any(item in t for t in _items(engine, text, reference_date)["risk"])


@pytest.mark.parametrize(
    "text",
    [
        "Low mood. Jumped at the chance to join the choir.",
        "Low mood. Locked herself out of the flat.",
        "Low mood. Thinking about moving house.",
    ],
)
def test_sections_everyday_words_near_risk_vocabulary_are_not_risk(engine, text, reference_date):
    assert not _items(engine, text, reference_date)["risk"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Low mood. RV 3/12.", "RV 3/12"),
        ("Low mood. Discuss at MDT on Monday.", "Discuss at MDT on Monday"),
        ("Low mood. Letter to GP re: sleep.", "Letter to GP re: sleep"),
        ("Low mood. Key worker to be informed of the change.", "to be informed of the change"),
        ("Low mood. Review in 2 weeks.", "Review in 2 weeks"),
    ],
)
def test_sections_follow_up_shorthand_is_plan(engine, text, item, reference_date):
    assert any(item in t for t in _items(engine, text, reference_date)["plan"])


@pytest.mark.parametrize(
    "text",
    [
        "Low mood. Reviewed the diary together.",
        "Low mood. Wrote a letter to her late mother.",
    ],
)
def test_sections_review_and_letters_in_session_are_not_plan(engine, text, reference_date):
    assert not _items(engine, text, reference_date)["plan"]


@pytest.mark.parametrize(
    "text",
    ["ok so this is for Dana, work stress again, um, the new rota.", "Work stress, um, the rota."],
)
def test_sections_spoken_fillers_are_not_filed(engine, text, reference_date):
    items = _items(engine, text, reference_date)
    filed = [t for texts in items.values() for t in texts]
    assert not any(t in ("um", "ok so this is for Dana") for t in filed)


@pytest.mark.parametrize(
    ("text", "section", "item"),
    [
        ("Work stress. Next week, same time.", "plan", "same time"),
        ("Debt. Benefits form completed in session.", "interventions", "Benefits form completed"),
        ("Insomnia. GP review of the dose requested.", "plan", "GP review of the dose requested"),
        ("Low mood. No OD since March.", "risk", "No OD since March"),
        ("Low mood. Says she is safe tonight.", "risk", "she is safe tonight"),
    ],
)
def test_sections_short_admin_and_safety_phrases_are_filed(
    engine, text, section, item, reference_date
):
    assert any(item in t for t in _items(engine, text, reference_date)[section])


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Work stress. Her boss never sent the rota.", "interventions"),
        ("Low mood. Odd dreams.", "risk"),
    ],
)
def test_sections_look_alike_words_are_not_filed_there(engine, text, section, reference_date):
    assert not _items(engine, text, reference_date)[section]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Tinnitus. TQ score 41 today.", "TQ score 41 today"),
        ("Low mood. HADS-D came out at 12.", "HADS-D came out at 12"),
        ("Worry. PSWQ down from 70 to 58.", "PSWQ down from 70 to 58"),
        ("Couple work. Smartly dressed, both punctual.", "Smartly dressed"),
        ("Low mood. Casually dressed, good rapport.", "Casually dressed"),
    ],
)
def test_sections_measures_and_presentation_are_client_response(engine, text, item, reference_date):
    assert any(item in t for t in _items(engine, text, reference_date)["client_response"])


@pytest.mark.parametrize("text", ["Low mood. RV 3/12.", "Low mood. CBT-E stage 2 next."])
def test_sections_acronym_with_a_number_is_not_a_measure(engine, text, reference_date):
    assert not _items(engine, text, reference_date)["client_response"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Low mood. Has tablets at home, safety-planned with her.", "Has tablets at home"),
        ("Low mood. Safety-planned re: the car keys.", "Safety-planned re: the car keys"),
    ],
)
def test_sections_means_at_home_and_safety_planning_are_risk(engine, text, item, reference_date):
    assert any(item in t for t in _items(engine, text, reference_date)["risk"])


@pytest.mark.parametrize(
    "text", ["Low mood. Had meds reviewed by the GP.", "Low mood. Has a new bag for her tablets."]
)
def test_sections_medication_without_a_store_of_means_is_not_risk(engine, text, reference_date):
    assert not _items(engine, text, reference_date)["risk"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Debt worry. Also gave her the number for a debt charity.", "gave her the number"),
        ("Panic. Then practised slow breathing with him.", "practised slow breathing"),
    ],
)
def test_sections_therapist_action_after_an_adverb_is_an_intervention(
    engine, text, item, reference_date
):
    assert any(item in t for t in _items(engine, text, reference_date)["interventions"])


def test_sections_client_action_after_an_adverb_is_not_an_intervention(engine, reference_date):
    items = _items(engine, "Debt worry. Also gave up smoking last month.", reference_date)
    assert not items["interventions"]
