"""Issue 14 end to end in Chromium: three sessions of one client, each step of continuity,
from the carried-forward homework to a search hit and the reflection view."""

from __future__ import annotations

import re

import pytest

from .test_browser import (  # noqa: F401 - the fixtures
    ARTIFACTS,
    _account_and_client,
    _signed_plan,
    live_server,
    page,
)

pytestmark = pytest.mark.browser


def _structure(tab, client_url: str, jotting: str) -> str:
    tab.goto(client_url)
    tab.click("a.button:has-text('New note')")
    tab.fill("textarea[name=jotting]", jotting)
    tab.click("button:has-text('Structure')")
    tab.wait_for_url(re.compile(r".*/notes/\d+$"))
    return tab.url


def _sign(tab) -> None:
    tab.click("button:has-text('Save and sign')")
    tab.wait_for_url(re.compile(r".*/notes/\d+/sign$"))
    tab.check("input[name=confirm]")
    tab.click("button:has-text('Sign note')")
    tab.wait_for_selector("text=Signed by Ann Lee")


def test_browser_three_sessions_carry_forward_chart_goals_search_reflection(
    live_server,  # noqa: F811
    page,  # noqa: F811
):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    client_url = _account_and_client(page, live_server)
    _signed_plan(page)

    # Session 1: a topic to search for later, a PHQ-9, homework.
    _structure(
        page,
        client_url,
        "11/13. 50 min. Discussed conflict with her sister. Used cognitive restructuring on "
        "work worries. PHQ-9 = 14. Denies SI/HI. HW: keep a sleep diary nightly.",
    )
    _sign(page)

    # Session 2: last session's homework on the new note, its review linked with a status,
    # progress toward the goal chosen and signed.
    page.goto(client_url)
    page.click("a.button:has-text('New note')")
    assert "keep a sleep diary nightly" in page.locator("section.carried").inner_text()
    page.fill(
        "textarea[name=jotting]",
        "11/20. 50 min. Client did the sleep diary 5 of 7 nights and slept 6 hours a night. "
        "Used cognitive restructuring again. PHQ-9 = 11. Denies SI/HI. HW: walk 3x this week.",
    )
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    review = page.locator("p.carried-review").inner_text()
    assert "reviews last session's homework: keep a sleep diary nightly (partial)" in review
    panel = page.locator("#goals")
    assert "Goal 1: Sleep through the night" in panel.inner_text()
    panel.get_by_label("better").check()
    page.click("button:has-text('Save goal progress')")
    page.wait_for_selector("text=Goal progress saved.")
    _sign(page)
    assert "Sleep through the night: better" in page.locator("#goals").inner_text()

    # Session 3.
    _structure(
        page,
        client_url,
        "11/27. 50 min. Client walked twice. Used cognitive restructuring on the walks. "
        "PHQ-9 = 9. Denies SI/HI.",
    )
    _sign(page)

    # The client's page: the timeline newest first and the PHQ-9 chart with its table.
    page.goto(client_url)
    days = page.locator("ol.timeline summary .day").all_inner_texts()
    assert days == ["2026-11-27", "2026-11-20", "2026-11-13"]
    chart = page.locator("#measures svg[role=img]")
    assert chart.locator("polyline").count() >= 1
    table = page.locator("#measures table").inner_text()
    assert "PHQ-9" in table and "14/27" in table and "9/27" in table

    # A search hit from the first session.
    page.click("header.top >> text=Search")
    page.fill("#search-q", "sister")
    page.click("main button:has-text('Search')")
    hit = page.locator("#word-hits li").first
    assert "Jo Smith (C-001), 2026-11-13" in hit.inner_text()
    assert hit.locator("mark").inner_text().lower() == "sister"

    # The reflection view.
    page.goto(client_url)
    page.click("text=Reflection: what followed each intervention")
    page.wait_for_url(re.compile(r".*/reflection/clients/\d+$"))
    row = page.locator("table.reflection tr", has_text="Cognitive restructuring (CBT)")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "3"  # signed sessions that used it
    assert "−2.5 (2)" in cells  # PHQ-9 14 -> 11 -> 9
    page.screenshot(path=str(ARTIFACTS / "continuity-reflection.png"), full_page=True)
    assert problems == [], problems
