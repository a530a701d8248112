"""The ConText-style assertion of a risk statement: denied, historical, safety action, present."""

from __future__ import annotations

import pytest

from assistant.resources import data_dir
from assistant.risk.assertion import AssertionRules

RULES = AssertionRules().load(data_dir())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("denies SI/HI", "denied"),
        ("SI: none", "denied"),
        ("HI - denied", "denied"),
        ("no thoughts of harming others", "denied"),
        ("no longer having thoughts of dying", "denied"),
        ("the urges to cut have stopped", "denied"),
        ("PHQ-9 item 9: 0", "denied"),
        ("passive SI, no plan or intent", "present"),
        ("denies SI but endorses passive thoughts of death", "present"),
        ("initially denied SI; later disclosed a plan to overdose", "present"),
        ("PHQ-9 item 9 = 2", "present"),
        ("goes to bed hoping she won't wake up", "present"),
        ("doesn't see the point of going on", "present"),
        ("cut last night, hx of cutting", "present"),
        ("hx of cutting", "historical"),
        ("She has not acted on it and says she doesn't want to", "denied"),
        ("I'm not going to do it again, I'm tired.", "denied"),
        ("I'm not going to make it through another week", "present"),
        ("All cords and drawstrings removed from her room", "safety_action"),
        ("Called mobile crisis with him on video", "safety_action"),
        ("the nurse line wants her seen today for labs", "safety_action"),
        ("threat assessment per district protocol", "safety_action"),
        ("Has not acted on it but says it is getting louder", "present"),
        ("Mother informed of the threat by phone", "safety_action"),
        ("Paperclips from her pencil case handed to me", "safety_action"),
        ("the voice tells him to get rid of her", "present"),
        ("says her uncle locks her in the shed when she is bad", "present"),
        ("two rifles in the house, not locked", "present"),
        ("attempt at 19 by overdose", "historical"),
        ("Safety plan reviewed", "safety_action"),
        ("agreed to give the pills to her sister tonight", "safety_action"),
        ("CPS report filed", "safety_action"),
        ("will call 988 if urges return", "safety_action"),
        ("wife has moved all meds to a lockbox", "safety_action"),
        ("son will hold the pills and give her a week's supply at a time", "safety_action"),
        ("answered no to the safety questions", "denied"),
        ("asked about thoughts of dying, she said no", "denied"),
        ("says she feels safe at home", "denied"),
        ("none since 19", "denied"),
        ("no intent, no specific plan", "denied"),
        ("sometimes wishes he could just not wake up, no plan, no intent", "present"),
        ("gave him the pills back", "present"),
        # a wish that reads like a denial is passive ideation (pseudo-negation)
        ("hopes to not wake up tomorrow", "present"),
        ("says she doesn't want to be alive anymore", "present"),
        ("wouldn't care if he died in his sleep", "present"),
        ("hadn't had thoughts of not wanting to be alive", "denied"),
        ("I don't want to die, I want it to stop", "denied"),
        # words a negation reaches are part of the denial, not a report beside it
        ("has not bought anything and has no intent to use the pills", "denied"),
        ("no method or timeline", "denied"),
        ("no set date in mind", "denied"),
        ("wishes she could disappear, no plan", "present"),
        # a concept that names the safety action's kind is not reported risk
        ("gave her the DV hotline number", "safety_action"),
        ("reviewed his SI safety plan", "safety_action"),
        ("endorses SI safety plan reviewed", "present"),
        ("written crisis/coping plan", "safety_action"),
    ],
)
def test_assertion_of_statements(text, expected):
    assert RULES.assert_statement(text) == expected


@pytest.mark.parametrize(
    ("before", "text", "expected"),
    [
        ("denies SI, HI, or ", "any urges to hurt himself", "denied"),
        ("no plan and ", "no access to the guns", "denied"),
        ("No HI, ", "SI w/ plan to overdose", "present"),  # no joiner: a new statement
        ("denies SI; ", "urges to cut most nights", "present"),
        ("", "any urges to hurt himself", "present"),
    ],
)
def test_assertion_reads_the_denial_a_list_item_continues(before, text, expected):
    assert RULES.assert_statement(text, before=before) == expected


def test_assertion_model_reading_decides_only_where_no_trigger_does():
    model = {"present": 0.1, "denied": 0.1, "historical": 0.7, "safety_action": 0.1}
    # no trigger in "giving away her books": the classifier's confident reading stands
    assert RULES.assert_statement("has been giving away her books", model) == "historical"
    # a trigger decides over the model
    assert RULES.assert_statement("denies SI", model) == "denied"
    # an unsure model leaves the default: a risk statement reports risk
    unsure = {"present": 0.3, "denied": 0.3, "historical": 0.2, "safety_action": 0.2}
    assert RULES.assert_statement("has been giving away her books", unsure) == "present"


@pytest.mark.parametrize(
    ("text", "idiom_only"),
    [
        ("the drive home is killing me", True),
        ("she's dying to see the new exhibit", True),
        ("trying to cut back on energy drinks", True),
        ("dead tired after double shifts", True),
        ("thinks about dying to be with her late husband", False),
        ("cut back on drinking after cutting her arm", False),
        ("he's killing me slowly, she said", False),
    ],
)
def test_assertion_idioms_made_of_risk_words(text, idiom_only):
    assert RULES.is_idiom_only(text) is idiom_only


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("Asked directly about SI", True),
        ("Screened for HI today", True),
        ("I asked whether she still has the pills", True),
        ("asked about SI, she said no", False),
        ("Asked about urges: 6/10", False),
        ("asked him if he had thought of ending it and he nodded", False),
        ("Asked her sister to hold the pills this week", False),  # a request, not a question
    ],
)
def test_assertion_a_question_without_its_answer(text, bare):
    assert RULES.is_bare_question(text) is bare


@pytest.mark.parametrize(
    ("text", "someone_else"),
    [
        ("her brother attempted last year", True),
        ("a coworker overdosed in March", True),
        ("she attempted last year after her brother died", False),
        ("reports SI with a plan", False),
    ],
)
def test_assertion_someone_elses_risk(text, someone_else):
    assert RULES.is_someone_else(text) is someone_else


@pytest.mark.parametrize(
    ("statement", "piece", "describes"),
    [
        ("NSSI, recent", "used for emotion regulation", True),
        ("passive SI", "worse at night", True),
        ("an attempt in her twenties", "after a breakup", True),
        ("cut her arms in high school", "none since 19", False),  # today's status
        ("had thoughts of ending it", "with a plan to use his pills", True),
        ("denies SI", "appetite good", False),  # a finding of its own after a denial
        ("passive SI", "no plan or intent", True),
        ("passive SI", "no HI", False),  # denies a concept of its own
        ("given threat", "notified ex-wife via the victim advocate per protocol", False),
    ],
)
def test_assertion_a_list_item_that_describes_the_risk_before_it(statement, piece, describes):
    assert RULES.describes(statement, piece) is describes


def test_assertion_unknown_trigger_kind_is_refused(tmp_path):
    import json

    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "risk_context.json").write_text(
        json.dumps(
            {
                "description": "d",
                "fields": {"id": "string", "label": "string", "pattern": "string"},
                "entries": [{"id": "x", "label": "sometimes", "pattern": "x"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown trigger kind 'sometimes'"):
        AssertionRules().load(tmp_path)
