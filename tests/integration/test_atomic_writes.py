"""One user action, one transaction: a multi-part write that fails in its last part leaves
the store exactly as it was (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from phrasebook import editing, services
from phrasebook.errors import InvalidInput, NotFound, StaleRevision
from phrasebook.models import PhraseSet
from phrasebook.store import Store
from tests.support.snapshot import store_snapshot

LANGUAGES = ("ko", "uk", "ru", "en")


@pytest.fixture
def book(store: Store) -> Store:
    with store.uow() as uow:
        for slug in ("surrender", "medical"):
            uow.sets.add(PhraseSet(slug=slug, names={"en": slug}, descriptions={}))
        uow.commit()
    editing.create_phrase(
        store.uow(), uid="water", category="needs", texts={"en": "Water", "ko": "물"},
        by="seed", languages=LANGUAGES, sets=["surrender"],
    )  # fmt: skip
    editing.create_phrase(
        store.uow(), uid="stop", category="safety", texts={"en": "Stop!"},
        by="seed", languages=LANGUAGES, sets=["surrender"],
    )  # fmt: skip
    return store


def _edit(store: Store, **change: object) -> editing.EditResult:
    return editing.edit_phrase(
        store.uow(), uid="water", change=editing.PhraseChange(**change),  # type: ignore[arg-type]
        by="olena", languages=LANGUAGES,
    )  # fmt: skip


def test_stale_translation_last_writes_neither_notes_nor_sets(book: Store) -> None:
    before = store_snapshot(book)
    with pytest.raises(StaleRevision):
        _edit(
            book,
            notes="X",
            sets=["medical"],
            translations={
                "uk": editing.TranslationChange(text="Вода"),
                "ko": editing.TranslationChange(text="물 주세요", revision=5),
            },
        )
    assert store_snapshot(book) == before


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"notes": "X", "sets": ["medical", "nope"]}, "/sets/1"),
        ({"notes": "X", "translations": {"uk": editing.TranslationChange(text="  ")}}, None),
        ({"notes": "X", "translations": {"xx": editing.TranslationChange(text="a")}}, None),
        ({"notes": "X", "tags": ["a"], "category": "Not An Id"}, "/category"),
        ({"notes": "X", "register": "rude"}, "/register"),
        ({"notes": "X", "translations": {"ko": editing.TranslationChange(text="물!")}}, None),
    ],
)
def test_any_refused_part_writes_nothing(
    book: Store, change: dict[str, object], location: str | None
) -> None:
    before = store_snapshot(book)
    with pytest.raises(InvalidInput) as refused:
        _edit(book, **change)
    if location is not None:
        assert refused.value.location == location
    assert store_snapshot(book) == before


def test_a_crash_in_the_last_part_rolls_back_the_earlier_parts(
    book: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a validation error: the process fails while applying the last translation."""
    from phrasebook.editing import phrases

    real = phrases.apply_translation
    calls: list[str] = []

    def failing_on_second(phrase: object, tag: str, *args: object, **kwargs: object) -> bool:
        calls.append(tag)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(phrase, tag, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(phrases, "apply_translation", failing_on_second)
    before = store_snapshot(book)
    with pytest.raises(RuntimeError, match="disk full"):
        _edit(
            book,
            notes="X",
            sets=["medical"],
            translations={
                "uk": editing.TranslationChange(text="Вода"),
                "ru": editing.TranslationChange(text="Вода"),
            },
        )
    assert calls == ["uk", "ru"]
    assert store_snapshot(book) == before


def test_every_part_of_an_accepted_edit_is_written_together(book: Store) -> None:
    result = _edit(
        book,
        notes="Offer it slowly.",
        sets=["medical"],
        translations={
            "ko": editing.TranslationChange(text="물 드릴까요?", revision=1),
            "ko-KP": editing.TranslationChange(text="물 드릴가요?"),
        },
    )
    assert result.changed
    document = json.loads(services.export_text(book.uow()))
    water = next(p for p in document["phrases"] if p["id"] == "water")
    assert water["notes"] == "Offer it slowly."
    assert water["translations"]["ko"]["text"] == "물 드릴까요?"
    assert water["translations"]["ko"]["revision"] == 2
    assert water["translations"]["ko-KP"]["text"] == "물 드릴가요?"
    sets = {s["id"]: s["phrases"] for s in document["sets"]}
    assert sets == {"medical": ["water"], "surrender": ["stop"]}


def test_reorder_with_a_wrong_list_writes_nothing(book: Store) -> None:
    before = store_snapshot(book)
    for order in (["stop"], ["stop", "water", "water"], ["stop", {}], ["stop", "water", "x"]):
        with pytest.raises(InvalidInput):
            editing.reorder_set(book.uow(), slug="surrender", order=order)
    with pytest.raises(NotFound):
        editing.reorder_set(book.uow(), slug="nope", order=[])
    assert store_snapshot(book) == before


def test_stale_revert_and_review_write_nothing(book: Store) -> None:
    before = store_snapshot(book)
    with pytest.raises(StaleRevision):
        editing.revert_translation(
            book.uow(), uid="water", lang="ko", to_revision=1, by="o", expected_revision=7
        )
    with pytest.raises(StaleRevision):
        editing.review_translation(book.uow(), uid="water", lang="ko", by="r", expected_revision=3)
    assert store_snapshot(book) == before


def test_import_with_a_bad_last_phrase_imports_nothing(book: Store) -> None:
    before = store_snapshot(book)
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {"id": "new-1", "category": "x", "translations": {"en": {"text": "One"}}},
            {"id": "water", "category": "needs", "translations": {"en": {"text": "Water!"}}},
            {"id": "new-2", "category": "x", "translations": {"en": {"text": ""}}},
        ],
    }
    with pytest.raises(InvalidInput):
        services.import_bytes(
            book.uow(), json.dumps(document).encode(), source="t.json",
            languages=LANGUAGES, max_bytes=1_000_000,
        )  # fmt: skip
    assert store_snapshot(book) == before
