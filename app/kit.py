"""The field kit on the web: ``GET /kit.html`` (the same file ``phrasebook kit`` writes) and
``GET /kit-qr.png``, a QR code pointing at it; and the kit's interface strings, taken from the
web app's message catalogs so the file speaks the reader's language."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel.support import Translations
from flask import Blueprint, Response, current_app, request, url_for

from phrasebook import __version__
from phrasebook.errors import InvalidInput
from phrasebook.kit import Kit, KitRequest, build_kit

from .extensions import get_store
from .i18n import LOCALES_DIR, UI_LOCALES, current_pair

if TYPE_CHECKING:
    from phrasebook.audio.service import AudioService
    from phrasebook.store import Store

bp = Blueprint("kit", __name__)


@lru_cache(maxsize=8)
def kit_strings(lang: str) -> Mapping[str, str]:
    """The kit's interface in ``lang`` (English where the catalog lacks a message)."""
    _ = Translations.load(str(LOCALES_DIR), [lang if lang in UI_LOCALES else "en"]).gettext
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
        "falseFriend": _(
            "%(word)s means %(meaning)s. It sounds like “%(sounds_like)s” (%(sounds_meaning)s): "
            "do not mistake it."
        ),
    }


def _kit_request() -> KitRequest:
    pair = current_pair()
    args = request.args
    reader = args.get("from") or pair.reader
    target = args.get("to") or pair.target
    ids = tuple(part.strip() for part in args.get("ids", "").split(",") if part.strip())
    ui = args.get("ui") or None
    if ui is not None and ui not in UI_LOCALES:
        raise InvalidInput("?ui", f"{ui!r} is not an interface language")
    return KitRequest(
        reader=reader, target=target,
        sets=tuple(dict.fromkeys(args.getlist("set"))),
        categories=tuple(dict.fromkeys(args.getlist("category"))),
        ids=ids, audio=args.get("audio", "1") != "0", ui=ui,
    )  # fmt: skip


KIT_FONTS_DIR = "kit-fonts"  # font subsets, cached in the data directory by character set


def kit_of(
    store: Store,
    kit_request: KitRequest,
    audio: AudioService | None,
    *,
    made_at: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Kit:
    """The kit of ``store`` with this installation's languages, version and interface
    strings: what ``GET /kit.html``, ``phrasebook kit``, the tests and the benchmark build."""
    return build_kit(
        store.uow, kit_request,
        languages=store.settings.languages, version=__version__,
        strings=kit_strings(kit_request.ui_lang), audio=audio,
        font_cache=store.settings.data_dir / KIT_FONTS_DIR,
        made_at=made_at or datetime.now(UTC), progress=progress,
    )  # fmt: skip


def kit_filename(kit_request: KitRequest) -> str:
    scope = "-".join(kit_request.sets + kit_request.categories) or (
        "selection" if kit_request.ids else "all"
    )
    return f"phrasebook-{kit_request.reader}-{kit_request.target}-{scope}.html"


@bp.get("/kit.html")
def kit_file() -> Response:
    """The field kit for the visitor's pair (or ``from``/``to``), as a download."""
    from .audio import get_audio_service

    kit_request = _kit_request()
    kit = kit_of(get_store(), kit_request, get_audio_service() if kit_request.audio else None)
    response = current_app.response_class(kit.html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{kit_filename(kit_request)}"'
    # The file's own policy (hashes of its inline script and style), not the app's.
    response.headers["Content-Security-Policy"] = kit.content_security_policy
    return response


def kit_url(**params: str | list[str]) -> str:
    """The absolute address of a kit, as a phone on the network reaches it:
    ``PHRASEBOOK_PUBLIC_URL`` when set (the address the unit uses), else this request's host."""
    settings = current_app.config["PHRASEBOOK_SETTINGS"]
    base = settings.extra.get("PHRASEBOOK_PUBLIC_URL", "") or request.host_url
    values: dict[str, Any] = dict(params)  # url_for repeats a list's items (set=a&set=b)
    return base.rstrip("/") + url_for("kit.kit_file", **values)


@bp.get("/kit-qr.png")
def kit_qr() -> Response:
    """A QR code of the kit's address for the visitor's pair (and ``set``)."""
    import segno

    pair = current_pair()
    params: dict[str, str | list[str]] = {
        "from": request.args.get("from") or pair.reader,
        "to": request.args.get("to") or pair.target,
    }
    if request.args.getlist("set"):
        params["set"] = request.args.getlist("set")
    code = segno.make(kit_url(**params), error="m")
    out = io.BytesIO()
    code.save(out, kind="png", scale=4, border=2)
    return current_app.response_class(out.getvalue(), mimetype="image/png")
