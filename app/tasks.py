"""The task queue of the web app's process (and of ``phrasebook worker``): which work each
kind of background job does here, in one visible place, and the queue it goes through
(phrasebook.tasks). The web processes enqueue; consumers (threads of ``phrasebook serve`` or
``phrasebook worker`` processes) run the work with the same wiring."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app

from phrasebook.audio.jobs import AudioBuildWork
from phrasebook.jobs import JobKind, Progress, Work, lease_from
from phrasebook.kit.jobs import KITS_DIR, KitFiles, KitWork
from phrasebook.mt import MTEngine, engine_from_settings
from phrasebook.mt.jobs import FillWork
from phrasebook.tasks import HueyQueue, InlineQueue, Runner, open_queue

if TYPE_CHECKING:
    from phrasebook.config import Settings
    from phrasebook.kit import Kit, KitRequest
    from phrasebook.store import Store

QUEUE_KEY = "phrasebook_queue"
FILL_KEY = "phrasebook_fill_work"


def runner_for(
    store: Store, extensions: MutableMapping[str, Any], settings: Settings | None = None
) -> tuple[Runner, FillWork]:
    """The runner of this process, and its fill work (whose MT engine the suggestions share).
    ``extensions``: where the audio service is kept (the app's, or a worker's own dict)."""
    from .audio import audio_service_in
    from .kit import kit_of

    settings = settings or store.settings
    fill = FillWork(store.uow, lambda: engine_from_settings(settings.extra), settings.languages)

    def build_kit(request: KitRequest, progress: Progress) -> Kit:
        audio = audio_service_in(extensions, settings) if request.audio else None
        return kit_of(store, request, audio, progress=progress)

    works: dict[str, Work] = {
        JobKind.FILL: fill,
        JobKind.AUDIO: AudioBuildWork(store.uow, lambda: audio_service_in(extensions, settings)),
        JobKind.KIT: KitWork(build_kit, KitFiles(settings.data_dir / KITS_DIR)),
    }
    return Runner(store.uow, works, lease_from(settings.extra)), fill


def get_queue() -> InlineQueue | HueyQueue:
    queue: InlineQueue | HueyQueue = current_app.extensions[QUEUE_KEY]
    return queue


def get_engine() -> MTEngine:
    """The process-wide MT engine (models load on first translation, not at start-up),
    shared with the queue's fill work, so that consumer threads do not load a second copy."""
    fill: FillWork = current_app.extensions[FILL_KEY]
    return fill.engine()


def kit_files() -> KitFiles:
    return KitFiles(current_app.extensions["phrasebook_store"].settings.data_dir / KITS_DIR)


def init_app(app: Flask) -> None:
    """Open the task queue (phrasebook.tasks) the background jobs go to."""
    store = app.extensions["phrasebook_store"]
    settings = app.config["PHRASEBOOK_SETTINGS"]  # (a test's may differ from its store's)
    runner, fill = runner_for(store, app.extensions, settings)
    app.extensions[QUEUE_KEY] = open_queue(settings, runner)
    app.extensions[FILL_KEY] = fill
