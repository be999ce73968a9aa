"""English in Russian or Ukrainian Cyrillic, from the CMU Pronouncing Dictionary.

The letters come from the sounds (ARPAbet) by the tables in data/english_cyrillic.json, which
cite Gilyarevsky & Starostin (Russian) and Український правопис 2019 (Ukrainian). The neutral
vowel is written after the letter that spells it, as both rules do, when the spelling's vowel
groups line up one to one with the sounds. Words the dictionary does not know stay in Latin.
"""

from __future__ import annotations

import re
from typing import Any

from .from_english import _WORD, dictionary_phonemes
from .tables import load

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_REDUCED = ("AH", "IH", "ER")


def _table() -> dict[str, Any]:
    return load("english_cyrillic.json")


def _is_vowel(phone: str | None) -> bool:
    return phone is not None and phone in _table()["vowels"]["ru"]


def _spelled_vowels(word: str, phones: list[str]) -> dict[int, str]:
    """The spelling's vowel group of each vowel sound, when they line up one to one."""
    letters = word.lower().replace("'", "")
    groups = [match.group(0) for match in _VOWEL_GROUP.finditer(letters)]
    vowels = [index for index, phone in enumerate(phones) if _is_vowel(phone)]
    if len(groups) == len(vowels) + 1 and letters.endswith("e") and groups[-1] == "e":
        groups.pop()  # a silent final e: Cambridge, Stone
    if len(groups) != len(vowels):
        return {}
    return dict(zip(vowels, groups, strict=True))


def _vowel(reader: str, phone: str, stress: str, group: str | None, last_of: str) -> str:
    """One vowel's letters; ``last_of`` is the word when this is its last vowel sound, else ""."""
    table = _table()
    if phone == "AH" and stress == "0" and last_of:
        endings: dict[str, str] = table["unstressed_a_endings"][reader]
        for ending, letter in endings.items():
            if last_of.endswith(ending):
                return letter  # Chapman Чепмен, Cleveland Кливленд
        if group is None and last_of.endswith("a"):
            return "а"  # a final -a: Australia, Florida
    if phone in _REDUCED and stress == "0":
        if group is None:
            return str(table["unstressed_default"][reader][phone])
        key = "unstressed_r" if phone == "ER" else "unstressed_spelling"
        spellings: dict[str, str] = table[key][reader]
        return spellings.get(group) or spellings[group[0]]
    if phone == "AA" and group is not None and group.startswith("o") and group != "ou":
        return "о"  # American [ɑ] written o: the rules follow British [ɒ] (Thompson, Oxford)
    if phone == "OW" and stress == "0":
        return "о"
    return str(table["vowels"][reader][phone])


def _iotate(reader: str, letters: str, after_consonant: bool, previous: str) -> str:
    table = _table()
    first, rest = letters[0], letters[1:]
    iotated: str | None = table["iotated"][reader].get(first)
    if after_consonant:
        hard = previous in table["apostrophe_after"].get(reader, "")
        sign = table["apostrophe"] if hard else "ь"
        return sign + (iotated + rest if iotated else letters)
    initial: str | None = table["initial_iotated"][reader].get(first)
    if initial:
        return initial + rest
    return iotated + rest if iotated else "й" + letters


def _rule_of_nine(reader: str, text: str) -> str:
    rule = _table()["rule_of_nine"].get(reader)
    if rule is None:
        return text
    chars = list(text)
    for index, char in enumerate(chars):
        if char != "і" or index == 0 or index + 1 >= len(chars):
            continue
        following = chars[index + 1]
        consonant_follows = following not in rule["vowels"] and following not in "йь’"
        if chars[index - 1] in rule["consonants"] and consonant_follows:
            chars[index] = "и"
    return "".join(chars)


