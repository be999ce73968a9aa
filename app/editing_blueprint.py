"""The editing blueprint (``/edit``): the editor's pages of ``app/editing.py`` and the import and
export of ``app/interchange.py`` add their routes to it; create_app imports both and
registers it once."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale

from phrasebook.errors import NotFound

from .auth import current_account

bp = Blueprint("edit", __name__, url_prefix="/edit")


@bp.context_processor
def _ui_language() -> dict[str, str]:
    """Phrase set names are shown in the interface language when the set has one."""
    locale = get_locale()
    return {"ui_lang": locale.language if locale else "en"}


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> tuple[str, int]:
    return render_template("edit/error.html", message=str(exc)), 404


def signed_in_author() -> str:
    account = current_account()
    assert account is not None  # every view here is behind role_required
    return account.name
