"""Korean in Latin (Revised Romanization) and Cyrillic (Kontsevich, Russian and Ukrainian).

Both are lookups in the tables of data/korean_latin.json and data/korean_cyrillic.json over
the syllables that phrasebook.pronunciation.korean gives after its sound changes.
"""

from __future__ import annotations

from typing import Any

from .korean import Piece, Syllable, pronounce_pieces
from .tables import load

_VOICED_FINALS = frozenset(("", "ㄴ", "ㅁ", "ㅇ", "ㄹ"))


def _render(text: str, word: Any) -> str:
    pieces: list[Piece] = pronounce_pieces(text)
    return "".join(piece if isinstance(piece, str) else word(piece) for piece in pieces)


def romanize(text: str) -> str:
    """Revised Romanization of how ``text`` is pronounced, in lower case: 같이 → gachi."""
    table = load("korean_latin.json")

    def word(syllables: list[Syllable]) -> str:
        out: list[str] = []
        previous_final = ""
        for syllable in syllables:
            initial = syllable.written_initial
            if initial == "ㄹ" and previous_final == "ㄹ":
                out.append(table["initial_l_after_l"])
            else:
                out.append(table["initials"][initial])
            out.append(table["medials"][syllable.medial])
            out.append(table["finals"][syllable.final])
            previous_final = syllable.final
        return "".join(out)

    return _render(text, word)


def cyrillize(text: str, reader: str) -> str:
    """Kontsevich Cyrillic of how ``text`` is pronounced, for ``reader`` "ru" or "uk"."""
    table = load("korean_cyrillic.json")[reader]

    def word(syllables: list[Syllable]) -> str:
        out: list[str] = []
        for index, syllable in enumerate(syllables):
            previous = syllables[index - 1] if index else None
            following = syllables[index + 1] if index + 1 < len(syllables) else None
            out.append(_cyrillic_initial(table, syllable, previous))
            out.append(_cyrillic_medial(table, syllable, previous))
            out.append(_cyrillic_final(table, syllable, following))
        return "".join(out)

    return _render(text, word)


def _cyrillic_initial(table: dict[str, Any], syllable: Syllable, previous: Syllable | None) -> str:
    initial = syllable.written_initial
    if previous is not None:
        if initial == "ㄹ" and previous.final == "ㄹ":
            return "л"
        if initial in table["voiced_initials"] and previous.final in _VOICED_FINALS:
            if not syllable.tensified:
                voiced: str = table["voiced_initials"][initial]
                return voiced
    plain: str = table["initials"][initial]
    return plain


def _cyrillic_medial(table: dict[str, Any], syllable: Syllable, previous: Syllable | None) -> str:
    medial = syllable.medial
    choice: str
    if syllable.initial != "ㅇ":
        if syllable.initial in table["hushing"] and medial in table.get("hushing_medials", {}):
            choice = table["hushing_medials"][medial]
        else:
            choice = table["medials_after_consonant"].get(medial, table["medials"][medial])
    elif previous is None:
        choice = table["medials_word_initial"].get(medial, table["medials"][medial])
    elif previous.final == "":
        choice = table["medials_after_vowel"].get(
            medial, table["medials_inside_word"].get(medial, table["medials"][medial])
        )
    else:
        choice = table["medials_inside_word"].get(medial, table["medials"][medial])
    return choice


def _cyrillic_final(table: dict[str, Any], syllable: Syllable, following: Syllable | None) -> str:
    final = syllable.final
    choice: str = table["finals"][final]
    if following is None:
        return choice
    if final == "ㄹ" and following.initial == "ㄹ":
        choice = table["final_l_before_l"]
    elif final == "ㄹ" and following.initial == "ㅎ":
        choice = table["final_l_before_h"]
    elif final == "ㅇ" and following.initial == "ㅇ" and following.medial not in table["w_medials"]:
        choice = table["final_ng_before_vowel"]
    return choice
