"""Settings: Config reads NOTEWELL_* when an app is built, TestConfig never reads them."""

from __future__ import annotations

import pytest

from web import create_app


@pytest.fixture
def built(tmp_path, monkeypatch):
    """Build an app the way `notewell serve` does (from the environment) and return its config."""
    monkeypatch.setenv("NOTEWELL_INSTANCE_PATH", str(tmp_path))
    for name in ("NOTEWELL_SECRET_KEY", "NOTEWELL_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    apps = []

    def build(test_config=None) -> dict:
        app = create_app(test_config)
        apps.append(app)
        return app.config

    yield build
    for app in apps:
        app.extensions["db_engine"].dispose()


def test_config_secret_key_generated_once_into_instance_folder(built, tmp_path):
    first = built()["SECRET_KEY"]
    second = built()["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_config_reads_environment(built, tmp_path, monkeypatch):
    monkeypatch.setenv("NOTEWELL_SECRET_KEY", "from-env")
    monkeypatch.setenv("NOTEWELL_DATABASE_URL", "postgresql+psycopg://u@h/db")
    config = built()
    assert config["SECRET_KEY"] == "from-env" and config["DATABASE_URL"].endswith("@h/db")
    monkeypatch.delenv("NOTEWELL_DATABASE_URL")
    assert built()["DATABASE_URL"] == f"sqlite:///{tmp_path}/notewell.sqlite3"


@pytest.mark.parametrize(
    ("variable", "value", "key", "from_env", "default"),
    [
        ("NOTEWELL_COOKIE_SECURE", "1", "SESSION_COOKIE_SECURE", True, False),
        ("NOTEWELL_LOGIN_MAX_FAILURES", "9", "LOGIN_MAX_FAILURES", 9, 5),
        ("NOTEWELL_CLASSIFIER", "0", "ASSISTANT_OPTIONS", {"classifier": False}, {}),
    ],
)
def test_config_test_config_ignores_environment(
    built, monkeypatch, variable, value, key, from_env, default
):
    monkeypatch.setenv(variable, value)
    assert built()[key] == from_env
    assert built({"SECRET_KEY": "test"})[key] == default
