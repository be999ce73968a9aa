"""search reviewed: each phrase's reviewed languages stored with its keys (search_keys.reviewed)

A search put reviewed phrases first by looking up each candidate's translations; at 100,000
phrases on PostgreSQL that lookup was an eighth of a search (BENCHMARKS.md). The column is
filled here from the translations as they are; the index keeps it current from now on.

Revision ID: 0017_search_reviewed
Revises: 0016_recordings
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_search_reviewed"
down_revision = "0016_recordings"
branch_labels = None
depends_on = None


# SQLite's trigger keeping search_fts in step with updated keys (as made by 0002_search)
_UPDATE_TRIGGER = (
    "CREATE TRIGGER search_keys_au AFTER UPDATE{columns} ON search_keys BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, key, initials) "
    "VALUES ('delete', old.phrase_id, old.key, old.initials); "
    "INSERT INTO search_fts(rowid, key, initials) "
    "VALUES (new.phrase_id, new.key, new.initials); END"
)


def upgrade() -> None:
    op.add_column(
        "search_keys", sa.Column("reviewed", sa.Text(), server_default="", nullable=False)
    )
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # The trigram index follows the keys' texts only: filling the new column must not
        # rewrite every row of it (nor must any later change of reviewed or langs).
        op.execute("DROP TRIGGER search_keys_au")
        op.execute(_UPDATE_TRIGGER.format(columns=" OF key, initials"))
    reviewed: dict[int, list[str]] = {}
    rows = connection.execute(
        sa.text(
            "SELECT phrase_id, lang FROM translations WHERE status = 'reviewed' "
            "ORDER BY phrase_id, lang"
        )
    )
    for phrase_id, lang in rows:
        reviewed.setdefault(phrase_id, []).append(lang)
    if reviewed:
        connection.execute(
            sa.text("UPDATE search_keys SET reviewed = :tags WHERE phrase_id = :phrase_id"),
            [{"phrase_id": key, "tags": " ".join(tags)} for key, tags in reviewed.items()],
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER search_keys_au")
        op.execute(_UPDATE_TRIGGER.format(columns=""))
    # (not batch mode: recreating the table would drop SQLite's triggers that keep
    # search_fts in step; SQLite drops a column in place since 3.35)
    op.drop_column("search_keys", "reviewed")
