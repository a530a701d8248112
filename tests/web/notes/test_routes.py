"""Notes: structure a jotting, review flags, edit, save, sign, addenda, format preview."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.conftest import template
from web.db import db
from web.records import AuditEvent, FlagDecision, Jotting, Note


def _note(app, note_id: int) -> Note:
    with app.app_context():
        note = db.session.get(Note, note_id)
        _ = note.jotting.text
        return note


def _field(page: str, name: str) -> str:
    pattern = rf'<textarea id="field-{name}" name="{name}"[^>]*>(.*?)</textarea>'
    found = re.search(pattern, page, re.S)
    return found.group(1) if found else ""


def test_notes_new_page_lists_only_my_clients(signed_in):
    signed_in.add_client("Jo Smith", "C-001")
    page = signed_in.client.get("/notes/new")
    assert page.status_code == 200
    assert "Jo Smith (C-001)" in page.text
    assert '<textarea name="jotting"' in page.text


def test_notes_structure_opens_review_page(app, draft, signed_in, jotting):
    page = signed_in.client.get(f"/notes/{draft['note_id']}")
    assert page.status_code == 200
    # The flags of the note as it will be signed: the topics field holds all three.
    assert 'id="flag-topics-0" class="flagdetail jargon"' in page.text  # "w/"
    assert 'aria-label="Accept rewrite for pt"' in page.text
    assert 'data-key="topics:interpretive:0:seemed resistant"' in page.text
    assert "An inference stated as fact." in page.text
    assert _field(page.text, "homework") == "sleep diary"
    assert "No plan for the next session: add what you will work on next time." in page.text
    assert "No session date" in page.text  # the audit of the template, as prompts
    assert "Subjective:" in page.text  # SOAP preview by default
    note = _note(app, draft["note_id"])
    assert note.status == "draft" and note.jotting.text == jotting


def test_notes_items_link_to_their_source_words(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    links = re.findall(r'<a href="#(src-[a-z_]+-\d+)" class="srclink"', page)
    assert "src-homework-0" in links
    for anchor in links:
        assert f'<span id="{anchor}" class="anchor"></span>' in page


@pytest.mark.parametrize(
    ("jotting", "message"),
    [("   ", "The jotting is empty"), ("x" * 20_001, "over the limit of 20,000")],
)
def test_notes_bad_jotting_gets_message_and_keeps_text(signed_in, jotting, message):
    client_id = signed_in.add_client()
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": jotting})
    assert response.status_code == 400
    assert message in response.text
    assert f">{jotting}</textarea>" in response.text


def test_notes_new_requires_a_client(signed_in, jotting):
    response = signed_in.post("/notes/new", {"jotting": jotting})
    assert response.status_code == 400 and "Pick a client first" in response.text
    assert "HW: sleep diary</textarea>" in response.text


def test_notes_accept_rewrites_the_field_never_the_jotting(app, signed_in, draft, jotting):
    note_id = draft["note_id"]
    page = signed_in.client.get(f"/notes/{note_id}").text
    key = re.search(r'name="key" value="(topics:jargon:0:pt)"', page).group(1)
    response = signed_in.post(
        f"/notes/{note_id}/flags/accept", {"key": key, "version": signed_in.version(note_id)}
    )
    assert response.status_code == 302
    note = _note(app, note_id)
    assert note.jotting.text == jotting == note.jotting.original_text  # the source record
    assert "client seemed resistant" in note.fields["sections"]["topics"]
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert 'aria-label="Accept rewrite for pt"' not in page
    with app.app_context():
        decision = db.session.scalar(select(FlagDecision))
        assert (decision.decision, decision.flagged_text, decision.suggestion) == (
            "accepted",
            "pt",
            "client",
        )


def test_notes_guidance_is_shown_but_never_pasted_in(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert "Instead: describe what the client did." in page
    assert page.count('class="accept"') == 2  # pt and w/ only


def test_notes_accept_without_rewrite_is_refused(signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.post(
        f"/notes/{note_id}/flags/accept",
        {"key": "topics:interpretive:0:seemed resistant", "version": signed_in.version(note_id)},
    )
    assert response.status_code == 400
    assert "no rewrite to paste in" in response.text


def test_notes_dismiss_keeps_words_and_hides_flag(app, signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.post(
        f"/notes/{note_id}/flags/dismiss",
        {"key": "topics:interpretive:0:seemed resistant", "version": signed_in.version(note_id)},
    )
    assert response.status_code == 302
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert 'data-key="topics:interpretive:0:seemed resistant"' not in page
    assert "pt seemed resistant" in _field(page, "topics")  # the words stay
    with app.app_context():
        assert db.session.scalar(select(FlagDecision.decision)) == "dismissed"


def test_notes_unknown_flag_is_409(signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.post(
        f"/notes/{note_id}/flags/dismiss",
        {"key": "topics:jargon:0:nope", "version": signed_in.version(note_id)},
    )
    assert response.status_code == 409 and "no longer open" in response.text


def test_notes_save_keeps_edited_fields(app, signed_in, draft):
    note_id = draft["note_id"]
    before = _note(app, note_id).version
    response = signed_in.save(
        note_id,
        date="2026-11-28",
        duration_minutes="50",
        topics="work stress\nconflict with sister",
        format="birp",
    )
    assert response.status_code == 302
    note = _note(app, note_id)
    assert note.fields["sections"]["topics"] == ["work stress", "conflict with sister"]
    assert note.fields["duration_minutes"] == 50 and note.session_date == "2026-11-28"
    assert note.format == "birp" and "Behavior:" in note.rendered
    assert note.version > before
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert _field(page, "topics") == "work stress\nconflict with sister"


def test_notes_prompts_follow_the_reviewers_edits(signed_in, draft):
    note_id = draft["note_id"]
    before = signed_in.client.get(f"/notes/{note_id}").text
    assert "No plan for the next session" in before and "No session date" in before
    signed_in.save(note_id, date="2026-11-28", duration_minutes="50", plan="review sleep diary")
    after = signed_in.client.get(f"/notes/{note_id}").text
    assert "No plan for the next session" not in after and "No session date" not in after


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("date", "28/11/2026", "YYYY-MM-DD"), ("duration_minutes", "fifty", "whole number")],
)
def test_notes_save_rejects_bad_field_and_keeps_text(signed_in, draft, field, value, message):
    response = signed_in.save(draft["note_id"], topics="my careful edit", **{field: value})
    assert response.status_code == 400
    assert message in response.text
    assert "my careful edit" in response.text


def test_notes_stale_save_is_409_and_keeps_text(app, signed_in, draft):
    note_id = draft["note_id"]
    old_version = signed_in.version(note_id)
    assert signed_in.save(note_id, topics="first tab's edit").status_code == 302
    stale = signed_in.post(
        f"/notes/{note_id}/save", template(version=old_version, topics="second tab's edit")
    )
    assert stale.status_code == 409
    assert "changed elsewhere" in stale.text
    assert _field(stale.text, "topics") == "second tab&#39;s edit"
    assert _note(app, note_id).fields["sections"]["topics"] == ["first tab's edit"]


@pytest.mark.parametrize("fmt", ["soap", "dap", "birp", "girp", "plain"])
def test_notes_format_switch_previews_rendered_note(signed_in, draft, fmt):
    heading = {
        "soap": "Subjective:",
        "dap": "Data:",
        "birp": "Behavior:",
        "girp": "Goals:",
        "plain": "Topics discussed:",
    }[fmt]
    page = signed_in.client.get(f"/notes/{draft['note_id']}", query_string={"format": fmt}).text
    preview = re.search(r'<pre class="preview" id="preview"[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert heading in preview
    assert "sleep diary" in preview


def test_notes_sign_locks_the_note(app, signed_in, draft):
    note_id = draft["note_id"]
    signed_in.save(note_id, topics="work stress")
    assert signed_in.sign(note_id).status_code == 302
    note = _note(app, note_id)
    assert note.status == "signed" and note.signed_at is not None
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "<fieldset disabled>" in page and "Signed by Ann Example, LCSW at" in page
    assert "Save draft" not in page


def test_notes_save_and_sign_saves_then_asks_first(app, signed_in, draft):
    response = signed_in.save(draft["note_id"], topics="work stress", then="sign")
    assert response.status_code == 303
    assert response.location.endswith(f"/notes/{draft['note_id']}/sign")
    note = _note(app, draft["note_id"])
    assert note.status == "draft" and note.fields["sections"]["topics"] == ["work stress"]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("save", {"topics": "rewritten history"}),
        ("sign", {}),
        ("flags/accept", {"key": "topics:jargon:0:pt"}),
        ("flags/dismiss", {"key": "topics:jargon:0:pt"}),
        ("flags/undo", {"decision": "1"}),
    ],
)
def test_notes_signed_note_refuses_every_change(app, signed_in, draft, path, data):
    note_id = draft["note_id"]
    signed_in.sign(note_id)
    before = _note(app, note_id)
    response = signed_in.post(
        f"/notes/{note_id}/{path}", {"version": signed_in.version(note_id), **data}
    )
    assert response.status_code == 403
    assert "signed and can no longer change" in response.text
    after = _note(app, note_id)
    assert (after.fields, after.rendered, after.version, after.jotting.text) == (
        before.fields,
        before.rendered,
        before.version,
        before.jotting.text,
    )


def test_notes_addendum_shows_author_and_time(signed_in, draft):
    note_id = draft["note_id"]
    signed_in.sign(note_id)
    response = signed_in.post(f"/notes/{note_id}/addenda", {"text": "Duration was 45 minutes."})
    assert response.status_code == 302
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "Duration was 45 minutes." in page
    found = re.search(r'<a href="/addenda/(\d+)">ann, \d{4}-\d\d-\d\d \d\d:\d\d UTC</a>', page)
    assert found
    single = signed_in.client.get(f"/addenda/{found.group(1)}")
    assert single.status_code == 200 and "Duration was 45 minutes." in single.text


def test_notes_addendum_needs_text_and_a_signed_note(signed_in, draft):
    note_id = draft["note_id"]
    assert signed_in.post(f"/notes/{note_id}/addenda", {"text": "x"}).status_code == 409
    signed_in.sign(note_id)
    empty = signed_in.post(f"/notes/{note_id}/addenda", {"text": "  "})
    assert empty.status_code == 400 and "Write the addendum" in empty.text


def test_notes_every_step_is_in_the_audit_log(app, signed_in, draft):
    note_id = draft["note_id"]
    signed_in.client.get(f"/notes/{note_id}")
    signed_in.save(note_id, topics="work stress")
    signed_in.sign(note_id)
    signed_in.client.get(f"/notes/{note_id}/export.md")
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.note_id == note_id).order_by(AuditEvent.id)
        ).all()
        actions = [e.action for e in events]
        assert {"create", "view", "edit", "sign", "export"} <= set(actions)
        assert all(e.username == "ann" and e.at is not None for e in events)
        assert not any("resistant" in e.detail for e in events)  # no note text in the log


def test_notes_real_engine_items_fill_the_template(app, signed_in, engine):
    app.extensions["assistant"] = engine
    client_id = signed_in.add_client()
    text = "50 min session. Discussed work stress. Introduced CBT thought record. HW: sleep diary"
    note_id = signed_in.new_note(client_id, text)
    expected = engine.structure(text).to_dict()
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert "Introduced CBT thought record" in page
    for section, items in expected["sections"].items():
        assert _field(page, section).split("\n") == ([i["text"] for i in items] or [""])
    with app.app_context():
        assert db.session.scalar(select(Jotting.text)) == text


def test_notes_pipeline_fault_keeps_the_text(app, signed_in):
    class Broken:
        max_chars = 20_000

        def structure(self, text, *, reference_date=None):
            raise RuntimeError("internal detail")

    app.extensions["assistant"] = Broken()
    client_id = signed_in.add_client()
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": "my words"})
    assert response.status_code == 400
    assert "Structuring failed" in response.text and ">my words</textarea>" in response.text
    assert "internal detail" not in response.text


def _risk_panel(page: str) -> str:
    return re.search(r'<section class="pane riskpanel".*?</section>', page, re.S).group(0)


def _status(html: str) -> str:
    return re.search(r'<span class="risk-status (\w+)">', html).group(1)


def _timeline_status(auth, client_id: int) -> str:
    """The risk status the client's timeline shows for its first note."""
    page = auth.client.get(f"/clients/{client_id}").text
    return _status(page.split("<dt>Risk</dt>")[1])


