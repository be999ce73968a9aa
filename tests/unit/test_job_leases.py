"""Background jobs on a task queue (phrasebook.jobs), through fill jobs: one worker takes a
job, a heartbeat keeps it, a job whose worker stopped is taken up again or failed with the
reason (fake unit of work, fake engine)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from phrasebook import editing
from phrasebook.config import ConfigError, Settings
from phrasebook.jobs import (
    MAX_ATTEMPTS,
    JobStatus,
    job_status,
    lease_from,
    resume_stale_jobs,
    run_job,
)
from phrasebook.models import PhraseSet, utcnow
from phrasebook.mt import FakeEngine
from phrasebook.mt.jobs import FillWork, create_fill_job
from tests.fakes import FakeUnitOfWork

LANGUAGES = ("ko", "uk", "ru", "en")
LEASE = timedelta(seconds=60)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    unit = FakeUnitOfWork()
    unit.sets.add(PhraseSet(slug="field", names={"en": "Field"}, descriptions={}, position=0))
    for uid in ("water", "doctor", "stop"):
        editing.create_phrase(
            unit, uid=uid, category="basics", texts={"en": f"Where is the {uid}?"}, by="seed",
            languages=LANGUAGES, sets=["field"],
        )  # fmt: skip
    return unit


def new_job(uow: FakeUnitOfWork) -> str:
    return create_fill_job(
        uow, set_slug="field", source_lang="en", target_lang="ko", by="editor", lease=LEASE
    )


def age(uow: FakeUnitOfWork, job_id: str, by: timedelta, status: JobStatus) -> None:
    with uow:
        job = uow.jobs.get(job_id)
        assert job is not None
        job.status = status
        job.updated_at = utcnow() - by
        uow.commit()


def run(uow: FakeUnitOfWork, job_id: str) -> dict[str, object] | None:
    works = {"fill": FillWork(lambda: uow, FakeEngine, LANGUAGES)}
    return run_job(lambda: uow, job_id, works, lease=LEASE)


def test_a_job_is_run_once_by_whoever_takes_it(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    done = run(uow, job_id)
    assert done is not None and (done["status"], done["filled"]) == ("done", 3)
    phrase = uow.phrases.get("water")
    assert phrase is not None and phrase.translations["ko"].history[-1].changed_by == "editor"
    assert run(uow, job_id) is None  # finished: nothing to take


def test_a_running_job_with_a_live_heartbeat_is_left_to_its_worker(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    age(uow, job_id, timedelta(seconds=5), JobStatus.RUNNING)
    assert run(uow, job_id) is None
    assert resume_stale_jobs(uow, lease=LEASE) == []
    assert job_status(uow, job_id)["status"] == "running"


def test_a_job_whose_worker_stopped_is_taken_up_again_and_finishes(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    age(uow, job_id, LEASE + timedelta(seconds=1), JobStatus.RUNNING)
    assert resume_stale_jobs(uow, lease=LEASE) == [job_id]
    status = job_status(uow, job_id)
    assert status["status"] == "queued" and "worker had stopped" in str(status["message"])
    job = uow.jobs.get(job_id)
    assert job is not None and job.attempts == 1
    assert resume_stale_jobs(uow, lease=LEASE) == []  # fresh again: handed over once
    done = run(uow, job_id)
    assert done is not None and (done["status"], done["filled"]) == ("done", 3)


def test_a_job_that_keeps_losing_its_worker_fails_with_the_reason(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    for _ in range(MAX_ATTEMPTS):
        age(uow, job_id, LEASE * 2, JobStatus.RUNNING)
        assert resume_stale_jobs(uow, lease=LEASE) == [job_id]
    age(uow, job_id, LEASE * 2, JobStatus.RUNNING)
    assert resume_stale_jobs(uow, lease=LEASE) == []
    status = job_status(uow, job_id)
    assert status["status"] == "failed"
    assert status["message"] == f"its worker stopped {MAX_ATTEMPTS + 1} times; start it again"


def test_a_queued_job_the_queue_lost_is_handed_over_without_counting(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    age(uow, job_id, LEASE * 2, JobStatus.QUEUED)
    assert resume_stale_jobs(uow, lease=LEASE) == [job_id]
    job = uow.jobs.get(job_id)
    assert job is not None and job.attempts == 0 and job.status is JobStatus.QUEUED


def test_two_takers_of_one_job_one_wins(uow: FakeUnitOfWork) -> None:
    job_id = new_job(uow)
    job = uow.jobs.get(job_id)
    assert job is not None
    seen, status = job.updated_at, job.status
    taken = [
        uow.jobs.take(
            job_id, seen=seen, seen_status=status, status=JobStatus.RUNNING, updated_at=utcnow()
        )
        for _worker in range(2)
    ]
    assert taken == [True, False]


@pytest.mark.parametrize("raw", ["0", "soon", "-5"])
def test_a_lease_setting_that_is_no_duration_is_refused(raw: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^PHRASEBOOK_JOB_LEASE_SECONDS: "):
        Settings(data_dir=tmp_path, env={"PHRASEBOOK_JOB_LEASE_SECONDS": raw})
    ninety = Settings(data_dir=tmp_path, env={"PHRASEBOOK_JOB_LEASE_SECONDS": "90"})
    assert lease_from(ninety) == timedelta(seconds=90)
    assert lease_from(Settings(data_dir=tmp_path)) == timedelta(minutes=2)
