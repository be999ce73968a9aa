"""Editing services beyond one translation's text: phrase fields, set membership and order,
deleting a translation, history with diffs, and reverting to an earlier revision.

Like ``services``, each function takes plain values and a unit of work and commits once.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import InvalidInput, NotFound, StaleRevision
from .interchange.validation import schema
from .models import Phrase, Register, SetMembership, Status, Translation, utcnow
from .services import _record, _require_phrase
from .uow import UnitOfWork

MAX_TAGS = 50


def _id_pattern() -> str:
    pattern: str = schema()["$defs"]["id"]["pattern"]
    return pattern


def check_slug(value: str, where: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(_id_pattern(), value):
        raise InvalidInput(
            where, f"invalid id {value!r}: use lower-case letters, digits, '.', '_', '-'"
        )
    return value


def parse_tags(raw: str | Iterable[str]) -> list[str]:
    """Tags from a comma-separated string or a list: trimmed, empty ones and repeats dropped."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput("tags", "every tag must be a string")
        tag = item.strip()
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput("tags", f"at most {MAX_TAGS} tags")
    return tags


def _require_translation(phrase: Phrase, lang: str) -> Translation:
    translation = phrase.translations.get(lang)
    if translation is None:
        raise NotFound(f"phrase {phrase.uid!r} has no {lang!r} translation")
    return translation


# --- phrase fields and sets ------------------------------------------------------------------


def update_phrase(
    uow: UnitOfWork,
    *,
    uid: str,
    category: str | None = None,
    tags: Iterable[str] | None = None,
    notes: str | None = None,
    register: str | None = None,
) -> bool:
    """Change the given fields of a phrase (None leaves one as it is); True when changed."""
    wanted: dict[str, Any] = {}
    if category is not None:
        wanted["category"] = check_slug(category, "category")
    if tags is not None:
        wanted["tags"] = parse_tags(tags)
    if notes is not None:
        wanted["notes"] = notes.strip()
    if register is not None:
        try:
            wanted["register"] = Register(register)
        except ValueError:
            choices = ", ".join(r.value for r in Register)
            raise InvalidInput("register", f"{register!r} is not one of: {choices}") from None
    with uow:
        phrase = _require_phrase(uow, uid)
        changed = {name: value for name, value in wanted.items() if getattr(phrase, name) != value}
        if not changed:
            return False
        for name, value in changed.items():
            setattr(phrase, name, value)
        phrase.updated_at = utcnow()
        uow.commit()
        return True


def assign_sets(uow: UnitOfWork, *, uid: str, slugs: Iterable[str]) -> None:
    """Make the phrase a member of exactly these sets (added at the end of new ones)."""
    wanted = list(dict.fromkeys(slugs))
    with uow:
        phrase = _require_phrase(uow, uid)
        targets = []
        for slug in wanted:
            phrase_set = uow.sets.get(slug)
            if phrase_set is None:
                raise NotFound(f"no phrase set {slug!r}")
            targets.append(phrase_set)
        for phrase_set in uow.sets.list():
            members = phrase_set.memberships
            inside = any(m.phrase is phrase for m in members)
            if phrase_set in targets and not inside:
                members.append(SetMembership(phrase=phrase, position=len(members)))
            elif phrase_set not in targets and inside:
                phrase_set.memberships = [m for m in members if m.phrase is not phrase]
                for position, membership in enumerate(phrase_set.memberships):
                    membership.position = position
        uow.commit()


