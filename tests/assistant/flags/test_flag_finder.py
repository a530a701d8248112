"""The flag finder: flags with reasons and rewrites, and the context rules behind them."""

from __future__ import annotations

import json
import shutil

import pytest

from assistant.errors import ResourceError
from assistant.flags.flag_finder import FlagFinder
from assistant.flags.rules import FlagRule, load_flag_rules
from assistant.resources import data_dir

RULES = load_flag_rules(data_dir())
FLAG_EXAMPLES = [(r.id, s) for r in RULES for s in r.examples.get("flag", ())]
OK_EXAMPLES = [(r.id, s) for r in RULES for s in r.examples.get("ok", ())]


def flags_of(engine, text: str, reference_date) -> list:
    return engine.structure(text, reference_date=reference_date).flags


def flagged(engine, text: str, reference_date) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in flags_of(engine, text, reference_date)]


@pytest.mark.parametrize(("rule_id", "sentence"), FLAG_EXAMPLES)
def test_language_lexicon_flag_examples_are_flagged(engine, rule_id, sentence, reference_date):
    assert rule_id in {f.rule_id for f in flags_of(engine, sentence, reference_date)}


@pytest.mark.parametrize(("rule_id", "sentence"), OK_EXAMPLES)
def test_language_lexicon_ok_examples_are_not_flagged_by_their_rule(
    engine, rule_id, sentence, reference_date
):
    assert rule_id not in {f.rule_id for f in flags_of(engine, sentence, reference_date)}


def test_language_every_flag_points_into_the_text_with_reason(engine, reference_date):
    text = "11/20 50 min. Pt c/o panic w/ commute; seemed resistant. HW: diary. no SI/HI. f/u"
    flags = flags_of(engine, text, reference_date)
    assert len(flags) >= 6
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
        assert flag.kind in {"interpretive", "jargon"}
        assert flag.reason.endswith(".") and len(flag.reason.split()) >= 5


@pytest.mark.parametrize(
    ("text", "phrase", "suggestion"),
    [
        ("Met with pt today.", "pt", "client"),
        ("denies SI/HI", "SI/HI", "suicidal or homicidal ideation"),
        ("conflict w/ sister", "w/", "with"),
        ("Pt c/o headaches.", "c/o", "reported"),
    ],
)
def test_language_jargon_rewrites_are_plain_words(engine, text, phrase, suggestion, reference_date):
    flag = next(f for f in flags_of(engine, text, reference_date) if f.text == phrase)
    assert flag.kind == "jargon"
    assert flag.suggestion == suggestion


def test_language_si_hi_is_one_flag_not_two(engine, reference_date):
    assert flagged(engine, "No SI/HI today.", reference_date) == [("jargon", "SI/HI")]


# --- context: the client's own words -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'Client said "I am lazy and my boss thinks I am resistant to everything."',
        'She said "my pt told me to rest" and laughed.',
        "He said “I’m being dramatic, I know.”",
    ],
)
def test_language_never_flags_inside_client_quotes(engine, text, reference_date):
    assert flags_of(engine, text, reference_date) == []


def test_language_flags_the_same_words_outside_quotes(engine, reference_date):
    text = "Client is lazy about the diary."
    assert ("interpretive", "is lazy about the diary") in flagged(engine, text, reference_date)


# --- context: scare quotes -----------------------------------------------------------------


@pytest.mark.parametrize("text", ['Client "forgot" her homework again.', "Pt “lost” the sheet."])
def test_language_scare_quotes_are_interpretive_with_a_plain_rewrite(engine, text, reference_date):
    flags = [f for f in flags_of(engine, text, reference_date) if f.rule_id == "scare_quotes"]
    assert len(flags) == 1
    assert flags[0].kind == "interpretive"
    assert flags[0].text[0] in '"“' and flags[0].text[-1] in '"”'
    assert "without quote marks" in flags[0].suggestion


def test_language_a_word_someone_else_called_the_client_is_not_a_scare_quote(
    engine, reference_date
):
    text = 'Said her roommate calls her "attention-seeking" and that it stings.'
    assert [f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"] == []


# --- context: reported feelings and observed behaviour ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Client reported feeling anxious before work.",
        "Tearful when discussing her mother.",
        "Arrived 10 minutes late.",
        "Spoke rapidly and avoided eye contact when the toy phone rang.",
        "She reported feeling hopeless on bad pain days.",
        "Described herself as lazy and unmotivated.",
        "Says his dad calls him lazy.",
    ],
)
def test_language_reported_feelings_and_observations_are_not_flagged(engine, text, reference_date):
    assert [f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"] == []


def test_language_the_writers_own_inference_is_flagged_even_after_a_quote(engine, reference_date):
    text = 'she said "maybe I am not useless" she is being dramatic about money again'
    assert ("interpretive", "is being dramatic about money again") in flagged(
        engine, text, reference_date
    )


# --- context: interpretation backed by evidence ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Appeared anxious (fidgeting, rapid speech).",
        "Seemed irritated with me (short answers, arms crossed).",
        "Appeared anxious, fidgeting with her sleeve.",
        "Appeared sad as evidenced by crying when her dog came up.",
    ],
)
def test_language_inference_with_stated_evidence_is_not_flagged(engine, text, reference_date):
    assert flags_of(engine, text, reference_date) == []


