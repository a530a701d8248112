"""Web fixtures: `app` on SQLite and on PostgreSQL, `client`, `runner`, `auth`, a pipeline stub.

Every web test runs once per database. PostgreSQL comes from NOTEWELL_TEST_DATABASE_URL; each test
run migrates its own uniquely named schema (dropped at the end), so runs never collide. With
NOTEWELL_REQUIRE_POSTGRES=1 (as .ci/run sets) an unreachable PostgreSQL fails the tests.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import assistant
from assistant.continuity import TopicGrouper, homework_of
from assistant.continuity.goals import GoalSuggester
from assistant.note import AuditCheck, Flag, Item, Session, StructuredNote
from assistant.resources import data_dir
from web import create_app
from web.db import db, make_engine
from web.migrate import upgrade
from web.records import Base, TreatmentPlan

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class StubAssistant:
    """A light, predictable pipeline: 'pt' and 'seemed resistant' are flagged, 'HW:' is homework.

    Web tests use it where the real pipeline is not the subject; it keeps the real input checks
    (assistant.check_text) so size and emptiness errors are assistant's own. A sentence with
    the word "SI" is a risk item, carrying the assertion `assertions` gives its words, if any.
    With `previous`, a topic holding a previous homework's words reviews it: "didn't" makes it
    not_done, "some" partial, else done. The last `previous` it was given is kept in `seen`.
    A line names an intervention when it holds one of TECHNIQUES' words; topics are grouped by
    content words, as the real engine does without its encoder, and so are goal links.
    """

    max_chars = assistant.DEFAULT_MAX_CHARS
    RULES = (
        ("pt", "jargon", "Abbreviations are unclear to other readers.", "client"),
        (
            "seemed resistant",
            "interpretive",
            "An inference stated as fact.",
            "describe what the client did",
        ),
        ("w/", "jargon", "Shorthand is unclear to other readers.", "with"),
        ("manipulative", "interpretive", "A character label.", "describe what the client did"),
    )

    TECHNIQUES = (
        ("restructuring", "Cognitive restructuring (CBT)"),
        ("exposure", "Exposure therapy"),
        ("psychoeducation", "Psychoeducation"),
    )

    def __init__(self, assertions: dict[str, str] | None = None) -> None:
        self.assertions = assertions or {}
        self.seen: list = []
        self.topics = TopicGrouper.load(data_dir())
        self.goals = GoalSuggester.load(data_dir())

    def structure(self, text: str, *, reference_date=None, previous=None) -> StructuredNote:
        assistant.check_text(text, self.max_chars)
        self.seen.append(previous)
        homework = homework_of(previous)
        note = StructuredNote(text=text, session=Session(date=None, duration_minutes=None))
        pos = 0
        for part in re.split(r"(?<=\.)\s+", text):
            start = text.index(part, pos)
            pos = start + len(part)
            body = part.rstrip(".").strip()
            if not body:
                continue
            if body.lower().startswith("hw:"):
                hw = body[3:].strip()
                s = text.index(hw, start)
                note.sections["homework"].append(Item(hw, s, s + len(hw)))
            elif "si" in body.lower().split():
                item = Item(body, start, start + len(body), assertion=self.assertions.get(body))
                note.sections["risk"].append(item)
            else:
                note.sections["topics"].append(
                    _reviewing(Item(body, start, start + len(body)), homework)
                )
        note.flags.extend(self.flags(text))
        note.audit.append(AuditCheck("plan", "missing", "No plan for the next session."))
        return note

    def suggest_goal_links(self, note, goals):
        """The engine's own goal suggester on shared words (no encoder): predictable."""
        return self.goals.suggest(note, goals)

    def flags(self, text: str) -> list[Flag]:
        """The RULES' flags of any text, in text order (like Assistant.flags)."""
        found = []
        for word, kind, reason, suggestion in self.RULES:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                found.append(
                    Flag(
                        kind,
                        m.group(),
                        m.start(),
                        m.end(),
                        reason,
                        suggestion,
                        drop_in=kind == "jargon",
                    )
                )
        return sorted(found, key=lambda f: f.start)

    def techniques(self, text: str) -> list[str]:
        """TECHNIQUES' canonical names whose word the text holds, in text order."""
        lower = text.lower()
        found = sorted((lower.find(w), name) for w, name in self.TECHNIQUES if w in lower)
        return [name for _, name in found]

    def group_topics(self, texts: list[str]) -> list[list[int]]:
        return self.topics.groups(texts)


