"""Editing on real databases (SQLite file and PostgreSQL): history, revert, stale updates,
reviewed text going back to review, set order, and accounts in the migrated schema."""

from __future__ import annotations

import pytest

from phrasebook import editing, users
from phrasebook.errors import StaleRevision
from phrasebook.models import PhraseSet, Status
from phrasebook.store import Store
from phrasebook.users import Role

LANGUAGES = ("ko", "uk", "ru", "en")


@pytest.fixture
def phrase_store(store: Store) -> Store:
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="surrender", names={"en": "Surrender"}, descriptions={}))
        uow.commit()
    for uid, ko in (("stop", "멈춰"), ("thanks", "감사합니다"), ("water", "물")):
        editing.create_phrase(
            store.uow(),
            uid=uid,
            category="basics",
            texts={"ko": ko, "uk": uid},
            by="seed",
            languages=LANGUAGES,
            sets=["surrender"],
        )
    return store


def test_history_revert_and_review_cycle(phrase_store: Store) -> None:
    store = phrase_store
    editing.review_translation(store.uow(), uid="thanks", lang="ko", by="rev", expected_revision=1)
    edited = editing.save_translation(
        store.uow(),
        uid="thanks",
        lang="ko",
        text="감사해요",
        by="olena",
        languages=LANGUAGES,
        expected_revision=2,
    )
    assert edited.status is Status.DRAFT and edited.revision == 3
    reverted = editing.revert_translation(
        store.uow(), uid="thanks", lang="ko", to_revision=1, by="olena", expected_revision=3
    )
    assert reverted.revision == 4
    history = editing.translation_history(store.uow(), uid="thanks", lang="ko")
    assert [(h.revision, h.text, h.status) for h in history] == [
        (4, "감사합니다", "draft"),
        (3, "감사해요", "draft"),
        (2, "감사합니다", "reviewed"),
        (1, "감사합니다", "draft"),
    ]
    assert [h.changed_by for h in history] == ["olena", "olena", "rev", "seed"]
    assert [p.op for p in history[0].diff] == ["equal", "delete", "insert"]
    with store.uow() as uow:
        phrase = uow.phrases.get("thanks")
        assert phrase is not None
        stored = phrase.translations["ko"]
        assert (stored.text, stored.revision, stored.status) == ("감사합니다", 4, Status.DRAFT)


def test_stale_update_writes_nothing(phrase_store: Store) -> None:
    store = phrase_store
    editing.save_translation(
        store.uow(),
        uid="stop",
        lang="ko",
        text="멈춰라",
        by="first",
        languages=LANGUAGES,
        expected_revision=1,
    )
    with pytest.raises(StaleRevision) as caught:
        editing.save_translation(
            store.uow(),
            uid="stop",
            lang="ko",
            text="서!",
            by="second",
            languages=LANGUAGES,
            expected_revision=1,
        )
    assert (caught.value.current, caught.value.current_text) == (2, "멈춰라")
    history = editing.translation_history(store.uow(), uid="stop", lang="ko")
    assert [h.text for h in history] == ["멈춰라", "멈춰"]


def test_fields_sets_order_and_translation_delete(phrase_store: Store) -> None:
    store = phrase_store
    editing.update_phrase(store.uow(), uid="water", tags=["thirst"], register="polite")
    editing.reorder_set(store.uow(), slug="surrender", order=["water", "thanks", "stop"])
    editing.assign_sets(store.uow(), uid="thanks", slugs=[])
    editing.delete_translation(store.uow(), uid="stop", lang="uk", expected_revision=1)
    with store.uow() as uow:
        phrase_set = uow.sets.get("surrender")
        assert phrase_set is not None
        assert [m.phrase.uid for m in phrase_set.memberships] == ["water", "stop"]
        assert [m.position for m in phrase_set.memberships] == [0, 1]
        water = uow.phrases.get("water")
        stop = uow.phrases.get("stop")
        assert water is not None and stop is not None
        assert water.tags == ["thirst"] and str(water.register) == "polite"
        assert set(stop.translations) == {"ko"}


def test_accounts_live_in_the_migrated_schema(store: Store) -> None:
    uow = store.uow()
    users.add_user(uow, name="admin", password="long-enough-pw", role="admin")
    token = users.issue_token(store.uow(), name="admin")
    account = users.authenticate(store.uow(), name="admin", password="long-enough-pw")
    assert account is not None and account.role is Role.ADMIN
    by_token = users.account_for_token(store.uow(), token)
    assert by_token is not None and by_token.id == account.id
    assert [a.name for a in users.list_users(store.uow())] == ["admin"]
