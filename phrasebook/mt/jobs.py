"""Fill jobs: a batch fill of a phrase set run in a background thread of this process, with
its progress recorded in the database for anyone to poll (``GET /api/v1/jobs/<id>``)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from .. import editing
from ..errors import NotFound
from ..models import utcnow
from ..uow import UnitOfWork
from .engine import MTEngine
from .models import JobStatus, MtJob
from .service import DEFAULT_BATCH_SIZE, fill_set
from .translate import plan_route

# A queued or running job not updated for this long is taken as abandoned: a new request
# for the same set and language starts another.
STALE_JOB_AFTER = timedelta(minutes=10)


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


def create_fill_job(uow: UnitOfWork, *, set_slug: str, source_lang: str, target_lang: str) -> str:
    """A queued job; if one for the same set and language is already queued or running (and
    not stale), its id instead."""
    with uow:
        editing.require_set(uow, set_slug)  # NotFound for an unknown set
        repository = uow.mt
        now = utcnow()
        for job in repository.jobs_for(set_slug, target_lang):
            active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
            if active and now - job.updated_at < STALE_JOB_AFTER:
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


def run_fill_job(
    uow: UnitOfWork,
    engine: MTEngine,
    job_id: str,
    *,
    by: str,
    languages: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> dict[str, Any]:
    """Run a queued job to its end, recording progress after each batch."""
    view = job_status(uow, job_id)
    _update_job(uow, job_id, status=JobStatus.RUNNING)
    try:
        report = fill_set(
            uow,
            engine,
            set_slug=view["set"],
            source_lang=view["source"],
            target_lang=view["target"],
            by=by,
            languages=languages,
            batch_size=batch_size,
            progress=lambda done, total: _update_job(uow, job_id, done=done, total=total),
        )
    except Exception as exc:  # the job records any failure; nobody else would see it
        _update_job(uow, job_id, status=JobStatus.FAILED, message=str(exc))
        return job_status(uow, job_id)
    _update_job(
        uow,
        job_id,
        status=JobStatus.DONE,
        done=report.total,
        total=report.total,
        filled=report.filled,
        errors=report.errors[:100],
        message=report.summary(),
    )
    return job_status(uow, job_id)


_WORKERS: dict[str, threading.Thread] = {}
_WORKERS_LOCK = threading.Lock()


def start_fill_job(
    make_uow: Callable[[], UnitOfWork],
    engine: MTEngine,
    *,
    set_slug: str,
    source_lang: str,
    target_lang: str,
    by: str,
    languages: Iterable[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> str:
    """Create (or join) a fill job and run it in a background thread; returns the job id."""
    languages = list(languages)
    plan_route(engine, source_lang, target_lang)
    job_id = create_fill_job(
        make_uow(), set_slug=set_slug, source_lang=source_lang, target_lang=target_lang
    )
    with _WORKERS_LOCK:
        for finished in [key for key, thread in _WORKERS.items() if not thread.is_alive()]:
            del _WORKERS[finished]
        running = _WORKERS.get(job_id)
        if running is not None and running.is_alive():
            return job_id
        worker = threading.Thread(
            target=run_fill_job,
            args=(make_uow(), engine, job_id),
            kwargs={"by": by, "languages": languages, "batch_size": batch_size},
            name=f"mt-fill-{job_id}",
            daemon=True,
        )
        _WORKERS[job_id] = worker
        worker.start()
    return job_id


def wait_for_job(job_id: str, timeout: float | None = None) -> bool:
    """Wait for this process's worker of ``job_id``; True when it has finished."""
    with _WORKERS_LOCK:
        worker = _WORKERS.get(job_id)
    if worker is None:
        return True
    worker.join(timeout)
    return not worker.is_alive()
