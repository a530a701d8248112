"""The account forms' checks, with the sentences the visitor reads."""

from __future__ import annotations

import pytest

NAME_RULE = (
    "Choose a user name of 1 to 80 characters: letters a-z, digits, dots, underscores and hyphens."
)
GOOD = "a long enough password"


@pytest.mark.parametrize(
    ("username", "password", "confirm", "message"),
    [
        ("", GOOD, GOOD, NAME_RULE),
        ("   ", GOOD, GOOD, NAME_RULE),
        ("a" * 81, GOOD, GOOD, NAME_RULE),
        ("ann\x07", GOOD, GOOD, NAME_RULE),
        ("ann", "short", "short", "The password needs at least 12 characters."),
        ("ann", GOOD, GOOD + "!", "The two passwords differ."),
        ("a" * 81, "short", "other", NAME_RULE),  # only the first field's sentence
    ],
)
def test_forms_account_refuses_bad_input(auth, username, password, confirm, message):
    response = auth.post("/setup", {"username": username, "password": password, "confirm": confirm})
    assert response.status_code == 400
    assert f'<p class="error" role="alert">{message}</p>' in response.text
    assert response.text.count('role="alert"') == 1
    assert auth.client.get("/setup").status_code == 200  # still no account


def test_forms_account_keeps_the_typed_name(auth):
    response = auth.post("/setup", {"username": "  ann  ", "password": "short", "confirm": "short"})
    assert 'value="ann"' in response.text


@pytest.mark.parametrize("username", ["ann", " ann "])
def test_forms_new_account_name_must_be_free(signed_in, username):
    response = signed_in.add_user(username)
    assert response.status_code == 400
    assert "That user name is taken." in response.text


def test_forms_name_check_comes_before_the_taken_check(signed_in):
    response = signed_in.post("/users", {"username": "ann", "password": "short", "confirm": "x"})
    assert response.status_code == 400
    assert "at least 12 characters" in response.text and "taken" not in response.text


def test_forms_login_takes_any_input_and_says_only_wrong(auth):
    auth.setup("ann")
    auth.logout()
    response = auth.post("/login", {"username": "x" * 200, "password": ""})
    assert response.status_code == 401 and "Wrong user name or password" in response.text
    assert f'value="{"x" * 80}"' in response.text
