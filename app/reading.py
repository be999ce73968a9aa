"""Reading the phrase book: phrase sets, categories, a phrase, show mode, my card.

Every page shows phrases for the visitor's language pair ("I read ``reader`` - show me
``target``", see app/i18n.py). Reading never changes anything, so every view is a GET.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pylopdf_fonts_ko
from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from phrasebook import answers, reading, services
from phrasebook.errors import NotFound
from phrasebook.reading import shown_lang
from phrasebook.search import highlight, matches

from .extensions import get_store
from .i18n import (
    COOKIE_MAX_AGE,
    READER_COOKIE,
    TARGET_COOKIE,
    UI_COOKIE,
    UI_LOCALES,
    VARIANT_COOKIE,
    current_pair,
    resolve_pair,
    resolve_variant,
    ui_locale,
)
from .kit import phones_can_reach
from .page_cache import kept_page
from .redirects import safe_next

bp = Blueprint("browse", __name__)

MY_CARD_MAX = reading.CARD_MAX
# Served so that Hangul shows on machines without a Korean font (app.css loads it only for
# Hangul characters, and only when no local Korean font is found). SIL Open Font License.
FONTS = {
    "NotoSansKR-Regular.otf": Path(pylopdf_fonts_ko.__file__).parent / "NotoSansKR-Regular.otf",
}
FONT_MAX_AGE = 30 * 24 * 3600


# Globals, not context variables: the macros in _macros.html are imported without context.
bp.add_app_template_global(highlight, "highlight")
bp.add_app_template_global(matches, "matches")
bp.add_app_template_global(shown_lang, "shown_lang")


def items_context(items: reading.PhraseItems) -> dict[str, Any]:
    """What ``_phrase_card.html`` needs for a page's phrases: the phrases, the target text
    shown for each and its aid, and the visitor's pair."""
    pair = current_pair()
    return {
        "phrases": items.phrases,
        "aids": items.aids,
        "targets": items.targets,
        "notes": items.notes,
        "warnings": items.warnings,
        "voices": items.voices,
        "reader": pair.reader,
        "target": pair.target,
    }


def _page_arg() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@bp.get("/")
@kept_page
def index() -> str:
    view = reading.home(get_store().uow(), reader=current_pair().reader)
    return render_template(
        "index.html",
        sets=view.sets,
        phones_can_reach=phones_can_reach(),
        categories=view.categories,
        phrase_total=view.phrase_total,
    )


def _render_list(view: reading.PhraseListView, slug: str) -> str:
    return render_template(
        "phrase_list.html",
        heading=view.heading,
        description=view.description,
        phrase_set=view.phrase_set,
        set_slug=view.phrase_set.slug if view.phrase_set else None,
        slug=slug,
        first_uid=view.first_uid,
        categories=view.categories,
        category=view.category,
        page=view.page,
        pages=view.pages,
        total=view.total,
        **items_context(view.items),
    )


@bp.get("/sets/<slug>")
@kept_page
def set_page(slug: str) -> str:
    pair = current_pair()
    try:
        view = reading.set_list(
            get_store().uow(),
            slug=slug,
            reader=pair.reader,
            target=pair.target,
            category=request.args.get("category") or None,
            page=_page_arg(),
            variant=pair.variant,
        )
    except NotFound:
        abort(404)
    return _render_list(view, slug)


@bp.get("/categories/<slug>")
@kept_page
def category_page(slug: str) -> str:
    pair = current_pair()
    try:
        view = reading.category_list(
            get_store().uow(),
            slug=slug,
            reader=pair.reader,
            target=pair.target,
            page=_page_arg(),
            variant=pair.variant,
        )
    except NotFound:
        abort(404)
    return _render_list(view, slug)


