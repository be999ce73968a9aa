"""A small, script-aware sentence splitter for phrase-length input.

Phrases are short, so the rules stay simple: in Latin, Cyrillic and Hangul text a sentence
ends at ``. ! ? …`` (with any closing quotes or brackets) followed by white space; the
full-width stops used with Han and Kana (``。！？``) end one even without a space, and a line
break always ends one. A single letter before a full stop (``J. Smith``) does not.
"""

from __future__ import annotations

_TERMINATORS = frozenset(".!?…")
_FULL_WIDTH = frozenset("。！？")
_CLOSERS = frozenset("\"'”’»)]」』")


def _is_initial(text: str, stop: int) -> bool:
    """``text[stop]`` is a full stop right after a lone letter (an initial, ``J.``)."""
    if text[stop] != "." or stop == 0 or not text[stop - 1].isalpha():
        return False
    return stop == 1 or not text[stop - 2].isalnum()


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences; text without sentence-final punctuation is one."""
    sentences: list[str] = []
    start = 0
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char == "\n":
            sentences.append(text[start:i])
            start = i + 1
        elif char in _TERMINATORS or char in _FULL_WIDTH:
            stop = i
            full_width = char in _FULL_WIDTH
            while i + 1 < length and (text[i + 1] in _TERMINATORS or text[i + 1] in _FULL_WIDTH):
                i += 1
                full_width = full_width or text[i] in _FULL_WIDTH
            while i + 1 < length and text[i + 1] in _CLOSERS:
                i += 1
            followed_by_space = i + 1 < length and text[i + 1].isspace()
            if (full_width or followed_by_space) and not _is_initial(text, stop):
                sentences.append(text[start : i + 1])
                start = i + 1
        i += 1
    sentences.append(text[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]
