"""Storage of machine translation: the translation cache (the unit of work's ``mt``
repository)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import MtCacheEntry


class MtRepository(Protocol):
    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]: ...
    def add_cache_entry(self, entry: MtCacheEntry) -> None: ...


class SqlMtRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]:
        if not keys:
            return {}
        rows = self.session.execute(
            select(MtCacheEntry.key, MtCacheEntry.alternatives).where(
                MtCacheEntry.key.in_(list(keys))
            )
        )
        return {key: list(alternatives) for key, alternatives in rows}

    def add_cache_entry(self, entry: MtCacheEntry) -> None:
        self.session.add(entry)


class FakeMtRepository:
    def __init__(self) -> None:
        self.entries: dict[str, MtCacheEntry] = {}

    def cached(self, keys: Sequence[str]) -> dict[str, list[Any]]:
        return {k: list(self.entries[k].alternatives) for k in keys if k in self.entries}

    def add_cache_entry(self, entry: MtCacheEntry) -> None:
        self.entries[entry.key] = entry
