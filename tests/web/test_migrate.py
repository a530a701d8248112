"""The Alembic migrations."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import inspect, text

from web.db import make_engine
from web.migrate import current, downgrade, upgrade


def test_migrate_migrations_match_the_records(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from web.migrate import include_name
    from web.records import Base

    with app.extensions["db_engine"].connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []


@pytest.fixture
def bare_engine(database, tmp_path):
    """An engine on a database (SQLite file, or a PostgreSQL schema) with no tables yet."""
    if database["kind"] == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/old.sqlite3")
        yield engine
        engine.dispose()
        return
    schema = f"nw_mig_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database["url"])
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(database["url"], connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


NOW = "2026-11-29 10:00:00+00:00"


def _account_and_client(conn) -> None:
    conn.execute(
        text(
            "INSERT INTO users (id, username, password_hash, is_admin, session_version,"
            " created_at) VALUES (1, 'ann', 'x', true, 1, :now)"
        ),
        {"now": NOW},
    )
    conn.execute(
        text(
            "INSERT INTO clients (id, therapist_id, name, code, created_at)"
            " VALUES (1, 1, 'Jo', 'C-1', :now)"
        ),
        {"now": NOW},
    )


def test_migrate_upgrade_keeps_existing_accounts_and_notes(bare_engine):
    """A database with data at 0001 upgrades: accounts get UTC and blank names, notes stay."""
    engine = bare_engine
    upgrade(engine, "0001")
    with engine.begin() as conn:
        _account_and_client(conn)
        conn.execute(
            text(
                "INSERT INTO notes (id, client_id, author_id, status, version, format,"
                " structured, fields, rendered, created_at, updated_at, signed_at)"
                " VALUES (1, 1, 1, 'signed', 1, 'soap', '{}', '{}', 'text', :now, :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO jottings (id, note_id, author_id, text, original_text)"
                " VALUES (1, 1, 1, 'words', 'words')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        user = conn.execute(text("SELECT full_name, credentials, time_zone FROM users")).one()
        note = conn.execute(text("SELECT status, rendered, voided_at FROM notes")).one()
        jottings = conn.execute(text("SELECT count(*) FROM jottings")).scalar()
        birth = conn.execute(text("SELECT date_of_birth FROM clients")).scalar()
    assert tuple(user) == ("", "", "UTC")
    assert tuple(note) == ("signed", "text", None)
    assert jottings == 1
    assert birth is None  # 0003: an existing client has no date of birth until one is entered


RECORD_TABLES = {"diagnoses", "treatment_goals", "treatment_plans"}


def test_migrate_0003_downgrades_and_upgrades_again(bare_engine):
    """0003 down leaves 0002's tables and rows as they were; up again restores the record."""
    engine = bare_engine
    upgrade(engine)
    with engine.begin() as conn:
        _account_and_client(conn)
        conn.execute(text("UPDATE clients SET date_of_birth = '1990-04-02'"))
        conn.execute(
            text(
                "INSERT INTO diagnoses (client_id, code, description, added_at, added_by_id)"
                " VALUES (1, 'F41.1', 'Generalized anxiety disorder', :now, 1)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO treatment_plans (client_id, number, status, version, content,"
                " author_id, created_at, updated_at) VALUES (1, 1, 'draft', 1, '{}', 1, :now, :now)"
            ),
            {"now": NOW},
        )
    downgrade(engine, "0002")
    assert current(engine) == "0002"
    found = inspect(engine)
    assert RECORD_TABLES.isdisjoint(found.get_table_names())
    assert "date_of_birth" not in {c["name"] for c in found.get_columns("clients")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT code FROM clients")).scalar() == "C-1"
    upgrade(engine, "0003")
    assert current(engine) == "0003"
    found = inspect(engine)
    assert RECORD_TABLES <= set(found.get_table_names())
    with engine.connect() as conn:
        row = conn.execute(text("SELECT code, date_of_birth FROM clients")).one()
    assert tuple(row) == ("C-1", None)


def _note(conn, note_id: int = 1, status: str = "draft") -> None:
    conn.execute(
        text(
            "INSERT INTO notes (id, client_id, author_id, status, version, format,"
            " structured, fields, rendered, created_at, updated_at)"
            " VALUES (:id, 1, 1, :status, 1, 'soap', '{}', '{}', 'text', :now, :now)"
        ),
        {"id": note_id, "status": status, "now": NOW},
    )


def _measure(conn, note_id: int | None, client_id: int | None) -> None:
    conn.execute(
        text(
            "INSERT INTO measures (note_id, client_id, name, value, scale, source, added_at,"
            " added_by_id) VALUES (:note, :client, 'PHQ-9', 14, 27, 'reviewer', :now, 1)"
        ),
        {"note": note_id, "client": client_id, "now": NOW},
    )


def test_migrate_0004_downgrades_and_upgrades_again(bare_engine):
    """0004 down drops the measures and leaves the notes and the record; up again restores it."""
    engine = bare_engine
    upgrade(engine, "0004")
    assert current(engine) == "0004"
    with engine.begin() as conn:
        _account_and_client(conn)
        _note(conn)
        _measure(conn, 1, None)
        _measure(conn, None, 1)
    downgrade(engine, "0003")
    assert "measures" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM notes")).scalar() == 1
    upgrade(engine, "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM measures")).scalar() == 0
    assert {"ix_measures_note_id", "ix_measures_client_id"} <= {
        i["name"] for i in inspect(engine).get_indexes("measures")
    }


