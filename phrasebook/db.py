"""Database engines and schema migrations (Alembic, shipped inside the package)."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .config import Settings

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the web app) carry on while one writer commits.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# Connections per process: enough for the server's threads (8 by default, each using one at a
# time) with room to spare; a request that still finds none free within POOL_TIMEOUT seconds
# is told the server is busy (503) rather than failing.
POOL = {"pool_size": 10, "max_overflow": 10, "pool_timeout": 10}
LOCK_TIMEOUT_MS = 5000  # as SQLite's busy_timeout below


# Most JSON values phrasebook stores are empty (tags, notes, provenance, no answer panel):
# reading one of those is a dictionary lookup, not a parse. A fresh object each time, since
# the ORM hands it out to be changed.
# (str from SQLite, bytes from psycopg)
_EMPTY_JSON: dict[str | bytes, Any] = {
    **{empty: dict for empty in ("{}", b"{}")},
    **{empty: list for empty in ("[]", b"[]")},
    **{empty: lambda: None for empty in ("null", b"null")},
}


def _read_json(text: str | bytes) -> Any:
    empty = _EMPTY_JSON.get(text)
    return empty() if empty is not None else json.loads(text)


def _postgres_json(dbapi_connection: Any, _record: Any) -> None:
    from psycopg.types.json import set_json_loads

    set_json_loads(_read_json, dbapi_connection)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, create the parent folder and turn on WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs = {**POOL, **kwargs}
        engine = create_engine(url, json_deserializer=_read_json, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A writer waits at most LOCK_TIMEOUT_MS for another's row lock, then gets an error the
    # unit of work reports as Busy (503), as SQLite's busy timeout does.
    connect_args = {"options": f"-c lock_timeout={LOCK_TIMEOUT_MS}"}
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args, **{**POOL, **kwargs})
    if parsed.get_driver_name() == "psycopg":
        event.listen(engine, "connect", _postgres_json)
    return engine


def engine_for(settings: Settings) -> Engine:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.resolved_database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for units of work. Every session it makes keeps the search index current
    (a flush that changes a phrase's texts rewrites its search keys in the same transaction)
    and notes that it changed something, so that its commit moves the store's generation on."""
    from .search.writing import keep_current
    from .uow import track_changes

    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    keep_current(sessions)
    track_changes(sessions)
    return sessions


# Alembic is imported where it is used: it costs ~0.3 s, and a web app that is already
# migrated never needs it.
def _alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


# The last migration of the one chain. A database already there needs no Alembic at all (it
# costs a command ~0.3 s to import); a test checks this is the chain's head.
SCHEMA_HEAD = "0017_search_reviewed"


def applied_revisions(engine: Engine) -> set[str]:
    """The migrations a database is at (none for a new one), read without Alembic."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


# A PostgreSQL advisory lock key for "the schema is being created or upgraded" (any number
# that no other application on the same database uses: "phrasebk" in ASCII).
SCHEMA_LOCK_KEY = 0x7068726173656B
_HELD = threading.local()


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Only one process at a time creates, upgrades or first seeds the database: two
    ``phrasebook init`` (or servers starting together) take turns, and the second finds the
    schema up to date. PostgreSQL: an advisory lock; SQLite: a lock on ``<database>.lock``
    beside the file. Re-entrant within a thread (``initialize`` holds it around ``migrate``)."""
    held: set[int] = _HELD.__dict__.setdefault("engines", set())
    if id(engine) in held:
        yield
        return
    held.add(id(engine))
    try:
        with ExitStack() as stack:
            if engine.dialect.name == "postgresql":
                connection = stack.enter_context(engine.connect())
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
                stack.callback(
                    lambda: connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": SCHEMA_LOCK_KEY}
                    )
                )
            elif engine.url.database and engine.url.database != ":memory:" and os.name == "posix":
                import fcntl

                handle = stack.enter_context(open(f"{engine.url.database}.lock", "a+b"))
                fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
            yield
    finally:
        held.discard(id(engine))


def migrate(engine: Engine) -> bool:
    """Bring the schema up to date. Returns True when the database had no schema before."""
    with schema_lock(engine):
        current = applied_revisions(engine)
        if current == {SCHEMA_HEAD}:
            return False
        from alembic import command

        # One linear chain (0007_one_chain merged the old area branches): "head" is its end;
        # a database of an earlier release has the five branch heads applied.
        command.upgrade(_alembic_config(engine), "head")
        return not current


def is_up_to_date(engine: Engine) -> bool:
    return applied_revisions(engine) == {SCHEMA_HEAD}
