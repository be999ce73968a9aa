"""Search normalization, Hangul decomposition, choseong keys, ranking and highlighting
(pure functions: no database)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook.search import (
    build_keys,
    choseong,
    fold,
    highlight,
    is_choseong_query,
    matches,
    normalize,
    pronunciation_aids,
    query_terms,
)
from phrasebook.search.forms import FORM_MARK


def test_normalize_folds_case_yo_apostrophes_and_spaces() -> None:
    assert normalize("  ЁЛКА   Ёжик ") == "елка ежик"
    assert normalize("п’ять") == normalize("п'ять") == normalize("пʼять") == "п'ять"
    assert normalize("Straße") == "strasse"
    assert normalize("ＡＢＣ") == "abc"  # full-width letters typed on a CJK keyboard


def test_hangul_is_decomposed_into_basic_letters() -> None:
    assert normalize("감사") == "ㄱㅏㅁㅅㅏ"
    # compound vowel and final cluster split: every keyboard state of a syllable matches
    assert normalize("과") == "ㄱㅗㅏ"
    assert normalize("값") == "ㄱㅏㅂㅅ"
    # a syllable typed as conjoining jamo (NFD) is the same syllable
    assert normalize("\u1100\u1161\u11b7") == normalize("감")


def test_partial_syllables_match_the_whole_word() -> None:
    key = normalize("감사합니다")
    for typed in ("감", "감ㅅ", "감사", "감사하", "감사합", "ㄱ", "가"):
        assert normalize(typed) in key, typed
    assert normalize("감샤") not in key


def test_choseong_key_and_queries() -> None:
    assert choseong("감사합니다").text == "ㄱㅅㅎㄴㄷ"
    assert choseong("안녕 하세요!").text == "ㅇㄴㅎㅅㅇ"
    assert choseong("Hello").text == ""
    assert is_choseong_query("ㄱㅅ")
    assert not is_choseong_query("ㄱㅏ")
    assert not is_choseong_query("gs")


def test_keys_hold_texts_and_initials_separately() -> None:
    keys = build_keys([("uk", "Дякую!"), ("ru", "Спасибо, всё.")])
    texts = [line for line in keys.text.split("\n") if not line.startswith(FORM_MARK)]
    assert texts == ["дякую!", "спасибо, все."]
    forms = [line[1:] for line in keys.text.split("\n") if line.startswith(FORM_MARK)]
    assert forms == ["дякувати", "diakuiu!", "dyakuyu!", "spasibo, vsyo.", "spasibo, vse."]
    assert keys.initials == ""
    keys = build_keys([("ko", "감사합니다.")])
    assert keys.text.split("\n")[0] == normalize("감사합니다.")
    assert keys.initials == "ㄱㅅㅎㄴㄷ"


def test_korean_texts_are_also_keyed_by_their_pronunciation_aids() -> None:
    lines = build_keys([("ko", "감사합니다.")]).text.split("\n")
    # romanized for English readers, Cyrillic for Ukrainian and Russian readers
    assert "gamsahamnida." in lines
    assert any(line.startswith("камсахамн") for line in lines)
    assert pronunciation_aids("Дякую", "uk") == []
    assert pronunciation_aids("감사", "ko-KP")


def test_query_terms_are_normalized_unique_and_longest_first() -> None:
    assert query_terms("  Всё  ВСЁ хорошо ") == ["хорошо", "все"]
    assert query_terms("   ") == []


def test_fold_origins_point_back_at_original_characters() -> None:
    folded = fold("Ёж 감")
    assert folded.text == "еж ㄱㅏㅁ"
    assert folded.origins == (0, 1, 2, 3, 3, 3)


def test_highlight_marks_original_text_and_whole_syllables() -> None:
    assert highlight("Спасибо, ВСЁ хорошо", "все") == [
        ("Спасибо, ", False),
        ("ВСЁ", True),
        (" хорошо", False),
    ]
    assert highlight("감사합니다", "감ㅅ") == [("감사", True), ("합니다", False)]
    assert highlight("감사합니다", "ㄱㅅ") == [("감사", True), ("합니다", False)]
    # a choseong query matches initials only, not a final consonant followed by an initial
    assert not matches("학생", "ㄱㅅ")
    assert highlight("no match", "xyz") == [("no match", False)]


def test_highlight_keeps_markup_as_plain_text() -> None:
    segments = highlight("<script>alert(1)</script>", "alert")
    assert "".join(text for text, _hit in segments) == "<script>alert(1)</script>"
    assert [text for text, hit in segments if hit] == ["alert"]


@given(st.text(max_size=40))
def test_highlight_never_loses_or_adds_characters(text: str) -> None:
    import unicodedata

    segments = highlight(text, text[:3] or "a")
    assert "".join(part for part, _hit in segments) == unicodedata.normalize("NFC", text)


PHRASE_CHARS = st.sampled_from(
    "abcxyzABCXYZ абвгдеёжїієґЁЇІЄҐАБВ'’ʼ"
    + "".join(chr(c) for c in range(0xAC00, 0xAC00 + 2000, 37))
)


@given(st.text(PHRASE_CHARS, max_size=20), st.text(PHRASE_CHARS, min_size=1, max_size=6))
def test_every_term_of_a_piece_of_a_text_is_in_its_keys(before: str, piece: str) -> None:
    keys = build_keys([("xx", before + piece)])
    for term in query_terms(piece):
        assert term in (keys.initials if is_choseong_query(term) else keys.text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_normalize_is_the_text_of_fold(text: str) -> None:
    """normalize() skips keeping origins; it must give exactly what fold() gives."""
    from phrasebook.search.keys import fold, normalize

    assert normalize(text) == fold(text).text
