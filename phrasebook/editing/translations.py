"""Editing one translation: save, review, delete, its history with diffs, and revert.

Each public function is one user action: it enters the unit of work, checks everything, and
commits once. ``apply_translation`` does the change itself inside an entered unit of work, so
that a larger action (``phrases.edit_phrase``) can make several changes in one transaction.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import InvalidInput, NotFound
from ..lookups import translation_in
from ..models import Phrase, Status, Translation, utcnow
from ..notes import merged
from ..uow import UnitOfWork
from .checks import (
    check_revision,
    checked_lang,
    checked_notes,
    clean_text,
    commit_or_stale,
    require_phrase,
)


def apply_translation(
    phrase: Phrase,
    tag: str,
    text: str,
    *,
    by: str,
    expected_revision: int | None,
    status: Status = Status.DRAFT,
    provenance: dict[str, Any] | None = None,
    notes: Mapping[str, str] | None = None,
    now: datetime,
) -> bool:
    """Add or change the ``tag`` translation of ``phrase`` (checked, cleaned values; ``notes``
    sets the notes of the languages it names); True when something changed. Raises
    StaleRevision when ``expected_revision`` is not current."""
    existing = phrase.translations.get(tag)
    check_revision(phrase, tag, existing, expected_revision)
    origin = provenance or {"kind": "person", "name": by}
    if existing is None:
        translation = Translation(
            lang=tag,
            text=text,
            status=status,
            provenance=origin,
            revision=1,
            created_at=now,
            updated_at=now,
            notes=merged({}, notes or {}),
        )
        translation.record(by, now)
        phrase.translations[tag] = translation
    else:
        new_notes = merged(existing.notes, notes) if notes is not None else existing.notes
        if text == existing.text and new_notes == (existing.notes or {}):
            return False
        existing.text = text
        existing.status = status
        existing.provenance = origin
        existing.notes = new_notes
        existing.new_revision(by, now)
    phrase.updated_at = now
    return True


def save_translation(
    uow: UnitOfWork,
    *,
    uid: str,
    lang: str,
    text: str,
    by: str,
    languages: Iterable[str],
    expected_revision: int | None,
    status: Status = Status.DRAFT,
    provenance: dict[str, Any] | None = None,
    notes: str | Mapping[str, str] | None = None,
) -> Translation:
    """Add or change one translation.

    ``expected_revision`` is the revision the editor's form was built from (None when the
    translation is new): a mismatch raises StaleRevision and nothing is written. An edited
    text goes back to ``draft`` (needs review) unless a status is given; only the review
    service marks text reviewed.
    """
    configured = list(languages)
    tag = checked_lang(lang, configured)
    cleaned = clean_text(text, "text", tag)
    note_change = checked_notes(notes, configured, "notes")
    if status == Status.REVIEWED:
        raise InvalidInput("status", "use the review step to mark a translation reviewed")
    with uow:
        phrase = require_phrase(uow, uid)
        existing = phrase.translations.get(tag)
        read = existing.revision if existing is not None else None
        changed = apply_translation(
            phrase,
            tag,
            cleaned,
            by=by,
            expected_revision=expected_revision,
            status=status,
            provenance=provenance,
            notes=note_change,
            now=utcnow(),
        )
        if changed:
            commit_or_stale(uow, uid, {tag: read})
        return phrase.translations[tag]


def review_translation(
    uow: UnitOfWork, *, uid: str, lang: str, by: str, expected_revision: int | None
) -> Translation:
    """Mark a translation reviewed (the caller checks that ``by`` may review)."""
    with uow:
        phrase = require_phrase(uow, uid)
        translation = translation_in(phrase, lang)
        check_revision(phrase, lang, translation, expected_revision)
        if translation.status == Status.REVIEWED:
            return translation
        read = translation.revision
        translation.status = Status.REVIEWED
        translation.new_revision(by, utcnow())
        commit_or_stale(uow, uid, {lang: read})
        return translation


def delete_translation(
    uow: UnitOfWork, *, uid: str, lang: str, expected_revision: int | None
) -> None:
    """Remove one translation (its history goes with it); a phrase keeps at least one."""
    with uow:
        phrase = require_phrase(uow, uid)
        translation = translation_in(phrase, lang)
        check_revision(phrase, lang, translation, expected_revision)
        if len(phrase.translations) == 1:
            raise InvalidInput(lang, "a phrase needs at least one translation: delete the phrase")
        del phrase.translations[lang]
        phrase.updated_at = utcnow()
        uow.commit()


@dataclass(frozen=True)
class DiffPiece:
    """A run of characters that stayed (``equal``), came in (``insert``) or went (``delete``)."""

    op: str
    text: str


@dataclass(frozen=True)
class HistoryEntry:
    revision: int
    text: str
    status: str
    provenance: dict[str, Any]
    changed_by: str
    changed_at: datetime
    diff: list[DiffPiece]  # from the revision before; the first one is all ``insert``


def text_diff(before: str, after: str) -> list[DiffPiece]:
    """Character-level differences (words are not space-separated in every language)."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[DiffPiece] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("equal", before[a1:a2]))
            continue
        if op in ("delete", "replace"):
            pieces.append(DiffPiece("delete", before[a1:a2]))
        if op in ("insert", "replace"):
            pieces.append(DiffPiece("insert", after[b1:b2]))
    return pieces


