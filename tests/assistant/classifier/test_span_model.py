"""The fine-tuned segment classifier: contexts, training, saving, offline loading, fallback."""

from __future__ import annotations

import json
import shutil
import socket
import warnings
from pathlib import Path

import numpy as np
import pytest

import assistant
from assistant.classifier import load_span_model
from assistant.classifier.span_model import (
    CONFIG_FILE,
    FROZEN,
    WEIGHTS_FILE,
    SpanClassifier,
    context_of,
    load_span_classifier,
    spans_dir,
)
from assistant.classifier.span_training import (
    FineTuning,
    fine_tune,
    predict_rows,
    with_contexts,
)
from assistant.classifier.training import segment_rows, training_files
from assistant.errors import ResourceError
from assistant.evaluate import load_records
from assistant.resources import data_dir
from assistant.vocab import ROLES

TINY = FineTuning(epochs=1, batch_size=8)


def test_span_model_context_is_the_previous_and_next_segment():
    texts = ["50 min video", "reviewed thought log", "HW: log daily"]
    assert context_of(texts, 0) == "[SEP] reviewed thought log"
    assert context_of(texts, 1) == "50 min video [SEP] HW: log daily"
    assert context_of(texts, 2) == "reviewed thought log [SEP]"
    assert context_of(["alone"], 0) == "[SEP]"


def test_span_model_contexts_stay_inside_their_jotting():
    rows = [
        {"jotting": "a", "text": "one"},
        {"jotting": "a", "text": "two"},
        {"jotting": "b", "text": "three"},
    ]
    assert [r["context"] for r in with_contexts(rows)] == ["[SEP] two", "one [SEP]", "[SEP]"]


@pytest.fixture(scope="module")
def rows(engine) -> list[dict]:
    """Real labelled segments of 12 training jottings, with their contexts."""
    records = load_records(training_files()[0])[:12]
    return with_contexts(segment_rows(engine.nlp, records))


@pytest.fixture(scope="module")
def tiny(rows, tmp_path_factory):
    """A model fine-tuned for one epoch on 16 segments, saved into a copy of the data folder."""
    labels = np.array([ROLES.index(r["role"]) for r in rows[:16]])
    module, tokenizer = fine_tune(rows[:16], labels, seed=3, settings=TINY)
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(data_dir(), data)
    from assistant.classifier.encoder import ENCODER_NAME
    from assistant.classifier.span_model import SpanConfig, embedding_checksum, save_model
    from assistant.roles.evidence import FEATURE_NAMES

    config = SpanConfig(ROLES, FEATURE_NAMES, ENCODER_NAME, embedding_checksum(module.encoder), {})
    save_model(module, config, spans_dir(data))
    from assistant.classifier.onnx_export import export_span_model

    export_span_model(data)  # as `notewell train spans` does: the graph the engine runs
    return module, tokenizer, data


@pytest.mark.model
def test_span_model_fine_tuning_is_deterministic_with_a_seed(rows, tiny):
    module, _, _ = tiny
    labels = np.array([ROLES.index(r["role"]) for r in rows[:16]])
    again, _ = fine_tune(rows[:16], labels, seed=3, settings=TINY)
    other, _ = fine_tune(rows[:16], labels, seed=4, settings=TINY)
    for name, tensor in module.state_dict().items():
        assert bool((tensor == again.state_dict()[name]).all()), name
    assert not bool((module.out.weight == other.out.weight).all())


@pytest.mark.model
def test_span_model_saved_weights_load_offline_and_predict_as_trained(rows, tiny, monkeypatch):
    module, tokenizer, data = tiny
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    loaded = load_span_classifier(data, quantize=False)
    assert attempts == [] and isinstance(loaded, SpanClassifier)
    test = rows[16:40]
    probs = loaded.predict(
        [r["text"] for r in test], [r["context"] for r in test], [r["features"] for r in test]
    )
    got = np.array([[p[label] for label in ROLES] for p in probs])
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-9)
    # float16 storage moves the probabilities by little and the decisions not at all
    expected = predict_rows(module, tokenizer, test)
    np.testing.assert_allclose(got, expected, atol=0.01)
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()


