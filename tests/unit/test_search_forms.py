"""Word forms and Latin spellings as search keys: lemmas, stems, Korean particles and endings,
romanizations, the form lines of a key and the ranking of literal before form matches."""

from __future__ import annotations

import pytest

from phrasebook.search import build_keys, normalize
from phrasebook.search.forms import (
    FORM_MARK,
    english_stem,
    korean_stems,
    latin_spellings,
    lemma,
    text_forms,
    word_forms,
)
from phrasebook.search.keys import explain_match, query_terms, term_alternatives
from phrasebook.search.ranking import prepare, rank


@pytest.mark.parametrize(
    ("word", "lang", "base"),
    [("воду", "uk", "вода"), ("зброю", "uk", "зброя"), ("ковдри", "uk", "ковдра"),
     ("туалету", "uk", "туалет"), ("крови", "ru", "кровь"), ("оружия", "ru", "оружие"),
     ("лекарства", "ru", "лекарство")],
)  # fmt: skip
def test_ukrainian_and_russian_lemmas(word: str, lang: str, base: str) -> None:
    assert lemma(word, lang) == base


def test_english_stems() -> None:
    assert [english_stem(w) for w in ("blankets", "hurting", "wounds")] == [
        "blanket", "hurt", "wound",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("word", "stems"),
    [("물을", ("물",)), ("무기를", ("무기",)), ("가족이", ("가족",)), ("화장실에서", ("화장실",)),
     ("아프세요", ("아프",)), ("아픕니다", ("아프",)), ("아파요", ("아파", "아프")),
     ("해요", ("해", "하")), ("물", ()), ("이", ())],
)  # fmt: skip
def test_korean_particles_and_endings(word: str, stems: tuple[str, ...]) -> None:
    assert korean_stems(word) == stems


@pytest.mark.parametrize(
    ("inflected", "dictionary_form"),
    [("추우세요", "춥다"), ("추워요", "춥다"), ("고마워요", "고맙다"), ("도와요", "돕다"),
     ("몰라요", "모르다"), ("불러요", "부르다"), ("들어요", "듣다"), ("걸었어요", "걷다"),
     ("나았어요", "낫다"), ("나으세요", "낫다")],
)  # fmt: skip
def test_irregular_korean_stems_meet_their_dictionary_form(
    inflected: str, dictionary_form: str
) -> None:
    # ㅂ, 르, ㄷ and ㅅ irregulars: the query's stem is among the forms of the inflected word
    (stem,) = korean_stems(dictionary_form)
    assert stem in korean_stems(inflected)
    assert stem in text_forms(inflected, "ko").split()


def test_regular_stems_do_not_gain_irregular_ones() -> None:
    assert "걷" not in korean_stems("걸어가요") and korean_stems("먹어요") == ("먹",)
    assert "춥" not in korean_stems("주세요")


def test_the_word_s_letters_say_its_language_when_no_language_is_given() -> None:
    assert word_forms("воду") == ("вода",)  # both analysers agree
    assert word_forms("їжу") == ("їжа",)  # ї: Ukrainian only
    assert word_forms("blankets") == ("blanket",)
    assert word_forms("water") == ()


def test_latin_spellings_of_ukrainian_and_russian() -> None:
    assert latin_spellings("Дякую, привіт", "uk") == ["Diakuiu, pryvit", "dyakuyu, pryvit"]
    assert latin_spellings("Спасибо", "ru") == ["Spasibo", "spasibo"]
    assert latin_spellings("감사합니다", "ko") == [] and latin_spellings("Thanks", "en") == []


def test_a_key_marks_its_form_lines_after_the_texts() -> None:
    lines = build_keys([("uk", "Цю воду можна пити?")]).text.split("\n")
    assert lines[0] == "цю воду можна пити?"
    marked = [line[1:] for line in lines if line.startswith(FORM_MARK)]
    assert "цей вода можний пити" in marked and "tsyu vodu mozhna pyty?" in marked
    assert text_forms("Water here", "en") == ""  # nothing changes: no line


def test_query_terms_gain_their_base_forms() -> None:
    alternatives = term_alternatives("물을 blankets вода")
    assert alternatives[normalize("물을")] == (normalize("물"),)
    assert alternatives["blankets"] == ("blanket",)
    assert alternatives["вода"] == ()


def test_a_literal_match_ranks_above_a_match_through_forms() -> None:
    literal = build_keys([("uk", "Ось ковдра.")])
    inflected = build_keys([("uk", "Дайте ковдру.")])
    query = prepare("ковдра")
    as_typed = rank(literal.text, "", literal.langs, query)
    through_forms = rank(inflected.text, "", inflected.langs, query)
    assert as_typed is not None and through_forms is not None
    assert as_typed < through_forms
    assert as_typed[1] == 0 and through_forms[1] == 1


def test_the_reason_for_a_match_names_the_word() -> None:
    def explain(texts: list[tuple[str, str]], query: str) -> str | None:
        return explain_match(texts, query_terms(query), term_alternatives(query))

    assert explain([("uk", "Цю воду можна пити?")], "вода") == "воду"
    assert explain([("ru", "Спасибо.")], "spasibo") == "Спасибо"
    assert explain([("uk", "Ось вода.")], "вода") is None  # found as typed
