"""The note audit: what each check says, and that it never fills anything in."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from assistant.note import Flag, Item, Measure, Session, StructuredNote
from assistant.note.completeness import CHECK_IDS, audit_note, cpt_band
from assistant.resources import data_dir


def item(text: str, canonical: str | None = None) -> Item:
    return Item(text=text, start=0, end=len(text), canonical=canonical)


def check(note: StructuredNote, check_id: str):
    return next(c for c in audit_note(note) if c.id == check_id)


def test_audit_has_every_check_in_order(make_note):
    assert [c.id for c in audit_note(make_note())] == list(CHECK_IDS)


@pytest.mark.parametrize(("date", "status"), [("2026-11-20", "ok"), (None, "missing")])
def test_audit_date(make_note, date, status):
    result = check(make_note(session=Session(date=date)), "date")
    assert result.status == status
    if status == "missing":
        assert "add the date" in result.message


@pytest.mark.parametrize(
    ("minutes", "code"),
    [
        (10, None),
        (15, None),
        (16, "90832"),
        (37, "90832"),
        (38, "90834"),
        (52, "90834"),
        (53, "90837"),
        (90, "90837"),
    ],
)
def test_audit_cpt_band_edges(make_note, minutes, code):
    assert cpt_band(minutes) == code
    result = check(make_note(session=Session(duration_minutes=minutes)), "time")
    if code is None:
        assert result.status == "warn" and "not billable" in result.message
    else:
        assert result.status == "ok" and code in result.message


def test_audit_time_missing_names_the_bands(make_note):
    result = check(make_note(), "time")
    assert result.status == "missing"
    assert "90834" in result.message


def test_audit_time_with_only_a_start_time_warns(make_note):
    assert check(make_note(session=Session(start_time="14:00")), "time").status == "warn"


def test_audit_time_shows_start_and_stop_when_stated(make_note):
    session = Session(duration_minutes=50, start_time="14:00", end_time="14:50")
    result = check(make_note(session=session), "time")
    assert "14:00-14:50" in result.message and "not recorded" not in result.message


@pytest.mark.parametrize(
    ("interventions", "status"),
    [
        ([], "missing"),
        (["supportive therapy"], "warn"),
        (["Provided supportive counseling."], "warn"),
        (["supportive therapy", "thought record"], "ok"),
        ([item("CBT thought record intro'd", canonical="Thought record (CBT)")], "ok"),
    ],
)
def test_audit_interventions_named_specifically(make_note, interventions, status):
    assert check(make_note(interventions=interventions), "interventions").status == status


def test_audit_interventions_message_uses_the_canonical_name(make_note):
    thought_record = item("CBT thought record intro'd", canonical="Thought record (CBT)")
    note = make_note(interventions=[thought_record])
    assert "Thought record (CBT)" in check(note, "interventions").message


def test_audit_client_response_missing_tells_what_to_add(make_note):
    result = check(make_note(interventions=["thought record"]), "client_response")
    assert result.status == "missing"
    assert "how the client responded" in result.message


@pytest.mark.parametrize(
    ("response", "status"),
    [
        (["filled in 4 of 7 days"], "ok"),
        (["fewer panic attacks than last week"], "ok"),
        (["tearful when describing nights alone"], "warn"),
    ],
)
def test_audit_progress_where_stated(make_note, response, status):
    assert check(make_note(client_response=response), "progress").status == status


@pytest.mark.parametrize(
    ("risk", "plan", "status"),
    [
        ([], [], "missing"),
        (["denies SI/HI"], [], "ok"),
        (["SI/HI: denied"], [], "ok"),
        (["Grace said she has had no thoughts of harming herself"], [], "ok"),
        (["No risk concerns reported by Theo or dad"], [], "ok"),
        (["reports passive SI x2 this wk, no plan or intent"], [], "warn"),
        (["self-harm urges 6/10 this week", "safety plan reviewed, copy given to mom"], [], "ok"),
        (["passive SI on bad days"], ["check in on safety next session"], "ok"),
    ],
)
def test_audit_risk(make_note, risk, plan, status):
    assert check(make_note(risk=risk, plan=plan), "risk").status == status


def test_audit_risk_missing_never_invents_a_denial(make_note):
    result = check(make_note(text="50 min. work stress."), "risk")
    assert result.status == "missing"
    assert "denies" not in result.message.lower() and "denied" not in result.message.lower()


def test_audit_risk_warning_says_what_to_add(make_note):
    result = check(make_note(risk=["cut her arm on Saturday"]), "risk")
    assert result.status == "warn"
    assert "safety plan" in result.message


@pytest.mark.parametrize(
    ("text", "homework", "status"),
    [
        ("50 min. work stress.", [], "missing"),
        ("50 min. work stress. no HW this week", [], "ok"),
        ("50 min. Homework: none.", [], "ok"),
        ("50 min. HW: sleep diary", ["sleep diary"], "ok"),
    ],
)
def test_audit_homework_or_explicit_none(make_note, text, homework, status):
    result = check(make_note(text=text, homework=homework), "homework")
    assert result.status == status
    if status == "missing":
        assert result.message == "No homework recorded: add it or mark none."


def test_audit_plan_missing(make_note):
    assert check(make_note(), "plan").status == "missing"
    assert check(make_note(plan=["build exposure list"]), "plan").status == "ok"


def test_audit_counts_open_flags_by_kind(make_note):
    flags = [
        Flag("jargon", "pt", 0, 2, "r"),
        Flag("jargon", "HW", 3, 5, "r"),
        Flag("interpretive", "resistant", 6, 15, "r"),
    ]
    result = check(make_note(flags=flags), "flags")
    assert result.status == "warn"
    assert "3 flags open (1 interpretive, 2 jargon)" in result.message
    assert check(make_note(), "flags").status == "ok"


def test_audit_does_not_change_the_note(make_note):
    note = make_note(text="x", interventions=["supportive therapy"])
    before = json.dumps(note.to_dict(), sort_keys=True)
    audit_note(note)
    assert json.dumps(note.to_dict(), sort_keys=True) == before


def test_audit_appears_in_the_engines_output_and_matches_the_schema(engine):
    schema = json.loads((data_dir() / "note-schema.json").read_text(encoding="utf-8"))
    text = "11/20 50 min. Pt c/o panic. HW: sleep diary. denies SI. next: exposure list"
    out = engine.structure(text, reference_date=dt.date(2026, 11, 29)).to_dict()
    jsonschema.validate(out, schema)
    assert [c["id"] for c in out["audit"]] == list(CHECK_IDS)
    flags_check = next(c for c in out["audit"] if c["id"] == "flags")
    assert f"{len(out['flags'])} flags open" in flags_check["message"]


def _scored(value: int) -> list[Measure]:
    return [Measure("PHQ-9 item 9", value, 3, f"item 9 = {value}", 0, 10)]


@pytest.mark.parametrize(
    ("risk", "value", "status"),
    [
        ([], 1, "warn"),  # the score says risk, the note says nothing
        (["denies SI/HI"], 2, "warn"),  # a denial beside a positive item
        ([], 0, "missing"),  # 0: nothing to ask about beyond the usual
        (["denies SI/HI"], 0, "ok"),
        (["passive SI on bad days", "safety plan reviewed, copy given to mom"], 1, "ok"),
    ],
)
def test_audit_risk_phq9_item9_above_zero_asks_about_risk(make_note, risk, value, status):
    note = make_note(risk=risk)
    note.measures = _scored(value)
    result = check(note, "risk")
    assert result.status == status
    if status == "warn":
        assert result.message.startswith(f"PHQ-9 item 9 is {value} (thoughts of being better off")
        assert "record that you asked about suicidal thoughts" in result.message
        assert ("denies SI/HI (denied)" in result.message) == bool(risk)
