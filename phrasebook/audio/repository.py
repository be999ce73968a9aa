"""Storage of audio references and engine pins (the unit of work's ``audio`` repository).

The audio itself lives in the content-addressed cache on disk (phrasebook.audio.cache); the
database keeps which file is the current clip of a translation, and an editor's engine pin.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..chunks import in_chunks
from .models import AudioEnginePin, AudioRef, Recording


class AudioRepository(Protocol):
    def ref(self, translation_id: int, speed: str) -> AudioRef | None: ...
    def add_ref(self, ref: AudioRef) -> None: ...
    def referenced_files(self) -> set[str]: ...
    def pin(self, translation_id: int) -> AudioEnginePin | None: ...
    def refs_of(self, translation_ids: Collection[int], speed: str) -> dict[int, AudioRef]: ...
    def pins_of(self, translation_ids: Collection[int]) -> dict[int, AudioEnginePin]: ...
    def add_pin(self, pin: AudioEnginePin) -> None: ...
    def delete_pin(self, pin: AudioEnginePin) -> None: ...
    def recording(self, recording_id: int) -> Recording | None: ...
    def recordings_of(self, translation_ids: Collection[int]) -> dict[int, list[Recording]]: ...
    def add_recording(self, recording: Recording) -> None: ...
    def delete_recording(self, recording: Recording) -> None: ...


class SqlAudioRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ref(self, translation_id: int, speed: str) -> AudioRef | None:
        return self.session.scalars(
            select(AudioRef).where(
                AudioRef.translation_id == translation_id, AudioRef.speed == speed
            )
        ).first()

    def add_ref(self, ref: AudioRef) -> None:
        self.session.add(ref)

    def referenced_files(self) -> set[str]:
        refs = self.session.execute(select(AudioRef.key, AudioRef.ext))
        recordings = self.session.execute(select(Recording.key, Recording.ext))
        return {f"{key}.{ext}" for key, ext in (*refs, *recordings)}

    def pin(self, translation_id: int) -> AudioEnginePin | None:
        return self.session.scalars(
            select(AudioEnginePin).where(AudioEnginePin.translation_id == translation_id)
        ).first()

    def refs_of(self, translation_ids: Collection[int], speed: str) -> dict[int, AudioRef]:
        """The references of many translations at once (one query per chunk of ids)."""
        found: dict[int, AudioRef] = {}
        for chunk in in_chunks(translation_ids):
            query = select(AudioRef).where(
                AudioRef.translation_id.in_(chunk), AudioRef.speed == speed
            )
            found.update((ref.translation_id, ref) for ref in self.session.scalars(query))
        return found

    def pins_of(self, translation_ids: Collection[int]) -> dict[int, AudioEnginePin]:
        found: dict[int, AudioEnginePin] = {}
        for chunk in in_chunks(translation_ids):
            query = select(AudioEnginePin).where(AudioEnginePin.translation_id.in_(chunk))
            found.update((pin.translation_id, pin) for pin in self.session.scalars(query))
        return found

    def add_pin(self, pin: AudioEnginePin) -> None:
        self.session.add(pin)

    def delete_pin(self, pin: AudioEnginePin) -> None:
        self.session.delete(pin)

    def recording(self, recording_id: int) -> Recording | None:
        return self.session.get(Recording, recording_id)

    def recordings_of(self, translation_ids: Collection[int]) -> dict[int, list[Recording]]:
        """The recordings of many translations at once, oldest first (a query per chunk)."""
        found: dict[int, list[Recording]] = {}
        for chunk in in_chunks(translation_ids):
            query = (
                select(Recording)
                .where(Recording.translation_id.in_(chunk))
                .order_by(Recording.created_at, Recording.id)
            )
            for recording in self.session.scalars(query):
                found.setdefault(recording.translation_id, []).append(recording)
        return found

    def add_recording(self, recording: Recording) -> None:
        self.session.add(recording)
        self.session.flush()  # its id, for the page the editor is sent to

    def delete_recording(self, recording: Recording) -> None:
        self.session.delete(recording)
