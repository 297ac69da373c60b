"""citizens: folded surname and given name, and the indexes of the blocking keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.normalize.names import split_name
from pipeline.normalize.text import NormalizationError, fold

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 5_000
INDEXES = {
    "ix_citizens_surname_key_given_key_birth_year_name_key": ["surname_key", "given_key", "birth_year", "name_key"],
    "ix_citizens_given_key_date_of_birth": ["given_key", "date_of_birth"],
    "ix_citizens_surname_key_date_of_birth": ["surname_key", "date_of_birth"],
}


def _backfill() -> None:
    """The keys of the citizens already stored, from their stored name parts (split when they were imported)."""
    connection = op.get_bind()
    citizens = sa.table(
        "citizens",
        sa.column("id", sa.Integer),
        sa.column("full_name", sa.String),
        sa.column("surname", sa.String),
        sa.column("given_name", sa.String),
        sa.column("surname_key", sa.String),
        sa.column("given_key", sa.String),
    )
    update = (
        citizens.update()
        .where(citizens.c.id == sa.bindparam("row_id"))
        .values(surname_key=sa.bindparam("surname_key_value"), given_key=sa.bindparam("given_key_value"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(citizens.c.id, citizens.c.full_name, citizens.c.surname, citizens.c.given_name)
            .where(citizens.c.id > last)
            .order_by(citizens.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        values = []
        for row_id, full_name, surname, given in rows:
            if not surname or not given:
                try:
                    parts = split_name(full_name)
                    surname, given = parts.surname, parts.given
                except NormalizationError:
                    surname, given = surname or "", given or ""
            values.append({"row_id": row_id, "surname_key_value": fold(surname), "given_key_value": fold(given)})
        connection.execute(update, values)
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("surname_key", sa.String(length=120), server_default="", nullable=False))
        batch_op.add_column(sa.Column("given_key", sa.String(length=120), server_default="", nullable=False))
    _backfill()
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(batch_op.f(name), columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(batch_op.f(name))
        batch_op.drop_column("given_key")
        batch_op.drop_column("surname_key")
