"""The interface languages and their message catalogs (``locales/``), for every part of the
product that speaks to a person outside a web request: the field kit, PDFs, the command line.
The web app's Flask-Babel reads the same catalogs (app/i18n.py)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

from .languages import language_codes

DEFAULT_UI_LOCALE = "en"  # the language the strings are written in
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def _catalog_languages() -> tuple[str, ...]:
    """The interface languages: English, then every language with a catalog in ``locales/``
    (``locales/<tag>/LC_MESSAGES/messages.po``), in the order of languages.json."""
    found = {path.parent.parent.name for path in LOCALES_DIR.glob("*/LC_MESSAGES/messages.po")}
    known = [code for code in language_codes() if code in found and code != DEFAULT_UI_LOCALE]
    return (DEFAULT_UI_LOCALE, *known, *sorted(found - {DEFAULT_UI_LOCALE, *known}))


UI_LOCALES = _catalog_languages()


@lru_cache(maxsize=8)
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog of ``lang`` (English, the source language, for any other)."""
    return Translations.load(str(LOCALES_DIR), [lang if lang in UI_LOCALES else "en"])


# A list page names the same few languages for every phrase; parsing CLDR locales each time
# was a tenth of its rendering.
@lru_cache(maxsize=1024)
def display_name(code: str, in_locale: str) -> str:
    """The name of language ``code`` in ``in_locale``, from CLDR (the code if CLDR has none)."""
    try:
        locale = Locale.parse(in_locale.replace("-", "_"))
        display = Locale.parse(code.replace("-", "_")).get_display_name(locale)
    except (ValueError, UnknownLocaleError):
        return code
    return display or code
