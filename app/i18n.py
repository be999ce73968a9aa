"""Localization of the web UI (Flask-Babel) and the reader's language pair.

Two separate choices:

* the **UI language** (menus, buttons): one of ``UI_LOCALES``; an explicit choice is kept in
  the ``ui_lang`` cookie, otherwise the browser's Accept-Language decides;
* the **language pair** for phrases: "I read ``reader`` - show me ``target``", any two of the
  configured languages, kept in the ``reader`` and ``target`` cookies. The default reader
  comes from Accept-Language; the default target is the first configured language that is
  not the reader's.

Language names come from Babel's CLDR data in the UI language, never from a hand-written table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, request
from flask_babel import format_date, format_number, get_locale, get_translations
from flask_babel import gettext as _

from phrasebook.false_friends import FalseFriend
from phrasebook.interface_language import DEFAULT_UI_LOCALE as DEFAULT_UI_LOCALE
from phrasebook.interface_language import LOCALES_DIR as LOCALES_DIR
from phrasebook.interface_language import UI_LOCALES as UI_LOCALES
from phrasebook.interface_language import display_name
from phrasebook.languages import base_language, regional_variants

from .extensions import babel

UI_COOKIE = "ui_lang"
READER_COOKIE = "reader"
TARGET_COOKIE = "target"
VARIANT_COOKIE = "variant"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept


def _explicit_ui_locale() -> str | None:
    chosen = request.cookies.get(UI_COOKIE, "")
    return chosen if chosen in UI_LOCALES else None


def select_ui_locale() -> str:
    """The UI language: the visitor's explicit choice, else the best Accept-Language match."""
    explicit = _explicit_ui_locale()
    if explicit:
        return explicit
    return request.accept_languages.best_match(UI_LOCALES) or DEFAULT_UI_LOCALE


def ui_locale() -> str:
    return str(get_locale() or DEFAULT_UI_LOCALE)


def configured_languages() -> tuple[str, ...]:
    languages: tuple[str, ...] = current_app.config["PHRASEBOOK_SETTINGS"].languages
    return languages


@dataclass(frozen=True)
class LanguagePair:
    reader: str
    target: str
    # A regional variant of the target the reader prefers where a phrase has one (ko-KP).
    variant: str | None = None


def default_reader(languages: tuple[str, ...]) -> str:
    """The configured language the browser prefers most (base languages compared)."""
    by_base = {base_language(tag): tag for tag in reversed(languages)}
    for value, _quality in request.accept_languages:
        tag = by_base.get(base_language(value))
        if tag is not None:
            return tag
    return "en" if "en" in languages else languages[0]


def default_target(languages: tuple[str, ...], reader: str) -> str:
    return next((tag for tag in languages if tag != reader), reader)


def resolve_pair(reader: str | None, target: str | None) -> LanguagePair:
    """Turn requested (possibly missing or unknown) tags into a valid pair."""
    languages = configured_languages()
    chosen_reader = reader if reader in languages else default_reader(languages)
    chosen_target = target if target in languages and target != chosen_reader else None
    return LanguagePair(chosen_reader, chosen_target or default_target(languages, chosen_reader))


def resolve_variant(pair: LanguagePair, variant: str | None) -> LanguagePair:
    """``pair`` with ``variant`` when it is a known regional variant of its target."""
    wanted = variant if variant in regional_variants(pair.target) else None
    if wanted is not None and base_language(wanted) != base_language(pair.target):
        wanted = None
    return LanguagePair(pair.reader, pair.target, wanted)


def current_pair() -> LanguagePair:
    """The pair for this request: query string first, then cookies, then defaults."""
    cached: LanguagePair | None = g.get("language_pair")
    if cached is None:
        reader = request.args.get("reader") or request.cookies.get(READER_COOKIE)
        target = request.args.get("target") or request.cookies.get(TARGET_COOKIE)
        variant = request.args.get("variant") or request.cookies.get(VARIANT_COOKIE)
        cached = resolve_variant(resolve_pair(reader, target), variant)
        g.language_pair = cached
    return cached


def language_name(code: str, in_locale: str | None = None) -> str:
    """The name of ``code`` in the UI language (or ``in_locale``), from CLDR."""
    return display_name(code, in_locale or ui_locale())


def _page_gettext(message: str) -> str:
    # Flask-Babel's own template gettext looks the catalog up again for every string (a list
    # page has hundreds); the catalog is the same for the whole request, so keep it on g.
    catalog = g.get("ui_catalog")
    if catalog is None:
        catalog = g.ui_catalog = get_translations()
    return str(catalog.ugettext(message))


def _page_ngettext(singular: str, plural: str, count: int) -> str:
    catalog = g.get("ui_catalog")
    if catalog is None:
        catalog = g.ui_catalog = get_translations()
    return str(catalog.ungettext(singular, plural, count))


def false_friend_message(friend: FalseFriend) -> str:
    """A false-friend warning in the UI language, as pages, live search and the search API
    show it ("네 means YES … It sounds like “nay” (no): do not mistake it.")."""
    return str(
        _(
            "%(word)s means %(meaning)s. It sounds like “%(sounds_like)s” (%(sounds_meaning)s): "
            "do not mistake it.",
            word=friend.word,
            meaning=friend.means,
            sounds_like=friend.sounds_like,
            sounds_meaning=friend.which_means,
        )
    )


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(LOCALES_DIR))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_UI_LOCALE)
    babel.init_app(app, locale_selector=select_ui_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # jinja2.ext.i18n
        _page_gettext, _page_ngettext, newstyle=True
    )

    @app.context_processor
    def language_context() -> dict[str, object]:
        return {
            "ui_locales": UI_LOCALES,
            "ui_locale": ui_locale,
            "language_name": language_name,
            "language_pair": current_pair,
            "regional_variants": regional_variants,
            "configured_languages": configured_languages,
            "format_number": format_number,
            "format_date": format_date,
            "false_friend_message": false_friend_message,
        }
