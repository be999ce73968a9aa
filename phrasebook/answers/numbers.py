"""Numbers in words (0-9999) for answer panels and the answer card, from
``number_words.json`` (sources in the file)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


@cache
def _number_tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / "number_words.json").read_text(encoding="utf-8"))
    return data


def number_words(n: int, lang: str, *, native: bool = False) -> str:
    """``n`` (0-9999) in words in ``lang`` (Korean, Ukrainian, Russian, English; other
    languages get the digits). ``native``: Korean native numerals (하나, 둘 … 아흔아홉), used
    for counting up to 99; above that Korean counts in Sino-Korean numerals too."""
    base = _base(lang)
    tables = _number_tables()
    if base == "ko":
        if native and 0 < n < 100:
            table = tables["ko-native"]
            tens, units = divmod(n, 10)
            return str(table["tens"][tens]) + str(table["units"][units])
        return _sino_korean(n, tables["ko-KP" if lang.upper() == "KO-KP" else "ko"])
    if base not in tables:
        return str(n)
    return _western(n, tables[base])


def _sino_korean(n: int, table: dict[str, Any]) -> str:
    if n == 0:
        return str(table["zero"])
    digits: list[str] = table["digits"]
    words = []
    for power, name in ((1000, table["thousand"]), (100, table["hundred"]), (10, table["ten"])):
        count, n = divmod(n, power)
        if count:
            # 십, 백, 천 alone mean one of them: 일십 is not said.
            words.append(("" if count == 1 else digits[count]) + name)
    if n:
        words.append(digits[n])
    return "".join(words)


def _western(n: int, table: dict[str, Any]) -> str:
    """Ukrainian, Russian and English: hundreds, tens and units joined as the table says."""
    if n < 20:
        return str(table["below_twenty"][n])
    parts = []
    thousands, n = divmod(n, 1000)
    if thousands:
        parts.append(str(table["thousands"][thousands]))
    hundreds, n = divmod(n, 100)
    if hundreds:
        parts.append(str(table["hundreds"][hundreds]))
    if n >= 20:
        tens, units = divmod(n, 10)
        joined = table["tens_join"] + table["below_twenty"][units] if units else ""
        parts.append(table["tens"][tens] + joined)
    elif n:
        parts.append(str(table["below_twenty"][n]))
    return " ".join(parts)
