"""Audio build jobs: every clip of a phrase set made into the audio cache, as a background
job (phrasebook.jobs) — what ``phrasebook audio build --set`` does, started from the web.
Idempotent: a clip already cached for the current text is found, not made again, so a job
taken up after its worker died goes on where it stopped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from .. import editing
from ..jobs import DEFAULT_LEASE, JobKind, JobOrder, Outcome, Progress, create_job
from .engine import Speed
from .service import Clip

if TYPE_CHECKING:
    from ..tasks import TaskQueue
    from ..uow import UnitOfWork
    from .service import AudioService


class AudioBuildWork:
    """The ``audio`` work of a worker, with its process's audio service."""

    def __init__(
        self, make_uow: Callable[[], UnitOfWork], audio_service: Callable[[], AudioService]
    ) -> None:
        self.make_uow = make_uow
        self.audio_service = audio_service

    def __call__(self, order: JobOrder, progress: Progress) -> Outcome:
        service = self.audio_service()
        items = service.plan(
            self.make_uow(),
            set_slug=order.params["set"],
            langs=order.params["langs"] or None,
            speeds=[Speed(speed) for speed in order.params["speeds"]],
        )
        errors: list[str] = []
        made = found = 0
        progress(0, len(items))
        for done, (item, outcome) in enumerate(service.build(self.make_uow, items), 1):
            if isinstance(outcome, Clip):
                made, found = (made + 1, found) if outcome.generated else (made, found + 1)
            else:
                errors.append(f"{item.uid}/{item.lang} ({item.speed.value}): {outcome}")
            progress(done, len(items))
        message = f"{made} clips made, {found} already cached, {len(errors)} failed"
        return Outcome(len(items), message, {"made": made, "cached": found}, errors)


def start_audio_job(
    queue: TaskQueue,
    make_uow: Callable[[], UnitOfWork],
    *,
    set_slug: str,
    langs: Sequence[str],
    slow: bool,
    by: str,
    lease: timedelta = DEFAULT_LEASE,
) -> str:
    """Create (or join) the job building the set's clips in ``langs`` (all when empty), the
    slow ones too when ``slow``, and hand it to the queue; NotFound for an unknown set."""
    uow = make_uow()
    with uow:
        editing.require_set(uow, set_slug)
    speeds = [Speed.NORMAL.value] + ([Speed.SLOW.value] if slow else [])
    chosen = sorted(dict.fromkeys(langs))
    job_id = create_job(
        make_uow(),
        kind=JobKind.AUDIO,
        key=f"audio:{set_slug}:{','.join(chosen)}:{slow:d}",
        params={"set": set_slug, "langs": chosen, "speeds": speeds},
        by=by,
        lease=lease,
    )
    queue.submit(job_id)
    return job_id
