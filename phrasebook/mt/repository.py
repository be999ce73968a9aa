"""Storage of machine translation: the translation cache and fill jobs (the unit of work's
``mt`` repository)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from .models import JobStatus, MtCacheEntry, MtJob


class MtRepository(Protocol):
    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]: ...
    def add_cache_entry(self, entry: MtCacheEntry) -> None: ...
    def job(self, job_id: str) -> MtJob | None: ...
    def jobs_for(self, set_slug: str, target_lang: str) -> list[MtJob]: ...
    def add_job(self, job: MtJob) -> None: ...
    def active_jobs(self) -> list[MtJob]: ...
    def take_job(
        self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any
    ) -> bool: ...


class SqlMtRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]:
        if not keys:
            return {}
        rows = self.session.execute(
            select(MtCacheEntry.key, MtCacheEntry.alternatives).where(
                MtCacheEntry.key.in_(list(keys))
            )
        )
        return {key: list(alternatives) for key, alternatives in rows}

    def add_cache_entry(self, entry: MtCacheEntry) -> None:
        self.session.add(entry)

    def job(self, job_id: str) -> MtJob | None:
        return self.session.get(MtJob, job_id)

    def jobs_for(self, set_slug: str, target_lang: str) -> list[MtJob]:
        return list(
            self.session.scalars(
                select(MtJob).where(MtJob.set_slug == set_slug, MtJob.target_lang == target_lang)
            )
        )

    def add_job(self, job: MtJob) -> None:
        self.session.add(job)

    def active_jobs(self) -> list[MtJob]:
        active = (JobStatus.QUEUED, JobStatus.RUNNING)
        return list(self.session.scalars(select(MtJob).where(MtJob.status.in_(active))))

    def take_job(
        self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any
    ) -> bool:
        """Apply ``changes`` to the job only if nobody changed it since it was read with
        ``updated_at`` ``seen`` and status ``seen_status``: of two workers or reapers, exactly
        one takes it (times are kept to the second: the status tells two takers apart)."""
        result = self.session.execute(
            update(MtJob)
            .where(MtJob.id == job_id, MtJob.updated_at == seen, MtJob.status == seen_status)
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
        job = self.session.get(MtJob, job_id)
        if job is not None:
            self.session.expire(job)
        return cast(CursorResult[Any], result).rowcount == 1


class FakeMtRepository:
    def __init__(self) -> None:
        self.entries: dict[str, MtCacheEntry] = {}
        self.jobs: dict[str, MtJob] = {}

    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]:
        return {k: list(self.entries[k].alternatives) for k in keys if k in self.entries}

    def add_cache_entry(self, entry: MtCacheEntry) -> None:
        self.entries[entry.key] = entry

    def job(self, job_id: str) -> MtJob | None:
        return self.jobs.get(job_id)

    def jobs_for(self, set_slug: str, target_lang: str) -> list[MtJob]:
        return [
            j for j in self.jobs.values() if j.set_slug == set_slug and j.target_lang == target_lang
        ]

    def add_job(self, job: MtJob) -> None:
        self.jobs[job.id] = job

    def active_jobs(self) -> list[MtJob]:
        active = (JobStatus.QUEUED, JobStatus.RUNNING)
        return [job for job in self.jobs.values() if job.status in active]

    def take_job(
        self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any
    ) -> bool:
        job = self.jobs.get(job_id)
        if job is None or job.updated_at != seen or job.status != seen_status:
            return False
        for name, value in changes.items():
            setattr(job, name, value)
        return True
