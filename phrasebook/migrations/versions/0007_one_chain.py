"""one chain: merge the per-area branches (search, users, mt, pronunciation, audio)

Before this, each area had its own branch off 0001 and ``init`` upgraded every head. From
here on there is one linear history: a new migration's down_revision is the current head.

Revision ID: 0007_one_chain
Revises: 0002_search, 0003_users, 0004_mt, 0005_pronunciation, 0006_audio
"""

revision = "0007_one_chain"
down_revision = ("0002_search", "0003_users", "0004_mt", "0005_pronunciation", "0006_audio")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables: joining the branches is the whole migration."""


def downgrade() -> None:
    """Back to the five branch heads."""
