"""MT suggestions in the web app: the JSON API for editors, set fill jobs and their progress,
and the helpers the ``_suggestions.html`` / ``_fill_button.html`` partials call."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    flash,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from phrasebook.errors import InvalidInput, PhrasebookError
from phrasebook.jobs import job_status
from phrasebook.languages import LanguageError, check_configured
from phrasebook.mt.jobs import start_fill_job
from phrasebook.mt.service import Suggestions, default_source, suggest
from phrasebook.mt.translate import MissingModel
from phrasebook.users import Role

from ..auth import current_account, role_required
from ..bodies import json_object_body
from ..extensions import csrf, get_engine, get_queue, get_store
from . import protect_session_writes

bp = Blueprint("suggest", __name__, url_prefix="/api/v1")
# Bearer-token clients carry no cookie and so need no CSRF token; browser (cookie) writes do.
csrf.exempt(bp)

MAX_ALTERNATIVES = 10


# The one CSRF rule of /api/v1 (app/api/__init__.py).
bp.before_request(protect_session_writes)


def _lang_arg(name: str, value: str | None) -> str:
    if not value:
        raise InvalidInput(f"?{name}", "missing")
    try:
        return check_configured(value, get_store().settings.languages)
    except LanguageError as exc:
        raise InvalidInput(f"?{name}", str(exc)) from None


def _ui_lang() -> str:
    """The language the editor reads the UI in (back-translations go into it)."""
    locale = get_locale()
    language = locale.language if locale is not None else "en"
    return language if language in get_store().settings.languages else "en"


def suggestions_for(
    uid: str, lang: str, source: str | None = None, ui_lang: str | None = None, n: int = 3
) -> Suggestions:
    """Suggestions for translating phrase ``uid`` into ``lang``; the source is the first
    configured language (English preferred) that the phrase has text in."""
    store = get_store()
    if source is None:
        source = default_source(store.uow(), uid, lang, store.settings.languages)
    return suggest(store.uow(), get_engine(), uid, source, lang, ui_lang or _ui_lang(), n=n)


@bp.get("/suggestions")
@role_required(Role.EDITOR)
def suggestions() -> Response:
    """``?phrase=UID&lang=ko[&source=en][&ui=uk][&n=3]``: MT alternatives with
    back-translations, and translation-memory matches."""
    uid = request.args.get("phrase", "")
    if not uid:
        raise InvalidInput("?phrase", "missing")
    lang = _lang_arg("lang", request.args.get("lang"))
    source = request.args.get("source")
    source = _lang_arg("source", source) if source else None
    ui = request.args.get("ui")
    ui_lang = _lang_arg("ui", ui) if ui else None
    try:
        n = int(request.args.get("n", "3"))
    except ValueError:
        raise InvalidInput("?n", "not a whole number") from None
    if not 1 <= n <= MAX_ALTERNATIVES:
        raise InvalidInput("?n", f"must be between 1 and {MAX_ALTERNATIVES}")
    return jsonify(suggestions_for(uid, lang, source, ui_lang, n).as_dict())


@bp.post("/sets/<slug>/fill")
@role_required(Role.EDITOR)
def fill(slug: str) -> Any:
    """Start (or join) the job filling the set's missing translations into ``target``; JSON
    clients get 202 and the job, a form post goes back to the set's page with ``?job=ID``."""
    data: dict[str, Any] = json_object_body() if request.is_json else {}
    values = data or request.form
    target = _lang_arg("target", values.get("target"))
    source = _lang_arg("source", values.get("source") or "en")
    store = get_store()
    account = current_account()
    by = account.name if account is not None else "mt"
    try:
        queue = get_queue()
        job_id = start_fill_job(
            queue,
            store.uow,
            get_engine(),
            set_slug=slug,
            source_lang=source,
            target_lang=target,
            by=by,
            lease=queue.runner.lease,
        )
    except MissingModel as exc:
        if request.is_json:
            raise
        flash(str(exc))
        return redirect(url_for("edit.phrase_set", slug=slug))
    if request.is_json:
        body = {"job": job_id, "status_url": url_for("suggest.job", job_id=job_id)}
        return jsonify(body), 202
    flash(_("Filling missing translations in the background."))
    # back to the set's page, which polls the job's progress (see _fill_button.html)
    return redirect(url_for("edit.phrase_set", slug=slug, job=job_id))


@bp.get("/jobs/<job_id>")
@role_required(Role.EDITOR)
def job(job_id: str) -> Response:
    """Progress of a background job (a fill, an audio build, a kit): status (queued, running,
    done, failed), done/total, errors, and what its kind reports."""
    return jsonify(job_status(get_store().uow(), job_id))


def suggestions_context(uid: str, lang: str) -> dict[str, Any]:
    """For ``_suggestions.html`` (computed by the view, never while rendering): the
    suggestions, or the one-line reason there are none."""
    try:
        return {"result": suggestions_for(uid, lang), "error": None}
    except PhrasebookError as exc:  # a missing model, no source text: said in one line
        return {"result": None, "error": str(exc)}


def init_app(app: Flask) -> None:
    """Register the blueprint."""
    if "babel" not in app.extensions:
        # The app's own i18n set-up, when create_app does it, replaces this default one.
        from flask_babel import Babel

        Babel(app)
    app.register_blueprint(bp)
