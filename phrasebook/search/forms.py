"""Word forms: what a stressed reader types is rarely the form that is stored.

* Ukrainian and Russian words are reduced to their dictionary form (lemma) by pymorphy3 with
  its Ukrainian and Russian dictionaries: «воду» → «вода», «крови» → «кровь»;
* English words to their Snowball stem: "blankets" → "blanket", "hurting" → "hurt";
* Korean words lose their particle (물을 → 물) or their ending (아파요, 아프세요, 아픕니다 →
  아프), by the rules and lists of ``word_forms.json`` (no analyser: kiwipiepy's model is
  ~105 MB and takes ~4 s to load, more than the rest of search together);
* Ukrainian and Russian texts are also written in Latin letters, as the aids write them
  (the national Ukrainian system, the Russian scheme of phrasebook.pronunciation) and as
  people type them without a standard ("dyakuyu", "spasibo").

The index stores these as extra lines of a phrase's key, marked with :data:`FORM_MARK`; a
query term matches a phrase through its own forms as well (:func:`query_forms`).
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..hangul import compose, decompose, is_syllable
from ..languages import base_language

# U+001F is whitespace to str.isspace(), so no normalized text contains it: a line of a key
# that starts with it is a word-form line, not a text.
FORM_MARK = "\x1f"
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_UKRAINIAN_ONLY = frozenset("іїєґ")
_RUSSIAN_ONLY = frozenset("ыэъё")


@cache
def _tables() -> dict[str, Any]:
    path = Path(__file__).with_name("word_forms.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["korean_particles"].sort(key=len, reverse=True)
    data["korean_endings"].sort(key=len, reverse=True)
    return data


# How each language's words are reduced to their base forms (the functions below).
WORD_FORMS = {
    "ko": "particles and endings stripped by rule (word_forms.json)",
    "uk": "dictionary forms (pymorphy3, pymorphy3-dicts-uk)",
    "ru": "dictionary forms (pymorphy3, pymorphy3-dicts-ru)",
    "en": "stems (Snowball)",
}


@cache
def _analyzer(lang: str) -> Any:
    import pymorphy3  # ~0.15 s per language, on the first inflected word

    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _english() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    """The dictionary form of a lower-case Ukrainian or Russian word (the word if unknown)."""
    parses = _analyzer(lang).parse(word)
    return str(parses[0].normal_form) if parses else word


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    return str(_english().stemWord(word))


def korean_tables() -> dict[str, list[str]]:
    """The particles and endings :func:`korean_stems` strips, longest first, for a port of
    it in another language (the field kit's script) that must give the same stems."""
    tables = _tables()
    return {
        "particles": list(tables["korean_particles"]),
        "endings": list(tables["korean_endings"]),
    }


def _without_final(syllable: str) -> str:
    initial, medial, _final = decompose(syllable)
    return compose(initial, medial, "")


# Endings that start with a vowel of their own: after them a stem ending in an open syllable
# or in ㄹ is an irregular one (나아요 ← 낫다, 들어요 ← 듣다); regular stems contract (가요).
_VOWEL_ENDINGS = ("어", "아", "으", "었", "았")


def _irregular_stems(stem: str, ending: str) -> list[str]:
    """The dictionary stems an irregular verb or adjective may have lost in ``stem``
    (what is left of a word without ``ending``): ㅂ (추워 → 춥), 르 (몰라 → 모르), ㄷ (들 ← 들어요
    → 듣) and ㅅ (나 ← 나아요 → 낫) irregulars (표준국어대사전; 국립국어원 한국어 어문 규범)."""
    last = stem[-1]
    if not is_syllable(last):
        return []
    initial, medial, final = decompose(last)
    found: list[str] = []
    if not final and medial in ("ㅏ", "ㅓ"):  # 아파(요) ← 아프다, 써(요) ← 쓰다
        found.append(stem[:-1] + compose(initial, "ㅡ", ""))
    if not final and medial == "ㅐ" and initial == "ㅎ":  # 해(요) ← 하다
        found.append(stem[:-1] + "하")
    before = stem[-2] if len(stem) >= 2 and is_syllable(stem[-2]) else ""
    if before:
        b_initial, b_medial, b_final = decompose(before)
        if initial == "ㅇ" and not final and medial in ("ㅜ", "ㅝ", "ㅘ") and not b_final:
            found.append(stem[:-2] + compose(b_initial, b_medial, "ㅂ"))  # 추우, 추워, 도와
        if initial == "ㄹ" and not final and medial in ("ㅏ", "ㅓ") and b_final == "ㄹ":
            found.append(stem[:-2] + compose(b_initial, b_medial, "") + "르")  # 몰라 → 모르
    if ending.startswith(_VOWEL_ENDINGS):
        if final == "ㄹ":
            found.append(stem[:-1] + compose(initial, medial, "ㄷ"))  # 들(어요) → 듣
        if not final:
            found.append(stem[:-1] + compose(initial, medial, "ㅅ"))  # 나(아요) → 낫
    return found


@lru_cache(maxsize=65536)
def korean_stems(word: str) -> tuple[str, ...]:
    """The forms a Korean word may be the inflection of: without its particle, without its
    ending, and the stems of irregular verbs and adjectives (:func:`_irregular_stems`)."""
    tables = _tables()
    found: list[str] = []
    for particle in tables["korean_particles"]:
        if word.endswith(particle) and len(word) > len(particle):
            found.append(word[: -len(particle)])
            break
    stem = word
    ending = ""
    if len(word) >= 3 and word.endswith(("니다", "니까")) and is_syllable(word[-3]):
        if decompose(word[-3])[2] == "ㅂ":  # 아픕니다 → 아프, 갑니다 → 가
            stem = word[:-3] + _without_final(word[-3])
    if stem == word:
        for candidate in tables["korean_endings"]:
            if word.endswith(candidate) and len(word) > len(candidate):
                stem, ending = word[: -len(candidate)], candidate
                break
    if stem != word:
        found.append(stem)
        found.extend(_irregular_stems(stem, ending))
    return tuple(dict.fromkeys(form for form in found if form and form != word))


def _cyrillic_languages(word: str) -> tuple[str, ...]:
    letters = set(word)
    if letters & _UKRAINIAN_ONLY:
        return ("uk",)
    if letters & _RUSSIAN_ONLY:
        return ("ru",)
    return ("uk", "ru")


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in word)


