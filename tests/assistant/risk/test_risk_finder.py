"""The risk check in the pipeline: risk filed whatever its section, with its assertion."""

from __future__ import annotations

import datetime as dt

import pytest

REF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def learned():
    """The engine with the learned role and risk heads (required: no silent fallback)."""
    import assistant

    return assistant.load(classifier=True)


def risk_of(engine, text: str) -> dict[str, str]:
    note = engine.structure(text, reference_date=REF)
    for item in note.sections["risk"]:
        assert text[item.start : item.end] == item.text
    return {i.text: i.assertion for i in note.sections["risk"]}


def test_risk_items_carry_an_assertion_in_the_schema(engine, note_schema):
    import jsonschema

    text = "denies SI/HI. Reviewed safety plan with her; crisis line given."
    data = engine.structure(text, reference_date=REF).to_dict()
    jsonschema.validate(data, note_schema)
    assertions = {i["text"]: i.get("assertion") for i in data["sections"]["risk"]}
    assert assertions.get("denies SI/HI") == "denied"
    assert "safety_action" in assertions.values()


def test_risk_a_quoted_risk_statement_stays_a_quote_and_is_also_risk(learned):
    text = 'Work stress. Client said "honestly I just want to go to sleep and not wake up".'
    note = learned.structure(text, reference_date=REF)
    quote = "honestly I just want to go to sleep and not wake up"
    assert quote in [q.text for q in note.sections["quotes"]]
    assert any(quote in i.text for i in note.sections["risk"])
    assert "risk" not in note.missing


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        (
            'Risk: when I asked directly, he said he has thought about "just not being around '
            'anymore" but would not say how.',
            'he has thought about "just not being around anymore"',
        ),
        ("Pt endorses active SI w/ plan to hang herself in the garage tonight.", "w/ plan to hang"),
    ],
)
def test_risk_a_statement_is_one_item_not_fragments(learned, text, statement):
    items = risk_of(learned, text)
    assert any(statement in t for t in items), items


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            'Grief session. When I asked how he sees the future he said, "I honestly hope I '
            "just don't wake up one of these days.\"",
            "I honestly hope I just don't wake up one of these days.",
        ),
    ],
)
def test_risk_a_bare_lead_in_is_part_of_its_quote_never_an_item(learned, text, quote):
    items = risk_of(learned, text)
    assert any(quote in t for t in items), items
    assert "When I asked how he sees the future he said" not in items


def test_risk_a_statement_before_a_colon_keeps_its_own_assertion(learned):
    text = (
        "She has no plan and says she doesn't want to die: \"it's more like I want to "
        'stop existing for a while."'
    )
    assertions = set(risk_of(learned, text).values())
    assert {"denied", "present"} <= assertions


def test_risk_a_bare_lead_in_names_no_risk():
    from assistant.resources import data_dir
    from assistant.risk.assertion import AssertionRules

    rules = AssertionRules().load(data_dir())
    assert rules.is_bare_lead_in("When I asked how she's been feeling about life she said")
    assert not rules.is_bare_lead_in("She said she has thought about suicide, she said")
    assert not rules.is_bare_lead_in("Called the crisis line with her and she said")
    assert not rules.is_bare_lead_in("Talked about her week at work")
    assert not rules.is_bare_lead_in("no safeguarding concerns disclosed")
    # a named speaker, a pronoun after the verb, a question that introduces its answer
    assert rules.is_bare_lead_in("After the breakup Tom said he")
    assert rules.is_bare_lead_in("says she has")
    assert rules.is_bare_lead_in("When asked what had changed")
    assert not rules.is_bare_lead_in("When asked what he meant, he said the rifle")


def test_risk_items_split_by_spaces_alone_stay_apart():
    """In run-on dictation spaces are all that separate statements: they never join items."""
    import spacy

    from assistant.sections.items import join_continued

    nlp = spacy.blank("en")
    doc = nlp('took the pills away rated urge 8 "might do it" called crisis line')
    pieces = [doc.char_span(a, b) for a, b in ((0, 19), (20, 32), (34, 45), (47, 65))]
    joined = [s.text for s in join_continued(doc, pieces, lambda _: False)]
    assert joined == ["took the pills away", 'rated urge 8 "might do it"', "called crisis line"]