@pytest.mark.model
def test_span_model_stores_only_what_training_changed(tiny):
    from safetensors import safe_open

    _, _, data = tiny
    with safe_open(str(spans_dir(data) / WEIGHTS_FILE), framework="pt") as stored:
        names = set(stored.keys())
    assert f"encoder.{FROZEN}" not in names
    assert {"out.weight", "out.bias", "encoder.encoder.layer.5.output.dense.weight"} <= names
    assert (spans_dir(data) / WEIGHTS_FILE).stat().st_size < 40 * 2**20


@pytest.mark.model
def test_span_model_inference_is_deterministic(rows, tiny):
    _, _, data = tiny
    model = load_span_classifier(data)  # int8, as the engine loads it
    texts, contexts = [r["text"] for r in rows[:20]], [r["context"] for r in rows[:20]]
    features = [r["features"] for r in rows[:20]]
    first = model.predict(texts, contexts, features)
    assert model.predict(texts, contexts, features) == first
    # one segment alone gets the role it gets in a batch of twenty; int8 scales activations by
    # batch, so its probabilities move a little, those of the float model hardly at all
    alone = model.predict(texts[7:8], contexts[7:8], features[7:8])[0]
    assert max(alone, key=alone.get) == max(first[7], key=first[7].get)
    assert alone == pytest.approx(first[7], abs=0.02)
    exact = load_span_classifier(data, quantize=False)
    alone = exact.predict(texts[7:8], contexts[7:8], features[7:8])[0]
    assert alone == pytest.approx(exact.predict(texts, contexts, features)[7], abs=1e-5)
    assert model.predict([], [], []) == []
    with pytest.raises(ValueError, match="context and evidence"):
        model.predict(texts, contexts[:3], features)


@pytest.mark.model
def test_span_model_in_the_engine_decides_with_the_neighbours(tiny):
    _, _, data = tiny
    engine = assistant.load(data=data)
    tagger = engine.nlp.get_pipe("assistant_role_tagger")
    assert tagger.span_model is not None and tagger.classifier is not None
    seen: list[tuple[list[str], list[str]]] = []
    real = tagger.span_model.predict

    def spy(texts, contexts, features):
        seen.append((texts, contexts))
        return real(texts, contexts, features)

    tagger.span_model.predict = spy
    note = engine.structure("talked about the new job. practiced box breathing. she felt calmer")
    assert note.to_dict()["schema_version"] == "1"
    texts, contexts = seen[0]
    # the rules decide "practiced box breathing." (a taxonomy technique), the model the others,
    # each read beside the segments around it whoever decides those
    assert texts == ["talked about the new job.", "she felt calmer"]
    assert contexts == ["[SEP] practiced box breathing.", "practiced box breathing. [SEP]"]


@pytest.mark.model
def test_span_model_probabilities_are_mixed_with_the_head_by_span_weight(tiny):
    from assistant.classifier.training import read_segments

    _, _, data = tiny
    engine = assistant.load(data=data)
    tagger = engine.nlp.get_pipe("assistant_role_tagger")
    readings = read_segments(engine.nlp, "talked about the new job. she felt calmer")
    texts, features = [r.segment.text for r in readings], [r.features for r in readings]
    head = tagger.classifier.predict(texts, features)
    contexts = [context_of(texts, i) for i in range(len(texts))]
    tuned = tagger.span_model.predict(texts, contexts, features)
    for weight, expected in ((0.0, head), (1.0, tuned)):
        tagger.span_weight = weight
        for got, want in zip(tagger._predict(readings, readings), expected, strict=True):
            assert got == pytest.approx(want, abs=1e-12)
    tagger.span_weight = 0.5
    mixed = tagger._predict(readings, readings)
    assert mixed[0]["topic"] == pytest.approx((head[0]["topic"] + tuned[0]["topic"]) / 2)


