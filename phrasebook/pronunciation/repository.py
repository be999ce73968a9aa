"""Storage of pronunciation aids: editors' overrides and the cache of computed aids.

The unit of work's ``aids`` repository. Lookups take many translations or keys at once, so a
page or an export asks for all of its aids in two queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Translation, utcnow
from .models import PronunciationCacheEntry, PronunciationOverride

_CHUNK = 500
T = TypeVar("T")


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


def _chunks(items: Sequence[T]) -> list[list[T]]:
    return [list(items[start : start + _CHUNK]) for start in range(0, len(items), _CHUNK)]


class SqlAidRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def overrides(
        self, translations: Sequence[Translation], readers: Sequence[str]
    ) -> dict[tuple[int, str], PronunciationOverride]:
        by_id = {t.id: t for t in translations if t.id is not None}
        found: dict[tuple[int, str], PronunciationOverride] = {}
        for chunk in _chunks(sorted(by_id)):
            rows = self.session.scalars(
                select(PronunciationOverride).where(
                    PronunciationOverride.translation_id.in_(chunk),
                    PronunciationOverride.reader.in_(list(readers)),
                )
            )
            for row in rows:
                found[(id(by_id[row.translation_id]), row.reader)] = row
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
        found: dict[str, str] = {}
        for chunk in _chunks(sorted(set(keys))):
            rows = self.session.execute(
                select(PronunciationCacheEntry.key, PronunciationCacheEntry.text).where(
                    PronunciationCacheEntry.key.in_(chunk)
                )
            )
            found.update({key: text for key, text in rows})
        return found

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
