"""Long work on a task queue: Huey (https://huey.readthedocs.io), behind a small Protocol.

* default: ``SqliteHuey`` in ``<data dir>/queue.sqlite3``, consumed by threads inside
  ``phrasebook serve`` — the one-machine set-up stays one command;
* ``PHRASEBOOK_QUEUE_URL=redis://host:6379/1``: ``RedisHuey``, consumed by ``phrasebook
  worker`` processes on any number of machines (the web processes only enqueue);
* ``PHRASEBOOK_QUEUE_URL=inline``: no queue, the work runs in the caller's thread (tests).

What a task does lives in :class:`Runner` (plain services over a unit of work); the queue
only carries job ids. Tasks retry transient errors with backoff (Huey's ``retries``,
``retry_delay``, ``retry_backoff``); a job whose worker vanished is found by its stale
heartbeat (phrasebook.mt.jobs) every minute by any consumer, and when a consumer starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .config import ConfigError, Settings, without_credentials
from .mt import jobs

if TYPE_CHECKING:
    from huey import Huey
    from huey.consumer import Consumer

    from .mt.engine import MTEngine
    from .uow import UnitOfWork

QUEUE_FILE = "queue.sqlite3"
RETRIES = 5
RETRY_DELAY = 2  # seconds, doubled at each retry (2, 4, 8, 16, 32)


@dataclass
class Runner:
    """The work tasks do, in this process: its store's units of work, its MT engine (made
    on first use, as the web app's), and the job settings."""

    make_uow: Callable[[], UnitOfWork]
    make_engine: Callable[[], MTEngine]
    languages: list[str]
    lease: timedelta = jobs.DEFAULT_LEASE
    _engine: MTEngine | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def engine(self) -> MTEngine:
        with self._lock:
            if self._engine is None:
                self._engine = self.make_engine()
            return self._engine

    def run_fill(self, job_id: str) -> None:
        jobs.run_fill_job(
            self.make_uow, self.engine(), job_id, languages=self.languages, lease=self.lease
        )

    def stale_jobs(self) -> list[str]:
        return jobs.resume_stale_jobs(self.make_uow(), lease=self.lease)


class TaskQueue(Protocol):
    description: str

    def fill(self, job_id: str) -> None: ...
    def resume(self) -> int: ...
    def reachable(self) -> bool: ...


class InlineQueue:
    """Runs each task at once in the caller's thread (``PHRASEBOOK_QUEUE_URL=inline``)."""

    description = "inline (no queue: work runs in the request)"

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def fill(self, job_id: str) -> None:
        self.runner.run_fill(job_id)

    def resume(self) -> int:
        stale = self.runner.stale_jobs()
        for job_id in stale:
            self.runner.run_fill(job_id)
        return len(stale)

    def reachable(self) -> bool:
        return True


class HueyQueue:
    def __init__(self, huey: Huey, runner: Runner, description: str) -> None:
        from huey import crontab

        self.huey = huey
        self.runner = runner
        self.description = description
        self._fill = huey.task(
            retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, name="fill_set"
        )(runner.run_fill)
        huey.periodic_task(crontab(), name="resume_stale_jobs")(self.resume)

    def fill(self, job_id: str) -> None:
        self._fill(job_id)

    def resume(self) -> int:
        """Hand the jobs that lost their worker to the queue again; how many."""
        stale = self.runner.stale_jobs()
        for job_id in stale:
            self._fill(job_id)
        return len(stale)

    def reachable(self) -> bool:
        try:
            self.huey.pending_count()
        except Exception:  # each storage's client raises its own errors
            return False
        return True

    def consumer(self, workers: int) -> Consumer:
        # Idle workers look for work at most every second (Huey's default backs off to 10 s).
        return self.huey.create_consumer(
            workers=workers, worker_type="thread", periodic=True, initial_delay=0.1,
            max_delay=1.0,
        )  # fmt: skip

    @property
    def in_serve(self) -> bool:
        """Consumed by threads of ``phrasebook serve`` (SQLite: one machine) rather than by
        ``phrasebook worker`` processes."""
        from huey import SqliteHuey

        return isinstance(self.huey, SqliteHuey)


def queue_url(settings: Settings) -> str:
    return settings.extra.get("PHRASEBOOK_QUEUE_URL", "").strip()


def open_queue(settings: Settings, runner: Runner) -> InlineQueue | HueyQueue:
    """The queue ``PHRASEBOOK_QUEUE_URL`` names (see the module docstring)."""
    url = queue_url(settings)
    if url == "inline":
        return InlineQueue(runner)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from huey import RedisHuey

        shown = without_credentials(url)
        return HueyQueue(RedisHuey("phrasebook", url=url), runner, f"Redis ({shown})")
    if url:
        raise ConfigError(
            f"PHRASEBOOK_QUEUE_URL={url!r}: expected redis://host:port/db, inline, or nothing "
            "(a queue in the data folder)"
        )
    from huey import SqliteHuey

    path: Path = settings.data_dir / QUEUE_FILE
    return HueyQueue(SqliteHuey("phrasebook", filename=str(path)), runner, f"SQLite ({path})")


def start_in_threads(queue: HueyQueue, workers: int) -> Any:
    """Consume ``queue`` with ``workers`` threads of this process (``phrasebook serve``),
    after handing stale jobs to it again. Huey's consumer installs signal handlers for its
    own main loop, which a server does not run: the server's own are put back."""
    import signal

    queue.resume()
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    consumer = queue.consumer(workers)
    consumer.start()
    for number, handler in kept.items():
        signal.signal(number, handler)
    return consumer
