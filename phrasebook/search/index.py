"""The search index: keys stored per phrase, kept current at flush time, and queried.

``SqlSearchIndex`` is the unit of work's ``search`` repository. The keys of a phrase are
rewritten whenever the phrase, one of its translations or a hand-written aid changes, inside
the same transaction: :func:`keep_current` registers that hook on a session factory, and
``phrasebook.db.session_factory`` calls it for every factory it makes (the one visible place).
``FakeSearchIndex`` answers the same queries over a fake unit of work's phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    Table,
    column,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    table,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, sessionmaker

from ..models import Phrase, Translation
from ..pronunciation.models import PronunciationOverride
from ..repository import in_chunks
from .forms import FORM_MARK
from .keys import KEY_SEPARATOR, build_keys, is_choseong_query, query_terms, term_alternatives
from .models import SearchKey

DEFAULT_LIMIT = 50
_CANDIDATES_PER_RESULT = 4
_TRIGRAM = 3  # SQLite's trigram index answers terms of at least three characters
# The SQLite-only trigram index over search_keys (created by migration 0002_search).
_FTS = table("search_fts", column("rowid", Integer))
_TABLE = cast(Table, SearchKey.__table__)
_TRANSLATIONS = cast(Table, Translation.__table__)
_OVERRIDES = cast(Table, PronunciationOverride.__table__)


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    phrases: list[Phrase]
    more: bool  # True when more phrases matched than were returned
    # each term's base forms the phrases were also matched through (keys.term_alternatives)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)


class SearchIndex(Protocol):
    def search(self, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResult: ...
    def rebuild(self) -> int: ...
    def is_stale(self) -> bool: ...


# --- ranking (shared by the SQL index and the fake) ------------------------------------------


_WORDS = re.compile(r"[^\W_]+")


def _grade(lines: list[str], terms: list[str]) -> tuple[int, int]:
    query = " ".join(terms)
    best = (5, 10_000)
    for line in lines:
        if line == query:
            grade = 0
        elif any(term in _WORDS.findall(line) for term in terms):
            grade = 1  # a whole word: 물 in 이 물 before 무릎, which starts with its letters
        elif line.startswith(query):
            grade = 2
        elif any(line.startswith(term) or f" {term}" in line for term in terms):
            grade = 3
        elif any(term in line for term in terms):
            grade = 4
        else:
            continue
        best = min(best, (grade, len(line)))
    return best


Alternatives = dict[str, tuple[str, ...]]


def rank(
    key: str, initials: str, terms: list[str], alternatives: Alternatives | None = None
) -> tuple[int, int, int]:
    """Lower is better: first every term found as typed in a text (or aid), before a match
    through word forms or Latin spellings (``alternatives``: each term's base forms); then a
    line equal to the query, holding a term as a whole word, starting with the query, with a
    word starting with a term, merely containing a term; then shorter lines first."""
    letters = [term for term in terms if is_choseong_query(term)]
    others = [term for term in terms if not is_choseong_query(term)]
    grades: list[tuple[int, int, int]] = []
    if others:
        lines = key.split(KEY_SEPARATOR)
        literal = [line for line in lines if not line.startswith(FORM_MARK)]
        if all(any(term in line for line in literal) for term in others):
            grades.append((0, *_grade(literal, others)))
        else:
            forms = [line.lstrip(FORM_MARK) for line in lines]
            wanted = [t for term in others for t in (term, *(alternatives or {}).get(term, ()))]
            grades.append((1, *_grade(forms, wanted)))
    if letters:
        grades.append((0, *_grade(initials.split(KEY_SEPARATOR), letters)))
    return max(grades)


def _matches_all(
    key: str, initials: str, terms: list[str], alternatives: Alternatives | None = None
) -> bool:
    def found(term: str) -> bool:
        if is_choseong_query(term):
            return term in initials
        return any(t in key for t in (term, *(alternatives or {}).get(term, ())))

    return all(found(term) for term in terms)


# --- writing keys ----------------------------------------------------------------------------


def _write_keys(session: Session, phrase_ids: Iterable[int], deleted_ids: Iterable[int]) -> None:
    """Replace the keys of ``phrase_ids`` (computed from what is in the database now, inside
    the current transaction) and drop those of ``deleted_ids``."""
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
        manual: dict[int, list[str]] = {phrase_id: [] for phrase_id in chunk}
        aid_rows = connection.execute(
            select(translations.phrase_id, overrides.text)
            .join(_OVERRIDES, overrides.translation_id == translations.id)
            .where(translations.phrase_id.in_(chunk))
        )
        for phrase_id, text in aid_rows:
            manual[phrase_id].append(text)
        _insert_keys(connection, texts, manual)


def _insert_keys(
    connection: Any, texts: dict[int, list[tuple[str, str]]], manual: dict[int, list[str]]
) -> None:
    values = []
    for phrase_id, pairs in texts.items():
        keys = build_keys(sorted(pairs), sorted(manual.get(phrase_id, ())))
        values.append({"phrase_id": phrase_id, "key": keys.text, "initials": keys.initials})
    if values:
        connection.execute(insert(_TABLE), values)


def write_new_keys(session: Session, texts: dict[int, list[tuple[str, str]]]) -> None:
    """The keys of phrases just stored without a flush (phrasebook.bulk), from their
    ``(lang, text)`` pairs as given: new phrases have no hand-written aids yet."""
    _insert_keys(session.connection(), texts, {})


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

    def _candidates(self, terms: list[str], alternatives: Alternatives, wanted: int) -> list[int]:
        """Ids of phrases whose keys contain every term, as typed or in one of its base forms
        (at most ``wanted``)."""
        columns = _TABLE.c
        statement = select(columns.phrase_id).limit(wanted)
        groups: list[list[str]] = []
        for term in terms:
            if is_choseong_query(term):
                statement = statement.where(self._contains(columns.initials, term))
                continue
            forms = [term, *alternatives.get(term, ())]
            statement = statement.where(or_(*(self._contains(columns.key, f) for f in forms)))
            if all(len(form) >= _TRIGRAM for form in forms):
                groups.append(forms)
        if groups and self._sqlite():
            # The trigram index narrows the rows to read; instr above keeps the match exact.
            expression = " AND ".join(
                "(" + " OR ".join('key : "' + f.replace('"', '""') + '"' for f in forms) + ")"
                for forms in groups
            )
            matching = select(_FTS.c.rowid).where(
                sql_text("search_fts MATCH :fts").bindparams(fts=expression)
            )
            statement = statement.where(columns.phrase_id.in_(matching))
        return list(self.session.scalars(statement))

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """Phrases whose keys contain every term of ``query``, best matches first."""
        terms = query_terms(query)
        if not terms:
            return SearchResult(query, terms, [], False)
        alternatives = term_alternatives(query)
        wanted = limit * _CANDIDATES_PER_RESULT
        ids = self._candidates(terms, alternatives, wanted + 1)
        more = len(ids) > limit
        columns = _TABLE.c
        rows = self.session.execute(
            select(columns.phrase_id, columns.key, columns.initials).where(
                columns.phrase_id.in_(ids[:wanted])
            )
        )
        ranked = sorted(
            rows, key=lambda row: (*rank(row.key, row.initials, terms, alternatives), row.phrase_id)
        )
        best = [row.phrase_id for row in ranked[:limit]]
        found = self.session.scalars(select(Phrase).where(Phrase.id.in_(best)))
        by_id = {phrase.id: phrase for phrase in found}
        shown = [by_id[i] for i in best if i in by_id]
        return SearchResult(query, terms, shown, more, alternatives)


class FakeSearchIndex:
    """Computes every phrase's keys on each query: the same answers, for unit tests."""

    def __init__(self, phrases: Callable[[], list[Phrase]]) -> None:
        self.phrases = phrases

    def rebuild(self) -> int:
        return len(self.phrases())

    def is_stale(self) -> bool:
        return False

    def search(self, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResult:
        terms = query_terms(query)
        if not terms:
            return SearchResult(query, terms, [], False)
        alternatives = term_alternatives(query)
        scored = []
        for order, phrase in enumerate(self.phrases()):
            texts = sorted((tag, t.text) for tag, t in phrase.translations.items())
            keys = build_keys(texts)
            if _matches_all(keys.text, keys.initials, terms, alternatives):
                scored.append((*rank(keys.text, keys.initials, terms, alternatives), order, phrase))
        scored.sort(key=lambda item: item[:4])
        found = [item[4] for item in scored]
        return SearchResult(query, terms, found[:limit], len(found) > limit, alternatives)
