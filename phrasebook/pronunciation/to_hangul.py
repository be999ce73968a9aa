"""Russian and Ukrainian in Hangul, after the National Institute of Korean Language's rules.

Table-driven: data/cyrillic_hangul.json holds the letter classes, the Hangul of each sound
before a vowel, as a final and in a consonant cluster, and the article of the rules each
table follows. This module only walks a word and picks the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..hangul import compose, decompose
from .tables import load


def _table() -> dict[str, Any]:
    return load("cyrillic_hangul.json")


@dataclass
class _Unit:
    kind: str  # "V" vowel, "C" consonant, "J" й, "S" soft sign, "H" separator (ъ, apostrophe)
    name: str
    iotated: bool = False
    add_i: bool = False


def _lex(word: str, lang: str) -> list[_Unit]:
    letters = _table()["letters"]
    own, other = letters[lang], letters["ru" if lang == "uk" else "uk"]
    units: list[_Unit] = []
    for char in word:
        entry = own.get(char) or other.get(char)
        if entry is None:
            continue
        kind, name = entry[0], entry[1]
        if kind == "V":
            iotated = entry[2]
            if iotated == "context":
                iotated = not units or units[-1].kind in ("V", "S", "H")
            units.append(_Unit(kind, name, bool(iotated)))
        elif kind == "C" and units and units[-1].kind == "C" and units[-1].name == "d":
            if name == "zh":
                units[-1].name = "dzh"
            else:
                units.append(_Unit(kind, name))
        else:
            units.append(_Unit(kind, name))
    return _resolve(units, lang)


_SOFT_SIGN_SILENT = frozenset(("l", "m", "n", "ts", "ch", "sh", "shch", "zh", "dzh"))


def _resolve(units: list[_Unit], lang: str) -> list[_Unit]:
    """Apply й, ь, ъ/apostrophe and double letters to their neighbours, then drop them."""
    resolved: list[_Unit] = []
    for index, unit in enumerate(units):
        following = units[index + 1] if index + 1 < len(units) else None
        previous = resolved[-1] if resolved else None
        if unit.kind == "J" and following is not None and following.kind == "V":
            following.iotated = True
            continue
        if unit.kind == "H":
            if following is not None and following.kind == "V" and following.name != "i":
                following.iotated = True
            before = resolved[-2] if len(resolved) > 1 else None
            if (
                lang == "uk"
                and previous is not None
                and previous.name == "v"
                and before is not None
                and before.kind == "V"
            ):
                resolved.append(unit)  # в after a vowel stays 우: Слов'янськ 슬로우얀스크
            continue  # otherwise the consonant takes the y-glide: В'ячеслав 뱌체슬라우
        if unit.kind == "S":
            if previous is None or previous.kind != "C":
                continue
            if following is not None and following.kind == "V":
                if following.name == "o":
                    following.iotated = True  # ьо is the Ukrainian spelling of ё
                elif following.iotated:
                    previous.add_i = True  # Татьяна 타티야나
            elif previous.name in ("l", "m") and len(resolved) == 1:
                previous.add_i = True  # article 6: Львів 리비우
            elif lang == "ru" and previous.name not in _SOFT_SIGN_SILENT:
                previous.add_i = True  # Горький 고리키 (Ukrainian usage: Зеленський 젤렌스키)
            continue
        if unit.kind == "C" and following is not None and following.kind != "V":
            if unit.name in ("t", "d") and following.name == "s" and index + 2 < len(units):
                if units[index + 2].kind == "C":
                    unit.name = "ts"  # article 4: Петрозаводск 페트로자보츠크
                    following.kind = "skip"
        if unit.kind == "skip":
            continue
        if (
            unit.kind == "C"
            and previous is not None
            and previous.kind == "C"
            and previous.name == unit.name
            and unit.name not in ("m", "n")
            and not previous.add_i
        ):
            continue  # article 7: a doubled consonant is written once (mm, nn kept)
        resolved.append(unit)
    return resolved


def _word(word: str, lang: str, continues: bool = False) -> list[list[str]]:
    """Syllables of ``word``; ``continues``: a voiced -град/-город follows (no devoicing)."""
    table = _table()
    units = _lex(word, lang)
    syllables: list[list[str]] = []

    def add(text: str) -> None:
        for char in text:
            initial, medial, final = decompose(char)
            syllables.append([initial, medial, final])

    consumed: set[int] = set()
    for index, unit in enumerate(units):
        if index in consumed:
            continue
        previous = units[index - 1] if index else None
        following = units[index + 1] if index + 1 < len(units) else None
        after_vowel = previous is not None and previous.kind == "V"
        if unit.kind == "H":
            continue
        if unit.kind == "V":
            syllables.append(["ㅇ", table["vowels"][unit.name][unit.iotated], ""])
        elif unit.kind == "J":
            at_end_of_ii = after_vowel and previous is not None and previous.name == "i"
            if not at_end_of_ii:
                syllables.append(["ㅇ", "ㅣ", ""])
        elif following is not None and following.kind == "V":
            _before_vowel(table, unit, following, index, syllables)
            consumed.add(index + 1)
        else:
            _before_consonant(table, unit, following, lang, syllables, after_vowel, add, continues)
    return syllables


def _before_vowel(
    table: dict[str, Any],
    unit: _Unit,
    vowel: _Unit,
    index: int,
    syllables: list[list[str]],
) -> None:
    vowels = table["vowels"][vowel.name]
    onset = table["onsets"].get(unit.name)
    if unit.name == "l" and index > 0 and syllables and syllables[-1][2] == "":
        syllables[-1][2] = "ㄹ"  # article 5: ㄹㄹ between vowels
    if unit.add_i:
        syllables.append([onset or "ㅅ", "ㅣ", ""])
        syllables.append(["ㅇ", vowels[vowel.iotated], ""])
        return
    if unit.name == "shch":
        syllables.append(["ㅅ", "ㅣ", ""])
        syllables.append(["ㅊ", vowels[False], ""])
        return
    if unit.name == "sh":
        medial = vowels[True]
    elif unit.name in ("zh", "ts", "ch", "dzh"):
        medial = vowels[False]
    else:
        medial = vowels[vowel.iotated]
    syllables.append([onset or "ㅇ", medial, ""])


def _before_consonant(
    table: dict[str, Any],
    unit: _Unit,
    following: _Unit | None,
    lang: str,
    syllables: list[list[str]],
    after_vowel: bool,
    add: Any,
    continues: bool,
) -> None:
    name = unit.name
    if unit.add_i:
        syllables.append([table["onsets"].get(name, "ㅅ"), "ㅣ", ""])
        return
    voiceless_next = (
        following is not None and following.kind == "C" and following.name in table["voiceless"]
    )
    if lang == "ru" and ((following is None and not continues) or voiceless_next):
        name = table["devoiced"].get(name, name)
    open_syllable = bool(syllables) and syllables[-1][2] == ""
    before_l = following is not None and following.name == "l"
    if lang == "uk" and name == "v" and after_vowel:
        syllables.append(["ㅇ", "ㅜ", ""])  # Київ 키이우
    elif name in table["codas"] and voiceless_next and open_syllable:
        syllables[-1][2] = table["codas"][name]  # 쿠릅스키: also after a 르 of a cluster
    elif name == "l" and open_syllable and after_vowel:
        syllables[-1][2] = "ㄹ"
    elif name in ("m", "n") and open_syllable and (after_vowel or following is None):
        if name == "m" and before_l:
            add(table["clusters"][name])  # Земля 제믈랴: ㄹㄹ needs the syllable open
        else:
            syllables[-1][2] = "ㅁ" if name == "m" else "ㄴ"
    else:
        add(table["clusters"][name])


def _compose(syllables: list[list[str]]) -> str:
    return "".join(compose(*syllable) for syllable in syllables)


def hangul(word: str, lang: str) -> str:
    """One Cyrillic word (``lang`` "ru" or "uk") in Hangul: Москва 모스크바, Київ 키이우."""
    lowered = word.lower()
    language = "uk" if lang == "uk" else "ru"
    suffixes: dict[str, str] = _table()["suffixes"].get(language, {})
    for ending, written in suffixes.items():
        if lowered.endswith(ending) and len(lowered) > len(ending):
            return _compose(_word(lowered[: -len(ending)], language, continues=True)) + written
    return _compose(_word(lowered, language))
