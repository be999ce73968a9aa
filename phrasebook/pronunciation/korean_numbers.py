"""Digits inside Korean text, spelled out as a Korean speaker reads them.

A sentence such as "10시에 오세요" is read 열 시에 오세요 (native numeral before the hour
counter) and "10분" 십 분 (Sino-Korean): the aid and the audio must say what a Korean says,
not «десять». The numerals, the counters that take native numerals and the other readings
are data (data/korean_numbers.json, with its sources).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..hangul import is_syllable
from .tables import load

# A code (digits joined by hyphens: a telephone or service number), or a number: digits with
# optional thousands separators and one decimal part.
_NUMBER = re.compile(
    r"[0-9]+(?:-[0-9]+)+|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
)
_DIGIT_BY_DIGIT_LONGER_THAN = 8


def _table() -> dict[str, Any]:
    return load("korean_numbers.json")


def sino(number: int) -> str:
    """Sino-Korean reading: 16 → 십육, 2004 → 이천사, 10000 → 만, 0 → 영."""
    table = _table()
    if number == 0:
        return str(table["sino_digits"][0])
    groups: list[str] = []
    index = 0
    while number:
        number, group = divmod(number, 10000)
        if group:
            words = _sino_below_10000(table, group)
            if words == "일" and index == 1:
                words = ""  # 만, not 일만
            groups.append(words + table["sino_groups"][index])
        index += 1
    return "".join(reversed(groups))


def _sino_below_10000(table: dict[str, Any], number: int) -> str:
    out = []
    for place in (3, 2, 1, 0):
        digit = number // 10**place % 10
        if not digit:
            continue
        word = table["sino_digits"][digit]
        if place and digit == 1:
            word = ""  # 십, 백, 천 without 일
        out.append(word + table["sino_units"][place])
    return "".join(out)


def native(number: int, *, before_counter: bool) -> str | None:
    """Native Korean reading of 1–99 (None outside): 3 → 셋, or 세 before a counter."""
    if not 1 <= number <= 99:
        return None
    table = _table()
    tens, units = divmod(number, 10)
    ten_word: str = table["native_tens"][tens]
    unit_word: str = table["native_units"][units]
    if before_counter:
        if unit_word:
            unit_word = table["before_counter"].get(unit_word, unit_word)
        elif ten_word:
            ten_word = table["before_counter"].get(ten_word, ten_word)
    return ten_word + unit_word


def _digit_by_digit(digits: str) -> str:
    table = _table()
    return "".join(table["digit_by_digit"][int(d)] for d in digits)


@lru_cache(maxsize=1)
def _counter_pattern() -> re.Pattern[str]:
    counters = sorted(_table()["native_counters"], key=len, reverse=True)
    return re.compile(r"\s?(?:" + "|".join(map(re.escape, counters)) + ")")


def _reading(match: re.Match[str], text: str) -> str:
    written = match.group()
    table = _table()
    following = text[match.end() :]
    if "." in written:
        whole, fraction = written.replace(",", "").split(".")
        point: str = table["decimal_point"]
        zero: str = table["sino_digits"][0]
        return sino(int(whole)) + point + _digit_by_digit(fraction).replace("공", zero)
    if "-" in written:
        return "-".join(_digit_by_digit(part) for part in written.split("-"))
    digits = written.replace(",", "")
    if "," not in written and (
        (len(digits) > 1 and digits.startswith("0")) or len(digits) > _DIGIT_BY_DIGIT_LONGER_THAN
    ):
        return _digit_by_digit(digits)
    number = int(digits)
    if following.startswith("월") and digits in table["months"]:
        return str(table["months"][digits])
    counter = _counter_pattern().match(following)
    if counter:
        word = native(number, before_counter=True)
        if word is not None:
            return word
    return sino(number)


def _in_korean(match: re.Match[str], text: str) -> bool:
    """A number belongs to the Korean sentence when Hangul follows it (after at most one
    space) or comes just before it; a number standing as a label ("16 — 열여섯") does not."""
    after = text[match.end() : match.end() + 2].lstrip(" ")
    before = text[: match.start()].rstrip(" ")
    return (bool(after) and is_syllable(after[0])) or (bool(before) and is_syllable(before[-1]))


def spell_numbers(text: str) -> str:
    """``text`` with every number of a Korean sentence written in Hangul as it is read:
    "10시" → "열시", "10분" → "십분", "2004년 6월" → "이천사년 유월", "010-1234번" →
    "공일공-일이삼사번". Numbers outside Korean words ("16 — 열여섯") stay as written."""
    if not any("0" <= char <= "9" for char in text):
        return text
    return _NUMBER.sub(
        lambda match: _reading(match, text) if _in_korean(match, text) else match.group(), text
    )
