"""audio: references to cached audio files and per-translation engine pins

Revision ID: 0006_audio
Revises: 0001
Create Date: 2026-11-25 11:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_audio"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audio_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("speed", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("voice", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["translations.id"],
            name=op.f("fk_audio_refs_translation_id_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audio_refs")),
        sa.UniqueConstraint("translation_id", "speed", name=op.f("uq_audio_refs_translation_id")),
    )
    with op.batch_alter_table("audio_refs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audio_refs_key"), ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audio_refs_translation_id"), ["translation_id"], unique=False
        )
    op.create_table(
        "audio_engine_pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("pinned_by", sa.String(length=200), nullable=False),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["translations.id"],
            name=op.f("fk_audio_engine_pins_translation_id_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audio_engine_pins")),
        sa.UniqueConstraint("translation_id", name=op.f("uq_audio_engine_pins_translation_id")),
    )


def downgrade() -> None:
    op.drop_table("audio_engine_pins")
    with op.batch_alter_table("audio_refs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audio_refs_translation_id"))
        batch_op.drop_index(batch_op.f("ix_audio_refs_key"))
    op.drop_table("audio_refs")
