"""Notewell's web app: `create_app()` builds the Flask app with its database and blueprints."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from assistant.note.templates import load_templates, use_clinic_templates

from .config import Config, TestConfig, default_database_url, instance_secret_key
from .db import db
from .records import utc_stamp
from .timezones import local_stamp

csrf = CSRFProtect()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app.

    Args:
        test_config: None to read the environment (`Config`); else settings put over
            `TestConfig`, which ignores it (tests pass DATABASE_URL, SECRET_KEY and the like).
    Returns:
        The configured Flask app; the NLP pipeline is built on first use, or taken from
        `app.extensions["assistant"]` when a caller put one there.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("NOTEWELL_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    app.config.from_object(Config if test_config is None else TestConfig)
    app.config.update(test_config or {})
    # Secrets come from the environment (or the test mapping), else from the instance folder.
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = default_database_url(app.instance_path)

    # A clinic's template files are checked now: a bad one stops the start with its name.
    folder = app.config.get("NOTE_TEMPLATES") or os.path.join(app.instance_path, "note_templates")
    use_clinic_templates(load_templates(Path(folder)))

    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore

    from .security import SessionInterface, load_user, security_headers

    app.session_interface = SessionInterface()
    db.init_app(app)
    csrf.init_app(app)
    app.before_request(load_user)
    app.after_request(security_headers)
    app.add_template_filter(utc_stamp)
    app.add_template_filter(local_stamp)

    from . import errors
    from .admin.routes import bp as admin_bp
    from .auth.routes import bp as auth_bp
    from .clients.routes import bp as clients_bp
    from .drafts.routes import bp as drafts_bp
    from .exports.routes import bp as exports_bp
    from .goals.routes import bp as goals_bp
    from .measures.routes import bp as measures_bp
    from .notes import flag_views  # noqa: F401 - adds the flag views to notes_bp
    from .notes.routes import bp as notes_bp
    from .plans.routes import bp as plans_bp
    from .reflection.routes import bp as reflection_bp
    from .search import init_app as init_search
    from .search.routes import bp as search_bp

    blueprints = (
        auth_bp,
        admin_bp,
        clients_bp,
        notes_bp,
        drafts_bp,
        exports_bp,
        plans_bp,
        measures_bp,
        reflection_bp,
        goals_bp,
        search_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    init_search(app)
    errors.register(app)
    return app