def translation_history(uow: UnitOfWork, *, uid: str, lang: str) -> list[HistoryEntry]:
    """Every revision of a translation, newest first, each with its diff from the one before."""
    with uow:
        translation = translation_in(require_phrase(uow, uid), lang)
        revisions = sorted(translation.history, key=lambda r: r.revision)
        entries: list[HistoryEntry] = []
        previous = ""
        for row in revisions:
            entries.append(
                HistoryEntry(
                    revision=row.revision,
                    text=row.text,
                    status=str(row.status),
                    provenance=dict(row.provenance or {}),
                    changed_by=row.changed_by,
                    changed_at=row.changed_at,
                    diff=text_diff(previous, row.text),
                )
            )
            previous = row.text
        entries.reverse()
        return entries


def revert_translation(
    uow: UnitOfWork,
    *,
    uid: str,
    lang: str,
    to_revision: int,
    by: str,
    expected_revision: int | None,
) -> Translation:
    """Bring back the text of an earlier revision as a new revision.

    The old text keeps its provenance; a reviewed one comes back as draft (needs review),
    because only the review step marks a translation reviewed.
    """
    with uow:
        phrase = require_phrase(uow, uid)
        translation = translation_in(phrase, lang)
        check_revision(phrase, lang, translation, expected_revision)
        old = next((r for r in translation.history if r.revision == to_revision), None)
        if old is None:
            raise NotFound(f"{uid}/{lang} has no revision {to_revision}")
        now = utcnow()
        translation.text = old.text
        translation.status = Status.DRAFT if old.status == Status.REVIEWED else old.status
        translation.provenance = {**(old.provenance or {}), "reverted_by": by}
        translation.new_revision(by, now)
        phrase.updated_at = now
        uow.commit()
        return translation


@dataclass
class FillResult:
    filled: list[str]
    skipped: list[str]  # someone added that translation meanwhile
    errors: list[str]


def add_missing_translations(
    uow: UnitOfWork,
    *,
    lang: str,
    texts: Iterable[tuple[str, str, dict[str, Any]]],
    by: str,
    languages: Iterable[str],
    status: Status = Status.MACHINE,
) -> FillResult:
    """Add ``(uid, text, provenance)`` translations where the phrase has none in ``lang``, all
    in one transaction (one step of a batch fill); existing translations are never touched."""
    tag = checked_lang(lang, languages)
    entries = list(texts)
    result = FillResult([], [], [])
    with uow:
        phrases = uow.phrases.get_many([uid for uid, _, _ in entries])
        now = utcnow()
        for uid, text, provenance in entries:
            phrase = phrases.get(uid)
            if phrase is None:
                result.errors.append(f"{uid}: no such phrase")
            elif tag in phrase.translations:
                result.skipped.append(uid)
            elif not text.strip():
                result.errors.append(f"{uid}: the model produced an empty text")
            else:
                apply_translation(
                    phrase,
                    tag,
                    text.strip(),
                    by=by,
                    expected_revision=0,
                    status=status,
                    provenance=provenance,
                    now=now,
                )
                result.filled.append(uid)
        uow.commit()
    return result
