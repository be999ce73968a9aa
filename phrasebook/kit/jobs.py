"""Kit jobs: a field kit built for download as a background job (phrasebook.jobs), its file
kept in the data folder (``<data dir>/kits``) for every process to serve.

A kit file is named by what it holds: a hash of the kit's request and the program's version,
and the store's generation (``UnitOfWork.generation``: it moves with every committed change).
``GET /kit.html`` serves the file of the current generation when it is there, and otherwise
starts (or joins) the job making it. Writing a newer kit of the same request removes the older
ones. Files are written whole under a temporary name and renamed (phrasebook.files), so any
process reading the shared folder sees a whole kit or none, and a job taken up again after
its worker died just builds the file again.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import TEMPORARY_SUFFIX, write_atomically
from ..jobs import DEFAULT_LEASE, JobKind, JobOrder, Outcome, Progress, create_job
from . import Kit, RenderedKit
from .data import KitRequest

if TYPE_CHECKING:
    from ..tasks import TaskQueue
    from ..uow import UnitOfWork

KITS_DIR = "kits"
STALE_TEMPORARY = 3600  # seconds: a temporary file this old was left by a killed writer


def kit_params(request: KitRequest) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in asdict(request).items()
    }


def kit_request_of(params: dict[str, Any]) -> KitRequest:
    return KitRequest(
        reader=params["reader"],
        target=params["target"],
        sets=tuple(params["sets"]),
        categories=tuple(params["categories"]),
        ids=tuple(params["ids"]),
        audio=bool(params["audio"]),
        ui=params["ui"],
    )


def kit_file_name(request: KitRequest, version: str, generation: int) -> str:
    """``<hash of request and version>-<generation>.html``."""
    what = json.dumps([kit_params(request), version], sort_keys=True)
    return f"{hashlib.sha256(what.encode('utf-8')).hexdigest()[:32]}-{generation}.html"


class KitFiles:
    """Built kits in a folder: ``<name>`` holds the HTML, ``<name>.csp`` its policy (written
    first, so that a kit whose HTML is there always has its policy)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, name: str) -> RenderedKit | None:
        html, policy = self.root / name, self.root / f"{name}.csp"
        try:
            return RenderedKit(html.read_text("utf-8"), policy.read_text("utf-8"))
        except FileNotFoundError:
            return None

    def put(self, name: str, kit: RenderedKit) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomically(self.root / f"{name}.csp", kit.content_security_policy.encode("utf-8"))
        write_atomically(self.root / name, kit.html.encode("utf-8"))
        self._remove_older(name)

    def _remove_older(self, name: str) -> None:
        request_hash = name.split("-", 1)[0]
        for path in self.root.glob(f"{request_hash}-*"):
            if not path.name.startswith((name, ".")):
                path.unlink(missing_ok=True)
        now = time.time()
        for path in self.root.glob(f".*{TEMPORARY_SUFFIX}"):
            if now - path.stat().st_mtime > STALE_TEMPORARY:
                path.unlink(missing_ok=True)


class KitWork:
    """The ``kit`` work of a worker: ``build`` makes the kit (the app's, with its interface
    strings and audio service: app/kit.py), ``files`` keeps it."""

    def __init__(self, build: Callable[[KitRequest, Progress], Kit], files: KitFiles) -> None:
        self.build = build
        self.files = files

    def __call__(self, order: JobOrder, progress: Progress) -> Outcome:
        kit = self.build(kit_request_of(dict(order.params["request"])), progress)
        name = order.params["file"]
        self.files.put(name, kit)
        message = f"{kit.phrases} phrases, {kit.clips} clips, {kit.size} bytes"
        result = {"file": name, "phrases": kit.phrases, "clips": kit.clips, "size": kit.size}
        return Outcome(kit.phrases, message, result, kit.missing_audio)


def start_kit_job(
    queue: TaskQueue,
    make_uow: Callable[[], UnitOfWork],
    request: KitRequest,
    *,
    file_name: str,
    by: str,
    lease: timedelta = DEFAULT_LEASE,
) -> str:
    """Create (or join) the job writing the kit ``file_name`` and hand it to the queue."""
    job_id = create_job(
        make_uow(),
        kind=JobKind.KIT,
        key=f"kit:{file_name}",
        params={"request": kit_params(request), "file": file_name},
        by=by,
        lease=lease,
    )
    queue.submit(job_id)
    return job_id
