"""job leases: fill jobs record who started them and how often a worker took them up again
(mt_jobs.started_by, mt_jobs.attempts), for jobs run on the task queue

Revision ID: 0014_job_leases
Revises: 0013_search_languages_and_words
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_job_leases"
down_revision = "0013_search_languages_and_words"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "mt_jobs", sa.Column("started_by", sa.String(200), server_default="mt", nullable=False)
    )
    op.add_column("mt_jobs", sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("mt_jobs") as batch:
        batch.drop_column("attempts")
        batch.drop_column("started_by")