@pytest.mark.parametrize("text", ["Appeared anxious.", "Seemed angry when we discussed the fee."])
def test_language_inference_without_evidence_is_flagged(engine, text, reference_date):
    assert [f.rule_id for f in flags_of(engine, text, reference_date)] == ["inner_state"]


# --- context: negation and assessed findings -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "No evidence of psychosis.",
        "Client was not resistant to the plan.",
        "He was not being defensive today.",
        "No longer in denial about the drinking.",
        "Diagnosis: oppositional defiant disorder.",
        "Psychiatrist notes treatment-resistant depression.",
        "She is taking a defensive driving course.",
    ],
)
def test_language_negations_and_findings_are_not_interpretive(engine, text, reference_date):
    assert [f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"] == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Client was being defensive when questioned.", "was being defensive"),
        ("Luis got defensive and raised his voice.", "got defensive"),
        ("Seemed unmotivated.", "Seemed unmotivated"),
        ("She is in denial about the crash.", "is in denial about the crash"),
        ("Client is resistant to change.", "is resistant to change"),
    ],
)
def test_language_labels_take_in_their_copula(engine, text, phrase, reference_date):
    assert ("interpretive", phrase) in flagged(engine, text, reference_date)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Client refused to do the worksheet.", True),
        ("refused the breathing exercise", True),
        ("Her mother refused to drive her to school.", False),
        ("Her boss was hostile in the meeting.", False),
        ("Client was hostile toward staff.", True),
        ("Another member was hostile toward the facilitator.", False),
        ("His wife claims he drinks every night.", False),
    ],
)
def test_language_labels_about_someone_else_are_not_the_clients(engine, text, flag, reference_date):
    assert (
        bool([f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"])
        is flag
    )


# --- case and modality acronyms --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Used ACT for the thought.", [("jargon", "ACT")]),
        ("We will act on the plan next week.", []),
        ("MI spirit throughout.", [("jargon", "MI")]),
        ("Met at the cafe, mi casa es su casa joke.", []),
        ("Pt arrived on time.", [("jargon", "Pt")]),
        ("Said hi to the group.", []),
        ("denies HI", [("jargon", "HI")]),
    ],
)
def test_language_acronym_case_decides(engine, text, expected, reference_date):
    assert flagged(engine, text, reference_date) == expected


def test_language_ambiguous_pt_caps_has_no_guessed_rewrite(engine, reference_date):
    flag = next(f for f in flags_of(engine, "PT arrived late.", reference_date) if f.text == "PT")
    assert flag.suggestion is None
    assert "physical therapy" in flag.reason


def test_language_modality_acronym_is_flagged_once(engine, reference_date):
    flags = flags_of(
        engine, "CBT intro. Reviewed CBT model. CBT worksheet for next time.", reference_date
    )
    assert [(f.text, f.start) for f in flags] == [("CBT", 0)]
    assert "cognitive behavioural therapy" in flags[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "EMDR (eye movement desensitization and reprocessing) preparation: calm place.",
        "Acceptance and commitment therapy (ACT): values card sort.",
        "DBT (dialectical behaviour therapy) skills group.",
    ],
)
def test_language_explained_modality_is_not_flagged(engine, text, reference_date):
    assert flags_of(engine, text, reference_date) == []


def test_language_longer_acronym_wins_over_the_one_inside_it(engine, reference_date):
    assert flagged(engine, "TF-CBT with a 10 year old.", reference_date) == [("jargon", "TF-CBT")]


# --- data, not code --------------------------------------------------------------------------

FIELDS = {"id": "string", "kind": "string", "terms": "strings", "reason": "string"}


def write_flag_lexicon(path, *rules: dict) -> None:
    fields = FIELDS | {"suggestion": "string?"}
    lexicon = {"description": "Test rules.", "fields": fields, "entries": list(rules)}
    path.write_text(json.dumps(lexicon), encoding="utf-8")


