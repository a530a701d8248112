import pytest
import spacy

from assistant.layout import layout


def _segments(engine, text):
    doc = engine.nlp(text)
    return [s.text for s in doc.spans["segments"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- work stress\n- sleep diary reviewed", ["work stress", "sleep diary reviewed"]),
        ("* grief\n* anger at brother", ["grief", "anger at brother"]),
        ("1. grief\n2. anger at brother", ["grief", "anger at brother"]),
        ("work stress\nconflict with sister", ["work stress", "conflict with sister"]),
    ],
)
def test_layout_each_line_and_bullet_is_its_own_segment(engine, text, expected):
    assert _segments(engine, text) == expected


def test_layout_a_sentence_does_not_run_across_lines(engine):
    doc = engine.nlp("talked about the move\nhomework is a sleep diary")
    starts = [s.start_char for s in doc.sents]
    assert doc.text.index("homework") in starts


def test_layout_prose_on_one_line_stays_whole_sentences(engine):
    text = "He drew the worry as a wasp. We looked at the evidence together."
    assert _segments(engine, text) == [
        "He drew the worry as a wasp.",
        "We looked at the evidence together.",
    ]


def test_layout_reads_only_characters_so_runs_on_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe(layout.NAME)
    doc = nlp("Work stress\n- sleep diary\nBaby on her lap for part of the hour")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Work", "-", "Baby"]  # a short line is one unit: "lap" starts nothing
