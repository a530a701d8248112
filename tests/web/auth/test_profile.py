"""Accounts' full name, credentials and time zone: set at creation, edited on the profile page."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, User
from web.timezones import local_stamp


def _user(app, username: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.username == username))


def test_profile_setup_records_name_credentials_and_zone(app, auth):
    response = auth.setup(
        "ann", full_name="Ann Lee", credentials="PhD, LP", time_zone="America/Chicago"
    )
    assert response.status_code == 302
    ann = _user(app, "ann")
    assert (ann.full_name, ann.credentials, ann.time_zone) == (
        "Ann Lee",
        "PhD, LP",
        "America/Chicago",
    )


def test_profile_new_account_takes_the_configured_zone(app, auth):
    app.config["DEFAULT_TIME_ZONE"] = "Europe/Berlin"
    page = auth.client.get("/setup")
    assert 'name="time_zone" value="Europe/Berlin"' in page.text
    auth.post(
        "/setup",
        {
            "username": "ann",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
            "full_name": "Ann Lee",
        },
    )
    assert _user(app, "ann").time_zone == "Europe/Berlin"


def test_profile_a_bad_configured_zone_falls_back_to_utc(app, auth):
    app.config["DEFAULT_TIME_ZONE"] = "Not/AZone"
    assert 'name="time_zone" value="UTC"' in auth.client.get("/setup").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "&#39;Mars/Olympus&#39; is not a time zone"),
        ({"time_zone": "../../etc/passwd"}, "is not a time zone"),
        ({"full_name": "   "}, "Enter your full name as it should appear on signed notes"),
        ({"credentials": "x" * 101}, "Credentials are at most 100 characters"),
    ],
)
def test_profile_setup_refuses_bad_profile(app, auth, fields, message):
    response = auth.setup("ann", **fields)
    assert response.status_code == 400
    assert message in response.text
    assert _user(app, "ann") is None


def test_profile_admin_adds_account_with_profile(app, signed_in):
    response = signed_in.add_user(
        "bob", full_name="Bob Ray", credentials="LPC", time_zone="America/Denver"
    )
    assert response.status_code == 302
    bob = _user(app, "bob")
    assert (bob.full_name, bob.credentials, bob.time_zone) == ("Bob Ray", "LPC", "America/Denver")
    assert "Bob Ray, LPC" in signed_in.client.get("/users").text


def test_profile_user_edits_their_own_and_it_is_audited(app, signed_in):
    page = signed_in.client.get("/profile")
    assert page.status_code == 200 and 'value="Ann Example"' in page.text
    response = signed_in.post(
        "/profile",
        {"full_name": "Ann Q. Example", "credentials": "LICSW", "time_zone": "America/New_York"},
    )
    assert response.status_code == 302
    ann = _user(app, "ann")
    assert (ann.full_name, ann.credentials, ann.time_zone) == (
        "Ann Q. Example",
        "LICSW",
        "America/New_York",
    )
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_account"))
    assert event.detail == "changed full_name, credentials, time_zone"
    assert "Ann Q. Example" not in event.detail


def test_profile_bad_zone_keeps_what_was_typed(app, signed_in):
    response = signed_in.post(
        "/profile", {"full_name": "Ann New", "credentials": "LCSW", "time_zone": "Chicago"}
    )
    assert response.status_code == 400
    assert "is not a time zone" in response.text and 'value="Ann New"' in response.text
    assert _user(app, "ann").full_name == "Ann Example"


def test_profile_needs_sign_in(client):
    assert "/login" in client.get("/profile").location


def test_profile_local_stamp_shows_the_zone():
    when = dt.datetime(2026, 12, 7, 15, 30, tzinfo=dt.UTC)
    assert local_stamp(when, "America/New_York") == "2026-12-07 10:30 EST (America/New_York)"
    assert local_stamp(when.replace(tzinfo=None), "UTC") == "2026-12-07 15:30 UTC"
    assert local_stamp(when, "Nowhere/Else") == "2026-12-07 15:30 UTC"
    assert local_stamp(None, "UTC") == ""
