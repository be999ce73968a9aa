"""session epoch: signing out ends every session of the account (a copied cookie too)

Revision ID: 0010_session_epoch
Revises: 0009_localized_notes
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_session_epoch"
down_revision = "0009_localized_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("session_epoch", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")
