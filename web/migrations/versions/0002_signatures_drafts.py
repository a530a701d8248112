"""Accounts gain full name, credentials and time zone; notes keep their signature and voiding.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Server defaults fill the rows that exist already; the app always writes the values itself.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("full_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("credentials", sa.String(100), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="UTC")
        )
    # Plain ADD COLUMN (no batch): rebuilding `notes` on SQLite would trip the foreign keys of
    # jottings, flag decisions, addenda and the audit log that point at it.
    for column in (
        sa.Column("signed_name", sa.String(200), nullable=True),
        sa.Column("signed_credentials", sa.String(100), nullable=True),
        sa.Column("signed_time_zone", sa.String(64), nullable=True),
        sa.Column("voided_at", TS, nullable=True),
        sa.Column("void_reason", sa.Text, nullable=True),
    ):
        op.add_column("notes", column)
    if op.get_bind().dialect.name == "sqlite":
        # SQLite takes a foreign key only inline in ADD COLUMN, which Alembic does not render.
        op.execute("ALTER TABLE notes ADD COLUMN voided_by_id INTEGER REFERENCES users (id)")
    else:
        op.add_column("notes", sa.Column("voided_by_id", sa.Integer, nullable=True))
        op.create_foreign_key(
            "fk_notes_voided_by_id_users", "notes", "users", ["voided_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("notes") as batch:
        if op.get_bind().dialect.name != "sqlite":
            batch.drop_constraint("fk_notes_voided_by_id_users", type_="foreignkey")
        for column in (
            "void_reason",
            "voided_by_id",
            "voided_at",
            "signed_time_zone",
            "signed_credentials",
            "signed_name",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("users") as batch:
        for column in ("time_zone", "credentials", "full_name"):
            batch.drop_column(column)
