"""Storage of pronunciation aids: editors' overrides and the cache of computed aids.

The unit of work's ``aids`` repository. Lookups take many translations or keys at once, so a
page or an export asks for all of its aids in two queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Translation, utcnow
from .models import PronunciationCacheEntry, PronunciationOverride

_CHUNK = 500
# Past this many lookups, one query reads the whole table (filtered here) instead of one
# query per chunk: an export's query count then stays the same at any size.
_WHOLE_TABLE_AFTER = _CHUNK


class AidRepository(Protocol):
    def overrides(
        self, translations: Sequence[Translation], readers: Sequence[str]
    ) -> dict[tuple[int, str], PronunciationOverride]:
        """Overrides of these translations for these readers, by ``(id(translation), reader)``."""
        ...

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None: ...
    def delete_override(self, translation: Translation, reader: str) -> bool: ...
    def cached(self, keys: Sequence[str]) -> dict[str, str]: ...
    def store_cached(self, key: str, lang: str, reader: str, rules: str, text: str) -> None: ...
    def clear_cache(self) -> None: ...


class SqlAidRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def overrides(
        self, translations: Sequence[Translation], readers: Sequence[str]
    ) -> dict[tuple[int, str], PronunciationOverride]:
        by_id = {t.id: t for t in translations if t.id is not None}
        if not by_id or not readers:
            return {}
        query = select(PronunciationOverride).where(PronunciationOverride.reader.in_(list(readers)))
        if len(by_id) <= _WHOLE_TABLE_AFTER:
            query = query.where(PronunciationOverride.translation_id.in_(sorted(by_id)))
        found: dict[tuple[int, str], PronunciationOverride] = {}
        for row in self.session.scalars(query):
            translation = by_id.get(row.translation_id)
            if translation is not None:
                found[(id(translation), row.reader)] = row
        return found

    def _override(self, translation: Translation, reader: str) -> PronunciationOverride | None:
        if translation.id is None:
            return None
        return self.session.scalars(
            select(PronunciationOverride).where(
                PronunciationOverride.translation_id == translation.id,
                PronunciationOverride.reader == reader,
            )
        ).one_or_none()

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None:
        self.session.flush()  # a new translation gets its id
        row = self._override(translation, reader)
        if row is None:
            row = PronunciationOverride(translation_id=translation.id, reader=reader)
            self.session.add(row)
        row.text = text
        row.manual = True
        row.source_text = translation.text
        row.updated_by = by
        row.updated_at = utcnow()

    def delete_override(self, translation: Translation, reader: str) -> bool:
        row = self._override(translation, reader)
        if row is None:
            return False
        self.session.delete(row)
        return True

    def cached(self, keys: Sequence[str]) -> dict[str, str]:
        wanted = set(keys)
        if not wanted:
            return {}
        query = select(PronunciationCacheEntry.key, PronunciationCacheEntry.text)
        if len(wanted) <= _WHOLE_TABLE_AFTER:
            query = query.where(PronunciationCacheEntry.key.in_(sorted(wanted)))
        return {key: text for key, text in self.session.execute(query) if key in wanted}

    def store_cached(self, key: str, lang: str, reader: str, rules: str, text: str) -> None:
        self.session.add(
            PronunciationCacheEntry(
                key=key, lang=lang, reader=reader, rules_version=rules, text=text
            )
        )

    def clear_cache(self) -> None:
        self.session.execute(delete(PronunciationCacheEntry))


class FakeAidRepository:
    """In memory; translations are told apart by identity (fakes give them no ids)."""

    def __init__(self) -> None:
        self.items: dict[tuple[int, str], PronunciationOverride] = {}
        self.cache: dict[str, str] = {}

    def overrides(
        self, translations: Sequence[Translation], readers: Sequence[str]
    ) -> dict[tuple[int, str], PronunciationOverride]:
        wanted = {(id(t), r) for t in translations for r in readers}
        return {key: row for key, row in self.items.items() if key in wanted}

    def save_override(self, translation: Translation, reader: str, text: str, by: str) -> None:
        self.items[(id(translation), reader)] = PronunciationOverride(
            reader=reader,
            text=text,
            manual=True,
            source_text=translation.text,
            updated_by=by,
            updated_at=utcnow(),
        )

    def delete_override(self, translation: Translation, reader: str) -> bool:
        return self.items.pop((id(translation), reader), None) is not None

    def cached(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: self.cache[key] for key in keys if key in self.cache}

    def store_cached(self, key: str, lang: str, reader: str, rules: str, text: str) -> None:
        self.cache.setdefault(key, text)

    def clear_cache(self) -> None:
        self.cache.clear()