def test_language_new_lexicon_term_needs_no_code_change(engine, tmp_path):
    (tmp_path / "lexicons").mkdir()
    for path in (data_dir() / "lexicons").glob("*.json"):  # the context rules' word classes
        if not path.name.startswith("flags"):
            shutil.copy(path, tmp_path / "lexicons")
    rule = {"id": "zz", "kind": "jargon", "terms": ["qzx"], "reason": "Made up.", "suggestion": "p"}
    write_flag_lexicon(tmp_path / "lexicons" / "flags_extra.json", rule)
    component = FlagFinder(engine.nlp, "probe")
    component.initialize(data=str(tmp_path))
    doc = component(engine.nlp("Talked about qzx and HW."))
    assert [(s.text, s.label_) for s in doc.spans["flags"]] == [("qzx", "jargon")]
    assert doc.spans["flags"][0]._.flag.suggestion == "p"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_language_rule_round_trips_through_its_dict(rule):
    assert FlagRule.from_dict(rule.to_dict()) == rule


@pytest.mark.parametrize(
    "data",
    [
        {"id": "a", "kind": "rude", "terms": ["x"], "reason": "r"},
        {"id": "a", "kind": "jargon", "reason": "r"},
        {"id": "a", "kind": "jargon", "terms": ["x"], "regex": "x", "reason": "r"},
        {"id": "a", "kind": "jargon", "regex": "(", "reason": "r"},
    ],
)
def test_language_malformed_rule_is_refused(data):
    with pytest.raises((ValueError, KeyError)):
        FlagRule.from_dict(data)


def test_language_duplicate_rule_ids_across_lexicons_are_refused(tmp_path):
    (tmp_path / "lexicons").mkdir()
    for name in ("flags_a.json", "flags_b.json"):
        rule = {"id": "dup", "kind": "jargon", "terms": ["x"], "reason": "r"}
        write_flag_lexicon(tmp_path / "lexicons" / name, rule)
    with pytest.raises(ResourceError, match="dup"):
        load_flag_rules(tmp_path)


def test_language_a_line_typed_in_capitals_is_not_read_as_acronyms(engine, reference_date):
    text = "CLIENT WAS LATE TODAY. WE DID ACT WORK AND GIVE SKILLS.\nUsed ACT values work."
    flags = flags_of(engine, text, reference_date)
    assert [(f.text, f.start) for f in flags] == [("ACT", text.rindex("ACT"))]


def test_language_unknown_acronym_is_flagged_once_without_a_guessed_rewrite(engine, reference_date):
    flags = flags_of(engine, "Referred to the LMN team. LMN will call her.", reference_date)
    assert [(f.text, f.rule_id, f.suggestion) for f in flags] == [("LMN", "unknown_acronym", None)]


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [("Referral to CAMHS discussed.", "services"), ("Hx of MDD.", "dx_acronyms")],
)
def test_language_a_known_acronym_gets_its_own_rule_not_the_catch_all(
    engine, text, rule_id, reference_date
):
    assert rule_id in {f.rule_id for f in flags_of(engine, text, reference_date)}
    assert "unknown_acronym" not in {f.rule_id for f in flags_of(engine, text, reference_date)}


def test_language_second_modality_mention_is_not_caught_by_the_catch_all(engine, reference_date):
    flags = flags_of(engine, "ERP intro. ERP hierarchy built.", reference_date)
    assert [f.start for f in flags] == [0]


# --- context: quote marks that name a thing or repeat someone's word -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Made a 'worry monster' from clay and fed it his worries.",
        "Short talk on the 'oxygen mask' idea for carers.",
        "Answered 'dunno' to most questions.",
        "Covered 'hostile attribution' with worked examples.",
        'Built a routine: cue word "big", then two bounces.',
        "Pointed to the 'tired' and 'home' cards.",
        "Theme was 'firsts' (first Christmas without him).",
        'Mood "ok", sleeping better.',
    ],
)
def test_language_quoted_names_and_repeated_words_are_not_scare_quotes(
    engine, text, reference_date
):
    assert [f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"] == []


@pytest.mark.parametrize(
    "text",
    ["Missed two sessions because he was “sick”.", "She went out with her 'boyfriend' again."],
)
def test_language_one_doubted_word_in_quote_marks_is_still_flagged(engine, text, reference_date):
    assert "scare_quotes" in {f.rule_id for f in flags_of(engine, text, reference_date)}


def test_language_a_quoted_skill_name_is_still_jargon(engine, reference_date):
    assert ("jargon", "TIPP") in flagged(
        engine, "Practised 'TIPP' with a cold pack.", reference_date
    )


# --- context: shorthand explained where it stands ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "EPDS (Edinburgh Postnatal Depression Scale) repeated = 11.",
        "Edinburgh Postnatal Depression Scale (EPDS) repeated = 11.",
        "SUDS (0-100 distress rating) 70 -> 35.",
        "ADHD (attention deficit hyperactivity disorder) diagnosed last year; ADHD meds started.",
    ],
)
def test_language_shorthand_glossed_in_brackets_is_not_flagged(engine, text, reference_date):
    assert flags_of(engine, text, reference_date) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("HW (sleep diary) set.", "HW"), ("MSE (kempt, calm) done.", "MSE")],
)
def test_language_a_bracket_that_does_not_explain_leaves_the_flag(
    engine, text, phrase, reference_date
):
    assert ("jargon", phrase) in flagged(engine, text, reference_date)


