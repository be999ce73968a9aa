"""Phrase audio on the web: cached files with Range/ETag support, and generation on demand.

``/audio/<key>.<ext>`` serves a cached clip (immutable: the name is a hash of its content's
inputs). ``/audio/phrase/<uid>/<lang>?speed=slow`` produces the clip if needed and redirects
to it, or answers JSON (``?format=json``) for the play buttons' script. Editors pin an engine
for one translation with ``POST /audio/pin/<uid>/<lang>`` (form of ``_audio_pin.html``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from phrasebook.audio.cache import is_valid_name
from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import AudioError
from phrasebook.audio.preference import SLOW_RATE
from phrasebook.audio.processing import FORMATS
from phrasebook.audio.settings import ENGINE_NAMES
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.users import Role

from .auth import current_account, role_required
from .errors import json_error
from .extensions import get_audio_service, get_store
from .redirects import safe_next

bp = Blueprint("audio", __name__)

ONE_YEAR = 365 * 24 * 3600


def _error(status: int, message: str) -> Response:
    return json_error(status, message)


@bp.get("/audio/<key>.<ext>")
def audio_file(key: str, ext: str) -> Response:
    # Only a hex key and a whitelisted extension ever reach the file system.
    if not is_valid_name(key, ext):
        return _error(404, _("No such audio file."))
    path = get_audio_service().cache.get(key, ext)
    if path is None:
        return _error(404, _("No such audio file."))
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    response = send_file(
        path,
        mimetype=FORMATS[ext].mimetype,
        conditional=True,
        etag=key,
        last_modified=modified,
        max_age=ONE_YEAR,
    )
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["application/json", "audio/mpeg", "text/html"])
    return best == "application/json"


@bp.get("/audio/phrase/<uid>/<lang>")
def phrase_audio(uid: str, lang: str) -> BaseResponse:
    """The audio of one translation; generated now if it is not cached yet."""
    raw_speed = request.args.get("speed", Speed.NORMAL.value)
    try:
        speed = Speed(raw_speed)
    except ValueError:
        return _error(400, _("speed: use normal or slow, not %(value)s", value=raw_speed[:20]))
    service = get_audio_service()
    try:
        clip = service.ensure(get_store().uow(), uid, lang, speed)
    except NotFound as exc:
        return _error(404, str(exc))
    except AudioError as exc:
        current_app.logger.warning("audio for %s/%s failed: %s", uid, lang, exc)
        return _error(503, _("Audio is not available right now: %(reason)s", reason=str(exc)))
    url = url_for("audio.audio_file", key=clip.key, ext=clip.ext)
    if not _wants_json():
        response = redirect(url, code=303)
        response.headers["Cache-Control"] = "no-cache"
        return response
    # A recording has one speed: played slowly by the browser, at ``rate`` with its pitch kept.
    rate = SLOW_RATE if clip.recorded and speed == Speed.SLOW else 1.0
    response = jsonify(
        url=url,
        key=clip.key,
        ext=clip.ext,
        engine=clip.engine,
        speed=clip.speed.value,
        generated=clip.generated,
        fallback=clip.fallback_reason,
        speaker=clip.speaker,
        rate=rate,
    )
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.post("/audio/pin/<uid>/<lang>")
@role_required(Role.EDITOR)
def pin_engine(uid: str, lang: str) -> BaseResponse:
    """Pin the engine for one translation (an empty choice removes the pin)."""
    engine = request.form.get("engine", "").strip().lower() or None
    account = current_account()
    assert account is not None  # role_required let only signed-in editors through
    try:
        get_audio_service().pin(get_store().uow(), uid, lang, engine, by=account.name)
    except NotFound as exc:
        return _error(404, str(exc))
    except InvalidInput as exc:
        return _error(400, str(exc))
    if engine is None:
        flash(_("Audio engine: the configured one again."))
    else:
        flash(_("Audio engine pinned: %(engine)s.", engine=engine))
    fallback = url_for("edit.translation", uid=uid, lang=lang)
    return redirect(safe_next(request.form.get("next"), fallback), code=303)


@bp.app_context_processor
def audio_template_helpers() -> dict[str, object]:
    def audio_script() -> Markup:
        """The audio script tag, once per page however many button groups include it."""
        if g.get("_audio_script_included"):
            return Markup("")
        g._audio_script_included = True
        src = url_for("static", filename="audio.js")
        return Markup('<script src="{}" defer></script>').format(src)

    return {"audio_script": audio_script}


def engine_choice(uid: str, lang: str) -> dict[str, object]:
    """For the pin form (the view passes it): the engines, the pinned one (or None) and the
    configured one."""
    service = get_audio_service()
    return {
        "engines": ENGINE_NAMES,
        "pinned": service.pinned_engine(get_store().uow(), uid, lang),
        "configured": service.audio.engine_for(lang),
    }
