"""A store opened for a module-scoped fixture (the ``make_store`` fixture is per test)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from phrasebook.config import Settings
from phrasebook.db import migrate
from phrasebook.store import Store


def open_store(
    data_dir: Path,
    environ: Mapping[str, str] | None = None,
    *,
    seeded: bool = False,
    database_url: str | None = None,
) -> Store:
    """A migrated store in ``data_dir`` (SQLite there, or ``database_url``), with ``environ``
    as its PHRASEBOOK_* settings and the curated seeds when ``seeded``; the caller closes it."""
    settings = Settings.from_env(environ=dict(environ or {}), data_dir=data_dir)
    store = Store.open(settings.with_changes(database_url=database_url))
    migrate(store.engine)
    if seeded:
        store.seed()
    return store
