"""store generation: a counter every committed change moves on (read by page caches)

Revision ID: 0008_store_generation
Revises: 0007_one_chain
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_store_generation"
down_revision = "0007_one_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade() -> None:
    op.drop_table("store_generation")
