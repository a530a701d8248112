"""The scorer behind `notewell evaluate`: matching rule, figures, provenance and the CLI."""

from __future__ import annotations

import json

import pytest

import assistant
from assistant.commands import main
from assistant.evaluate import Span, evaluate, load_records, match, matches
from assistant.note import Flag, Item, Measure, Session, StructuredNote
from assistant.vocab import SECTIONS

TEXT = (
    "11/20 50 min. work stress and poor sleep. taught box breathing. pt seemed lazy. "
    'said "I can\'t rest". HW: breathe nightly.'
)
RECORD = {
    "id": "t1",
    "reference_date": "2026-11-29",
    "text": TEXT,
    "gold": {
        "date": "2026-11-20",
        "duration_minutes": 50,
        "topics": ["work stress", "poor sleep"],
        "interventions": ["taught box breathing"],
        "client_response": [],
        "quotes": ["I can't rest"],
        "homework": ["breathe nightly"],
        "plan": [],
        "risk": [],
        "flags": [
            {"kind": "jargon", "phrase": "pt"},
            {"kind": "interpretive", "phrase": "seemed lazy"},
            {"kind": "jargon", "phrase": "HW"},
        ],
        "must_not_flag": ["I can't rest"],
        "missing": ["client_response", "plan", "risk"],
    },
}


def item(phrase: str, text: str = TEXT) -> Item:
    start = text.index(phrase)
    return Item(phrase, start, start + len(phrase))


def flag(kind: str, phrase: str, text: str = TEXT) -> Flag:
    start = text.index(phrase)
    return Flag(kind, phrase, start, start + len(phrase), reason="r")


def note(sections: dict[str, list[Item]] | None = None, flags=(), date=None, minutes=None):
    full = {s: [] for s in SECTIONS}
    full.update(sections or {})
    return StructuredNote(TEXT, Session(date, minutes), full, list(flags))


def perfect(text, reference_date):
    gold = RECORD["gold"]
    return note(
        {s: [item(p) for p in gold[s]] for s in SECTIONS},
        [flag(f["kind"], f["phrase"]) for f in gold["flags"]],
        "2026-11-20",
        50,
    )


def test_evaluate_perfect_prediction_scores_one():
    report = evaluate([RECORD], perfect)
    assert report.macro_f1 == 1.0
    assert report.date_accuracy == report.duration_accuracy == report.missing_accuracy == 1.0
    assert (report.flags_strict.precision, report.flags_strict.recall) == (1.0, 1.0)
    assert report.provenance_violations == 0 and report.false_flag_rate == 0.0
    assert all(not r.missed and not r.extra for r in report.results)


def test_evaluate_empty_prediction_recalls_nothing():
    report = evaluate([RECORD], lambda text, ref: note())
    assert report.sections["topics"].recall == 0.0
    assert report.sections["topics"].f1 == 0.0
    # sections with no gold and no prediction are perfect, so macro F1 is 3/7, not 0
    assert report.macro_f1 == pytest.approx(3 / 7)
    assert report.date_accuracy == 0.0 and report.flags_strict.recall == 0.0
    assert ("topics", "work stress") in report.results[0].missed


def test_evaluate_scores_each_part_of_missing():
    # the empty note lists every part missing; gold has only client_response, plan and risk
    parts = evaluate([RECORD], lambda text, ref: note()).missing_parts
    assert (parts["risk"].matched, parts["risk"].predicted, parts["risk"].gold) == (1, 1, 1)
    assert parts["topics"].predicted == 1 and parts["topics"].gold == 0
    assert parts["topics"].precision == 0.0 and parts["plan"].precision == 1.0
    assert "topics" not in evaluate([RECORD], perfect).missing_parts  # neither listed nor absent


@pytest.mark.parametrize("gold_len", [10, 30])
def test_evaluate_too_long_prediction_rejected(gold_len):
    gold = Span(100, 100 + gold_len, "x" * gold_len)
    limit = max(3 * gold_len, gold_len + 40)
    assert matches(gold, Span(100, 100 + limit, ""))
    assert not matches(gold, Span(100, 100 + limit + 1, ""))


@pytest.mark.parametrize(
    ("gold_len", "covered", "ok"), [(10, 5, True), (10, 4, False), (7, 4, True), (7, 3, False)]
)
def test_evaluate_half_overlap_boundary(gold_len, covered, ok):
    gold = Span(50, 50 + gold_len, "g")
    pred = Span(50 + gold_len - covered, 50 + gold_len - covered + 8, "p")
    assert matches(gold, pred) is ok


def test_evaluate_matching_is_one_to_one():
    golds = [Span(0, 10, "a"), Span(11, 21, "b")]
    # one prediction covering both gold phrases matches only one of them
    assert len(match(golds, [Span(0, 21, "ab")])) == 1
    # two predictions of the same phrase: one matches, the other is left over
    assert match([golds[0]], [Span(0, 10, "a"), Span(0, 10, "a")]) == [(0, 0)]
    # greedy by overlap: the better-covering prediction takes the gold phrase
    assert match([golds[0]], [Span(4, 12, "x"), Span(0, 10, "a")]) == [(0, 1)]


