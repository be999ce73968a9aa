"""Korean sound changes: the spelling of a phrase turned into how it is pronounced.

One stage shared by every output that follows Korean pronunciation (Revised Romanization,
Kontsevich Cyrillic, its Ukrainian form) and by the audio engine, which reads Hangul literally.
The rules are those of the Standard Pronunciation rules (표준 발음법, National Institute of
Korean Language, 1988), chapters 4-6, applied inside each word (a run of Hangul syllables);
they are documented with their articles in docs/pronunciation.md.

ㄴ-insertion (article 29: 담요 → [담뇨], 알약 → [알략]) depends on a morpheme boundary the
spelling does not show, so it is applied to the words of a lexicon (data/korean_n_insertion.json).
Words separated by a space are pronounced on their own, except that nasalization (article 18,
note: 몇 명 → [면명]) and the lexicon's ㄴ-insertion across a gap (할 일 → [할릴]) join them, as
in one breath group. Digits in a Korean sentence are first spelled out as they are read
(korean_numbers). Left out: tensification after the future ending -(으)ㄹ and inside
Sino-Korean compounds, and the noun/verb distinctions some articles make.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..hangul import compose, decompose
from ..hangul import is_syllable as is_hangul_syllable
from .korean_numbers import spell_numbers
from .tables import load

_SILENT = "ㅇ"  # as an initial: no consonant

# Article 8-11: a final is pronounced as one of seven consonants. ㄺ before ㄱ and the ㄼ of
# 밟- are handled in _neutral_final.
_NEUTRAL = {
    "": "", "ㄱ": "ㄱ", "ㄲ": "ㄱ", "ㄳ": "ㄱ", "ㄴ": "ㄴ", "ㄵ": "ㄴ", "ㄶ": "ㄴ", "ㄷ": "ㄷ",
    "ㄹ": "ㄹ", "ㄺ": "ㄱ", "ㄻ": "ㅁ", "ㄼ": "ㄹ", "ㄽ": "ㄹ", "ㄾ": "ㄹ", "ㄿ": "ㅂ", "ㅀ": "ㄹ",
    "ㅁ": "ㅁ", "ㅂ": "ㅂ", "ㅄ": "ㅂ", "ㅅ": "ㄷ", "ㅆ": "ㄷ", "ㅇ": "ㅇ", "ㅈ": "ㄷ", "ㅊ": "ㄷ",
    "ㅋ": "ㄱ", "ㅌ": "ㄷ", "ㅍ": "ㅂ", "ㅎ": "ㄷ",
}  # fmt: skip
# Article 13-14: before a vowel a final moves to the next syllable; of a cluster, the second
# consonant moves (ㅅ of a cluster is pronounced tense).
_LIAISON = {
    "ㄳ": ("ㄱ", "ㅆ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄺ": ("ㄹ", "ㄱ"), "ㄻ": ("ㄹ", "ㅁ"),
    "ㄼ": ("ㄹ", "ㅂ"), "ㄽ": ("ㄹ", "ㅆ"), "ㄾ": ("ㄹ", "ㅌ"), "ㄿ": ("ㄹ", "ㅍ"),
    "ㅄ": ("ㅂ", "ㅆ"),
}  # fmt: skip
# Article 12: ㅎ (alone or in ㄶ ㅀ) before ㄱ ㄷ ㅈ, or ㄱ ㄷ ㅂ ㅈ before ㅎ, make one aspirate.
_ASPIRATE = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅂ": "ㅍ", "ㅈ": "ㅊ"}
_WITHOUT_H = {"ㅎ": "", "ㄶ": "ㄴ", "ㅀ": "ㄹ"}
# Finals that aspirate a following ㅎ, as (final left behind, consonant merged with ㅎ).
_BEFORE_H = {
    "ㄱ": ("", "ㄱ"), "ㄲ": ("", "ㄱ"), "ㅋ": ("", "ㄱ"), "ㄷ": ("", "ㄷ"), "ㅅ": ("", "ㄷ"),
    "ㅆ": ("", "ㄷ"), "ㅈ": ("", "ㅈ"), "ㅊ": ("", "ㄷ"), "ㅌ": ("", "ㄷ"), "ㅂ": ("", "ㅂ"),
    "ㅍ": ("", "ㅂ"), "ㄺ": ("ㄹ", "ㄱ"), "ㄵ": ("ㄴ", "ㅈ"), "ㄼ": ("ㄹ", "ㅂ"), "ㅄ": ("", "ㅂ"),
    "ㄳ": ("", "ㄱ"),
}  # fmt: skip
# Article 23-25: after an obstruent final (and the clusters ㄵ ㄻ ㄼ ㄾ of verb stems)
# ㄱ ㄷ ㅂ ㅅ ㅈ are pronounced tense.
_TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅂ": "ㅃ", "ㅅ": "ㅆ", "ㅈ": "ㅉ"}
_OBSTRUENT_FINALS = frozenset("ㄱㄲㄳㄷㅅㅆㅈㅊㅋㅌㅂㅍㅄㄺㄿ")
_TENSING_CLUSTERS = frozenset("ㄵㄻㄼㄾ")
# Article 18: ㄱ ㄷ ㅂ before ㄴ ㅁ become ㅇ ㄴ ㅁ.
_NASAL = {"ㄱ": "ㅇ", "ㄷ": "ㄴ", "ㅂ": "ㅁ"}


@dataclass(frozen=True)
class Syllable:
    """One pronounced syllable: jamo letters ("" for no final) and how its initial came about.

    ``tensified`` is true when the initial is tense only because of a sound change (읽다 →
    [익따]): Revised Romanization and Kontsevich do not write that tenseness.
    """

    initial: str
    medial: str
    final: str
    tensified: bool = False

    @property
    def written_initial(self) -> str:
        """The initial as transcription systems write it (tenseness from a sound change undone)."""
        if self.tensified:
            return _PLAIN[self.initial]
        return self.initial

    def hangul(self) -> str:
        return compose(self.initial, self.medial, self.final)


_PLAIN = {tense: plain for plain, tense in _TENSE.items()}

# A piece of pronounced text: a word (list of syllables) or anything else, passed through.
Piece = list[Syllable] | str


def _neutral_final(final: str, next_initial: str | None, syllable: str) -> str:
    if final == "ㄺ" and next_initial == "ㄱ":
        return "ㄹ"  # 맑게 [말께], article 11
    if final == "ㄼ" and syllable.startswith("ㅂㅏ"):
        return "ㅂ"  # 밟다 [밥따], article 10
    return _NEUTRAL[final]


# Article 29: the vowels before which ㄴ is inserted (이 야 여 요 유).
_IOTATED = frozenset("ㅣㅑㅕㅛㅠ")


_Lexicon = dict[tuple[str, str], list[tuple[str, int]]]


@lru_cache(maxsize=1)
def _n_insertion() -> tuple[_Lexicon, frozenset[tuple[str, str]]]:
    """The lexicon by the two syllables around its boundary: (last syllable of the first part,
    first syllable of the second) -> [(whole word, boundary index)]; and the pairs across a gap."""
    table = load("korean_n_insertion.json")
    inside: _Lexicon = {}
    for entry in table["words"]:
        first, second = entry.split("|")
        inside.setdefault((first[-1], second[0]), []).append((first + second, len(first)))
    across = frozenset(tuple(pair.split(" ")) for pair in table["across_a_gap"])
    return inside, across


def _insertion_points(word: str) -> set[int]:
    """Indices of syllables of ``word`` whose silent initial becomes ㄴ (article 29)."""
    lexicon, _across = _n_insertion()
    points: set[int] = set()
    for index in range(1, len(word)):
        for whole, boundary in lexicon.get((word[index - 1], word[index]), ()):
            start = index - boundary
            if start >= 0 and word.startswith(whole, start):
                points.add(index)
    return points


def _pronounce_word(word: str, inserted: frozenset[int] = frozenset()) -> list[Syllable]:
    parts = [list(decompose(char)) for char in word]
    tensified = [False] * len(parts)
    for index in _insertion_points(word) | inserted:
        at = parts[index]
        # Index 0 only comes from a gap, where the caller has seen the final before it.
        if at[0] == _SILENT and at[1] in _IOTATED and (index == 0 or parts[index - 1][2]):
            at[0] = "ㄴ"
    for i in range(len(parts) - 1):
        current, following = parts[i], parts[i + 1]
        final, initial = current[2], following[0]
        # Article 12: ㅎ.
        if final in _WITHOUT_H:
            if initial in _ASPIRATE:
                following[0] = _ASPIRATE[initial]
                current[2] = _WITHOUT_H[final]
            elif initial == "ㅅ":
                following[0] = "ㅆ"
                current[2] = _WITHOUT_H[final]
            elif initial == "ㄴ" and final == "ㅎ":
                current[2] = "ㄴ"
            else:
                current[2] = _WITHOUT_H[final]
        elif initial == "ㅎ" and final in _BEFORE_H:
            left, merged = _BEFORE_H[final]
            current[2] = left
            following[0] = _ASPIRATE[merged]
            if merged == "ㄷ" and following[1] == "ㅣ":
                following[0] = "ㅊ"  # 굳히다 [구치다], article 17
        final, initial = current[2], following[0]
        # Articles 13-14 and 17: liaison, with palatalization of ㄷ ㅌ before 이.
        if initial == _SILENT and final not in ("", "ㅇ"):
            stay, move = _LIAISON.get(final, ("", final))
            if following[1] == "ㅣ" and move in ("ㄷ", "ㅌ"):
                move = "ㅈ" if move == "ㄷ" else "ㅊ"
            current[2], following[0] = stay, move
            continue
        if not final:
            continue
        original_final = final
        final = _neutral_final(final, initial, "".join(current))
        # Articles 23-25: tensification.
        if initial in _TENSE and (
            original_final in _OBSTRUENT_FINALS or original_final in _TENSING_CLUSTERS
        ):
            following[0] = _TENSE[initial]
            tensified[i + 1] = True
        # Articles 19-20: ㄹ after ㄴ becomes ㄹ (and ㄴ after ㄹ); after other consonants ㄴ.
        if following[0] == "ㄹ":
            if final == "ㄴ":
                final = "ㄹ"
            elif final != "ㄹ":
                following[0] = "ㄴ"
        elif following[0] == "ㄴ" and final == "ㄹ":
            following[0] = "ㄹ"
        # Article 18: nasalization.
        if following[0] in ("ㄴ", "ㅁ") and final in _NASAL:
            final = _NASAL[final]
        current[2] = final
    if parts:
        last = parts[-1]
        last[2] = _neutral_final(last[2], None, "".join(last))
    return [
        Syllable(initial, medial, final, tense)
        for (initial, medial, final), tense in zip(parts, tensified, strict=True)
    ]


def _split(text: str) -> list[str]:
    runs: list[str] = []
    start = 0
    while start < len(text):
        end = start
        hangul = is_hangul_syllable(text[start])
        while end < len(text) and is_hangul_syllable(text[end]) == hangul:
            end += 1
        runs.append(text[start:end])
        start = end
    return runs


def _inserted_across(previous: str, run: str) -> bool:
    """The lexicon's ㄴ-insertion across a gap: 할 일, 무슨 일 (article 29, note 2)."""
    _lexicon, across = _n_insertion()
    return any(previous.endswith(first) and run.startswith(second) for first, second in across)


