"""The password rule on every page and command that sets one: length, common list, user name."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from web import cli
from web.db import db
from web.records import User

SHORT = "The password needs at least 12 characters."
COMMON = "That password is on the list of common passwords: choose one less easy to guess."
NAME = "The password must not contain the user name."

REFUSED = [
    ("annabel", "eleven char", SHORT),
    ("annabel", "Password1234", COMMON),
    ("annabel", "qwertyuiopas", COMMON),
    ("annabel", "aaaaaaaaaaaa", COMMON),
    ("annabel", "September2024", COMMON),
    ("annabel", "letmein12345", COMMON),
    ("annabel", "I am ANNABEL, ok?", NAME),
]


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def _beside_the_field(page: str, message: str) -> bool:
    return f'<p class="field-error" id="password-error">{message}</p>' in page


@pytest.mark.parametrize(("username", "password", "message"), REFUSED)
def test_passwords_setup_refuses_weak_password_beside_the_field(
    app, auth, username, password, message
):
    response = auth.setup(username, password)
    assert response.status_code == 400
    assert _beside_the_field(response.text, message)
    assert 'aria-invalid="true"' in response.text
    assert _count(app) == 0


@pytest.mark.parametrize(("username", "password", "message"), REFUSED)
def test_passwords_new_account_refuses_weak_password(app, signed_in, username, password, message):
    response = signed_in.add_user(username, password)
    assert response.status_code == 400
    assert _beside_the_field(response.text, message)
    assert _count(app) == 1


def test_passwords_a_short_name_may_appear_in_the_password(app, signed_in):
    assert signed_in.add_user("al", "a long walk to the shore").status_code == 302
    assert _count(app) == 2


def test_passwords_list_is_shipped_and_sizeable():
    from web.auth.passwords import MIN_PASSWORD, common_passwords

    words = common_passwords()
    assert len(words) > 5000
    assert all(len(w) >= MIN_PASSWORD and w == w.casefold() for w in words)


@pytest.mark.parametrize(
    ("password", "message"),
    [("eleven char", "at least 12 characters"), ("password2020", "common passwords")],
)
def test_passwords_cli_create_user_refuses_weak_password(
    tmp_path, monkeypatch, capsys, password, message
):
    monkeypatch.setenv("NOTEWELL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    monkeypatch.setenv("NOTEWELL_ARGON2_MEMORY_COST", "1024")
    monkeypatch.setenv("NOTEWELL_ARGON2_TIME_COST", "1")
    assert cli.main(["db", "upgrade"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert cli.main(["create-user", "dave"]) == 2
    assert message in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("dave's own long phrase\n"))
    assert cli.main(["create-user", "dave"]) == 2
    assert "must not contain the user name" in capsys.readouterr().err