def _is_latin(word: str) -> bool:
    return all(char.isascii() for char in word)


@lru_cache(maxsize=65536)
def word_forms(word: str, lang: str | None = None) -> tuple[str, ...]:
    """The base forms of one lower-case word of ``lang`` (None: guessed from its letters),
    other than the word itself."""
    base = base_language(lang) if lang else None
    forms: list[str] = []
    if any(is_syllable(char) for char in word):
        if base in (None, "ko"):
            forms.extend(korean_stems(word))
    elif _is_cyrillic(word):
        languages = (base,) if base in ("uk", "ru") else _cyrillic_languages(word)
        forms.extend(lemma(word, language) for language in languages if language)
    elif _is_latin(word) and base in (None, "en"):
        forms.append(english_stem(word))
    return tuple(dict.fromkeys(form for form in forms if form and form != word))


def text_forms(text: str, lang: str) -> str:
    """``text`` with each word replaced by its base forms ("" when no word changes)."""
    changed = False
    out: list[str] = []
    for word in WORD.findall(text.lower()):
        # Every form (들어요 may be 듣다, to hear, or 들다, to enter) but those inside the word
        # (물 of 물을): the text itself already holds them.
        forms = [form for form in word_forms(word, lang) if form not in word]
        out.extend(forms or (word,))
        changed = changed or bool(forms)
    return " ".join(out) if changed else ""


def _informal(text: str, lang: str) -> str:
    table: dict[str, str] = _tables()["informal_latin"][lang]
    return "".join(table.get(char, char) for char in text.lower())


def latin_spellings(text: str, lang: str) -> list[str]:
    """A Ukrainian or Russian text in Latin letters: as the aids write it, and as people
    type it without a standard (the two may be the same)."""
    base = base_language(lang)
    if base not in ("uk", "ru"):
        return []
    from ..pronunciation import transcribe

    spelled = [transcribe(text, lang, "en") or "", _informal(text, base)]
    return [line for line in dict.fromkeys(spelled) if line]


def query_forms(raw_term: str) -> tuple[str, ...]:
    """The base forms (in any language) of one term of a query as typed, before
    normalization; () when the term is not a single word."""
    words = WORD.findall(raw_term.lower())
    return word_forms(words[0]) if len(words) == 1 else ()
