from contextlib import contextmanager

import pytest
from spacy.language import Language

from assistant.roles.evidence import FEATURE_NAMES
from assistant.roles.role_tagger import NAME as ROLE_TAGGER

STRONG_RULE = Language.get_factory_meta(ROLE_TAGGER).default_config["strong_rule"]


def _decisions(engine, text):
    doc = engine.nlp(text)
    return [(s.text, s._.decision) for s in doc.spans["segments"]]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("HW: sleep diary", "homework"),
        ("Denies SI/HI", "risk"),
        ("no safety concerns", "risk"),
        ("Next session: explore boundaries", "plan"),
        ("plan to talk about other sources of excitement next time", "plan"),
        ("Practiced diaphragmatic breathing", "intervention"),
        ("We looked at the pros and cons of drinking", "intervention"),
        ("Tearful when talking about mom", "client_response"),
        ("completed 2 of 3 thought records", "client_response"),
        ("PHQ-9 = 14", "client_response"),
        ("work stress and conflict with sister", "topic"),
        ("Agreed to walk 10 minutes daily before next session", "homework"),
        ("No HW this week", "other"),
        ("11/20, 50 min", "session_admin"),
        ("School nurse to check in with her at lunch", "plan"),
        ("GP to review the sertraline dose", "plan"),
        ("I will write to the housing officer", "plan"),
        ("We'll pick this up next week", "plan"),
        ("Pt to phone the debt advice line", "homework"),
        ("She used the 5-4-3-2-1 exercise twice", "client_response"),
        ("Used box breathing x3 this week", "client_response"),
        ("Declined the group referral for now", "client_response"),
        ("Reading log not done", "client_response"),
        ("Leaflet on sleep given", "intervention"),
        ("Homework not given", "homework"),
        ("Blades handed to her mum", "risk"),
        ("Reasons to stay safe: her kids", "risk"),
        ("Anxiety 8 -> 4 by the end", "client_response"),
        ("Arrived 10 min late, smelt of smoke", "client_response"),
        ("PMHx asthma, eczema", "other"),
        ("Probable moderate depressive episode", "other"),
        ("Fights with mum about his homework most nights", "topic"),
        ("Homework stress high this term", "topic"),
        ("Contributed in homework review", "client_response"),
        ("Didn't follow through on the sleep log", "client_response"),
        ("HW: read the leaflet on panic", "homework"),
    ],
)
def test_roles_rule_decides_clear_segments(engine, text, role):
    decisions = _decisions(engine, text)
    assert decisions[0][1].role == role
    assert decisions[0][1].source in ("rule", "header")


def test_roles_writer_header_is_the_source(engine):
    ((_, decision),) = _decisions(engine, "HW: sleep diary")
    assert (decision.source, decision.confidence) == ("header", 0.95)


@pytest.mark.parametrize(
    ("text", "role"),
    [("HW: completed 2 of 3 thought records", "client_response"), ("HW: none", "other")],
)
def test_roles_homework_header_does_not_make_reviewed_or_absent_homework(engine, text, role):
    assert _decisions(engine, text)[0][1].role == role


def test_roles_risk_beats_a_header(engine):
    assert _decisions(engine, "Plan: safety plan reviewed, denies SI")[0][1].role == "risk"


def test_roles_uncertain_segment_stays_visible_with_low_confidence(engine):
    ((_, decision),) = _decisions(engine, "Baby on her lap for part of the hour")
    assert decision.role not in ("other", "session_admin")
    assert decision.confidence < 0.5


class FakeClassifier:
    """Stands in for the learned head: fixed probabilities, records each call."""

    def __init__(self, probs):
        self.probs = probs
        self.calls = []

    def predict(self, texts, features=None):
        self.calls.append(list(texts))
        self.features = features
        return [dict(self.probs) for _ in texts]


@contextmanager
def classifier_set(engine, classifier, threshold=0.5):
    tagger = engine.nlp.get_pipe(ROLE_TAGGER)
    old = (tagger.classifier, tagger.threshold)
    tagger.classifier, tagger.threshold = classifier, threshold
    try:
        yield tagger
    finally:
        tagger.classifier, tagger.threshold = old


UNCUED = "Baby on her lap for part of the hour.\nPartner back at desk since Monday."


def test_roles_classifier_is_called_once_per_doc_with_the_rules_evidence(engine):
    fake = FakeClassifier({"client_response": 0.8, "topic": 0.2})
    with classifier_set(engine, fake):
        decisions = _decisions(engine, "HW: sleep diary\n" + UNCUED)
    assert len(fake.calls) == 1
    assert len(fake.calls[0]) == 2  # the HW line was decided by its header
    assert [len(f) for f in fake.features] == [len(FEATURE_NAMES)] * 2
    assert decisions[0][1].source == "header"
    assert [d.role for _, d in decisions[1:]] == ["client_response", "client_response"]
    assert all(d.source == "model" and d.confidence == 0.8 for _, d in decisions[1:])


def test_roles_classifier_does_not_override_strong_rule_evidence(engine):
    fake = FakeClassifier({"topic": 0.99})
    text = 'HW: sleep diary\nRisk: low\nShe said "I can\'t."\nDenies SI/HI.\n11/20, 50 min'
    with classifier_set(engine, fake):
        decisions = _decisions(engine, text)
    assert [d.role for _, d in decisions] == [
        "homework",
        "risk",
        "quote",
        "risk",
        "session_admin",
    ]
    assert fake.calls == []


def test_roles_classifier_weighs_weaker_cues(engine):
    # a weak cue is evidence the model reads, not a verdict: the model's answer is the decision
    text = "Calmer by the end."
    ((_, rules_only),) = _decisions(engine, text)
    assert rules_only.role == "client_response" and rules_only.confidence < STRONG_RULE
    fake = FakeClassifier({"topic": 0.7, "client_response": 0.3})
    with classifier_set(engine, fake):
        [(_, decision)] = _decisions(engine, text)
    assert (decision.role, decision.source) == ("topic", "model")


def test_roles_unsure_classifier_never_drops_a_segment(engine, reference_date):
    fake = FakeClassifier({"other": 0.4, "topic": 0.35, "plan": 0.25})
    with classifier_set(engine, fake, threshold=0.5):
        decisions = _decisions(engine, UNCUED)
    assert all(d.role not in ("other", "session_admin") for _, d in decisions)
    assert all(d.source == "rule" and d.confidence < 0.5 for _, d in decisions)
    note = engine.structure(UNCUED, reference_date=reference_date)
    assert sum(len(v) for v in note.sections.values()) >= 2


def test_roles_confident_classifier_other_is_respected(engine):
    fake = FakeClassifier({"other": 0.9, "topic": 0.1})
    with classifier_set(engine, fake):
        decisions = _decisions(engine, UNCUED)
    assert [d.role for _, d in decisions] == ["other", "other"]


def test_roles_techniques_get_canonical_names(engine):
    doc = engine.nlp("Introduced a thought record and box breathing")
    assert {s.kb_id_ for s in doc.spans["techniques"]} == {
        "Thought record (CBT)",
        "Relaxation training",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Tearful when talking about mom.",
        "Cried when describing her running medals.",
        "She smiled telling it.",
    ],
)
def test_roles_visible_emotion_at_the_start_is_a_strong_client_response(engine, text):
    ((_, decision),) = _decisions(engine, text)
    assert decision.role == "client_response"
    assert decision.confidence >= STRONG_RULE  # decided by the rules, classifier or not
