"""machine translation: cache and batch-fill jobs

Revision ID: 0004_mt
Revises: 0001
Create Date: 2026-11-25 11:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004_mt"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mt_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("source_lang", sa.String(length=35), nullable=False),
        sa.Column("target_lang", sa.String(length=35), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mt_cache")),
        sa.UniqueConstraint("key", name=op.f("uq_mt_cache_key")),
    )
    op.create_table(
        "mt_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("set_slug", sa.String(length=100), nullable=False),
        sa.Column("source_lang", sa.String(length=35), nullable=False),
        sa.Column("target_lang", sa.String(length=35), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "done",
                "failed",
                name="jobstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("filled", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mt_jobs")),
    )
    op.create_index(op.f("ix_mt_jobs_set_slug"), "mt_jobs", ["set_slug"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_mt_jobs_set_slug"), table_name="mt_jobs")
    op.drop_table("mt_jobs")
    op.drop_table("mt_cache")
