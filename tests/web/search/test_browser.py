"""Search in Chromium: a signed note's line found from the top bar and from the client's page."""

from __future__ import annotations

import re

import pytest

from ..test_browser import _account_and_client, _sign_jotting, live_server, page  # noqa: F401

pytestmark = pytest.mark.browser


def test_browser_search_finds_a_signed_line_and_opens_the_note(live_server, page):  # noqa: F811
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    client_url = _account_and_client(page, live_server)
    _sign_jotting(
        page,
        client_url,
        "11/20. 50 min. Discussed conflict with her sister. Denies SI/HI. HW: sleep diary.",
    )
    note_url = page.url

    page.click("header.top >> text=Search")
    page.fill("#search-q", "sisters")
    page.click("main button:has-text('Search')")
    hit = page.locator("#word-hits li").first
    assert hit.locator("mark").inner_text().lower() == "sister"
    assert "Jo Smith (C-001), 2026-11-20" in hit.inner_text()
    hit.locator("a").click()
    page.wait_for_url(re.compile(re.escape(note_url) + "#field-"))

    page.goto(client_url)
    page.fill("input[name=q]", "sleep diary")
    page.click("form[role=search] button:has-text('Search')")
    assert page.locator("h1").inner_text() == "Search Jo Smith's notes"
    assert page.locator("#word-hits li").count() == 1
    assert problems == [], problems
