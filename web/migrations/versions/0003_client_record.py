"""The client record: date of birth, diagnoses, and versioned, signed treatment plans with goals.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ONE_DRAFT = sa.text("status = 'draft'")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch): rebuilding `clients` on SQLite would trip the foreign keys
    # of notes and the audit log that point at it.
    op.add_column("clients", sa.Column("date_of_birth", sa.Date, nullable=True))
    op.create_table(
        "diagnoses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("added_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("removed_at", TS, nullable=True),
        sa.Column("removed_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    )
    op.create_index("ix_diagnoses_client_id", "diagnoses", ["client_id"])
    op.create_table(
        "treatment_goals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_treatment_goals_client_id", "treatment_goals", ["client_id"])
    op.create_table(
        "treatment_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("based_on_id", sa.Integer, sa.ForeignKey("treatment_plans.id"), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("signed_at", TS, nullable=True),
        sa.Column("signed_name", sa.String(200), nullable=True),
        sa.Column("signed_credentials", sa.String(100), nullable=True),
        sa.Column("signed_time_zone", sa.String(64), nullable=True),
        sa.UniqueConstraint("client_id", "number", name="uq_treatment_plans_client_number"),
    )
    op.create_index("ix_treatment_plans_client_id", "treatment_plans", ["client_id"])
    # At most one draft per client, in the database too: two "start a new version" posts at
    # once cannot both open one.
    op.create_index(
        "uq_treatment_plans_one_draft",
        "treatment_plans",
        ["client_id"],
        unique=True,
        sqlite_where=ONE_DRAFT,
        postgresql_where=ONE_DRAFT,
    )


def downgrade() -> None:
    for table in ("treatment_plans", "treatment_goals", "diagnoses"):
        op.drop_table(table)
    # SQLite (3.35 and later) drops a column in place, with no rebuild of `clients`.
    op.drop_column("clients", "date_of_birth")