def _phrase_context(uid: str) -> dict[str, Any]:
    pair = current_pair()
    try:
        view = reading.phrase_page(
            get_store().uow(),
            uid=uid,
            reader=pair.reader,
            target=pair.target,
            set_slug=request.args.get("set") or None,
            variant=pair.variant,
        )
    except NotFound:
        abort(404)
    return {
        "phrase": view.phrase,
        "phrase_set": view.phrase_set,
        "neighbours": view.neighbours,
        "reader": pair.reader,
        "target": pair.target,
        "own": view.own,
        "translation": view.translation,
        "aids": view.aids,
        "notes": {uid: view.notes},
        "warnings": {uid: view.warnings},
        "voices": view.voices,
        "category_label": view.category_label,
        "panel": view.panel,
    }


@bp.get("/phrases/<uid>")
@kept_page
def phrase_page(uid: str) -> str:
    return render_template("phrase.html", **_phrase_context(uid))


@bp.get("/phrases/<uid>/show")
@kept_page
def show_mode(uid: str) -> str:
    context = _phrase_context(uid)
    if context["translation"] is None:
        abort(404)
    phrase_set = context["phrase_set"]
    context["back_url"] = url_for(
        "browse.phrase_page", uid=uid, set=phrase_set.slug if phrase_set else None
    )
    return render_template("show.html", **context)


@bp.get("/answers/panel.js")
def answer_panel_script() -> BaseResponse:
    """The answer panel's script, which the field kit inlines too (phrasebook/answers)."""
    return send_file(answers.PANEL_SCRIPT, mimetype="text/javascript", max_age=3600)


@bp.get("/answers/panel.css")
def answer_panel_style() -> BaseResponse:
    """The answer panel's style sheet, which the field kit inlines too."""
    return send_file(answers.PANEL_STYLE, mimetype="text/css", max_age=3600)


def _requested_ids() -> list[str]:
    raw = request.args.get("ids", "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    return list(dict.fromkeys(ids))[:MY_CARD_MAX]


@bp.get("/mycard")
@kept_page
def my_card() -> str:
    pair = current_pair()
    requested = _requested_ids()
    items = reading.card(
        get_store().uow(),
        uids=requested,
        reader=pair.reader,
        target=pair.target,
        variant=pair.variant,
    )
    return render_template(
        "mycard.html", requested=requested, set_slug=None, **items_context(items)
    )


@bp.get("/mycard.json")
def my_card_export() -> Response:
    """The card as a phrasebook/1 file (the visitor's two languages, with pronunciation aids)
    whose set ``my-card`` lists the pinned phrases in order; it can be imported elsewhere."""
    from .pronunciation import export_derive

    pair = current_pair()
    store = get_store()
    uow = store.uow()
    body = services.export_selection(
        uow,
        uids=_requested_ids(),
        set_id="my-card",
        set_names={ui_locale(): _("My card")},
        languages=[pair.reader, pair.target],
        derive=export_derive(uow),
    )
    response = make_response(body)
    response.mimetype = "application/json"
    response.headers["Content-Disposition"] = 'attachment; filename="my-card.json"'
    return response


def _remember(response: BaseResponse, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)


@bp.get("/fonts/<name>")
def font(name: str) -> BaseResponse:
    path = FONTS.get(name)
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="font/otf", max_age=FONT_MAX_AGE)


@bp.get("/prefs")
def preferences() -> BaseResponse:
    """Remember the language pair and/or the UI language, then go back where the visitor was."""
    response = redirect(safe_next(request.args.get("next"), "/"), code=303)
    if "reader" in request.args or "target" in request.args:
        current = current_pair()
        pair = resolve_pair(
            request.args.get("reader") or current.reader,
            request.args.get("target") or current.target,
        )
        _remember(response, READER_COOKIE, pair.reader)
        _remember(response, TARGET_COOKIE, pair.target)
    if "variant" in request.args:
        chosen = resolve_variant(current_pair(), request.args.get("variant"))
        _remember(response, VARIANT_COOKIE, chosen.variant or "")
    ui = request.args.get("ui")
    if ui is not None:
        if ui not in UI_LOCALES:
            abort(400, description=_("Unknown interface language."))
        _remember(response, UI_COOKIE, ui)
    return response
