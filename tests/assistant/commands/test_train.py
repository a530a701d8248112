"""`notewell train`: the reviews file is for the role head only."""

from __future__ import annotations

from assistant import commands


def test_train_risk_refuses_reviews(tmp_path, capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="notewell")
    commands.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["train", "risk", "--from-reviews", str(tmp_path / "r.jsonl")])
    assert commands.run(args) == 2
    assert "role head only" in capsys.readouterr().err