def joins_across_gap(first: str, second: str) -> bool:
    """Whether two Hangul words separated by one space sound different said in one breath
    than apart (``_join_across_gap`` would change them): callers keep other words apart, and
    their per-word results cacheable."""
    final = decompose(first[-1])[2]
    if not final:
        return False
    if _inserted_across(first, second):
        return True
    initial = decompose(second[0])[0]
    return initial in ("ㄴ", "ㅁ") and _NEUTRAL[final] in _NASAL


def _join_across_gap(first: list[Syllable], second: list[Syllable], inserted: bool) -> None:
    """Two words said in one breath: the first word's final before the second's ㄴ ㅁ is
    nasalized (article 18, note: 몇 명 [면명], 밥 먹어요 [밤머거요]); an ㄴ inserted after ㄹ is
    [ㄹ] (article 29: 할 일 [할릴])."""
    last, opening = first[-1], second[0]
    if inserted and last.final == "ㄹ" and opening.initial == "ㄴ":
        second[0] = replace(opening, initial="ㄹ")
    elif opening.initial in ("ㄴ", "ㅁ") and last.final in _NASAL:
        first[-1] = replace(last, final=_NASAL[last.final])


def pronounce_pieces(text: str) -> list[Piece]:
    """Split ``text`` into Hangul words (as pronounced syllables) and everything else; digits
    of a Korean sentence are spelled out first (10시 → 열시)."""
    runs = _split(spell_numbers(text))
    pieces: list[Piece] = []
    for index, run in enumerate(runs):
        if not is_hangul_syllable(run[0]):
            pieces.append(run)
            continue
        joined = index >= 2 and runs[index - 1] == " " and is_hangul_syllable(runs[index - 2][0])
        inserted = joined and _inserted_across(runs[index - 2], run)
        word = _pronounce_word(run, frozenset({0}) if inserted else frozenset())
        if joined:
            previous = pieces[index - 2]
            assert not isinstance(previous, str)  # a Hangul run, by the test above
            _join_across_gap(previous, word, inserted)
        pieces.append(word)
    return pieces


def pronounce(text: str) -> str:
    """The pronounced Hangul spelling of ``text``: 감사합니다 → 감사함니다, 같이 → 가치.

    Anything that is not a Hangul syllable passes through unchanged.
    """
    return "".join(
        piece if isinstance(piece, str) else "".join(s.hangul() for s in piece)
        for piece in pronounce_pieces(text)
    )


def pronounced_syllables(text: str) -> list[Syllable]:
    """All Hangul syllables of ``text`` after sound changes, in order (other text skipped)."""
    return [
        syllable
        for piece in pronounce_pieces(text)
        if not isinstance(piece, str)
        for syllable in piece
    ]
