"""The composition root: from the settings, everything a process of phrasebook works with —
the store, the task queue and the work each kind of job does, the machine-translation engine,
the audio service, the kit builder and the PDF renderer — wired in one place.

``create_app`` (the web processes), every command of ``phrasebook`` and ``phrasebook worker``
call :func:`bootstrap`; nothing else builds these objects, so the web app, the command line
and the worker always do the same work the same way. Heavy parts (CTranslate2 models, the
espeak-ng library, fpdf2) load on first use, not here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from .audio.jobs import AudioBuildWork
from .jobs import JobKind, Progress, Work, lease_from
from .kit.jobs import KITS_DIR, KitFiles, KitWork
from .mt import MTEngine, engine_from_settings
from .mt.jobs import FillWork
from .store import Store
from .tasks import HueyQueue, InlineQueue, Runner, open_queue

if TYPE_CHECKING:
    from .audio.service import AudioService
    from .config import Settings
    from .kit import Kit, KitRequest
    from .pdf.renderer import PdfRenderer


class Runtime:
    """The wired objects of one process (see the module docstring)."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._audio: AudioService | None = None
        self._audio_lock = threading.Lock()
        self._queue: InlineQueue | HueyQueue | None = None
        self._queue_lock = threading.Lock()
        # The fill work owns the process's MT engine: suggestions and fills share one copy of
        # the models (they load on the first translation).
        self.fill = FillWork(store.uow, lambda: engine_from_settings(settings), settings.languages)
        self.kit_files = KitFiles(settings.data_dir / KITS_DIR)
        works: dict[str, Work] = {
            JobKind.FILL: self.fill,
            JobKind.AUDIO: AudioBuildWork(store.uow, self.audio),
            JobKind.KIT: KitWork(self._kit_for_job, self.kit_files),
        }
        self.runner = Runner(store.uow, works, lease_from(settings))

    # -- the task queue: opened on first use (a command that never enqueues never opens it)
    @property
    def queue(self) -> InlineQueue | HueyQueue:
        with self._queue_lock:
            if self._queue is None:
                self._queue = open_queue(self.settings, self.runner)
            return self._queue

    def engine(self) -> MTEngine:
        """The process-wide MT engine (the fill work's)."""
        return self.fill.engine()

    def audio(self) -> AudioService:
        """The process's audio service, built on first use and shared by every thread."""
        with self._audio_lock:
            if self._audio is None:
                from .audio.service import AudioService

                self._audio = AudioService(self.settings)
            return self._audio

    def use_audio(self, service: AudioService) -> None:
        """Put another audio service in (tests: one with fake engines)."""
        with self._audio_lock:
            if self._audio is not None and self._audio is not service:
                self._audio.close()
            self._audio = service

    def kit(
        self,
        request: KitRequest,
        *,
        made_at: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Kit:
        """The field kit ``request`` asks for, with audio from this process's service."""
        from .kit.installation import installation_kit

        audio = self.audio() if request.audio else None
        return installation_kit(self.store, request, audio, made_at=made_at, progress=progress)

    def _kit_for_job(self, request: KitRequest, progress: Progress) -> Kit:
        return self.kit(request, progress=progress)

    def pdf_renderer(self) -> PdfRenderer:
        from .pdf.render_fpdf import FpdfRenderer  # (fpdf2 and fontTools: ~0.7 s to import)

        return FpdfRenderer()

    def close(self) -> None:
        with self._audio_lock:
            if self._audio is not None:
                self._audio.close()
                self._audio = None


def bootstrap(settings: Settings, store: Store | None = None) -> Runtime:
    """Wire a process from ``settings`` (and an opened ``store``, else one opened here)."""
    return Runtime(settings, store if store is not None else Store.open(settings))