def test_risk_someone_elses_attempt_is_not_the_clients_risk(engine):
    found = risk_of(engine, "Talked about grief. Her brother attempted last year. HW: journal.")
    assert not any("brother" in t for t in found)


@pytest.mark.parametrize(
    "text",
    [
        "Job stress. She said the new commute is killing her. Practised box breathing.",
        "He's dying to see his daughter's recital. Reviewed values worksheet.",
    ],
)
def test_risk_idioms_of_risk_words_are_not_risk(engine, learned, text):
    for pipeline in (engine, learned):
        assert risk_of(pipeline, text) == {}


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        ("Restricting again. HR at PCP last wk 41. Reviewed meal plan.", "HR at PCP last wk 41"),
        ("Skipping insulin doses to lose weight. Explored body image.", "Skipping insulin doses"),
        ("Morning shakes, drinks at 6am to steady hands. MI re: cutting down.", "Morning shakes"),
        ("Taking his methadone with Xanax from a friend. Psychoed.", "methadone with Xanax"),
        ("Vomiting since Sunday, breath smells fruity. Explored eating.", "breath smells fruity"),
        ("His klonopin ran out five days ago. Can't sleep. MI.", "klonopin ran out"),
        ("Quit her lithium last month, feels great. Reviewed mood chart.", "Quit her lithium"),
    ],
)
def test_risk_signs_of_medical_danger_are_risk_without_the_head(engine, text, statement):
    found = risk_of(engine, text)  # the rules alone: a cue, not a learned guess
    assert any(statement in t and a == "present" for t, a in found.items()), found


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        (
            "Hearing a voice that keeps telling her to hurt her roommate. Reviewed meds.",
            "telling her to hurt her roommate",
        ),
        ("Angry at cousin. Wants to stab his cousin with a kitchen knife.", "stab his cousin"),
        (
            "Says the TV has been telling him to walk into the lake. Slept 3 h.",
            "walk into the lake",
        ),
        ("Believes God wants her to stop eating until Easter. Weighed today.", "stop eating"),
        ("Texted his ex that he is going to make her pay. Explored anger.", "make her pay"),
    ],
)
def test_risk_command_voices_and_threats_are_risk_without_the_head(engine, text, statement):
    found = risk_of(engine, text)
    assert any(statement in t and a == "present" for t, a in found.items()), found


@pytest.mark.parametrize(
    "text", ["Hit the ball with a bat at practice, proud of it.", "The voices are quieter."]
)
def test_risk_weapons_and_voices_alone_are_not_risk(engine, text):
    assert risk_of(engine, text) == {}


def test_risk_a_planned_check_in_is_a_safety_action_only_with_current_risk(engine):
    plan = "\nPlan: check-in call with her tomorrow"
    note = engine.structure("Passive SI most nights, no plan. Safety plan reviewed." + plan)
    risk = {i.text: i.assertion for i in note.sections["risk"]}
    assert risk.get("check-in call with her tomorrow") == "safety_action", risk
    assert "check-in call with her tomorrow" in [i.text for i in note.sections["plan"]]
    assert not any("call" in t for t in risk_of(engine, "Denies SI. Work stress." + plan))


def test_risk_a_question_without_its_answer_is_an_intervention_not_risk(engine):
    text = "Asked directly about SI. Reviewed sleep log. HW: walk daily."
    note = engine.structure(text, reference_date=REF)
    assert note.sections["risk"] == []
    assert "Asked directly about SI" in [i.text for i in note.sections["interventions"]]
    assert "risk" in note.missing


def test_risk_a_list_item_after_a_denial_is_denied(engine):
    found = risk_of(engine, "Screened: denies SI, HI, or any urges to hurt himself. HW: log.")
    assert found and set(found.values()) == {"denied"}


