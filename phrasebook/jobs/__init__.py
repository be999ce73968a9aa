"""Background jobs: long work a user starts (a batch fill, an audio build, a field kit), run by
a worker of the task queue (phrasebook.tasks), with its progress recorded in the database for
anyone to poll (``GET /api/v1/jobs/<id>``) from any process.

A job is *created* once per thing it makes (its ``key``): starting the same work while a live
job has it joins that job. It is *taken* by one worker at a time: :func:`run_job` moves it to
``running`` only if nobody changed it since it was read (``JobRepository.take``), then keeps
it alive with a heartbeat (``updated_at``, at every progress step and every third of the
lease). A job whose heartbeat is older than the lease has lost its worker (killed, machine
gone): :func:`resume_stale_jobs` hands it to the queue again, at most ``MAX_ATTEMPTS`` times,
then marks it failed with the reason. Every kind of work is idempotent (a fill writes only
missing translations, an audio build skips cached clips, a kit is written whole under a
temporary name), so a job taken up again skips what is done and never writes anything twice.

What each kind does is a :data:`Work`: a plain function of the job's order and a progress
callback, returning its :class:`Outcome`; ``phrasebook.tasks.Runner`` maps kinds to works.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError

from ..errors import Busy, ConcurrentEdit, NotFound
from ..models import utcnow
from .models import Job, JobKind, JobStatus

if TYPE_CHECKING:  # (the unit of work imports this package's repository)
    from ..config import Settings
    from ..uow import UnitOfWork

__all__ = [
    "DEFAULT_LEASE",
    "MAX_ATTEMPTS",
    "TRANSIENT_ERRORS",
    "Job",
    "JobKind",
    "JobOrder",
    "JobStatus",
    "Outcome",
    "Progress",
    "Work",
    "create_job",
    "job_status",
    "lease_from",
    "resume_stale_jobs",
    "run_job",
]

DEFAULT_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 3  # times a job is started again after losing its worker
# Errors a retry may not meet (the database busy or away for a moment, another writer
# committing the same row first): the task queue retries the job with backoff; anything else
# fails it with its reason. A step that lost such a race wrote nothing (its transaction was
# rolled back), and every step re-reads what it still has to do.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (Busy, ConcurrentEdit, OperationalError)
MAX_ERRORS_KEPT = 100


@dataclass(frozen=True)
class JobOrder:
    """What a worker is asked to do: the job as plain values."""

    id: str
    kind: str
    params: Mapping[str, Any]
    started_by: str


@dataclass
class Outcome:
    """What a work reports at its end."""

    total: int
    message: str
    result: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]  # (done, total)
Work = Callable[[JobOrder, Progress], Outcome]


def lease_from(settings: Settings) -> timedelta:
    """``PHRASEBOOK_JOB_LEASE_SECONDS``: how long a job may go without a heartbeat."""
    return timedelta(seconds=settings.value("PHRASEBOOK_JOB_LEASE_SECONDS"))


def _view(job: Job) -> dict[str, Any]:
    # The kind's own values (its params, then its result) sit beside the common ones.
    return {
        **dict(job.params or {}),
        **dict(job.result or {}),
        "id": job.id,
        "kind": job.kind,
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "errors": list(job.errors or []),
        "message": job.message,
    }


def create_job(
    uow: UnitOfWork,
    *,
    kind: JobKind,
    key: str,
    params: Mapping[str, Any],
    by: str,
    lease: timedelta = DEFAULT_LEASE,
) -> str:
    """A queued job making ``key``; if a live one (queued or running, its worker beating)
    already makes it, that job's id instead. The caller checked ``params``."""
    with uow:
        now = utcnow()
        for job in uow.jobs.with_key(key):
            if job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and now - job.updated_at < lease:
                return job.id
        job = Job(
            id=uuid.uuid4().hex,
            kind=kind.value,
            key=key,
            params=dict(params),
            status=JobStatus.QUEUED,
            done=0,
            total=0,
            result={},
            errors=[],
            message="",
            created_at=now,
            updated_at=now,
            started_by=by,
            attempts=0,
        )
        uow.jobs.add(job)
        uow.commit()
        return job.id


def job_status(uow: UnitOfWork, job_id: str) -> dict[str, Any]:
    with uow:
        job = uow.jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}")
        return _view(job)


def _update(uow: UnitOfWork, job_id: str, **changes: Any) -> None:
    with uow:
        job = uow.jobs.get(job_id)
        if job is None:
            return
        for name, value in changes.items():
            setattr(job, name, value)
        job.updated_at = utcnow()
        uow.commit()


