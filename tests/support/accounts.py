"""Helpers for web tests of editing and the API: a store with known phrases and accounts,
and signing in through the real form (with its CSRF token)."""

from __future__ import annotations

import atexit
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from phrasebook import editing, users
from phrasebook.config import DEFAULT_LANGUAGES
from phrasebook.models import PhraseSet
from phrasebook.store import Store
from tests.support.stores import DATABASE_FILE, open_store

LANGUAGES = DEFAULT_LANGUAGES
PASSWORD = "correct-horse-battery"
ACCOUNTS = {"viewer": "viewer", "editor": "editor", "reviewer": "reviewer", "admin": "admin"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def fill_store(store: Store) -> dict[str, str]:
    """Two sets, three phrases, one account per role; returns an API token per role.

    A new SQLite store gets a copy of a store filled once per session (the four passwords'
    scrypt hashes and the tokens took ~0.6 s per test); any other store is filled here."""
    copied = _copy_filled(store)
    if copied is not None:
        return copied
    return _fill(store)


_filled: list[tuple[Path, dict[str, str]]] = []


def _copy_filled(store: Store) -> dict[str, str] | None:
    settings = store.settings
    if settings.database_url is not None or settings.languages != LANGUAGES:
        return None
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT (SELECT count(*) FROM phrases) + (SELECT count(*) FROM users)")
        ).scalar()
    if rows:
        return None  # not a new store: fill it as it is
    if not _filled:
        folder = Path(tempfile.mkdtemp(prefix="phrasebook-filled-"))
        atexit.register(shutil.rmtree, folder, True)
        template = open_store(folder / "data")
        tokens = _fill(template)
        template.close()
        database = folder / "data" / DATABASE_FILE
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _filled.append((database, tokens))
    database, tokens = _filled[0]
    target = settings.data_dir / DATABASE_FILE
    store.engine.dispose()  # no connection left on the file being replaced
    for leftover in (
        target.with_name(target.name + "-wal"),
        target.with_name(target.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(database, target)
    return dict(tokens)


def _fill(store: Store) -> dict[str, str]:
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="surrender", names={"en": "Surrender", "uk": "Здача"}))
        uow.sets.add(PhraseSet(slug="medical", names={"en": "Medical"}, position=1))
        uow.commit()
    for uid, ko, uk in (
        ("stop", "멈춰", "Стій"),
        ("thanks", "감사합니다", "Дякую"),
        ("water", "물", "Вода"),
    ):
        editing.create_phrase(
            store.uow(),
            uid=uid,
            category="basics",
            texts={"ko": ko, "uk": uk},
            by="seed",
            languages=LANGUAGES,
            sets=["surrender"],
        )
    tokens = {}
    for name, role in ACCOUNTS.items():
        users.add_user(store.uow(), name=name, password=PASSWORD, role=role)
        tokens[role] = users.issue_token(store.uow(), name=name)
    return tokens


def csrf_token(client: Any, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = CSRF_FIELD.search(page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def app_of(store: Store) -> Any:
    """The web app over ``store`` (filled by ``fill_store``): replaces a live server's
    seeded app in browser tests that sign in."""
    from app import create_app

    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )


def sign_in_page(page: Any, base: str, name: str) -> None:
    """Sign in as ``name`` through the login form in a real browser page; lands on /edit/."""
    page.goto(f"{base}/login?next=/edit/")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base}/edit/")


def sign_in(client: Any, name: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_token(client)},
    )
