"""Every error as a page with one sentence, never a traceback; and the app's own errors."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .db import db

MESSAGES = {
    400: "The request could not be understood.",
    403: "You may not do that.",
    404: "There is no such page.",
    405: "That action is not available here.",
    409: "This changed in the meantime: reload and try again.",
    413: "What you sent is too large.",
    429: "Too many attempts: wait a while and try again.",
    500: "Something went wrong on our side. Nothing you typed was lost from the database.",
    503: "The database cannot be reached right now. Wait a moment and try again.",
}


class ExceptionClassOnly(logging.Filter):
    """A log record keeps an exception's class, never its message or traceback.

    An error's message may quote what the user typed (a database driver's does, and so may the
    pipeline's), so records logged with exc_info or an exception argument name its class (and
    its cause's) instead. Installed on the app's logger, it covers every `logger.exception`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                class_names(a) if isinstance(a, BaseException) else a for a in record.args
            )
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()} ({class_names(record.exc_info[1])})"
            record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


def class_names(exc: BaseException) -> str:
    """The exception's class and those of its causes, outermost first: "A <- B"."""
    names, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        names.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    return " <- ".join(names)


class PdfFontMissing(RuntimeError):
    """The Unicode TTF font the PDF export needs is not installed (a 503 page says which)."""


def _page(code: int, message: str | None = None):
    message = message or MESSAGES.get(code, "Error.")
    if request.accept_mimetypes.best == "application/json":  # the review page's script asks
        return jsonify(error=message), code
    return render_template("error.html", code=code, message=message), code


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone; the page must still render
        pass


def register(app: Flask) -> None:
    """Install the handlers on `app`, and keep error messages out of its log."""
    if not any(isinstance(f, ExceptionClassOnly) for f in app.logger.filters):
        app.logger.addFilter(ExceptionClassOnly())  # one logger per name, shared by every app

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        # CSRFProtect runs before the user is loaded: no uid means the session had ended.
        if session.get("uid") is None and request.blueprint != "auth":
            return _page(
                400,
                "Your session had ended, so nothing was saved: sign in again and open the page "
                "again (this browser tab keeps the text you sent and puts it back).",
            )
        return _page(
            400, "The form expired or was not sent from this site: reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.code or 500
        description = exc.description if exc.description != type(exc).description else None
        if code == 404:
            description = None  # the same page whether it is missing or someone else's
        return _page(code, description)

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError):
        _rollback()
        if isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated:
            app.logger.error("database unreachable: %s", class_names(exc))
            return _page(503)
        app.logger.exception("database error")
        return _page(500)

    @app.errorhandler(StaleDataError)
    def stale(exc: StaleDataError):
        # Two saves of one note raced; the optimistic lock let only the first through.
        _rollback()
        return _page(409)

    @app.errorhandler(PdfFontMissing)
    def pdf_font_missing(exc: PdfFontMissing):
        app.logger.error("%s", str(exc))  # our own sentence: the font's path, no PHI
        return _page(503, str(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return http_error(exc)
        app.logger.exception("unhandled error")
        _rollback()
        return _page(500)
