"""User names: NFKC, case-folded, letters a-z, digits, dots, underscores and hyphens only."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from web import cli
from web.auth.accounts import create_user
from web.db import db
from web.records import User

RULE = (
    "Choose a user name of 1 to 80 characters: letters a-z, digits, dots, underscores and hyphens."
)


def _names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(User.username).order_by(User.id)))


def test_usernames_are_stored_normalised(app, auth):
    assert auth.setup("\uff21nn.Lee").status_code == 302  # a fullwidth A
    assert _names(app) == ["ann.lee"]


@pytest.mark.parametrize("typed", ["ann", "ANN", "Ann", "\uff41\uff4e\uff4e", " ann "])
def test_usernames_sign_in_by_any_form_of_the_name(auth, typed):
    auth.setup("ann")
    auth.logout()
    assert auth.login(typed).status_code == 302


@pytest.mark.parametrize("look_alike", ["ANN", "Ann", "\uff41\uff4e\uff4e", "\uff21\uff2e\uff2e"])
def test_usernames_look_alikes_are_taken(app, signed_in, look_alike):
    response = signed_in.add_user(look_alike)
    assert response.status_code == 400
    assert "That user name is taken." in response.text
    assert _names(app) == ["ann"]


@pytest.mark.parametrize(
    "username", ["ann smith", "ann@clinic", "\u0430nn", "ann/x", "<ann>", "ann\u200b"]
)
def test_usernames_outside_the_safe_set_are_refused(app, signed_in, username):
    response = signed_in.add_user(username)
    assert response.status_code == 400
    assert RULE in response.text
    assert _names(app) == ["ann"]


def test_usernames_failures_of_every_form_count_together(app, auth):
    auth.setup("ann")
    auth.logout()
    forms = ["ann", "ANN", "Ann", "aNN", "\uff41nn"]
    for typed in forms[: app.config["LOGIN_MAX_FAILURES"]]:
        assert auth.login(typed, "wrong password!").status_code == 401
    assert auth.login("ann").status_code == 429


def test_usernames_an_older_unnormalised_account_still_signs_in_and_is_taken(app, signed_in):
    with app.app_context():
        user = create_user("dr.smith", "an old long password", is_admin=False)
        user.username = "Dr.Smith"  # as names were kept before the rule
        db.session.commit()
    assert signed_in.add_user("dr.smith").status_code == 400
    signed_in.logout()
    assert signed_in.login("DR.SMITH", "an old long password").status_code == 302


def test_usernames_cli_create_user_normalises_and_refuses(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NOTEWELL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    monkeypatch.setenv("NOTEWELL_ARGON2_MEMORY_COST", "1024")
    monkeypatch.setenv("NOTEWELL_ARGON2_TIME_COST", "1")
    assert cli.main(["db", "upgrade"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-user", "\uff23arol"]) == 0
    assert "account carol added" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-user", "CAROL"]) == 2
    assert "'carol' is taken" in capsys.readouterr().err
    assert cli.main(["create-user", "carol smith"]) == 2
    assert RULE in capsys.readouterr().err
