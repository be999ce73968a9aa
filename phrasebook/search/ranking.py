"""Ranking search results: how well a phrase's keys match a query (shared by the SQL index and
the fake, and ported to the field kit's script: docs/kit.md).

A query is prepared once (:func:`prepare`: its terms, their base forms and Latin spellings,
and the nearest words of a typo when too little was found); :func:`rank` grades one phrase's
keys against it and :func:`sort_key` orders the graded phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..languages import base_language
from .forms import FORM_MARK
from .keys import KEY_SEPARATOR, is_choseong_query, query_terms, term_alternatives
from .typos import FEW_RESULTS, Vocabulary, wants_typos

Alternatives = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Query:
    """A query as ranking needs it, computed once per search."""

    terms: list[str]
    alternatives: Alternatives  # each term's base forms and Latin spellings
    typos: Alternatives = field(default_factory=dict)  # each term's nearest words, if needed
    preferred: frozenset[str] = frozenset()  # the reader's and target's base languages

    # (cached: ranking asks for these once per candidate phrase)
    @cached_property
    def letters(self) -> list[str]:
        return [term for term in self.terms if is_choseong_query(term)]

    @cached_property
    def others(self) -> list[str]:
        return [term for term in self.terms if not is_choseong_query(term)]

    @cached_property
    def tiers(self) -> list[tuple[int, list[tuple[str, ...]]]]:
        """For each tier of :func:`rank`, the forms each term may be found in."""
        others = self.others
        as_typed: list[tuple[str, ...]] = [(t,) for t in others]
        tiers = [(0, as_typed), (1, [self.forms(t) for t in others])]
        if self.typos:
            tiers.append((2, [self.forms(t, typos=True) for t in others]))
        return tiers

    def forms(self, term: str, *, typos: bool = False) -> tuple[str, ...]:
        found = (term, *self.alternatives.get(term, ()))
        return (*found, *self.typos.get(term, ())) if typos else found

    def every_form(self) -> Alternatives:
        """Each term's other forms, typo neighbours included (for explaining a match)."""
        return {term: self.forms(term, typos=True)[1:] for term in self.terms}


def _whole_word(line: str, term: str) -> bool:
    r"""``term`` is one of the words of ``line`` (runs of letters and digits, as Python's
    ``[^\W_]+`` and the kit's ``[\p{L}\p{N}]+`` find them)."""
    if not term.isalnum():
        return False
    start = line.find(term)
    while start >= 0:
        end = start + len(term)
        if (start == 0 or not line[start - 1].isalnum()) and (
            end == len(line) or not line[end].isalnum()
        ):
            return True
        start = line.find(term, start + 1)
    return False


def _grade(lines: list[str], terms: list[str]) -> tuple[int, int]:
    query = " ".join(terms)
    best = (5, 10_000)
    for line in lines:
        found = [term for term in terms if term in line]
        if not found:
            continue
        if line == query:
            grade = 0
        elif any(_whole_word(line, term) for term in found):
            grade = 1  # a whole word: 물 in 이 물 before 무릎, which starts with its letters
        elif line.startswith(query):
            grade = 2
        elif any(line.startswith(term) or f" {term}" in line for term in found):
            grade = 3
        else:
            grade = 4
        best = min(best, (grade, len(line)))
    return best


_FORM_LINE = KEY_SEPARATOR + FORM_MARK


def _lines_holding(text: str, wanted: Iterable[str]) -> dict[int, str]:
    """The lines of ``text`` that hold one of ``wanted``, by where each starts (found with
    ``str.find``: a key has some twenty lines, a query term is in one or two of them)."""
    found: dict[int, str] = {}
    for term in wanted:
        at = text.find(term)
        while at >= 0:
            start = text.rfind(KEY_SEPARATOR, 0, at) + 1
            end = text.find(KEY_SEPARATOR, at)
            end = len(text) if end < 0 else end
            found.setdefault(start, text[start:end])
            at = text.find(term, end)
    return found


def rank(key: str, initials: str, langs: str, query: Query) -> tuple[int, int, int, int] | None:
    """(group, tier, grade, length), None when the phrase does not match; lower is better.
    group: 0 when the reader's or the target's lines hold every term, else 1; tier: every term
    as typed in a text or aid (0), through word forms and Latin spellings (1), through the
    words nearest a typo (2); grade: a line equal to the query, holding a term as a whole
    word, starting with the query, with a word starting with a term, merely containing one;
    length: of that line. :func:`sort_key` orders them."""
    others = query.others
    letters = query.letters
    grades: list[tuple[int, int, int, int]] = []
    if others:
        cut = key.find(_FORM_LINE)
        literal = key if cut < 0 else key[:cut]  # the texts and aids: form lines come last
        for tier, forms in query.tiers:
            text = literal if tier == 0 else key
            if not all(any(form in text for form in term_forms) for term_forms in forms):
                continue
            wanted = [form for term_forms in forms for form in term_forms]
            lines = _lines_holding(text, wanted)
            group = 0
            if query.preferred and langs:
                tags = langs.split(KEY_SEPARATOR)
                mine = {
                    start: line
                    for start, line in lines.items()
                    if tags[text.count(KEY_SEPARATOR, 0, start)].split("-")[0] in query.preferred
                }
                # the reader's languages count when they hold the terms as surely as any line
                if all(any(f in line for line in mine.values() for f in tf) for tf in forms):
                    lines = mine
                else:
                    group = 1
            shown = [line.lstrip(FORM_MARK) for line in lines.values()]
            grades.append((group, tier, *_grade(shown, wanted)))
            break
        else:
            return None
    if letters:
        if not all(letter in initials for letter in letters):
            return None
        grades.append((0, 0, *_grade(initials.split(KEY_SEPARATOR), letters)))
    return max(grades)


def sort_key(
    ranked: tuple[int, int, int, int], reviewed: bool, order: int
) -> tuple[int, int, int, int, int, int]:
    """Where a matched phrase goes among the results: how surely it matched (as typed, through
    word forms, through a typo), then in the reader's or target's language before others, then
    the grade of :func:`rank`, reviewed before unreviewed, shorter lines, ``order`` (its id).
    (A Russian word typed as it is stored comes before the Ukrainian texts of its lemma.)"""
    group, tier, grade, length = ranked
    return (tier, group, grade, 0 if reviewed else 1, length, order)


def prepare(query: str, languages: Sequence[str] = ()) -> Query:
    return Query(
        query_terms(query),
        term_alternatives(query),
        preferred=frozenset(base_language(lang) for lang in languages if lang),
    )


def typos_wanted(found: int, query: Query) -> bool:
    """Too few phrases were found, and some term is long enough to guess a typo in."""
    return found < FEW_RESULTS and any(wants_typos(term) for term in query.others)


def with_typos(query: Query, vocabulary: Vocabulary) -> Query:
    """``query`` with the nearest words of ``vocabulary`` to each of its long terms."""
    typos = {t: vocabulary.near(t) for t in query.others if wants_typos(t)}
    return replace(query, typos={t: near for t, near in typos.items() if near})
