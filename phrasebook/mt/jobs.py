"""Fill jobs: a batch fill of a phrase set into a language, as a background job
(phrasebook.jobs) run by a worker of the task queue (phrasebook.tasks). Filling is idempotent
(only missing translations are written), so a job taken up again after its worker died skips
what is done and never writes a translation twice."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from .. import editing
from ..jobs import DEFAULT_LEASE, JobKind, JobOrder, Outcome, Progress, create_job
from .engine import MTEngine
from .service import DEFAULT_BATCH_SIZE, fill_set
from .translate import plan_route

if TYPE_CHECKING:
    from ..tasks import TaskQueue
    from ..uow import UnitOfWork


class FillWork:
    """The ``fill`` work of a worker: its process's engine (made on first use and shared with
    the web app's suggestions, so that consumer threads do not load a second copy)."""

    def __init__(
        self,
        make_uow: Callable[[], UnitOfWork],
        make_engine: Callable[[], MTEngine],
        languages: Iterable[str],
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.make_uow = make_uow
        self.make_engine = make_engine
        self.languages = list(languages)
        self.batch_size = batch_size
        self._engine: MTEngine | None = None
        self._lock = threading.Lock()

    def engine(self) -> MTEngine:
        with self._lock:
            if self._engine is None:
                self._engine = self.make_engine()
            return self._engine

    def __call__(self, order: JobOrder, progress: Progress) -> Outcome:
        params = order.params
        report = fill_set(
            self.make_uow(),
            self.engine(),
            set_slug=params["set"],
            source_lang=params["source"],
            target_lang=params["target"],
            by=order.started_by,
            languages=self.languages,
            batch_size=self.batch_size,
            progress=progress,
        )
        return Outcome(report.total, report.summary(), {"filled": report.filled}, report.errors)


def create_fill_job(
    uow: UnitOfWork,
    *,
    set_slug: str,
    source_lang: str,
    target_lang: str,
    by: str = "mt",
    lease: timedelta = DEFAULT_LEASE,
) -> str:
    """A queued fill job (NotFound for an unknown set), or the live one filling the same set
    from the same language into the same language."""
    with uow:
        editing.require_set(uow, set_slug)
    return create_job(
        uow,
        kind=JobKind.FILL,
        key=f"fill:{set_slug}:{source_lang}:{target_lang}",
        params={"set": set_slug, "source": source_lang, "target": target_lang},
        by=by,
        lease=lease,
    )


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
        make_uow(),
        set_slug=set_slug,
        source_lang=source_lang,
        target_lang=target_lang,
        by=by,
        lease=lease,
    )
    queue.submit(job_id)  # (a job already taken by a live worker is left to it)
    return job_id
