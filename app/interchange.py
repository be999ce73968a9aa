"""The editor's import (upload, a dry run shown as a preview, apply) and the export download:
routes of the editing blueprint (``app/editing_blueprint.py``)."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from phrasebook import services
from phrasebook.errors import InvalidInput
from phrasebook.users import Role

from .auth import role_required
from .editing_blueprint import bp as bp
from .editing_blueprint import signed_in_author
from .extensions import get_store

UPLOAD_NAME = re.compile(r"[0-9a-f]{32}")
UPLOAD_LIFETIME_SECONDS = 24 * 3600


def _uploads_dir() -> Path:
    return get_store().settings.data_dir / "uploads"


def _forget_old_uploads() -> None:
    """Previews nobody applied are removed after a day."""
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in _uploads_dir().glob("*.json"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def import_upload() -> Any:
    """Upload → dry run shown as a preview; the file waits in the data dir until applied."""
    if request.method == "GET":
        return render_template("edit/import.html", report=None)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a phrasebook/1 JSON file."))
        return render_template("edit/import.html", report=None), 400
    settings = get_store().settings
    raw = upload.read(settings.import_max_bytes + 1)
    try:
        report = services.import_bytes(
            get_store().uow(),
            raw,
            source=upload.filename,
            languages=settings.languages,
            max_bytes=settings.import_max_bytes,
            audio_dir=settings.data_dir / "audio",
            dry_run=True,
        )
    except InvalidInput as exc:
        flash(_("%(file)s: %(error)s", file=upload.filename, error=str(exc)))
        return render_template("edit/import.html", report=None), 400
    token = secrets.token_hex(16)
    _uploads_dir().mkdir(parents=True, exist_ok=True)
    _forget_old_uploads()
    (_uploads_dir() / f"{token}.json").write_bytes(raw)
    return render_template(
        "edit/import.html",
        report=report,
        token=token,
        filename=upload.filename,
        digest=hashlib.sha256(raw).hexdigest(),
    )


@bp.post("/import/apply")
@role_required(Role.EDITOR)
def import_apply() -> Any:
    token = request.form.get("token", "")
    filename = request.form.get("filename", "upload.json")
    if not UPLOAD_NAME.fullmatch(token):
        abort(400)
    path = _uploads_dir() / f"{token}.json"
    if not path.is_file():
        flash(_("That upload has expired; upload the file again."))
        return redirect(url_for("edit.import_upload"))
    settings = get_store().settings
    raw = path.read_bytes()
    try:
        report = services.import_bytes(
            get_store().uow(),
            raw,
            source=filename,
            languages=settings.languages,
            max_bytes=settings.import_max_bytes,
            audio_dir=settings.data_dir / "audio",
            changed_by=signed_in_author(),
        )
    except InvalidInput as exc:
        flash(_("%(file)s: %(error)s", file=filename, error=str(exc)))
        return render_template("edit/import.html", report=None), 400
    finally:
        path.unlink(missing_ok=True)
    flash(_("Imported %(file)s: %(summary)s", file=filename, summary=report.summary()))
    return redirect(url_for("edit.index"))


@bp.get("/export")
def export() -> Any:
    """Open like reading: a set or everything, as a download in ``?format=`` (default
    phrasebook/1 JSON; phrasebook.interchange.formats)."""
    from phrasebook.interchange.formats import ExportSource, exporter
    from phrasebook.interchange.repository import ExportScope

    chosen = exporter(request.args.get("format", "json"), "?format")
    scope = ExportScope.of(set_slug=request.args.get("set") or None)
    response = Response(chosen.stream(ExportSource.of(get_store()), scope))
    response.mimetype = chosen.media_type
    response.headers.set("Content-Disposition", "attachment", filename=chosen.file_name(scope))
    return response
