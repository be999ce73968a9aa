"""The search index, queried: ``SqlSearchIndex`` is the unit of work's ``search`` repository,
``FakeSearchIndex`` (tests/fakes.py) answers the same queries over a fake unit of work's
phrases.

The keys are written by :mod:`.writing` and graded by :mod:`.ranking`; here are the queries
that find the candidates and read the phrases shown.
"""

from __future__ import annotations

import functools
import re
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    Select,
    Table,
    Text,
    any_,
    bindparam,
    column,
    func,
    or_,
    select,
    table,
    type_coerce,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine, Row
from sqlalchemy.orm import Session

from ..models import Phrase, Status, Translation
from ..shown import FoundPhrase, FoundText, ShownPhrase, ShownText
from .keys import is_choseong_query
from .models import SEARCH_KEYS, SEARCH_WORDS
from .ranking import Query, prepare, rank, sort_key, typos_wanted, with_typos
from .typos import Vocabulary
from .writing import rebuild_keys

DEFAULT_LIMIT = 50
_CANDIDATES_PER_RESULT = 2
_TRIGRAM = 3  # SQLite's trigram index answers terms of at least three characters
# The SQLite-only trigram index over search_keys (created by migration 0002_search).
_FTS = table("search_fts", column("rowid", Integer))
_TRANSLATIONS = cast(Table, Translation.__table__)
_PHRASES = cast(Table, Phrase.__table__)
# PostgreSQL array parameters: one statement text however many patterns or ids it is given
_TEXTS = ARRAY(Text)
_IDS = ARRAY(Integer)
# Around the candidates read through the trigram indexes (PostgreSQL; one round trip each):
# no sequential scan, and one plan for every query of the same shape (see
# SqlSearchIndex._through_trigram_index); local to the transaction (set_config's ``true``),
# so its end undoes them too.
_TRIGRAM_PLANS_ON = sql_text(
    "SELECT set_config('enable_seqscan', 'off', true),"
    " set_config('plan_cache_mode', 'force_generic_plan', true)"
)
_TRIGRAM_PLANS_OFF = sql_text(
    "SELECT set_config('enable_seqscan', 'on', true), set_config('plan_cache_mode', 'auto', true)"
)


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    # plain rows from the SQL index (FoundPhrase), the fake's own phrases from the fake
    phrases: Sequence[ShownPhrase[ShownText]]
    more: bool  # True when more phrases matched than were returned
    # each term's base forms the phrases were also matched through (keys.term_alternatives)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)


class SearchIndex(Protocol):
    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        languages: Sequence[str] = (),
        reviewed_in: Sequence[str] = (),
    ) -> SearchResult: ...
    def rebuild(self) -> int: ...
    def is_stale(self) -> bool: ...


# --- the SQL index ---------------------------------------------------------------------------

# Each database's words, read once per process and then only what was added since
# (search_words ids only grow); keyed by engine, forgotten with it.
_VOCABULARIES: weakref.WeakKeyDictionary[Engine, Vocabulary] = weakref.WeakKeyDictionary()
_VOCABULARIES_LOCK = threading.Lock()


