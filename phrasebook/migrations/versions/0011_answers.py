"""answers: the answer panel a question offers the other person (phrases.answers, JSON)

Revision ID: 0011_answers
Revises: 0010_session_epoch
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_answers"
down_revision = "0010_session_epoch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("phrases", sa.Column("answers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("phrases") as batch:
        batch.drop_column("answers")