def _reviewing(item: Item, homework: list[str]) -> Item:
    """The stub's homework link: the item holds a previous homework's words."""
    words = item.text.lower()
    for ref, line in enumerate(homework):
        if line.lower() in words:
            status = "not_done" if "didn't" in words else "partial" if "some" in words else "done"
            return dataclasses.replace(item, homework_ref=ref, homework_status=status)
    return item


def _postgres_url() -> str:
    url = os.environ.get("NOTEWELL_TEST_DATABASE_URL", "")
    required = os.environ.get("NOTEWELL_REQUIRE_POSTGRES") == "1"
    if not url:
        if required:
            pytest.fail("NOTEWELL_REQUIRE_POSTGRES=1 but NOTEWELL_TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL: NOTEWELL_TEST_DATABASE_URL is not set")
    return url


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database(request, tmp_path_factory) -> Iterator[dict]:
    """A migrated database for this test run: a template SQLite file, or a fresh PG schema."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "template.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield {"kind": "sqlite", "template": path}
        return
    url = _postgres_url()
    schema = f"nw_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure is reported the same way
        admin.dispose()
        if os.environ.get("NOTEWELL_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {url} cannot be reached: {exc}")
        pytest.skip(f"PostgreSQL at {url} cannot be reached: {exc}")
    options = {"connect_args": {"options": f"-csearch_path={schema}"}}
    engine = make_engine(url, **options)
    upgrade(engine)
    engine.dispose()
    try:
        yield {"kind": "postgresql", "url": url, "options": options}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _config(database: dict, tmp_path: Path) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-" + uuid.uuid4().hex,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
    }
    if database["kind"] == "sqlite":
        path = tmp_path / "notewell.sqlite3"
        shutil.copyfile(database["template"], path)
        config["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        config["DATABASE_URL"] = database["url"]
        config["ENGINE_OPTIONS"] = database["options"]
    return config


@pytest.fixture
def app(database, tmp_path):
    """A fresh, migrated, empty database and the stub engine."""
    app = create_app(_config(database, tmp_path))
    if database["kind"] == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with app.extensions["db_engine"].begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    app.extensions["assistant"] = StubAssistant()
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client) -> str:
    """A valid CSRF token for this client's session, read from a form like a browser would."""
    page = client.get("/login", follow_redirects=True)
    found = TOKEN.search(page.text)
    assert found, "the login/setup page has no CSRF token"
    return found.group(1)


def template(**fields) -> dict:
    """A review-page post: every section box (empty unless given), as the page always sends."""
    return {**{s: "" for s in assistant.SECTIONS}, **fields}


