"""Issue 17: busy is not broken. A write that meets SQLite's write lock held by another
process waits the busy timeout and then answers 503 with Retry-After (API) or exits 1 with
one line (CLI), writing nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app import create_app
from app.cli import main
from phrasebook.store import Store
from tests.conftest import phrase_entry
from tests.support.accounts import fill_store
from tests.support.snapshot import store_snapshot


@pytest.fixture
def locked(make_store: Callable[..., Store]) -> tuple[Store, dict[str, str]]:
    store = make_store()  # the data directory's SQLite file, which the CLI opens too
    return store, fill_store(store)


def _hold_write_lock(store: Store) -> sqlite3.Connection:
    holder = sqlite3.connect(str(store.engine.url.database), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what a long import holds while it writes
    return holder


def test_an_api_write_meeting_the_lock_is_a_503(locked: Any) -> None:
    store, tokens = locked
    client = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings,
                         "PHRASEBOOK_STORE": store}).test_client()  # fmt: skip
    before = store_snapshot(store)
    holder = _hold_write_lock(store)
    try:
        response = client.patch(
            "/api/v1/phrases/stop", json={"notes": "busy?"},
            headers={"Authorization": f"Bearer {tokens['editor']}"},
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"
    assert "busy" in response.get_json()["error"]["message"]
    assert store_snapshot(store) == before
    assert client.get("/api/v1/phrases/stop").status_code == 200  # and it works again


def test_a_cli_import_meeting_the_lock_fails_with_one_line(
    locked: Any, runner: CliRunner, tmp_path: Path, make_document: Callable[..., Any]
) -> None:
    store, _tokens = locked
    document = make_document(phrases=[phrase_entry("new", en="New", uk="Нове")])
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document), "utf-8")
    holder = _hold_write_lock(store)
    try:
        result = runner.invoke(main, ["import", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and "busy" in errors[0], lines  # one line, after the progress
    assert "Traceback" not in result.stderr


def test_a_postgres_writer_waiting_on_a_row_lock_gets_a_503(
    make_store: Callable[..., Store], migrated_database_url: str
) -> None:
    """PostgreSQL: another transaction holds the translation's row lock (a long import);
    the save waits the lock timeout and answers 503 instead of hanging."""
    if not migrated_database_url.startswith("postgresql"):
        pytest.skip("SQLite's whole-database lock is the test above")
    store = make_store(migrated_database_url)
    tokens = fill_store(store)
    client = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings,
                         "PHRASEBOOK_STORE": store}).test_client()  # fmt: skip
    before = store_snapshot(store)
    with store.engine.connect() as holder:
        holder.exec_driver_sql("SELECT id FROM translations FOR UPDATE")
        response = client.patch(
            "/api/v1/phrases/stop", json={"translations": {"ko": {"text": "서!", "revision": 1}}},
            headers={"Authorization": f"Bearer {tokens['editor']}"},
        )  # fmt: skip
        holder.rollback()
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"
    assert store_snapshot(store) == before
