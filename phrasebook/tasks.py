"""Long work on a task queue: Huey (https://huey.readthedocs.io), behind a small Protocol.

* default: ``SqliteHuey`` in ``<data dir>/queue.sqlite3``, consumed by threads inside
  ``phrasebook serve`` — the one-machine set-up stays one command;
* ``PHRASEBOOK_QUEUE_URL=redis://host:6379/1``: ``RedisHuey``, consumed by ``phrasebook
  worker`` processes on any number of machines (the web processes only enqueue);
* ``PHRASEBOOK_QUEUE_URL=inline``: no queue, the work runs in the caller's thread (tests).

The queue carries only job ids (one task, ``run_job``); the job's row says what to do, and
:class:`Runner` maps its kind to the work (phrasebook.jobs). Tasks retry transient errors with
backoff (Huey's ``retries``, ``retry_delay``, ``retry_backoff``); a job whose worker vanished
is found by its stale heartbeat (phrasebook.jobs) every minute by any consumer, and when a
consumer starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import jobs
from .config import Settings, without_credentials
from .jobs import Work

if TYPE_CHECKING:
    from huey import Huey
    from huey.consumer import Consumer

    from .uow import UnitOfWork

QUEUE_FILE = "queue.sqlite3"
RETRIES = 5
RETRY_DELAY = 2  # seconds, doubled at each retry (2, 4, 8, 16, 32)


@dataclass(frozen=True)
class Runner:
    """The work tasks do, in this process: its store's units of work, what each kind of job
    does (phrasebook.jobs.Work, wired by the app: app/tasks.py), and the lease."""

    make_uow: Callable[[], UnitOfWork]
    works: Mapping[str, Work]
    lease: timedelta = jobs.DEFAULT_LEASE

    def run(self, job_id: str) -> None:
        jobs.run_job(self.make_uow, job_id, self.works, lease=self.lease)

    def stale_jobs(self) -> list[str]:
        return jobs.resume_stale_jobs(self.make_uow(), lease=self.lease)


class TaskQueue(Protocol):
    description: str

    def submit(self, job_id: str) -> None:
        """Hand the job to a worker (its kind says what it does)."""
        ...

    def resume(self) -> int: ...
    def reachable(self) -> bool: ...


class InlineQueue:
    """Runs each task at once in the caller's thread (``PHRASEBOOK_QUEUE_URL=inline``)."""

    description = "inline (no queue: work runs in the request)"

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def submit(self, job_id: str) -> None:
        self.runner.run(job_id)

    def resume(self) -> int:
        stale = self.runner.stale_jobs()
        for job_id in stale:
            self.runner.run(job_id)
        return len(stale)

    def reachable(self) -> bool:
        return True


class HueyQueue:
    def __init__(self, huey: Huey, runner: Runner, description: str) -> None:
        from huey import crontab

        self.huey = huey
        self.runner = runner
        self.description = description
        self._run = huey.task(
            retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=2, name="run_job"
        )(runner.run)
        huey.periodic_task(crontab(), name="resume_stale_jobs")(self.resume)

    def submit(self, job_id: str) -> None:
        self._run(job_id)

    def resume(self) -> int:
        """Hand the jobs that lost their worker to the queue again; how many."""
        stale = self.runner.stale_jobs()
        for job_id in stale:
            self._run(job_id)
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
            workers=workers,
            worker_type="thread",
            periodic=True,
            initial_delay=0.1,
            max_delay=1.0,
        )

    @property
    def in_serve(self) -> bool:
        """Consumed by threads of ``phrasebook serve`` (SQLite: one machine) rather than by
        ``phrasebook worker`` processes."""
        from huey import SqliteHuey

        return isinstance(self.huey, SqliteHuey)


def queue_url(settings: Settings) -> str:
    url: str = settings.value("PHRASEBOOK_QUEUE_URL")
    return url


def open_queue(settings: Settings, runner: Runner) -> InlineQueue | HueyQueue:
    """The queue ``PHRASEBOOK_QUEUE_URL`` names (see the module docstring)."""
    url = queue_url(settings)
    if url == "inline":
        return InlineQueue(runner)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from huey import RedisHuey

        shown = without_credentials(url)
        return HueyQueue(RedisHuey("phrasebook", url=url), runner, f"Redis ({shown})")
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
