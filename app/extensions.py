"""Access to the objects the factory binds to the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

if TYPE_CHECKING:
    from phrasebook.audio.service import AudioService
    from phrasebook.bootstrap import Runtime
    from phrasebook.mt import MTEngine
    from phrasebook.store import Store
    from phrasebook.tasks import HueyQueue, InlineQueue

# Bound to the app in create_app; every POST/PUT/PATCH/DELETE needs a CSRF token, except
# JSON API calls signed with a bearer token (see app/api).
csrf = CSRFProtect()
# Bound in create_app by app.i18n.init_i18n (locale selector, catalog folder).
babel = Babel()
RUNTIME_KEY = "phrasebook"  # app.extensions[RUNTIME_KEY]: the process's phrasebook.bootstrap


def get_runtime() -> Runtime:
    runtime: Runtime = current_app.extensions[RUNTIME_KEY]
    return runtime


def get_store() -> Store:
    return get_runtime().store


def get_queue() -> InlineQueue | HueyQueue:
    return get_runtime().queue


def get_engine() -> MTEngine:
    """The process-wide MT engine (models load on first translation, not at start-up)."""
    return get_runtime().engine()


def get_audio_service() -> AudioService:
    return get_runtime().audio()
