"""The search index: keys stored per phrase, kept current at flush time, and queried.

``SqlSearchIndex`` is the unit of work's ``search`` repository. The keys of a phrase are
rewritten whenever the phrase, one of its translations or a hand-written aid changes, inside
the same transaction: :func:`keep_current` registers that hook on a session factory, and
``phrasebook.db.session_factory`` calls it for every factory it makes (the one visible place).
``FakeSearchIndex`` answers the same queries over a fake unit of work's phrases.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Protocol, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Table,
    column,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    table,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine, Row
from sqlalchemy.orm import Session, sessionmaker

from ..languages import base_language
from ..models import Phrase, Status, Translation
from ..pronunciation.models import PronunciationOverride
from ..repository import in_chunks
from ..shown import FoundPhrase, FoundText, ShownPhrase, ShownText
from .forms import FORM_MARK
from .keys import KEY_SEPARATOR, build_keys, is_choseong_query, query_terms, term_alternatives
from .models import SearchKey, SearchWord
from .typos import FEW_RESULTS, Vocabulary, key_words, wants_typos

DEFAULT_LIMIT = 50
_CANDIDATES_PER_RESULT = 2
_TRIGRAM = 3  # SQLite's trigram index answers terms of at least three characters
# The SQLite-only trigram index over search_keys (created by migration 0002_search).
_FTS = table("search_fts", column("rowid", Integer))
_TABLE = cast(Table, SearchKey.__table__)
_WORDS_TABLE = cast(Table, SearchWord.__table__)
_TRANSLATIONS = cast(Table, Translation.__table__)
_PHRASES = cast(Table, Phrase.__table__)
_OVERRIDES = cast(Table, PronunciationOverride.__table__)


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


# --- ranking (shared by the SQL index and the fake) ------------------------------------------

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


# --- writing keys ----------------------------------------------------------------------------


def _write_keys(
    session: Session,
    phrase_ids: Iterable[int],
    deleted_ids: Iterable[int],
    written: set[str] | None = None,
) -> None:
    """Replace the keys of ``phrase_ids`` (computed from what is in the database now, inside
    the current transaction) and drop those of ``deleted_ids``."""
    written = set() if written is None else written
    deleted = set(deleted_ids)
    live = sorted(set(phrase_ids) - deleted)
    if not live and not deleted:
        return
    connection = session.connection()
    translations = _TRANSLATIONS.c
    overrides = _OVERRIDES.c
    for chunk in in_chunks(deleted | set(live)):
        connection.execute(delete(_TABLE).where(_TABLE.c.phrase_id.in_(chunk)))
    for chunk in in_chunks(live):
        texts: dict[int, list[tuple[str, str]]] = {phrase_id: [] for phrase_id in chunk}
        rows = connection.execute(
            select(translations.phrase_id, translations.lang, translations.text).where(
                translations.phrase_id.in_(chunk)
            )
        )
        for phrase_id, lang, text in rows:
            texts[phrase_id].append((lang, text))
        # Aids editors wrote by hand are what readers see: they are keys too.
        manual: dict[int, list[tuple[str, str]]] = {phrase_id: [] for phrase_id in chunk}
        aid_rows = connection.execute(
            select(translations.phrase_id, translations.lang, overrides.text)
            .join(_OVERRIDES, overrides.translation_id == translations.id)
            .where(translations.phrase_id.in_(chunk))
        )
        for phrase_id, lang, text in aid_rows:
            manual[phrase_id].append((lang, text))
        _insert_keys(connection, texts, manual, written)


def _insert_keys(
    connection: Any,
    texts: dict[int, list[tuple[str, str]]],
    manual: dict[int, list[tuple[str, str]]],
    written: set[str],
) -> None:
    """Store the keys of the phrases of ``texts`` and the words of those keys not in
    ``written`` yet (the words stored earlier in the same rebuild)."""
    values = []
    words: set[str] = set()
    for phrase_id, pairs in texts.items():
        keys = build_keys(sorted(pairs), sorted(manual.get(phrase_id, ())))
        values.append(
            {"phrase_id": phrase_id, "key": keys.text, "initials": keys.initials,
             "langs": keys.langs}
        )  # fmt: skip
        words |= key_words((keys.text,))
    if values:
        connection.execute(insert(_TABLE), values)
    _insert_words(connection, sorted(words - written))
    written |= words


def _insert_words(connection: Any, words: list[str]) -> None:
    """Add ``words`` to search_words, skipping those it holds (sorted: two transactions adding
    the same words take their locks in the same order)."""
    if not words:
        return
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_WORDS_TABLE).on_conflict_do_nothing(index_elements=["word"])
    for chunk in in_chunks(words):
        connection.execute(statement, [{"word": word} for word in chunk])


def write_new_keys(session: Session, texts: dict[int, list[tuple[str, str]]]) -> None:
    """The keys of phrases just stored without a flush (phrasebook.bulk), from their
    ``(lang, text)`` pairs as given: new phrases have no hand-written aids yet."""
    _insert_keys(session.connection(), texts, {}, set())


_PENDING = "phrasebook.search.pending"


@dataclass
class _Pending:
    phrases: set[Phrase] = field(default_factory=set)
    phrase_ids: set[int] = field(default_factory=set)
    deleted_ids: set[int] = field(default_factory=set)
    overridden_translation_ids: set[int] = field(default_factory=set)


def _translations_changed(phrase: Phrase) -> bool:
    # A changed collection keeps its loaded original in committed_state until the flush.
    return "translations" in sa_inspect(phrase).committed_state


def _collect_changes(session: Session, _context: Any, _instances: Any) -> None:
    pending: _Pending = session.info.setdefault(_PENDING, _Pending())
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Phrase):
                if obj in session.deleted:
                    pending.deleted_ids.add(obj.id)
                elif obj in session.new or _translations_changed(obj):
                    # (A phrase is also dirty when only its set memberships changed.)
                    pending.phrases.add(obj)
            elif isinstance(obj, Translation):
                if obj.phrase is not None:
                    pending.phrases.add(obj.phrase)
                elif obj.phrase_id is not None:
                    pending.phrase_ids.add(obj.phrase_id)
            elif isinstance(obj, PronunciationOverride) and obj.translation_id is not None:
                pending.overridden_translation_ids.add(obj.translation_id)


def _reindex_changes(session: Session, _context: Any) -> None:
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is None:
        return
    phrase_ids = pending.phrase_ids | {p.id for p in pending.phrases if p.id is not None}
    if pending.overridden_translation_ids:
        translations = _TRANSLATIONS.c
        found = session.connection().execute(
            select(translations.phrase_id).where(
                translations.id.in_(sorted(pending.overridden_translation_ids))
            )
        )
        phrase_ids |= set(found.scalars())
    _write_keys(session, phrase_ids, pending.deleted_ids)


def _forget_changes(session: Session) -> None:
    session.info.pop(_PENDING, None)


def keep_current(sessions: sessionmaker[Session]) -> None:
    """Rewrite the keys of changed phrases at every flush of a session ``sessions`` makes."""
    hooks: list[tuple[str, Callable[..., None]]] = [
        ("before_flush", _collect_changes),
        ("after_flush_postexec", _reindex_changes),
        ("after_rollback", _forget_changes),
    ]
    # No event.contains() guard: its registry is keyed by id(), which a new factory can reuse
    # after an old one is collected. Each factory is passed here once, when it is made.
    for name, hook in hooks:
        event.listen(sessions, name, hook)


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
        self.session.flush()
        self.session.execute(delete(_TABLE))
        ids = list(self.session.scalars(select(Phrase.id).order_by(Phrase.id)))
        _write_keys(self.session, ids, ())
        return len(ids)

    def is_stale(self) -> bool:
        """True when some phrase has no key (e.g. a database created before search existed)."""
        phrases = self.session.scalar(select(func.count(Phrase.id))) or 0
        keys = self.session.scalar(select(func.count(_TABLE.c.phrase_id))) or 0
        return phrases != keys

    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def _contains(self, key_column: ColumnElement[str], term: str) -> ColumnElement[bool]:
        if self._sqlite():
            # instr compares bytes: no engine folding gets in the way (the keys are folded).
            return func.instr(key_column, term) > 0
        escaped = re.sub(r"([\\%_])", r"\\\1", term)
        return key_column.like(f"%{escaped}%", escape="\\")

    def _candidates(
        self, query: Query, wanted: int, reviewed_in: Sequence[str]
    ) -> Sequence[Row[int, str, str, str, bool]]:
        """The key rows (phrase_id, key, initials, langs, reviewed) of phrases whose keys
        contain every term, as typed or in one of its other forms (at most ``wanted``);
        ``reviewed``: the phrase has a reviewed translation in one of ``reviewed_in``."""
        columns = _TABLE.c
        statement = select(
            columns.phrase_id, columns.key, columns.initials, columns.langs,
            self._reviewed(columns.phrase_id, reviewed_in),
        ).limit(wanted)  # fmt: skip
        groups: list[tuple[str, ...]] = []
        every_term_has_trigrams = True
        for term in query.terms:
            if is_choseong_query(term):
                statement = statement.where(self._contains(columns.initials, term))
                every_term_has_trigrams &= len(term) >= _TRIGRAM
                continue
            forms = query.forms(term, typos=True)
            statement = statement.where(or_(*(self._contains(columns.key, f) for f in forms)))
            if all(len(form) >= _TRIGRAM for form in forms):
                groups.append(forms)
            else:
                every_term_has_trigrams = False
        if not self._sqlite():
            if every_term_has_trigrams:
                return self._through_trigram_index(statement)
            return self.session.execute(statement).all()
        if groups:
            # The trigram index narrows the rows to read; instr above keeps the match exact.
            expression = " AND ".join(
                "(" + " OR ".join('key : "' + f.replace('"', '""') + '"' for f in forms) + ")"
                for forms in groups
            )
            # Read from the trigram index, joined to the keys: SQLite then stops at the limit
            # (an IN (subquery) would first collect every match of a common term).
            statement = statement.select_from(
                _FTS.join(_TABLE, columns.phrase_id == _FTS.c.rowid)
            ).where(sql_text("search_fts MATCH :fts").bindparams(fts=expression))
        return self.session.execute(statement).all()

    def _through_trigram_index(
        self, statement: Select[Any]
    ) -> Sequence[Row[int, str, str, str, bool]]:
        """PostgreSQL: the candidates read through the pg_trgm indexes. The planner takes
        ``LIMIT`` over a sequential scan as cheap, but LIKE costs some microseconds a row and
        a term with base forms is an OR of several: measured at 100,000 phrases, 16 ms by the
        scan against 3 ms by the index (BENCHMARKS.md). Only when every term has a trigram:
        a shorter one cannot use the index at all."""
        connection = self.session.connection()
        connection.execute(sql_text("SET LOCAL enable_seqscan = off"))
        try:
            return self.session.execute(statement).all()
        finally:
            connection.execute(sql_text("SET LOCAL enable_seqscan = on"))

    def _vocabulary(self) -> Vocabulary:
        """This database's words, brought up to date with what other transactions added."""
        engine = self.session.get_bind().engine
        ids = _WORDS_TABLE.c.id
        count, last = self.session.execute(select(func.count(ids), func.max(ids))).one()
        with _VOCABULARIES_LOCK:
            vocabulary = _VOCABULARIES.get(engine)
            if vocabulary is None or (last or 0) < vocabulary.last_id:
                vocabulary = _VOCABULARIES[engine] = Vocabulary()  # a new or rebuilt database
            if last and last > vocabulary.last_id:
                added = self.session.execute(
                    select(_WORDS_TABLE.c.id, _WORDS_TABLE.c.word).where(ids > vocabulary.last_id)
                ).all()
                vocabulary.add(word for _id, word in added)
                vocabulary.rows += len(added)
                vocabulary.last_id = last
            if vocabulary.rows != count:
                # Rows the ids above did not show (a database recreated under the same
                # engine, as tests do): read them all again.
                vocabulary = _VOCABULARIES[engine] = Vocabulary()
                vocabulary.add(self.session.scalars(select(_WORDS_TABLE.c.word)))
                vocabulary.rows, vocabulary.last_id = count, last or 0
        return vocabulary

    @staticmethod
    def _reviewed(phrase_id: ColumnElement[int], languages: Sequence[str]) -> ColumnElement[bool]:
        """Whether the phrase has a reviewed translation in one of ``languages``, read with
        its key: a scalar subquery with LIMIT 1, looked up by index for each candidate row.
        (As an EXISTS, PostgreSQL chose to hash every reviewed translation instead: 40 ms at
        100,000 phrases; as a query of its own, one more round trip per search.)"""
        if not languages:
            return literal(False).label("reviewed")
        translations = _TRANSLATIONS.c
        first = (
            select(literal(1))
            .where(
                translations.phrase_id == phrase_id,
                translations.lang.in_(list(languages)),
                translations.status == Status.REVIEWED.value,
            )
            .limit(1)
            .scalar_subquery()
        )
        return first.is_not(None).label("reviewed")

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
        rows = self._candidates(prepared, wanted + 1, reviewed_in)
        if typos_wanted(len(rows), prepared):
            vocabulary = self._vocabulary()
            prepared = with_typos(prepared, vocabulary)
            if prepared.typos:
                rows = self._candidates(prepared, wanted + 1, reviewed_in)
        more = len(rows) > limit
        rows = rows[:wanted]
        ranked = []
        for row in rows:
            found = rank(row.key, row.initials, row.langs, prepared)
            if found is not None:
                ranked.append((sort_key(found, bool(row.reviewed), row.phrase_id), row))
        ranked.sort(key=lambda item: item[0])
        best = [row.phrase_id for _key, row in ranked[:limit]]
        by_id = self._found(best)
        shown: list[ShownPhrase[ShownText]] = [by_id[i] for i in best if i in by_id]
        return SearchResult(query, prepared.terms, shown, more, prepared.every_form())

    def _found(self, ids: list[int]) -> dict[int, FoundPhrase]:
        """The phrases shown, with their translations, as plain rows (two statements), not
        ORM objects: p50 15.3 -> 12.8 ms at 100,000 phrases on PostgreSQL (BENCHMARKS.md)."""
        if not ids:
            return {}
        phrases = _PHRASES.c
        texts = _TRANSLATIONS.c
        found = {
            row.id: FoundPhrase(row.id, row.uid, row.category, row.notes or {})
            for row in self.session.execute(
                select(phrases.id, phrases.uid, phrases.category, phrases.notes).where(
                    phrases.id.in_(ids)
                )
            )
        }
        rows = self.session.execute(
            select(texts.phrase_id, texts.id, texts.lang, texts.text, texts.status, texts.notes)
            .where(texts.phrase_id.in_(ids))
            .order_by(texts.phrase_id, texts.id)
        ).all()
        for row in rows:
            phrase = found.get(row.phrase_id)
            if phrase is not None:
                phrase.translations[row.lang] = FoundText(
                    row.id, row.lang, row.text, row.status, row.notes or {}
                )
        return found


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


