"""Search keys: the normalized forms of a phrase's texts that queries are matched against.

Database engines fold case and accents differently (SQLite folds ASCII only, nothing folds
ё to е, nothing knows Hangul), so phrasebook keeps its own keys. A phrase's ``key`` holds, one
per line:

* every translation's text, normalized by :func:`normalize` (casefold, ё→е, apostrophe
  variants unified, whitespace collapsed, Hangul decomposed into basic letters so that a
  half-typed syllable matches: 감ㅅ finds 감사합니다);
* for Korean texts, the pronunciation aids readers of English, Ukrainian and Russian see
  (phrasebook.pronunciation), and aids editors wrote by hand: gamsa and камса find 감사합니다;

* marked with ``FORM_MARK``, each text's words in their base forms and Ukrainian and Russian
  texts in Latin letters (phrasebook.search.forms): «вода» finds «воду», "spasibo" finds
  «Спасибо»;

and its ``initials`` hold, for texts with Hangul, the initial consonants (choseong) of their
syllables: ㄱㅅ finds 감사합니다.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..hangul import FINALS, INITIALS, MEDIALS, decompose, initial_of, is_syllable
from ..languages import base_language
from ..pronunciation import READER_SCRIPTS, aid_applies, transcribe
from .forms import FORM_MARK, WORD, latin_spellings, query_forms, text_forms, word_forms

# --- normalization ---------------------------------------------------------------------------

# Compound vowels and final clusters are typed as two keys: split them so that the
# intermediate states of a Korean keyboard (고 before 과, 갑 before 값) still match.
_SPLIT = dict(
    pair.split(":")
    for pair in (
        "ㅘ:ㅗㅏ ㅙ:ㅗㅐ ㅚ:ㅗㅣ ㅝ:ㅜㅓ ㅞ:ㅜㅔ ㅟ:ㅜㅣ ㅢ:ㅡㅣ "
        "ㄳ:ㄱㅅ ㄵ:ㄴㅈ ㄶ:ㄴㅎ ㄺ:ㄹㄱ ㄻ:ㄹㅁ ㄼ:ㄹㅂ ㄽ:ㄹㅅ ㄾ:ㄹㅌ ㄿ:ㄹㅍ ㅀ:ㄹㅎ ㅄ:ㅂㅅ"
    ).split()
)
# Conjoining jamo (U+1100 block) left over after NFC, mapped to the compatibility letters.
_CONJOINING = {
    **{chr(0x1100 + i): letter for i, letter in enumerate(INITIALS)},
    **{chr(0x1161 + i): letter for i, letter in enumerate(MEDIALS)},
    **{chr(0x11A8 + i): letter for i, letter in enumerate(FINALS[1:])},
}
_APOSTROPHES = frozenset("'’ʼ‘`´′ʹ")  # look-alikes people type for the apostrophe
_FOLDS = {"ё": "е", "ѐ": "е"}
_INITIALS_SET = frozenset(INITIALS)
KEY_SEPARATOR = "\n"


def folding_tables() -> dict[str, Any]:
    """The tables :func:`normalize` folds with, for a normalizer written in another language
    (the field kit's script) that must give exactly the same keys."""
    return {
        "initials": list(INITIALS),
        "medials": list(MEDIALS),
        "finals": list(FINALS),
        "split": dict(_SPLIT),
        "conjoiningInitial": 0x1100,
        "conjoiningMedial": 0x1161,
        "conjoiningFinal": 0x11A8,
        "apostrophes": "".join(sorted(_APOSTROPHES)),
        "folds": dict(_FOLDS),
    }


def _jamo_letters(letter: str) -> str:
    return _SPLIT.get(letter, letter)


# Texts are made of few distinct characters: each is folded once per process.
@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    """What one character (of NFC text) becomes in a search key."""
    if is_syllable(char):
        initial, medial, final = decompose(char)
        return initial + _jamo_letters(medial) + "".join(_jamo_letters(c) for c in final)
    if char in _CONJOINING:
        return _jamo_letters(_CONJOINING[char])
    if "\u3131" <= char <= "\u318e":
        return _jamo_letters(char)
    if char in _APOSTROPHES:
        return "'"
    if char.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(_FOLDS.get(c, c) for c in folded)


@dataclass(frozen=True)
class Folded:
    """A normalized string and, for each of its characters, the index of the original
    character it came from (to highlight matches in the original text)."""

    text: str
    origins: tuple[int, ...]


def _pieces(text: str) -> Iterator[tuple[int, str]]:
    """Each character's fold with its index in the NFC text; runs of whitespace become one
    space and leading whitespace goes."""
    previous_space = True
    for index, char in enumerate(display_form(text)):
        piece = _fold_char(char)
        if piece == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        yield index, piece


def fold(text: str) -> Folded:
    """Normalize ``text`` for searching, keeping where every output character came from.

    Indices refer to ``text`` after NFC normalization (see :func:`display_form`).
    """
    out: list[str] = []
    origins: list[int] = []
    for index, piece in _pieces(text):
        out.append(piece)
        origins.extend([index] * len(piece))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        origins = origins[: len(folded)]
    return Folded(folded, tuple(origins))


def normalize(text: str) -> str:
    """The search form of ``text``: see the module docstring (``fold(text).text``, without
    keeping where each character came from)."""
    folded = "".join(map(_fold_char, display_form(text)))
    if "  " in folded or folded.startswith(" ") or folded.endswith(" "):
        # (Most texts have neither: they skip the character-by-character collapsing.)
        folded = "".join(piece for _index, piece in _pieces(text))
        return folded[:-1] if folded.endswith(" ") else folded
    return folded


def display_form(text: str) -> str:
    """The text whose character indices :func:`fold` and :func:`highlight` report (NFC)."""
    return unicodedata.normalize("NFC", text)


def choseong(text: str) -> Folded:
    """The initial consonants of the Hangul syllables of ``text`` (everything else dropped)."""
    letters: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(display_form(text)):
        if is_syllable(char):
            letters.append(initial_of(char))
            origins.append(index)
    return Folded("".join(letters), tuple(origins))


def is_choseong_query(term: str) -> bool:
    return bool(term) and all(char in _INITIALS_SET for char in term)


def query_terms(query: str) -> list[str]:
    """The normalized terms of a query, longest first (the most selective first), unique."""
    terms = {term for term in normalize(query).split(" ") if term}
    return sorted(terms, key=lambda term: (-len(term), term))


def term_alternatives(query: str) -> dict[str, tuple[str, ...]]:
    """Each normalized term of ``query`` with the normalized base forms it may also match
    through the word-form lines of the keys (phrasebook.search.forms)."""
    alternatives: dict[str, tuple[str, ...]] = {}
    for raw in query.split():
        term = normalize(raw)
        if term:
            forms = (normalize(form) for form in query_forms(raw))
            alternatives[term] = tuple(f for f in dict.fromkeys(forms) if f and f != term)
    return alternatives


# --- pronunciation aids as extra keys --------------------------------------------------------

# Readers whose aids of Korean texts are indexed: a reader types what they see under the phrase.
AID_READERS = tuple(reader for reader in READER_SCRIPTS if aid_applies("ko", reader))


def pronunciation_aids(text: str, lang: str) -> list[str]:
    """The aids readers see for a Korean text (romanized, Ukrainian and Russian Cyrillic)."""
    if base_language(lang) != "ko":
        return []
    aids = (transcribe(text, lang, reader) for reader in AID_READERS)
    return [aid for aid in dict.fromkeys(aids) if aid]


# --- the keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """A phrase's search keys: normalized texts and aids, and Hangul initials (one per line);
    ``langs`` holds the language of each line of ``text``, one per line."""

    text: str
    initials: str
    langs: str = ""


def build_keys(
    texts: Iterable[tuple[str, str]], manual_aids: Iterable[tuple[str, str]] = ()
) -> Keys:
    """The keys of a phrase, given its ``(lang, text)`` pairs and the ``(lang, aid)`` pairs of
    aids written by hand for its translations."""
    lines: dict[tuple[str, str], None] = {}  # (lang, line), in order, each once
    forms: dict[tuple[str, str], None] = {}
    initials: list[str] = []
    for lang, text in texts:
        lines[lang, normalize(text)] = None
        for aid in pronunciation_aids(text, lang):
            lines[lang, normalize(aid)] = None
        initials.append(choseong(text).text)
        forms[lang, normalize(text_forms(text, lang))] = None
        for spelled in latin_spellings(text, lang):
            forms[lang, normalize(spelled)] = None
    for lang, aid in manual_aids:
        lines[lang, normalize(aid)] = None
    # Word forms and Latin spellings after the texts, each line marked (forms.FORM_MARK).
    for lang, line in forms:
        if (lang, line) not in lines:
            lines[lang, FORM_MARK + line] = None
    kept = [(lang, line) for lang, line in lines if line and line != FORM_MARK]
    return Keys(
        KEY_SEPARATOR.join(line for _lang, line in kept),
        KEY_SEPARATOR.join(line for line in dict.fromkeys(initials) if line),
        KEY_SEPARATOR.join(lang for lang, _line in kept),
    )


def explain_match(
    texts: Iterable[tuple[str, str]], terms: list[str], alternatives: dict[str, tuple[str, ...]]
) -> str | None:
    """The word of the ``(lang, text)`` pairs a query found through its word forms or a Latin
    spelling ("воду" for the query вода), to show readers why a phrase matched; None when
    every term is in a text as typed (or nothing explains it). ``terms`` and ``alternatives``
    are the query's, as the search computed them (:func:`term_alternatives`)."""
    pairs = list(texts)
    literal = [normalize(text) for _lang, text in pairs]
    missing = [
        t for t in terms if not is_choseong_query(t) and not any(t in line for line in literal)
    ]
    if not missing:
        return None
    for term in missing:
        wanted = (term, *alternatives.get(term, ()))
        for lang, text in pairs:
            for word in WORD.findall(text):
                seen = [normalize(word), *(normalize(f) for f in word_forms(word.lower(), lang))]
                seen += [normalize(spelled) for spelled in latin_spellings(word, lang)]
                if any(want in candidate for want in wanted for candidate in seen):
                    return str(word)
    return None