def _take(uow: UnitOfWork, job_id: str, lease: timedelta) -> JobOrder | None:
    """Move the job to ``running`` for this worker; None when it is finished, or running
    under a live worker, or another worker took it at the same moment."""
    with uow:
        job = uow.jobs.get(job_id)
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return None
        now = utcnow()
        if job.status is JobStatus.RUNNING and now - job.updated_at < lease:
            return None
        order = JobOrder(job.id, job.kind, dict(job.params or {}), job.started_by)
        taken = uow.jobs.take(
            job_id,
            seen=job.updated_at,
            seen_status=job.status,
            status=JobStatus.RUNNING,
            updated_at=now,
            message="",
        )
        uow.commit()
        return order if taken else None


def _beat(
    make_uow: Callable[[], UnitOfWork], job_id: str, every: float, stop: threading.Event
) -> None:
    while not stop.wait(every):
        try:
            _update(make_uow(), job_id)
        except TRANSIENT_ERRORS:
            continue  # the next beat may get through; the lease allows for a few misses


class _Reporter:
    """A work's progress callback: records (done, total) — and so beats — at most every
    ``every`` seconds, so that a work of many quick steps does not write a row per step."""

    def __init__(self, make_uow: Callable[[], UnitOfWork], job_id: str, every: float = 0.5):
        self.make_uow = make_uow
        self.job_id = job_id
        self.every = every
        self.last = -every

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.every or done == total:
            self.last = now
            _update(self.make_uow(), self.job_id, done=done, total=total)


def run_job(
    make_uow: Callable[[], UnitOfWork],
    job_id: str,
    works: Mapping[str, Work],
    *,
    lease: timedelta = DEFAULT_LEASE,
) -> dict[str, Any] | None:
    """Take the job and run its kind's work to the end, recording progress as it goes; None
    when it was not this worker's to run (see :func:`_take`). A transient error puts the job
    back to ``queued`` and is raised again, for the task queue to retry; any other fails the
    job with its reason."""
    order = _take(make_uow(), job_id, lease)
    if order is None:
        return None
    work = works.get(order.kind)
    if work is None:
        message = f"this worker cannot run {order.kind!r} jobs"
        _update(make_uow(), job_id, status=JobStatus.FAILED, message=message)
        return job_status(make_uow(), job_id)
    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_beat,
        args=(make_uow, job_id, lease.total_seconds() / 3, stop),
        name=f"job-heartbeat-{job_id}",
        daemon=True,
    )
    heartbeat.start()
    try:
        outcome = work(order, _Reporter(make_uow, job_id))
    except TRANSIENT_ERRORS as exc:
        _update(make_uow(), job_id, status=JobStatus.QUEUED, message=f"will retry: {exc}")
        raise
    except Exception as exc:  # the job records any failure; nobody else would see it
        _update(make_uow(), job_id, status=JobStatus.FAILED, message=str(exc))
        return job_status(make_uow(), job_id)
    finally:
        stop.set()
        heartbeat.join()
    _update(
        make_uow(),
        job_id,
        status=JobStatus.DONE,
        done=outcome.total,
        total=outcome.total,
        result=outcome.result,
        errors=outcome.errors[:MAX_ERRORS_KEPT],
        message=outcome.message,
    )
    return job_status(make_uow(), job_id)


def resume_stale_jobs(
    uow: UnitOfWork, *, lease: timedelta = DEFAULT_LEASE, max_attempts: int = MAX_ATTEMPTS
) -> list[str]:
    """Jobs to hand to the queue again: queued ones nobody has taken for a lease (the queue
    may have lost them with a worker), and running ones whose worker stopped beating — those
    at most ``max_attempts`` times, then failed with the reason."""
    again: list[str] = []
    with uow:
        now = utcnow()
        for job in uow.jobs.active():
            if now - job.updated_at < lease:
                continue
            seen: dict[str, Any] = {
                "seen": job.updated_at,
                "seen_status": job.status,
                "updated_at": now,
            }
            if job.status is JobStatus.QUEUED:
                if uow.jobs.take(job.id, **seen):
                    again.append(job.id)
            elif job.attempts + 1 > max_attempts:
                reason = f"its worker stopped {job.attempts + 1} times; start it again"
                uow.jobs.take(job.id, **seen, status=JobStatus.FAILED, message=reason)
            elif uow.jobs.take(
                job.id,
                **seen,
                status=JobStatus.QUEUED,
                attempts=job.attempts + 1,
                message="taken up again: its worker had stopped",
            ):
                again.append(job.id)
        uow.commit()
    return again
