"""What a piece holds: the word tests the role tagger and the section extractor share."""

import pytest

from assistant.content import Wording
from assistant.resources import data_dir

WORDING = Wording.load(data_dir())


@pytest.mark.parametrize(
    ("piece", "expected"),
    [("f/u", True), ("the pt and her", False), ("Grief", True), ("50 min session", False)],
)
def test_content_has_content(piece, expected):
    assert WORDING.has_content(piece) is expected


@pytest.mark.parametrize(
    ("piece", "expected"),
    [
        ("Mia (6) with mom", True),
        ("in-person session, 50 min", True),
        ("video check in no. 3", True),
        ("Grief", False),
        ("Cried for 10 min", False),  # a capitalised verb is no name
        ("work stress with manager", False),
    ],
)
def test_content_admin_only(piece, expected):
    assert WORDING.admin_only(piece) is expected


@pytest.mark.parametrize(
    ("piece", "expected"),
    [("Pt said", True), ("which Theo calls", True), ("said the diary was pointless", False)],
)
def test_content_attribution_only(piece, expected):
    assert WORDING.is_attribution_only(piece) is expected


def test_content_whole_words_only():
    assert not WORDING.looks_like_verb("thinking")  # "think" is listed, "thinking" is not
    assert WORDING.looks_like_verb("Reviewed")
