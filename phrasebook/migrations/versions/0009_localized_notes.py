"""localized notes: the usage notes of phrases and translations, one text per language

A note was one text (English). It becomes a JSON object keyed by language tag; an old note
becomes ``{"en": text}``, an empty one ``{}`` (and back, keeping the English, on downgrade).

Revision ID: 0009_localized_notes
Revises: 0008_store_generation
"""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_localized_notes"
down_revision = "0008_store_generation"
branch_labels = None
depends_on = None

_TABLES = ("phrases", "translations")
_BATCH = 5000


def _swap(
    table_name: str, new_type: sa.types.TypeEngine[Any], convert: Callable[[Any], Any], default: str
) -> None:
    """Replace the ``notes`` column by one of ``new_type`` holding ``convert(old value)``."""
    op.add_column(
        table_name,
        sa.Column("notes_new", new_type, nullable=False, server_default=sa.text(default)),
    )
    table = sa.table(
        table_name, sa.column("id"), sa.column("notes"), sa.column("notes_new", new_type)
    )
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values(notes_new=sa.bindparam("value"))
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, table.c.notes)).all()
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        connection.execute(update, [{"row_id": i, "value": convert(v)} for i, v in batch])
    # Plain ALTER TABLE ... DROP/RENAME COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of the
    # table would, with foreign keys on, cascade-delete the revision rows that point at it.
    op.execute(f"ALTER TABLE {table_name} DROP COLUMN notes")
    op.execute(f"ALTER TABLE {table_name} RENAME COLUMN notes_new TO notes")


def upgrade() -> None:
    for name in _TABLES:
        _swap(name, sa.JSON(), lambda text: {"en": text} if text else {}, "'{}'")


def downgrade() -> None:
    for name in _TABLES:
        _swap(name, sa.Text(), lambda notes: (notes or {}).get("en", ""), "''")
