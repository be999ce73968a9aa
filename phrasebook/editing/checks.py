"""Checks shared by the editing services: ids, tags, texts, languages, revisions, and what an
editor may save as status and provenance. Each raises one clear error and changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .. import textcheck
from ..errors import ConcurrentEdit, InvalidInput, NotFound, StaleRevision
from ..languages import LanguageError, check_configured, is_right_to_left
from ..models import Phrase, Register, Status, Translation
from ..uow import UnitOfWork

MAX_TAGS = 50
_PROVENANCE_STRINGS = ("engine", "model", "version", "via")


@cache
def _id_pattern() -> str:
    from ..interchange.validation import schema

    pattern: str = schema()["$defs"]["id"]["pattern"]
    return pattern


def check_slug(value: object, where: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(_id_pattern(), value):
        raise InvalidInput(
            where, f"invalid id {value!r}: use lower-case letters, digits, '.', '_', '-'"
        )
    return value


def parse_tags(raw: str | Iterable[str], where: str = "tags") -> list[str]:
    """Tags from a comma-separated string or a list: trimmed, empty ones and repeats dropped."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(where, "every tag must be a string")
        tag = textcheck.clean(item.strip(), where, limit=textcheck.MAX_LABEL)
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(where, f"at most {MAX_TAGS} tags")
    return tags


def parse_register(value: str, where: str = "register") -> Register:
    try:
        return Register(value)
    except ValueError:
        choices = ", ".join(r.value for r in Register)
        raise InvalidInput(where, f"{value!r} is not one of: {choices}") from None


def clean_text(text: object, where: str, lang: str | None = None) -> str:
    """A translation's text in ``lang``: the one text rule (phrasebook.textcheck), trimmed,
    not empty; bidirectional controls only in a right-to-left language's text."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(where, "text is empty or whitespace only")
    return textcheck.clean(
        text.strip(),
        where,
        limit=textcheck.MAX_TEXT,
        multiline=True,
        bidi=lang is not None and is_right_to_left(lang),
    )


def checked_notes(
    notes: str | Mapping[str, object] | None, languages: Iterable[str], where: str
) -> dict[str, str] | None:
    """A note change as plain values: language tag -> text ("" removes that language's note).
    A string is the English note (as in phrasebook/1); None changes nothing."""
    if notes is None:
        return None
    if isinstance(notes, str):
        return {
            "en": textcheck.clean(notes.strip(), where, limit=textcheck.MAX_NOTE, multiline=True)
        }
    if not isinstance(notes, Mapping):
        raise InvalidInput(where, "expected a string or an object of language tag -> text")
    configured = list(languages)
    checked: dict[str, str] = {}
    for tag, text in notes.items():
        if not isinstance(text, str):
            raise InvalidInput(f"{where}/{tag}", "expected a string")
        textcheck.clean(str(tag), f"{where}/{tag!r}", limit=textcheck.MAX_LABEL)
        canonical = checked_lang(str(tag), configured, f"{where}/{tag}") if configured else tag
        checked[canonical] = textcheck.clean(
            text.strip(),
            f"{where}/{canonical}",
            limit=textcheck.MAX_NOTE,
            multiline=True,
            bidi=is_right_to_left(canonical),
        )
    return checked


def checked_lang(lang: str, languages: Iterable[str], where: str = "lang") -> str:
    """The normalized tag, when its language (or the language of its regional variant, such
    as ko-KP for ko) is configured."""
    try:
        return check_configured(lang, languages)
    except LanguageError as exc:
        raise InvalidInput(where, str(exc)) from None


def require_phrase(uow: UnitOfWork, uid: str) -> Phrase:
    """The phrase to edit, loaded with what a save changes (see ``get_for_edit``)."""
    phrase = uow.phrases.get_for_edit(uid)
    if phrase is None:
        raise NotFound(f"no phrase {uid!r}")
    return phrase


def check_revision(
    phrase: Phrase, lang: str, translation: Translation | None, expected: int | None
) -> None:
    """The one stale-edit check: ``expected`` is the revision the editor's form or request was
    built from (None: no check; 0 or None for a translation that does not exist yet)."""
    current = translation.revision if translation is not None else 0
    if expected is not None and expected != current:
        text = translation.text if translation is not None else ""
        raise StaleRevision(f"{phrase.uid}/{lang}", expected, current, text)


def commit_or_stale(uow: UnitOfWork, uid: str, read: Mapping[str, int | None]) -> None:
    """Commit; when the database refuses because another save of the same text won the race
    (ConcurrentEdit), say so as the stale-edit check would have: StaleRevision with the stored
    revision and text. ``read``: language -> the revision this save was built from (None or
    0: the text did not exist)."""
    try:
        uow.commit()
    except ConcurrentEdit:
        phrase = require_phrase(uow, uid)  # read again, after the rollback
        for lang, revision in read.items():
            check_revision(phrase, lang, phrase.translations.get(lang), revision or 0)
        raise


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
        too_deep = textcheck.json_depth_problem(raw, limit=4)  # an object of strings: 1 deep
        if too_deep is not None:
            raise InvalidInput("provenance", too_deep)
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