def _badges(html: str) -> list[tuple[str, str]]:
    """(badge text, statement) of each risk statement shown."""
    return re.findall(
        r'<span class="assertion \w+">([^<]*)<span class="sr-only">:</span></span> ([^<]*)</li>',
        html,
    )


def test_notes_risk_panel_comes_first_with_badges_and_the_audits_warning(signed_in):
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Work stress. passive SI this week. HW: sleep diary")
    page = signed_in.client.get(f"/notes/{note_id}").text
    panel = _risk_panel(page)
    assert page.index(panel) < page.index('id="jotting"') < page.index('id="field-topics"')
    assert page.index('id="field-risk"') < page.index('id="field-topics"')
    assert _status(panel) == "current" and "Current risk</span>" in panel
    assert _badges(panel) == [("present", "passive SI this week")]
    warning = "Current risk is recorded (&#34;passive SI this week&#34;) and no safety action"
    assert warning in panel
    assert page.count(warning) == 1  # in the panel, not again among the prompts


@pytest.mark.parametrize(
    ("risk", "status", "audit_says"),
    [
        ("passive SI this week", "current", "Current risk is recorded"),
        ("passive SI this week\nSafety plan reviewed", "current", None),
        ("denies SI/HI", "denied", None),
        ("SI is gone this week", "denied", None),
        ("attempt in 2019", "history_only", "Only past risk is recorded"),
        ("", "not_assessed", "Risk not addressed"),
        ("Safety plan reviewed", "not_assessed", "A safety action is recorded"),
    ],
)
def test_notes_risk_panel_audit_and_timeline_show_one_status(signed_in, risk, status, audit_says):
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Talked. passive SI this week")
    signed_in.save(note_id, risk=risk)
    panel = _risk_panel(signed_in.client.get(f"/notes/{note_id}").text)
    assert _status(panel) == status
    assert _timeline_status(signed_in, client_id) == status
    prompt = re.search(r'<p class="prompt (?:warn|missing)">([^<]*)</p>', panel)
    if audit_says is None:
        assert prompt is None
    else:
        assert prompt.group(1).startswith(audit_says)


