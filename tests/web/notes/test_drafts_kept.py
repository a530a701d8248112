"""Nothing typed is lost: autosave with its version check, the format preview, the no-script
format switch, a save race and a database outage."""

from __future__ import annotations

import re

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.web.conftest import template
from web.db import db
from web.notes import changes
from web.records import AuditEvent

from .test_routes import _field, _note


def test_autosave_keeps_the_draft_and_returns_the_new_version(app, signed_in, draft):
    note_id = draft["note_id"]
    version = signed_in.version(note_id)
    response = signed_in.post(
        f"/notes/{note_id}/autosave", template(version=version, plan="typed, never saved")
    )
    assert response.status_code == 200
    assert response.get_json()["version"] == version + 1
    assert _note(app, note_id).fields["sections"]["plan"] == ["typed, never saved"]
    # The next autosave carries the version it was given.
    again = signed_in.post(
        f"/notes/{note_id}/autosave", template(version=version + 1, plan="typed more")
    )
    assert again.status_code == 200
    with app.app_context():
        details = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.detail == "autosaved draft")
        ).all()
    assert len(details) == 2


def test_stale_autosave_is_refused_and_never_overwrites(app, signed_in, draft):
    note_id = draft["note_id"]
    old = signed_in.version(note_id)
    signed_in.save(note_id, plan="the newer save")
    response = signed_in.post(f"/notes/{note_id}/autosave", template(version=old, plan="older tab"))
    assert response.status_code == 409
    assert "never overwrites a newer save" in response.get_json()["error"]
    assert _note(app, note_id).fields["sections"]["plan"] == ["the newer save"]


def test_autosave_of_a_signed_or_someone_elses_note_is_refused(signed_in, draft):
    note_id = draft["note_id"]
    signed_in.sign(note_id)
    signed = signed_in.post(f"/notes/{note_id}/autosave", {"version": 99, "plan": "x"})
    assert signed.status_code == 403
    signed_in.add_user("bob")
    signed_in.logout()
    signed_in.login("bob")
    assert signed_in.post(f"/notes/{note_id}/autosave", {"plan": "x"}).status_code == 404
    assert signed_in.post(f"/notes/{note_id}/preview", {"plan": "x"}).status_code == 404


def test_autosave_without_token_is_refused(app, signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.client.post(
        f"/notes/{note_id}/autosave", data={"version": 1, "plan": "no token"}
    )
    assert response.status_code == 400
    assert _note(app, note_id).fields["sections"]["plan"] == []


def test_preview_renders_the_typed_fields_without_saving(app, signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.post(
        f"/notes/{note_id}/preview", template(format="birp", plan="an unsaved plan")
    )
    assert response.status_code == 200
    preview = response.get_json()["preview"]
    assert "Behavior:" in preview and "an unsaved plan" in preview
    assert _note(app, note_id).fields["sections"]["plan"] == []


def test_format_switch_without_script_saves_the_edits_first(app, signed_in, draft):
    note_id = draft["note_id"]
    response = signed_in.save(note_id, format="dap", plan="an unsaved plan", then="preview")
    assert response.status_code == 302 and response.location.endswith("#preview")
    page = signed_in.client.get(f"/notes/{note_id}").text
    assert _field(page, "plan") == "an unsaved plan"
    assert '<option value="dap" selected>' in page and "Data:" in page


def test_save_race_re_renders_the_submitted_text(app, signed_in, draft, monkeypatch):
    note_id = draft["note_id"]
    store = changes.save_draft

    def raced(note, fields, fmt, detail="saved draft"):
        # Another save lands between the version check and this commit.
        db.session.execute(
            text("UPDATE notes SET version = version + 1 WHERE id = :id"), {"id": note.id}
        )
        store(note, fields, fmt, detail)

    monkeypatch.setattr(changes, "save_draft", raced)
    response = signed_in.save(note_id, plan="my careful words")
    assert response.status_code == 409
    assert "changed elsewhere" in response.text
    assert _field(response.text, "plan") == "my careful words"


def test_database_outage_on_save_keeps_the_text(app, signed_in, draft, monkeypatch):
    note_id = draft["note_id"]
    version = signed_in.version(note_id)

    def down(self):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Session, "commit", down)
    response = signed_in.post(
        f"/notes/{note_id}/save", template(version=version, plan="words I must not lose")
    )
    monkeypatch.undo()
    assert response.status_code == 503
    assert "could not be reached, so nothing was saved" in response.text
    assert _field(response.text, "plan") == "words I must not lose"
    assert "server closed" not in response.text
    assert re.search(rf'name="version" value="{version}"', response.text)
    # Saving again from that page works once the database is back.
    token = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
    again = signed_in.client.post(
        f"/notes/{note_id}/save",
        data=template(csrf_token=token, version=version, plan="words I must not lose"),
    )
    assert again.status_code == 302
    assert _note(app, note_id).fields["sections"]["plan"] == ["words I must not lose"]


def test_new_note_shows_the_character_limit_before_structure(signed_in):
    page = signed_in.client.get("/notes/new").text
    assert 'data-max-chars="20000"' in page
    assert '<p id="jotting-count" class="hint counter" aria-live="polite">0 of 20,000' in page
    client_id = signed_in.add_client()
    over = signed_in.post("/notes/new", {"client_id": client_id, "jotting": "x" * 20_001})
    assert 'class="hint counter over"' in over.text and "20,001 of 20,000" in over.text


def test_expired_session_post_says_the_text_is_kept_and_where_to_go(app, signed_in, draft):
    note_id = draft["note_id"]
    page = signed_in.client.get(f"/notes/{note_id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed_in.logout()
    response = signed_in.client.post(
        f"/notes/{note_id}/save", data={"csrf_token": token, "plan": "late words"}
    )
    assert response.status_code == 400 and "Your session had ended" in response.text
    assert "late words" not in response.text  # the text waits in the tab, not in the page
    assert "data-keep" in page and 'id="note-form"' in page  # the form the script restores
    signed_in.login()
    # Signing in again after a post to /save lands on the note, not on a 405 page.
    back = signed_in.client.get(f"/notes/{note_id}/save")
    assert back.status_code == 302 and back.location.endswith(f"/notes/{note_id}")


def test_every_page_has_a_skip_link_to_the_content(signed_in, draft):
    page = signed_in.client.get(f"/notes/{draft['note_id']}").text
    assert page.index('<a class="skip" href="#main">') < page.index('<header class="top">')
    assert '<main id="main" tabindex="-1">' in page


def test_preview_of_a_signed_note_shows_it_as_signed(signed_in, draft):
    note_id = draft["note_id"]
    signed_in.save(note_id, plan="the signed plan")
    assert signed_in.sign(note_id).status_code == 302
    # The signed page's boxes are disabled, so its script sends the format alone.
    response = signed_in.post(f"/notes/{note_id}/preview", {"format": "birp"})
    assert response.status_code == 200
    preview = response.get_json()["preview"]
    assert "Behavior:" in preview and "the signed plan" in preview
