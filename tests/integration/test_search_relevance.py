"""Search finds what people type: the relevance set (search_relevance.tsv, 60+ queries over
the seeds in all four languages — as typed, Hangul initials and aids, Ukrainian and Russian
word forms, English stems, Korean particles, endings and irregular stems, Latin spellings of
Cyrillic, typos), each
with the phrase that must be in the top 5, on SQLite and PostgreSQL; and the reason shown
for a match that is not literal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from phrasebook import reading
from phrasebook.store import Store
from tests.support.relevance import relevance_cases
from tests.support.stores import open_store

CASES = relevance_cases()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    url = (
        request.getfixturevalue("pg_cluster").create_database()
        if request.param == "postgres"
        else None
    )
    store = open_store(tmp_path_factory.mktemp("relevance"), seeded=True, database_url=url)
    yield store
    store.close()


def test_the_set_covers_every_feature_and_language() -> None:
    assert len(CASES) >= 60
    queries = [query for query, _uid in CASES]
    assert any("\uac00" <= q[0] <= "\ud7a3" for q in queries)  # Korean
    assert any(q.isascii() for q in queries) and any("і" in q or "ї" in q for q in queries)


@pytest.mark.parametrize(("query", "wanted"), CASES, ids=[q for q, _w in CASES])
def test_the_phrase_is_in_the_top_five(seeded: Store, query: str, wanted: str) -> None:
    # as the search page asks: a Ukrainian reader of Korean (their languages rank first)
    view = reading.search(seeded.uow(), query=query, reader="uk", target="ko", limit=5)
    found = [phrase.uid for phrase in view.items.phrases]
    assert wanted in found, found


@pytest.mark.parametrize(
    ("query", "uid", "word"),
    [
        ("вода", "needs.is-this-water-safe-to-drink", "воду"),
        ("spasibo", "basics.thank-you", "Спасибо"),
        ("물을", "needs.here-is-water", "물"),
        ("blankets", "needs.do-you-need-a-blanket", "blanket"),
        ("춥다", "needs.are-you-cold", "추우세요"),
        ("hospitl", "medical.you-will-be-taken-to-hospital", "hospital"),
        ("감사함니다", "basics.thank-you", "감사합니다"),
    ],
)
def test_a_match_through_a_word_form_says_which_word(
    seeded: Store, query: str, uid: str, word: str
) -> None:
    view = reading.search(seeded.uow(), query=query, reader="uk", target="ko")
    assert view.matched.get(uid) == word, view.matched
    literal = reading.search(seeded.uow(), query="воду", reader="uk", target="ko")
    assert "needs.is-this-water-safe-to-drink" not in literal.matched  # found as typed
