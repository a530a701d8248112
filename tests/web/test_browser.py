"""End to end in Debian's Chromium, with the real pipeline: from the first account to a PDF."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from web import create_app
from web.db import make_engine
from web.migrate import upgrade

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
JOTTING = (
    "11/28 50 min. Discussed work stress and conflict w/ sister. Introduced CBT thought "
    "record. pt seemed resistant, in denial about drinking. Client said \"I just can't "
    'sleep". Denies SI/HI. HW: sleep diary. Plan: review diary next session.'
)
PASSWORD = "a long test password"


@pytest.fixture
def live_server(tmp_path, engine):
    """The app on a free localhost port, in a thread, with the real pipeline."""
    url = f"sqlite:///{tmp_path}/e2e.sqlite3"
    db_engine = make_engine(url)
    upgrade(db_engine)
    db_engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "e2e-secret",
            "ARGON2_MEMORY_COST": 8192,
            "ARGON2_TIME_COST": 1,
        }
    )
    app.extensions["assistant"] = engine
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["db_engine"].dispose()


@pytest.fixture
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 860}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def _copy_small(source: Path, target: Path) -> None:
    """Copy a screenshot for the README, as a 64-colour PNG when Pillow is there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(source, target)
        return
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)


def _end_session_then_press(page, base: str, button: str, problems: list[str]) -> None:
    """Sign out behind the page's back, press `button`, then sign in again from the refusal."""
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    page.request.post(base + "/logout", form={"csrf_token": token})
    page.click(f"button:has-text('{button}')")
    page.wait_for_selector("text=Your session had ended")
    assert problems.pop() == (
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )
    page.click("text=Back to Notewell")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()


