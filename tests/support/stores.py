"""A store opened for a module-scoped fixture (the ``make_store`` fixture is per test)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from phrasebook.config import Settings
from phrasebook.db import migrate
from phrasebook.store import Store


def open_store(
    data_dir: Path, environ: Mapping[str, str] | None = None, *, seeded: bool = False
) -> Store:
    """A migrated SQLite store in ``data_dir``, with ``environ`` as its PHRASEBOOK_* settings
    and the curated seeds when ``seeded``; the caller closes it."""
    store = Store.open(Settings.from_env(environ=dict(environ or {}), data_dir=data_dir))
    migrate(store.engine)
    if seeded:
        store.seed()
    return store
