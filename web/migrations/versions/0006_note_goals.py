"""Goals in each note: a note's progress toward each goal of the plan, with its evidence.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note_goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("notes.id"), nullable=False),
        sa.Column("goal_id", sa.Integer, sa.ForeignKey("treatment_goals.id"), nullable=False),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("treatment_plans.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("progress", sa.String(16), nullable=True),
        sa.Column("evidence", sa.JSON, nullable=False),
        sa.Column("suggested", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.UniqueConstraint("note_id", "goal_id", name="uq_note_goals_note_goal"),
    )
    op.create_index("ix_note_goals_note_id", "note_goals", ["note_id"])


def downgrade() -> None:
    op.drop_table("note_goals")
