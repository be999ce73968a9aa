"""Stores for tests: ``open_store`` for module-scoped fixtures (the ``make_store`` fixture is
per test), and ``seed_into``, which gives a new SQLite store the curated seeds by copying a
database seeded once per test session instead of seeding it again (the seeds take ~1 s to
load; a hundred tests use them)."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from phrasebook.config import DEFAULT_LANGUAGES, Settings
from phrasebook.db import migrate
from phrasebook.store import Store

DATABASE_FILE = "phrasebook.sqlite3"
KIT_FONTS = "kit-fonts"  # phrasebook.kit.installation's font cache in the data folder
_template_lock = threading.Lock()
_template: list[Path] = []
_migrated: list[Path] = []
_fonts: list[Path] = []


def share_kit_fonts(data_dir: Path) -> None:
    """Let ``data_dir`` use the session's kit font cache: the subsets of a character set are
    made once (~6 s each) instead of once per test. The cache is keyed by the characters it
    covers, so a shared one gives every kit the subsets a fresh one would make."""
    with _template_lock:
        if not _fonts:
            folder = Path(tempfile.mkdtemp(prefix="phrasebook-kit-fonts-"))
            atexit.register(shutil.rmtree, folder, True)
            _fonts.append(folder)
    data_dir.mkdir(parents=True, exist_ok=True)
    link = data_dir / KIT_FONTS
    if not link.exists():
        link.symlink_to(_fonts[0], target_is_directory=True)


def _seeded_template() -> Path:
    """A SQLite file with the schema and the curated seeds, made by this session's code."""
    with _template_lock:
        if not _template:
            folder = Path(tempfile.mkdtemp(prefix="phrasebook-seeded-"))
            atexit.register(shutil.rmtree, folder, True)
            store = Store.open(Settings.from_env(environ={}, data_dir=folder))
            migrate(store.engine)
            store.seed()
            store.close()
            database = folder / DATABASE_FILE
            # Everything into the main file, so that one file copy is the whole database.
            with sqlite3.connect(database) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _template.append(database)
        return _template[0]


def migrated_sqlite_url(data_dir: Path) -> str:
    """A SQLite file in ``data_dir`` with this session's schema and no rows: a copy of one
    migrated once per session."""
    with _template_lock:
        if not _migrated:
            folder = Path(tempfile.mkdtemp(prefix="phrasebook-migrated-"))
            atexit.register(shutil.rmtree, folder, True)
            store = Store.open(Settings.from_env(environ={}, data_dir=folder))
            migrate(store.engine)
            store.close()
            with sqlite3.connect(folder / DATABASE_FILE) as connection:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            _migrated.append(folder / DATABASE_FILE)
    target = data_dir / DATABASE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():  # (a store of the test may already use the data folder's file)
        shutil.copyfile(_migrated[0], target)
    return f"sqlite:///{target}"


def can_copy_seeds(settings: Settings) -> bool:
    """The session's seeded database fits ``settings``: SQLite in the data folder, the default
    languages (the seeds hold what the configured languages allow), the default seeds."""
    return settings.database_url is None and settings.languages == DEFAULT_LANGUAGES


def seed_into(settings: Settings) -> None:
    """Put the seeded database in ``settings.data_dir`` (before the store is opened)."""
    target = settings.data_dir / DATABASE_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(f"{target}: the store already has a database")
    shutil.copyfile(_seeded_template(), target)


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
    settings = settings.with_changes(database_url=database_url)
    share_kit_fonts(settings.data_dir)
    copied = seeded and can_copy_seeds(settings)
    if copied:
        seed_into(settings)
    store = Store.open(settings)
    migrate(store.engine)
    if seeded and not copied:
        store.seed()
    return store
