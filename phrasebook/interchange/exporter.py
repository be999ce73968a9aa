"""Export the store as a deterministic ``phrasebook/1`` document."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from .. import collector
from ..models import PhraseSet
from ..notes import to_document
from .jsontext import stable_json
from .repository import ExportScope, PhraseRow, TranslationRow
from .validation import FORMAT

if TYPE_CHECKING:  # the unit of work imports this package's export repository
    from ..uow import UnitOfWork

# Computed fields (e.g. pronunciation aids) for many translations at once, each put under
# its translation's "derived" key; called once per chunk of an export.
Deriver = Callable[[Sequence[TranslationRow]], list[dict[str, Any]]]
_Item = TypeVar("_Item")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# A chunk of phrases read, derived and written at a time: memory holds one chunk, and a book
# of up to this many phrases is read in the same few queries as a small one.
CHUNK = 5000


def _translation_document(
    translation: TranslationRow, extra: dict[str, Any] | None
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "text": translation.text,
        "status": translation.status,
        "provenance": dict(translation.provenance or {"kind": "person"}),
        "revision": translation.revision,
        "created": translation.created,
        "updated": translation.updated,
    }
    notes = to_document(translation.notes)
    if notes is not None:
        document["notes"] = notes
    if extra:
        document["derived"] = extra
    return document


def phrase_document(
    phrase: PhraseRow, derived: dict[int, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One phrase as phrasebook/1 (its rows hold only the translations to export);
    ``derived`` holds the derived fields by ``id()`` of the translation row."""
    document: dict[str, Any] = {
        "id": phrase.uid,
        "category": phrase.category,
        "register": phrase.register,
        "position": phrase.position,
        "created": phrase.created,
        "updated": phrase.updated,
        "translations": {
            tag: _translation_document(t, derived.get(id(t)) if derived else None)
            for tag, t in phrase.translations.items()
        },
    }
    if phrase.tags:
        document["tags"] = list(phrase.tags)
    notes = to_document(phrase.notes)
    if notes is not None:
        document["notes"] = notes
    if phrase.answers:
        document["answers"] = phrase.answers
    return document


def _chunks(
    uow: UnitOfWork,
    scope: ExportScope,
    derive: Deriver | None,
    make: Callable[[dict[str, Any]], _Item],
) -> Iterator[list[tuple[str, _Item]]]:
    """Per chunk of phrases, each exported phrase's id and ``make`` of its document (its text
    for the stream, the document itself for ``export_document``)."""
    after: tuple[int, str] | None = None
    while True:
        with collector.paused():  # no yield inside
            rows = uow.exports.phrase_rows(scope, after, CHUNK)
            kept = [row for row in rows if row.translations]
            derived = None
            if derive is not None:
                translations = [t for row in kept for t in row.translations.values()]
                pairs = zip(translations, derive(translations), strict=True)
                derived = {id(t): d for t, d in pairs}
            items = [(row.uid, make(phrase_document(row, derived))) for row in kept]
        yield items
        if len(rows) < CHUNK:
            return
        after = (rows[-1].position, rows[-1].uid)


def _check_scope(uow: UnitOfWork, scope: ExportScope) -> PhraseSet | None:
    from ..errors import NotFound

    phrase_set = None
    if scope.set_slug is not None and scope.uids is None:
        phrase_set = uow.sets.get(scope.set_slug)
        if phrase_set is None:
            raise NotFound(f"no phrase set {scope.set_slug!r}")
    if scope.category is not None and uow.categories.get(scope.category) is None:
        if not uow.exports.phrase_rows(scope, None, 1):
            raise NotFound(f"no category {scope.category!r}")
    return phrase_set


def _categories(uow: UnitOfWork, scope: ExportScope) -> list[dict[str, Any]]:
    used = None if scope.is_everything else uow.exports.used_categories(scope)
    return [
        {"id": c.slug, "names": dict(c.names), "position": c.position}
        for c in uow.categories.list()
        if used is None or c.slug in used
    ]


def _set_documents(
    uow: UnitOfWork, scope: ExportScope, phrase_set: PhraseSet | None, exported: set[str]
) -> list[dict[str, Any]]:
    """The sets an export carries, each listing its exported phrases in the set's order."""
    if scope.uids is not None or (scope.category is not None and scope.set_slug is None):
        return []
    sets = [phrase_set] if phrase_set is not None else uow.sets.list()
    members = uow.exports.set_members([s.slug for s in sets])
    return [
        {
            "id": s.slug,
            "names": dict(s.names),
            "descriptions": dict(s.descriptions),
            "position": s.position,
            "phrases": [uid for uid in members[s.slug] if uid in exported],
        }
        for s in sets
    ]


def stream_export(
    uow: UnitOfWork, scope: ExportScope, derive: Deriver | None = None
) -> Iterator[str]:
    """The export's text in pieces, read from the store a chunk of phrases at a time.

    Enters ``uow`` and keeps it open until the last piece (or until the iterator is closed).
    The scope is checked before anything is returned: a missing set or category raises
    NotFound from this call, not from the first piece. A category export carries no sets (re-
    importing a set with part of its phrases would shrink it), nor does a selection of ids;
    phrases left with no translation in the chosen languages are left out.
    """
    pieces = _export_pieces(uow, scope, derive)
    next(pieces)  # enter the unit of work and check the scope now
    return pieces


def _export_pieces(uow: UnitOfWork, scope: ExportScope, derive: Deriver | None) -> Iterator[str]:
    with uow:
        phrase_set = _check_scope(uow, scope)
        yield ""
        # The keys in sorted order (categories, format, phrases, sets), as dumps() writes them.
        yield '{\n  "categories": ' + stable_json(_categories(uow, scope), "  ")
        yield ',\n  "format": ' + stable_json(FORMAT) + ',\n  "phrases": ['
        exported: set[str] = set()
        separator = "\n    "
        for texts in _chunks(uow, scope, derive, lambda document: stable_json(document, "    ")):
            for uid, text in texts:
                exported.add(uid)
                yield separator + text
                separator = ",\n    "
        yield "\n  ]" if exported else "]"
        sets = _set_documents(uow, scope, phrase_set, exported)
        yield ',\n  "sets": ' + stable_json(sets, "  ") + "\n}\n"


def export_document(
    uow: UnitOfWork, scope: ExportScope, derive: Deriver | None = None
) -> dict[str, Any]:
    """The document ``stream_export`` writes, as a dict (for small selections, e.g. a
    reader's card, that are changed before they are written)."""
    with uow:
        phrase_set = _check_scope(uow, scope)
        phrases = [
            document
            for chunk in _chunks(uow, scope, derive, lambda document: document)
            for _uid, document in chunk
        ]
        exported = {document["id"] for document in phrases}
        return {
            "categories": _categories(uow, scope),
            "format": FORMAT,
            "phrases": phrases,
            "sets": _set_documents(uow, scope, phrase_set, exported),
        }


def dumps(document: dict[str, Any]) -> str:
    """Stable text: sorted keys, two-space indent, UTF-8 unescaped, trailing newline."""
    return stable_json(document) + "\n"