class Auth:
    """Sign-up, sign-in and form posts (with their CSRF token) for one test client."""

    def __init__(self, client) -> None:
        self.client = client

    def post(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", csrf_token(self.client))
        return self.client.post(url, data=data, **kwargs)

    def setup(self, username: str = "ann", password: str = PASSWORD, **profile):
        data = {"username": username, "password": password, "confirm": password}
        data.update({"full_name": f"{username.title()} Example", "credentials": "LCSW"})
        return self.post("/setup", {**data, **profile})

    def login(self, username: str = "ann", password: str = PASSWORD):
        return self.post("/login", {"username": username, "password": password})

    def logout(self):
        return self.post("/logout")

    def add_user(self, username: str, password: str = PASSWORD, admin: bool = False, **profile):
        data = {"username": username, "password": password, "confirm": password}
        data.update({"full_name": f"{username.title()} Example", **profile})
        if admin:
            data["is_admin"] = "on"
        return self.post("/users", data)

    def add_client(self, name: str = "Jo Smith", code: str = "C-001") -> int:
        response = self.post("/clients/new", {"name": name, "code": code})
        assert response.status_code == 302, response.text
        return int(response.location.rsplit("/", 1)[1])

    def new_note(self, client_id: int, jotting: str) -> int:
        response = self.post("/notes/new", {"client_id": client_id, "jotting": jotting})
        assert response.status_code == 302, response.text
        return int(response.location.rsplit("/", 1)[1])

    def version(self, note_id: int) -> int:
        page = self.client.get(f"/notes/{note_id}")
        return int(re.search(r'name="version" value="(\d+)"', page.text).group(1))

    def save(self, note_id: int, **fields):
        """Save the template: the sections named, every other section box sent empty."""
        data = template(**{"version": self.version(note_id), "format": "soap", **fields})
        return self.post(f"/notes/{note_id}/save", data)

    def sign(self, note_id: int, **answers):
        """Sign on the confirmation step, answering its questions (date, risk) when it asks."""
        page = self.client.get(f"/notes/{note_id}/sign").text
        data = {"version": self.version(note_id), "confirm": "y"}
        if 'name="date"' in page:
            data["date"] = "2026-11-28"
        if 'name="risk_not_assessed"' in page:
            data["risk_not_assessed"] = "y"
        return self.post(f"/notes/{note_id}/sign", {**data, **answers})

    def signed_session(
        self, client_id: int, jotting: str, date: str, measures=(), **sections: str
    ) -> int:
        """A note written, reviewed (`sections`), scored by hand (name, score) and signed."""
        note_id = self.new_note(client_id, jotting)
        assert self.save(note_id, date=date, **sections).status_code == 302
        for name, score in measures:
            data = {"name": name, "score": score, "measured_on": ""}
            assert self.post(f"/notes/{note_id}/measures", data).status_code == 302
        assert self.sign(note_id).status_code == 302
        return note_id


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


GOAL = {
    "text": "Sleep through the night",
    "start_date": "2026-12-01",
    "review_date": "2027-03-01",
    "objectives": "Sleeps 7 hours on 5 nights a week\nFalls asleep within 30 minutes",
}


class Plans:
    """Start, write and sign plan versions through their pages (with CSRF tokens)."""

    GOAL = GOAL  # what a goal form posts unless a test says otherwise

    def __init__(self, auth) -> None:
        self.auth = auth

    def start(self, client_id: int) -> int:
        response = self.auth.post(f"/clients/{client_id}/plans")
        assert response.status_code == 302, response.text
        return int(response.location.rsplit("/", 1)[1])

    def version(self, plan_id: int) -> int:
        page = self.auth.client.get(f"/plans/{plan_id}")
        return int(re.search(r'name="version" value="(\d+)"', page.text).group(1))

    def add_goal(self, plan_id: int, **fields):
        data = {**GOAL, "version": self.version(plan_id), **fields}
        return self.auth.post(f"/plans/{plan_id}/goals", data)

    def goal_ids(self, plan_id: int) -> list[int]:
        with self.auth.client.application.app_context():
            plan = db.session.get(TreatmentPlan, plan_id)
            return [g["goal_id"] for g in plan.content["goals"]]

    def change_goal(self, plan_id: int, goal_id: int, **fields):
        data = {**GOAL, "version": self.version(plan_id), **fields}
        return self.auth.post(f"/plans/{plan_id}/goals/{goal_id}", data)

    def sign(self, plan_id: int, **answers):
        data = {"version": self.version(plan_id), "confirm": "y", **answers}
        return self.auth.post(f"/plans/{plan_id}/sign", data)

    def signed_plan(self, client_id: int, **goal) -> int:
        """A first version with one goal, signed."""
        plan_id = self.start(client_id)
        assert self.add_goal(plan_id, **goal).status_code == 302
        assert self.sign(plan_id).status_code == 302
        return plan_id


@pytest.fixture
def plans(signed_in) -> Plans:
    return Plans(signed_in)


JOTTING = "50 min. Work stress and conflict w/ sister. pt seemed resistant. HW: sleep diary"


@pytest.fixture
def password() -> str:
    """The password every test account uses."""
    return PASSWORD


@pytest.fixture
def jotting() -> str:
    """The jotting of the `draft` fixture's note."""
    return JOTTING


@pytest.fixture
def signed_in(auth) -> Auth:
    """The first account, signed in."""
    assert auth.setup().status_code == 302
    return auth


@pytest.fixture
def draft(signed_in) -> dict:
    """A client and a draft note from JOTTING."""
    client_id = signed_in.add_client()
    note_id = signed_in.new_note(client_id, JOTTING)
    return {"client_id": client_id, "note_id": note_id}
