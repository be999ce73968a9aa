"""Finding one phrase's text in one language, or the one NotFound every caller answers with
(the web's 404, the API's, the command line's one line)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import InvalidInput, NotFound
from .languages import LanguageError, normalize_tag

if TYPE_CHECKING:
    from .models import Phrase, Translation
    from .uow import UnitOfWork


def translation_in(phrase: Phrase, lang: str) -> Translation:
    """``phrase``'s translation in ``lang`` (a normalized tag), or NotFound."""
    translation = phrase.translations.get(lang)
    if translation is None:
        raise NotFound(f"phrase {phrase.uid!r} has no {lang!r} translation")
    return translation


def find_translation(uow: UnitOfWork, uid: str, lang: str) -> Translation:
    """Phrase ``uid``'s translation in ``lang`` (read in the entered ``uow``): NotFound when
    there is no such phrase or no such translation, InvalidInput for a malformed tag."""
    phrase = uow.phrases.get(uid)
    if phrase is None:
        raise NotFound(f"no phrase {uid!r}")
    try:
        tag = normalize_tag(lang)
    except LanguageError as exc:
        raise InvalidInput("lang", str(exc)) from None
    return translation_in(phrase, tag)
