"""ONNX Runtime inference: structuring without torch, the same figures as the torch path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.classifier import runtime
from assistant.classifier.onnx_runtime import (
    OnnxSentenceEncoder,
    OnnxSpanClassifier,
    encoder_graph,
    make_session,
    package_weights,
    quantize_tensor,
)
from assistant.classifier.span_model import context_of, load_span_classifier
from assistant.errors import ResourceError
from assistant.evaluate import load_records
from assistant.resources import data_dir

ROOT = Path(__file__).resolve().parents[3]

NO_TORCH = """
import json, sys
import assistant
engine = assistant.load(classifier=True)
tagger = engine.nlp.get_pipe("assistant_role_tagger")
note = engine.structure("50 min. talked about her new job. practised box breathing. denies SI. "
                        "HW: sleep diary. next time check in on activities")
notes = list(engine.structure_many(["work stress. HW: walk daily", "pt tearful, denies SI"]))
print(json.dumps({"torch": "torch" in sys.modules, "transformers": "transformers" in sys.modules,
                  "span_model": type(tagger.span_model).__name__,
                  "encoder": type(tagger.classifier.encoder).__name__,
                  "engine": note.to_dict()["engine"], "many": len(notes),
                  "homework": [i.text for i in note.sections["homework"]]}))
"""


@pytest.mark.model
def test_onnx_structuring_never_imports_torch():
    out = subprocess.run(
        [sys.executable, "-c", NO_TORCH], capture_output=True, text=True, timeout=300, check=True
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["span_model"] == "OnnxSpanClassifier" and seen["encoder"] == "OnnxSentenceEncoder"
    assert seen["engine"]["classifier"] is True and seen["engine"]["risk_classifier"] is True
    assert seen["homework"] == ["sleep diary"] and seen["many"] == 2
    assert seen["torch"] is False and seen["transformers"] is False


@pytest.fixture(scope="module")
def segments(engine) -> list[tuple[list[str], list[list[float]]]]:
    """Each of 20 training jottings as (segment texts, the rules' evidence)."""
    from assistant.classifier.training import read_segments, training_files

    notes = []
    for record in load_records(training_files()[1])[:20]:
        readings = read_segments(engine.nlp, record["text"])
        notes.append(([r.segment.text for r in readings], [r.features for r in readings]))
    return notes


@pytest.mark.model
def test_onnx_span_probabilities_agree_with_torch(segments):
    pytest.importorskip("torch")
    onnx_model = load_span_classifier(data_dir(), runtime="onnx")
    torch_model = load_span_classifier(data_dir(), quantize=True, runtime="torch")
    assert isinstance(onnx_model, OnnxSpanClassifier)
    got, expected = [], []
    for texts, features in segments:  # one note a run, as the engine asks
        contexts = [context_of(texts, i) for i in range(len(texts))]
        for model, out in ((onnx_model, got), (torch_model, expected)):
            out += [[p[r] for r in model.labels] for p in model.predict(texts, contexts, features)]
    got, expected = np.array(got), np.array(expected)
    assert len(got) > 150
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-9)
    # the same int8 arithmetic; float rounding in the last bits now and then moves an
    # activation by one step of its int8 scale (measured: mean 0.007, 97% same top role)
    assert np.abs(got - expected).mean() < 0.02
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).mean() >= 0.95


@pytest.mark.model
def test_onnx_encoder_vectors_agree_with_torch(segments):
    pytest.importorskip("torch")
    from assistant.classifier.encoder import SentenceEncoder

    onnx_encoder = OnnxSentenceEncoder(data_dir(), layers=(6, 3))
    torch_encoder = SentenceEncoder(layers=(6, 3), quantize=True)
    cosines = []
    for texts, _ in segments:
        a, b = onnx_encoder.encode(texts), torch_encoder.encode(texts)
        cosines.append((a.reshape(-1, 2, 384) * b.reshape(-1, 2, 384)).sum(-1))
    cosines = np.concatenate(cosines)
    assert onnx_encoder.quantized and onnx_encoder.dim == torch_encoder.dim == 768
    assert cosines.mean() > 0.99 and np.median(cosines) > 0.995


@pytest.mark.model
def test_onnx_weights_are_quantized_as_torch_quantizes_them():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    linear = torch.nn.Linear(96, 40)
    with torch.no_grad():
        linear.weight[3, 5] = 0.0  # a zero and a large value in the tensor
        linear.weight[7, 1] = 2.5
    quantized = torch.ao.quantization.quantize_dynamic(
        torch.nn.Sequential(linear), {torch.nn.Linear}, dtype=torch.qint8
    )[0].weight()
    q, scale, zero = quantize_tensor(linear.weight.detach().numpy())
    assert np.array_equal(q, quantized.int_repr().numpy())
    assert np.float32(scale) == np.float32(quantized.q_scale()) and int(zero) == 0


@pytest.mark.model
def test_onnx_graph_over_other_weights_is_refused():
    weights = dict(package_weights())
    weights["encoder.layer.2.output.dense.weight"] = weights[
        "encoder.layer.2.output.dense.weight"
    ] * np.float32(1.01)
    with pytest.raises(ResourceError, match="exported over other weights"):
        make_session(encoder_graph(data_dir()), weights)
    del weights["encoder.layer.2.output.dense.weight"]
    with pytest.raises(ResourceError, match="needs the weight"):
        make_session(encoder_graph(data_dir()), weights)


def test_onnx_runtime_setting_is_checked(monkeypatch):
    monkeypatch.setenv("NOTEWELL_RUNTIME", "Torch ")
    assert runtime() == "torch"
    monkeypatch.delenv("NOTEWELL_RUNTIME")
    assert runtime() == "onnx"
    monkeypatch.setenv("NOTEWELL_RUNTIME", "cuda")
    with pytest.raises(ResourceError, match="NOTEWELL_RUNTIME must be one of onnx, torch"):
        runtime()


def test_onnx_shipped_model_data_stays_small():
    data = ROOT / "assistant" / "data"
    folders = ("encoder", "span_classifier", "role_classifier", "risk_classifier")
    size = sum(f.stat().st_size for name in folders for f in (data / name).rglob("*"))
    assert size <= 40 * 2**20
    # the graphs hold the computation only: their weights come from the safetensors files
    for graph in (data / "encoder" / "encoder.onnx", data / "span_classifier" / "model.onnx"):
        assert graph.stat().st_size < 2**20
