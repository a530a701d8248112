"""Search: a clinician's notes by words (FTS5 / PostgreSQL full-text) and by meaning (MiniLM)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Keep the index current in the app's sessions; give templates the query's length limit."""
    from . import index
    from .query import MAX_QUERY

    index.init_app(app)
    app.jinja_env.globals["search_max_query"] = MAX_QUERY
