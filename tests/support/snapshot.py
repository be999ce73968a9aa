"""Everything a store holds, as text: to prove that a refused request changed nothing."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from phrasebook import services
from phrasebook.store import Store


def store_snapshot(store: Store) -> str:
    """The phrasebook/1 export followed by every row of every table, in a stable order.

    Comparing two snapshots is stricter than comparing exports: it also sees history rows,
    search keys, aids, audio references, accounts and jobs.
    """
    parts = [services.export_text(store.uow())]
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        for name in sorted(metadata.tables):
            if name.startswith("search_fts") or name == "alembic_version":
                continue  # the FTS shadow tables mirror search_keys, compared below
            table = metadata.tables[name]
            rows = connection.execute(select(table)).all()
            parts.append(f"## {name}")
            parts.extend(sorted(repr(tuple(row)) for row in rows))
    return "\n".join(parts)