class FakeSearchIndex:
    """Computes every phrase's keys on each query: the same answers, for unit tests."""

    def __init__(self, phrases: Callable[[], list[Phrase]]) -> None:
        self.phrases = phrases

    def rebuild(self) -> int:
        return len(self.phrases())

    def is_stale(self) -> bool:
        return False

    def search(
        self,
        query: str,
        *,
        limit: int = DEFAULT_LIMIT,
        languages: Sequence[str] = (),
        reviewed_in: Sequence[str] = (),
    ) -> SearchResult:
        prepared = prepare(query, languages)
        if not prepared.terms:
            return SearchResult(query, [], [], False)
        keyed = []
        for order, phrase in enumerate(self.phrases()):
            texts = sorted((tag, t.text) for tag, t in phrase.translations.items())
            reviewed = any(
                t.status == Status.REVIEWED
                for tag, t in phrase.translations.items()
                if tag in reviewed_in
            )
            keyed.append((order, phrase, reviewed, build_keys(texts)))

        def matched(query: Query) -> list[tuple[tuple[int, ...], Phrase]]:
            found: list[tuple[tuple[int, ...], Phrase]] = []
            for order, phrase, reviewed, keys in keyed:
                ranked = rank(keys.text, keys.initials, keys.langs, query)
                if ranked is not None:
                    found.append((sort_key(ranked, reviewed, order), phrase))
            return found

        scored = matched(prepared)
        if typos_wanted(len(scored), prepared):
            vocabulary = Vocabulary()
            vocabulary.add(key_words(keys.text for *_rest, keys in keyed))
            prepared = with_typos(prepared, vocabulary)
            if prepared.typos:
                scored = matched(prepared)
        scored.sort(key=lambda item: item[0])
        found = [phrase for _key, phrase in scored]
        return SearchResult(
            query, prepared.terms, found[:limit], len(found) > limit, prepared.every_form()
        )
