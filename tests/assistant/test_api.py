import pytest

import assistant


def test_api_empty_input_raises_named_error(engine):
    with pytest.raises(assistant.EmptyInputError, match="empty"):
        engine.structure("   \n\t ")


def test_api_too_long_input_raises_named_error(engine):
    with pytest.raises(assistant.InputTooLongError, match="limit of 20,000"):
        engine.structure("a" * 20_001)


def test_api_bytes_input_is_refused(engine):
    with pytest.raises(assistant.InvalidInputError):
        engine.structure(b"50 min")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "pt was manipulative and in denial",
        'Client said "I\'m just lazy". Denies SI/HI. HW: sleep diary, f/u next wk.',
        "Reviewed field typed by the reviewer: seemed resistant to the thought record",
    ],
)
def test_api_flags_any_text_as_a_jotting_would_be(engine, text):
    flags = engine.flags(text)
    assert flags, text
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text
    # the same rules and context as a whole jotting
    assert [f.to_dict() for f in flags] == [f.to_dict() for f in engine.structure(text).flags]


def test_api_flags_of_plain_or_empty_text_are_none(engine):
    assert engine.flags("Client described three panic attacks this week.") == []
    assert engine.flags("") == [] and engine.flags(" \n ") == []


def test_api_flags_refuse_what_structure_refuses(engine):
    with pytest.raises(assistant.InvalidInputError):
        engine.flags(b"pt")  # type: ignore[arg-type]
    with pytest.raises(assistant.InputTooLongError):
        engine.flags("pt " * 10_000)


def test_api_techniques_of_any_text_are_the_taxonomys_names(engine):
    assert engine.techniques("Used cognitive restructuring; CBT triangle reviewed") == [
        "Cognitive restructuring (CBT)",
        "CBT triangle / five-part model (CBT)",
    ]
    assert engine.techniques("restructuring, then restructuring again") == [
        "Cognitive restructuring (CBT)"
    ]
    assert engine.techniques("talked about the week") == []
    assert engine.techniques("   ") == []


def test_api_group_topics_without_the_encoder_by_content_words(engine):
    assert engine.topics.encoder is None  # the session's engine runs on rules alone
    assert engine.group_topics(["work stress", "stress at work", "grief"]) == [[0, 1], [2]]


def test_api_structure_many_on_two_processes_gives_the_notes_of_one(engine, reference_date):
    texts = [
        "50 min. talked about work stress. practised box breathing. HW: sleep diary",
        "pt tearful, denies SI/HI. plan: review safety plan next week",
        "couples session, 45 min. argued about chores. next time: communication skills",
    ] * 3
    one = [n.to_dict() for n in engine.structure_many(texts, reference_date=reference_date)]
    two = engine.structure_many(texts, reference_date=reference_date, batch_size=2, n_process=2)
    assert [n.to_dict() for n in two] == one
    assert [n["sections"]["homework"][0]["text"] for n in one[::3]] == ["sleep diary"] * 3
    with pytest.raises(assistant.EmptyInputError):
        list(engine.structure_many(["fine", "  "], n_process=2))
