"""The unit of work: one transaction per user action, and every area's storage in one place.

A service takes a ``UnitOfWork``, enters it (``with uow:``), reaches each area's storage
through its repositories (``uow.phrases``, ``uow.aids``, ``uow.search`` ...), and calls
``uow.commit()`` once at the end; anything not committed is rolled back on exit. Only a unit
of work commits. ``SqlAlchemyUnitOfWork`` is the real one; the unit tests' ``FakeUnitOfWork``
(tests/fakes.py) keeps everything in memory and, like this one, keeps only what is
committed. A new area adds its Protocol and SQL repository in its own ``repository`` module,
its fake in tests/fakes.py, and one line to each unit of work (see CONTRIBUTING.md).
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import event, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as SqlTimeoutError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .audio.repository import AudioRepository, SqlAudioRepository
from .errors import Busy, ConcurrentEdit
from .interchange.repository import ExportRepository, SqlExportRepository
from .jobs.repository import JobRepository, SqlJobRepository
from .models import StoreGeneration
from .mt.repository import MtRepository, SqlMtRepository
from .pronunciation.repository import AidRepository, SqlAidRepository
from .repository import (
    CategoryRepository,
    PhraseRepository,
    SetRepository,
    SqlCategoryRepository,
    SqlPhraseRepository,
    SqlSetRepository,
)
from .search.index import SearchIndex, SqlSearchIndex
from .user_records import SqlUserRepository, UserRepository


class UnitOfWork(Protocol):
    # Read-only members, so that an implementation may hold more specific repositories.
    @property
    def phrases(self) -> PhraseRepository: ...
    @property
    def sets(self) -> SetRepository: ...
    @property
    def categories(self) -> CategoryRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def aids(self) -> AidRepository: ...
    @property
    def mt(self) -> MtRepository: ...
    @property
    def jobs(self) -> JobRepository: ...
    @property
    def audio(self) -> AudioRepository: ...
    @property
    def search(self) -> SearchIndex: ...
    @property
    def exports(self) -> ExportRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def flush(self) -> None: ...
    def generation(self) -> int:
        """The store's generation as committed: it goes up with every commit that changed
        something, in any process sharing the database."""
        ...


# session.info key: this transaction has flushed a change, so its commit moves the
# generation on.
_CHANGED = "phrasebook.changed"


# Tables whose rows are the work's bookkeeping, not the phrase book: a background job's
# progress and heartbeat change nothing any page shows (what the job writes does).
_BOOKKEEPING = frozenset({"jobs"})


def _note_changes(session: Session, _flush: UOWTransaction) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        if getattr(instance, "__tablename__", None) not in _BOOKKEEPING:
            session.info[_CHANGED] = True
            return


def _note_statements(state: ORMExecuteState) -> None:
    # Bulk writes (phrasebook.bulk) and other INSERT/UPDATE/DELETE statements run without a
    # flush seeing them.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) not in _BOOKKEEPING:
            state.session.info[_CHANGED] = True


def track_changes(sessions: sessionmaker[Session]) -> None:
    """Make every session of ``sessions`` note when a flush or a statement changes something
    (registered once, in ``phrasebook.db.session_factory``)."""
    event.listen(sessions, "after_flush", _note_changes)
    event.listen(sessions, "do_orm_execute", _note_statements)


class AlreadyEntered(RuntimeError):
    """A unit of work was entered again before it was left (a service called inside another
    service's transaction): that would split one user action into two transactions."""


# What the drivers say when a lock is held past the wait they were given (SQLite's busy
# timeout, PostgreSQL's lock_timeout); and SQLAlchemy's pool timeout.
_BUSY_MESSAGES = ("database is locked", "database is busy", "lock timeout")


def _conflict(exc: BaseException | None) -> ConcurrentEdit | None:
    """The ConcurrentEdit a database exception means (another transaction changed or created
    the same row first), or None."""
    if isinstance(exc, StaleDataError) or (
        isinstance(exc, IntegrityError) and "unique" in str(exc.orig).lower()
    ):
        return ConcurrentEdit(
            "another change to the same text was saved at the same moment; nothing of this one "
            "was written"
        )
    return None


def _busy(exc: BaseException | None) -> Busy | None:
    """The Busy error a database exception means, or None."""
    if isinstance(exc, SqlTimeoutError):
        return Busy("the server is busy: no database connection was free in time; try again")
    if isinstance(exc, OperationalError) and any(
        message in str(exc.orig).lower() for message in _BUSY_MESSAGES
    ):
        return Busy("the phrase book is busy with another change; nothing was written, try again")
    return None


class SqlAlchemyUnitOfWork:
    """Opens a session on enter and gives every repository that session."""

    session: Session  # for tests and maintenance commands; services use the repositories

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self._entered = False

    def __enter__(self) -> Self:
        if self._entered:
            raise AlreadyEntered("this unit of work is already in use")
        self._entered = True
        session = self.session = self.session_factory()
        self.phrases = SqlPhraseRepository(session)
        self.sets = SqlSetRepository(session)
        self.categories = SqlCategoryRepository(session)
        self.users = SqlUserRepository(session)
        self.aids = SqlAidRepository(session)
        self.mt = SqlMtRepository(session)
        self.jobs = SqlJobRepository(session)
        self.audio = SqlAudioRepository(session)
        self.search = SqlSearchIndex(session)
        self.exports = SqlExportRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._entered = False
        refused = _busy(exc) or _conflict(exc)  # (a write inside the block, not at commit)
        if refused is not None:
            self.session.close()
            raise refused from exc
        # close() rolls back whatever was not committed and detaches the loaded objects
        # without expiring them (rollback() would): a view can still show what a service
        # returned, and anything the service did not load fails loudly instead of querying.
        self.session.close()

    def commit(self) -> None:
        try:
            self._commit()
        except (StaleDataError, IntegrityError) as exc:
            conflict = _conflict(exc)
            if conflict is None:
                raise
            self.rollback()
            raise conflict from exc

    def _commit(self) -> None:
        self.session.flush()
        if self.session.info.get(_CHANGED):
            # Last statement before COMMIT, so the row lock it takes (PostgreSQL) is held for
            # the commit only and concurrent writers queue here, not earlier.
            self.session.execute(
                update(StoreGeneration)
                .where(StoreGeneration.id == 1)
                .values(value=StoreGeneration.value + 1)
            )
        self.session.info.pop(_CHANGED, None)  # after the UPDATE, which notes itself
        self.session.commit()

    def rollback(self) -> None:
        self.session.info.pop(_CHANGED, None)
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()

    def generation(self) -> int:
        found = self.session.scalar(select(StoreGeneration.value).where(StoreGeneration.id == 1))
        return found or 0