def reorder_set(uow: UnitOfWork, *, slug: str, order: Iterable[str]) -> None:
    """Put a set's phrases in ``order``, which must list each member exactly once."""
    wanted = list(order)
    with uow:
        phrase_set = uow.sets.get(slug)
        if phrase_set is None:
            raise NotFound(f"no phrase set {slug!r}")
        by_uid = {m.phrase.uid: m for m in phrase_set.memberships}
        if len(wanted) != len(set(wanted)):
            raise InvalidInput("order", "a phrase is listed twice")
        if set(wanted) != set(by_uid):
            missing = sorted(set(by_uid) - set(wanted))
            extra = sorted(set(wanted) - set(by_uid))
            parts = [f"missing {missing}"] if missing else []
            parts += [f"not in the set: {extra}"] if extra else []
            detail = "; ".join(parts)
            raise InvalidInput("order", f"must list every phrase of the set once ({detail})")
        for position, uid in enumerate(wanted):
            by_uid[uid].position = position
        phrase_set.memberships.sort(key=lambda m: m.position)
        uow.commit()


def set_member_ids(uow: UnitOfWork, uid: str) -> list[str]:
    """Slugs of the sets a phrase belongs to."""
    with uow:
        return [s.slug for s in uow.sets.list() if any(m.phrase.uid == uid for m in s.memberships)]


# --- translations ----------------------------------------------------------------------------


def delete_translation(
    uow: UnitOfWork, *, uid: str, lang: str, expected_revision: int | None
) -> None:
    """Remove one translation (its history goes with it); a phrase keeps at least one."""
    with uow:
        phrase = _require_phrase(uow, uid)
        translation = _require_translation(phrase, lang)
        if expected_revision is not None and expected_revision != translation.revision:
            raise StaleRevision(
                f"{uid}/{lang}", expected_revision, translation.revision, translation.text
            )
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
        translation = _require_translation(_require_phrase(uow, uid), lang)
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
        phrase = _require_phrase(uow, uid)
        translation = _require_translation(phrase, lang)
        if expected_revision is not None and expected_revision != translation.revision:
            raise StaleRevision(
                f"{uid}/{lang}", expected_revision, translation.revision, translation.text
            )
        old = next((r for r in translation.history if r.revision == to_revision), None)
        if old is None:
            raise NotFound(f"{uid}/{lang} has no revision {to_revision}")
        now = utcnow()
        translation.text = old.text
        translation.status = Status.DRAFT if old.status == Status.REVIEWED else old.status
        translation.provenance = {**(old.provenance or {}), "reverted_by": by}
        translation.revision += 1
        translation.updated_at = now
        phrase.updated_at = now
        _record(translation, by)
        uow.commit()
        return translation


# --- machine suggestions accepted in the editor ---------------------------------------------

_PROVENANCE_STRINGS = ("engine", "model", "version", "via")


def accepted_status(value: str | None) -> Status:
    """The status an editor may save with: draft (their own words) or machine (a suggestion)."""
    if value in (None, "", "draft"):
        return Status.DRAFT
    if value == "machine":
        return Status.MACHINE
    raise InvalidInput("status", f"{value!r} may not be saved here: use draft or machine")


def machine_provenance(raw: str | dict[str, Any] | None) -> dict[str, Any]:
    """Check the provenance posted with an accepted suggestion: ``{"kind": "mt", "engine":
    ..., "model": ..., "version": ...}`` with short strings and nothing else."""
    if raw is None or raw == "":
        raise InvalidInput("provenance", "a machine translation needs its provenance")
    if isinstance(raw, str):
        try:
            data = json.loads(raw)
        except ValueError:
            raise InvalidInput("provenance", "not valid JSON") from None
    else:
        data = raw
    if not isinstance(data, dict) or data.get("kind") != "mt":
        raise InvalidInput("provenance", 'expected an object with "kind": "mt"')
    unknown = set(data) - {"kind", *_PROVENANCE_STRINGS}
    if unknown:
        raise InvalidInput("provenance", f"unexpected field {sorted(unknown)[0]!r}")
    for key in ("engine", "model", "version"):
        if key not in data:
            raise InvalidInput(f"provenance/{key}", "missing")
    for key in _PROVENANCE_STRINGS:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value or len(value) > 200):
            raise InvalidInput(f"provenance/{key}", "must be a non-empty string of 200 or fewer")
    return {key: data[key] for key in ("kind", *_PROVENANCE_STRINGS) if key in data}
