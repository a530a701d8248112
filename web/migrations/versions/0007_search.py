"""Search: one row per line of a note's reviewed record and per addendum, indexed for words.

SQLite gets an FTS5 table over the rows' text (an external-content table kept in step by
triggers); PostgreSQL an expression GIN index on to_tsvector('english', text). Existing notes
are indexed here; embeddings are filled on first search (or by `notewell search reindex`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SECTIONS = (
    "topics",
    "interventions",
    "client_response",
    "quotes",
    "homework",
    "plan",
    "risk",
)
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_items_fts USING fts5(text, content='search_items',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_items_fts_insert AFTER INSERT ON search_items BEGIN"
    " INSERT INTO search_items_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_items_fts_delete AFTER DELETE ON search_items BEGIN"
    " INSERT INTO search_items_fts (search_items_fts, rowid, text)"
    " VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_items_fts_update AFTER UPDATE OF text ON search_items BEGIN"
    " INSERT INTO search_items_fts (search_items_fts, rowid, text)"
    " VALUES ('delete', old.id, old.text);"
    " INSERT INTO search_items_fts (rowid, text) VALUES (new.id, new.text); END",
)
POSTGRES_INDEX = (
    "CREATE INDEX ix_search_items_words ON search_items"
    " USING gin (to_tsvector('english'::regconfig, text))"
)


def upgrade() -> None:
    items = op.create_table(
        "search_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.id"), nullable=False),
        sa.Column("addendum_id", sa.Integer, sa.ForeignKey("addenda.id"), nullable=True),
        sa.Column("section", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("embedding", sa.LargeBinary, nullable=True),
        sa.Column("embedding_name", sa.String(80), nullable=True),
    )
    op.create_index("ix_search_items_note_id", "search_items", ["note_id"])
    bind = op.get_bind()
    for statement in SQLITE_FTS if bind.dialect.name == "sqlite" else (POSTGRES_INDEX,):
        op.execute(statement)
    op.bulk_insert(items, list(_existing_rows(bind)))


def _existing_rows(bind: sa.Connection):
    """The rows of the notes and addenda already there (voided drafts have none), as the
    app's web/search/index.py makes them at this revision."""
    notes = bind.execute(sa.text("SELECT id, fields FROM notes WHERE status <> 'voided'"))
    for note_id, fields in notes:
        fields = json.loads(fields) if isinstance(fields, str) else fields or {}
        sections = fields.get("sections") or {}
        for section in SECTIONS:
            lines = [line.strip() for line in sections.get(section) or [] if line.strip()]
            for position, line in enumerate(lines):
                yield {"note_id": note_id, "section": section, "position": position, "text": line}
    addenda = bind.execute(
        sa.text(
            "SELECT a.id, a.note_id, a.text FROM addenda a JOIN notes n ON n.id = a.note_id"
            " WHERE n.status <> 'voided'"
        )
    )
    for addendum_id, note_id, text in addenda:
        yield {
            "note_id": note_id,
            "addendum_id": addendum_id,
            "section": "addendum",
            "position": 0,
            "text": text,
        }


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_items_fts")  # its triggers go with search_items
    op.drop_table("search_items")