def test_notes_engine_assertion_stands_until_the_line_is_edited(app, signed_in):
    # The rules alone would read "SI last spring" as present; the pipeline says historical.
    app.extensions["assistant"].assertions = {"SI last spring": "historical"}
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Talked. SI last spring")
    panel = _risk_panel(signed_in.client.get(f"/notes/{note_id}").text)
    assert _status(panel) == "history_only"
    assert _badges(panel) == [("history", "SI last spring")]
    assert "Only past risk is recorded" in panel  # the audit agrees with the panel
    assert _timeline_status(signed_in, client_id) == "history_only"

    signed_in.save(note_id, risk="SI last spring, and again this week")
    panel = _risk_panel(signed_in.client.get(f"/notes/{note_id}").text)
    assert _status(panel) == "current"
    assert _badges(panel) == [("present", "SI last spring, and again this week")]
    assert _timeline_status(signed_in, client_id) == "current"


def test_notes_risk_text_is_escaped(signed_in):
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Talked.")
    signed_in.save(note_id, risk="<script>alert(1)</script> reports SI")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; reports SI"
    panel = _risk_panel(signed_in.client.get(f"/notes/{note_id}").text)
    assert _badges(panel) == [("present", escaped)]
    timeline = signed_in.client.get(f"/clients/{client_id}").text
    assert f'<dd class="risk">{escaped}</dd>' in timeline
    for page in (panel, timeline):
        assert "<script>alert" not in page


