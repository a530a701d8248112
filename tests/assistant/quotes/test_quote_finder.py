import pytest
import spacy

from assistant.quotes import quote_finder
from assistant.quotes.marks import QuoteMarks, find_quote_pairs
from assistant.resources import data_dir

MARKS = QuoteMarks.load(data_dir())


def _quotes(engine, text, reference_date):
    return [
        i.text for i in engine.structure(text, reference_date=reference_date).sections["quotes"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Pt said "once I read one more article I\'ll feel better"',
            ["once I read one more article I'll feel better"],
        ),
        ("Theo calls it “the Buzz in my head.” He drew it.", ["the Buzz in my head."]),
        ("She said 'I can't do this anymore' and cried.", ["I can't do this anymore"]),
        ("He said ‘nobody listens to me’ twice.", ["nobody listens to me"]),
        ('Shared that he "lost it" at a driver.', ["lost it"]),
        ("Asked about school, answered 'whatever' each time.", ["whatever"]),
        ('She said the new flat is "cosy".', ["cosy"]),
        ('He said maths was "boring".', ["boring"]),
        ('Spoke of feeling like the "odd one out" at work.', ["odd one out"]),
    ],
)
def test_quotes_client_words_without_marks(engine, text, expected, reference_date):
    assert _quotes(engine, text, reference_date) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Client "forgot" her HW again.',
        "He was 'too busy' to log.",
        "Don't know if friend's party helped; intro'd breathing.",
        'An unmatched " quote mark here.',
    ],
)
def test_quotes_scare_quotes_and_apostrophes_are_not_client_quotes(engine, text, reference_date):
    assert _quotes(engine, text, reference_date) == []


def test_quotes_scare_quotes_are_kept_for_the_language_review(engine):
    doc = engine.nlp('Client "forgot" her HW again.')
    assert [s.text for s in doc.spans["scare_quotes"]] == ["forgot"]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ('a "b c" d', [(2, 6)]),
        ("don't 'x y' z", [(6, 10)]),
        ("friends' party and 'ok now'", [(19, 26)]),
        ('"never closed', []),
    ],
)
def test_quotes_pairing(text, pairs):
    assert find_quote_pairs(text, MARKS) == pairs


def test_quotes_offsets_point_into_the_input(engine, reference_date):
    text = 'Pt said "I always mess everything up." HW: sleep diary'
    for item in engine.structure(text, reference_date=reference_date).sections["quotes"]:
        assert text[item.start : item.end] == item.text
        assert '"' not in item.text


@pytest.mark.parametrize(
    "text",
    ['Client "forgot" the diary again.', 'Mum reported that the "help" made it worse.'],
)
def test_quotes_short_words_without_a_near_speech_verb_stay_scare_quotes(
    engine, text, reference_date
):
    assert _quotes(engine, text, reference_date) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("He said quote I just want it to stop unquote and looked away.", "I just want it to stop"),
        ("She said quote it is what it is end quote.", "it is what it is"),
    ],
)
def test_quotes_dictated_quote_words_mark_a_quote(engine, text, quote):
    note = engine.structure(text)
    assert [q.text for q in note.sections["quotes"]] == [quote]
    filed = [i.text for items in note.sections.values() for i in items]
    assert not any("unquote" in t or "end quote" in t for t in filed)


def test_quotes_the_word_quote_alone_marks_nothing(engine):
    note = engine.structure("Gave her a quote for the repairs to the flat.")
    assert not note.sections["quotes"]


def test_quote_finder_reads_only_characters_so_runs_on_a_blank_pipeline():
    nlp = spacy.blank("en")
    finder = nlp.add_pipe(quote_finder.NAME)
    finder.initialize(nlp=nlp)
    doc = nlp('She said "I can\'t keep doing this" and "forgot" her diary.')
    assert [s.text for s in doc.spans["quotes"]] == ["I can't keep doing this"]
    assert [s.text for s in doc.spans["scare_quotes"]] == ["forgot"]
