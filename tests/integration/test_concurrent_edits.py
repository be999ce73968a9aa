"""Issue 17: two saves of one text from the same base revision, racing. The database decides
(UPDATE … WHERE revision = the one read): one wins, the other is a StaleRevision (409) with
the stored text — never a 500 from the history table's unique constraint — on SQLite and
PostgreSQL, through the services the API and the editor call."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from phrasebook import editing
from phrasebook.editing.translations import apply_translation
from phrasebook.errors import StaleRevision
from phrasebook.store import Store
from phrasebook.uow import SqlAlchemyUnitOfWork
from tests.support.statements import counting

LANGUAGES = ("ko", "uk", "ru", "en")


class MeetBeforeCommit(SqlAlchemyUnitOfWork):
    """Both transactions have read revision 1 and changed the text before either commits."""

    def __init__(self, sessions: Any, barrier: threading.Barrier) -> None:
        super().__init__(sessions)
        self.barrier = barrier

    def commit(self) -> None:
        self.barrier.wait(timeout=20)
        super().commit()


def test_a_save_writes_nothing_before_its_commit(one_phrase: Store) -> None:
    """What makes the race decidable at commit: changing a loaded phrase runs no statement
    (a lazy load would flush the UPDATE early and hold its lock while the other waits)."""
    uow = one_phrase.uow()
    with uow:
        phrase = uow.phrases.get_for_edit("stop")
        assert phrase is not None
        with counting(one_phrase.engine) as statements:
            apply_translation(
                phrase, "ko", "서!", by="editor", expected_revision=1, now=phrase.updated_at
            )
        assert statements == []
        uow.rollback()


def _race(store: Store, save: Callable[[SqlAlchemyUnitOfWork, str], Any]) -> list[object]:
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def run(text: str) -> None:
        try:
            outcomes.append(save(MeetBeforeCommit(store.sessions, barrier), text))
        except Exception as exc:  # noqa: BLE001  # the outcome is what the test checks
            outcomes.append(exc)

    threads = [threading.Thread(target=run, args=(text,)) for text in ("서!", "멈춰라!")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def one_phrase(store: Store) -> Store:
    editing.create_phrase(
        store.uow(), uid="stop", category="basics", texts={"ko": "멈춰!", "uk": "Стій!"},
        by="seed", languages=LANGUAGES,
    )  # fmt: skip
    return store


@pytest.mark.parametrize("path", ["save_translation", "edit_phrase"])
def test_one_save_wins_the_other_is_stale(one_phrase: Store, path: str) -> None:
    def save(uow: SqlAlchemyUnitOfWork, text: str) -> Any:
        if path == "save_translation":
            return editing.save_translation(
                uow, uid="stop", lang="ko", text=text, by="editor", languages=LANGUAGES,
                expected_revision=1,
            )  # fmt: skip
        change = editing.PhraseChange(
            notes=f"by {text}", translations={"ko": editing.TranslationChange(text, revision=1)}
        )
        return editing.edit_phrase(uow, uid="stop", change=change, by="editor", languages=LANGUAGES)

    outcomes = _race(one_phrase, save)
    stale = [o for o in outcomes if isinstance(o, StaleRevision)]
    won = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(stale) == 1 and len(won) == 1, outcomes
    with one_phrase.uow() as uow:
        phrase = uow.phrases.get("stop")
        assert phrase is not None
        stored = phrase.translations["ko"]
        assert stored.revision == 2
        assert [r.revision for r in stored.history] == [1, 2]
        assert stale[0].current == 2 and stale[0].current_text == stored.text
        if path == "edit_phrase":  # the loser's notes were not written either
            assert phrase.notes == {"en": f"by {stored.text}"}
