"""Search in every language at once: the HTML page ``/search?q=`` (works without JavaScript)
and ``/api/v1/search?q=`` (JSON, used for results as you type)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Flask, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import inspect
from werkzeug.wrappers import Response

from phrasebook import reading
from phrasebook import search as engine
from phrasebook.false_friends import FalseFriend
from phrasebook.notes import ShownNote
from phrasebook.pronunciation.service import Aid
from phrasebook.reading import own_translation
from phrasebook.shown import ShownPhrase, ShownText

from .errors import JsonError
from .extensions import RUNTIME_KEY, get_store
from .i18n import current_pair, false_friend_message
from .page_cache import kept_page
from .reading import items_context

bp = Blueprint("search", __name__)
api_bp = Blueprint("search_api", __name__, url_prefix="/api/v1")

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100


def init_search(app: Flask) -> None:
    """Build the search keys of a database that has phrases but no keys yet (a database
    created before search existed); later changes keep them current by themselves."""
    store = app.extensions[RUNTIME_KEY].store
    if not inspect(store.engine).has_table("search_keys"):
        return  # not migrated yet: the store's initialize() creates the table
    engine.rebuild_if_stale(store.uow())


def _query() -> str:
    return (request.args.get("q") or "").strip()[:MAX_QUERY_LENGTH]


@bp.get("/search")
@kept_page
def search_page() -> str:
    pair = current_pair()
    query = _query()
    view = reading.search(
        get_store().uow(),
        query=query,
        reader=pair.reader,
        target=pair.target,
        variant=pair.variant,
    )
    return render_template(
        "search.html",
        query=query,
        more=view.more,
        set_slug=None,
        matched=view.matched,
        **items_context(view.items),
    )


def _text_json(translation: ShownText, query: str) -> dict[str, Any]:
    return {
        "lang": translation.lang,
        "text": translation.text,
        "status": str(translation.status),
        "segments": [[text, hit] for text, hit in engine.highlight(translation.text, query)],
    }


def _aid_json(aid: Aid | None, reader: str) -> dict[str, Any] | None:
    if aid is None or not aid.text:
        return None
    return {"lang": reader, "text": aid.text, "manual": aid.manual}


def _phrase_json(
    phrase: ShownPhrase[ShownText],
    query: str,
    reader: str,
    target: str,
    aid: dict[str, Any] | None,
    wanted: ShownText | None,
    notes: list[ShownNote],
    warnings: list[FalseFriend],
) -> dict[str, Any]:
    own = own_translation(phrase, reader)
    others = [
        _text_json(t, query)
        for lang, t in sorted(phrase.translations.items())
        if lang not in (reader, target) and engine.matches(t.text, query)
    ]
    return {
        "id": phrase.uid,
        "url": url_for("browse.phrase_page", uid=phrase.uid),
        "show_url": url_for("browse.show_mode", uid=phrase.uid) if wanted else None,
        "audio_url": (
            url_for("audio.phrase_audio", uid=phrase.uid, lang=wanted.lang) if wanted else None
        ),
        "category": phrase.category,
        "reader": _text_json(own, query) if own else None,
        "target": _text_json(wanted, query) if wanted else None,
        "pronunciation": aid,
        "false_friends": [
            {**asdict(friend), "message": false_friend_message(friend)} for friend in warnings
        ],
        "notes": [asdict(note) for note in notes],
        "other_matches": others,
    }


@api_bp.get("/search")
@kept_page
def search_json() -> Response | tuple[Response, int]:
    """``q``: the query; ``limit``: at most this many phrases (1-100, default 50);
    ``reader``/``target``: the language pair (default: the visitor's)."""
    pair = current_pair()
    query = _query()
    raw_limit = request.args.get("limit", str(engine.DEFAULT_LIMIT))
    limit = int(raw_limit) if raw_limit.isdigit() else 0
    if not 1 <= limit <= MAX_LIMIT:
        message = _("limit: must be a whole number from 1 to %(max)s", max=MAX_LIMIT)
        raise JsonError(400, message, "?limit")
    view = reading.search(
        get_store().uow(),
        query=query,
        reader=pair.reader,
        target=pair.target,
        limit=limit,
        variant=pair.variant,
    )
    return jsonify(
        {
            "query": query,
            "terms": view.terms,
            "reader": pair.reader,
            "target": pair.target,
            "more": view.more,
            "results": [
                _phrase_json(
                    p,
                    query,
                    pair.reader,
                    pair.target,
                    _aid_json(view.items.aids.get(p.uid), pair.reader),
                    view.items.targets.get(p.uid),
                    view.items.notes.get(p.uid, []),
                    view.items.warnings.get(p.uid, []),
                )
                | {"matched": view.matched.get(p.uid), "voice": view.items.voices.get(p.uid)}
                for p in view.items.phrases
            ],
        }
    )


bp.register_blueprint(api_bp)
