"""Typos: a query word of five or more letters that finds too little is also looked for as
the words of the phrase book closest to it ("hospitl" → hospital, «лекарство» → лекарства).

Only when the query as typed, its word forms and its Latin spellings find fewer than
:data:`FEW_RESULTS` phrases: a typo match is the least certain kind and must not push better
ones out, nor cost time on queries that already work. Distances are optimal string alignment
(Levenshtein with a swap of two neighbours counted as one edit), computed by rapidfuzz over the
normalized words of the index, in which Hangul is written as letters (jamo): one wrong letter of
a Korean syllable is one edit, as it is one wrong key on a Korean keyboard.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LETTERS = 5  # shorter words have too many neighbours to guess from
FEW_RESULTS = 5  # fewer results than this and typo matching is tried
NEAREST = 6  # words kept per query term, the closest first
# Words shorter than a query word less its distance can never be near one: not kept.
MIN_WORD = MIN_LETTERS - 1
_WORD = re.compile(r"[^\W\d_]+")


TWO_EDITS_FROM = 8  # letters


def max_distance(term: str) -> int:
    """Edits allowed for a term: one up to seven letters, two from eight."""
    return 1 if len(term) < TWO_EDITS_FROM else 2


def kit_settings() -> dict[str, int]:
    """These rules for the field kit's script, which matches typos the same way."""
    return {
        "minLetters": MIN_LETTERS,
        "few": FEW_RESULTS,
        "nearest": NEAREST,
        "twoEditsFrom": TWO_EDITS_FROM,
    }


def wants_typos(term: str) -> bool:
    return len(term) >= MIN_LETTERS and bool(_WORD.fullmatch(term))


def key_words(lines: Iterable[str]) -> set[str]:
    """The words of normalized key lines that a typo may be near."""
    return {word for line in lines for word in _WORD.findall(line) if len(word) >= MIN_WORD}


class Vocabulary:
    """Words by length, for finding the words near a query term. Thread-safe to add to."""

    def __init__(self) -> None:
        self._by_length: dict[int, list[str]] = defaultdict(list)
        self._known: set[str] = set()
        self._lock = threading.Lock()
        # for the SQL index: the last row of search_words read, and how many were read
        self.last_id = 0
        self.rows = 0

    def add(self, words: Iterable[str]) -> None:
        with self._lock:
            for word in words:
                if word not in self._known:
                    self._known.add(word)
                    self._by_length[len(word)].append(word)

    def near(self, term: str) -> tuple[str, ...]:
        """The words within :func:`max_distance` of ``term`` (not the term itself), closest
        first, at most :data:`NEAREST`."""
        limit = max_distance(term)
        lengths = range(len(term) - limit, len(term) + limit + 1)
        with self._lock:  # (a copy: another thread may be adding words)
            buckets = [list(self._by_length.get(length, ())) for length in lengths]
        found: list[tuple[int, str]] = []
        for choices in buckets:
            if not choices:
                continue
            for word, distance, _index in process.extract(
                term, choices, scorer=OSA.distance, score_cutoff=limit, limit=None
            ):
                if word != term:
                    found.append((int(distance), word))
        found.sort()
        return tuple(word for _distance, word in found[:NEAREST])
