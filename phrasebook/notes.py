"""Usage notes in several languages: what they are in the store, in phrasebook/1 and on a page.

A note says what matters about a phrase or one of its translations ("plain command form:
shout it"). It is kept per language tag, ``{"en": ..., "uk": ...}``; a reader sees it in their
own language, else in English, marked as such. phrasebook/1 files written before notes were
localized carry one string, read as English, and an export writes that string form whenever
English is the only language, so such files round-trip unchanged (docs/format.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .languages import base_language

Notes = dict[str, str]

FALLBACK = "en"


def from_document(value: str | Mapping[str, str] | None) -> Notes:
    """Notes as phrasebook/1 writes them (a string: English; an object by language tag)."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {FALLBACK: value} if value else {}
    return {tag: text for tag, text in sorted(value.items()) if text}


def to_document(notes: Mapping[str, str] | None) -> str | dict[str, str] | None:
    """The phrasebook/1 form: None for no notes, a string when only English, else an object."""
    present = {tag: text for tag, text in sorted((notes or {}).items()) if text}
    if not present:
        return None
    if set(present) == {FALLBACK}:
        return present[FALLBACK]
    return present


def merged(current: Mapping[str, str] | None, change: Mapping[str, str]) -> Notes:
    """``current`` with the languages of ``change`` set (an empty text removes a language)."""
    result = dict(current or {})
    for tag, text in change.items():
        if text:
            result[tag] = text
        else:
            result.pop(tag, None)
    return dict(sorted(result.items()))


@dataclass(frozen=True)
class ShownNote:
    """The note a reader sees: its text, the language it is really in, and whether that is a
    fallback (English for a reader whose language has no note yet)."""

    text: str
    lang: str
    fallback: bool


def shown_note(notes: Mapping[str, Any] | None, reader: str) -> ShownNote | None:
    """The note for a reader of ``reader``: theirs (exact tag, then its base language), else
    English, else None."""
    notes = notes or {}
    for tag in (reader, base_language(reader)):
        if notes.get(tag):
            return ShownNote(str(notes[tag]), tag, False)
    if notes.get(FALLBACK):
        return ShownNote(str(notes[FALLBACK]), FALLBACK, True)
    return None
