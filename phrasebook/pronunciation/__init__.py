"""Pronunciation aids: a phrase written in the reader's own script, following how it sounds.

``transcribe(text, lang, reader)`` is the one entry point: ``lang`` is the tag of the text
("ko", "ko-KP", "uk", "ru", "en"), ``reader`` the language of the person reading the aid
(en → Latin, uk → Ukrainian Cyrillic, ru → Russian Cyrillic, ko → Hangul). It returns None
when no aid applies: same language, same script, or a language with no rules here. English
is read from the CMU Pronouncing Dictionary; words it lacks stay in Latin letters.

Each run of one script is handled on its own, so digits, punctuation and Latin letters pass
through and a Korean phrase quoting a Cyrillic name still reads right. Rules and their sources:
docs/pronunciation.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import iuliia
import translitua

from ..hangul import is_syllable as is_hangul_syllable
from ..languages import base_language, script_of_language
from . import english_cyrillic, from_english, from_korean, korean, to_hangul
from .korean_numbers import spell_numbers

# Raised whenever a rule or table changes, so that cached aids are computed again.
RULES_VERSION = "3"

# The languages the rules of this package read (sources) and write for (readers): Korean by
# from_korean, Ukrainian and Russian by translitua/iuliia and to_hangul, English by
# from_english and english_cyrillic. Their scripts come from languages.json.
RULE_LANGUAGES = ("en", "uk", "ru", "ko")


def _scripts(tags: tuple[str, ...]) -> dict[str, str]:
    return {tag: script for tag in tags if (script := script_of_language(tag)) is not None}


READER_SCRIPTS = _scripts(RULE_LANGUAGES)
SOURCE_SCRIPTS = _scripts(RULE_LANGUAGES)
_UKRAINIAN_ONLY = frozenset("іїєґʼ’'")


class Transcriber(Protocol):
    """Writes text of one language in the script of a reader's language."""

    def transcribe(self, text: str, lang: str, reader: str) -> str | None: ...


def _script_of(char: str) -> str | None:
    if not char:
        return None
    if is_hangul_syllable(char):
        return "Hang"
    if "\u0400" <= char <= "\u04ff" or char in "ʼ'’":
        return "Cyrl"
    if char.isascii() and char.isalpha():
        return "Latn"
    return None


# A text is transcribed for several readers in a row (its aids, its search keys).
@lru_cache(maxsize=1024)
def _runs(text: str) -> tuple[tuple[str | None, str], ...]:
    """Split into (script, run) pairs; an apostrophe belongs to a Cyrillic run it is inside."""
    runs: list[tuple[str | None, str]] = []
    for index, char in enumerate(text):
        script = _script_of(char)
        if char in "ʼ'’":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            inside = _script_of(before) == "Cyrl" and _script_of(after) == "Cyrl"
            script = "Cyrl" if inside and before not in "ʼ'’" else None
            if _script_of(before) == "Latn" and _script_of(after) == "Latn":
                script = "Latn"  # English don't, O'Brien: one word for the dictionary
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + char)
        else:
            runs.append((script, char))
    return tuple(runs)


@lru_cache(maxsize=1024)
def _korean_runs(text: str) -> tuple[tuple[str | None, str], ...]:
    """The runs of a Korean text: digits spelled out as read, words joined in breath groups."""
    return tuple(_breath_groups(_runs(spell_numbers(text))))


def _breath_groups(runs: tuple[tuple[str | None, str], ...]) -> list[tuple[str | None, str]]:
    """Hangul words separated by one space whose sounds join across the gap (몇 명 [면명]), as
    one run; other words stay runs of their own, so that each is converted once for a whole
    phrase book (``_convert`` is cached by run). Punctuation ends a group."""
    groups: list[tuple[str | None, str]] = []
    for script, run in runs:
        if (
            script == "Hang"
            and len(groups) >= 2
            and groups[-1] == (None, " ")
            and groups[-2][0] == "Hang"
            and korean.joins_across_gap(groups[-2][1].rsplit(" ", 1)[-1], run)
        ):
            groups.pop()
            groups[-1] = ("Hang", groups[-1][1] + " " + run)
        else:
            groups.append((script, run))
    return groups


def _default_language(script: str, run: str) -> str:
    """The language a run in a script foreign to the text is read in."""
    if script == "Hang":
        return "ko"
    return "uk" if any(char in _UKRAINIAN_ONLY for char in run.lower()) else "ru"


def _cyrillic_latin(run: str, language: str) -> str:
    if language == "uk":
        return str(translitua.translit(run))
    latin = iuliia.WIKIPEDIA.translate(run)
    return str(latin)


# Runs are words (spaces and punctuation end a run) and words repeat: an import of a book
# transcribes each distinct word once per reader, not once per phrase.
@lru_cache(maxsize=65536)
def _convert(script: str, run: str, language: str, reader: str) -> str:
    if script == "Hang":
        if reader == "en":
            return from_korean.romanize(run)
        return from_korean.cyrillize(run, reader)
    if reader == "en":
        return _cyrillic_latin(run, language)
    return to_hangul.hangul(run, language)


def _english(run: str, reader: str) -> str:
    if reader == "ko":
        return from_english.hangul(run)
    return english_cyrillic.cyrillic(run, reader)


@lru_cache(maxsize=256)
def aid_applies(lang: str, reader: str) -> bool:
    """Whether a text in ``lang`` gets an aid for a reader of ``reader`` at all (not for the
    reader's own language or script, nor for languages without rules): ``transcribe`` of any
    text of that pair is None when this is False."""
    source = base_language(lang)
    target = base_language(reader)
    reader_script = READER_SCRIPTS.get(target)
    source_script = SOURCE_SCRIPTS.get(source)
    if source == target or reader_script is None or source_script is None:
        return False
    return source_script != reader_script


def transcribe(text: str, lang: str, reader: str) -> str | None:
    """The pronunciation aid of ``text`` (language ``lang``) for a reader of ``reader``.

    None when no aid applies: the reader's own language or script, or an unknown language.
    Empty text gives "".
    """
    if not aid_applies(lang, reader):
        return None
    source = base_language(lang)
    target = base_language(reader)
    reader_script = READER_SCRIPTS[target]
    source_script = SOURCE_SCRIPTS[source]
    if not text:
        return ""
    runs: Sequence[tuple[str | None, str]] = _korean_runs(text) if source == "ko" else _runs(text)
    pieces: list[str] = []
    for script, run in runs:
        if script is None or script == reader_script:
            pieces.append(run)
            continue
        if script == "Latn":
            pieces.append(_english(run, target) if source == "en" else run)
            continue
        # A run in another script than the text's language is read by that script's default.
        language = source if script == source_script else _default_language(script, run)
        pieces.append(_convert(script, run, language, target))
    return "".join(pieces)


class RuleTranscriber:
    """The real transcriber: the rule tables of this package."""

    def transcribe(self, text: str, lang: str, reader: str) -> str | None:
        return transcribe(text, lang, reader)


__all__ = [
    "RULES_VERSION",
    "RuleTranscriber",
    "Transcriber",
    "transcribe",
]
