"""Service functions: every change to the phrase book goes through here.

Each takes plain values and a unit of work, does one thing, and commits once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Conflict, InvalidInput, NotFound, StaleRevision
from .interchange import ImportReport, dumps, export_document, import_document, parse_document
from .interchange.exporter import Deriver
from .interchange.importer import Progress, load_seeds, read_file
from .languages import LanguageError, check_configured
from .models import (
    Phrase,
    PhraseSet,
    Register,
    SetMembership,
    Status,
    Translation,
    TranslationRevision,
    utcnow,
)
from .uow import UnitOfWork

SEED_DIR_CANDIDATES = (
    Path(__file__).parent / "seeds_data",  # inside an installed wheel
    Path(__file__).resolve().parent.parent / "seeds",  # a source checkout
)


def default_seeds_dir() -> Path:
    for candidate in SEED_DIR_CANDIDATES:
        if candidate.is_dir():
            return candidate
    return SEED_DIR_CANDIDATES[-1]


# --- import / export -------------------------------------------------------------------------


def import_bytes(
    uow: UnitOfWork,
    raw: bytes,
    *,
    source: str,
    languages: Iterable[str],
    max_bytes: int,
    dry_run: bool = False,
    changed_by: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate the whole file, then apply it in one transaction (or only report, dry run)."""
    with uow:
        parsed = parse_document(
            raw,
            languages=languages,
            max_bytes=max_bytes,
            known_phrase_ids=lambda uid: uow.phrases.get(uid) is not None,
        )
        report = import_document(
            uow, parsed, source=source, dry_run=dry_run, changed_by=changed_by, progress=progress
        )
        if not dry_run:
            uow.commit()
        return report


def import_file(
    uow: UnitOfWork, path: Path, *, languages: Iterable[str], max_bytes: int, dry_run: bool = False
) -> ImportReport:
    try:
        raw = read_file(path, max_bytes=max_bytes)
    except OSError as exc:
        raise InvalidInput(str(path), exc.strerror or str(exc)) from None
    return import_bytes(
        uow, raw, source=path.name, languages=languages, max_bytes=max_bytes, dry_run=dry_run
    )


def export_text(
    uow: UnitOfWork,
    *,
    set_slug: str | None = None,
    category: str | None = None,
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
) -> str:
    with uow:
        return dumps(
            export_document(
                uow, set_slug=set_slug, category=category, languages=languages, derive=derive
            )
        )


def export_selection(
    uow: UnitOfWork,
    *,
    uids: Iterable[str],
    set_id: str,
    set_names: dict[str, str],
    languages: Iterable[str] | None = None,
    derive: Deriver | None = None,
) -> str:
    """Chosen phrases (e.g. a reader's "my card") as a phrasebook/1 file carrying one set,
    ``set_id``, that lists them in the order given; ids the store does not have are skipped.

    Importing the file elsewhere recreates the card as a phrase set.
    """
    with uow:
        document = export_document(uow, uids=list(uids), languages=languages, derive=derive)
        exported = [phrase["id"] for phrase in document["phrases"]]
        order = [uid for uid in dict.fromkeys(uids) if uid in exported]
        document["sets"] = [
            {"id": set_id, "names": set_names, "descriptions": {}, "position": 0, "phrases": order}
        ]
        return dumps(document)


def seed(
    uow: UnitOfWork, *, seeds_dir: Path, languages: Iterable[str], max_bytes: int
) -> ImportReport:
    """Load the curated seed sets; running it again changes nothing, and keeps local edits."""
    with uow:
        report = load_seeds(uow, seeds_dir, languages=languages, max_bytes=max_bytes)
        uow.commit()
        return report


# --- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    phrases: int
    sets: int
    categories: int
    translations: dict[str, dict[str, int]]  # language -> status -> count


def stats(uow: UnitOfWork) -> Stats:
    with uow:
        phrases = uow.phrases.list()
        per_language: dict[str, dict[str, int]] = {}
        for phrase in phrases:
            for tag, translation in phrase.translations.items():
                counts = per_language.setdefault(tag, {s.value: 0 for s in Status})
                counts[translation.status.value] += 1
        return Stats(
            phrases=len(phrases),
            sets=len(uow.sets.list()),
            categories=len({p.category for p in phrases}),
            translations=dict(sorted(per_language.items())),
        )


# --- editing ---------------------------------------------------------------------------------


def _require_phrase(uow: UnitOfWork, uid: str) -> Phrase:
    phrase = uow.phrases.get(uid)
    if phrase is None:
        raise NotFound(f"no phrase {uid!r}")
    return phrase


