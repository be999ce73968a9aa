"""The table of background jobs (migration ``0015_jobs``): any long work a user starts — a
batch fill, an audio build, a kit — with its progress, for anyone to poll from any process."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..models import Base, UTCDateTime, utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(enum.StrEnum):
    FILL = "fill"  # machine translations for a set's missing texts (phrasebook.mt.jobs)
    AUDIO = "audio"  # a set's clips in the audio cache (phrasebook.audio.jobs)
    KIT = "kit"  # a field kit file for download (phrasebook.kit.jobs)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    # What the job makes (e.g. "fill:medical:en:ko"): one live job per key, others join it.
    key: Mapped[str] = mapped_column(String(400), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        Enum(
            JobStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        ),
        default=JobStatus.QUEUED,
    )
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # What the work reports at its end, by kind: {"filled": 12}, {"file": "…", "clips": 40}
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The worker's heartbeat: moved on at every progress step and every lease/3 while it
    # runs; a queued or running job older than the lease has lost its worker.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # who asked (what the job writes is theirs), and how often it was started again
    started_by: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
