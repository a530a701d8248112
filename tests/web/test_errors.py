"""Error pages: one sentence each, never a traceback or a driver's message."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import event
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


MARKER = "Zebrafinch-7731 told me about the flood"  # PHI stand-in: never in any log


def _logged(caplog) -> str:
    """Everything the run logged: each message, its arguments and any traceback, formatted."""
    formatted = [caplog.handler.format(record) for record in caplog.records]
    return "\n".join(formatted + [repr(record.args) for record in caplog.records])


def _fail_jotting_insert(app) -> None:
    """The jotting's INSERT goes to a table that does not exist: the database refuses it."""

    def rewrite(_conn, _cursor, statement, parameters, _context, _many):
        return statement.replace(
            "INSERT INTO jottings ", "INSERT INTO no_such_jottings "
        ), parameters

    event.listen(app.extensions["db_engine"], "before_cursor_execute", rewrite, retval=True)


def _fail_structuring(app) -> None:
    """The pipeline fails with the jotting in its message, as a library's error may."""

    def structure(text, **_options):
        raise ValueError(f"cannot parse {text!r}")

    app.extensions["assistant"].structure = structure


@pytest.mark.parametrize(
    ("fault", "status", "sentence"),
    [
        (_fail_jotting_insert, (500, 503), ("Something went wrong", "cannot be reached")),
        (_fail_structuring, (400, 200), ("Structuring failed on this jotting",)),
    ],
)
def test_errors_a_failed_save_logs_no_jotting_text(app, signed_in, caplog, fault, status, sentence):
    client_id = signed_in.add_client()
    fault(app)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements, as an admin may log
    response = signed_in.post("/notes/new", {"client_id": client_id, "jotting": MARKER})
    assert response.status_code in status
    assert any(words in response.text for words in sentence)
    assert "Traceback" not in response.text
    assert caplog.records, "the failure was not logged at all"
    assert "Zebrafinch" not in _logged(caplog)


def test_errors_unexpected_error_logs_its_class_only(app, client, caplog):
    def boom():
        raise RuntimeError(f"while handling {MARKER}")

    app.add_url_rule("/boom", "boom", boom)
    response = client.get("/boom")
    assert response.status_code == 500
    logged = _logged(caplog)
    assert "RuntimeError" in logged and "Zebrafinch" not in logged
