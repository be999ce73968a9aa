"""The task queue in tests: consume a real Huey queue with threads of the test process, and
wait for a fill job to end (polling the database, as a client polls the API)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from phrasebook.jobs import job_status
from phrasebook.tasks import HueyQueue, start_in_threads
from phrasebook.uow import UnitOfWork


@contextmanager
def consuming(queue: HueyQueue, workers: int = 1) -> Iterator[None]:
    consumer = start_in_threads(queue, workers)
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def finished_job(
    make_uow: Callable[[], UnitOfWork], job_id: str, timeout: float = 60
) -> dict[str, Any]:
    """The job's status once it is done or failed (fails the test after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        status = job_status(make_uow(), job_id)
        if status["status"] in ("done", "failed"):
            return status
        assert time.monotonic() < deadline, f"job still {status['status']}: {status}"
        time.sleep(0.1)
