"""Notewell's web app: `create_app()` builds the Flask app with its database and blueprints."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from .config import DEFAULT_MAX_CONTENT_LENGTH, Config, instance_secret_key
from .db import db

csrf = CSRFProtect()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app.

    Args:
        test_config: settings that replace the environment's (tests pass DATABASE_URL,
            SECRET_KEY and the like).
    Returns:
        The configured Flask app; the NLP pipeline is built on first use, or taken from
        `app.extensions["assistant"]` when a caller put one there.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("NOTEWELL_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    if test_config is None:
        app.config.update(Config(app.instance_path).as_dict())
    else:
        app.config.update(DEFAULTS)
        app.config.update(test_config)
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore

    from .security import SessionInterface, load_user, security_headers

    app.session_interface = SessionInterface()
    db.init_app(app)
    csrf.init_app(app)
    app.before_request(load_user)
    app.after_request(security_headers)

    from . import auth, clients, errors, exports, notes

    app.register_blueprint(auth.bp)
    app.register_blueprint(clients.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(exports.bp)
    errors.register(app)
    return app


# What a test mapping does not set (Flask's own defaults are weaker for some of these).
DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "MAX_CONTENT_LENGTH": DEFAULT_MAX_CONTENT_LENGTH,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_WINDOW_SECONDS": 15 * 60,
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_COST": 64 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "PDF_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "ASSISTANT_OPTIONS": {},
    "DATABASE_URL": "sqlite:///:memory:",
}
