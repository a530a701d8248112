"""Alembic, driven from Python: `notewell db upgrade` and the tests both come through here."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Search's full-text structures (migration 0007): SQLite's FTS5 table with the tables FTS5 keeps
# for it, PostgreSQL's expression index. Made by raw SQL, outside the records, so a comparison
# of the schema with the records leaves them out.
FTS_TABLE = "search_items_fts"
WORDS_INDEX = "ix_search_items_words"


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Whether Alembic's comparison of the database with the records looks at `name`."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    return not (type_ == "index" and name == WORDS_INDEX)


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at web/migrations and the database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` on the engine's database.

    Args:
        engine: the app's engine (its connect options, e.g. a PostgreSQL search_path, apply).
        revision: the target revision.
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to `revision` on the engine's database (the tests check each one).

    Args:
        engine: the app's engine.
        revision: the revision to go back to, e.g. "0002".
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def current(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first upgrade."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
