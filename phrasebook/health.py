"""Health: is this process able to serve, and is the installation set up as it should be.

:func:`readiness` is what ``GET /readyz`` answers (cheap: one query and one reading of the
migration table; the rate-limit storage is pinged by the web app itself); :func:`doctor`
adds what ``phrasebook doctor`` reports about the installation — fonts, speech data, machine
translation packages, the data folder, the secret key — each as one line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .config import Settings, without_credentials
from .db import SCHEMA_HEAD, applied_revisions
from .store import Store
from .tasks import TaskQueue


@dataclass(frozen=True)
class Check:
    """One check: ``ok`` False with ``required`` True means the installation cannot work;
    an optional check that fails is a warning (e.g. no translation packages: suggestions off)."""

    name: str
    ok: bool
    detail: str
    required: bool = True

    @property
    def level(self) -> str:
        if self.ok:
            return "ok"
        return "error" if self.required else "warning"

    def line(self) -> str:
        return f"{self.level:<7} {self.name}: {self.detail}"


def _reason(error: BaseException) -> str:
    first = str(error).strip().splitlines()
    return first[0] if first else type(error).__name__


def database(store: Store) -> Check:
    try:
        with store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return Check(
            "database", False, f"unreachable: {_reason(getattr(error, 'orig', None) or error)}"
        )
    return Check("database", True, store.settings.database_display)


def migrations(store: Store) -> Check:
    try:
        applied = applied_revisions(store.engine)
    except SQLAlchemyError as error:
        return Check(
            "migrations", False, f"cannot be read: {_reason(getattr(error, 'orig', None) or error)}"
        )
    if applied == {SCHEMA_HEAD}:
        return Check("migrations", True, f"at {SCHEMA_HEAD}")
    found = ", ".join(sorted(applied)) or "none"
    return Check("migrations", False, f"at {found}, not {SCHEMA_HEAD}: run `phrasebook init`")


def rate_limits(uri: str, answers: Callable[[], bool] | None = None) -> Check:
    """The rate-limit counters every process shares (PHRASEBOOK_RATELIMIT_STORAGE) answer:
    through ``answers`` (the web app's own connection) or a connection made now."""
    shown = without_credentials(uri)
    try:
        if answers is None:
            from limits.storage import storage_from_string

            reachable = bool(storage_from_string(uri).check())  # (a synchronous storage)
        else:
            reachable = answers()
    except Exception as error:  # each storage's client library raises its own errors
        return Check("rate limits", False, f"{shown}: {_reason(error)}")
    if not reachable:
        return Check("rate limits", False, f"{shown}: does not answer")
    return Check("rate limits", True, shown)


def task_queue(queue: TaskQueue) -> Check:
    """The task queue the fill jobs go to answers (PHRASEBOOK_QUEUE_URL)."""
    if queue.reachable():
        return Check("task queue", True, queue.description)
    return Check("task queue", False, f"{queue.description}: does not answer")


def readiness(store: Store, *extra: Callable[[], Check]) -> list[Check]:
    """The database answers and its schema is the one this code expects; then ``extra``
    checks (the rate-limit storage and the task queue). A check after a failed database check
    is not tried (it could only wait for the same timeout)."""
    found = [database(store)]
    if found[0].ok:
        found.append(migrations(store))
        found.extend(check() for check in extra)
    return found


def _data_dir(settings: Settings) -> Check:
    folder = settings.data_dir
    if not folder.is_dir():
        return Check("data folder", False, f"{folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        return Check("data folder", False, f"{folder} is not writable by this user")
    return Check("data folder", True, str(folder))


def _fonts() -> Check:
    from .pdf.fonts import default_stack

    missing = [str(face.path) for face in default_stack() if not face.path.is_file()]
    if missing:
        return Check("PDF fonts", False, "missing " + ", ".join(missing))
    return Check("PDF fonts", True, ", ".join(face.family for face in default_stack()))


def _speech(settings: Settings) -> Check:
    from .audio.espeak import data_path, installed_voices

    try:
        folder = data_path()
        voices = installed_voices()
    except (ImportError, OSError) as error:
        return Check("espeak-ng", False, f"no voice data: {_reason(error)}")
    wanted = [lang.split("-")[0] for lang in settings.languages]
    lacking = [lang for lang in wanted if lang not in voices]
    if lacking:
        return Check("espeak-ng", False, f"no voice for {', '.join(lacking)} in {folder}")
    return Check("espeak-ng", True, f"{len(voices)} voices in {folder}")


def _translation_packages() -> Check:
    from .mt.packages import installed_models

    try:
        models = installed_models()
    except (ImportError, OSError) as error:
        return Check("translation packages", False, _reason(error), required=False)
    if not models:
        return Check(
            "translation packages",
            False,
            "none installed: no machine suggestions (`phrasebook models install FILE.argosmodel`)",
            required=False,
        )
    pairs = ", ".join(f"{m.from_code}→{m.to_code}" for m in models)
    return Check("translation packages", True, pairs, required=False)


def _secret_key(settings: Settings, key_file: Path) -> Check:
    if settings.is_set("PHRASEBOOK_SECRET_KEY"):
        return Check("secret key", True, "from PHRASEBOOK_SECRET_KEY")
    if key_file.is_file():
        return Check(
            "secret key",
            True,
            f"{key_file} (every process must read this same file, or set PHRASEBOOK_SECRET_KEY)",
        )
    return Check("secret key", True, f"{key_file} will be created by the first web process")


def doctor(store: Store, *extra: Callable[[], Check], key_file: Path) -> list[Check]:
    """Everything :func:`readiness` checks, then the installation: data folder, PDF fonts,
    espeak-ng voices for every configured language, translation packages, secret key."""
    settings = store.settings
    return [
        *readiness(store, *extra),
        _data_dir(settings),
        _fonts(),
        _speech(settings),
        _translation_packages(),
        _secret_key(settings, key_file),
    ]