def test_browser_full_flow(live_server, page, tmp_path):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # First account on the empty database.
    page.goto(live_server + "/")
    assert page.url.endswith("/setup")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.fill("input[name=full_name]", "Ann Lee")
    page.fill("input[name=credentials]", "LCSW")
    page.fill("input[name=time_zone]", "America/Chicago")
    page.click("button:has-text('Create account')")
    page.wait_for_url("**/clients")

    # A client, then a note from a pasted jotting.
    page.click("text=Add a client")
    page.fill("input[name=name]", "Jo Smith")
    page.fill("input[name=code]", "C-001")
    page.click("button:has-text('Add client')")
    page.wait_for_url(re.compile(r".*/clients/\d+$"))
    page.click("a.button:has-text('New note')")
    page.fill("textarea[name=jotting]", JOTTING)
    assert page.locator("#jotting-count").inner_text() == f"{len(JOTTING)} of 20,000 characters"
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    note_url = page.url

    # The flags are the reviewed fields' own; Accept rewrites the field, never the jotting.
    accept = page.get_by_role("button", name="Accept rewrite for w/")
    assert accept.count() == 1
    accept.click()
    page.wait_for_load_state()
    assert "conflict w/ sister" in page.locator("pre.jotting").inner_text()
    assert page.locator("#field-topics").input_value() == "work stress and conflict with sister"
    assert page.get_by_role("button", name="Accept rewrite for w/").count() == 0
    assert "#flag-" in page.url  # focus went to the next flag, not the top of the page
    assert page.evaluate("document.activeElement.classList.contains('flagdetail')")

    # Dismiss another: the words stay, the flag goes.
    page.get_by_role("button", name="Dismiss flag for CBT").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Dismiss flag for CBT").count() == 0
    assert "CBT" in page.locator("#field-interventions").input_value()

    # A judgment typed into a field is flagged while typing.
    page.fill("#field-client_response", "pt was manipulative and in denial")
    page.locator("#flags-client_response li", has_text="was manipulative").wait_for()
    assert page.get_by_role("button", name="Accept rewrite for pt").count() == 1
    assert page.get_by_role("button", name=re.compile("^Accept rewrite for was")).count() == 0

    # The format is a view of the same fields: switched in place, the unsaved edit kept.
    page.select_option("select[name=format]", "birp")
    page.locator("#preview", has_text="Behavior:").wait_for()  # no page-side eval: strict CSP
    assert "pt was manipulative" in page.locator("#preview").inner_text()
    assert page.url.split("#")[0] == note_url
    assert "pt was manipulative" in page.locator("#field-client_response").input_value()

    # Leaving the page autosaves the draft; the page carries on with the new version.
    page.evaluate("window.dispatchEvent(new Event('pagehide'))")
    page.wait_for_selector("#autosave-status:has-text('Draft autosaved')")

    # Accept in the typed field: the edit and the rewrite are both kept.
    page.get_by_role("button", name="Accept rewrite for pt").click()
    page.wait_for_load_state()
    kept = page.locator("#field-client_response").input_value()
    assert kept == "client was manipulative and in denial"
    page.fill("#field-plan", "review diary next session\ncontinue thought records")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Draft saved.")
    assert "continue thought records" in page.locator("#field-plan").input_value()
    assert "Behavior:" in page.locator("#preview").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-page.png"))
    if os.environ.get("NOTEWELL_WRITE_DOCS"):  # the README's screenshot, on request only
        _copy_small(ARTIFACTS / "review-page.png", ROOT / "docs" / "review-page.png")

    # A phone-width screen: the whole top menu fits.
    page.set_viewport_size({"width": 375, "height": 740})
    box = page.get_by_role("button", name="Sign out").bounding_box()
    assert box and box["x"] + box["width"] <= 375
    page.screenshot(path=str(ARTIFACTS / "review-page-375.png"))
    page.set_viewport_size({"width": 1280, "height": 860})

    # A session that ends before Structure keeps the jotting: back after signing in again.
    page.goto(live_server + "/notes/new")
    page.select_option("select[name=client_id]", label="Jo Smith (C-001)")
    page.fill("textarea[name=jotting]", "Unsaved words of a long session.")
    _end_session_then_press(page, live_server, "Structure", problems)
    page.click("nav a:has-text('New note')")
    page.wait_for_selector("#restored")
    assert (
        page.locator("textarea[name=jotting]").input_value() == "Unsaved words of a long session."
    )

    # The same for the review page's fields.
    page.goto(note_url)
    page.fill("#field-homework", "sleep diary\nwalk daily")
    page.wait_for_timeout(1500)  # the field's flag check lands while still signed in
    _end_session_then_press(page, live_server, "Save draft", problems)
    page.goto(note_url)
    page.wait_for_selector("#restored")
    assert page.locator("#field-homework").input_value() == "sleep diary\nwalk daily"
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Draft saved.")
    assert page.locator("#field-homework").input_value() == "sleep diary\nwalk daily"

    # Sign: the confirmation step shows the summary first and needs the tick.
    assert "Documentation score:" in page.locator("#scorecard").inner_text()
    page.click("button:has-text('Save and sign')")
    page.wait_for_url(re.compile(r".*/notes/\d+/sign$"))
    summary = page.locator(".sign-summary").inner_text()
    assert "Risk: Risk asked about and denied" in summary and "Open flags:" in summary
    page.screenshot(path=str(ARTIFACTS / "sign-confirmation.png"), full_page=True)
    page.click("button:has-text('Sign note')")  # without the tick the browser refuses
    assert page.url.endswith("/sign")
    assert page.locator("input[name=confirm]:invalid").count() == 1
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign note')")
    page.wait_for_selector("text=Signed by Ann Lee, LCSW")
    assert "(America/Chicago)" in page.locator("p.meta").first.inner_text()
    assert page.locator("#field-plan").is_disabled()

    # The timeline.
    page.click("h1 a:has-text('Jo Smith')")
    page.wait_for_selector("ol.timeline")
    timeline = page.locator("ol.timeline").inner_text()
    assert "2026-11-28" in timeline and "signed" in timeline and "sleep diary" in timeline
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)

    # Editing the signed note is refused, even by a hand-made POST.
    page.goto(note_url)
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = page.request.post(
        note_url + "/save",
        form={"csrf_token": token, "version": "99", "plan": "rewritten"},
        headers={"Referer": note_url},
    )
    assert refused.status == 403
    assert "can no longer change" in refused.text()

    # An addendum, with author and time.
    page.fill("textarea[name=text]", "Session ended 5 minutes early.")
    page.click("button:has-text('Add addendum')")
    page.wait_for_selector("text=Session ended 5 minutes early.")
    assert re.search(r"ann, \d{4}-\d\d-\d\d \d\d:\d\d UTC", page.locator("ol.addenda").inner_text())

    # Export the PDF.
    with page.expect_download() as info:
        page.click("a:has-text('PDF')")
    pdf = tmp_path / "note.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    assert problems == [], problems  # no CSP violations, no script errors


