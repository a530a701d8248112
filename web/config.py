"""Configuration read from the environment; tests pass a mapping to `create_app` instead."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# 2 MB of form data is far above any jotting the pipeline accepts (20,000 characters).
DEFAULT_MAX_CONTENT_LENGTH = 2 * 1024 * 1024


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


class Config:
    """Settings from NOTEWELL_* environment variables, read when the app is created."""

    def __init__(self, instance_path: str) -> None:
        env = os.environ
        self.SECRET_KEY = env.get("NOTEWELL_SECRET_KEY") or instance_secret_key(instance_path)
        self.DATABASE_URL = env.get("NOTEWELL_DATABASE_URL") or default_database_url(instance_path)
        self.MAX_CONTENT_LENGTH = int(
            env.get("NOTEWELL_MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH)
        )
        # Behind a TLS-terminating proxy: trust one hop of X-Forwarded-For/-Proto.
        self.PROXY_FIX = env.get("NOTEWELL_PROXY_FIX", "") == "1"
        self.SESSION_COOKIE_SECURE = env.get("NOTEWELL_COOKIE_SECURE", "") == "1"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.PERMANENT_SESSION_LIFETIME = int(env.get("NOTEWELL_SESSION_SECONDS", 8 * 3600))
        self.LOGIN_MAX_FAILURES = int(env.get("NOTEWELL_LOGIN_MAX_FAILURES", 5))
        self.LOGIN_WINDOW_SECONDS = int(env.get("NOTEWELL_LOGIN_WINDOW_SECONDS", 15 * 60))
        # argon2id costs (argon2-cffi's RFC 9106 low-memory profile by default).
        self.ARGON2_TIME_COST = int(env.get("NOTEWELL_ARGON2_TIME_COST", 3))
        self.ARGON2_MEMORY_COST = int(env.get("NOTEWELL_ARGON2_MEMORY_COST", 64 * 1024))
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
        self.PDF_FONT = env.get(
            "NOTEWELL_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
        )
        # NOTEWELL_CLASSIFIER=0: rules only; =1: require the learned classifier; unset: use it
        # when its package is installed.
        classifier = env.get("NOTEWELL_CLASSIFIER", "")
        self.ASSISTANT_OPTIONS: dict = {"classifier": classifier == "1"} if classifier else {}

    def as_dict(self) -> dict:
        """The settings as a mapping for `app.config.update`."""
        return {k: v for k, v in vars(self).items() if k.isupper()}
