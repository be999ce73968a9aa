"""Editing a phrase: create, change (``edit_phrase``: fields, sets and translations at once),
set membership and order, delete.

``edit_phrase`` is what the editor's form and ``PATCH /api/v1/phrases/<id>`` call: it checks
every part first and writes all of it in one transaction, or nothing (a stale revision in the
last translation leaves the notes and sets as they were).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import answers
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Phrase, PhraseSet, Register, SetMembership, Status, Translation, utcnow
from ..notes import merged
from ..uow import UnitOfWork
from .checks import (
    check_revision,
    check_slug,
    checked_lang,
    checked_notes,
    clean_text,
    commit_or_stale,
    parse_register,
    parse_tags,
    require_phrase,
)
from .translations import apply_translation


@dataclass(frozen=True)
class TranslationChange:
    """One translation as an editor sent it: the text, and the revision it was based on
    (None for a translation that does not exist yet)."""

    text: str
    revision: int | None = None
    status: Status = Status.DRAFT
    provenance: dict[str, Any] | None = None
    # A string: the English note; an object: the notes of the languages named ("" removes).
    notes: str | Mapping[str, str] | None = None


@dataclass(frozen=True)
class PhraseChange:
    """What one save changes; None leaves a field as it is."""

    category: str | None = None
    tags: list[str] | None = None
    notes: str | Mapping[str, str] | None = None
    register: str | None = None
    sets: list[str] | None = None
    translations: Mapping[str, TranslationChange] = field(default_factory=dict)
    # The answer panel (docs/answers.md); an empty mapping removes it.
    answers: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class EditResult:
    changed: bool
    phrase: Phrase


def _phrase_fields(phrase: Phrase, change: PhraseChange, languages: list[str]) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    if change.category is not None:
        wanted["category"] = check_slug(change.category, "/category")
    if change.tags is not None:
        wanted["tags"] = parse_tags(change.tags, "/tags")
    note_change = checked_notes(change.notes, languages, "/notes")
    if note_change is not None:
        wanted["notes"] = merged(phrase.notes, note_change)
    if change.register is not None:
        wanted["register"] = parse_register(change.register, "/register")
    return wanted


def _checked_answers(uow: UnitOfWork, uid: str, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """The panel to keep (None: remove it), its labels looked up in one query."""
    if isinstance(raw, Mapping) and not raw:
        return None
    panel = answers.parse(raw)
    found = uow.phrases.get_many(answers.referenced_ids(panel))
    answers.check(panel, "/answers", uid, found.__contains__)
    return panel


def _apply_fields(phrase: Phrase, wanted: dict[str, Any], now: datetime) -> bool:
    changed = {name: value for name, value in wanted.items() if getattr(phrase, name) != value}
    for name, value in changed.items():
        setattr(phrase, name, value)
    if changed:
        phrase.updated_at = now
    return bool(changed)


def _target_sets(uow: UnitOfWork, slugs: Iterable[object]) -> list[PhraseSet]:
    given: list[str] = []
    for index, slug in enumerate(slugs):
        if not isinstance(slug, str):
            raise InvalidInput(f"/sets/{index}", "expected a set id (a string)")
        given.append(slug)
    targets = []
    for index, slug in enumerate(dict.fromkeys(given)):
        phrase_set = uow.sets.get(slug)
        if phrase_set is None:
            raise InvalidInput(f"/sets/{index}", f"no phrase set {slug!r}")
        targets.append(phrase_set)
    return targets


def _apply_sets(uow: UnitOfWork, phrase: Phrase, targets: list[PhraseSet]) -> bool:
    """Make the phrase a member of exactly ``targets`` (added at the end of new ones)."""
    changed = False
    for phrase_set in uow.sets.list():
        members = phrase_set.memberships
        inside = any(m.phrase is phrase for m in members)
        if phrase_set in targets and not inside:
            members.append(SetMembership(phrase=phrase, position=len(members)))
            changed = True
        elif phrase_set not in targets and inside:
            phrase_set.memberships = [m for m in members if m.phrase is not phrase]
            for position, membership in enumerate(phrase_set.memberships):
                membership.position = position
            changed = True
    return changed


_Checked = tuple[str, TranslationChange, dict[str, str] | None]  # text, change, note change


def _checked_translations(
    phrase: Phrase, changes: Mapping[str, TranslationChange], languages: list[str]
) -> dict[str, _Checked]:
    checked: dict[str, _Checked] = {}
    for lang, item in changes.items():
        where = f"/translations/{lang}"
        tag = checked_lang(lang, languages, where)
        text = clean_text(item.text, f"{where}/text", tag)
        notes = checked_notes(item.notes, languages, f"{where}/notes")
        if item.status == Status.REVIEWED:
            raise InvalidInput(f"{where}/status", "use the review step to mark it reviewed")
        existing = phrase.translations.get(tag)
        if existing is not None and item.revision is None:
            raise InvalidInput(
                f"{where}/revision", f"give the revision you edited (now {existing.revision})"
            )
        check_revision(phrase, tag, existing, item.revision)
        checked[tag] = (text, item, notes)
    return checked


def edit_phrase(
    uow: UnitOfWork, *, uid: str, change: PhraseChange, by: str, languages: Iterable[str]
) -> EditResult:
    """Apply every part of ``change`` in one transaction, or none of it.

    Errors name the part as a JSON pointer (``/notes``, ``/sets/1``, ``/translations/ko/text``);
    a stale revision raises StaleRevision. Nothing is written when any part is refused.
    """
    configured = list(languages)
    with uow:
        phrase = require_phrase(uow, uid)
        wanted = _phrase_fields(phrase, change, configured)
        if change.answers is not None:
            wanted["answers"] = _checked_answers(uow, uid, change.answers)
        targets = _target_sets(uow, change.sets) if change.sets is not None else None
        translations = _checked_translations(phrase, change.translations, configured)
        read = {
            tag: (phrase.translations[tag].revision if tag in phrase.translations else None)
            for tag in translations
        }
        now = utcnow()
        changed = _apply_fields(phrase, wanted, now)
        if targets is not None:
            changed = _apply_sets(uow, phrase, targets) or changed
        for tag, (text, item, notes) in translations.items():
            changed = (
                apply_translation(
                    phrase,
                    tag,
                    text,
                    by=by,
                    expected_revision=item.revision,
                    status=item.status,
                    provenance=item.provenance,
                    notes=notes,
                    now=now,
                )
                or changed
            )
        if changed:
            commit_or_stale(uow, uid, read)
        return EditResult(changed, phrase)


def create_phrase(
    uow: UnitOfWork,
    *,
    uid: str,
    category: str,
    texts: dict[str, str],
    by: str,
    languages: Iterable[str],
    tags: Iterable[str] = (),
    notes: str | Mapping[str, str] = "",
    register: str = "neutral",
    sets: Iterable[str] = (),
) -> str:
    """Create a phrase with draft translations written by ``by``; returns its id."""
    check_slug(uid, "/id")
    check_slug(category, "/category")
    register_value = parse_register(register, "/register")
    configured = list(languages)
    cleaned = {}
    for tag, text in texts.items():
        canonical = checked_lang(tag, configured, f"/translations/{tag}")
        cleaned[canonical] = clean_text(text, f"/translations/{tag}/text", canonical)
    if not cleaned:
        raise InvalidInput("/translations", "at least one translation is required")
    tag_list = parse_tags(list(tags), "/tags")
    note_change = checked_notes(notes, configured, "/notes") or {}
    with uow:
        if uow.phrases.get(uid) is not None:
            raise Conflict(f"a phrase with id {uid!r} already exists")
        targets = _target_sets(uow, sets)
        now = utcnow()
        phrase = Phrase(
            uid=uid,
            category=category,
            tags=tag_list,
            notes=merged({}, note_change),
            register=register_value,
            position=uow.phrases.count() * 10,
            created_at=now,
            updated_at=now,
        )
        for tag, text in cleaned.items():
            translation = Translation(
                lang=tag,
                text=text,
                status=Status.DRAFT,
                provenance={"kind": "person", "name": by},
                revision=1,
                created_at=now,
                updated_at=now,
                notes={},
            )
            translation.record(by, now)
            phrase.translations[tag] = translation
        uow.phrases.add(phrase)
        for phrase_set in targets:
            phrase_set.memberships.append(
                SetMembership(phrase=phrase, position=len(phrase_set.memberships))
            )
        uow.commit()
        return uid


def update_phrase(
    uow: UnitOfWork,
    *,
    uid: str,
    category: str | None = None,
    tags: str | Iterable[str] | None = None,
    notes: str | Mapping[str, str] | None = None,
    register: str | None = None,
) -> bool:
    """Change the given fields of a phrase (None leaves one as it is); True when changed."""
    parsed_tags = parse_tags(tags, "/tags") if tags is not None else None
    change = PhraseChange(category=category, tags=parsed_tags, notes=notes, register=register)
    return edit_phrase(uow, uid=uid, change=change, by="", languages=()).changed


def assign_sets(uow: UnitOfWork, *, uid: str, slugs: Iterable[str]) -> None:
    """Make the phrase a member of exactly these sets (added at the end of new ones)."""
    edit_phrase(uow, uid=uid, change=PhraseChange(sets=list(slugs)), by="", languages=())


def reorder_set(uow: UnitOfWork, *, slug: str, order: Iterable[object]) -> None:
    """Put a set's phrases in ``order``, which must list each member exactly once."""
    wanted = list(order)
    if not all(isinstance(uid, str) for uid in wanted):
        raise InvalidInput("/phrases", "every entry must be a phrase id (a string)")
    with uow:
        phrase_set = require_set(uow, slug)
        by_uid = {m.phrase.uid: m for m in phrase_set.memberships}
        if len(wanted) != len(set(wanted)):
            raise InvalidInput("/phrases", "a phrase is listed twice")
        if set(wanted) != set(by_uid):
            missing = sorted(set(by_uid) - set(wanted))
            extra = sorted(str(uid) for uid in set(wanted) - set(by_uid))
            parts = [f"missing {missing}"] if missing else []
            parts += [f"not in the set: {extra}"] if extra else []
            detail = "; ".join(parts)
            raise InvalidInput("/phrases", f"must list every phrase of the set once ({detail})")
        for position, uid in enumerate(wanted):
            by_uid[str(uid)].position = position
        phrase_set.memberships.sort(key=lambda m: m.position)
        uow.commit()


def delete_phrase(uow: UnitOfWork, *, uid: str) -> None:
    with uow:
        uow.phrases.delete(require_phrase(uow, uid))
        uow.commit()


def require_set(uow: UnitOfWork, slug: str) -> PhraseSet:
    """The set (inside an entered unit of work), or NotFound."""
    phrase_set = uow.sets.get(slug)
    if phrase_set is None:
        raise NotFound(f"no phrase set {slug!r}")
    return phrase_set


__all__ = [
    "EditResult",
    "PhraseChange",
    "Register",
    "TranslationChange",
    "assign_sets",
    "check_revision",
    "create_phrase",
    "delete_phrase",
    "edit_phrase",
    "reorder_set",
    "require_set",
    "update_phrase",
]
