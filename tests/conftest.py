"""Shared fixtures: settings in a temporary data dir, stores on real SQLite and PostgreSQL,
the Flask app, its test client and CLI runner.

Factory fixtures return callables: ``make_store(seeded=True)``, ``make_document(...)``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from phrasebook.config import Settings
from phrasebook.store import Store
from tests.support.postgres import Cluster, throwaway_cluster
from tests.support.stores import (
    can_copy_seeds,
    migrated_sqlite_url,
    seed_into,
    share_kit_fonts,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"

# Nothing in the suite may reach the network; libraries that would, find no proxy either.
os.environ.setdefault("NO_PROXY", "*")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files for a person to look at (screenshots, PDFs, audio)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except FileNotFoundError as exc:
        pytest.skip(f"no PostgreSQL server binaries on this machine: {exc}")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A throwaway redis-server for the session (shared rate limits)."""
    from tests.support.redis_server import throwaway_redis

    try:
        with throwaway_redis() as url:
            yield url
    except FileNotFoundError as exc:
        pytest.skip(f"no redis-server on this machine: {exc}")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    share_kit_fonts(path)
    return path


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return Settings.from_env(environ={}, data_dir=data_dir)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, data_dir: Path) -> str:
    """Parametrizes a test over a real SQLite file and a real PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{data_dir / 'phrasebook.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_database_url(request: pytest.FixtureRequest, data_dir: Path) -> str:
    """Like ``database_url``, with the schema already applied: a copy of a database migrated
    once per session (a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL).
    ``database_url`` stays empty, for tests of the migrations themselves."""
    if request.param == "sqlite":
        return migrated_sqlite_url(data_dir)
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.migrated_database()


@pytest.fixture
def make_store(data_dir: Path) -> Iterator[Callable[..., Store]]:
    """``make_store(url=None, seeded=False, seeds_dir=None)``: an initialized store."""
    opened: list[Store] = []

    def factory(
        url: str | None = None,
        *,
        seeded: bool = False,
        seeds_dir: Path | None = None,
        **overrides: Any,
    ) -> Store:
        settings = Settings.from_env(environ={}, data_dir=data_dir).with_changes(
            database_url=url, **overrides
        )
        copied = seeded and seeds_dir is None and can_copy_seeds(settings)
        if copied:  # a copy of the session's seeded database: the same rows, without the wait
            seed_into(settings)
        store = Store.open(settings)
        from phrasebook.db import migrate

        migrate(store.engine)
        if seeded and not copied:
            store.seed(seeds_dir)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store: Callable[..., Store], migrated_database_url: str) -> Store:
    """An empty, migrated store on SQLite and on PostgreSQL."""
    return make_store(migrated_database_url)


@pytest.fixture
def sqlite_store(make_store: Callable[..., Store]) -> Store:
    return make_store()


@pytest.fixture
def seeded_store(make_store: Callable[..., Store]) -> Store:
    """The curated seeds in this test's own SQLite file (a copy of one seeded per session)."""
    return make_store(seeded=True)


@pytest.fixture
def app(seeded_store: Store) -> Any:
    from app import create_app

    application = create_app(
        {
            "TESTING": True,
            "PHRASEBOOK_SETTINGS": seeded_store.settings,
            "PHRASEBOOK_STORE": seeded_store,
        }
    )
    return application


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Runs ``phrasebook`` commands against the test's data dir."""
    monkeypatch.setenv("PHRASEBOOK_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PHRASEBOOK_DATABASE_URL", raising=False)
    # click 8.1 (what uv.lock pins) mixes stderr into output unless told not to.
    return CliRunner(mix_stderr=False)


@pytest.fixture
def make_document() -> Callable[..., dict[str, Any]]:
    """``make_document(phrases=[...], sets=[...])`` builds a phrasebook/1 document;
    ``make_document.phrase(id, ko=..., uk=...)`` builds one phrase entry."""

    def factory(phrases: list[dict[str, Any]] | None = None, **rest: Any) -> dict[str, Any]:
        return {"format": "phrasebook/1", "phrases": phrases or [], **rest}

    return factory


def phrase_entry(uid: str, category: str = "basics", **texts: str) -> dict[str, Any]:
    """One phrase entry; keyword names are language tags with ``_`` for ``-`` (ko_KP)."""
    return {
        "id": uid,
        "category": category,
        "translations": {tag.replace("_", "-"): {"text": text} for tag, text in texts.items()},
    }
