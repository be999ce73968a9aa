"""Printable PDFs from the web UI: GET /print.pdf (reads only, so a GET link, no CSRF form)."""

from __future__ import annotations

import importlib
import logging
import threading

from flask import Blueprint, Response, request
from flask_babel import gettext as _

from phrasebook.errors import InvalidInput, NotFound

from .extensions import get_runtime, get_store
from .i18n import current_pair

bp = Blueprint("printing", __name__)
log = logging.getLogger(__name__)

MAX_IDS = 500
RENDERER_MODULE = "phrasebook.pdf.render_fpdf"


def _preload_renderer() -> None:
    importlib.import_module(RENDERER_MODULE)


@bp.record_once
def _warm_up(_state: object) -> None:
    # fpdf2 and fontTools take ~0.7 s to import: load them beside the starting app, so that
    # neither start-up nor the first click on Print waits for them.
    threading.Thread(target=_preload_renderer, name="pdf-preload", daemon=True).start()


def _requested_ids() -> list[str]:
    raw = ",".join(request.args.getlist("ids"))
    return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))


def _one_line(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


@bp.get("/print.pdf")
def print_pdf() -> Response:
    """``set``, or ``ids`` (comma-separated, in order); ``from``/``to`` default to the visitor's
    language pair; ``layout`` cards|sheet|duplex|answers; ``paper`` a4|letter; ``qr=1`` adds
    QR codes pointing at this server's phrase pages."""
    pair = current_pair()
    set_slug = request.args.get("set") or None
    uids = _requested_ids()
    if len(uids) > MAX_IDS:
        return _one_line(400, _("At most %(count)s phrases per PDF.", count=MAX_IDS))
    reader = request.args.get("from") or pair.reader
    target = request.args.get("to") or pair.target
    layout = request.args.get("layout", "cards")
    paper = request.args.get("paper", "a4")
    qr_base_url = request.host_url.rstrip("/") if request.args.get("qr") in ("1", "on") else None
    settings = get_store().settings
    from phrasebook.pdf import build_pdf

    try:
        result = build_pdf(
            get_store().uow(),
            set_slug=set_slug,
            uids=uids or None,
            reader=reader,
            target=target,
            layout=layout,
            paper=paper,
            qr_base_url=qr_base_url,
            stored_aids=True,
            renderer=get_runtime().pdf_renderer(),
            languages=settings.languages,
            # The reader's preferred regional variant, unless another target was asked for.
            variant=pair.variant if target == pair.target else None,
            notes=request.args.get("notes") in ("1", "on"),
        )
    except NotFound as exc:
        return _one_line(404, str(exc))
    except InvalidInput as exc:
        return _one_line(400, str(exc))
    for warning in result.warnings:
        log.warning("print.pdf: %s", warning)
    name = "-".join(part for part in (set_slug or "selection", reader, target, layout) if part)
    safe_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    response = Response(result.data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="phrasebook-{safe_name}.pdf"'
    response.headers["X-Phrasebook-Warnings"] = str(len(result.warnings))
    return response
