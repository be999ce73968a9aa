"""Reads do not grow with the phrase book: every reader page, the API's list, get, search
and export, /print.pdf and ``phrasebook export`` issue the same number of SQL statements for
a book of 20 phrases as for one of 2,000 (and a small number at that), on SQLite and on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from phrasebook import editing, services
from phrasebook.config import Settings
from phrasebook.db import migrate
from phrasebook.pronunciation.service import export_deriver, regenerate_aids, set_manual_aid
from phrasebook.store import Store
from tests.support.phrasebook_data import import_phrases
from tests.support.statements import counting

SIZES = (20, 2000)
# The most statements any one of these reads may issue (a page, its aids, labels, paging).
MOST_STATEMENTS = 16
PAGES = [
    "/",
    "/sets/everything",
    "/sets/everything?category=water",
    "/categories/water",
    "/phrases/p-00010",
    "/phrases/p-00010?set=everything",
    "/phrases/p-00010/show",
    "/search?q=water",
    "/search?q=ㅁ",
    "/mycard?ids=p-00001,p-00002,p-00003,p-00015",
    "/mycard.json?ids=p-00001,p-00002,p-00003,p-00015",
    "/api/v1/phrases?limit=100",
    "/api/v1/phrases?limit=10&offset=5&status=draft&lang=ko",
    "/api/v1/phrases/p-00010",
    "/api/v1/sets",
    "/api/v1/search?q=water",
    "/api/v1/search?q=ㅁ",
    "/api/v1/export",
    "/print.pdf?set=everything&from=uk&to=ko&ids=p-00001,p-00002",
]


def _book(root: Path, size: int, url: str | None = None) -> Store:
    settings = Settings.from_env(environ={}, data_dir=root / f"book-{size}").with_changes(
        database_url=url
    )
    store = Store.open(settings)
    migrate(store.engine)
    uids = [f"p-{n:05d}" for n in range(1, size + 1)]
    texts = {
        uid: {
            "en": f"Water number {n}",
            "uk": f"Вода номер {n}",
            "ru": f"Вода номер {n}",
            "ko": f"물 {n}번",
        }
        for n, uid in enumerate(uids, start=1)
    }
    # Two categories, both large; one set holding everything.
    import_phrases(store, texts, sets={"everything": uids}, category="water")
    regenerate_aids(store.uow(), ["uk", "ru", "en"])
    set_manual_aid(store.uow(), "p-00002", "ko", "uk", "мул (вручну)", by="editor")
    # The shown phrase has an answer panel: its labels are read with the page, in one query.
    panel = {"kind": "choice", "options": ["p-00001", "p-00002", "p-00003"]}
    editing.edit_phrase(
        store.uow(), uid="p-00010", change=editing.PhraseChange(answers=panel), by="editor",
        languages=store.settings.languages,
    )  # fmt: skip
    return store


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def books(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[int, Store]]:
    root = tmp_path_factory.mktemp("query-counts")
    if request.param == "postgres":
        cluster = request.getfixturevalue("pg_cluster")
        opened = {size: _book(root, size, cluster.create_database()) for size in SIZES}
    else:
        opened = {size: _book(root, size) for size in SIZES}
    yield opened
    for store in opened.values():
        store.close()


@pytest.fixture(scope="module")
def clients(books: dict[int, Store]) -> dict[int, Any]:
    made = {}
    for size, store in books.items():
        # Without the page cache: what is counted is reading and rendering the page.
        app = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings,
                          "PHRASEBOOK_STORE": store, "PHRASEBOOK_PAGE_CACHE_BYTES": 0})  # fmt: skip
        client = app.test_client()
        client.get("/prefs?reader=uk&target=ko&next=/")
        made[size] = client
    return made


def _count(store: Store, action: Callable[[], Any]) -> int:
    action()  # warm: one-off work (e.g. loading the PDF renderer) is not what is measured
    with counting(store.engine) as statements:
        action()
    return len(statements)


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_a_fixed_number_of_statements(
    books: dict[int, Store], clients: dict[int, Any], path: str
) -> None:
    counts = {}
    for size in SIZES:

        def fetch(size: int = size) -> None:
            response = clients[size].get(path)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            response.get_data()  # a streamed body is read (and queried) here

        counts[size] = _count(books[size], fetch)
    assert counts[SIZES[0]] == counts[SIZES[1]], counts
    assert counts[SIZES[1]] <= MOST_STATEMENTS, counts


def test_command_line_export_reads_a_fixed_number_of_statements(
    books: dict[int, Store],
) -> None:
    counts = {}
    texts = {}
    for size, store in books.items():

        def export(store: Store = store) -> str:
            uow = store.uow()
            return services.export_text(uow, derive=export_deriver(uow, ["uk", "ru", "en"]))

        counts[size] = _count(store, export)
        texts[size] = export()
    assert counts[SIZES[0]] == counts[SIZES[1]] <= MOST_STATEMENTS, counts
    assert texts[SIZES[1]].count('"id": "p-') == SIZES[1]
    assert '"uk": "мул (вручну)"' in texts[SIZES[1]]  # stored aids, the manual one included


def test_large_sets_and_categories_are_paged(clients: dict[int, Any]) -> None:
    page = clients[SIZES[1]].get("/sets/everything").get_data(as_text=True)
    assert page.count('class="phrase-card"') == 100
    assert 'rel="next"' in page and "p-00100" in page and "p-00101" not in page
    second = clients[SIZES[1]].get("/sets/everything?page=2").get_data(as_text=True)
    assert "p-00101" in second and 'rel="prev"' in second
    listed = clients[SIZES[1]].get("/api/v1/phrases?limit=3&offset=1998").get_json()
    assert listed["total"] == SIZES[1]
    assert [p["id"] for p in listed["phrases"]] == ["p-01999", "p-02000"]


def test_stats_reads_a_fixed_number_of_statements(books: dict[int, Store]) -> None:
    counts = {
        size: _count(store, lambda s=store: services.stats(s.uow()))
        for size, store in books.items()
    }
    assert counts[SIZES[0]] == counts[SIZES[1]] <= 4, counts
    result = services.stats(books[SIZES[1]].uow())
    assert (result.phrases, result.categories, result.sets) == (SIZES[1], 1, 1)
    assert result.translations["ko"]["draft"] == SIZES[1]
