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
    """``word(syllables, before)`` renders each word; ``before`` is the last syllable of the word
    just before it when one space separates them (said in one breath: 할 일 [할릴]), else None."""
    pieces: list[Piece] = pronounce_pieces(text)
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            out.append(piece)
            continue
        previous = pieces[index - 2] if index >= 2 and pieces[index - 1] == " " else None
        out.append(word(piece, previous[-1] if isinstance(previous, list) else None))
    return "".join(out)


def romanize(text: str) -> str:
    """Revised Romanization of how ``text`` is pronounced, in lower case: 같이 → gachi."""
    table = load("korean_latin.json")

    def word(syllables: list[Syllable], before: Syllable | None) -> str:
        out: list[str] = []
        previous_final = before.final if before else ""
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

    def word(syllables: list[Syllable], before: Syllable | None) -> str:
        out: list[str] = []
        for index, syllable in enumerate(syllables):
            previous = syllables[index - 1] if index else None
            following = syllables[index + 1] if index + 1 < len(syllables) else None
            if index == 0 and before is not None and before.final == syllable.initial == "ㄹ":
                out.append("л")  # across a gap only ㄹㄹ joins (할 일 [할릴]); words stay apart
            else:
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
