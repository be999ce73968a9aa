"""Database rows for audio: references to cached files (never the audio itself) and the
engine an editor pinned for one translation. Table definitions: migration 0006_audio."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from phrasebook.models import Base, UTCDateTime, utcnow


class AudioRef(Base):
    """The current clip of one translation at one speed: ``<data_dir>/audio/<key>.<ext>``."""

    __tablename__ = "audio_refs"
    __table_args__ = (UniqueConstraint("translation_id", "speed"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("translations.id", ondelete="CASCADE"), index=True
    )
    speed: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(64), index=True)
    ext: Mapped[str] = mapped_column(String(8))
    engine: Mapped[str] = mapped_column(String(20))
    voice: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def filename(self) -> str:
        return f"{self.key}.{self.ext}"


class AudioEnginePin(Base):
    """An editor's choice of engine for one translation, overriding the configuration."""

    __tablename__ = "audio_engine_pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("translations.id", ondelete="CASCADE"), unique=True
    )
    engine: Mapped[str] = mapped_column(String(20))
    pinned_by: Mapped[str] = mapped_column(String(200))
    pinned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
