"""One opened phrase book: settings, database engine and a unit-of-work factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from . import services
from .config import Settings
from .db import engine_for, migrate, schema_lock, session_factory
from .interchange import ImportReport
from .uow import SqlAlchemyUnitOfWork


@dataclass
class Store:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, settings: Settings) -> Store:
        engine = engine_for(settings)
        return cls(settings=settings, engine=engine, sessions=session_factory(engine))

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.sessions)

    def initialize(
        self, seeds_dir: Path | None = None, *, seed: bool = True
    ) -> ImportReport | None:
        """Create or upgrade the schema; on a database created just now, load the seeds
        (unless ``seed`` is False: an organisation starting from its own phrases)."""
        # One process at a time: another `init` or server waits, then finds it all done.
        with schema_lock(self.engine):
            created = migrate(self.engine)
            if not created or not seed:
                return None
            return self.seed(seeds_dir)

    def seed(self, seeds_dir: Path | None = None) -> ImportReport:
        return services.seed(
            self.uow(),
            seeds_dir=seeds_dir or services.default_seeds_dir(),
            languages=self.settings.languages,
            max_bytes=self.settings.import_max_bytes,
        )

    def close(self) -> None:
        self.engine.dispose()
