"""Marking where a query matched in a text (the caller escapes each segment)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .keys import Folded, choseong, display_form, fold, is_choseong_query, query_terms

Segment = tuple[str, bool]  # (text, is_match)


def _spans(folded: Folded, terms: Iterable[str]) -> Iterator[tuple[int, int]]:
    for term in terms:
        start = folded.text.find(term)
        while start >= 0:
            end = start + len(term)
            yield folded.origins[start], folded.origins[end - 1] + 1
            start = folded.text.find(term, start + 1)


def highlight(text: str, query: str) -> list[Segment]:
    """Split ``text`` into segments, marking where a term of ``query`` matches.

    Works on the original characters (a half-matched Hangul syllable is marked whole); the
    caller escapes each segment when rendering.
    """
    shown = display_form(text)
    terms = query_terms(query)
    letters = [term for term in terms if is_choseong_query(term)]
    spans = list(_spans(fold(shown), [term for term in terms if term not in letters]))
    spans += _spans(choseong(shown), letters)
    marked = [False] * len(shown)
    for start, end in spans:
        for index in range(start, end):
            marked[index] = True
    segments: list[Segment] = []
    for char, hit in zip(shown, marked, strict=True):
        if segments and segments[-1][1] == hit:
            segments[-1] = (segments[-1][0] + char, hit)
        else:
            segments.append((char, hit))
    return segments


def matches(text: str, query: str) -> bool:
    return any(hit for _segment, hit in highlight(text, query))
