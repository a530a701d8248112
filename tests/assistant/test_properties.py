import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assistant

HOSTILE = st.sampled_from(
    [
        "   \n\t ",
        '🙂🙃💥 felt 😢 "ok"',
        'مرحبا بالعالم، قال "لا"',
        "שלום ‮reversed‬ text",
        "\x00\x01\x02 nul and bell \x07",
        "\"unmatched quote and 'single",
        "“curly never closed",
        "!!!???...;;;---:::",
        "HW: HW: HW:",
        "S:\nO:\nA:\nP:",
        "- \n- \n-",
        "11/99/9999 99:99-88:77pm 999999 min",
    ]
)
TEXT = st.one_of(
    st.text(min_size=1, max_size=300),
    HOSTILE,
    st.text(alphabet=" \n-:;,.\"'“”‘’HWSIP0123456789/", min_size=1, max_size=200),
)
PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(engine, note_schema, text, reference_date):
    try:
        note = engine.structure(text, reference_date=reference_date)
    except assistant.EmptyInputError:
        assert not text.strip()
        return
    assert text.strip()
    out = note.to_dict()
    jsonschema.validate(out, note_schema)
    for items in out["sections"].values():
        for item in items:
            assert item["text"] and text[item["start"] : item["end"]] == item["text"]
    for flag in out["flags"]:
        assert text[flag["start"] : flag["end"]] == flag["text"]


@PROPERTY
@given(text=TEXT)
def test_properties_never_crash_always_valid_and_provenance_holds(
    engine, note_schema, text, reference_date
):
    _check(engine, note_schema, text, reference_date)


@PROPERTY
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "50 min",
                "11/20",
                "HW:",
                "S:",
                "P:",
                "denies SI",
                "pt said",
                '"',
                "“",
                "”",
                "'",
                "CBT thought record",
                "+",
                ",",
                ";",
                " - ",
                "\n",
                "- ",
                "next session",
                "tearful",
                "completed 2 of 3",
                "no HW",
                "2:00-2:50pm",
                "we looked at",
                "plan to",
            ]
        ),
        min_size=1,
        max_size=30,
    )
)
def test_properties_jotting_like_noise_keeps_provenance(engine, note_schema, parts, reference_date):
    _check(engine, note_schema, " ".join(parts), reference_date)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t"])
def test_properties_empty_input_raises_named_error(engine, text):
    with pytest.raises(assistant.EmptyInputError):
        engine.structure(text)


def test_properties_100k_characters_raise_named_error(engine):
    with pytest.raises(assistant.InputTooLongError, match="over the limit"):
        engine.structure("work stress. " * 7700)


def test_properties_text_just_under_the_limit_works(engine, note_schema, reference_date):
    chunk = "11/20 50 min. pt discussed work stress; HW: sleep diary. Denies SI. "
    text = (chunk * (engine.max_chars // len(chunk) + 1))[: engine.max_chars]
    _check(engine, note_schema, text, reference_date)
