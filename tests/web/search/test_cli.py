"""`notewell search reindex`: the rows of every note rebuilt; --embed needs the encoder."""

from __future__ import annotations

from sqlalchemy import text

from web import cli
from web.db import make_engine

from ..test_cli import instance  # noqa: F401 - the fixture: an instance folder of its own

NOW = "2026-11-29 10:00:00+00:00"
FIELDS = '{"sections": {"topics": ["Conflict with sister"], "plan": ["Call sister"]}}'


def test_cli_search_reindex_rebuilds_the_rows(instance, capsys):  # noqa: F811
    assert cli.main(["db", "upgrade"]) == 0
    engine = make_engine(f"sqlite:///{instance}/notewell.sqlite3")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, username, password_hash, is_admin, session_version,"
                " created_at) VALUES (1, 'ann', 'x', true, 1, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO clients (id, therapist_id, name, code, created_at)"
                " VALUES (1, 1, 'Jo', 'C-1', :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO notes (id, client_id, author_id, status, version, format,"
                " structured, fields, rendered, created_at, updated_at)"
                " VALUES (1, 1, 1, 'draft', 1, 'soap', '{}', :fields, '', :now, :now)"
            ),
            {"fields": FIELDS, "now": NOW},
        )
    capsys.readouterr()
    assert cli.main(["search", "reindex"]) == 0
    assert capsys.readouterr().out == "notewell: 2 search rows for 1 notes\n"
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM search_items_fts WHERE search_items_fts MATCH 'sister'")
        ).scalar()
    assert found == 2
    engine.dispose()


def test_cli_search_reindex_embed_on_rules_alone_is_one_sentence(
    instance,  # noqa: F811
    monkeypatch,
    capsys,
):
    monkeypatch.setenv("NOTEWELL_CLASSIFIER", "0")
    assert cli.main(["db", "upgrade"]) == 0
    assert cli.main(["search", "reindex", "--embed"]) == 2
    assert "search by meaning needs the MiniLM encoder" in capsys.readouterr().err