# --- context: someone else's account, credited after the words --------------------------------


@pytest.mark.parametrize(
    "text",
    ["Was hostile on the ward last night per staff.", "Lazy at home according to his dad."],
)
def test_language_a_label_credited_to_someone_else_is_not_flagged(engine, text, reference_date):
    assert [f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"] == []


def test_language_per_week_is_not_a_credit(engine, reference_date):
    assert [
        f.rule_id
        for f in flags_of(engine, "Noncompliant with meds twice per week.", reference_date)
    ] == ["noncompliant"]


# --- context: constructions flagged whole, polarity of coordinated verbs ----------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("A: Won't admit how lonely he is.", "Won't admit how lonely he is"),
        ("He knows exactly how to push her buttons.", "knows exactly how to push her buttons"),
        ("Destiny is oppositional defiant and rude.", "is oppositional defiant"),
    ],
)
def test_language_mind_reading_is_flagged_as_one_phrase(engine, text, phrase, reference_date):
    assert ("interpretive", phrase) in flagged(engine, text, reference_date)


def test_language_negation_of_one_verb_does_not_clear_the_next(engine, reference_date):
    text = "She didn't bother to fill it in and made excuses about work."
    assert {f.rule_id for f in flags_of(engine, text, reference_date)} >= {
        "could_not_be_bothered",
        "motive",
    }


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Was guarded with the group all session.", True),
        ("Seemed guarded with me (arms folded, one-word answers).", False),
    ],
)
def test_language_company_is_not_evidence_but_observations_are(engine, text, flag, reference_date):
    assert (
        bool([f for f in flags_of(engine, text, reference_date) if f.kind == "interpretive"])
        is flag
    )


# --- capitals: acronym or ordinary word --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Completed the ABC worksheet.", [("jargon", "ABC")]),
        ("Things went BAD after that.", []),
        ("Reviewed HALT triggers.", [("jargon", "HALT")]),
        ("Played UNO to build rapport.", []),
    ],
)
def test_language_short_capitals_are_read_as_acronyms_unless_plain_words(
    engine, text, expected, reference_date
):
    assert flagged(engine, text, reference_date) == expected


def test_language_each_acronym_of_a_once_only_rule_is_flagged_once(engine, reference_date):
    text = "Referred to IOP; CM to call. IOP starts Monday, CM aware."
    flags = [(f.text, f.start) for f in flags_of(engine, text, reference_date)]
    assert flags == [("IOP", 12), ("CM", 17)]


@pytest.mark.parametrize(
    ("text", "flagged", "drop_in"),
    [
        ("pt discussed work stress.", "pt", True),
        ("Client claims she slept well.", "claims", True),
        ("Client seemed manipulative today.", "seemed manipulative", False),
    ],
)
def test_language_drop_in_marks_rewrites_that_can_replace_the_words(engine, text, flagged, drop_in):
    flag = next(f for f in engine.structure(text).flags if f.text == flagged)
    assert flag.suggestion and flag.drop_in is drop_in


# --- extent: the whole phrase a trainee rewrites --------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Pt presented as manipulative in the group.", "presented as manipulative"),
        ("Lazy about using the planner we set up.", "Lazy about using the planner"),
        ("He was cagey about his drinking.", "was cagey about his drinking"),
        ("Pt is a junkie who'll never change.", "is a junkie who'll never change"),
        ("Stubborn little girl. Plan: same again.", "Stubborn little girl"),
    ],
)
def test_language_a_label_is_flagged_with_its_copula_and_complement(
    engine, text, phrase, reference_date
):
    assert ("interpretive", phrase) in flagged(engine, text, reference_date)


# --- context: labels of a relative the writer also sees -------------------------------------


def test_language_a_parenting_label_is_flagged_whoever_it_describes(engine, reference_date):
    text = "Mum is overprotective, lets him stay home when he complains."
    assert "parenting_labels" in {f.rule_id for f in flags_of(engine, text, reference_date)}
    assert "hostile" not in {
        f.rule_id for f in flags_of(engine, "Mum was hostile to the school.", reference_date)
    }


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("GP to review the sertraline dose.", []),
        ("Dropped two safety behaviours; worked on her stuck point.", []),
        ("Anxiety down from 7 to 4, sleep ↓ this week.", []),
        ("Ct attended the grp; talked abt mgmt of cravings.", ["Ct", "grp", "abt", "mgmt"]),
    ],
)
def test_language_flags_follow_the_training_annotators_majority(
    engine, text, flagged, reference_date
):
    note = engine.structure(text, reference_date=reference_date)
    assert [f.text for f in note.flags if f.kind == "jargon"] == flagged
