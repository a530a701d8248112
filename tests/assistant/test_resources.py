"""The runtime data: package data found without the checkout, lexicons checked as they load."""

import json

import pytest

from assistant.errors import ResourceError
from assistant.lexicon import PatternRule
from assistant.resources import data_dir, load_rules, read_lexicon

FIELDS = {"id": "string", "label": "string", "pattern": "string", "weight": "number"}


def write(path, **lexicon) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(lexicon), encoding="utf-8")


def test_resources_every_lexicon_has_a_description_and_typed_fields():
    lexicons = sorted((data_dir() / "lexicons").glob("*.json"))
    assert len(lexicons) >= 10
    for path in lexicons:
        assert read_lexicon(path), path.name  # raises on a missing description or stray field
        assert not path.read_text(encoding="utf-8").lstrip().startswith("//")


def test_resources_data_dir_is_the_package_data_unless_overridden(tmp_path, monkeypatch):
    assert (data_dir() / "role_classifier" / "head.json").is_file()
    assert data_dir().parent.name == "assistant"
    monkeypatch.setenv("NOTEWELL_MODELS_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.setenv("NOTEWELL_MODELS_DIR", str(tmp_path / "nope"))
    with pytest.raises(ResourceError, match="NOTEWELL_MODELS_DIR"):
        data_dir()


def test_resources_a_lexicon_entry_is_read_into_its_rule_class(tmp_path):
    entry = {"id": "a", "label": "plan", "pattern": "next time", "weight": 2}
    write(tmp_path / "lexicons" / "cues.json", description="d", fields=FIELDS, entries=[entry])
    [rule] = load_rules("cues", PatternRule, tmp_path)
    assert (rule.label, rule.weight, rule.compile().search("Next time: exposure")) != (0, 0, None)
    assert rule.to_dict() == entry


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ({"fields": FIELDS, "entries": []}, "description"),
        ({"description": " ", "fields": FIELDS, "entries": []}, "description"),
        ({"description": "d", "fields": {"id": "text"}, "entries": []}, "fields must map"),
        (
            {"description": "d", "fields": FIELDS, "entries": [{"id": "a", "lable": "plan"}]},
            "entry 1 has the field 'lable'",
        ),
        (
            {"description": "d", "fields": FIELDS, "entries": [{"id": "a", "weight": "2"}]},
            "'weight' must be number",
        ),
        (
            {"description": "d", "fields": FIELDS, "entries": [{"id": "a", "weight": True}]},
            "'weight' must be number",
        ),
        ({"description": "d", "fields": FIELDS, "entries": [{"id": "a"}]}, "entry 1 is malformed"),
        (
            {
                "description": "d",
                "fields": FIELDS,
                "entries": [{"id": "a", "label": "x", "pattern": "("}],
            },
            "entry 1 is malformed",
        ),
    ],
)
def test_resources_a_bad_lexicon_is_refused_naming_the_entry(tmp_path, lexicon, message):
    write(tmp_path / "lexicons" / "cues.json", **lexicon)
    with pytest.raises(ResourceError, match=message):
        load_rules("cues", PatternRule, tmp_path)


def test_resources_a_lexicon_that_is_not_json_names_its_line(tmp_path):
    path = tmp_path / "lexicons" / "cues.json"
    path.parent.mkdir()
    path.write_text('{\n  "description": "d",\n  // a comment\n}', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"cues.json:3 is not valid JSON"):
        load_rules("cues", PatternRule, tmp_path)
