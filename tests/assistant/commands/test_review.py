"""`notewell review FILE`: inline flags, reasons, rewrites, audit, score; one-sentence errors."""

from __future__ import annotations

import io
import sys

import pytest

from assistant import commands
from assistant.commands import review
from assistant.note import Flag

JOTTING = "11/20 50 min\n- pt c/o panic w/ commute, seemed resistant\n- HW: bus diary\n- no SI\n"


@pytest.fixture
def shared_engine(engine, monkeypatch):
    """Review with the session's engine instead of building a new pipeline per test."""
    monkeypatch.setattr(review, "load_engine", lambda: engine)
    return engine


def run_review(capsys, *argv: str) -> tuple[int, str, str]:
    code = commands.main(["review", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_review_cli_marks_flags_inline_and_explains_each(shared_engine, tmp_path, capsys):
    path = tmp_path / "jotting.txt"
    path.write_text(JOTTING, encoding="utf-8")
    code, out, err = run_review(capsys, str(path), "--date", "2026-11-29")
    assert code == 0 and err == ""
    assert "[[pt]]^1 [[c/o]]^2 panic [[w/]]^3 commute" in out
    assert "1. jargon: pt" in out
    assert "Rewrite: client" in out
    assert "Why: 'pt' is clinical shorthand" in out
    assert "interpretive: seemed resistant" in out
    assert "Instead: describe what happened" in out  # guidance, not a rewrite to paste in
    assert "\x1b" not in out  # no terminal escape codes


def test_review_cli_prints_audit_and_score(shared_engine, tmp_path, capsys):
    path = tmp_path / "jotting.txt"
    path.write_text(JOTTING, encoding="utf-8")
    _, out, _ = run_review(capsys, str(path), "--date", "2026-11-29")
    audit = out.split("Audit\n", 1)[1]
    assert "CPT 90834" in audit
    assert "flags open" in audit
    assert "Documentation score: " in out
    total = int(out.split("Documentation score: ", 1)[1].split("/100", 1)[0])
    assert 0 <= total < 100  # flags are open, so the score cannot be full
    for label in ("Completeness", "Observable language", "Plain language"):
        assert label in out


def test_review_cli_reads_standard_input(shared_engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(JOTTING.encode("utf-8"))))
    code, out, _ = run_review(capsys, "-", "--date", "2026-11-29")
    assert code == 0
    assert "Review of standard input" in out and "[[HW]]" in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "does not exist"),
        (b"\xff\xfe\xfa broken", "not UTF-8"),
        (b"  \n\t ", "empty"),
        (b"a" * 20_001, "limit of 20,000"),
        (b"50 min\x00\x01\x02", "binary"),
    ],
    ids=["missing", "not-utf8", "empty", "too-long", "binary"],
)
def test_review_cli_bad_input_prints_one_sentence_and_exits_2(
    shared_engine, tmp_path, capsys, content, needle
):
    path = tmp_path / "jotting.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run_review(capsys, str(path))
    assert code == 2
    assert out == ""
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_review_cli_folder_is_refused(shared_engine, tmp_path, capsys):
    code, _, err = run_review(capsys, str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_review_mark_flags_numbers_in_text_order():
    text = "pt said HW done"
    flags = [Flag("jargon", "HW", 8, 10, "r"), Flag("jargon", "pt", 0, 2, "r")]
    assert review.mark_flags(text, flags) == "[[pt]]^1 said [[HW]]^2 done"
