"""The client record: date of birth and diagnoses, each change audited, each refusal explained."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from web.db import db
from web.records import AuditEvent, Client, Diagnosis
from web.timezones import today_in


@pytest.fixture
def client_id(signed_in) -> int:
    return signed_in.add_client("Jo Smith", "C-001")


def _client(app, client_id: int) -> Client:
    with app.app_context():
        return db.session.get(Client, client_id)


def _diagnoses(app) -> list[Diagnosis]:
    with app.app_context():
        return list(db.session.scalars(select(Diagnosis).order_by(Diagnosis.id)))


def _events(app, *actions: str) -> list[AuditEvent]:
    with app.app_context():
        stmt = select(AuditEvent).where(AuditEvent.action.in_(actions)).order_by(AuditEvent.id)
        return list(db.session.scalars(stmt))


def _birth(auth, client_id: int, value: str):
    return auth.post(f"/clients/{client_id}/date-of-birth", {"date_of_birth": value})


def _diagnose(auth, client_id: int, code: str, description: str = "Generalized anxiety"):
    return auth.post(f"/clients/{client_id}/diagnoses", {"code": code, "description": description})


def _flash(page: str) -> list[str]:
    return re.findall(r'<p class="flash" role="status">([^<]*)</p>', page)


# -- date of birth ------------------------------------------------------------------------------


def test_record_date_of_birth_is_recorded_with_the_age(app, signed_in, client_id):
    response = _birth(signed_in, client_id, "1990-04-02")
    assert response.status_code == 302 and response.location.endswith("#record")
    assert _client(app, client_id).date_of_birth == dt.date(1990, 4, 2)
    page = signed_in.client.get(f"/clients/{client_id}").text
    today = today_in("UTC")
    age = today.year - 1990 - ((today.month, today.day) < (4, 2))
    assert f"Recorded: 1990-04-02 (age {age})." in page
    assert 'name="date_of_birth" value="1990-04-02"' in page
    assert _flash(page) == ["Date of birth saved."]


def test_record_date_of_birth_changes_and_clears_each_audited_without_the_date(
    app, signed_in, client_id
):
    _birth(signed_in, client_id, "1990-04-02")
    _birth(signed_in, client_id, "1991-05-03")
    _birth(signed_in, client_id, "1991-05-03")  # unchanged: nothing to record
    _birth(signed_in, client_id, "")
    assert _client(app, client_id).date_of_birth is None
    details = [e.detail for e in _events(app, "edit_client")]
    assert details == ["date of birth entered", "date of birth changed", "date of birth cleared"]
    assert all(e.client_id == client_id for e in _events(app, "edit_client"))
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "None recorded." in page and _flash(page)[-1] == "Date of birth cleared."


def test_record_date_of_birth_today_is_accepted(app, signed_in, client_id):
    today = today_in("UTC").isoformat()
    assert _birth(signed_in, client_id, today).status_code == 302
    assert _client(app, client_id).date_of_birth.isoformat() == today


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2000-02-30", "Date of birth: 2000-02-30 is not a day of the calendar."),
        ("1899-12-31", "Date of birth: 1899-12-31 is before 1900."),
        ("02/04/1990", "Date of birth: write the date as YYYY-MM-DD, e.g. 2026-03-14."),
        ("1990-4-2", "Date of birth: write the date as YYYY-MM-DD, e.g. 2026-03-14."),
        ("1990-04-02T00:00", "Date of birth: write the date as YYYY-MM-DD, e.g. 2026-03-14."),
        ("9" * 300, "Date of birth: write the date as YYYY-MM-DD, e.g. 2026-03-14."),
        ("١٩٩٠-٠٤-٠٢", "Date of birth: write the date as YYYY-MM-DD, e.g. 2026-03-14."),
    ],
)
def test_record_date_of_birth_refuses_bad_dates_and_keeps_them(
    app, signed_in, client_id, value, message
):
    _birth(signed_in, client_id, "1990-04-02")
    response = _birth(signed_in, client_id, value)
    assert response.status_code == 400
    page = response.text
    assert f'<p class="error" role="alert"><a href="#birth-date">{message}</a></p>' in page
    assert f'<p class="field-error" id="birth-date-error">{message}</p>' in page
    assert f'value="{value}"' in page
    assert 'aria-describedby="birth-date-hint birth-date-error" aria-invalid="true"' in page
    assert _client(app, client_id).date_of_birth == dt.date(1990, 4, 2)


def test_record_date_of_birth_in_the_future_is_refused(app, signed_in, client_id):
    tomorrow = (today_in("UTC") + dt.timedelta(days=1)).isoformat()
    response = _birth(signed_in, client_id, tomorrow)
    assert response.status_code == 400
    assert f"Date of birth: {tomorrow} is in the future." in response.text
    assert _client(app, client_id).date_of_birth is None


def test_record_date_of_birth_future_is_judged_in_the_clinicians_time_zone(
    app, signed_in, client_id
):
    """Kiritimati (UTC+14) is always a day or more ahead of Pago Pago (UTC-11)."""
    ahead = today_in("Pacific/Kiritimati").isoformat()
    profile = {"full_name": "Ann Example", "credentials": "LCSW"}
    signed_in.post("/profile", {**profile, "time_zone": "Pacific/Pago_Pago"})
    response = _birth(signed_in, client_id, ahead)
    assert response.status_code == 400 and "is in the future" in response.text
    signed_in.post("/profile", {**profile, "time_zone": "Pacific/Kiritimati"})
    assert _birth(signed_in, client_id, ahead).status_code == 302


# -- diagnoses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("F41.1", "F41.1"),
        ("f41.1", "F41.1"),
        ("  f32.a ", "F32.A"),
        ("Z63.0", "Z63.0"),
        ("F411", "F41.1"),  # the dotless form of claims gets its dot
        ("F32", "F32"),  # a category alone
        ("S72.001A", "S72.001A"),  # four characters after the dot, the 7th character included
        ("t74.11xa", "T74.11XA"),
    ],
)
def test_record_diagnosis_codes_are_normalised(app, signed_in, client_id, typed, code):
    response = _diagnose(signed_in, client_id, typed)
    assert response.status_code == 302 and response.location.endswith("#diagnoses")
    (diagnosis,) = _diagnoses(app)
    assert (diagnosis.code, diagnosis.description) == (code, "Generalized anxiety")
    assert diagnosis.client_id == client_id and diagnosis.added_by_id is not None
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert f"<td>{code}</td>\n      <td>Generalized anxiety</td>" in page


def test_record_diagnosis_add_is_audited_by_id_only(app, signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1", "Generalized anxiety disorder")
    (event,) = _events(app, "add_diagnosis")
    (diagnosis,) = _diagnoses(app)
    assert (event.detail, event.client_id) == (f"diagnosis {diagnosis.id}", client_id)
    page = signed_in.client.get(f"/clients/{client_id}").text
    # The flash travels in the session cookie: neither the code nor the words are in it.
    assert _flash(page) == ["Diagnosis added."]


SHAPE = (
    "is not a diagnosis code: an ICD-10-CM code is a letter, a digit and a letter or digit, "
    "then optionally a dot and up to 4 letters or digits, e.g. F41.1, F32.A or Z63.0."
)


@pytest.mark.parametrize(
    "typed",
    [
        "F4",  # too short
        "41.1",  # no letter first
        "FF1.1",  # a letter where the digit goes
        "F41.",  # a dot with nothing after it
        "F41.12345",  # five characters after the dot
        "F41-1",
        "F 41.1",
        "F41.1.2",
        "F41.1;DROP",
        "Ｆ41.1",  # a fullwidth letter
    ],
)
def test_record_diagnosis_refuses_a_bad_code_and_keeps_it(app, signed_in, client_id, typed):
    response = _diagnose(signed_in, client_id, typed, "Words kept")
    assert response.status_code == 400
    page = response.text
    message = f"“{typed}” {SHAPE}"
    assert f'<a href="#diagnosis-code">{message}</a>' in page
    assert f'<p class="field-error" id="diagnosis-code-error">{message}</p>' in page
    assert 'aria-describedby="diagnosis-code-hint diagnosis-code-error" aria-invalid="true"' in page
    assert f'value="{typed}"' in page and 'value="Words kept"' in page
    assert _diagnoses(app) == []


def test_record_diagnosis_refuses_a_very_long_code_with_a_short_message(app, signed_in, client_id):
    typed = "F41.1" + "X" * 5000
    response = _diagnose(signed_in, client_id, typed)
    assert response.status_code == 400
    assert f"“{typed[:20]}…” {SHAPE}" in response.text
    assert _diagnoses(app) == []


@pytest.mark.parametrize(
    ("code", "description", "field", "message"),
    [
        ("", "Anxiety", "code", "Give the diagnosis code, e.g. F41.1."),
        ("F41.1", "", "description", "Give the diagnosis in words (up to 200 characters)."),
        ("F41.1", "d" * 201, "description", "Give the diagnosis in words (up to 200 characters)."),
        (
            "F41.1",
            "Anxiety\nSigned by Dr Fake",
            "description",
            "The diagnosis must be one line of text: remove line breaks, tabs and other "
            "control characters.",
        ),
    ],
)
def test_record_diagnosis_refuses_missing_or_too_long_words(
    app, signed_in, client_id, code, description, field, message
):
    response = _diagnose(signed_in, client_id, code, description)
    assert response.status_code == 400
    assert f'<a href="#diagnosis-{field}">{message}</a>' in response.text
    assert f'id="diagnosis-{field}-error">{message}</p>' in response.text
    assert _diagnoses(app) == []


def test_record_diagnosis_of_200_characters_is_kept(app, signed_in, client_id):
    assert _diagnose(signed_in, client_id, "F41.1", "d" * 200).status_code == 302
    assert _diagnoses(app)[0].description == "d" * 200


def test_record_diagnosis_code_is_listed_once(app, signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1")
    response = _diagnose(signed_in, client_id, "f411", "Again")
    assert response.status_code == 400
    assert "F41.1 is already among this client&#39;s diagnoses." in response.text
    assert len(_diagnoses(app)) == 1
    # Another client of the same clinician may have it.
    other = signed_in.add_client("Ray Park", "R-9")
    assert _diagnose(signed_in, other, "F41.1").status_code == 302


def test_record_diagnosis_remove_keeps_the_row_with_who_and_when(app, signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1", "Generalized anxiety disorder")
    _diagnose(signed_in, client_id, "Z63.0", "Relationship distress with spouse")
    first = _diagnoses(app)[0]
    response = signed_in.post(f"/clients/{client_id}/diagnoses/{first.id}/remove")
    assert response.status_code == 302
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "Generalized anxiety disorder" not in page
    assert "Relationship distress with spouse" in page
    assert _flash(page) == ["Diagnosis removed."]
    removed = _diagnoses(app)[0]
    assert removed.removed_at is not None and removed.removed_by_id == removed.added_by_id
    (event,) = _events(app, "remove_diagnosis")
    assert (event.detail, event.client_id) == (f"diagnosis {first.id}", client_id)
    # Removed twice: it is no longer on the record, so there is nothing to remove.
    again = signed_in.post(f"/clients/{client_id}/diagnoses/{first.id}/remove")
    assert again.status_code == 404
    # Listed again after removal: a new row, the old one stays as it was.
    assert _diagnose(signed_in, client_id, "F41.1").status_code == 302
    assert len(_diagnoses(app)) == 3


def test_record_diagnosis_is_removed_only_under_its_own_client(app, signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1")
    other = signed_in.add_client("Ray Park", "R-9")
    diagnosis_id = _diagnoses(app)[0].id
    response = signed_in.post(f"/clients/{other}/diagnoses/{diagnosis_id}/remove")
    assert response.status_code == 404
    assert _diagnoses(app)[0].removed_at is None


def test_record_user_text_is_escaped(signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1", "<script>alert('x')</script>")
    page = signed_in.client.get(f"/clients/{client_id}").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    response = _diagnose(signed_in, client_id, '"><b>x</b>')
    assert "<b>x</b>" not in response.text and "&#34;&gt;&lt;b&gt;" in response.text


# -- who may, and CSRF --------------------------------------------------------------------------


@pytest.fixture
def bob(app, signed_in, client_id):
    """ann's client has a date of birth and a diagnosis; bob is signed in."""
    _birth(signed_in, client_id, "1990-04-02")
    _diagnose(signed_in, client_id, "F41.1", "Generalized anxiety disorder")
    signed_in.add_user("bob")
    signed_in.logout()
    assert signed_in.login("bob").status_code == 302
    return {"client_id": client_id, "diagnosis_id": _diagnoses(app)[0].id}


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/clients/{client_id}/date-of-birth", {"date_of_birth": "1980-01-01"}),
        ("/clients/{client_id}/diagnoses", {"code": "Z63.0", "description": "bob was here"}),
        ("/clients/{client_id}/diagnoses/{diagnosis_id}/remove", {}),
    ],
)
def test_record_other_users_client_is_404(app, signed_in, bob, url, data):
    response = signed_in.post(url.format(**bob), data)
    assert response.status_code == 404
    assert "Jo Smith" not in response.text and "F41.1" not in response.text
    assert _client(app, bob["client_id"]).date_of_birth == dt.date(1990, 4, 2)
    assert [(d.code, d.removed_at) for d in _diagnoses(app)] == [("F41.1", None)]


