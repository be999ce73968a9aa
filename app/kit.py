"""The field kit on the web: ``GET /kit.html`` (the same file ``phrasebook kit`` writes) and
``GET /kit-qr.png``, a QR code pointing at it; and the kit's interface strings, taken from the
web app's message catalogs so the file speaks the reader's language."""

from __future__ import annotations

import io
import ipaddress
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from phrasebook import __version__, reading
from phrasebook.errors import InvalidInput
from phrasebook.interface_language import UI_LOCALES
from phrasebook.kit import KitRequest

from .extensions import get_queue, get_runtime, get_store
from .i18n import current_pair

if TYPE_CHECKING:
    pass

bp = Blueprint("kit", __name__)


def _kit_request() -> KitRequest:
    pair = current_pair()
    args = request.args
    reader = args.get("from") or pair.reader
    target = args.get("to") or pair.target
    ids = tuple(part.strip() for part in args.get("ids", "").split(",") if part.strip())
    ui = args.get("ui") or None
    if ui is not None and ui not in UI_LOCALES:
        raise InvalidInput("?ui", f"{ui!r} is not an interface language")
    return KitRequest(
        reader=reader,
        target=target,
        sets=tuple(dict.fromkeys(args.getlist("set"))),
        categories=tuple(dict.fromkeys(args.getlist("category"))),
        ids=ids,
        audio=args.get("audio", "1") != "0",
        ui=ui,
    )


def kit_filename(kit_request: KitRequest) -> str:
    scope = "-".join(kit_request.sets + kit_request.categories) or (
        "selection" if kit_request.ids else "all"
    )
    return f"phrasebook-{kit_request.reader}-{kit_request.target}-{scope}.html"


KIT_WAIT_SECONDS = 2.0  # a kit made this fast is sent at once, without the waiting page


@bp.get("/kit.html")
def kit_file() -> BaseResponse:
    """The field kit for the visitor's pair (or ``from``/``to``), as a download: the file
    already built for the phrase book as it is now, or else a job building it (and, when it
    takes more than a moment, a redirect to its waiting page)."""
    from phrasebook.jobs import job_status
    from phrasebook.kit.data import check_kit_request
    from phrasebook.kit.jobs import kit_file_name, start_kit_job

    from .auth import current_account

    kit_request = _kit_request()
    store = get_store()
    check_kit_request(store.uow(), kit_request, store.settings.languages)
    name = kit_file_name(kit_request, __version__, reading.generation(store.uow()))
    files = get_runtime().kit_files
    kit = files.get(name)
    if kit is None:
        account = current_account()
        queue = get_queue()
        job_id = start_kit_job(
            queue,
            store.uow,
            kit_request,
            file_name=name,
            by=account.name if account is not None else "reader",
            lease=queue.runner.lease,
        )
        deadline = time.monotonic() + KIT_WAIT_SECONDS
        while (kit := files.get(name)) is None:
            job = job_status(store.uow(), job_id)
            if job["status"] == "failed":
                raise InvalidInput("", job["message"])
            if time.monotonic() > deadline:
                return redirect(url_for("kit.kit_job", job_id=job_id), code=303)
            time.sleep(0.1)
    response = current_app.response_class(kit.html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{kit_filename(kit_request)}"'
    # The file's own policy (hashes of its inline script and style), not the app's.
    response.headers["Content-Security-Policy"] = kit.content_security_policy
    return response


@bp.get("/kit-jobs/<job_id>")
def kit_job(job_id: str) -> BaseResponse:
    """The waiting page of a kit being made: it reloads itself every two seconds (no script:
    a phone that scanned the QR code may have it off) and, once the file is there, sends the
    browser on to the download. A small read, outside the documents' rate limit."""
    from flask import render_template

    from phrasebook.errors import NotFound
    from phrasebook.jobs import JobKind, job_status
    from phrasebook.kit.jobs import kit_request_of

    job = job_status(get_store().uow(), job_id)
    if job["kind"] != JobKind.KIT:
        raise NotFound(f"no kit job {job_id!r}")
    if job["status"] == "failed":
        raise InvalidInput("", job["message"])
    if job["status"] == "done":
        return redirect(_kit_address(kit_request_of(job["request"])))
    page = render_template("kit_wait.html", job=job)
    response = current_app.response_class(page, status=202, mimetype="text/html")
    response.headers["Refresh"] = response.headers["Retry-After"] = "2"
    response.headers["Cache-Control"] = "no-store"
    return response


def _kit_address(kit_request: KitRequest) -> str:
    """The ``/kit.html`` address of ``kit_request`` (what _kit_request reads back)."""
    params: dict[str, Any] = {"from": kit_request.reader, "to": kit_request.target}
    if kit_request.sets:
        params["set"] = list(kit_request.sets)
    if kit_request.categories:
        params["category"] = list(kit_request.categories)
    if kit_request.ids:
        params["ids"] = ",".join(kit_request.ids)
    if not kit_request.audio:
        params["audio"] = "0"
    if kit_request.ui:
        params["ui"] = kit_request.ui
    return url_for("kit.kit_file", **params)


def kit_url(**params: str | list[str]) -> str:
    """The absolute address of a kit, as a phone on the network reaches it:
    ``PHRASEBOOK_PUBLIC_URL`` when set (the address the unit uses), else this request's host."""
    settings = current_app.config["PHRASEBOOK_SETTINGS"]
    base = settings.value("PHRASEBOOK_PUBLIC_URL") or request.host_url
    values: dict[str, Any] = dict(params)  # url_for repeats a list's items (set=a&set=b)
    return base.rstrip("/") + url_for("kit.kit_file", **values)


def phones_can_reach() -> bool:
    """Whether a phone on the network can reach the address a QR code would hold: false when
    no public address is set and the browser came through a loopback address (127.0.0.1,
    localhost, ::1), which on a phone means the phone itself."""
    settings = current_app.config["PHRASEBOOK_SETTINGS"]
    if settings.is_set("PHRASEBOOK_PUBLIC_URL"):
        return True
    host = urlsplit(request.host_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a name: the network's own


@bp.get("/kit-qr.png")
def kit_qr() -> Response:
    """A QR code of the kit's address for the visitor's pair (and ``set``)."""
    import segno

    pair = current_pair()
    params: dict[str, str | list[str]] = {
        "from": request.args.get("from") or pair.reader,
        "to": request.args.get("to") or pair.target,
    }
    if request.args.getlist("set"):
        params["set"] = request.args.getlist("set")
    code = segno.make(kit_url(**params), error="m")
    out = io.BytesIO()
    code.save(out, kind="png", scale=4, border=2)
    return current_app.response_class(out.getvalue(), mimetype="image/png")