def test_browser_client_record_and_treatment_plan(live_server, page):
    """Date of birth, a diagnosis, two measures charted, and a plan drafted, refused once,
    signed and revised."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    _account_and_client(page, live_server)

    # The record's boxes are found by their labels, as a screen reader names them.
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.click("button:has-text('Save date of birth')")
    page.wait_for_selector("text=Date of birth saved.")
    assert "Recorded: 1990-04-02" in page.locator("#birth-date-hint").inner_text()
    page.get_by_label("Code", exact=True).fill("f411")
    page.get_by_label("Diagnosis", exact=True).fill("Generalized anxiety disorder")
    page.click("button:has-text('Add diagnosis')")
    page.wait_for_selector("td:has-text('F41.1')")
    page.get_by_label("Code", exact=True).fill("F4")
    page.get_by_label("Diagnosis", exact=True).fill("Words kept")
    page.click("button:has-text('Add diagnosis')")
    page.wait_for_selector("#diagnosis-code-error")
    code = page.locator("#diagnosis-code")
    assert code.get_attribute("aria-invalid") == "true" and code.input_value() == "F4"
    assert page.get_by_label("Diagnosis", exact=True).input_value() == "Words kept"
    problems.clear()  # the browser logs the 400 of the refused post

    # Two PHQ-9 scores entered on the record are charted, with the table beside the chart.
    for score, day in (("18", "2026-10-01"), ("12/27", "2026-11-02")):
        page.locator("#measure-name").select_option("PHQ-9")
        page.get_by_label("Score", exact=True).fill(score)
        page.locator("#measure-date").fill(day)
        page.click("button:has-text('Add measure')")
        page.wait_for_selector("text=Measure added.")
    chart = page.locator("#measures svg[role=img]")
    assert chart.locator("title").first.text_content() == "Measures over time"
    assert chart.locator("polyline").count() == 1
    assert "2026-11-02 PHQ-9 12/27" in page.locator("#measures table").inner_text().replace(
        "\t", " "
    )

    # A plan: a goal whose review comes before its start is refused beside the field.
    page.click("button:has-text('Start a treatment plan')")
    page.wait_for_url(re.compile(r".*/plans/\d+$"))
    new_goal = page.locator("#goal-new")
    new_goal.get_by_label("Goal", exact=True).fill("Sleep through the night")
    new_goal.get_by_label("Start date").fill("2026-12-01")
    new_goal.get_by_label("Review date").fill("2026-11-01")
    new_goal.get_by_label("Objectives").fill("Sleeps 7 hours on 5 nights a week")
    page.click("button:has-text('Add goal')")
    page.wait_for_selector("#goal-new-review_date-error")
    problems.clear()
    page.click("p.error a")  # the alert links to the field
    assert page.evaluate("document.activeElement.id") == "goal-new-review_date"
    page.locator("#goal-new").get_by_label("Review date").fill("2027-03-01")
    page.click("button:has-text('Add goal')")
    page.wait_for_selector("text=Goal added.")

    # Sign it: the tick first, then the plan in force is on the client's page.
    page.click("a:has-text('Sign version 1')")
    page.click("button:has-text('Sign plan')")  # without the tick the browser refuses
    assert page.locator("input[name=confirm]:invalid").count() == 1
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign plan')")
    page.wait_for_selector("text=Version 1, signed by Ann Lee")
    assert "Goal 1: Sleep through the night" in page.locator("#plan").inner_text()

    # Version 2 starts from it; removing its goal leaves version 1 as signed.
    page.click("button:has-text('Start version 2 from this plan')")
    page.wait_for_selector("text=started from version 1")
    page.click("button:has-text('Remove goal 1')")
    page.wait_for_selector("text=Goal removed from this draft.")
    page.click("a:has-text('Version 1')")
    assert "Goal 1: Sleep through the night" in page.locator("#goals").inner_text()
    assert problems == [], problems


def test_browser_last_session_carried_forward(live_server, page):
    """Sign a note with homework; the next note's page shows it, and the review is linked."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    client_url = _account_and_client(page, live_server)

    page.click("a.button:has-text('New note')")
    assert page.locator("#carried-heading").count() == 0  # nothing signed yet
    page.fill(
        "textarea[name=jotting]", "11/20. 50 min. Denies SI/HI. HW: keep a sleep diary nightly."
    )
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    page.click("button:has-text('Save and sign')")
    page.wait_for_url(re.compile(r".*/notes/\d+/sign$"))
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign note')")
    page.wait_for_selector("text=Signed by Ann Lee")

    page.goto(client_url)
    page.click("a.button:has-text('New note')")
    carried = page.locator("section.carried").inner_text()
    assert "Last session (2026-11-20, signed)" in carried
    assert "keep a sleep diary nightly" in carried and "None open" in carried
    page.fill("textarea[name=jotting]", "11/27. 50 min. Client did the sleep diary 5 of 7 nights.")
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    review = page.locator("p.carried-review").inner_text()
    assert "reviews last session's homework: keep a sleep diary nightly (partial)" in review

    page.goto(client_url)
    older = page.locator("ol.timeline details").nth(1)  # newest first: the draft is open
    assert "keep a sleep diary nightly" not in older.inner_text()  # folded
    older.locator("summary").click()
    assert "keep a sleep diary nightly partial" in older.inner_text()
    assert problems == [], problems