class SqlSearchIndex:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rebuild(self) -> int:
        """Recompute every phrase's keys (after an upgrade, or when the aid rules changed)."""
        return rebuild_keys(self.session)

    def is_stale(self) -> bool:
        """True when some phrase has no key (e.g. a database created before search existed)."""
        phrases = self.session.scalar(select(func.count(Phrase.id))) or 0
        keys = self.session.scalar(select(func.count(SEARCH_KEYS.c.phrase_id))) or 0
        return phrases != keys

    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def _candidates(self, query: Query, wanted: int) -> Sequence[Row[int, str, str, str, str]]:
        """The key rows (phrase_id, key, initials, langs, reviewed) of phrases whose keys
        contain every term, as typed or in one of its other forms (at most ``wanted``)."""
        sqlite = self._sqlite()
        terms: list[tuple[str, tuple[str, ...]]] = []  # (column, forms) for each term
        for term in query.terms:
            if is_choseong_query(term):
                terms.append(("initials", (term,)))
            else:
                terms.append(("key", query.forms(term, typos=True)))

        def has_trigrams(forms: tuple[str, ...]) -> bool:
            return all(len(form) >= _TRIGRAM for form in forms)

        # the key terms whose every form the trigram indexes can look up
        indexed = [forms for name, forms in terms if name == "key" and has_trigrams(forms)]
        by_trigrams = not sqlite and all(has_trigrams(forms) for _name, forms in terms)
        shape = _Shape(
            sqlite,
            by_trigrams,
            tuple((name, len(forms)) for name, forms in terms),
            fts=sqlite and bool(indexed),
        )
        values: dict[str, Any] = {"wanted": wanted}
        for number, (_name, forms) in enumerate(terms):
            if by_trigrams:
                values[f"t{number}"] = [f"%{_escape_like(form)}%" for form in forms]
            else:
                for other, form in enumerate(forms):
                    values[f"t{number}f{other}"] = form if sqlite else f"%{_escape_like(form)}%"
        if shape.fts:
            values["fts"] = " AND ".join(
                "(" + " OR ".join('key : "' + f.replace('"', '""') + '"' for f in forms) + ")"
                for forms in indexed
            )
        statement = _candidates_statement(shape)
        if by_trigrams:
            return self._through_trigram_index(statement, values)
        return self.session.connection().execute(statement, values).all()

    def _through_trigram_index(
        self, statement: Select[Any], values: dict[str, Any]
    ) -> Sequence[Row[int, str, str, str, str]]:
        """PostgreSQL: the candidates read through the pg_trgm indexes, by a plan made once.
        The planner takes ``LIMIT`` over a sequential scan as cheap, but LIKE costs some
        microseconds a row and a term with base forms is several patterns: measured at
        100,000 phrases, 16 ms by the scan against 3 ms by the index (BENCHMARKS.md). Only
        when every term has a trigram: a shorter one cannot use the index at all. The plan is
        generic (made for any patterns, once per statement psycopg prepared): planning a
        LIKE over the trigram index cost as much as running it."""
        connection = self.session.connection()
        connection.execute(_TRIGRAM_PLANS_ON)
        try:
            return connection.execute(statement, values).all()
        finally:
            connection.execute(_TRIGRAM_PLANS_OFF)

    def _vocabulary(self) -> Vocabulary:
        """This database's words, brought up to date with what other transactions added."""
        engine = self.session.get_bind().engine
        ids = SEARCH_WORDS.c.id
        count, last = self.session.execute(select(func.count(ids), func.max(ids))).one()
        with _VOCABULARIES_LOCK:
            vocabulary = _VOCABULARIES.get(engine)
            if vocabulary is None or (last or 0) < vocabulary.last_id:
                vocabulary = _VOCABULARIES[engine] = Vocabulary()  # a new or rebuilt database
            if last and last > vocabulary.last_id:
                added = self.session.execute(
                    select(SEARCH_WORDS.c.id, SEARCH_WORDS.c.word).where(ids > vocabulary.last_id)
                ).all()
                vocabulary.add(word for _id, word in added)
                vocabulary.rows += len(added)
                vocabulary.last_id = last
            if vocabulary.rows != count:
                # Rows the ids above did not show (a database recreated under the same
                # engine, as tests do): read them all again.
                vocabulary = _VOCABULARIES[engine] = Vocabulary()
                vocabulary.add(self.session.scalars(select(SEARCH_WORDS.c.word)))
                vocabulary.rows, vocabulary.last_id = count, last or 0
        return vocabulary

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        languages: Sequence[str] = (),
        reviewed_in: Sequence[str] = (),
    ) -> SearchResult:
        """Phrases whose keys contain every term of ``query``, best matches first: see
        :func:`rank`; ``languages`` are the reader's and the target's, ``reviewed_in`` the
        languages whose reviewed translation puts a phrase before unreviewed ones."""
        prepared = prepare(query, languages)
        if not prepared.terms:
            return SearchResult(query, [], [], False)
        wanted = limit * _CANDIDATES_PER_RESULT
        rows = self._candidates(prepared, wanted + 1)
        if typos_wanted(len(rows), prepared):
            vocabulary = self._vocabulary()
            prepared = with_typos(prepared, vocabulary)
            if prepared.typos:
                rows = self._candidates(prepared, wanted + 1)
        more = len(rows) > limit
        rows = rows[:wanted]
        ranked = []
        first = frozenset(reviewed_in)  # a reviewed translation in one of these comes first
        for row in rows:
            found = rank(row.key, row.initials, row.langs, prepared)
            if found is not None:
                reviewed = bool(first) and not first.isdisjoint(row.reviewed.split())
                ranked.append((sort_key(found, reviewed, row.phrase_id), row))
        ranked.sort(key=lambda item: item[0])
        best = [row.phrase_id for _key, row in ranked[:limit]]
        by_id = self._found(best)
        shown: list[ShownPhrase[ShownText]] = [by_id[i] for i in best if i in by_id]
        return SearchResult(query, prepared.terms, shown, more, prepared.every_form())

    def _found(self, ids: list[int]) -> dict[int, FoundPhrase]:
        """The phrases shown, with their translations, as plain rows of one statement (each
        phrase's translations gathered into a JSON array by the database), not ORM objects:
        on PostgreSQL at 100,000 phrases, 12.8 ms a search against 15.3 with ORM phrases, and
        2.0 ms against 3.8 for 43 phrases read by two statements (BENCHMARKS.md)."""
        if not ids:
            return {}
        found: dict[int, FoundPhrase] = {}
        statement = _found_statement(self._sqlite())
        rows = self.session.connection().execute(statement, {"ids": ids}).all()
        for phrase_id, uid, category, notes, items in rows:
            phrase = found[phrase_id] = FoundPhrase(phrase_id, uid, category, notes or {})
            # (by id, so in the order they were added; the database gathers them unordered)
            for text_id, lang, text, status, text_notes in sorted(items or ()):
                phrase.translations[lang] = FoundText(
                    text_id, lang, text, _STATUSES[status], text_notes or {}
                )
        return found


