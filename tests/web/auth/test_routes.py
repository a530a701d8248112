"""Accounts: first account, sign-in and its limits, sign-out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, User


def _actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_auth_empty_database_asks_for_first_account(client):
    assert client.get("/").location.endswith("/setup")
    assert client.get("/login").location.endswith("/setup")
    page = client.get("/setup")
    assert page.status_code == 200
    assert "Create the first account" in page.text
    assert "default password" in page.text


def test_auth_first_account_is_admin_with_argon2id_hash(app, auth, password):
    response = auth.setup("ann")
    assert response.status_code == 302 and response.location.endswith("/clients")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann"))
        assert user.is_admin
        assert user.password_hash.startswith("$argon2id$")
        assert password not in user.password_hash
    assert auth.client.get("/clients").status_code == 200


def test_auth_setup_gone_once_an_account_exists(auth):
    auth.setup("ann")
    auth.logout()
    assert auth.client.get("/setup").status_code == 404
    assert auth.setup("mallory").status_code == 404


def test_auth_setup_rejects_short_or_mismatched_password(auth, password):
    short = auth.post("/setup", {"username": "ann", "password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.text
    differ = auth.post(
        "/setup", {"username": "ann", "password": password, "confirm": password + "x"}
    )
    assert differ.status_code == 400 and "differ" in differ.text


def test_auth_login_success_and_failure_are_audited(app, auth):
    auth.setup("ann")
    auth.logout()
    bad = auth.login("ann", "wrong password!")
    assert bad.status_code == 401 and "Wrong user name or password" in bad.text
    good = auth.login("ann")
    assert good.status_code == 302
    assert _actions(app)[-3:] == ["logout", "login_failure", "login_success"]


def test_auth_login_attempts_are_limited(app, auth):
    auth.setup("ann")
    auth.logout()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert auth.login("ann", "wrong password!").status_code == 401
    locked = auth.login("ann")  # even the right password waits out the window
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.text
    assert auth.client.get("/clients").status_code == 302


def test_auth_logout_invalidates_the_session_on_the_server(app, auth):
    auth.setup("ann")
    stolen = auth.client.get_cookie("session").value
    assert auth.logout().status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/clients")
    assert response.status_code == 302 and "/login" in response.location


def test_auth_session_cookie_is_httponly_and_samesite(auth):
    response = auth.setup("ann")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_auth_session_cookie_is_secure_over_https(app, password):
    client = app.test_client()
    page = client.get("/setup", base_url="https://localhost")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    # Over HTTPS, Flask-WTF also checks that the form came from this site (Referer).
    response = client.post(
        "/setup",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/setup"},
        data={
            "csrf_token": token,
            "username": "ann",
            "password": password,
            "confirm": password,
            "full_name": "Ann Example",
        },
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


@pytest.mark.parametrize(
    "next_param",
    [
        "//evil.example/x",
        "/%09/evil.example",  # a browser drops the tab and goes to //evil.example
        "/%0a/evil.example",
        "/%0d/evil.example",
        "%09//evil.example",
        "/%5cevil.example",  # a browser reads the backslash as a slash
        "%5c%5cevil.example",
        "/%5c/evil.example",
        "%2f%2fevil.example",
        "/%252f/evil.example",  # encoded twice
        "%252F%252Fevil.example",
        "https://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "%20//evil.example",
        "/%00/evil.example",
        "",
    ],
)
def test_auth_login_next_refuses_every_off_site_target(auth, password, next_param):
    auth.setup("ann")
    auth.logout()
    response = auth.post(f"/login?next={next_param}", {"username": "ann", "password": password})
    assert response.status_code == 302
    assert response.location == "/clients"


@pytest.mark.parametrize("target", ["/notes/7", "/clients/3?tab=plan", "/notes/7#top"])
def test_auth_login_next_keeps_a_same_site_path(auth, password, target):
    auth.setup("ann")
    auth.logout()
    quoted = target.replace("?", "%3F").replace("&", "%26").replace("#", "%23")
    response = auth.post(f"/login?next={quoted}", {"username": "ann", "password": password})
    assert response.location == target


def test_auth_cookie_is_secure_behind_an_https_proxy(app, password):
    from web import create_app

    proxied = create_app({**app.config, "PROXY_FIX": True})  # same (empty) database
    client = proxied.test_client()
    headers = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "notes.example.org",
        "Referer": "https://notes.example.org/setup",
    }
    page = client.get("/setup", headers=headers)
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/setup",
        headers=headers,
        data={
            "csrf_token": token,
            "username": "ann",
            "password": password,
            "confirm": password,
            "full_name": "Ann Example",
        },
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    proxied.extensions["db_engine"].dispose()


def test_auth_index_sends_each_visitor_to_the_right_place(auth):
    auth.setup("ann")
    assert auth.client.get("/").location.endswith("/clients")
    auth.logout()
    assert auth.client.get("/").location.endswith("/login")


@pytest.mark.parametrize(
    "url",
    [
        "/clients",
        "/clients/new",
        "/clients/1",
        "/notes/new",
        "/notes/1",
        "/notes/1/export.pdf",
        "/addenda/1",
        "/users",
    ],
)
def test_auth_anonymous_visitors_go_to_login(auth, url):
    auth.setup("ann")
    auth.logout()
    response = auth.client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
