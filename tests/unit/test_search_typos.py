"""Typo matching (phrasebook.search.typos) and the ranking rules added with it: the reader's
and target's languages first, reviewed before unreviewed, typos last (fake unit of work)."""

from __future__ import annotations

import pytest

from phrasebook import editing
from phrasebook.models import Status
from phrasebook.search import build_keys, normalize
from phrasebook.search.ranking import prepare, rank
from phrasebook.search.typos import NEAREST, Vocabulary, key_words, max_distance, wants_typos
from tests.fakes import FakeUnitOfWork

LANGUAGES = ("ko", "uk", "ru", "en")


def vocabulary(*words: str) -> Vocabulary:
    found = Vocabulary()
    found.add(normalize(word) for word in words)
    return found


def test_a_missing_letter_or_a_swap_is_one_edit() -> None:
    words = vocabulary("hospital", "surgery", "hostile", "capital")
    assert words.near("hospitl") == ("hospital",)
    assert words.near("hosptial") == ("hospital",)  # two neighbours swapped
    assert words.near("surgry") == ("surgery",)
    assert words.near("hospital") == ()  # the word itself is no typo of itself


def test_long_words_allow_two_edits_short_ones_one() -> None:
    assert max_distance("surgry") == 1 and max_distance("medicine") == 2
    words = vocabulary("medicine", "blanket")
    assert words.near("medicne") == ("medicine",)
    assert words.near("mediccinne") == ("medicine",)
    assert words.near("blnkte") == ()  # two edits from a seven-letter word


def test_only_words_of_five_letters_or_more_are_guessed() -> None:
    assert not wants_typos("wter") and wants_typos("watre")
    assert not wants_typos("12345") and not wants_typos("ㄱㅅ")
    assert key_words(["a bed, blanket 12345"]) == {"blanket"}


def test_the_nearest_words_come_first_and_few() -> None:
    # "bandage" is one edit from "bandagex", the ten others two
    words = vocabulary("bandage", *(f"bandag{c}{c}" for c in "abcdfghijk"))
    near = words.near("bandagex")
    assert near[0] == "bandage" and len(near) == NEAREST


def test_a_wrong_korean_letter_is_one_edit() -> None:
    # Hangul is matched as letters: 병언 lacks one vowel letter of 병원 (ㅝ = ㅜ + ㅓ)
    words = vocabulary("병원에", "붕대")
    assert words.near(normalize("병언에")) == (normalize("병원에"),)
    assert words.near(normalize("볍원에")) == (normalize("병원에"),)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    unit = FakeUnitOfWork()
    for uid, texts in (
        ("hospital", {"en": "Where is the hospital?", "uk": "Де лікарня?"}),
        ("surgery", {"en": "He needs surgery.", "uk": "Йому потрібна операція."}),
        ("world", {"ru": "Мир.", "uk": "Світ."}),
        ("peace", {"uk": "Мир.", "ru": "Мир."}),
        ("water", {"en": "Water, please.", "ko": "물 주세요."}),
        ("more-water", {"en": "More water, please.", "ko": "물 더 주세요."}),
    ):
        editing.create_phrase(
            unit, uid=uid, category="basics", texts=texts, by="seed", languages=LANGUAGES
        )
    return unit


def found(uow: FakeUnitOfWork, query: str, **options: object) -> list[str]:
    result = uow.search.search(query, **options)  # type: ignore[arg-type]  # (test options)
    return [phrase.uid for phrase in result.phrases]


def test_a_typo_finds_the_phrase_and_says_which_word(uow: FakeUnitOfWork) -> None:
    assert found(uow, "hospitl") == ["hospital"]
    assert found(uow, "surgry") == ["surgery"]
    assert found(uow, "опреація") == ["surgery"]
    result = uow.search.search("hospitl")
    assert "hospital" in result.alternatives["hospitl"]


def test_typos_are_not_guessed_when_the_query_finds_enough(uow: FakeUnitOfWork) -> None:
    for number in range(6):
        editing.create_phrase(
            uow, uid=f"hostel-{number}", category="basics", texts={"en": f"hostel {number}"},
            by="seed", languages=LANGUAGES,
        )  # fmt: skip
    # "hostel" is found as typed six times: "hostal" typo neighbours are not added
    assert found(uow, "hostel")[:1] == ["hostel-0"] and "hospital" not in found(uow, "hostel")


def test_the_reader_and_target_languages_rank_first(uow: FakeUnitOfWork) -> None:
    # «мир» is in Russian "world" and in Ukrainian "peace"; a Ukrainian reader gets peace first
    assert found(uow, "мир", languages=("uk", "ko")) == ["peace", "world"]
    assert found(uow, "мир", languages=("ru", "ko")) == ["world", "peace"]  # both: id order
    keys = build_keys([("ru", "Мир."), ("uk", "Світ.")])
    assert keys.langs.split("\n")[:2] == ["ru", "uk"]
    ranked = rank(keys.text, keys.initials, keys.langs, prepare("мир", ("uk",)))
    assert ranked is not None and ranked[0] == 1  # matched outside the reader's language


def test_reviewed_before_unreviewed_at_the_same_grade(uow: FakeUnitOfWork) -> None:
    assert found(uow, "water", languages=("en", "ko")) == ["water", "more-water"]
    for uid, status in (("water", Status.MACHINE), ("more-water", Status.REVIEWED)):
        phrase = uow.phrases.get(uid)
        assert phrase is not None
        phrase.translations["ko"].status = status
    options = {"languages": ("en", "ko"), "reviewed_in": ("ko",)}
    assert found(uow, "water", **options) == ["more-water", "water"]
    # a better grade still wins over review: the text equal to the query first
    editing.create_phrase(
        uow, uid="just-water", category="basics", texts={"en": "Water"}, by="seed",
        languages=LANGUAGES,
    )  # fmt: skip
    assert found(uow, "water", **options)[0] == "just-water"