# --- the search's statements, built once per shape ---------------------------------------------
# A statement built and compiled anew for each search cost about a millisecond of Python on
# PostgreSQL (BENCHMARKS.md); these are built once for each shape of query and given the
# query's values as parameters.

_STATUSES = {status.value: status for status in Status}


@dataclass(frozen=True)
class _Shape:
    """What the candidates' statement depends on, beside the values it is given."""

    sqlite: bool
    by_trigrams: bool  # PostgreSQL, every term with a trigram: arrays of patterns
    terms: tuple[tuple[str, int], ...]  # for each term: the column it is in, how many forms
    fts: bool  # SQLite: narrowed through search_fts


@functools.lru_cache(maxsize=256)
def _candidates_statement(shape: _Shape) -> Select[Any]:
    """The candidates of :meth:`SqlSearchIndex._candidates` for queries of ``shape``; its
    parameters: ``wanted`` (the limit), ``fts`` (SQLite, when narrowed), and
    each term's forms: ``t<term>`` (an array of patterns) or ``t<term>f<form>`` (one each)."""
    columns = SEARCH_KEYS.c
    statement = select(
        columns.phrase_id, columns.key, columns.initials, columns.langs, columns.reviewed
    ).limit(bindparam("wanted", type_=Integer))
    for number, (name, forms) in enumerate(shape.terms):
        key_column = columns[name]
        if shape.by_trigrams:
            # One array of patterns per term: the statement's text is the same for every query
            # with as many terms, so that psycopg prepares it and PostgreSQL plans it once.
            patterns = bindparam(f"t{number}", type_=_TEXTS)
            statement = statement.where(key_column.like(any_(patterns)))
            continue
        matches: list[ColumnElement[bool]] = []
        for other in range(forms):
            form = bindparam(f"t{number}f{other}", type_=Text)
            if shape.sqlite:
                # instr compares bytes: no engine folding gets in the way (keys are folded).
                matches.append(func.instr(key_column, form) > 0)
            else:
                matches.append(key_column.like(form, escape="\\"))
        statement = statement.where(or_(*matches))
    if shape.fts:
        # The trigram index narrows the rows to read; instr above keeps the match exact.
        # Read from the trigram index, joined to the keys: SQLite then stops at the limit
        # (an IN (subquery) would first collect every match of a common term).
        statement = statement.select_from(
            _FTS.join(SEARCH_KEYS, columns.phrase_id == _FTS.c.rowid)
        ).where(sql_text("search_fts MATCH :fts"))
    return statement


@functools.lru_cache(maxsize=2)
def _found_statement(sqlite: bool) -> Select[Any]:
    """The phrases ``ids`` (a parameter) with their translations, each phrase's gathered into
    one JSON array ``[id, lang, text, status, notes]`` by the database."""
    phrases = _PHRASES.c
    texts = _TRANSLATIONS.c
    chosen: ColumnElement[bool]
    if sqlite:
        each = func.json_array(
            texts.id, texts.lang, texts.text, texts.status, func.json(texts.notes)
        )
        gathered = func.json_group_array(each)
        chosen = phrases.id.in_(bindparam("ids", expanding=True))
    else:
        each = func.json_build_array(texts.id, texts.lang, texts.text, texts.status, texts.notes)
        gathered = func.json_agg(each)
        chosen = phrases.id == any_(bindparam("ids", type_=_IDS))
    translations = type_coerce(
        select(gathered).where(texts.phrase_id == phrases.id).scalar_subquery(), JSON
    )
    return select(phrases.id, phrases.uid, phrases.category, phrases.notes, translations).where(
        chosen
    )


def _escape_like(form: str) -> str:
    """``form`` as a LIKE pattern matching only itself (backslash: PostgreSQL's escape)."""
    return re.sub(r"([\\%_])", r"\\\1", form)
