"""Reading the phrase book."""

from __future__ import annotations

from flask import Blueprint, render_template

from .extensions import get_store

bp = Blueprint("browse", __name__)


@bp.get("/")
def index() -> str:
    store = get_store()
    with store.uow() as uow:
        phrase_sets = uow.sets.list()
        phrases = uow.phrases.list()
        return render_template(
            "index.html", phrase_sets=phrase_sets, phrases=phrases,
            languages=store.settings.languages,
        )