def test_notes_risk_of_another_users_note_is_404(signed_in):
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, "Talked.")
    signed_in.save(note_id, risk="reports passive SI")
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    for url in (f"/notes/{note_id}", f"/clients/{client_id}"):
        response = signed_in.client.get(url)
        assert response.status_code == 404
        assert "passive SI" not in response.text and "risk-status" not in response.text


@pytest.mark.parametrize(
    ("jotting", "status", "badges"),
    [
        ("50 min. Discussed work stress. Denies SI/HI.", "denied", [("denied", "Denies SI/HI")]),
        (
            "Passive SI this week, no plan. Safety plan reviewed.",
            "current",
            [
                ("present", "Passive SI this week, no plan"),
                ("safety action", "Safety plan reviewed"),
            ],
        ),
    ],
)
def test_notes_real_engine_risk_panel(app, signed_in, engine, jotting, status, badges):
    app.extensions["assistant"] = engine
    note_id = signed_in.new_note(signed_in.add_client(), jotting)
    panel = _risk_panel(signed_in.client.get(f"/notes/{note_id}").text)
    assert (_status(panel), _badges(panel)) == (status, badges)
    assert 'class="prompt' not in panel  # the audit is satisfied, as the status says


def test_notes_signed_page_links_every_export_and_the_jotting(signed_in, draft):
    note_id = draft["note_id"]
    signed_in.save(note_id, topics="work stress")
    signed_in.sign(note_id)
    page = signed_in.client.get(f"/notes/{note_id}").text
    for href in ("export.md", "export.pdf", "export.json", "export.fhir", "copy", "jotting.txt"):
        assert f'href="/notes/{note_id}/{href}"' in page
    for href in ("export.fhir", "copy", "jotting.txt"):
        assert signed_in.client.get(f"/notes/{note_id}/{href}").status_code == 200
