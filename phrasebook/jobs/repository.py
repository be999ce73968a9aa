"""Storage of background jobs (the unit of work's ``jobs`` repository)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from .models import Job, JobStatus

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobRepository(Protocol):
    def get(self, job_id: str) -> Job | None: ...
    def with_key(self, key: str) -> list[Job]: ...
    def add(self, job: Job) -> None: ...
    def active(self) -> list[Job]: ...
    def take(self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any) -> bool:
        """Apply ``changes`` to the job only if nobody changed it since it was read with
        ``updated_at`` ``seen`` and status ``seen_status``: of two workers or reapers, exactly
        one takes it (times are kept to the second: the status tells two takers apart)."""
        ...


class SqlJobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, job_id: str) -> Job | None:
        return self.session.get(Job, job_id)

    def with_key(self, key: str) -> list[Job]:
        return list(self.session.scalars(select(Job).where(Job.key == key)))

    def add(self, job: Job) -> None:
        self.session.add(job)

    def active(self) -> list[Job]:
        return list(self.session.scalars(select(Job).where(Job.status.in_(ACTIVE))))

    def take(self, job_id: str, *, seen: datetime, seen_status: JobStatus, **changes: Any) -> bool:
        result = self.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.updated_at == seen, Job.status == seen_status)
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
        job = self.session.get(Job, job_id)
        if job is not None:
            self.session.expire(job)
        return cast(CursorResult[Any], result).rowcount == 1
