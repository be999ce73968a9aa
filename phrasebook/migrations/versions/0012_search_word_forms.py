"""search word forms: the keys gain word-form and Latin-spelling lines; old keys are dropped

The keys are rebuilt from the phrases by the app when it starts (app/search.py finds the
table short of rows) or by ``phrasebook reindex``; nothing else is lost.

Revision ID: 0012_search_word_forms
Revises: 0011_answers
"""

from alembic import op

revision = "0012_search_word_forms"
down_revision = "0011_answers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM search_keys")


def downgrade() -> None:
    # The new keys are a superset of the old ones: the previous release reads them as they are.
    pass
