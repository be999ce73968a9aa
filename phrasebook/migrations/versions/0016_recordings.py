"""recordings: people's recordings of translations (speaker, licence, consent, review)

Revision ID: 0016_recordings
Revises: 0015_jobs
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_recordings"
down_revision = "0015_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=False),
        sa.Column("licence", sa.String(length=40), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=True),
        sa.Column("consent_by", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum("draft", "reviewed", name="recordingstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["translations.id"],
            name=op.f("fk_recordings_translation_id_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recordings")),
    )
    with op.batch_alter_table("recordings") as batch:
        batch.create_index(batch.f("ix_recordings_key"), ["key"], unique=False)
        batch.create_index(batch.f("ix_recordings_translation_id"), ["translation_id"], unique=False)


def downgrade() -> None:
    op.drop_table("recordings")
