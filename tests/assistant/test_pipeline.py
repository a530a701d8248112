"""The pipeline's declared contracts: what each component assigns and requires, and its config."""

import pytest
from spacy.language import Language

from assistant.pipeline import COMPONENTS, build_pipeline
from assistant.roles.role_tagger import NAME as ROLE_TAGGER
from assistant.segmenter.segmenter import NAME as SEGMENTER


def test_pipeline_contracts_have_no_problems(engine):
    analysis = engine.nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in engine.nlp.pipe_names}
    assert analysis["attrs"]["span._.decision"]["assigns"] == [ROLE_TAGGER]


def test_pipeline_analysis_finds_a_missing_component(engine):
    """Without the segmenter nothing assigns the headers the role tagger requires."""
    nlp = engine.nlp
    with nlp.select_pipes(disable=[SEGMENTER]):
        problems = nlp.analyze_pipes()["problems"]
    assert "span._.header" in problems[ROLE_TAGGER]


def test_pipeline_components_declare_their_tunables_in_default_config():
    tunables = {
        "assistant_layout": {"short_line"},
        "assistant_segmenter": {"run_on_words", "min_left_words", "dictated_marks"},
        "assistant_session_finder": {"lead_window"},
        "assistant_role_tagger": {"threshold", "strong_rule", "risk_override", "classifier"},
    }
    for name, keys in tunables.items():
        assert keys <= set(Language.get_factory_meta(name).default_config), name
    assert [name for name, _ in COMPONENTS][-1] == "assistant_section_extractor"


def test_pipeline_config_reaches_the_component(engine):
    nlp = build_pipeline(
        config={"assistant_layout": {"short_line": 3}, ROLE_TAGGER: {"classifier": False}}
    )
    assert nlp.get_pipe("assistant_layout").short_line == 3
    assert nlp.get_pipe(ROLE_TAGGER).classifier is None
    assert nlp.config["components"]["assistant_layout"]["short_line"] == 3


def test_pipeline_unknown_component_in_config_is_refused():
    with pytest.raises(ValueError, match="assistant_nope"):
        build_pipeline(config={"assistant_nope": {}})
