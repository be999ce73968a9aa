"""Search on real SQLite and PostgreSQL: keys kept current by every kind of change."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from phrasebook import editing, services
from phrasebook.errors import Conflict
from phrasebook.search import SearchKey
from phrasebook.search.models import SearchWord
from phrasebook.store import Store


def found(store: Store, query: str, limit: int = 50) -> list[str]:
    with store.uow() as uow:
        return [phrase.uid for phrase in uow.search.search(query, limit=limit).phrases]


def add(store: Store, uid: str, **texts: str) -> None:
    editing.create_phrase(
        store.uow(), uid=uid, category="basics", texts=texts, by="tester",
        languages=store.settings.languages,
    )  # fmt: skip


@pytest.fixture
def phrases(store: Store) -> Store:
    add(store, "thanks", ko="감사합니다.", uk="Дякую!", ru="Спасибо.", en="Thank you.")
    add(store, "tree", ru="Ёлка стоит.", uk="Ялинка.", en="A fir tree.")
    add(store, "five", uk="П’ять хвилин.", en="Five minutes.")
    add(store, "student", ko="학생입니다.", en="I am a student.")
    add(store, "percent", en="100% sure_thing")
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("감사", ["thanks"]),
        ("감ㅅ", ["thanks"]),  # the second syllable still being typed
        ("ㄱㅅ", ["thanks"]),  # initial consonants: not 학생 (final ㄱ + initial ㅅ)
        ("ㅎㅅ", ["student"]),
        ("дякую", ["thanks"]),
        ("ДЯКУЮ", ["thanks"]),
        ("елка", ["tree"]),
        ("ЁЛКА", ["tree"]),
        ("п'ять", ["five"]),
        ("пʼять", ["five"]),
        ("thank", ["thanks"]),
        ("gamsa", ["thanks"]),  # what an English reader sees under 감사합니다
        ("камса", ["thanks"]),  # ... and a Ukrainian or Russian reader
        ("FIR tree", ["tree"]),
        ("%", ["percent"]),
        ("_", ["percent"]),
        ("nothing-like-this", []),
    ],
)
def test_search_every_language_with_folding(
    phrases: Store, query: str, expected: list[str]
) -> None:
    assert found(phrases, query) == expected


def test_blank_query_finds_nothing(phrases: Store) -> None:
    assert found(phrases, "   ") == []


def test_best_matches_come_first_and_limit_is_kept(store: Store) -> None:
    add(store, "a-long", en="The water here is not safe to drink")
    add(store, "b-exact", en="Water")
    add(store, "c-start", en="Water, please")
    assert found(store, "water") == ["b-exact", "c-start", "a-long"]
    with store.uow() as uow:
        result = uow.search.search("water", limit=2)
        assert [p.uid for p in result.phrases] == ["b-exact", "c-start"]
        assert result.more


def test_edited_translation_is_found_by_its_new_text_only(phrases: Store) -> None:
    editing.save_translation(
        phrases.uow(), uid="tree", lang="ru", text="Ёж бежит.", by="tester",
        languages=phrases.settings.languages, expected_revision=1,
    )  # fmt: skip
    assert found(phrases, "елка") == []
    assert found(phrases, "еж") == ["tree"]
    editing.save_translation(
        phrases.uow(), uid="tree", lang="ko", text="나무", by="tester",
        languages=phrases.settings.languages, expected_revision=None,
    )  # fmt: skip
    assert found(phrases, "ㄴㅁ") == ["tree"]


def test_hand_written_aids_are_searchable(phrases: Store) -> None:
    from phrasebook.pronunciation.service import set_manual_aid

    set_manual_aid(phrases.uow(), "thanks", "ko", "uk", "ґамсагамнідa", by="editor")
    assert found(phrases, "ґамсаг") == ["thanks"]
    set_manual_aid(phrases.uow(), "thanks", "ko", "uk", None, by="editor")
    assert found(phrases, "ґамсаг") == []
    assert found(phrases, "камса") == ["thanks"]  # the computed aid is still there


def test_a_deleted_translation_leaves_no_key(phrases: Store) -> None:
    editing.delete_translation(phrases.uow(), uid="thanks", lang="ru", expected_revision=1)
    assert found(phrases, "спасибо") == []
    assert found(phrases, "дякую") == ["thanks"]


def test_a_set_change_leaves_the_keys_as_they_are(phrases: Store) -> None:
    """Joining a set makes a phrase dirty without changing its texts: nothing is rewritten."""
    from phrasebook.models import PhraseSet
    from tests.support.statements import counting

    with phrases.uow() as uow:
        uow.sets.add(PhraseSet(slug="medical", names={"en": "Medical"}))
        uow.commit()
    with counting(phrases.engine) as statements:
        editing.assign_sets(phrases.uow(), uid="thanks", slugs=["medical"])
    assert not [s for s in statements if "search_keys" in s]
    assert found(phrases, "감사") == ["thanks"]


def test_deleted_phrase_leaves_no_key(phrases: Store) -> None:
    editing.delete_phrase(phrases.uow(), uid="thanks")
    assert found(phrases, "감사") == []
    with phrases.uow() as uow:
        assert not uow.search.is_stale()


def test_failed_change_leaves_keys_as_they_were(phrases: Store) -> None:
    with pytest.raises(Conflict):
        add(phrases, "thanks", en="Duplicate")
    assert found(phrases, "duplicate") == []
    assert found(phrases, "thank") == ["thanks"]


def test_import_adds_and_updates_keys(phrases: Store) -> None:
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {"id": "water", "category": "needs",
             "translations": {"ko": {"text": "물 주세요."}, "uk": {"text": "Води, будь ласка."}}},
            {"id": "thanks", "category": "basics",
             "translations": {"en": {"text": "Thanks a lot."}}},
        ],
    }  # fmt: skip
    services.import_bytes(
        phrases.uow(), json.dumps(document).encode(), source="test.json",
        languages=phrases.settings.languages, max_bytes=1_000_000,
    )  # fmt: skip
    assert found(phrases, "ㅁㅈㅅㅇ") == ["water"]
    assert found(phrases, "води") == ["water"]
    assert found(phrases, "a lot") == ["thanks"]
    assert found(phrases, "thank you") == []


def test_dry_run_import_changes_no_keys(phrases: Store) -> None:
    document = {
        "format": "phrasebook/1",
        "phrases": [{"id": "new", "category": "x", "translations": {"en": {"text": "Brand new"}}}],
    }
    services.import_bytes(
        phrases.uow(), json.dumps(document).encode(), source="t.json",
        languages=phrases.settings.languages, max_bytes=1_000_000, dry_run=True,
    )  # fmt: skip
    assert found(phrases, "brand") == []


def test_seeds_are_searchable(store: Store) -> None:
    store.seed()
    assert "basics.thank-you" in found(store, "ㄱㅅㅎㄴㄷ")
    with store.uow() as uow:
        assert not uow.search.is_stale()


def test_rebuild_restores_a_missing_index(phrases: Store) -> None:
    with phrases.uow() as uow:
        uow.session.execute(SearchKey.__table__.delete())
        uow.commit()
    assert found(phrases, "감사") == []
    with phrases.uow() as uow:
        assert uow.search.is_stale()
        assert uow.search.rebuild() == 5
        uow.commit()
    assert found(phrases, "감사") == ["thanks"]
    with phrases.uow() as uow:
        keys = uow.session.scalars(select(SearchKey.key)).all()
        assert len(keys) == 5


def test_app_start_indexes_a_database_without_keys(phrases: Store) -> None:
    from app import create_app

    with phrases.uow() as uow:
        uow.session.execute(SearchKey.__table__.delete())
        uow.commit()
    create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": phrases.settings, "PHRASEBOOK_STORE": phrases}
    )
    assert found(phrases, "ㄱㅅ") == ["thanks"]


def test_reindex_command(runner: Any) -> None:
    from app.cli import main

    result = runner.invoke(main, ["reindex"])
    assert result.exit_code == 0, result.output
    assert re.search(r"search keys rebuilt for [1-9]\d* phrases", result.output)


TEXT_CHARS = st.sampled_from(
    "abcxyzABC абвгдеёжїієґЁЇ'’ʼ%_" + "".join(chr(c) for c in range(0xAC00, 0xAC00 + 3000, 97))
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_piece_of_a_text_finds_its_phrase(store: Store, data: st.DataObject) -> None:
    text = data.draw(st.text(TEXT_CHARS, min_size=1, max_size=25).filter(str.strip))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    piece = text[start:end]
    uid = f"prop.{abs(hash((text, start, end))) % 10**12}"
    with store.uow() as uow:
        exists = uow.phrases.get(uid) is not None
    if not exists:
        add(store, uid, en=text)
    if piece.strip():
        assert uid in found(store, piece, limit=100), (text, piece)


def test_results_carry_what_the_stored_phrases_hold(store: Store) -> None:
    """Search results are read as plain rows (phrasebook.shown), not ORM phrases: each holds
    the stored phrase's id, category and notes, and every translation with its id, text,
    status and notes."""
    store.seed()
    with store.uow() as uow:
        results = [p for q in ("water", "ㄱㅅ", "зброю") for p in uow.search.search(q).phrases]
        stored = uow.phrases.get_many([p.uid for p in results])
        assert len(results) > 20
        noted = 0
        for shown in results:
            phrase = stored[shown.uid]
            assert (shown.category, shown.notes) == (phrase.category, phrase.notes or {})
            got = {
                lang: (t.id, t.lang, t.text, t.status, t.notes)
                for lang, t in shown.translations.items()
            }
            assert got == {
                lang: (t.id, t.lang, t.text, t.status, t.notes or {})
                for lang, t in phrase.translations.items()
            }
            noted += bool(shown.notes) + sum(bool(t.notes) for t in shown.translations.values())
        assert noted  # the seeds' usage notes came through too


def test_reviewed_phrases_come_first_as_their_reviews_change(store: Store) -> None:
    """The keys carry each phrase's reviewed languages: reviewing or editing a translation
    moves the phrase in the results at once."""
    add(store, "first", en="Bring water.", ko="물을 가져오세요.")
    add(store, "second", en="Bring water.", ko="물을 가져오세요.")

    def order() -> list[str]:
        with store.uow() as uow:
            result = uow.search.search("water", languages=("en", "ko"), reviewed_in=("ko",))
            return [phrase.uid for phrase in result.phrases]

    assert order() == ["first", "second"]  # neither reviewed: as they were added
    editing.review_translation(
        store.uow(), uid="second", lang="ko", by="reviewer", expected_revision=None
    )
    assert order() == ["second", "first"]
    with store.uow() as uow:  # reviewed in another language only: no difference here
        assert uow.search.search("water", reviewed_in=("en",)).phrases[0].uid == "first"
    editing.save_translation(
        store.uow(), uid="second", lang="ko", text="물 좀 가져오세요.", by="editor",
        languages=store.settings.languages, expected_revision=2,
    )  # fmt: skip
    assert order() == ["first", "second"]  # the edited text needs review again


def test_a_rebuild_of_many_chunks_writes_the_keys_the_changes_wrote(store: Store) -> None:
    """More phrases than one chunk: on PostgreSQL the rebuild computes keys in a worker
    thread while it writes; every chunk's rows (and words) must be as the import wrote them."""
    phrases = [
        {"id": f"p{number}", "category": "many",
         "translations": {
             "en": {"text": f"Bring {number} blankets to tent {number % 7}."},
             "uk": {"text": f"Принесіть {number} ковдр до намету {number % 7}.",
                    "status": "reviewed" if number % 3 else "draft"},
         }}
        for number in range(1, 1201)
    ]  # fmt: skip
    document = {"format": "phrasebook/1", "phrases": phrases}
    services.import_bytes(
        store.uow(), json.dumps(document).encode(), source="many.json",
        languages=store.settings.languages, max_bytes=10_000_000,
    )  # fmt: skip

    def stored() -> tuple[list[tuple[Any, ...]], list[str]]:
        with store.uow() as uow:
            rows = uow.session.execute(
                select(SearchKey.__table__).order_by(SearchKey.phrase_id)
            ).all()
            words = uow.session.scalars(select(SearchWord.word).order_by(SearchWord.word)).all()
            return [tuple(row) for row in rows], list(words)

    written = stored()
    assert len(written[0]) == 1200
    assert sum(1 for row in written[0] if row[-1] == "uk") == 800  # reviewed in Ukrainian
    with store.uow() as uow:
        assert uow.search.rebuild() == 1200
        uow.commit()
    assert stored() == written
    assert found(store, "ковдра", limit=3) == ["p1", "p2", "p3"]
    # the index of each database (SQLite's trigram table, made once at the end) follows edits
    editing.save_translation(
        store.uow(), uid="p7", lang="en", text="Bring seven stretchers.", by="editor",
        languages=store.settings.languages, expected_revision=1,
    )  # fmt: skip
    assert found(store, "stretchers") == ["p7"]
    assert "p7" not in found(store, "blankets", limit=100)


