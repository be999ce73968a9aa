"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 11:07:09.353793
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("slug", name=op.f("uq_categories_slug")),
    )
    op.create_table(
        "phrase_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("descriptions", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phrase_sets")),
        sa.UniqueConstraint("slug", name=op.f("uq_phrase_sets_slug")),
    )
    op.create_table(
        "phrases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "register",
            sa.Enum("polite", "neutral", "command", name="register", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phrases")),
        sa.UniqueConstraint("uid", name=op.f("uq_phrases_uid")),
    )
    with op.batch_alter_table("phrases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phrases_category"), ["category"], unique=False)

    op.create_table(
        "set_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("phrase_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["phrase_id"],
            ["phrases.id"],
            name=op.f("fk_set_memberships_phrase_id_phrases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["phrase_sets.id"],
            name=op.f("fk_set_memberships_set_id_phrase_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_memberships")),
        sa.UniqueConstraint("set_id", "phrase_id", name=op.f("uq_set_memberships_set_id")),
    )
    with op.batch_alter_table("set_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_set_memberships_phrase_id"), ["phrase_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_set_memberships_set_id"), ["set_id"], unique=False)

    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=35), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "machine", "reviewed", name="status", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["phrase_id"],
            ["phrases.id"],
            name=op.f("fk_translations_phrase_id_phrases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint("phrase_id", "lang", name=op.f("uq_translations_phrase_id")),
    )
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_translations_lang"), ["lang"], unique=False)
        batch_op.create_index(batch_op.f("ix_translations_phrase_id"), ["phrase_id"], unique=False)

    op.create_table(
        "translation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "machine", "reviewed", name="status", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["translations.id"],
            name=op.f("fk_translation_revisions_translation_id_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation_revisions")),
        sa.UniqueConstraint(
            "translation_id", "revision", name=op.f("uq_translation_revisions_translation_id")
        ),
    )
    with op.batch_alter_table("translation_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_translation_revisions_translation_id"), ["translation_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("translation_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_revisions_translation_id"))

    op.drop_table("translation_revisions")
    with op.batch_alter_table("translations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translations_phrase_id"))
        batch_op.drop_index(batch_op.f("ix_translations_lang"))

    op.drop_table("translations")
    with op.batch_alter_table("set_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_set_memberships_set_id"))
        batch_op.drop_index(batch_op.f("ix_set_memberships_phrase_id"))

    op.drop_table("set_memberships")
    with op.batch_alter_table("phrases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phrases_category"))

    op.drop_table("phrases")
    op.drop_table("phrase_sets")
    op.drop_table("categories")
