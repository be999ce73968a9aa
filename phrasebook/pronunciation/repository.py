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


class StoredText(Protocol):
    """A stored translation's text, as aids need it: a loaded Translation, or an export's
    plain row. Told apart by identity (``id()``); ``id`` is the database id."""

    @property
    def id(self) -> int: ...
    @property
    def lang(self) -> str: ...
    @property
    def text(self) -> str: ...


# Overrides (aids written by hand) are few: past this many translations, one query reads
# all of them for the readers asked (filtered here) instead of a long IN list.
_WHOLE_TABLE_AFTER = 500
# Cache keys per IN list: a page's keys, or those of 3,000 phrases of an export (ten aids
# each), in one query, under the limits on bound parameters (SQLite allows 32,766,
# PostgreSQL 65,535).
_KEYS_PER_QUERY = 30000


class AidRepository(Protocol):
    def overrides(
        self, translations: Sequence[StoredText], readers: Sequence[str]
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
        self, translations: Sequence[StoredText], readers: Sequence[str]
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
        wanted = sorted(set(keys))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _KEYS_PER_QUERY):
            chunk = wanted[start : start + _KEYS_PER_QUERY]
            # Table columns: a plain Core select, without the ORM's per-row loading.
            columns = PronunciationCacheEntry.__table__.c
            query = select(columns.key, columns.text).where(columns.key.in_(chunk))
            found.update((key, text) for key, text in self.session.execute(query))
        return found

    def store_cached(self, key: str, lang: str, reader: str, rules: str, text: str) -> None:
        self.session.add(
            PronunciationCacheEntry(
                key=key, lang=lang, reader=reader, rules_version=rules, text=text
            )
        )

    def clear_cache(self) -> None:
        self.session.execute(delete(PronunciationCacheEntry))
