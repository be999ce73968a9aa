"""Pronunciation aids on the web: the ``pronunciation_aid`` template helper for
``_pronunciation.html`` and a small editor form to write an aid by hand (or clear it)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from phrasebook.errors import InvalidInput, NotFound
from phrasebook.interchange.exporter import Deriver
from phrasebook.models import Translation
from phrasebook.pronunciation import READER_SCRIPTS
from phrasebook.pronunciation.service import Aid, aid_for, export_deriver, set_manual_aid
from phrasebook.uow import UnitOfWork
from phrasebook.users import Role

from .auth import current_account, role_required
from .extensions import get_store

bp = Blueprint("pronunciation", __name__, url_prefix="/pronunciation")


def _request_uow() -> UnitOfWork:
    """One read-only unit of work per request for all the aids a page shows."""
    uow: UnitOfWork | None = g.get("pronunciation_uow")
    if uow is None:
        uow = get_store().uow().__enter__()
        g.pronunciation_uow = uow
    return uow


def _close_request_uow(_exc: BaseException | None) -> None:
    uow: UnitOfWork | None = g.pop("pronunciation_uow", None)
    if uow is not None:
        uow.__exit__(None, None, None)


def _template_aid(translation: Translation | None, reader: str | None) -> Aid | None:
    """For ``_pronunciation.html``: the aid of ``translation`` for ``reader``, or None."""
    if translation is None or not reader:
        return None
    try:
        return aid_for(_request_uow(), translation, reader)
    except InvalidInput:
        return None  # a reader language with no aids: nothing to show


def _readers() -> list[str]:
    languages = get_store().settings.languages
    return [tag for tag in READER_SCRIPTS if tag in languages]


def _render(uid: str, lang: str, error: str | None = None) -> tuple[str, int]:
    with get_store().uow() as uow:
        phrase = uow.phrases.get(uid)
        translation = phrase.translations.get(lang) if phrase is not None else None
        if phrase is None or translation is None:
            abort(404)
        aids = {reader: aid_for(uow, translation, reader) for reader in _readers()}
        page = render_template(
            "pronunciation_edit.html",
            phrase=phrase,
            translation=translation,
            aids=aids,
            error=error,
        )
    return page, 400 if error else 200


@bp.get("/<uid>/<lang>")
@role_required(Role.EDITOR)
def edit(uid: str, lang: str) -> tuple[str, int]:
    """A translation's aids, one per reader language, each editable by hand."""
    return _render(uid, lang)


@bp.post("/<uid>/<lang>")
@role_required(Role.EDITOR)
def save(uid: str, lang: str) -> Any:
    """Write one aid by hand; empty text gives the reader the computed aid again."""
    account = current_account()
    assert account is not None  # behind role_required
    try:
        set_manual_aid(
            get_store().uow(),
            uid,
            lang,
            request.form.get("reader", ""),
            request.form.get("text"),
            by=account.name,
        )
    except InvalidInput as exc:
        return _render(uid, lang, error=str(exc))
    except NotFound:
        abort(404)
    flash(_("Pronunciation aid saved."), "info")
    return redirect(url_for(".edit", uid=uid, lang=lang))


def export_derive(uow: UnitOfWork) -> Deriver:
    """The exporter's ``derive`` hook: every translation's aids for the configured readers."""
    return export_deriver(uow, get_store().settings.languages)


def init_app(app: Flask) -> None:
    """Register the editor form and the partial's helper (``pronunciation_aid``)."""
    app.register_blueprint(bp)
    app.add_template_global(_template_aid, "pronunciation_aid")
    app.teardown_appcontext(_close_request_uow)
