"""What polished notes use: mental-status shorthand, diagnosis codes, credentials, modality terms
and a motive or meaning stated as a conclusion; each flagged with its rewrite, and the plain uses
of the same words left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluate import Span, gold_span, load_records, match, overlap


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


# --- diagnosis codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "rewrite"),
    [
        (
            "Continues to meet criteria for F43.10.",
            "F43.10",
            "post-traumatic stress disorder (F43.10)",
        ),
        # the tokenizer keeps the full stop on a code ending in a capital: the rewrite keeps it too
        ("Symptoms of F32.A.", "F32.A.", "depression, unspecified (F32.A)."),
        ("F32.A and Z63.0 targeted.", "F32.A", "depression, unspecified (F32.A)"),
        (
            "Focus on Z63.0 this month.",
            "Z63.0",
            "relationship distress with spouse or partner (Z63.0)",
        ),
        ("Dx: F90.2", "F90.2", "attention-deficit hyperactivity disorder, combined type (F90.2)"),
        ("Working diagnosis F10.20.", "F10.20", "moderate or severe alcohol use disorder (F10.20)"),
    ],
)
def test_coverage_a_known_code_drops_in_the_diagnosis_in_words(engine, text, code, rewrite):
    assert rewrite_of(engine, text, code) == (rewrite, True)


def test_coverage_an_unknown_code_gets_guidance_not_a_guess(engine):
    suggestion, drop_in = rewrite_of(engine, "Rule out F60.3.", "F60.3")
    assert drop_in is False and "in words" in suggestion


def test_coverage_an_accepted_code_rewrite_is_not_flagged_again(engine):
    text = "Continues to meet criteria for F43.10."
    rewrite, _ = rewrite_of(engine, text, "F43.10")
    assert found(engine, text.replace("F43.10", rewrite)) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Diagnosis: F41.1 Generalized anxiety disorder.",
        "Session held in room F12.",
        "Takes vitamin B12 daily.",
        "Billed as 90837 for a 55-minute session.",
        "Version 2.1 of the worksheet.",
    ],
)
def test_coverage_code_shaped_words_that_are_explained_or_not_codes_are_not_flagged(engine, text):
    assert found(engine, text) == {}


# --- credentials --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "credential", "rewrite"),
    [
        ("Client was referred to an LCSW.", "LCSW", "licensed clinical social worker"),
        ("Coordinated care with her LPC.", "LPC", "licensed professional counselor"),
        ("Consulted the BCBA about the plan.", "BCBA", "board certified behavior analyst"),
        ("The PMHNP increased the dose.", "PMHNP", "psychiatric mental health nurse practitioner"),
        ("Contacted LADC re: lapse.", "LADC", "licensed alcohol and drug counselor"),
        (
            "Supervised weekly by an LPC-S here.",
            "LPC-S",
            "licensed professional counselor supervisor",
        ),
    ],
)
def test_coverage_a_credential_used_as_a_word_is_written_out(engine, text, credential, rewrite):
    assert rewrite_of(engine, text, credential) == (rewrite, True)


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez, LMFT",
        "Electronically signed by Dana Reyes, PsyD, on 12/01/2026.",
        "Jordan Kim, LCSW, LCADC",
        "Referred to Sam Ortiz LPC for couples work.",
        "Sam Ortiz, LPC-S",
    ],
)
def test_coverage_the_credentials_after_a_name_are_a_signature_not_jargon(engine, text):
    assert found(engine, text) == {}


# --- modality terms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "rewrite"),
    [
        (
            "Completed in-vivo exposure at the store.",
            "in-vivo exposure",
            "real-life exposure practice",
        ),
        (
            "Group discussed universality.",
            "universality",
            "the sense that others share the same struggles",
        ),
        ("VoC 3 at the start.", "VoC", "belief rating (how true the positive belief felt, 1-7)"),
        (
            "Validity of Cognition rose to 6.",
            "Validity of Cognition",
            "belief rating (how true the positive belief felt, 1-7)",
        ),
        (
            "Provided BLS.",
            "BLS",
            "bilateral stimulation (side-to-side eye movements, taps or tones)",
        ),
        (
            "Used wise mind to decide.",
            "wise mind",
            "wise mind (weighing feelings and facts together)",
        ),
        ("Elicited change talk.", "change talk", "statements in favor of change"),
        ("Reflected sustain talk.", "sustain talk", "statements in favor of staying the same"),
        (
            "Used OARS throughout.",
            "OARS",
            "open questions, affirmations, reflections and summaries (OARS)",
        ),
        (
            "Noted DARN-CAT language.",
            "DARN-CAT",
            "statements of desire, ability, reasons, need, commitment, activation and taking steps"
            " (DARN-CAT)",
        ),
        ("Introduced defusion.", "defusion", "stepping back from thoughts"),
        (
            "Completed values clarification.",
            "values clarification",
            "naming what matters most to the client",
        ),
    ],
)
def test_coverage_modality_terms_drop_in_their_plain_words(engine, text, words, rewrite):
    assert rewrite_of(engine, text, words) == (rewrite, True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Used wise mind to decide.", "wise mind"),
        ("Used OARS throughout.", "OARS"),
        ("Reviewed the TIPP skill.", "TIPP"),
    ],
)
def test_coverage_an_accepted_modality_rewrite_is_not_flagged_again(engine, text, words):
    rewrite, _ = rewrite_of(engine, text, words)
    assert words not in found(engine, text.replace(words, rewrite, 1))


@pytest.mark.parametrize(
    "text",
    [
        "Practiced cognitive restructuring of the thought that she will be fired.",
        "Client wrote down three things she values about her friendships.",
        "Client rated distress at 40 out of 100.",
    ],
)
def test_coverage_plain_therapy_words_are_not_flagged(engine, text):
    assert found(engine, text) == {}


# --- a motive or meaning stated as a conclusion ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Was throwing erasers because he felt nervous about the test.", "because he felt nervous"),
        ("Partial homework completion reflects avoidance.", "reflects avoidance"),
        (
            "Late arrival was likely reflective of his reluctance to talk.",
            "likely reflective of his reluctance",
        ),
        ("Changed the subject, which is indicative of resistance.", "indicative of resistance"),
        ("Her clenched fists suggest underlying anger.", "suggest underlying anger"),
        ("Cancelled twice due to her fear of abandonment.", "due to her fear"),
        ("Avoided eye contact, likely due to shame.", "likely due to shame"),
        ("His jokes serve to deflect from painful material.", "serve to deflect"),
        ("Left the group out of jealousy toward a peer.", "out of jealousy"),
        ("Cried in an attempt to gain sympathy.", "attempt to gain sympathy"),
    ],
)
def test_coverage_a_stated_motive_is_interpretive_with_guidance(engine, text, words):
    flags = [f for f in engine.flags(text) if f.kind == "interpretive"]
    assert [f.text for f in flags if words in f.text], [f.text for f in flags]
    flag = next(f for f in flags if words in f.text)
    assert flag.rule_id in {"meaning_as_conclusion", "meaning_verbs"} and not flag.drop_in
    assert "said" in flag.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "She said she skipped the homework because she was tired.",
        "Client arrived late because of traffic.",
        "He reported that he threw the erasers because he felt nervous.",
        "Client explained that she yelled at her son because she felt overwhelmed.",
        'Client stated, "I didn\'t open it because I was scared of what it said."',
        "The session ended early due to a fire drill.",
        "Client missed school due to illness.",
        "Client reported feeling anxious due to an upcoming court date.",
        "Repeat screening results reflect a decrease in symptoms since intake.",
        "He left the group early because his ride arrived.",
        "Client said the missed sessions reflect her fear of being judged.",
        "Client set a walking goal because his doctor recommended it.",
        "Elevated scores suggest moderate depressive symptoms.",
        "Topic: early warning signs of anger.",
        # the therapist's reflection is an intervention, not a reading of the client
        "I reflected the anger back and stayed with it.",
        "Reflected ambivalence about attending; elicited change talk.",
        "She suggested anger management classes for her son.",
        "Intent 3 of 10 because he wants to see his little sister.",
    ],
)
def test_coverage_a_reason_the_client_gave_or_a_concrete_cause_is_not_interpretive(engine, text):
    assert [f.text for f in engine.flags(text) if f.kind == "interpretive"] == []


# --- the development set ------------------------------------------------------------------

DEV_SET = Path(__file__).resolve().parents[3] / "corpora" / "flags" / "dev.jsonl"


def test_coverage_development_set_recall_precision_and_no_false_flags(engine):
    """bench/flags.py prints the same figures beside a baseline; this keeps them from slipping."""
    matched = predicted = gold_n = 0
    false_flags = []
    for rec in load_records(DEV_SET):
        text, gold = rec["text"], rec["gold"]
        golds = [gold_span(text, f["phrase"], f["kind"]) for f in gold["flags"]]
        preds = [Span(f.start, f.end, f.text, f.kind) for f in engine.flags(text)]
        matched += len(match(golds, preds, same_kind=True))
        predicted, gold_n = predicted + len(preds), gold_n + len(golds)
        for phrase in gold["must_not_flag"]:
            if any(overlap(gold_span(text, phrase), p) for p in preds):
                false_flags.append((rec["id"], phrase))
    assert matched / gold_n >= 0.95 and matched / predicted >= 0.95
    assert false_flags == []
