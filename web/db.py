"""The database extension: one SQLAlchemy engine and a scoped session per app."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine; SQLite gets WAL and foreign keys, every pool checks connections first.

    Statement parameters are hidden from errors and the statement log: they hold jottings.

    Args:
        url: any SQLAlchemy URL (sqlite:///..., postgresql+psycopg://...).
        options: extra `create_engine` keyword arguments (tests pass connect_args).
    Returns:
        The engine.
    """
    engine = create_engine(url, pool_pre_ping=True, **{"hide_parameters": True, **options})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Database:
    """Created unbound at import, bound to an app with `init_app`."""

    def __init__(self) -> None:
        self._sessions: scoped_session[Session] | None = None

    def init_app(self, app: Flask) -> None:
        """Build the engine from DATABASE_URL and remove the session after each request."""
        engine = make_engine(app.config["DATABASE_URL"], **app.config.get("ENGINE_OPTIONS", {}))
        app.extensions["db_engine"] = engine
        app.extensions["db_sessions"] = scoped_session(
            sessionmaker(bind=engine, expire_on_commit=False)
        )

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            app.extensions["db_sessions"].remove()

    @property
    def session(self) -> Session:
        """The current app's session for this thread."""
        from flask import current_app

        return current_app.extensions["db_sessions"]()

    @property
    def engine(self) -> Engine:
        """The current app's engine."""
        from flask import current_app

        return current_app.extensions["db_engine"]


db = Database()
