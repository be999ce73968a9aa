"""False friends: a word of the target text that sounds like a different word of the reader's
language. Korean 네 means "yes" and sounds like Ukrainian and Russian «не» ("not", "no"):
a reader must be told, wherever that word is shown to them (data/false_friends.json, with its
sources and the scan that found the entries: tools/scan_false_friends.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .languages import base_language

_DATA = Path(__file__).parent / "data" / "false_friends.json"
# A word: a run of letters (Hangul syllables, Cyrillic, Latin); anything else separates words.
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class FalseFriend:
    """One warning for a reader: ``word`` (in the target text) means ``means`` but sounds like
    the reader's ``sounds_like``, which means ``which_means`` (texts in the reader's language)."""

    word: str
    means: str
    sounds_like: str
    which_means: str


@cache
def _entries() -> dict[tuple[str, str], dict[str, FalseFriend]]:
    """(target language, reader language) -> word -> warning."""
    table = json.loads(_DATA.read_text("utf-8"))
    found: dict[tuple[str, str], dict[str, FalseFriend]] = {}
    for entry in table["entries"]:
        for reader, heard in entry["readers"].items():
            means = entry["means"].get(reader) or entry["means"]["en"]
            found.setdefault((entry["lang"], reader), {})[entry["word"]] = FalseFriend(
                entry["word"], means, heard["sounds_like"], heard["which_means"]
            )
    return found


def false_friends(text: str, lang: str, reader: str) -> list[FalseFriend]:
    """The warnings a reader of ``reader`` needs for ``text`` (in ``lang``), in text order,
    each word once. Whole words only: 네 and 네, but not the ending of 그렇네요."""
    table = _entries().get((base_language(lang), base_language(reader)))
    if not table:
        return []
    shown: dict[str, FalseFriend] = {}
    for word in _WORD.findall(text):
        friend = table.get(word)
        if friend is not None:
            shown.setdefault(word, friend)
    return list(shown.values())
