"""The page cache: anonymous reader pages are rendered once per store generation and choice
of languages; a change committed anywhere (another app on the same database, as another
process would be) shows at once; signed-in visitors are never served or stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from app import create_app
from app.page_cache import EXTENSION, KeptPage, PageCache
from phrasebook import editing
from phrasebook.store import Store
from tests.support.accounts import fill_store, sign_in
from tests.support.statements import counting
from tests.support.webapp import make_app


def reader_client(app: Any, reader: str = "uk", target: str = "ko", **cookies: str) -> Any:
    client = app.test_client()
    for name, value in {"reader": reader, "target": target, **cookies}.items():
        client.set_cookie(name, value)
    return client


def text_of(response: Any) -> str:
    """The page, or for JSON its data with the escapes undone."""
    assert response.status_code == 200
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    return str(response.get_data(as_text=True))


@pytest.fixture
def filled(store: Store) -> Store:
    fill_store(store)
    return store


def test_a_kept_page_costs_one_statement_and_is_the_same_page(filled: Store) -> None:
    app = make_app(filled)
    client = reader_client(app)
    first = client.get("/sets/surrender")
    with counting(filled.engine) as statements:
        second = client.get("/sets/surrender")
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert second.mimetype == "text/html"
    assert len(statements) == 1 and "store_generation" in statements[0]
    assert app.extensions[EXTENSION].hits == 1


def test_a_change_made_through_another_app_shows_at_once(
    filled: Store, make_store: Callable[..., Store], migrated_database_url: str
) -> None:
    reader = make_app(filled)
    # A second store on the same database: its own engine and its own page cache, as a second
    # server process would have.
    other = make_store(migrated_database_url)
    writer = make_app(other)
    client = reader_client(reader)
    for path in ("/sets/surrender", "/search?q=стій", "/api/v1/search?q=стій"):
        assert "멈춰" in text_of(client.get(path))
        assert "멈춰" in text_of(client.get(path))  # kept
    editing.save_translation(
        other.uow(), uid="stop", lang="ko", text="멈춰라", by="editor",
        languages=other.settings.languages, expected_revision=1,
    )  # fmt: skip
    for path in ("/sets/surrender", "/search?q=стій", "/api/v1/search?q=стій"):
        assert "멈춰라" in text_of(client.get(path)), path
    assert writer.extensions[EXTENSION] is not reader.extensions[EXTENSION]


def test_each_choice_of_languages_has_its_own_page(filled: Store) -> None:
    app = make_app(filled)
    ukrainian = text_of(reader_client(app, ui_lang="uk").get("/sets/surrender"))
    english_ui = text_of(reader_client(app, ui_lang="en").get("/sets/surrender"))
    korean_reader = text_of(reader_client(app, "ko", "uk", ui_lang="uk").get("/sets/surrender"))
    assert 'lang="uk">Стій' in ukrainian
    assert '<html lang="uk">' in ukrainian and '<html lang="en">' in english_ui
    assert 'class="target-text" lang="uk">Стій' in korean_reader


def test_signed_in_visitors_are_neither_served_nor_kept(filled: Store) -> None:
    app = make_app(filled)
    anonymous = reader_client(app)
    anonymous_page = text_of(anonymous.get("/sets/surrender"))
    editor = reader_client(app)
    assert sign_in(editor, "editor").status_code == 302
    editor_page = text_of(editor.get("/sets/surrender"))
    assert "/edit/" in editor_page and "/edit/" not in anonymous_page.replace('"/edit/"', "")
    assert "/logout" in editor_page and "/logout" not in anonymous_page
    # The editor's page was not stored for anonymous readers.
    again = text_of(anonymous.get("/sets/surrender"))
    assert again == anonymous_page


def test_the_cache_can_be_turned_off(filled: Store) -> None:
    app = create_app(
        {
            "TESTING": True,
            "PHRASEBOOK_SETTINGS": filled.settings,
            "PHRASEBOOK_STORE": filled,
            "PHRASEBOOK_PAGE_CACHE_BYTES": 0,
        }
    )
    client = reader_client(app)
    client.get("/sets/surrender")
    with counting(filled.engine) as statements:
        assert client.get("/sets/surrender").status_code == 200
    assert app.extensions[EXTENSION] is None
    assert len(statements) > 1


def test_not_found_and_bad_requests_are_not_kept(filled: Store) -> None:
    app = make_app(filled)
    client = reader_client(app)
    assert client.get("/sets/nothing-here").status_code == 404
    assert client.get("/api/v1/search?q=x&limit=0").status_code == 400
    assert len(app.extensions[EXTENSION]) == 0


def test_least_recently_used_pages_go_first_within_the_byte_bound() -> None:
    cache = PageCache(max_bytes=10)
    cache.put(("a",), KeptPage(b"1234", "text/html"))
    cache.put(("b",), KeptPage(b"1234", "text/html"))
    assert cache.get(("a",)) is not None  # "a" is now the most recently used
    cache.put(("c",), KeptPage(b"1234", "text/html"))
    assert cache.get(("b",)) is None
    assert cache.get(("a",)) is not None and cache.get(("c",)) is not None
    assert cache.size_bytes == 8 and len(cache) == 2
    cache.put(("huge",), KeptPage(b"x" * 11, "text/html"))  # larger than the bound: not kept
    assert cache.get(("huge",)) is None and len(cache) == 2
    cache.put(("a",), KeptPage(b"123456", "text/html"))  # replaced, not counted twice
    assert cache.size_bytes == 10 and len(cache) == 2
