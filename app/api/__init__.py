"""The JSON API under ``/api/v1``: phrases, sets, export and import in ``phrasebook/1`` shapes.

Authentication for changes: either ``Authorization: Bearer <token>`` (``phrasebook user token
NAME``; no cookie is involved, so no CSRF token is needed), or the browser's session cookie
together with the page's CSRF token in an ``X-CSRFToken`` header. Reading is open unless
PHRASEBOOK_REQUIRE_LOGIN=1. Every error is ``{"error": {"status", "location", "message"}}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, flash, g, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from phrasebook import editing, services
from phrasebook.errors import InvalidInput
from phrasebook.interchange import documents
from phrasebook.interchange.repository import ExportScope
from phrasebook.models import Status
from phrasebook.users import Role

from ..auth import current_account, role_required
from ..bodies import json_object_body
from ..errors import JsonError
from ..extensions import csrf, get_store

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

OPENAPI_PATH = Path(__file__).with_name("openapi.json")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@bp.before_request
def protect_session_writes() -> None:
    """The one CSRF rule of /api/v1 (this blueprint and the suggestions' in suggest.py):
    cookie-authenticated changes need the CSRF header; bearer tokens carry no cookie, and a
    request with neither is refused as unauthenticated (401) by the view's role check."""
    if request.method in WRITE_METHODS and current_account() and not g.get("via_token"):
        csrf.protect()


# --- helpers ---------------------------------------------------------------------------------


def _languages() -> tuple[str, ...]:
    return get_store().settings.languages


def _field(data: dict[str, Any], name: str, kind: type, where: str = "") -> Any:
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        raise JsonError(400, f"expected {kind.__name__}", f"{where}/{name}")
    return value


def _notes_field(data: dict[str, Any], where: str = "") -> str | dict[str, Any] | None:
    """``notes``: a string (the English note) or an object of language tag -> text."""
    value = data.get("notes")
    if value is not None and not isinstance(value, str | dict):
        raise JsonError(
            400, "expected a string or an object of language tag -> text", f"{where}/notes"
        )
    return value


def _int_arg(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise JsonError(400, f"expected a whole number, got {raw!r}", f"?{name}") from None
    if value < 0 or value > maximum:
        raise JsonError(400, f"must be between 0 and {maximum}", f"?{name}")
    return value


def _lang_filter() -> set[str] | None:
    raw = request.args.get("lang", "")
    tags = {part.strip() for part in raw.split(",") if part.strip()}
    unknown = tags - set(_languages())
    if unknown:
        raise JsonError(400, f"not a configured language: {sorted(unknown)[0]}", "?lang")
    return tags or None


# --- phrases ---------------------------------------------------------------------------------


@bp.get("/phrases")
def list_phrases() -> Response:
    """Phrases, filtered by ?set=, ?category=, ?status=, ?lang=; paged by ?limit= ?offset=."""
    languages = _lang_filter()
    status = request.args.get("status")
    if status is not None and status not in {s.value for s in Status}:
        raise JsonError(400, f"{status!r} is not one of: draft, machine, reviewed", "?status")
    limit = _int_arg("limit", DEFAULT_LIMIT, MAX_LIMIT)
    offset = _int_arg("offset", 0, 10**9)
    page = documents.phrase_page(
        get_store().uow(),
        set_slug=request.args.get("set"),
        category=request.args.get("category"),
        status=Status(status) if status is not None else None,
        languages=languages,
        offset=offset,
        limit=limit,
    )
    return jsonify(page)


@bp.get("/phrases/<uid>")
def get_phrase(uid: str) -> Response:
    return jsonify(documents.phrase_entry(get_store().uow(), uid, _lang_filter()))


def _texts(data: dict[str, Any]) -> dict[str, str]:
    translations = _field(data, "translations", dict) or {}
    texts: dict[str, str] = {}
    for tag, item in translations.items():
        where = f"/translations/{tag}"
        if not isinstance(item, dict):
            raise JsonError(400, "expected an object with a text", where)
        text = item.get("text")
        if not isinstance(text, str):
            raise JsonError(400, "expected a string", f"{where}/text")
        texts[tag] = text
    return texts


def _located(exc: InvalidInput, prefix: str) -> JsonError:
    """An InvalidInput from a service, with its field turned into a pointer into the body."""
    location = exc.location if exc.location.startswith("/") else f"{prefix}/{exc.location}"
    return JsonError(400, exc.reason, location)


@bp.post("/phrases")
@role_required(Role.EDITOR)
def create_phrase() -> tuple[Response, int, dict[str, str]]:
    """Body: one phrasebook/1 phrase entry (id, category, translations{lang: {text}}, tags,
    notes, register) and optionally ``sets``: a list of set ids."""
    data = json_object_body()
    account = current_account()
    assert account is not None  # role_required let the request through
    sets = _field(data, "sets", list) or []
    try:
        uid = editing.create_phrase(
            get_store().uow(),
            uid=_field(data, "id", str) or "",
            category=_field(data, "category", str) or "",
            texts=_texts(data),
            by=account.name,
            languages=_languages(),
            tags=_field(data, "tags", list) or [],
            notes=_notes_field(data) or "",
            register=_field(data, "register", str) or "neutral",
            sets=sets,
        )
    except InvalidInput as exc:
        raise _located(exc, "") from None
    document = documents.phrase_entry(get_store().uow(), uid, with_sets=False)
    location = url_for("api.get_phrase", uid=uid)
    return jsonify(document), 201, {"Location": location}


def _translation_changes(data: dict[str, Any]) -> dict[str, editing.TranslationChange]:
    translations = _field(data, "translations", dict) or {}
    changes: dict[str, editing.TranslationChange] = {}
    for tag, item in translations.items():
        where = f"/translations/{tag}"
        if not isinstance(item, dict):
            raise JsonError(400, "expected an object with text and revision", where)
        text = item.get("text")
        if not isinstance(text, str):
            raise JsonError(400, "expected a string", f"{where}/text")
        revision = item.get("revision")
        if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
            raise JsonError(400, "expected a whole number", f"{where}/revision")
        try:
            status = editing.accepted_status(item.get("status"))
            provenance = (
                editing.machine_provenance(item.get("provenance"))
                if status == Status.MACHINE
                else None
            )
        except InvalidInput as exc:
            raise _located(exc, where) from None
        notes = _notes_field(item, where)
        changes[tag] = editing.TranslationChange(
            text=text, revision=revision, status=status, provenance=provenance, notes=notes
        )
    return changes


@bp.patch("/phrases/<uid>")
@role_required(Role.EDITOR)
def update_phrase(uid: str) -> Response:
    """Change phrase fields, set membership and translations, all or nothing: each translation
    that exists must carry the ``revision`` it was read at; if any is stale the answer is 409
    and nothing is written."""
    data = json_object_body()
    account = current_account()
    assert account is not None
    tags = _field(data, "tags", list)
    change = editing.PhraseChange(
        category=_field(data, "category", str),
        tags=editing.parse_tags(tags, "/tags") if tags is not None else None,
        notes=_notes_field(data),
        register=_field(data, "register", str),
        sets=_field(data, "sets", list),
        translations=_translation_changes(data),
        # null removes the panel: an empty mapping says so to the service
        answers={} if "answers" in data and data["answers"] is None else data.get("answers"),
    )
    editing.edit_phrase(
        get_store().uow(), uid=uid, change=change, by=account.name, languages=_languages()
    )
    return get_phrase(uid)


@bp.post("/phrases/<uid>/translations/<lang>/review")
@role_required(Role.REVIEWER)
def review_translation(uid: str, lang: str) -> Response:
    """Body: ``{"revision": n}``, the revision the reviewer read."""
    data = json_object_body()
    revision = data.get("revision")
    if isinstance(revision, bool) or not isinstance(revision, int):
        raise JsonError(400, "expected a whole number", "/revision")
    account = current_account()
    assert account is not None
    editing.review_translation(
        get_store().uow(), uid=uid, lang=lang, by=account.name, expected_revision=revision
    )
    return get_phrase(uid)


@bp.delete("/phrases/<uid>")
@role_required(Role.EDITOR)
def delete_phrase(uid: str) -> tuple[str, int]:
    editing.delete_phrase(get_store().uow(), uid=uid)
    return "", 204


# --- sets ------------------------------------------------------------------------------------


@bp.get("/sets")
def list_sets() -> Response:
    return jsonify({"sets": documents.set_list(get_store().uow())})


@bp.get("/sets/<slug>")
def get_set(slug: str) -> Response:
    return jsonify(documents.set_entry(get_store().uow(), slug, _lang_filter()))


@bp.put("/sets/<slug>/order")
@role_required(Role.EDITOR)
def reorder_set(slug: str) -> Response:
    """Body: ``{"phrases": [ids]}`` listing every phrase of the set once, in the new order."""
    order = _field(json_object_body(), "phrases", list)
    if order is None:
        raise JsonError(400, "missing: the list of phrase ids", "/phrases")
    try:
        editing.reorder_set(get_store().uow(), slug=slug, order=order)
    except InvalidInput as exc:
        raise JsonError(400, exc.reason, "/phrases") from None
    return get_set(slug)


def _slow(values: Any) -> bool:
    """A JSON body's ``slow`` is a JSON boolean; a form's is a check box (present or not)."""
    if not request.is_json:
        return bool(values.get("slow"))
    slow = values.get("slow", False)
    if not isinstance(slow, bool):
        raise JsonError(400, "expected true or false", "/slow")
    return slow


@bp.post("/sets/<slug>/audio")
@role_required(Role.EDITOR)
def build_set(slug: str) -> Any:
    """Start (or join) the job making every clip of the set (form or JSON: ``lang``, one or
    more, default all; ``slow``); JSON clients get 202 and the job, a form post goes back to
    the set's page with ``?job=ID`` (see _job_progress.html)."""
    from phrasebook.audio.jobs import start_audio_job

    from ..extensions import get_queue

    values: Any = json_object_body() if request.is_json else request.form
    langs = (values.get("lang") or []) if request.is_json else request.form.getlist("lang")
    langs = [langs] if isinstance(langs, str) else langs
    if not isinstance(langs, list):
        raise JsonError(400, "expected a language or a list of languages", "/lang")
    configured = get_store().settings.languages
    for lang in langs:
        if not isinstance(lang, str) or lang not in configured:
            raise JsonError(400, f"{lang!r} is not a configured language", "/lang")
    account = current_account()
    assert account is not None  # role_required let only signed-in editors through
    queue = get_queue()
    job_id = start_audio_job(
        queue,
        get_store().uow,
        set_slug=slug,
        langs=langs,
        slow=_slow(values),
        by=account.name,
        lease=queue.runner.lease,
    )
    if request.is_json:
        return jsonify(job=job_id, status_url=url_for("suggest.job", job_id=job_id)), 202
    flash(_("Making the set's audio in the background."))
    return redirect(url_for("edit.phrase_set", slug=slug, job=job_id), code=303)


# --- export and import -----------------------------------------------------------------------


@bp.get("/export")
def export() -> Response:
    """Everything, or ?set= or ?category=, optionally only ?lang=ko,uk, in ?format= (default
    phrasebook/1 JSON; phrasebook.interchange.formats)."""
    from phrasebook.interchange.formats import ExportSource, exporter

    chosen = exporter(request.args.get("format", "json"), "?format")
    scope = ExportScope.of(
        set_slug=request.args.get("set"),
        category=request.args.get("category"),
        languages=_lang_filter(),
    )
    response = Response(chosen.stream(ExportSource.of(get_store()), scope))
    response.mimetype = chosen.media_type
    if chosen.media_type != "application/json":
        response.headers.set("Content-Disposition", "attachment", filename=chosen.file_name(scope))
    return response


DRY_RUN_WORDS = {"0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}


@bp.post("/import")
@role_required(Role.EDITOR)
def import_document() -> Response:
    """A phrasebook/1 document in the body, applied all or nothing; ?dry_run=1 only reports."""
    account = current_account()
    assert account is not None
    # A mistyped dry run must not apply the file: anything but these words is refused.
    dry_run_word = request.args.get("dry_run", "0").strip().lower()
    if dry_run_word not in DRY_RUN_WORDS:
        raise JsonError(400, "expected 0 or 1 (or true/false, yes/no)", "?dry_run")
    settings = get_store().settings
    raw = request.get_data(cache=False)
    report = services.import_bytes(
        get_store().uow(),
        raw,
        source=f"api:{account.name}",
        languages=settings.languages,
        max_bytes=settings.import_max_bytes,
        dry_run=DRY_RUN_WORDS[dry_run_word],
        changed_by=account.name,
    )
    return jsonify(report.as_dict())


# --- description -----------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Response:
    return Response(OPENAPI_PATH.read_text(encoding="utf-8"), mimetype="application/json")
