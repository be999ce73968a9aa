"""search: one row of normalized search keys per phrase (see phrasebook/search.py)

Revision ID: 0002_search
Revises: 0001

The keys are computed in Python; a database upgraded to this revision has an empty table
until the app (or ``phrasebook search reindex``) rebuilds it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_search"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_keys",
        sa.Column("phrase_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("initials", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["phrase_id"], ["phrases.id"],
            name=op.f("fk_search_keys_phrase_id_phrases"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("phrase_id", name=op.f("pk_search_keys")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_index()
        return
    if bind.dialect.name != "postgresql":
        return
    # A trigram index makes LIKE '%term%' fast on PostgreSQL. Creating the extension needs
    # the right privileges: without them, search still works (sequential scan).
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        for column in ("key", "initials"):
            bind.execute(
                sa.text(
                    f"CREATE INDEX ix_search_keys_{column}_trgm ON search_keys "
                    f"USING gin ({column} gin_trgm_ops)"
                )
            )
        savepoint.commit()
    except sa.exc.DBAPIError:
        savepoint.rollback()


def _sqlite_index() -> None:
    # A trigram full-text index over the keys finds candidates for terms of 3+ characters
    # without reading every row; triggers keep it in step with search_keys. The index on
    # initials lets short initial-consonant queries scan a narrow index, not the wide rows.
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(key, initials, content='search_keys', "
        "content_rowid='phrase_id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER search_keys_ai AFTER INSERT ON search_keys BEGIN "
        "INSERT INTO search_fts(rowid, key, initials) "
        "VALUES (new.phrase_id, new.key, new.initials); END"
    )
    op.execute(
        "CREATE TRIGGER search_keys_ad AFTER DELETE ON search_keys BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, key, initials) "
        "VALUES ('delete', old.phrase_id, old.key, old.initials); END"
    )
    op.execute(
        "CREATE TRIGGER search_keys_au AFTER UPDATE ON search_keys BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, key, initials) "
        "VALUES ('delete', old.phrase_id, old.key, old.initials); "
        "INSERT INTO search_fts(rowid, key, initials) "
        "VALUES (new.phrase_id, new.key, new.initials); END"
    )
    op.create_index("ix_search_keys_initials", "search_keys", ["initials"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_keys_ai", "search_keys_ad", "search_keys_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
        op.drop_index("ix_search_keys_initials", table_name="search_keys")
    op.execute("DROP INDEX IF EXISTS ix_search_keys_key_trgm")
    op.execute("DROP INDEX IF EXISTS ix_search_keys_initials_trgm")
    op.drop_table("search_keys")
