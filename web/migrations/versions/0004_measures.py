"""Measures: scores and ratings read from a note's jotting or entered by hand.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.id"), nullable=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("scale", sa.Float, nullable=True),
        sa.Column("measured_on", sa.Date, nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("jotting_index", sa.Integer, nullable=True),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("added_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("removed_at", TS, nullable=True),
        sa.Column("removed_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        # A measure belongs to a note or to the client's record, never both.
        sa.CheckConstraint(
            "(note_id IS NULL) <> (client_id IS NULL)", name="ck_measures_note_or_client"
        ),
    )
    op.create_index("ix_measures_note_id", "measures", ["note_id"])
    op.create_index("ix_measures_client_id", "measures", ["client_id"])


def downgrade() -> None:
    op.drop_table("measures")