def _sign_jotting(page, client_url: str, jotting: str) -> None:
    page.goto(client_url)
    page.click("a.button:has-text('New note')")
    page.fill("textarea[name=jotting]", jotting)
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    page.click("button:has-text('Save and sign')")
    page.wait_for_url(re.compile(r".*/notes/\d+/sign$"))
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign note')")
    page.wait_for_selector("text=Signed by Ann Lee")


def test_browser_timeline_strip_and_reflection(live_server, page):
    """Three signed sessions: the timeline newest first, the topics strip, the reflection."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    client_url = _account_and_client(page, live_server)
    for jotting in (
        "11/13. 50 min. Discussed work stress. Used cognitive restructuring on work worries. "
        "PHQ-9 = 14. Denies SI/HI. HW: keep a sleep diary nightly.",
        "11/20. 50 min. Discussed stress at work. Client did the sleep diary 5 of 7 nights. "
        "Used cognitive restructuring again. PHQ-9 = 11. Denies SI/HI. HW: walk 3x this week.",
        "11/27. 50 min. Discussed fear of lifts. Client walked twice. PHQ-9 = 9. Denies SI/HI.",
    ):
        _sign_jotting(page, client_url, jotting)

    page.goto(client_url)
    days = page.locator("ol.timeline summary .day").all_inner_texts()
    assert days == ["2026-11-27", "2026-11-20", "2026-11-13"]
    assert page.locator("#topics svg rect").count() >= 3
    assert "work stress" in page.locator("#topics table").inner_text()
    page.screenshot(path=str(ARTIFACTS / "timeline-strip.png"), full_page=True)

    page.click("text=Reflection: what followed each intervention")
    page.wait_for_url(re.compile(r".*/reflection/clients/\d+$"))
    row = page.locator("table.reflection tr", has_text="Cognitive restructuring (CBT)")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "2"  # sessions that used it, signed
    assert "−2.5 (2)" in cells  # PHQ-9 14 -> 11 and 11 -> 9
    assert "Not a causal claim." in page.locator(".caveat").inner_text()
    page.screenshot(path=str(ARTIFACTS / "reflection.png"), full_page=True)
    assert problems == [], problems


def _account_and_client(page, live_server: str) -> str:
    """The first account (Ann Lee) and the client Jo Smith; the client page's address."""
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
    return page.url


def _signed_plan(page) -> None:
    """From the client's page: a treatment plan with one goal, signed as version 1."""
    page.click("button:has-text('Start a treatment plan')")
    new_goal = page.locator("#goal-new")
    new_goal.get_by_label("Goal", exact=True).fill("Sleep through the night")
    new_goal.get_by_label("Start date").fill("2026-11-01")
    new_goal.get_by_label("Review date").fill("2027-03-01")
    new_goal.get_by_label("Objectives").fill("Sleeps 7 hours on 5 nights a week")
    page.click("button:has-text('Add goal')")
    page.wait_for_selector("text=Goal added.")
    page.click("a:has-text('Sign version 1')")
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign plan')")
    page.wait_for_selector("text=Version 1, signed by Ann Lee")


def test_browser_goal_progress_in_the_note(live_server, page):
    """A signed plan's goal on the note's Goals panel: the suggested line, the progress chosen,
    the GIRP preview and the signed note holding it."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    client_url = _account_and_client(page, live_server)
    _signed_plan(page)

    page.goto(client_url)
    page.click("a.button:has-text('New note')")
    page.fill(
        "textarea[name=jotting]",
        "11/27. 50 min. Client slept 5 hours a night, waking at 3 am. Denies SI/HI. "
        "HW: sleep diary.",
    )
    page.click("button:has-text('Structure')")
    page.wait_for_url(re.compile(r".*/notes/\d+$"))
    panel = page.locator("#goals")
    assert "Goal 1: Sleep through the night" in panel.inner_text()
    ticked = panel.locator("input[type=checkbox]:checked")
    assert ticked.count() >= 1 and "slept 5 hours" in ticked.first.get_attribute("value")
    assert panel.locator("input[type=radio]:checked").count() == 0  # never chosen for you
    panel.get_by_label("better").check()
    page.click("button:has-text('Save goal progress')")
    page.wait_for_selector("text=Goal progress saved.")
    page.select_option("#format", "girp")
    page.wait_for_function(
        "document.getElementById('preview').textContent.includes('Sleep through the night: better')"
    )
    page.click("button:has-text('Save and sign')")
    page.wait_for_url(re.compile(r".*/notes/\d+/sign$"))
    page.check("input[name=confirm]")
    page.click("button:has-text('Sign note')")
    page.wait_for_selector("text=Signed by Ann Lee")
    assert "Sleep through the night: better" in page.locator("#goals").inner_text()
    assert problems == [], problems
