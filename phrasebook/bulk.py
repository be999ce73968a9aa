"""Storing many new phrases at once (an import), without the ORM's per-object flush.

The unit of work's flush inserts objects one mapper at a time with bookkeeping per object;
for tens of thousands of phrases, translations and history rows that was most of an
import. Here each table gets one multi-row INSERT ... RETURNING, and the objects are then
attached to the session as if they had been loaded: later changes in the same unit of work
(a set naming them) work as usual, and the session does not insert them again. Their search
keys are written here too, since no flush sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session, make_transient_to_detached

from .models import Phrase, Status, Translation, TranslationRevision
from .search.writing import write_new_keys

_PHRASE_FIELDS = (
    "uid", "category", "tags", "notes", "register", "position", "answers", "created_at",
    "updated_at",
)  # fmt: skip
_TRANSLATION_FIELDS = (
    "lang", "text", "status", "provenance", "notes", "revision", "created_at", "updated_at",
)  # fmt: skip
_REVISION_FIELDS = ("revision", "text", "status", "provenance")


def _values(obj: Any, fields: Sequence[str], **extra: Any) -> dict[str, Any]:
    return {**{name: getattr(obj, name) for name in fields}, **extra}


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


def insert_new_phrases(
    session: Session, phrases: Sequence[Phrase], *, by: str, at: datetime
) -> None:
    """Insert ``phrases`` (new, not in the session) with their translations, and each
    translation's first revision row, recorded as made by ``by`` at ``at``."""
    if not phrases:
        return
    phrase_ids = _insert_returning_ids(
        session, Phrase, [_values(p, _PHRASE_FIELDS) for p in phrases]
    )
    translations: list[Translation] = []
    rows: list[dict[str, Any]] = []
    for phrase, phrase_id in zip(phrases, phrase_ids, strict=True):
        phrase.id = phrase_id
        for translation in phrase.translations.values():
            translations.append(translation)
            rows.append(_values(translation, _TRANSLATION_FIELDS, phrase_id=phrase_id))
    translation_ids = _insert_returning_ids(session, Translation, rows)
    revision_rows: list[dict[str, Any]] = []
    for translation, translation_id in zip(translations, translation_ids, strict=True):
        translation.id = translation_id
        translation.phrase_id = translation.phrase.id
        # The row Translation.record() would add; ``history`` stays unloaded on the object
        # (it loads these rows if asked for).
        revision_rows.append(
            _values(
                translation,
                _REVISION_FIELDS,
                translation_id=translation_id,
                changed_by=by,
                changed_at=at,
            )
        )
    if revision_rows:
        session.execute(insert(TranslationRevision), revision_rows)
    for translation in translations:
        make_transient_to_detached(translation)
    for phrase in phrases:
        make_transient_to_detached(phrase)
        session.add(phrase)  # persistent now, with its translations
    write_new_keys(
        session,
        {p.id: [(t.lang, t.text) for t in p.translations.values()] for p in phrases},
        {
            p.id: [t.lang for t in p.translations.values() if t.status == Status.REVIEWED]
            for p in phrases
        },
    )
