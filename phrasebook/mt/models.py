"""Tables of the MT area (migration ``0004_mt``): the translation cache. (Batch fills are
background jobs: phrasebook.jobs.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime, utcnow


class MtCacheEntry(Base):
    """Alternatives already computed for one text, language pair, model and version."""

    __tablename__ = "mt_cache"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of (source, target, engine, model, version, n, text): mt.service.cache_key
    key: Mapped[str] = mapped_column(String(64), unique=True)
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    model: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    source_text: Mapped[str] = mapped_column(Text)
    # [{"text": ..., "score": ...}, ...] best first
    alternatives: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
