"""Pronunciation aids of stored translations: computed once and cached, or written by hand.

An editor's override (``manual``) always wins and is never touched by regeneration; computed
aids live in a cache keyed by a hash of (text, language, reader, rules version), so a change
of text or rules simply misses the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import InvalidInput, NotFound
from ..languages import LanguageError, base_language, normalize_tag
from ..models import Phrase, Translation, utcnow
from ..uow import UnitOfWork
from . import READER_SCRIPTS, RULES_VERSION, Transcriber, transcribe
from .models import PronunciationCacheEntry, PronunciationOverride

MAX_AID_LENGTH = 2000


@dataclass(frozen=True)
class Aid:
    text: str
    manual: bool


class AidStore(Protocol):
    """Where overrides and computed aids are kept."""

    def override(self, translation: Translation, reader: str) -> PronunciationOverride | None: ...
    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None: ...
    def delete_override(self, translation: Translation, reader: str) -> bool: ...
    def cached(self, key: str) -> str | None: ...
    def store_cached(self, key: str, lang: str, reader: str, text: str) -> None: ...
    def clear_cache(self) -> None: ...
    def preload(self) -> None: ...
    def prefetch(self, translations: Sequence[Translation], reader: str) -> None: ...


class SqlAidStore:
    def __init__(self, session: Session) -> None:
        self.session = session
        # After preload() (bulk work), overrides are looked up here instead of one query each.
        self._overrides: dict[tuple[int, str], PronunciationOverride] | None = None
        self._cache_empty = False
        self._added: set[str] = set()
        # After prefetch(), the cache entries of the prefetched texts (absent key: no entry).
        self._prefetched: dict[str, str] | None = None

    def preload(self) -> None:
        rows = self.session.scalars(select(PronunciationOverride))
        self._overrides = {(row.translation_id, row.reader): row for row in rows}

    def prefetch(self, translations: Sequence[Translation], reader: str) -> None:
        """Load the overrides and cache entries of ``translations`` in two queries; afterwards
        this store answers only for them (use a fresh store for anything else)."""
        ids = [t.id for t in translations if t.id is not None]
        rows = self.session.scalars(
            select(PronunciationOverride).where(
                PronunciationOverride.translation_id.in_(ids),
                PronunciationOverride.reader == reader,
            )
        )
        self._overrides = {(row.translation_id, row.reader): row for row in rows}
        keys = [cache_key(t.text, t.lang, reader) for t in translations]
        entries = self.session.scalars(
            select(PronunciationCacheEntry).where(PronunciationCacheEntry.key.in_(keys))
        )
        self._prefetched = {entry.key: entry.text for entry in entries}

    def override(self, translation: Translation, reader: str) -> PronunciationOverride | None:
        if translation.id is None:
            return None
        if self._overrides is not None:
            return self._overrides.get((translation.id, reader))
        return self.session.scalars(
            select(PronunciationOverride).where(
                PronunciationOverride.translation_id == translation.id,
                PronunciationOverride.reader == reader,
            )
        ).one_or_none()

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None:
        self.session.flush()
        row = self.override(translation, reader)
        if row is None:
            row = PronunciationOverride(translation_id=translation.id, reader=reader)
            self.session.add(row)
            if self._overrides is not None:
                self._overrides[(translation.id, reader)] = row
        row.text = text
        row.manual = True
        row.source_text = translation.text
        row.updated_by = by
        row.updated_at = utcnow()

    def delete_override(self, translation: Translation, reader: str) -> bool:
        row = self.override(translation, reader)
        if row is None:
            return False
        self.session.delete(row)
        if self._overrides is not None:
            self._overrides.pop((translation.id, reader), None)
        return True

    def cached(self, key: str) -> str | None:
        if self._prefetched is not None:
            return self._prefetched.get(key)
        entry = self.session.get(PronunciationCacheEntry, key)
        return entry.text if entry is not None else None

    def store_cached(self, key: str, lang: str, reader: str, text: str) -> None:
        if key in self._added:
            return
        if self._cache_empty or self.session.get(PronunciationCacheEntry, key) is None:
            self._added.add(key)
            self.session.add(
                PronunciationCacheEntry(
                    key=key, lang=lang, reader=reader, rules_version=RULES_VERSION, text=text
                )
            )

    def clear_cache(self) -> None:
        self.session.execute(delete(PronunciationCacheEntry))
        self._cache_empty = True
        self._added.clear()


class FakeAidStore:
    """In-memory aid store for unit tests on a FakeUnitOfWork."""

    def __init__(self) -> None:
        self.overrides: dict[tuple[int, str], PronunciationOverride] = {}
        self.cache: dict[str, str] = {}

    def override(self, translation: Translation, reader: str) -> PronunciationOverride | None:
        return self.overrides.get((id(translation), reader))

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None:
        self.overrides[(id(translation), reader)] = PronunciationOverride(
            reader=reader,
            text=text,
            manual=True,
            source_text=translation.text,
            updated_by=by,
            updated_at=utcnow(),
        )

    def delete_override(self, translation: Translation, reader: str) -> bool:
        return self.overrides.pop((id(translation), reader), None) is not None

    def cached(self, key: str) -> str | None:
        return self.cache.get(key)

    def store_cached(self, key: str, lang: str, reader: str, text: str) -> None:
        self.cache.setdefault(key, text)

    def clear_cache(self) -> None:
        self.cache.clear()

    def preload(self) -> None:
        return None

    def prefetch(self, translations: Sequence[Translation], reader: str) -> None:
        return None


def aid_store(uow: UnitOfWork) -> AidStore:
    """The aid store of an entered unit of work (SQL session, or an in-memory fake)."""
    session = getattr(uow, "session", None)
    if isinstance(session, Session):
        return SqlAidStore(session)
    store: AidStore | None = getattr(uow, "pronunciation_aids", None)
    if store is None:
        store = FakeAidStore()
        setattr(uow, "pronunciation_aids", store)  # noqa: B010 - fakes get a store on first use
    return store


def cache_key(text: str, lang: str, reader: str) -> str:
    material = "\x1f".join((RULES_VERSION, lang, reader, text))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)
def _computed(text: str, lang: str, reader: str) -> str | None:
    return transcribe(text, lang, reader)


def _reader(reader: str) -> str:
    try:
        tag = base_language(normalize_tag(reader))
    except LanguageError as exc:
        raise InvalidInput("reader", str(exc)) from None
    if tag not in READER_SCRIPTS:
        raise InvalidInput(
            "reader",
            f"no pronunciation aids for readers of {reader!r} "
            f"(one of: {', '.join(sorted(READER_SCRIPTS))})",
        )
    return tag


def _compute(text: str, lang: str, reader: str, transcriber: Transcriber | None) -> str | None:
    if transcriber is None:
        return _computed(text, lang, reader)
    return transcriber.transcribe(text, lang, reader)


def aid_for(
    uow: UnitOfWork,
    translation: Translation,
    reader: str,
    transcriber: Transcriber | None = None,
) -> Aid | None:
    """The aid of ``translation`` for a reader of ``reader`` (the unit of work is entered).

    Reads only: the cache is filled by ``regenerate_aids`` and ``set_manual_aid``; a miss is
    computed (and memoized in this process).
    """
    return _aid(aid_store(uow), translation, _reader(reader), transcriber)


def aids_for(
    uow: UnitOfWork,
    translations: Sequence[Translation],
    reader: str,
    transcriber: Transcriber | None = None,
) -> list[Aid | None]:
    """``aid_for`` of each translation, with two queries for the lot (lists, search results)."""
    reader = _reader(reader)
    store = aid_store(uow)
    store.prefetch(translations, reader)
    return [_aid(store, translation, reader, transcriber) for translation in translations]


def _aid(
    store: AidStore, translation: Translation, reader: str, transcriber: Transcriber | None
) -> Aid | None:
    override = store.override(translation, reader)
    if override is not None:
        return Aid(override.text, override.manual)
    key = cache_key(translation.text, translation.lang, reader)
    cached = store.cached(key)
    if cached is not None:
        return Aid(cached, False)
    text = _compute(translation.text, translation.lang, reader, transcriber)
    return Aid(text, False) if text is not None else None


def _translation(uow: UnitOfWork, uid: str, lang: str) -> Translation:
    phrase = uow.phrases.get(uid)
    if phrase is None:
        raise NotFound(f"no phrase {uid!r}")
    try:
        tag = normalize_tag(lang)
    except LanguageError as exc:
        raise InvalidInput("lang", str(exc)) from None
    translation = phrase.translations.get(tag)
    if translation is None:
        raise NotFound(f"phrase {uid!r} has no {tag!r} translation")
    return translation


def set_manual_aid(
    uow: UnitOfWork, uid: str, lang: str, reader: str, text: str | None, by: str
) -> Aid | None:
    """Write an aid by hand (kept through regeneration); None or blank text removes it."""
    reader = _reader(reader)
    cleaned = (text or "").strip()
    if len(cleaned) > MAX_AID_LENGTH:
        raise InvalidInput("text", f"longer than {MAX_AID_LENGTH} characters")
    with uow:
        translation = _translation(uow, uid, lang)
        store = aid_store(uow)
        if cleaned:
            store.save_override(translation, reader, cleaned, by)
        else:
            store.delete_override(translation, reader)
        uow.commit()
        return aid_for(uow, translation, reader)


@dataclass(frozen=True)
class RegenerateReport:
    computed: int
    manual: int

    def summary(self) -> str:
        return f"{self.computed} aids computed, {self.manual} manual aids kept"


def regenerate_aids(
    uow: UnitOfWork,
    readers: Iterable[str],
    transcriber: Transcriber | None = None,
    progress: Callable[[int], Any] | None = None,
) -> RegenerateReport:
    """Drop the cache and compute every translation's aid for every reader; overrides stay."""
    wanted = [_reader(reader) for reader in readers]
    computed = manual = 0
    with uow:
        store = aid_store(uow)
        store.clear_cache()
        store.preload()
        phrases: list[Phrase] = uow.phrases.list()
        for phrase in phrases:
            for translation in phrase.translations.values():
                for reader in wanted:
                    if store.override(translation, reader) is not None:
                        manual += 1
                        continue
                    text = _compute(translation.text, translation.lang, reader, transcriber)
                    if text is not None:
                        store.store_cached(
                            cache_key(translation.text, translation.lang, reader),
                            translation.lang,
                            reader,
                            text,
                        )
                        computed += 1
            if progress is not None:
                progress(1)
        uow.commit()
    return RegenerateReport(computed, manual)


def export_deriver(
    uow: UnitOfWork, readers: Iterable[str]
) -> Callable[[Phrase, Translation], dict[str, Any]]:
    """A ``derive`` hook for the exporter: the aids of a translation for ``readers``.

    Gives ``{"pronunciation": {reader: text}, "pronunciation_manual": [reader, ...]}`` (the
    second key only when some aid was written by hand).
    """
    wanted = [
        tag for tag in dict.fromkeys(base_language(r) for r in readers) if tag in READER_SCRIPTS
    ]

    def derive(phrase: Phrase, translation: Translation) -> dict[str, Any]:
        aids: dict[str, str] = {}
        manual: list[str] = []
        for reader in wanted:
            aid = aid_for(uow, translation, reader)
            if aid is None:
                continue
            aids[reader] = aid.text
            if aid.manual:
                manual.append(reader)
        if not aids:
            return {}
        derived: dict[str, Any] = {"pronunciation": aids}
        if manual:
            derived["pronunciation_manual"] = manual
        return derived

    return derive
