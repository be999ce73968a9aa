"""Export the store as a deterministic ``phrasebook/1`` document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from ..languages import base_language
from ..models import Phrase, Translation
from ..uow import UnitOfWork
from .validation import FORMAT

# Computed fields (e.g. pronunciation aids) for many translations at once, each put under
# its translation's "derived" key; called once per export.
Deriver = Callable[[Sequence[Translation]], list[dict[str, Any]]]
Derived = dict[int, dict[str, Any]]  # id(translation) -> its derived fields


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _wanted(tag: str, languages: set[str] | None) -> bool:
    return languages is None or tag in languages or base_language(tag) in languages


def _translation_document(translation: Translation, derived: Derived | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "text": translation.text,
        "status": str(translation.status),
        "provenance": dict(translation.provenance or {"kind": "person"}),
        "revision": translation.revision,
        "created": format_timestamp(translation.created_at),
        "updated": format_timestamp(translation.updated_at),
    }
    if translation.notes:
        document["notes"] = translation.notes
    extra = derived.get(id(translation)) if derived is not None else None
    if extra:
        document["derived"] = extra
    return document


def derive_all(
    phrases: Sequence[Phrase], languages: set[str] | None, derive: Deriver | None
) -> Derived | None:
    """The derived fields of every exported translation, in one call of ``derive``."""
    if derive is None:
        return None
    translations = [
        t for p in phrases for tag, t in p.translations.items() if _wanted(tag, languages)
    ]
    return {id(t): d for t, d in zip(translations, derive(translations), strict=True)}


def phrase_document(
    phrase: Phrase, languages: set[str] | None, derived: Derived | None = None
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": phrase.uid,
        "category": phrase.category,
        "register": str(phrase.register),
        "position": phrase.position,
        "created": format_timestamp(phrase.created_at),
        "updated": format_timestamp(phrase.updated_at),
        "translations": {
            tag: _translation_document(translation, derived)
            for tag, translation in phrase.translations.items()
            if _wanted(tag, languages)
        },
    }
    if phrase.tags:
        document["tags"] = list(phrase.tags)
    if phrase.notes:
        document["notes"] = phrase.notes
    return document


def export_document(
    uow: UnitOfWork,
    *,
    set_slug: str | None = None,
    category: str | None = None,
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
    uids: list[str] | None = None,
) -> dict[str, Any]:
    """Everything, one set, one category, or the phrases ``uids`` names, optionally only some
    languages.

    A category export carries no sets: re-importing a set with part of its phrases would
    shrink it. Phrases left with no translation in the chosen languages are left out.
    """
    from ..errors import NotFound

    wanted = set(languages) if languages else None
    if uids is not None:
        # A selection carries no sets: the caller decides what set, if any, it forms.
        chosen = (uow.phrases.get(uid) for uid in dict.fromkeys(uids))
        phrases = sorted((p for p in chosen if p is not None), key=lambda p: (p.position, p.uid))
        sets = []
    elif set_slug is not None:
        phrase_set = uow.sets.get(set_slug)
        if phrase_set is None:
            raise NotFound(f"no phrase set {set_slug!r}")
        sets = [phrase_set]
        phrases = sorted(
            uow.phrases.list(set_slug=set_slug, category=category),
            key=lambda p: (p.position, p.uid),
        )
    else:
        phrases = uow.phrases.list(category=category)
        sets = [] if category is not None else uow.sets.list()
    if category is not None and not phrases and uow.categories.get(category) is None:
        raise NotFound(f"no category {category!r}")
    derived = derive_all(phrases, wanted, derive)
    phrase_documents = [phrase_document(p, wanted, derived) for p in phrases]
    phrase_documents = [d for d in phrase_documents if d["translations"]]
    exported_ids = {d["id"] for d in phrase_documents}
    used_categories = {d["category"] for d in phrase_documents}
    document: dict[str, Any] = {
        "format": FORMAT,
        "categories": [
            {"id": c.slug, "names": dict(c.names), "position": c.position}
            for c in uow.categories.list()
            if c.slug in used_categories or (set_slug is None and category is None and uids is None)
        ],
        "phrases": phrase_documents,
        "sets": [
            {
                "id": s.slug,
                "names": dict(s.names),
                "descriptions": dict(s.descriptions),
                "position": s.position,
                "phrases": [m.phrase.uid for m in s.memberships if m.phrase.uid in exported_ids],
            }
            for s in sets
        ],
    }
    return document


def dumps(document: dict[str, Any]) -> str:
    """Stable text: sorted keys, two-space indent, UTF-8 unescaped, trailing newline."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def iter_dumps(document: dict[str, Any]) -> Iterator[str]:
    """The text of :func:`dumps` in pieces, one phrase at a time (for streaming responses and
    files): the same bytes, without building the whole text in memory.

    Relies on JSON strings never holding a raw newline, so a phrase dumped on its own can be
    indented as a block.
    """
    yield "{"
    keys = sorted(document)
    for index, key in enumerate(keys):
        value = document[key]
        yield "\n  " + json.dumps(key, ensure_ascii=False) + ": "
        if key == "phrases" and isinstance(value, list) and value:
            yield "["
            for position, phrase in enumerate(value):
                text = json.dumps(phrase, ensure_ascii=False, sort_keys=True, indent=2)
                yield ("," if position else "") + "\n    " + text.replace("\n", "\n    ")
            yield "\n  ]"
        else:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
            yield text.replace("\n", "\n  ")
        yield "," if index + 1 < len(keys) else ""
    yield "\n}\n"
