"""Storage of machine translation: the translation cache and fill jobs (the unit of work's
``mt`` repository)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import MtCacheEntry, MtJob


class MtRepository(Protocol):
    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]: ...
    def add_cache_entry(self, entry: MtCacheEntry) -> None: ...
    def job(self, job_id: str) -> MtJob | None: ...
    def jobs_for(self, set_slug: str, target_lang: str) -> list[MtJob]: ...
    def add_job(self, job: MtJob) -> None: ...


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