def _clean_text(text: str, where: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(where, "text is empty or whitespace only")
    return text.strip()


def _checked_lang(lang: str, languages: Iterable[str]) -> str:
    try:
        return check_configured(lang, languages)
    except LanguageError as exc:
        raise InvalidInput("lang", str(exc)) from None


def _record(translation: Translation, by: str) -> None:
    translation.history.append(
        TranslationRevision(
            revision=translation.revision,
            text=translation.text,
            status=translation.status,
            provenance=dict(translation.provenance),
            changed_by=by,
            changed_at=translation.updated_at,
        )
    )


def create_phrase(
    uow: UnitOfWork,
    *,
    uid: str,
    category: str,
    texts: dict[str, str],
    by: str,
    languages: Iterable[str],
    tags: Iterable[str] = (),
    notes: str = "",
    register: str = "neutral",
    sets: Iterable[str] = (),
) -> str:
    """Create a phrase with draft translations written by ``by``; returns its id."""
    import re

    from .interchange.validation import schema

    pattern = schema()["$defs"]["id"]["pattern"]
    if not re.fullmatch(pattern, uid or ""):
        raise InvalidInput(
            "id", f"invalid id {uid!r}: use lower-case letters, digits, '.', '_', '-'"
        )
    if not re.fullmatch(pattern, category or ""):
        raise InvalidInput("category", f"invalid category {category!r}")
    try:
        register_value = Register(register)
    except ValueError:
        raise InvalidInput(
            "register", f"{register!r} is not one of: polite, neutral, command"
        ) from None
    languages = list(languages)
    cleaned = {
        _checked_lang(tag, languages): _clean_text(text, f"texts/{tag}")
        for tag, text in texts.items()
    }
    if not cleaned:
        raise InvalidInput("texts", "at least one translation is required")
    with uow:
        if uow.phrases.get(uid) is not None:
            raise Conflict(f"a phrase with id {uid!r} already exists")
        now = utcnow()
        phrase = Phrase(
            uid=uid,
            category=category,
            tags=list(tags),
            notes=notes,
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
                notes="",
            )
            _record(translation, by)
            phrase.translations[tag] = translation
        uow.phrases.add(phrase)
        for slug in sets:
            phrase_set = uow.sets.get(slug)
            if phrase_set is None:
                raise NotFound(f"no phrase set {slug!r}")
            phrase_set.memberships.append(
                SetMembership(phrase=phrase, position=len(phrase_set.memberships))
            )
        uow.commit()
        return uid


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
    notes: str | None = None,
) -> Translation:
    """Add or change one translation.

    ``expected_revision`` is the revision the editor's form was built from (None when the
    translation is new): a mismatch raises StaleRevision and nothing is written. An edited
    text goes back to ``draft`` (needs review) unless a status is given; only the review
    service marks text reviewed.
    """
    tag = _checked_lang(lang, languages)
    cleaned = _clean_text(text, "text")
    if status == Status.REVIEWED:
        raise InvalidInput("status", "use the review step to mark a translation reviewed")
    with uow:
        phrase = _require_phrase(uow, uid)
        existing = phrase.translations.get(tag)
        now = utcnow()
        origin = provenance or {"kind": "person", "name": by}
        if existing is None:
            if expected_revision not in (None, 0):
                raise StaleRevision(f"{uid}/{tag}", expected_revision, 0, "")
            translation = Translation(
                lang=tag,
                text=cleaned,
                status=status,
                provenance=origin,
                revision=1,
                created_at=now,
                updated_at=now,
                notes=notes or "",
            )
            _record(translation, by)
            phrase.translations[tag] = translation
        else:
            if expected_revision is not None and expected_revision != existing.revision:
                raise StaleRevision(
                    f"{uid}/{tag}", expected_revision, existing.revision, existing.text
                )
            if cleaned == existing.text and (notes is None or notes == existing.notes):
                return existing
            existing.text = cleaned
            existing.status = status
            existing.provenance = origin
            if notes is not None:
                existing.notes = notes
            existing.revision += 1
            existing.updated_at = now
            _record(existing, by)
            translation = existing
        phrase.updated_at = now
        uow.commit()
        return translation


def review_translation(
    uow: UnitOfWork, *, uid: str, lang: str, by: str, expected_revision: int | None
) -> Translation:
    """Mark a translation reviewed (the caller checks that ``by`` may review)."""
    with uow:
        phrase = _require_phrase(uow, uid)
        translation = phrase.translations.get(lang)
        if translation is None:
            raise NotFound(f"phrase {uid!r} has no {lang!r} translation")
        if expected_revision is not None and expected_revision != translation.revision:
            raise StaleRevision(
                f"{uid}/{lang}", expected_revision, translation.revision, translation.text
            )
        if translation.status == Status.REVIEWED:
            return translation
        translation.status = Status.REVIEWED
        translation.revision += 1
        translation.updated_at = utcnow()
        _record(translation, by)
        uow.commit()
        return translation


def delete_phrase(uow: UnitOfWork, *, uid: str) -> None:
    with uow:
        uow.phrases.delete(_require_phrase(uow, uid))
        uow.commit()


def phrase_set_members(uow: UnitOfWork, slug: str) -> PhraseSet:
    phrase_set = uow.sets.get(slug)
    if phrase_set is None:
        raise NotFound(f"no phrase set {slug!r}")
    return phrase_set
