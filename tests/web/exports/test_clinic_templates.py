"""A clinic's own note template in the instance folder: checked at start, used everywhere."""

from __future__ import annotations

import json

import pytest

from assistant.errors import TemplateError
from assistant.note.templates import builtin_templates, use_clinic_templates
from web import create_app


@pytest.fixture
def clinic_folder(tmp_path):
    folder = tmp_path / "note_templates"
    folder.mkdir()
    yield folder
    use_clinic_templates({})


def test_clinic_template_bad_file_stops_the_start_naming_it(tmp_path, clinic_folder):
    (clinic_folder / "ours.json").write_text('{"id": "ours",\n "name": }', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"ours\.json: not valid JSON at line 2"):
        create_app(
            {
                "NOTE_TEMPLATES": str(clinic_folder),
                "SECRET_KEY": "x",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            }
        )


def test_clinic_template_replaces_soap_in_preview_and_exports(app, signed_in, draft, clinic_folder):
    data = builtin_templates()["soap"].to_dict()
    data["title"] = "Riverside SOAP note"
    data["sections"][0]["heading"] = "Client report (S)"
    (clinic_folder / "soap.json").write_text(json.dumps(data), encoding="utf-8")
    # A second app started on the same database with the clinic's folder (as a restart would).
    create_app({**app.config, "NOTE_TEMPLATES": str(clinic_folder)})
    signed_in.save(draft["note_id"], date="2026-11-28", topics="work stress")
    signed_in.sign(draft["note_id"])
    assert "Client report (S):" in signed_in.client.get(f"/notes/{draft['note_id']}").text
    markdown = signed_in.client.get(f"/notes/{draft['note_id']}/export.md").text
    assert markdown.startswith("# Riverside SOAP note") and "## Client report (S)" in markdown


def test_clinic_template_of_its_own_can_be_chosen_and_saved(app, signed_in, draft, clinic_folder):
    data = builtin_templates()["plain"].to_dict()
    data.update(id="intake", name="Intake summary", title="Intake summary")
    (clinic_folder / "intake.json").write_text(json.dumps(data), encoding="utf-8")
    create_app({**app.config, "NOTE_TEMPLATES": str(clinic_folder)})
    note_id = draft["note_id"]
    assert '<option value="intake"' in signed_in.client.get(f"/notes/{note_id}").text
    signed_in.save(note_id, date="2026-11-28", topics="work stress", format="intake")
    signed_in.sign(note_id)
    markdown = signed_in.client.get(f"/notes/{note_id}/export.md").text
    assert markdown.startswith("# Intake summary")


def test_clinic_template_id_longer_than_a_note_stores_is_refused(tmp_path, clinic_folder):
    data = builtin_templates()["plain"].to_dict()
    data["id"] = "clinic-intake-long"
    (clinic_folder / "long.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"long\.json: id .*up to 10"):
        create_app(
            {
                "NOTE_TEMPLATES": str(clinic_folder),
                "SECRET_KEY": "x",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            }
        )
