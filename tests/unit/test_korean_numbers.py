"""Digits in Korean text read as a Korean reads them, and the ㄴ-insertion lexicon's entries."""

from __future__ import annotations

import pytest

from phrasebook.hangul import decompose
from phrasebook.pronunciation.korean import pronounce
from phrasebook.pronunciation.korean_numbers import native, sino, spell_numbers
from phrasebook.pronunciation.tables import load


@pytest.mark.parametrize(
    ("number", "reading"),
    [
        (0, "영"), (1, "일"), (10, "십"), (11, "십일"), (16, "십육"), (20, "이십"),
        (100, "백"), (101, "백일"), (110, "백십"), (1000, "천"), (2004, "이천사"),
        (2026, "이천이십육"), (10000, "만"), (15000, "만오천"), (20000, "이만"),
        (123456, "십이만삼천사백오십육"), (100000000, "일억"),
    ],
)  # fmt: skip
def test_sino_korean_numerals(number: int, reading: str) -> None:
    assert sino(number) == reading


@pytest.mark.parametrize(
    ("number", "alone", "before_counter"),
    [(1, "하나", "한"), (2, "둘", "두"), (3, "셋", "세"), (4, "넷", "네"), (5, "다섯", "다섯"),
     (10, "열", "열"), (11, "열하나", "열한"), (20, "스물", "스무"), (21, "스물하나", "스물한"),
     (99, "아흔아홉", "아흔아홉")],
)  # fmt: skip
def test_native_numerals(number: int, alone: str, before_counter: str) -> None:
    assert native(number, before_counter=False) == alone
    assert native(number, before_counter=True) == before_counter


def test_native_numerals_stop_at_99() -> None:
    assert native(100, before_counter=True) is None
    assert native(0, before_counter=True) is None


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("0에서 10까지로 치면 얼마나 아프세요?", "영에서 십까지로 치면 얼마나 아프세요?"),
        ("10시에 오세요.", "열시에 오세요."),
        ("10분만 기다리세요.", "십분만 기다리세요."),
        ("3명입니다.", "세명입니다."),
        ("세 명", "세 명"),
        ("20살", "스무살"),
        ("18살", "열여덟살"),
        ("150명", "백오십명"),  # no native numeral above 99
        ("2004년 6월 10일", "이천사년 유월 십일"),
        ("10월", "시월"),
        ("군번은 0123-4567입니다", "군번은 공일이삼-사오육칠입니다"),
        ("1.5리터", "일점오리터"),
        ("10,000원", "만원"),
        ("16 — 열여섯 / 십육", "16 — 열여섯 / 십육"),  # a label, not part of a sentence
        ("No digits here", "No digits here"),
    ],
)  # fmt: skip
def test_spell_numbers(text: str, spelled: str) -> None:
    assert spell_numbers(text) == spelled


def test_sixteen_to_eighteen_with_n_insertion() -> None:
    # Issue 11: ages of young soldiers; 표준국어대사전 gives [심뉵], [열려섣], [열릴곱], [열려덜].
    assert pronounce("16살") == "열려섣쌀"
    assert pronounce("십육") == "심뉵"
    assert pronounce("열일곱 살") == "열릴곱 살"
    assert pronounce("열여덟") == "열려덜"


_IOTATED = set("ㅣㅑㅕㅛㅠ")


def test_every_lexicon_entry_is_a_real_insertion_site() -> None:
    table = load("korean_n_insertion.json")
    assert "표준 발음법" in table["_source"]
    assert len(table["words"]) >= 60
    assert len(set(table["words"])) == len(table["words"])
    for entry in table["words"]:
        first, second = entry.split("|")
        assert decompose(first[-1])[2], entry  # the first part ends in a consonant
        initial, medial, _final = decompose(second[0])
        assert initial == "ㅇ" and medial in _IOTATED, entry
    for pair in table["across_a_gap"]:
        first, second = pair.split(" ")
        assert decompose(first[-1])[2] and decompose(second[0])[1] in _IOTATED, pair


def test_insertion_only_where_the_lexicon_says() -> None:
    assert pronounce("알아요") == "아라요"  # no morpheme boundary: plain liaison
    assert pronounce("일요일") == "이료일"  # 표준국어대사전 [이료일]: no ㄴ
    assert pronounce("담요를 주세요") == "담뇨를 주세요"
    assert pronounce("무슨 일이에요?") == "무슨 니리에요?"
