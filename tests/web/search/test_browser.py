"""Search in Chromium: a signed note's line found from the top bar and from the client's page."""

from __future__ import annotations

import re

import pytest

from ..test_browser import PASSWORD, live_server, page  # noqa: F401 - the fixtures

pytestmark = pytest.mark.browser


def test_browser_search_finds_a_signed_line_and_opens_the_note(live_server, page):  # noqa: F811
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_server + "/setup")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.fill("input[name=full_name]", "Ann Lee")
    page.fill("input[name=time_zone]", "UTC")
    page.click("button:has-text('Create account')")
    page.click("text=Add a client")
    page.fill("input[name=name]", "Jo Smith")
    page.fill("input[name=code]", "C-001")
    page.click("button:has-text('Add client')")
    page.wait_for_url(re.compile(r".*/clients/\d+$"))
    client_url = page.url
    page.click("a.button:has-text('New note')")
    page.fill(
        "textarea[name=jotting]",
        "11/20. 50 min. Discussed conflict with her sister. Denies SI/HI. HW: sleep diary.",
    )
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    note_url = page.url
    page.click("button:has-text('Save and sign')")
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign note')")
    page.wait_for_selector("text=Signed by Ann Lee")

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
