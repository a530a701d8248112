"""Training data of the role head: seeds, rewrites, grouped folds (no encoder needed)."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from assistant.classifier.head import ROLES
from assistant.classifier.training import _folds
from assistant.classifier.variants import expand, variants_of
from assistant.resources import models_dir, read_jsonl


@pytest.fixture(scope="module")
def seeds() -> list[dict]:
    return read_jsonl(models_dir() / "sentence_roles" / "seeds.jsonl")


def test_classifier_training_seeds_cover_every_role_with_unique_texts(seeds):
    counts = Counter(r["role"] for r in seeds)
    assert set(counts) == set(ROLES)
    assert min(counts.values()) >= 40
    assert len({r["id"] for r in seeds}) == len(seeds)
    assert len({r["text"].strip().lower() for r in seeds}) == len(seeds)


def test_classifier_training_corpus_has_two_thousand_segments(seeds):
    corpus = expand(seeds, seed=13)
    assert len(corpus) >= 2000
    assert {r["kind"] for r in corpus} == {"seed", "shorthand", "dictation", "bullet", "header"}


def test_classifier_training_corpus_file_matches_the_seeds(seeds):
    on_disk = read_jsonl(models_dir() / "sentence_roles" / "corpus.jsonl")
    assert on_disk == expand(seeds, seed=13)


def test_classifier_training_rewrites_are_deterministic_and_distinct():
    text = "Client discussed homework about her mother with the therapist."
    a = variants_of(text, "topic", random.Random(3), per_seed=3)
    b = variants_of(text, "topic", random.Random(3), per_seed=3)
    assert a == b
    assert len({t.lower() for _, t in a} | {text.lower()}) == 4


def test_classifier_training_shorthand_rewrite_abbreviates():
    rng = random.Random(0)
    kinds = dict(variants_of("The client practiced breathing with her mother", "homework", rng, 4))
    assert "w/" in kinds["shorthand"] or "mom" in kinds["shorthand"]
    assert not kinds["shorthand"].lower().startswith("the client")


def test_classifier_training_header_rewrite_uses_the_roles_headers():
    kinds = dict(variants_of("sleep diary nightly", "homework", random.Random(1), 4))
    assert kinds["header"].split(" ")[0] in {"HW:", "Homework:", "HW", "Between", "Assignment:"}


def test_classifier_training_folds_keep_a_seeds_variants_together():
    y = np.array([i % 3 for i in range(60) for _ in range(3)])
    groups = np.array([f"g{i}" for i in range(60) for _ in range(3)])
    folds = _folds(y, groups, seed=7)
    assert len(folds) == 5
    for train_idx, test_idx in folds:
        assert not set(groups[train_idx]) & set(groups[test_idx])
        assert len(train_idx) + len(test_idx) == len(y)
