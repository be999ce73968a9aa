"""Tables of the MT area (migration ``0004_mt``): the translation cache and batch-fill jobs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime, utcnow


class MtCacheEntry(Base):
    """Alternatives already computed for one text, language pair, model and version."""

    __tablename__ = "mt_cache"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of (source, target, engine, model, version, n, text): see phrasebook.mt.cache
    key: Mapped[str] = mapped_column(String(64), unique=True)
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    model: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    source_text: Mapped[str] = mapped_column(Text)
    # [{"text": ..., "score": ...}, ...] best first
    alternatives: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class MtJob(Base):
    """One batch fill of a phrase set into a target language, with progress to poll."""

    __tablename__ = "mt_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    set_slug: Mapped[str] = mapped_column(String(100), index=True)
    source_lang: Mapped[str] = mapped_column(String(35))
    target_lang: Mapped[str] = mapped_column(String(35))
    status: Mapped[JobStatus] = mapped_column(
        Enum(
            JobStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        ),
        default=JobStatus.QUEUED,
    )
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    filled: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The worker's heartbeat: moved on after every batch and every lease/3 while it runs; a
    # queued or running job older than the lease has lost its worker (phrasebook.mt.jobs).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # who asked (the translations it writes are theirs), and how often it was started again
    started_by: Mapped[str] = mapped_column(String(200), default="mt", server_default="mt")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
