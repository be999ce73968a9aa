"""Writing the search keys: rewritten with the data, inside the same transaction, and rebuilt
on demand.

The keys of a phrase are rewritten whenever the phrase, one of its translations (its status
included) or a hand-written aid changes: :func:`keep_current` registers that hook on a session
factory, and ``phrasebook.db.session_factory`` calls it for every factory it makes (the one
visible place). :func:`write_new_keys` writes those of phrases bulk-inserted without a flush,
and :func:`rebuild_keys` all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, event, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, sessionmaker

from ..chunks import CHUNK, in_chunks
from ..models import Phrase, Status, Translation
from ..pronunciation.models import PronunciationOverride
from .keys import build_keys
from .models import SEARCH_KEYS, SEARCH_WORDS
from .typos import key_words

_TRANSLATIONS = cast(Table, Translation.__table__)
_PHRASES = cast(Table, Phrase.__table__)
_OVERRIDES = cast(Table, PronunciationOverride.__table__)


def write_keys(
    session: Session,
    phrase_ids: Iterable[int],
    deleted_ids: Iterable[int],
) -> None:
    """Replace the keys of ``phrase_ids`` (computed from what is in the database now, inside
    the current transaction) and drop those of ``deleted_ids``."""
    deleted = set(deleted_ids)
    live = sorted(set(phrase_ids) - deleted)
    if not live and not deleted:
        return
    connection = session.connection()
    for chunk in in_chunks(deleted | set(live)):
        connection.execute(delete(SEARCH_KEYS).where(SEARCH_KEYS.c.phrase_id.in_(chunk)))
    _compute_and_store(connection, live)


def _compute_and_store(connection: Any, live: list[int]) -> None:
    """Compute and store the keys of the phrases ``live`` (which have none now)."""
    written: set[str] = set()  # the words stored so far
    if len(live) <= CHUNK or connection.dialect.name != "postgresql":
        for chunk in in_chunks(live):
            _store_keys(connection, _key_rows(_read_texts(connection, chunk)), written)
        return
    # A rebuild on PostgreSQL: one chunk's keys are computed (Python) in a worker thread while
    # this thread writes those of the chunk before and reads the next (the server does its
    # part on another core, and psycopg lets go of the GIL while it waits): 100,000 phrases
    # in 51-56 s against 59-65 s in one thread, measured in one run (BENCHMARKS.md). Not on
    # SQLite, which works in this process in short steps: no gain measured there.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-keys") as worker:
        computing: Future[_KeyRows] | None = None
        for chunk in in_chunks(live):
            ahead = worker.submit(_key_rows, _read_texts(connection, chunk))
            if computing is not None:
                _store_keys(connection, computing.result(), written)
            computing = ahead
        if computing is not None:
            _store_keys(connection, computing.result(), written)


def rebuild_keys(session: Session) -> int:
    """Recompute every phrase's keys; the number of phrases."""
    session.flush()
    connection = session.connection()
    with _trigram_index_rebuilt_after(connection):
        connection.execute(delete(SEARCH_KEYS))
        ids = list(connection.execute(select(_PHRASES.c.id).order_by(_PHRASES.c.id)).scalars())
        _compute_and_store(connection, ids)
    return len(ids)