def test_evaluate_counts_provenance_violations_as_unmatched():
    bad_text = Item("work stress", 0, 11)  # offsets point at "11/20 50 mi"
    out_of_range = Item("z", 999, 1000)
    bad_flag = Flag("jargon", "pt", 1, 3, reason="r")
    report = evaluate([RECORD], lambda t, r: note({"topics": [bad_text, out_of_range]}, [bad_flag]))
    assert report.provenance_violations == 3
    topics = report.sections["topics"]
    assert (topics.matched, topics.predicted) == (0, 2)
    assert report.flags_strict.predicted == 1 and report.flags_strict.matched == 0


def test_evaluate_counts_a_measure_pointing_elsewhere_as_a_provenance_violation():
    def with_measures(t, r):
        scored = note()
        start = TEXT.index("50 min")
        scored.measures = [
            Measure("SUDS", 50, 100, "50 min", start, start + 6),  # its words: fine
            Measure("PHQ-9", 14, 27, "PHQ-9 = 14", 0, 10),  # not in the jotting
        ]
        return scored

    assert evaluate([RECORD], with_measures).provenance_violations == 1


def test_evaluate_flag_kind_strict_and_false_flags():
    wrong_kind = flag("interpretive", "pt")
    on_quote = flag("interpretive", "rest")
    report = evaluate([RECORD], lambda t, r: note(flags=[wrong_kind, on_quote]))
    assert report.flags_strict.matched == 0
    assert report.flags_any_kind.matched == 1
    assert report.false_flag_rate == 1.0
    assert report.results[0].false_flags == [("I can't rest", "rest")]


def test_evaluate_engine_crash_counts_as_empty_prediction():
    def crash(text, ref):
        raise RuntimeError("boom")

    report = evaluate([RECORD], crash)
    assert report.engine_errors == 1 and report.sections["quotes"].recall == 0.0


class FakeEngine:
    """Stands in for assistant.load(): finds the date and one topic, nothing else."""

    engine = {"version": "test", "classifier": False}

    def structure(self, text, *, reference_date):
        found = [item("work stress", text)] if "work stress" in text else []
        return StructuredNote(
            text,
            Session(reference_date.isoformat(), None),
            {s: (found if s == "topics" else []) for s in SECTIONS},
        )


@pytest.fixture
def fake_load(monkeypatch):
    calls = []

    def load(**options):
        calls.append(options)
        return FakeEngine()

    monkeypatch.setattr(assistant, "load", load)
    return calls


def write_set(tmp_path, rows):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_evaluate_cli_prints_table_and_errors(tmp_path, capsys, fake_load):
    path = write_set(tmp_path, [json.dumps(RECORD)])
    assert main(["evaluate", str(path), "--no-classifier", "--errors"]) == 0
    out = capsys.readouterr().out
    assert fake_load == [{"classifier": False}]
    assert f"{path}: 1 jottings" in out and "rules only" in out
    assert "macro F1 (7 sections)" in out and "false-flag rate" in out
    assert "topics" in out and "1/1/2" in out  # matched/predicted/gold
    assert "missing, per part" in out
    assert "- topics: 'poor sleep'" in out
    assert "date: expected 2026-11-20, got 2026-11-29" in out


def test_evaluate_cli_default_asks_for_classifier(tmp_path, capsys, fake_load):
    path = write_set(tmp_path, [json.dumps(RECORD)])
    assert main(["evaluate", str(path)]) == 0
    assert fake_load == [{}]
    assert "- topics" not in capsys.readouterr().out


@pytest.mark.parametrize("rows", [["{not json"], [json.dumps({**RECORD, "text": "other"})]])
def test_evaluate_cli_bad_set_exits_2_with_one_sentence(tmp_path, capsys, fake_load, rows):
    path = write_set(tmp_path, rows)
    assert main(["evaluate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("notewell: ") and len(err.splitlines()) == 1 and "Traceback" not in err
    assert fake_load == []  # the engine is not loaded for a bad set


def test_evaluate_cli_missing_file_exits_2(tmp_path, capsys, fake_load):
    assert main(["evaluate", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_evaluate_real_engine_keeps_provenance_on_dev_set(engine, corpora):
    records = load_records(corpora / "eval" / "dev.jsonl")
    report = evaluate(records, lambda t, r: engine.structure(t, reference_date=r))
    assert report.provenance_violations == 0
    assert report.engine_errors == 0


def test_evaluate_derives_missing_when_note_or_gold_omits_it():
    gold = {k: v for k, v in RECORD["gold"].items() if k != "missing"}
    record = {**RECORD, "gold": gold}
    sections = {s: [item(p).__dict__ for p in gold[s]] for s in SECTIONS}
    prediction = {"session": {"date": None, "duration_minutes": 50}, "sections": sections}
    result = evaluate([record], lambda t, r: prediction).results[0]
    assert result.missing == (
        ["client_response", "plan", "risk"],
        ["client_response", "date", "plan", "risk"],
    )


@pytest.mark.parametrize(
    ("info", "no_classifier", "expected"),
    [
        ({"version": "1", "classifier": True}, False, "rules + learned classifier"),
        ({"version": "1", "classifier": False}, False, "rules only, classifier not available"),
        ({"version": "1", "classifier": False}, True, "rules only, --no-classifier"),
    ],
)
def test_evaluate_engine_label_names_the_engine(info, no_classifier, expected):
    from assistant.commands.evaluate import engine_label

    assert engine_label(info, no_classifier).startswith(expected)
