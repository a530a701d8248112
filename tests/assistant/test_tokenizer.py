import time

import pytest

from assistant.tokenizer import MAX_RUN


@pytest.mark.parametrize("text", ["(" * 19_999, '"' * 19_999, "x" + "!" * 5_000 + " pt w/ HW"])
def test_tokenizer_long_punctuation_runs_are_fast_and_exact(engine, text):
    started = time.perf_counter()
    note = engine.structure(text)
    assert time.perf_counter() - started < 10  # was 24 s in spaCy's tokenizer alone
    doc = engine.nlp.make_doc(text)
    assert doc.text == text
    for item in (i for items in note.sections.values() for i in items):
        assert text[item.start : item.end] == item.text


def test_tokenizer_ordinary_text_is_tokenized_as_spacy_does(engine):
    text = 'Pt said "I can\'t" (again) - HW: 3 thought records, f/u 11/25. ' + "y" * MAX_RUN
    guarded = [t.text for t in engine.nlp.make_doc(text)]
    plain = [t.text for t in engine.nlp.tokenizer.tokenizer(text)]
    assert guarded == plain
