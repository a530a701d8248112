"""What a user installs works on its own: a wheel of the checkout carries its runtime data."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import assistant
assert assistant.__file__.startswith(sys.argv[1]), assistant.__file__
engine = assistant.load(classifier=True)
note = engine.structure("50 min. work stress. Practised box breathing. HW: sleep diary.")
print(json.dumps({"file": assistant.__file__, "engine": note.to_dict()["engine"],
                  "homework": [i.text for i in note.sections["homework"]]}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    [path] = out.glob("notewell-*.whl")
    return path


def test_wheel_holds_the_runtime_data_and_no_corpora(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "assistant/data/role_classifier/head.json" in names
    assert "assistant/data/span_classifier/model.safetensors" in names
    assert "assistant/data/note-schema.json" in names
    assert sum(n.startswith("assistant/data/lexicons/") for n in names) >= 10
    assert not [n for n in names if "corpora" in n or n.startswith("tests/")]


@pytest.mark.model
def test_wheel_unpacked_outside_the_checkout_structures_with_the_classifier(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(site)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["file"].startswith(str(site))
    assert out["engine"]["classifier"] is True
    assert out["homework"] == ["sleep diary"]
