"""Fill jobs: a batch fill of a phrase set, run by a worker of the task queue
(phrasebook.tasks), with its progress recorded in the database for anyone to poll
(``GET /api/v1/jobs/<id>``) from any process.

A job is *taken* by one worker at a time: :func:`run_fill_job` moves it to ``running`` only if
nobody changed it since it was read (``MtRepository.take_job``), then keeps it alive with a
heartbeat (``updated_at``, after every batch and every third of the lease). A job whose
heartbeat is older than the lease has lost its worker (killed, machine gone):
:func:`resume_stale_jobs` hands it to the queue again, at most ``MAX_ATTEMPTS`` times, then
marks it failed with the reason. Filling is idempotent (only missing translations are written),
so a job taken up again skips what is done and never writes a translation twice.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError

from .. import editing
from ..errors import Busy, NotFound
from ..models import utcnow
from ..uow import UnitOfWork

if TYPE_CHECKING:
    from ..tasks import TaskQueue
from .engine import MTEngine
from .models import JobStatus, MtJob
from .service import DEFAULT_BATCH_SIZE, fill_set
from .translate import plan_route

DEFAULT_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 3  # times a job is started again after losing its worker
# Errors a retry may not meet (the database busy or away for a moment): the task queue
# retries the job with backoff; anything else fails it with its reason.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (Busy, OperationalError)


def lease_from(extra: Mapping[str, str]) -> timedelta:
    """``PHRASEBOOK_JOB_LEASE_SECONDS``: how long a job may go without a heartbeat."""
    raw = extra.get("PHRASEBOOK_JOB_LEASE_SECONDS", "").strip()
    if not raw:
        return DEFAULT_LEASE
    from ..config import ConfigError

    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise ConfigError(f"PHRASEBOOK_JOB_LEASE_SECONDS={raw!r}: not a number of seconds >= 1")
    return timedelta(seconds=seconds)


def _job_view(job: MtJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "set": job.set_slug,
        "source": job.source_lang,
        "target": job.target_lang,
        "status": job.status.value,
        "done": job.done,
        "total": job.total,
        "filled": job.filled,
        "errors": list(job.errors or []),
        "message": job.message,
    }


def create_fill_job(
    uow: UnitOfWork, *, set_slug: str, source_lang: str, target_lang: str, by: str = "mt",
    lease: timedelta = DEFAULT_LEASE,
) -> str:  # fmt: skip
    """A queued job; if one for the same set and language is already queued or running (and
    its worker alive), its id instead."""
    with uow:
        editing.require_set(uow, set_slug)  # NotFound for an unknown set
        repository = uow.mt
        now = utcnow()
        for job in repository.jobs_for(set_slug, target_lang):
            active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
            if active and now - job.updated_at < lease:
                return job.id
        job = MtJob(
            id=uuid.uuid4().hex,
            set_slug=set_slug,
            source_lang=source_lang,
            target_lang=target_lang,
            status=JobStatus.QUEUED,
            done=0,
            total=0,
            filled=0,
            errors=[],
            message="",
            created_at=now,
            updated_at=now,
            started_by=by,
            attempts=0,
        )
        repository.add_job(job)
        uow.commit()
        return job.id


def job_status(uow: UnitOfWork, job_id: str) -> dict[str, Any]:
    with uow:
        job = uow.mt.job(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}")
        return _job_view(job)


def _update_job(uow: UnitOfWork, job_id: str, **changes: Any) -> None:
    with uow:
        job = uow.mt.job(job_id)
        if job is None:
            return
        for name, value in changes.items():
            setattr(job, name, value)
        job.updated_at = utcnow()
        uow.commit()


def _take(uow: UnitOfWork, job_id: str, lease: timedelta) -> MtJob | None:
    """Move the job to ``running`` for this worker; None when it is finished, or running
    under a live worker, or another worker took it at the same moment."""
    with uow:
        job = uow.mt.job(job_id)
        if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
            return None
        now = utcnow()
        if job.status is JobStatus.RUNNING and now - job.updated_at < lease:
            return None
        taken = uow.mt.take_job(
            job_id,
            seen=job.updated_at,
            seen_status=job.status,
            status=JobStatus.RUNNING,
            updated_at=now,
            message="",
        )
        uow.commit()
        return uow.mt.job(job_id) if taken else None


def _beat(
    make_uow: Callable[[], UnitOfWork], job_id: str, every: float, stop: threading.Event
) -> None:
    while not stop.wait(every):
        try:
            _update_job(make_uow(), job_id)
        except TRANSIENT_ERRORS:
            continue  # the next beat may get through; the lease allows for a few misses


def run_fill_job(
    make_uow: Callable[[], UnitOfWork],
    engine: MTEngine,
    job_id: str,
    *,
    languages: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    lease: timedelta = DEFAULT_LEASE,
) -> dict[str, Any] | None:
    """Take the job and run it to its end, recording progress after each batch; None when
    it was not this worker's to run (see :func:`_take`). A transient error puts the job back
    to ``queued`` and is raised again, for the task queue to retry; any other fails the job
    with its reason."""
    job = _take(make_uow(), job_id, lease)
    if job is None:
        return None
    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_beat, args=(make_uow, job_id, lease.total_seconds() / 3, stop),
        name=f"mt-heartbeat-{job_id}", daemon=True,
    )  # fmt: skip
    heartbeat.start()
    uow = make_uow()
    try:
        report = fill_set(
            uow,
            engine,
            set_slug=job.set_slug,
            source_lang=job.source_lang,
            target_lang=job.target_lang,
            by=job.started_by,
            languages=languages,
            batch_size=batch_size,
            progress=lambda done, total: _update_job(make_uow(), job_id, done=done, total=total),
        )
    except TRANSIENT_ERRORS as exc:
        _update_job(make_uow(), job_id, status=JobStatus.QUEUED, message=f"will retry: {exc}")
        raise
    except Exception as exc:  # the job records any failure; nobody else would see it
        _update_job(make_uow(), job_id, status=JobStatus.FAILED, message=str(exc))
        return job_status(make_uow(), job_id)
    finally:
        stop.set()
        heartbeat.join()
    _update_job(
        make_uow(),
        job_id,
        status=JobStatus.DONE,
        done=report.total,
        total=report.total,
        filled=report.filled,
        errors=report.errors[:100],
        message=report.summary(),
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
        for job in uow.mt.active_jobs():
            if now - job.updated_at < lease:
                continue
            seen: dict[str, Any] = {
                "seen": job.updated_at, "seen_status": job.status, "updated_at": now
            }  # fmt: skip
            if job.status is JobStatus.QUEUED:
                if uow.mt.take_job(job.id, **seen):
                    again.append(job.id)
            elif job.attempts + 1 > max_attempts:
                reason = f"its worker stopped {job.attempts + 1} times; start the fill again"
                uow.mt.take_job(job.id, **seen, status=JobStatus.FAILED, message=reason)
            elif uow.mt.take_job(
                job.id, **seen, status=JobStatus.QUEUED, attempts=job.attempts + 1,
                message="taken up again: its worker had stopped",
            ):  # fmt: skip
                again.append(job.id)
        uow.commit()
    return again


def start_fill_job(
    queue: TaskQueue,
    make_uow: Callable[[], UnitOfWork],
    engine: MTEngine,
    *,
    set_slug: str,
    source_lang: str,
    target_lang: str,
    by: str,
    lease: timedelta = DEFAULT_LEASE,
) -> str:
    """Create (or join) a fill job and hand it to the task queue; returns the job id."""
    plan_route(engine, source_lang, target_lang)  # a missing model fails before any job
    job_id = create_fill_job(
        make_uow(), set_slug=set_slug, source_lang=source_lang, target_lang=target_lang,
        by=by, lease=lease,
    )  # fmt: skip
    queue.fill(job_id)  # (a job already taken by a live worker is left to it: see _take)
    return job_id
