"""Reading the phrase book: phrase sets, categories, a phrase, show mode, my card.

Every page shows phrases for the visitor's language pair ("I read ``reader`` - show me
``target``", see app/i18n.py). Reading never changes anything, so every view is a GET.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from sqlalchemy import func, select
from werkzeug.wrappers import Response as BaseResponse

from phrasebook import services
from phrasebook.models import Phrase, PhraseSet, SetMembership, Translation
from phrasebook.search import highlight, matches
from phrasebook.uow import SqlAlchemyUnitOfWork

from .extensions import get_store
from .i18n import (
    COOKIE_MAX_AGE,
    READER_COOKIE,
    TARGET_COOKIE,
    UI_COOKIE,
    UI_LOCALES,
    current_pair,
    resolve_pair,
    ui_locale,
)

bp = Blueprint("browse", __name__)

CATEGORY_PAGE_SIZE = 100
MY_CARD_MAX = 500
# Served so that Hangul shows on machines without a Korean font (app.css loads it only for
# Hangul characters, and only when no local Korean font is found). SIL Open Font License.
FONTS = {
    "NotoSansKR-Regular.otf": Path(pylopdf_fonts_ko.__file__).parent / "NotoSansKR-Regular.otf",
}
FONT_MAX_AGE = 30 * 24 * 3600


# Globals, not context variables: the macros in _macros.html are imported without context.
bp.add_app_template_global(highlight, "highlight")
bp.add_app_template_global(matches, "matches")


def own_translation(phrase: Phrase, reader: str) -> Translation | None:
    """The text the reader reads: in their language, else English, else any."""
    translations = phrase.translations
    return (
        translations.get(reader)
        or translations.get("en")
        or next(iter(translations.values()), None)
    )


@dataclass(frozen=True)
class Neighbours:
    previous: str | None
    next: str | None
    position: int  # 1-based
    total: int


def neighbours_in(phrase_set: PhraseSet, uid: str) -> Neighbours | None:
    uids = [membership.phrase.uid for membership in phrase_set.memberships]
    if uid not in uids:
        return None
    index = uids.index(uid)
    return Neighbours(
        previous=uids[index - 1] if index > 0 else None,
        next=uids[index + 1] if index + 1 < len(uids) else None,
        position=index + 1,
        total=len(uids),
    )


def shown_lang(names: dict[str, str] | None, lang: str) -> str:
    """The language a ``label(lang)``/``description(lang)`` text is really in (it falls back
    to English, then to the id), for the element's lang attribute."""
    names = names or {}
    if names.get(lang):
        return lang
    return "en" if names.get("en") else ""


bp.add_app_template_global(shown_lang, "shown_lang")


@dataclass(frozen=True)
class Label:
    text: str
    lang: str


def _category_labels(uow: SqlAlchemyUnitOfWork, lang: str) -> dict[str, Label]:
    return {
        category.slug: Label(category.label(lang), shown_lang(category.names, lang))
        for category in uow.categories.list()
    }


def _label(labels: dict[str, Label], slug: str) -> Label:
    return labels.get(slug) or Label(slug, "")


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never redirect visitors elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.get("/")
def index() -> str:
    pair = current_pair()
    with get_store().uow() as uow:
        session = uow.session
        set_counts: dict[int, int] = {
            set_id: count
            for set_id, count in session.execute(
                select(SetMembership.set_id, func.count(SetMembership.id)).group_by(
                    SetMembership.set_id
                )
            )
        }
        category_counts: dict[str, int] = {
            slug: count
            for slug, count in session.execute(
                select(Phrase.category, func.count(Phrase.id)).group_by(Phrase.category)
            )
        }
        labels = _category_labels(uow, pair.reader)
        ordered = [slug for slug in labels if slug in category_counts]
        ordered += sorted(slug for slug in category_counts if slug not in labels)
        return render_template(
            "index.html",
            phrase_sets=uow.sets.list(),
            set_counts=set_counts,
            categories=[(slug, _label(labels, slug), category_counts[slug]) for slug in ordered],
            phrase_total=sum(category_counts.values()),
        )