@contextmanager
def _trigram_index_rebuilt_after(connection: Any) -> Iterator[None]:
    """SQLite: the trigram index (search_fts) built once from the keys written inside, not
    kept in step row by row by its triggers: at 100,000 phrases the triggers cost 50 s, the
    build 12 s (BENCHMARKS.md). The triggers are dropped and made again, as the database
    holds them, inside the same transaction: a failure puts everything back."""
    if connection.dialect.name != "sqlite":
        yield
        return
    # (a statement that writes first: Python's sqlite3 opens the transaction on one, and the
    # triggers must be dropped inside it)
    connection.execute(sql_text("INSERT INTO search_fts(search_fts) VALUES ('delete-all')"))
    triggers = connection.execute(
        sql_text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": SEARCH_KEYS.name},
    ).all()
    for name, _sql in triggers:
        connection.execute(sql_text(f'DROP TRIGGER "{name}"'))
    yield
    connection.execute(sql_text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    for _name, sql in triggers:
        connection.execute(sql_text(sql))


@dataclass
class _Texts:
    """What the keys of some phrases are computed from, by phrase id."""

    texts: dict[int, list[tuple[str, str]]]  # (lang, text) of each translation
    manual: dict[int, list[tuple[str, str]]]  # (lang, aid) of each hand-written aid
    reviewed: dict[int, list[str]]  # the languages of its reviewed translations


@dataclass
class _KeyRows:
    """The search_keys rows of some phrases, and the words of their keys."""

    values: list[dict[str, Any]]
    words: set[str]


def _read_texts(connection: Any, chunk: list[int]) -> _Texts:
    translations = _TRANSLATIONS.c
    overrides = _OVERRIDES.c
    texts: dict[int, list[tuple[str, str]]] = {phrase_id: [] for phrase_id in chunk}
    reviewed: dict[int, list[str]] = {}
    rows = connection.execute(
        select(
            translations.phrase_id, translations.lang, translations.text, translations.status
        ).where(translations.phrase_id.in_(chunk))
    )
    for phrase_id, lang, text, status in rows:
        texts[phrase_id].append((lang, text))
        if status == Status.REVIEWED:
            reviewed.setdefault(phrase_id, []).append(lang)
    # Aids editors wrote by hand are what readers see: they are keys too.
    manual: dict[int, list[tuple[str, str]]] = {phrase_id: [] for phrase_id in chunk}
    aid_rows = connection.execute(
        select(translations.phrase_id, translations.lang, overrides.text)
        .join(_OVERRIDES, overrides.translation_id == translations.id)
        .where(translations.phrase_id.in_(chunk))
    )
    for phrase_id, lang, text in aid_rows:
        manual[phrase_id].append((lang, text))
    return _Texts(texts, manual, reviewed)


def _key_rows(read: _Texts) -> _KeyRows:
    """The keys of the phrases of ``read`` (computation only: no database)."""
    values = []
    words: set[str] = set()
    for phrase_id, pairs in read.texts.items():
        keys = build_keys(sorted(pairs), sorted(read.manual.get(phrase_id, ())))
        values.append(
            {
                "phrase_id": phrase_id,
                "key": keys.text,
                "initials": keys.initials,
                "langs": keys.langs,
                "reviewed": " ".join(sorted(read.reviewed.get(phrase_id, ()))),
            }
        )
        words |= key_words((keys.text,))
    return _KeyRows(values, words)


def _store_keys(connection: Any, rows: _KeyRows, written: set[str]) -> None:
    """Store ``rows`` and the words of their keys not in ``written`` yet (the words stored
    earlier in the same rebuild)."""
    if rows.values:
        connection.execute(insert(SEARCH_KEYS), rows.values)
    _insert_words(connection, sorted(rows.words - written))
    written |= rows.words


def _insert_words(connection: Any, words: list[str]) -> None:
    """Add ``words`` to search_words, skipping those it holds (sorted: two transactions adding
    the same words take their locks in the same order)."""
    if not words:
        return
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SEARCH_WORDS).on_conflict_do_nothing(index_elements=["word"])
    for chunk in in_chunks(words):
        connection.execute(statement, [{"word": word} for word in chunk])


def write_new_keys(
    session: Session, texts: dict[int, list[tuple[str, str]]], reviewed: dict[int, list[str]]
) -> None:
    """The keys of phrases just stored without a flush (phrasebook.bulk), from their
    ``(lang, text)`` pairs and ``reviewed`` languages as given: new phrases have no
    hand-written aids yet."""
    _store_keys(session.connection(), _key_rows(_Texts(texts, {}, reviewed)), set())


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
    write_keys(session, phrase_ids, pending.deleted_ids)


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