def test_a_failed_rebuild_leaves_the_index_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {"id": f"p{number}", "category": "many",
             "translations": {"en": {"text": f"Water for tent {number}."}}}
            for number in range(1, 701)  # two chunks
        ],
    }  # fmt: skip
    services.import_bytes(
        store.uow(), json.dumps(document).encode(), source="many.json",
        languages=store.settings.languages, max_bytes=10_000_000,
    )  # fmt: skip
    with store.uow() as uow:
        before = [tuple(row) for row in uow.session.execute(select(SearchKey.__table__)).all()]
    from phrasebook.search import writing

    real, made = writing.build_keys, []

    def failing(*args: Any) -> Any:
        if len(made) == 600:
            raise RuntimeError("out of memory")
        made.append(1)
        return real(*args)

    monkeypatch.setattr(writing, "build_keys", failing)
    with pytest.raises(RuntimeError), store.uow() as uow:
        uow.search.rebuild()
        uow.commit()
    monkeypatch.setattr(writing, "build_keys", real)
    with store.uow() as uow:
        after = [tuple(row) for row in uow.session.execute(select(SearchKey.__table__)).all()]
    assert after == before
    assert found(store, "water", limit=1) == ["p1"]
    editing.save_translation(
        store.uow(), uid="p9", lang="en", text="Blankets for tent 9.", by="editor",
        languages=store.settings.languages, expected_revision=1,
    )  # fmt: skip
    assert found(store, "blankets") == ["p9"]  # the triggers are there
