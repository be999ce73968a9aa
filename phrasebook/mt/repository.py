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