def test_risk_initial_denial_then_disclosure_gives_both(learned):
    text = "Initially denied SI. Later in session disclosed a plan to take her pills Friday."
    assertions = set(risk_of(learned, text).values())
    assert {"denied", "present"} <= assertions


def test_risk_learned_head_is_loaded_and_reported(learned):
    assert learned.engine["risk_classifier"] is True


@pytest.mark.parametrize(
    "statement",
    [
        "has been giving away her things and looked up how many pills it would take",
        "says everyone would be better off without him around",
        "keeps thinking about driving into the river on the way home",
    ],
)
def test_risk_learned_head_finds_risk_without_a_keyword(learned, engine, statement):
    text = f"50 min. Talked about the move and money worries. {statement}. HW: sleep diary."
    found = risk_of(learned, text)
    assert any(statement[:25] in t for t in found), found
    assert set(found.values()) == {"present"}


def test_risk_without_the_head_the_rules_still_assert(engine):
    assert engine.engine["risk_classifier"] is False
    found = risk_of(engine, "No SI/HI. Safety plan reviewed.")
    assert set(found.values()) == {"denied", "safety_action"}


def test_risk_context_is_the_mean_of_the_neighbours():
    import numpy as np

    from assistant.risk.risk_finder import with_context

    own = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out = with_context(own)
    assert out.shape == (3, 4)
    assert out[0, 2:].tolist() == [0.0, 1.0]  # only a next neighbour
    assert out[1, 2:].tolist() == [1.0, 0.5]
    assert with_context(own[:1])[0, 1:].tolist() == [0.0, 0.0, 0.0]  # alone: zeros


def test_risk_head_reads_back_with_its_context_setting():
    from assistant.classifier.head import RoleHead
    from assistant.resources import data_dir
    from assistant.risk.risk_finder import HEAD_DIR, LABELS

    head = RoleHead.load(data_dir() / HEAD_DIR, LABELS, "risk", "notewell train risk")
    again = RoleHead.from_dict(head.to_dict(), LABELS)
    assert again.context is True and again.labels == LABELS
    assert again.weights.shape == (len(LABELS), 2 * again.probe_embedding.shape[0] + 7)


def test_risk_encoder_reuses_the_vectors_of_the_last_note(learned, monkeypatch):
    encoder = learned.nlp.get_pipe("assistant_risk_finder").encoder
    texts = ["a first segment never seen", "a second segment never seen"]
    first = encoder.encode(texts)
    calls = []
    monkeypatch.setattr(encoder, "_encode", lambda t, b: calls.append(t))
    again = encoder.encode(texts[::-1])
    assert calls == [] and (again == first[::-1]).all()


@pytest.mark.parametrize(
    ("text", "assertion"),
    [
        ("50 min. PHQ-9 = 14, item 9 = 1. Worked on the activity schedule.", "present"),
        ("PHQ9 #9 scored 2 today.", "present"),
        ("PHQ-9 14 (item 9: 0). HW: walk daily.", "denied"),
    ],
)
def test_risk_phq9_item_9_is_a_risk_screen(engine, learned, text, assertion):
    for eng in (engine, learned):  # the head cannot veto a written screen score
        note = eng.structure(text, reference_date=REF)
        assert [i.assertion for i in note.sections["risk"]] == [assertion]
        assert "risk" not in note.missing


def test_risk_a_weak_head_finding_needs_more_in_a_note_without_strong_evidence(learned):
    from assistant.risk.risk_finder import NAME, RiskCheck

    finder = learned.nlp.get_pipe(NAME)
    weak, fair = RiskCheck(True, "model", 0.2, {}), RiskCheck(True, "model", 0.35, {})
    rule = RiskCheck(True, "rule", 0.1, {})
    assert not finder._is_strong(weak) and not finder._is_strong(fair)
    assert finder._is_strong(rule) and finder._is_strong(RiskCheck(True, "model", 0.6, {}))
    assert not finder._alone(weak).risk  # a sad quote in a calm note at P 0.2
    assert finder._alone(fair).risk and finder._alone(rule).risk
