"""`notewell db upgrade`, `notewell create-user` and the serve command's refusal on an empty DB."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import inspect, select

from web import cli
from web.db import make_engine
from web.records import User


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTEWELL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("NOTEWELL_DATABASE_URL", raising=False)
    monkeypatch.setenv("NOTEWELL_ARGON2_MEMORY_COST", "1024")
    monkeypatch.setenv("NOTEWELL_ARGON2_TIME_COST", "1")
    return tmp_path


def test_cli_db_upgrade_creates_sqlite_in_instance_folder(instance, capsys):
    from alembic.script import ScriptDirectory

    from web.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert cli.main(["db", "upgrade"]) == 0
    assert f"at revision {head}" in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{instance}/notewell.sqlite3")
    tables = set(inspect(engine).get_table_names())
    assert {
        "users",
        "clients",
        "notes",
        "jottings",
        "flag_decisions",
        "addenda",
        "audit_events",
        "diagnoses",
        "treatment_goals",
        "treatment_plans",
        "note_goals",
        "alembic_version",
    } <= tables
    assert (instance / "secret_key").exists()
    assert cli.main(["db", "upgrade"]) == 0  # idempotent
    engine.dispose()


def test_cli_create_user_adds_account(instance, monkeypatch, capsys):
    cli.main(["db", "upgrade"])
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-user", "carol", "--admin"]) == 0
    engine = make_engine(f"sqlite:///{instance}/notewell.sqlite3")
    with engine.connect() as conn:
        row = conn.execute(select(User.username, User.is_admin, User.password_hash)).one()
    assert row[0] == "carol" and row[1] and row[2].startswith("$argon2id$")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert cli.main(["create-user", "dave"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    engine.dispose()


def test_cli_serve_refuses_an_unmigrated_database(instance, capsys):
    assert cli.main(["serve", "--port", "0"]) == 2
    assert "notewell db upgrade" in capsys.readouterr().err


def test_cli_db_upgrade_unreachable_database_is_one_sentence(instance, monkeypatch, capsys):
    monkeypatch.setenv("NOTEWELL_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert cli.main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("notewell: cannot reach the database") and "Traceback" not in err


def test_cli_create_user_takes_the_signature_profile(instance, monkeypatch, capsys):
    cli.main(["db", "upgrade"])
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    args = ["create-user", "erin", "--full-name", "Erin Ode", "--credentials", "PhD, LP"]
    assert cli.main([*args, "--time-zone", "America/Denver"]) == 0
    engine = make_engine(f"sqlite:///{instance}/notewell.sqlite3")
    with engine.connect() as conn:
        row = conn.execute(select(User.full_name, User.credentials, User.time_zone)).one()
    assert tuple(row) == ("Erin Ode", "PhD, LP", "America/Denver")
    engine.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["create-user", "finn", "--time-zone", "Mars/Base"]) == 2
    assert "'Mars/Base' is not a time zone" in capsys.readouterr().err


def test_cli_reviews_export_writes_a_new_file_and_refuses_an_existing_one(instance, capsys):
    cli.main(["db", "upgrade"])
    out = instance / "reviews.jsonl"
    assert cli.main(["reviews", "export", "--out", str(out)]) == 0
    assert "0 of 0 signed notes written" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == ""
    assert cli.main(["reviews", "export", "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
