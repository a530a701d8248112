"""Homework links: items of a new note that review the previous note's homework."""

import jsonschema
import pytest

from assistant.continuity.evaluation import previous_note, score_links
from assistant.errors import PreviousNoteError
from assistant.note import StructuredNote
from assistant.resources import read_jsonl

LAST = "50 min. Worked on sleep. HW: keep a sleep diary nightly; walk 20 min 3x this week."
REVIEW = "45 min. Client did the sleep diary 5 of 7 nights. Walked twice. Discussed work stress."


def _links(note):
    return [
        (i.text, i.homework_ref, i.homework_status)
        for items in note.sections.values()
        for i in items
        if i.homework_ref is not None
    ]


@pytest.fixture(scope="module")
def last(engine, reference_date):
    note = engine.structure(LAST, reference_date=reference_date)
    assert [i.text for i in note.sections["homework"]] == [
        "keep a sleep diary nightly",
        "walk 20 min 3x this week",
    ]
    return note


@pytest.mark.parametrize("as_dict", [False, True])
def test_structure_previous_links_reviews_to_homework(engine, last, reference_date, as_dict):
    previous = last.to_dict() if as_dict else last
    note = engine.structure(REVIEW, reference_date=reference_date, previous=previous)
    links = _links(note)
    assert [(ref, status) for _, ref, status in links] == [(0, "partial"), (1, "partial")]
    assert "5 of 7" in links[0][0] and "Walked twice" in links[1][0]


def test_structure_previous_items_keep_their_provenance(engine, last, reference_date, note_schema):
    note = engine.structure(REVIEW, reference_date=reference_date, previous=last)
    data = note.to_dict()
    jsonschema.validate(data, note_schema)
    for items in note.sections.values():
        for item in items:
            assert REVIEW[item.start : item.end] == item.text
    again = StructuredNote.from_dict(data, text=REVIEW)
    assert _links(again) == _links(note)


def test_structure_without_previous_has_no_links(engine, reference_date):
    note = engine.structure(REVIEW, reference_date=reference_date)
    assert _links(note) == []
    assert all(
        "homework_ref" not in i for items in note.to_dict()["sections"].values() for i in items
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Client didn't get to the sleep diary.", "not_done"),
        ("Forgot the sleep diary.", "not_done"),
        ("Sleep diary not yet started.", "not_done"),
        ("Client kept the sleep diary every night.", "done"),
        ("Completed the sleep diary.", "done"),
        ("Tried the sleep diary once.", "partial"),
        ("Filled in some of the sleep diary.", "partial"),
        ("Sleep diary done 3 of 7 nights.", "partial"),
    ],
)
def test_structure_previous_status_from_words(engine, last, reference_date, text, status):
    note = engine.structure(text, reference_date=reference_date, previous=last)
    assert [(ref, s) for _, ref, s in _links(note)] == [(0, status)]


def test_structure_previous_new_assignment_is_not_a_review(engine, last, reference_date):
    text = "Discussed family history. Plan: weekly sessions. HW: start a gratitude list."
    assert _links(engine.structure(text, reference_date=reference_date, previous=last)) == []


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        (["sleep diary"], "not list"),
        ({"schema_version": "1"}, "no 'sections'"),
        ({"sections": {"homework": "sleep diary"}}, "must be a list"),
        ({"sections": {"homework": [{"start": 0}]}}, "homework[0]"),
    ],
)
def test_structure_malformed_previous_is_a_named_error(engine, previous, message):
    with pytest.raises(PreviousNoteError, match=message.replace("[", r"\[").replace("]", r"\]")):
        engine.structure(REVIEW, previous=previous)


def test_structure_previous_links_on_own_annotated_set(engine, corpora):
    """Our own 40 records (corpora/continuity, not an evaluation set): rules-only figures hold."""
    records = read_jsonl(corpora / "continuity" / "links.jsonl")
    result = score_links(lambda t, p: engine.structure(t, previous=p), records)
    assert result["expected"] == 38
    assert result["precision"] >= 0.8 and result["recall"] >= 0.75
    assert result["status_accuracy"] >= 0.9


def test_previous_note_builds_a_schema_homework_list():
    data = previous_note(["a", "bb"])
    assert data["sections"]["homework"] == [
        {"text": "a", "start": 0, "end": 1},
        {"text": "bb", "start": 2, "end": 4},
    ]


@pytest.mark.model
def test_structure_previous_links_with_minilm(reference_date):
    import assistant

    engine = assistant.load(classifier=True)
    assert engine.linker.encoder is not None
    last = engine.structure(LAST, reference_date=reference_date)
    note = engine.structure(REVIEW, reference_date=reference_date, previous=last)
    refs = [ref for _, ref, _ in _links(note)]
    assert 0 in refs