@bp.get("/sets/<slug>")
def set_page(slug: str) -> str:
    pair = current_pair()
    category = request.args.get("category") or None
    with get_store().uow() as uow:
        phrase_set = uow.sets.get(slug)
        if phrase_set is None:
            abort(404)
        phrases = phrase_set.phrases
        labels = _category_labels(uow, pair.reader)
        present = list(dict.fromkeys(p.category for p in phrases))
        if category is not None:
            phrases = [p for p in phrases if p.category == category]
        return render_template(
            "phrase_list.html",
            heading=Label(phrase_set.label(pair.reader), shown_lang(phrase_set.names, pair.reader)),
            description=Label(
                phrase_set.description(pair.reader),
                shown_lang(phrase_set.descriptions, pair.reader),
            ),
            phrase_set=phrase_set,
            set_slug=phrase_set.slug,
            slug=slug,
            phrases=phrases,
            categories=[(c, _label(labels, c)) for c in present],
            category=category,
            reader=pair.reader,
            target=pair.target,
        )


@bp.get("/categories/<slug>")
def category_page(slug: str) -> str:
    pair = current_pair()
    page = request.args.get("page", 1, type=int) or 1
    with get_store().uow() as uow:
        session = uow.session
        total = session.scalar(select(func.count(Phrase.id)).where(Phrase.category == slug)) or 0
        if total == 0:
            abort(404)
        pages = (total + CATEGORY_PAGE_SIZE - 1) // CATEGORY_PAGE_SIZE
        page = min(max(page, 1), pages)
        phrases = list(
            session.scalars(
                select(Phrase)
                .where(Phrase.category == slug)
                .order_by(Phrase.position, Phrase.uid)
                .offset((page - 1) * CATEGORY_PAGE_SIZE)
                .limit(CATEGORY_PAGE_SIZE)
            )
        )
        return render_template(
            "phrase_list.html",
            heading=_label(_category_labels(uow, pair.reader), slug),
            description=None,
            phrase_set=None,
            set_slug=None,
            slug=slug,
            phrases=phrases,
            categories=[],
            category=slug,
            page=page,
            pages=pages,
            reader=pair.reader,
            target=pair.target,
        )


def _phrase_context(uow: SqlAlchemyUnitOfWork, uid: str) -> dict[str, Any]:
    pair = current_pair()
    phrase = uow.phrases.get(uid)
    if phrase is None:
        abort(404)
    phrase_set = None
    set_slug = request.args.get("set")
    if set_slug:
        phrase_set = uow.sets.get(set_slug)
    if phrase_set is None and phrase.memberships:
        phrase_set = phrase.memberships[0].phrase_set
    neighbours = neighbours_in(phrase_set, uid) if phrase_set is not None else None
    return {
        "phrase": phrase,
        "phrase_set": phrase_set,
        "neighbours": neighbours,
        "reader": pair.reader,
        "target": pair.target,
        "own": own_translation(phrase, pair.reader),
        "translation": phrase.translations.get(pair.target),
        "category_label": _label(_category_labels(uow, pair.reader), phrase.category),
    }


@bp.get("/phrases/<uid>")
def phrase_page(uid: str) -> str:
    with get_store().uow() as uow:
        return render_template("phrase.html", **_phrase_context(uow, uid))


@bp.get("/phrases/<uid>/show")
def show_mode(uid: str) -> str:
    with get_store().uow() as uow:
        context = _phrase_context(uow, uid)
        if context["translation"] is None:
            abort(404)
        phrase_set = context["phrase_set"]
        context["back_url"] = url_for(
            "browse.phrase_page", uid=uid, set=phrase_set.slug if phrase_set else None
        )
        return render_template("show.html", **context)


def _requested_ids() -> list[str]:
    raw = request.args.get("ids", "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    return list(dict.fromkeys(ids))[:MY_CARD_MAX]


def _phrases_by_uid(uow: SqlAlchemyUnitOfWork, uids: list[str]) -> list[Phrase]:
    if not uids:
        return []
    found = {p.uid: p for p in uow.session.scalars(select(Phrase).where(Phrase.uid.in_(uids)))}
    return [found[uid] for uid in uids if uid in found]


@bp.get("/mycard")
def my_card() -> str:
    pair = current_pair()
    requested = _requested_ids()
    with get_store().uow() as uow:
        return render_template(
            "mycard.html",
            phrases=_phrases_by_uid(uow, requested),
            requested=requested,
            set_slug=None,
            reader=pair.reader,
            target=pair.target,
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
    response = redirect(_safe_next(request.args.get("next")), code=303)
    if "reader" in request.args or "target" in request.args:
        current = current_pair()
        pair = resolve_pair(
            request.args.get("reader") or current.reader,
            request.args.get("target") or current.target,
        )
        _remember(response, READER_COOKIE, pair.reader)
        _remember(response, TARGET_COOKIE, pair.target)
    ui = request.args.get("ui")
    if ui is not None:
        if ui not in UI_LOCALES:
            abort(400, description=_("Unknown interface language."))
        _remember(response, UI_COOKIE, ui)
    return response
