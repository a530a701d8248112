"""The new-client form's checks, with the sentences the therapist reads."""

from __future__ import annotations

import pytest

ONE_LINE = "The {} must be one line of text: remove line breaks, tabs and other control characters."


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("  ", "C-1", "Give the client's name (up to 200 characters)."),
        ("n" * 201, "C-1", "Give the client's name (up to 200 characters)."),
        ("Jo", "   ", "Give the client a code (up to 40 characters), e.g. their record number."),
        ("Jo", "c" * 41, "Give the client a code (up to 40 characters), e.g. their record number."),
        (" Jo ", " C-001 ", "You already have a client with the code C-001."),
        ("Jo\nSigned by Dr Fake", "C-1", ONE_LINE.format("client's name")),
        ("Jo\u2028Smith", "C-1", ONE_LINE.format("client's name")),
        ("Jo\x00", "C-1", ONE_LINE.format("client's name")),
        ("Jo", "C-1\r\nX", ONE_LINE.format("client code")),
        ("Jo", "C\t1", ONE_LINE.format("client code")),
        ("Jo", "C-1\u202e", ONE_LINE.format("client code")),
    ],
)
def test_forms_client_refuses_bad_input(signed_in, name, code, message):
    signed_in.add_client("Jo Smith", "C-001")
    response = signed_in.post("/clients/new", {"name": name, "code": code})
    assert response.status_code == 400
    assert f'<p class="error" role="alert">{message}</p>' in response.text.replace("&#39;", "'")


@pytest.mark.parametrize(
    ("name", "code"),
    [("n" * 200, "c" * 40), ("  Jo  ", "  C-2  "), ("Eleni Ελληνικά", "中文1")],
)
def test_forms_client_accepts_the_longest_and_trims(signed_in, name, code):
    client_id = signed_in.add_client(name, code)
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert f"{name.strip()} <small>({code.strip()})</small>" in page