def test_record_other_users_diagnosis_is_404_under_their_own_client(app, signed_in, bob):
    own = signed_in.add_client("Bob's client", "B-1")
    response = signed_in.post(f"/clients/{own}/diagnoses/{bob['diagnosis_id']}/remove")
    assert response.status_code == 404
    assert _diagnoses(app)[0].removed_at is None


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/clients/{client_id}/date-of-birth", {"date_of_birth": "1980-01-01"}),
        ("/clients/{client_id}/diagnoses", {"code": "Z63.0", "description": "words"}),
        ("/clients/{client_id}/diagnoses/{diagnosis_id}/remove", {}),
    ],
)
@pytest.mark.parametrize("guarded", [True, False], ids=["csrfprotect", "form"])
def test_record_posts_without_csrf_token_are_refused(app, signed_in, client_id, url, data, guarded):
    _diagnose(signed_in, client_id, "F41.1")
    ids = {"client_id": client_id, "diagnosis_id": _diagnoses(app)[0].id}
    app.config["WTF_CSRF_CHECK_DEFAULT"] = guarded  # False: the form itself must refuse
    response = signed_in.client.post(url.format(**ids), data=data)
    assert response.status_code == 400
    assert "The form expired or was not sent from this site" in response.text
    assert _client(app, client_id).date_of_birth is None
    assert [(d.code, d.removed_at) for d in _diagnoses(app)] == [("F41.1", None)]


def test_record_every_form_on_the_client_page_carries_a_csrf_token(app, signed_in, client_id):
    _diagnose(signed_in, client_id, "F41.1")
    _diagnose(signed_in, client_id, "Z63.0")
    page = signed_in.client.get(f"/clients/{client_id}").text
    posts = page.count('method="post"')
    assert posts >= 5  # birth date, two removals, add a diagnosis, start a plan (and sign out)
    assert page.count('name="csrf_token"') == posts
