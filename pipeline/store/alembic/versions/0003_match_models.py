"""match_models: the match weights' u-probabilities estimated on each version of the population

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("population_run_id", sa.Integer(), nullable=True),
        sa.Column("citizens", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("u", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_models")),
    )
    op.create_index(op.f("ix_match_models_population_run_id"), "match_models", ["population_run_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_match_models_population_run_id"), table_name="match_models")
    op.drop_table("match_models")
