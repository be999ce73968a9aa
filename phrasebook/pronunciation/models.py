"""Stored pronunciation aids: editors' overrides and the cache of computed aids."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime, utcnow


class PronunciationOverride(Base):
    """An aid an editor wrote by hand for one translation and one reader's language.

    ``source_text`` is the translation's text when the override was written, so a page can
    tell that the translation changed since.
    """

    __tablename__ = "pronunciation_overrides"
    __table_args__ = (UniqueConstraint("translation_id", "reader"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("translations.id", ondelete="CASCADE"), index=True
    )
    reader: Mapped[str] = mapped_column(String(35))
    text: Mapped[str] = mapped_column(Text)
    manual: Mapped[bool] = mapped_column(Boolean, default=True)
    source_text: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PronunciationCacheEntry(Base):
    """A computed aid, keyed by a hash of (text, language, reader, rules version)."""

    __tablename__ = "pronunciation_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    lang: Mapped[str] = mapped_column(String(35))
    reader: Mapped[str] = mapped_column(String(35))
    rules_version: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
