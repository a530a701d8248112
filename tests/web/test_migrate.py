"""The Alembic migrations."""

from __future__ import annotations


def test_migrate_migrations_match_the_records(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from web.records import Base

    with app.extensions["db_engine"].connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
