import pytest

from assistant.lexicon import WordClass
from assistant.resources import data_dir
from assistant.roles.clauses import BEHAVIOUR_WEIGHT, OUTSIDE_WEIGHT, ClauseReader


@pytest.fixture(scope="module")
def reader() -> ClauseReader:
    return ClauseReader().load(data_dir())


def _first_segment(engine, text):
    doc = engine.nlp(text)
    segment = doc.spans["segments"][0]
    return segment, segment._.decision


@pytest.mark.parametrize(
    "text",
    [
        "Toby kicked the beanbag when the timer went off.",
        "She giggled twice during the card game.",
        "He shrugged through most of the session.",
        "Client was tearful when the letter came up.",
        "Fidgeted with her sleeve for the first ten minutes.",
        "Her jaw tightened when the court date came up.",
        "Kenzo came in wearing his football kit.",
    ],
)
def test_clauses_in_session_behaviour_is_client_response(engine, reader, text):
    segment, decision = _first_segment(engine, text)
    assert reader.scores(segment) == {"client_response": BEHAVIOUR_WEIGHT}
    assert decision.role == "client_response"


@pytest.mark.parametrize(
    "text",
    [
        "He shouted at his flatmate twice this week.",
        "Priya moved back in with her parents at the weekend.",
    ],
)
def test_clauses_client_doing_outside_session_is_topic(engine, reader, text):
    segment, decision = _first_segment(engine, text)
    assert reader.scores(segment) == {"topic": OUTSIDE_WEIGHT}
    assert decision.role == "topic"


@pytest.mark.parametrize(
    "text",
    [
        "We laughed about the cartoon together.",  # the writer did it
        "Leaflet offered, he declined.",  # the segment opens with something else
        "She wants a new flat near her sister.",  # no in-session behaviour
        "Reported walking the dog most mornings this week.",  # a report: left to the cues
    ],
)
def test_clauses_other_clauses_give_no_evidence(engine, reader, text):
    segment, _ = _first_segment(engine, text)
    assert reader.scores(segment) == {}


def test_clauses_behaviour_under_data_header_is_not_a_topic(engine):
    text = "DATA: Noor threw the dice across the table when she lost."
    doc = engine.nlp(text)
    decisions = [s._.decision.role for s in doc.spans["segments"]]
    assert "client_response" in decisions
    assert "topic" not in decisions


def test_clauses_word_class_round_trips_and_rejects_empty():
    word_class = WordClass.from_dict({"id": "x", "words": ["Cried", "laughed"]})
    assert word_class.words == {"cried", "laughed"}
    assert WordClass.from_dict(word_class.to_dict()) == word_class
    with pytest.raises(ValueError):
        WordClass.from_dict({"id": "x", "words": []})


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("No evidence of pressured speech today", "client_response"),
        ("Mild hand tremor noted", "client_response"),
        ("Money worries since the rent went up", "topic"),
    ],
)
def test_clauses_observations_are_client_response(engine, text, role):
    _, decision = _first_segment(engine, text)
    assert decision.role == role


@pytest.mark.parametrize(
    ("text", "filed"),
    [
        ("Seen at the day centre with her key worker", False),
        ("Self-referred after a GP visit", False),
        ("Arguments with her landlord about the damp", True),
    ],
)
def test_clauses_how_the_session_was_held_is_not_a_topic(engine, text, filed):
    note = engine.structure(text)
    assert bool(note.sections["topics"]) is filed


def test_clauses_counts_alone_are_not_topics(engine):
    note = engine.structure("Topics: exam stress, several times a night, two jobs, night shifts")
    topics = [item.text for item in note.sections["topics"]]
    assert "several times a night" not in topics
    assert {"exam stress", "two jobs", "night shifts"} <= set(topics)
