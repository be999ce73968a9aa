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


class SqlAlchemyUnitOfWork:
    """Opens a session on enter; anything not committed is rolled back on exit."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        self.phrases = SqlPhraseRepository(self.session)
        self.sets = SqlSetRepository(self.session)
        self.categories = SqlCategoryRepository(self.session)
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


class FakeUnitOfWork:
    """In-memory unit of work for unit tests; records whether it committed."""

    def __init__(self) -> None:
        self.sets = FakeSetRepository()
        self.phrases = FakePhraseRepository(self.sets)
        self.categories = FakeCategoryRepository()
        self.committed = False

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
