"""Last session carried forward: a note records the signed note it was structured against.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite takes the reference inline (copying the table would break the rows that point at
    # notes); other servers add it as a named constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE notes ADD COLUMN previous_note_id INTEGER REFERENCES notes (id)")
    else:
        op.add_column("notes", sa.Column("previous_note_id", sa.Integer, nullable=True))
        op.create_foreign_key(
            "fk_notes_previous_note_id", "notes", "notes", ["previous_note_id"], ["id"]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_notes_previous_note_id", "notes", type_="foreignkey")
    op.drop_column("notes", "previous_note_id")
