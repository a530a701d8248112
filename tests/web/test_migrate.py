"""The Alembic migrations."""

from __future__ import annotations


def test_migrate_migrations_match_the_records(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from web.records import Base

    with app.extensions["db_engine"].connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_migrate_upgrade_keeps_existing_accounts_and_notes(database, tmp_path):
    """A database with data at 0001 upgrades: accounts get UTC and blank names, notes stay."""
    import uuid

    from sqlalchemy import text

    from web.db import make_engine
    from web.migrate import upgrade

    if database["kind"] == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/old.sqlite3")
        schema = None
    else:
        schema = f"nw_mig_{uuid.uuid4().hex[:12]}"
        admin = make_engine(database["url"])
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(database["url"], connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine, "0001")
        now = "2026-11-29 10:00:00+00:00"
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, password_hash, is_admin, session_version,"
                    " created_at) VALUES (1, 'ann', 'x', true, 1, :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO clients (id, therapist_id, name, code, created_at)"
                    " VALUES (1, 1, 'Jo', 'C-1', :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO notes (id, client_id, author_id, status, version, format,"
                    " structured, fields, rendered, created_at, updated_at, signed_at)"
                    " VALUES (1, 1, 1, 'signed', 1, 'soap', '{}', '{}', 'text', :now, :now, :now)"
                ),
                {"now": now},
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
        assert tuple(user) == ("", "", "UTC")
        assert tuple(note) == ("signed", "text", None)
        assert jottings == 1
    finally:
        engine.dispose()
        if schema:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
