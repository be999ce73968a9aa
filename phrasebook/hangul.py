"""The Hangul syllable block and its letters (jamo), shared by search and pronunciation.

A precomposed syllable U+AC00..U+D7A3 is ``0xAC00 + (initial * 21 + medial) * 28 + final``
(The Unicode Standard, chapter 3.12, "Conjoining Jamo Behavior").
"""

from __future__ import annotations

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = (
    "", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ",
    "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ",
)  # fmt: skip

FIRST_SYLLABLE = 0xAC00
LAST_SYLLABLE = 0xD7A3
SYLLABLES_PER_INITIAL = len(MEDIALS) * len(FINALS)  # 588


def is_syllable(char: str) -> bool:
    return len(char) == 1 and FIRST_SYLLABLE <= ord(char) <= LAST_SYLLABLE


def compose(initial: str, medial: str, final: str = "") -> str:
    """One precomposed Hangul syllable from its jamo."""
    index = (INITIALS.index(initial) * len(MEDIALS) + MEDIALS.index(medial)) * len(FINALS)
    return chr(FIRST_SYLLABLE + index + FINALS.index(final))


def decompose(char: str) -> tuple[str, str, str]:
    """(initial, medial, final) of one precomposed Hangul syllable."""
    index = ord(char) - FIRST_SYLLABLE
    initial, rest = divmod(index, SYLLABLES_PER_INITIAL)
    medial, final = divmod(rest, len(FINALS))
    return INITIALS[initial], MEDIALS[medial], FINALS[final]


def initial_of(char: str) -> str:
    """The initial consonant (choseong) of one precomposed syllable."""
    return INITIALS[(ord(char) - FIRST_SYLLABLE) // SYLLABLES_PER_INITIAL]
