"""Pronunciation aids on the web: a small editor form to write an aid by hand (or clear it).
Reader pages get their aids from phrasebook.reading, loaded with the rest of the page."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from phrasebook.errors import InvalidInput, NotFound
from phrasebook.interchange.exporter import Deriver
from phrasebook.pronunciation import READER_SCRIPTS
from phrasebook.pronunciation.service import aid_page, export_deriver, set_manual_aid
from phrasebook.uow import UnitOfWork
from phrasebook.users import Role

from .auth import current_account, role_required
from .extensions import get_store

bp = Blueprint("pronunciation", __name__, url_prefix="/pronunciation")


def _readers() -> list[str]:
    languages = get_store().settings.languages
    return [tag for tag in READER_SCRIPTS if tag in languages]


def _render(uid: str, lang: str, error: str | None = None) -> tuple[str, int]:
    shown = aid_page(get_store().uow(), uid, lang, _readers())
    page = render_template(
        "pronunciation_edit.html",
        phrase=shown.phrase,
        translation=shown.translation,
        aids=shown.aids,
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
    """Register the editor form."""
    app.register_blueprint(bp)
