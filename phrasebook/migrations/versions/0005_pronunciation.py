"""pronunciation: editors' overrides of pronunciation aids and the cache of computed aids

Revision ID: 0005_pronunciation
Revises: 0001
Create Date: 2026-11-25 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005_pronunciation"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pronunciation_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("reader", sa.String(length=35), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("manual", sa.Boolean(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"], ["translations.id"],
            name=op.f("fk_pronunciation_overrides_translation_id_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pronunciation_overrides")),
        sa.UniqueConstraint(
            "translation_id", "reader", name=op.f("uq_pronunciation_overrides_translation_id")
        ),
    )
    with op.batch_alter_table("pronunciation_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pronunciation_overrides_translation_id"), ["translation_id"],
            unique=False,
        )
    op.create_table(
        "pronunciation_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("reader", sa.String(length=35), nullable=False),
        sa.Column("rules_version", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_pronunciation_cache")),
    )


def downgrade() -> None:
    op.drop_table("pronunciation_cache")
    with op.batch_alter_table("pronunciation_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pronunciation_overrides_translation_id"))
    op.drop_table("pronunciation_overrides")
