"""Units of work: one transaction per request or command. Only a unit of work commits."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from sqlalchemy.orm import Session, sessionmaker

from .repository import (
    CategoryRepository,
    FakeCategoryRepository,
    FakePhraseRepository,
    FakeSetRepository,
    PhraseRepository,
    SetRepository,
    SqlCategoryRepository,
    SqlPhraseRepository,
    SqlSetRepository,
)


class UnitOfWork(Protocol):
    # Read-only members, so that a unit of work may hold more specific repositories.
    @property
    def phrases(self) -> PhraseRepository: ...
    @property
    def sets(self) -> SetRepository: ...
    @property
    def categories(self) -> CategoryRepository: ...

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


class SessionUnitOfWork:
    """Opens a session on enter; anything not committed is rolled back on exit.

    Subclasses attach their repositories to the new session in ``bind``.
    """

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def bind(self, session: Session) -> None:
        """Create this unit of work's repositories on ``session``."""

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        self.bind(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()


class SqlAlchemyUnitOfWork(SessionUnitOfWork):
    """The phrase book's unit of work: phrases, sets and categories."""

    def bind(self, session: Session) -> None:
        self.phrases = SqlPhraseRepository(session)
        self.sets = SqlSetRepository(session)
        self.categories = SqlCategoryRepository(session)


class InMemoryUnitOfWork:
    """Base for fakes: nothing to open or roll back; records whether it committed."""

    committed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.committed = True

    def rollback(self) -> None:
        return None

    def flush(self) -> None:
        return None


class FakeUnitOfWork(InMemoryUnitOfWork):
    """In-memory unit of work for unit tests."""

    def __init__(self) -> None:
        self.sets = FakeSetRepository()
        self.phrases = FakePhraseRepository(self.sets)
        self.categories = FakeCategoryRepository()
