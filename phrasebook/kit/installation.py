"""The kit of this installation: its interface strings, taken from the message catalogs
(``locales/``) so that the file speaks the reader's language, its languages, version and font
cache. Extracted with the web app's strings (babel.cfg)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from babel.lists import format_list

from .. import __version__
from ..interface_language import DEFAULT_UI_LOCALE, UI_LOCALES, catalog, display_name
from . import Kit, KitRequest, build_kit

if TYPE_CHECKING:
    from ..audio.service import AudioService
    from ..store import Store


def _language_list(languages: tuple[str, ...], ui: str) -> str:
    """The names of ``languages`` in the interface language, as a list ("Korean, Ukrainian,
    Russian and English")."""
    locale = ui if ui in UI_LOCALES else DEFAULT_UI_LOCALE
    return str(format_list([display_name(code, locale) for code in languages], locale=locale))


@lru_cache(maxsize=8)
def kit_strings(lang: str, languages: tuple[str, ...] = ()) -> Mapping[str, str]:
    """The kit's interface in ``lang`` (English where the catalog lacks a message);
    ``languages``, those its search looks in."""
    _ = catalog(lang).gettext
    return {
        "title": _("Phrase book"),
        "noscript": _("This phrase book needs JavaScript: open it in a phone or desktop browser."),
        "search": _("Search all languages"),
        "sets": _("Phrase sets"),
        "categories": _("Categories"),
        "card": _("My card"),
        "all": _("All"),
        "play": _("Play"),
        "slow": _("Slow"),
        "recorded": _("recorded: %(speaker)s"),
        "synthetic": _("synthetic voice"),
        "show": _("Show full screen"),
        "pin": _("Add to my card"),
        "unpin": _("Remove from my card"),
        "close": _("Close"),
        "previous": _("Previous"),
        "next": _("Next"),
        "position": _("%(position)s of %(total)s"),
        "reviewed": _("reviewed"),
        "draft": _("needs review"),
        "machine": _("machine translation"),
        "notes": _("Usage notes"),
        "nothing": _("Nothing found."),
        "nothingFor": _("Nothing found for “%(query)s” in %(languages)s."),
        "searched": _(
            "the texts in %(languages)s, their pronunciation aids and word forms"
        ).replace("%(languages)s", _language_list(languages, lang)),
        "more": _("Show %(count)s more of %(total)s"),
        "emptyCard": _("Nothing pinned yet: use “Add to my card” on any phrase."),
        "theme": _("Dark or light"),
        "edition": _("Edition of %(date)s · phrasebook %(version)s"),
        "unreviewed": _("%(count)s of %(total)s texts are not reviewed yet; they are marked."),
        "allReviewed": _("Every text in this edition was reviewed."),
        "answer": _("Let them answer"),
        "chose": _("You chose: %(answer)s"),
        "askNext": _("Ask next"),
        "again": _("Choose again"),
        "back": _("Back to the question"),
        "answers": _("Answers so far"),
        "clearAnswers": _("Clear answers"),
        "delete": _("Delete"),
        "done": _("Done"),
        "whole": _("Whole body"),
        "list": _("List"),
        "closer": _("Closer"),
        "falseFriend": _(
            "%(word)s means %(meaning)s. It sounds like “%(sounds_like)s” (%(sounds_meaning)s): "
            "do not mistake it."
        ),
    }


KIT_FONTS_DIR = "kit-fonts"  # font subsets, cached in the data directory by character set


def installation_kit(
    store: Store,
    kit_request: KitRequest,
    audio: AudioService | None,
    *,
    made_at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Kit:
    """The kit of ``store`` with this installation's languages, version and interface
    strings: what ``GET /kit.html``, ``phrasebook kit`` and the kit job build (through
    phrasebook.bootstrap), the tests and the benchmark."""
    return build_kit(
        store.uow,
        kit_request,
        languages=store.settings.languages,
        version=__version__,
        strings=kit_strings(kit_request.ui_lang, tuple(store.settings.languages)),
        audio=audio,
        font_cache=store.settings.data_dir / KIT_FONTS_DIR,
        made_at=made_at or datetime.now(UTC),
        progress=progress,
    )
