"""search languages and words: each key line's language (search_keys.langs) and the table of
the keys' words that typos are matched against (search_words); old keys are dropped

The keys (and words) are rebuilt from the phrases by the app when it starts (app/search.py
finds the table short of rows) or by ``phrasebook reindex``; nothing else is lost.

Revision ID: 0013_search_languages_and_words
Revises: 0012_search_word_forms
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_search_languages_and_words"
down_revision = "0012_search_word_forms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("search_keys", sa.Column("langs", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "search_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_words")),
        sa.UniqueConstraint("word", name=op.f("uq_search_words_word")),
        sqlite_autoincrement=True,
    )
    op.execute("DELETE FROM search_keys")


def downgrade() -> None:
    op.drop_table("search_words")
    with op.batch_alter_table("search_keys") as batch:
        batch.drop_column("langs")
