"""Settings: `Config` reads NOTEWELL_* environment variables, `TestConfig` is for tests."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def instance_secret_key(instance_path: str) -> str:
    """Return the secret key kept in the instance folder, generating it on first use.

    Args:
        instance_path: the app's instance folder (outside the repository's tracked files).
    Returns:
        A 64-character hex key that stays the same across restarts.
    """
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    if not path.exists():
        # O_EXCL: two workers starting at once must not each write a different key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def default_database_url(instance_path: str) -> str:
    """The SQLite database in the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_path) / "notewell.sqlite3")


class Env:
    """A setting from one environment variable, read each time the class attribute is read.

    `create_app` reads the attributes when it builds an app, so a variable set after import
    (by a process manager, or a test) still counts.
    """

    def __init__(self, name: str, default: Any, parse: Callable[[str], Any] = str) -> None:
        self.name = name
        self.default = default
        self.parse = parse

    def __get__(self, _instance: object, owner: type[Config]) -> Any:
        raw = owner.environ().get(self.name, "")
        return self.parse(raw) if raw else self.default


def _on(raw: str) -> bool:
    return raw == "1"


def _classifier(raw: str) -> dict[str, bool]:
    # =0: rules only; =1: require the learned classifier; unset: use it when installed.
    return {"classifier": raw == "1"}


class Config:
    """The app's settings, from NOTEWELL_* environment variables; secrets never have a default."""

    # Unset: `create_app` takes the key kept in the instance folder.
    SECRET_KEY = Env("NOTEWELL_SECRET_KEY", None)
    # Unset: `create_app` takes the SQLite file in the instance folder.
    DATABASE_URL = Env("NOTEWELL_DATABASE_URL", None)
    # 2 MB of form data is far above any jotting the pipeline accepts (20,000 characters).
    MAX_CONTENT_LENGTH = Env("NOTEWELL_MAX_CONTENT_LENGTH", 2 * 1024 * 1024, int)
    # Behind a TLS-terminating proxy: trust one hop of X-Forwarded-For/-Proto.
    PROXY_FIX = Env("NOTEWELL_PROXY_FIX", False, _on)
    SESSION_COOKIE_SECURE = Env("NOTEWELL_COOKIE_SECURE", False, _on)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = Env("NOTEWELL_SESSION_SECONDS", 8 * 3600, int)
    LOGIN_MAX_FAILURES = Env("NOTEWELL_LOGIN_MAX_FAILURES", 5, int)
    LOGIN_WINDOW_SECONDS = Env("NOTEWELL_LOGIN_WINDOW_SECONDS", 15 * 60, int)
    # argon2id costs (argon2-cffi's RFC 9106 low-memory profile by default).
    ARGON2_TIME_COST = Env("NOTEWELL_ARGON2_TIME_COST", 3, int)
    ARGON2_MEMORY_COST = Env("NOTEWELL_ARGON2_MEMORY_COST", 64 * 1024, int)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    PDF_FONT = Env("NOTEWELL_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    ASSISTANT_OPTIONS = Env("NOTEWELL_CLASSIFIER", {}, _classifier)
    # The practice's name, printed at the top of every PDF page.
    PRACTICE_NAME = Env("NOTEWELL_PRACTICE_NAME", "")
    # A clinic's own note templates (*.json); unset: the folder note_templates/ of the instance.
    NOTE_TEMPLATES = Env("NOTEWELL_NOTE_TEMPLATES", "")
    # A new account's time zone (an IANA name; web/timezones.py falls back to UTC).
    DEFAULT_TIME_ZONE = Env("NOTEWELL_TIME_ZONE", "UTC")

    @staticmethod
    def environ() -> Mapping[str, str]:
        """Where the `Env` settings come from."""
        return os.environ


class TestConfig(Config):
    """Config's defaults whatever the environment says, on an in-memory database.

    Tests put their own DATABASE_URL, SECRET_KEY and the like on top (`create_app(mapping)`).
    """

    DATABASE_URL = "sqlite:///:memory:"

    @staticmethod
    def environ() -> Mapping[str, str]:
        """No environment: a test sees the same settings on every machine."""
        return {}
