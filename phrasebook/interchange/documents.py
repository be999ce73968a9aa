"""What the JSON API answers when it reads: phrases and sets as phrasebook/1 entries (plain
values), each read in one unit of work. The API's views parse the request and call these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import NotFound
from ..models import Phrase, PhraseSet, Status
from ..uow import UnitOfWork
from .exporter import phrase_document
from .repository import ExportScope, phrase_row


def _phrase_json(phrase: Phrase, languages: Iterable[str] | None) -> dict[str, Any]:
    return phrase_document(phrase_row(phrase, ExportScope.of(languages=languages)))


def _set_json(phrase_set: PhraseSet) -> dict[str, Any]:
    return {
        "id": phrase_set.slug,
        "names": dict(phrase_set.names),
        "descriptions": dict(phrase_set.descriptions),
        "position": phrase_set.position,
        "phrases": [m.phrase.uid for m in phrase_set.memberships],
    }


def phrase_page(
    uow: UnitOfWork,
    *,
    set_slug: str | None,
    category: str | None,
    status: Status | None,
    languages: Iterable[str] | None,
    offset: int,
    limit: int,
) -> dict[str, Any]:
    """A page of phrases (``status``: with a text of that status in one of ``languages``)."""
    wanted = (status, frozenset(languages or ())) if status is not None else None
    with uow:
        if set_slug is not None and uow.sets.get(set_slug) is None:
            raise NotFound(f"no phrase set {set_slug!r}")
        total = uow.phrases.count_in(set_slug=set_slug, category=category, status=wanted)
        phrases = uow.phrases.page(
            set_slug=set_slug, category=category, status=wanted, offset=offset, limit=limit
        )
        page = [_phrase_json(p, languages) for p in phrases]
    return {"total": total, "offset": offset, "limit": limit, "phrases": page}


def phrase_entry(
    uow: UnitOfWork, uid: str, languages: Iterable[str] | None = None, *, with_sets: bool = True
) -> dict[str, Any]:
    """One phrase as its phrasebook/1 entry, with the sets it belongs to."""
    with uow:
        phrase = uow.phrases.get(uid)
        if phrase is None:
            raise NotFound(f"no phrase {uid!r}")
        document = _phrase_json(phrase, languages)
        if with_sets:
            document["sets"] = uow.sets.containing(uid)
    return document


def set_list(uow: UnitOfWork) -> list[dict[str, Any]]:
    with uow:
        return [_set_json(s) for s in uow.sets.list()]


def set_entry(uow: UnitOfWork, slug: str, languages: Iterable[str] | None) -> dict[str, Any]:
    """One set with its phrases' entries, in the set's order."""
    with uow:
        phrase_set = uow.sets.get(slug)
        if phrase_set is None:
            raise NotFound(f"no phrase set {slug!r}")
        document = _set_json(phrase_set)
        document["phrases"] = [_phrase_json(p, languages) for p in uow.phrases.page(set_slug=slug)]
    return document
