"""Database rows for audio: references to cached files (never the audio itself) and the
engine an editor pinned for one translation (migration 0006_audio), and people's recordings."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
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


class RecordingStatus(enum.StrEnum):
    """``draft``: uploaded or recorded, not yet heard by a reviewer; ``reviewed``: a reviewer
    listened and approved it for the text in ``Recording.text``."""

    DRAFT = "draft"
    REVIEWED = "reviewed"


class Recording(Base):
    """A person's recording of one translation: ``<data_dir>/audio/<key>.<ext>`` (the file is
    named by a hash of its bytes), who spoke it, under which licence, with what consent, and
    whether a reviewer approved it. ``text`` is the text it was recorded (or last approved)
    for: once the translation's text differs, the recording is for an earlier text and is no
    longer played (phrasebook.audio.recordings.preferred). Table: migration 0016_recordings."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("translations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64), index=True)
    ext: Mapped[str] = mapped_column(String(8))
    sha256: Mapped[str] = mapped_column(String(64))
    duration: Mapped[float] = mapped_column(Float)
    speaker: Mapped[str] = mapped_column(String(200))
    licence: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consent_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[RecordingStatus] = mapped_column(
        Enum(
            RecordingStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=RecordingStatus.DRAFT,
    )
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20))
    uploaded_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def filename(self) -> str:
        return f"{self.key}.{self.ext}"
