"""Admin pages: adding accounts and the audit log, for admins only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent


def _actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_admin_adds_account_that_can_sign_in(app, auth):
    auth.setup("ann")
    response = auth.add_user("bob")
    assert response.status_code == 302
    assert "bob" in auth.client.get("/users").text
    auth.logout()
    assert auth.login("bob").status_code == 302
    assert "create_account" in _actions(app)


def test_admin_non_admin_cannot_add_accounts(auth):
    auth.setup("ann")
    auth.add_user("bob")
    auth.logout()
    auth.login("bob")
    assert auth.client.get("/users").status_code == 404
    assert auth.add_user("eve").status_code == 404


def test_admin_sees_audit_log_without_note_text(auth, draft):
    page = auth.client.get("/audit")
    assert page.status_code == 200
    rows = re.findall(
        r"<tr><td>(\d{4}-\d\d-\d\d \d\d:\d\d UTC)</td><td>ann</td><td>(\w+)</td>", page.text
    )
    assert {"create_account", "login_success", "create_client", "create"} <= {a for _, a in rows}
    assert "sleep diary" not in page.text and "resistant" not in page.text


def test_admin_audit_log_is_admin_only(auth):
    auth.setup("ann")
    auth.add_user("bob")
    auth.logout()
    auth.login("bob")
    assert auth.client.get("/audit").status_code == 404


@pytest.mark.parametrize("url", ["/users", "/audit"])
def test_admin_pages_are_404_for_non_admins_and_open_to_admins(auth, url):
    auth.setup("ann")
    auth.add_user("bob")
    admin_page = auth.client.get(url)
    assert admin_page.status_code == 200
    assert 'href="/users">Accounts</a>' in admin_page.text
    assert 'href="/audit">Audit log</a>' in admin_page.text
    auth.logout()
    auth.login("bob")
    response = auth.client.get(url)
    assert response.status_code == 404
    assert "There is no such page." in response.text
    assert 'href="/users"' not in response.text and 'href="/audit"' not in response.text


def test_admin_adds_an_admin_account(auth):
    auth.setup("ann")
    assert auth.add_user("carol", admin=True).status_code == 302
    assert "carol (admin)" in auth.client.get("/users").text
    auth.logout()
    auth.login("carol")
    assert auth.client.get("/audit").status_code == 200