def test_span_model_absent_files_leave_the_head_deciding(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_span_model(tmp_path) is None
    with pytest.raises(ResourceError, match="notewell train spans"):
        load_span_model(tmp_path, required=True)


@pytest.mark.model
def test_span_model_absent_from_the_data_the_engine_uses_the_head(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("span_classifier"))
    engine = assistant.load(data=data)
    tagger = engine.nlp.get_pipe("assistant_role_tagger")
    assert tagger.span_model is None and engine.engine["classifier"] is True
    note = engine.structure("talked about the new job. practiced box breathing")
    assert any(item.source == "model" for items in note.sections.values() for item in items)


def _copy_span_files(tiny, tmp_path: Path) -> Path:
    _, _, data = tiny
    shutil.copytree(spans_dir(data), spans_dir(tmp_path))
    return spans_dir(tmp_path) / CONFIG_FILE


@pytest.mark.model
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c.update(embedding_checksum="0" * 16), "other encoder weights"),
        (lambda c: c.update(features=c["features"][:-1]), "other evidence features"),
        (lambda c: c.update(labels=c["labels"][:-1] + ["chitchat"]), "malformed"),
        (lambda c: c.update(format=9), "malformed"),
    ],
)
def test_span_model_that_does_not_fit_is_refused_or_skipped(tiny, tmp_path, edit, message):
    path = _copy_span_files(tiny, tmp_path)
    config = json.loads(path.read_text(encoding="utf-8"))
    edit(config)
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_span_classifier(tmp_path)
    with pytest.warns(RuntimeWarning, match="role head decides instead"):
        assert load_span_model(tmp_path) is None


@pytest.mark.model
def test_span_model_unreadable_weights_are_refused_clearly(tiny, tmp_path):
    _copy_span_files(tiny, tmp_path)
    (spans_dir(tmp_path) / WEIGHTS_FILE).write_bytes(b"not a safetensors file")
    with pytest.raises(ResourceError, match="weights cannot be read"):
        load_span_classifier(tmp_path)


@pytest.fixture(scope="module")
def shipped() -> SpanClassifier:
    """The fine-tuned classifier shipped in the package data, as the engine loads it."""
    model = load_span_classifier(data_dir())
    assert model is not None, "data/span_classifier/ is missing: run `notewell train spans`"
    return model


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("denies thoughts of ending her life, no plan", ["risk"]),
        ("Introduced the thought record.", ["intervention"]),
        ("talked a lot about her dad's drinking", ["topic"]),
        ("next time check in on activities", ["plan"]),
        (
            "reviewed sleep diary. practise it nightly before bed. next session in two weeks",
            ["intervention", "homework", "plan"],
        ),
    ],
)
def test_span_model_shipped_ranks_the_plain_role_first(engine, shipped, text, roles):
    from assistant.classifier.training import read_segments

    readings = read_segments(engine.nlp, text)
    texts = [r.segment.text for r in readings]
    contexts = [context_of(texts, i) for i in range(len(texts))]
    probs = shipped.predict(texts, contexts, [r.features for r in readings])
    assert [max(p, key=p.get) for p in probs] == roles


@pytest.mark.model
def test_span_model_shipped_is_what_the_default_engine_uses():
    engine = assistant.load(classifier=True)
    tagger = engine.nlp.get_pipe("assistant_role_tagger")
    assert tagger.span_model is not None and tagger.span_weight == 0.5
    note = engine.structure("50 min. talked about her new job. next time check in on activities")
    assert [i.text for i in note.sections["plan"]] == ["next time check in on activities"]


def test_span_model_training_command_without_jottings_says_so(tmp_path, capsys, monkeypatch):
    from assistant import commands

    monkeypatch.setenv("NOTEWELL_MODELS_DIR", str(tmp_path))
    assert commands.main(["train", "spans", "--jottings", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("notewell: No training jottings in") and "Traceback" not in err
    assert not spans_dir(tmp_path).exists()