@pytest.mark.parametrize(("note_id", "client_id"), [(1, 1), (None, None)])
def test_migrate_a_measure_belongs_to_a_note_or_the_record(bare_engine, note_id, client_id):
    """The database refuses a measure on both a note and the record, or on neither."""
    from sqlalchemy.exc import IntegrityError

    engine = bare_engine
    upgrade(engine)
    with engine.begin() as conn:
        _account_and_client(conn)
        _note(conn)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        _measure(conn, note_id, client_id)


def test_migrate_0005_adds_the_previous_note_and_downgrades(bare_engine):
    """0005 links a note to the signed note it was structured against; down drops only that."""
    engine = bare_engine
    upgrade(engine, "0005")
    assert current(engine) == "0005"
    with engine.begin() as conn:
        _account_and_client(conn)
        _note(conn, 1, "signed")
        _note(conn, 2)
        conn.execute(text("UPDATE notes SET previous_note_id = 1 WHERE id = 2"))
    downgrade(engine, "0004")
    assert "previous_note_id" not in {c["name"] for c in inspect(engine).get_columns("notes")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM notes")).scalar() == 2
    upgrade(engine, "0005")
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT previous_note_id FROM notes WHERE id = 2")).scalar() is None
        )


def test_migrate_0006_adds_note_goals_and_downgrades(bare_engine):
    """0006 holds a note's progress per goal (one row per note and goal); down drops only it."""
    from sqlalchemy.exc import IntegrityError

    engine = bare_engine
    upgrade(engine, "0006")
    assert current(engine) == "0006"
    insert = text(
        "INSERT INTO note_goals (note_id, goal_id, plan_id, position, progress, evidence,"
        " suggested, updated_at, updated_by_id) VALUES (1, 1, 1, 0, 'better', '[]', '[]', :now, 1)"
    )
    with engine.begin() as conn:
        _account_and_client(conn)
        _note(conn)
        conn.execute(
            text("INSERT INTO treatment_goals (client_id, created_at) VALUES (1, :now)"),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO treatment_plans (client_id, number, status, version, content,"
                " author_id, created_at, updated_at)"
                " VALUES (1, 1, 'signed', 1, '{}', 1, :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(insert, {"now": NOW})
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert, {"now": NOW})  # a second row for the same note and goal
    downgrade(engine, "0005")
    assert "note_goals" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM notes")).scalar() == 1
    upgrade(engine, "0006")
    assert "ix_note_goals_note_id" in {i["name"] for i in inspect(engine).get_indexes("note_goals")}


def _indexed(conn, dialect: str, word: str) -> list[int]:
    """The note ids whose search rows hold `word`, read through the full-text index."""
    if dialect == "sqlite":
        sql = (
            "SELECT s.note_id FROM search_items_fts JOIN search_items s"
            " ON s.id = search_items_fts.rowid WHERE search_items_fts MATCH :w ORDER BY s.id"
        )
    else:
        sql = (
            "SELECT note_id FROM search_items WHERE to_tsvector('english'::regconfig, text)"
            " @@ plainto_tsquery('english', :w) ORDER BY id"
        )
    return list(conn.execute(text(sql), {"w": word}).scalars())


def test_migrate_0007_indexes_the_notes_there_and_downgrades(bare_engine):
    """0007 indexes the existing notes' reviewed lines and addenda (no voided draft) for words."""
    engine = bare_engine
    upgrade(engine, "0006")
    fields = '{"sections": {"topics": ["Conflict with sister", "  "], "plan": ["Call sister"]}}'
    with engine.begin() as conn:
        _account_and_client(conn)
        for note_id, status in ((1, "signed"), (2, "voided"), (3, "draft")):
            _note(conn, note_id, status)
        conn.execute(text("UPDATE notes SET fields = :f WHERE id IN (1, 2)"), {"f": fields})
        conn.execute(
            text(
                "INSERT INTO addenda (note_id, author_id, text, created_at)"
                " VALUES (1, 1, 'Sister called back', :now)"
            ),
            {"now": NOW},
        )
    upgrade(engine, "0007")
    dialect = engine.dialect.name
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT note_id, section, position, text FROM search_items"))
        assert sorted(map(tuple, rows)) == [
            (1, "addendum", 0, "Sister called back"),
            (1, "plan", 0, "Call sister"),
            (1, "topics", 0, "Conflict with sister"),
        ]
        assert _indexed(conn, dialect, "sisters") == [1, 1, 1]  # stemmed, like the app's search
    with engine.begin() as conn:  # the SQLite index follows the rows (its triggers)
        conn.execute(text("DELETE FROM search_items WHERE section = 'plan'"))
        conn.execute(text("UPDATE search_items SET text = 'Budget' WHERE section = 'topics'"))
    with engine.connect() as conn:
        assert _indexed(conn, dialect, "sister") == [1]
        assert _indexed(conn, dialect, "budget") == [1]
    downgrade(engine, "0006")
    assert not {"search_items", "search_items_fts"} & set(inspect(engine).get_table_names())
    upgrade(engine, "0007")
    with engine.connect() as conn:
        assert _indexed(conn, dialect, "sister") == [1, 1, 1]
