"""Error pages: one sentence each, never a traceback or a driver's message."""

from __future__ import annotations

from sqlalchemy.orm import scoped_session, sessionmaker

from web.db import make_engine


def test_errors_request_over_size_limit_is_413(signed_in):
    client_id = signed_in.add_client()
    big = "x" * (signed_in.client.application.config["MAX_CONTENT_LENGTH"] + 1)
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": big})
    assert response.status_code == 413
    assert "too large" in response.text


def test_errors_database_down_gives_503_page(app, client):
    dead = make_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    app.extensions["db_sessions"] = scoped_session(sessionmaker(bind=dead))
    response = client.get("/login")
    assert response.status_code == 503
    assert "The database cannot be reached" in response.text
    assert "Traceback" not in response.text and "psycopg" not in response.text


def test_errors_unexpected_error_shows_no_traceback(app, client):
    def boom():
        raise RuntimeError("secret internals")

    app.add_url_rule("/boom", "boom", boom)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