def word_to_cyrillic(word: str, reader: str) -> str | None:
    """One English word in the Cyrillic of ``reader`` (ru or uk); None when unknown."""
    entry = dictionary_phonemes(word)
    if entry is None:
        return None
    table = _table()
    phones = [phone.rstrip("012") for phone in entry]
    stresses = [phone[-1] if phone[-1].isdigit() else "" for phone in entry]
    if word.lower().endswith("le") and phones[-2:] == ["AH", "L"] and len(phones) > 2:
        del phones[-2], stresses[-2]  # a syllabic final -le: Seattle Сиэтл, little литл
    spelled = _spelled_vowels(word, phones)
    pieces: list[str] = []
    for index, phone in enumerate(phones):
        previous = phones[index - 1] if index else None
        following = phones[index + 1] if index + 1 < len(phones) else None
        if _is_vowel(phone):
            stress = stresses[index]
            pieces.append(_vowel_in_context(reader, word, phones, index, stress, spelled))
            continue
        if phone == "Y" and _is_vowel(following):
            continue  # written by the vowel: я ю е / я ю є ї
        if phone == "W" and following is not None and _is_vowel(following):
            pieces.append(_w(reader, previous, following))
            continue
        if phone == "NG" and following in ("K", "G"):
            pieces.append("н")  # thank, finger: [ŋk] [ŋg] are нк нг
            continue
        if (
            phone == "Z"
            and following is None
            and word.lower().endswith("s")
            and not _is_vowel(previous)
        ):
            pieces.append("с")  # Burns Бёрнс, Adams: a final -s after a consonant is с
            continue
        pieces.append(table["consonants"][reader][phone])
    return _rule_of_nine(reader, "".join(pieces))


def _w(reader: str, previous: str | None, following: str) -> str:
    if reader != "ru" or following in ("UW", "UH"):
        return "в"  # Ukrainian: Вашингтон; Russian w before [u]: Вуд
    if previous is not None and not _is_vowel(previous):
        return "в"  # Swift Свифт, Queen Квин
    return "у"  # William Уильям, West Уэст


def _vowel_in_context(
    reader: str, word: str, phones: list[str], index: int, stress: str, spelled: dict[int, str]
) -> str:
    table = _table()
    phone = phones[index]
    previous = phones[index - 1] if index else None
    before = phones[index - 2] if index > 1 else None
    last_vowel = not any(_is_vowel(later) for later in phones[index + 1 :])
    letters = _vowel(reader, phone, stress, spelled.get(index), word.lower() if last_vowel else "")
    if previous == "W" and phone == "AA":
        letters = "о"  # [wɒ]: Watson Уотсон, Вотсон
    if previous == "Y":
        # the glide's vowel is written by its sound: William Уильям, not by the spelling's i
        letters = str(table["vowels"][reader][phone]) if stress != "0" or phone != "OW" else "о"
        after_consonant = before is not None and not _is_vowel(before)
        consonant = table["consonants"][reader].get(before, "") if after_consonant else ""
        return _iotate(reader, letters, after_consonant, consonant[-1:])
    if phone == "AH" and previous in ("IY", "IH"):
        return _iotate(reader, "а", False, "")  # [iə]: Victoria Виктория, Вікторія
    opens_word = previous is None or _is_vowel(previous)
    after_w_as_u = previous == "W" and reader == "ru" and (before is None or _is_vowel(before))
    if opens_word or after_w_as_u:
        initial: dict[str, str] = table["initial_letters"][reader]
        letters = initial.get(letters[0], letters[0]) + letters[1:]
    elif previous is not None and table["consonants"][reader][previous][-1] in "жчш":
        hushing: dict[str, str] = table["after_hushing"][reader]
        letters = hushing.get(letters[0], letters[0]) + letters[1:]
    return letters


def cyrillic(run: str, reader: str) -> str:
    """English text in Cyrillic word by word; unknown words stay in Latin letters."""

    def replace(match: re.Match[str]) -> str:
        return word_to_cyrillic(match.group(0), reader) or match.group(0)

    return _WORD.sub(replace, run)
