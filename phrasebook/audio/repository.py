"""Storage of audio references and engine pins (the unit of work's ``audio`` repository).

The audio itself lives in the content-addressed cache on disk (phrasebook.audio.cache); the
database keeps which file is the current clip of a translation, and an editor's engine pin.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..repository import in_chunks
from .models import AudioEnginePin, AudioRef


class AudioRepository(Protocol):
    def ref(self, translation_id: int, speed: str) -> AudioRef | None: ...
    def add_ref(self, ref: AudioRef) -> None: ...
    def referenced_files(self) -> set[str]: ...
    def pin(self, translation_id: int) -> AudioEnginePin | None: ...
    def refs_of(self, translation_ids: Collection[int], speed: str) -> dict[int, AudioRef]: ...
    def pins_of(self, translation_ids: Collection[int]) -> dict[int, AudioEnginePin]: ...
    def add_pin(self, pin: AudioEnginePin) -> None: ...
    def delete_pin(self, pin: AudioEnginePin) -> None: ...


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
        rows = self.session.execute(select(AudioRef.key, AudioRef.ext))
        return {f"{key}.{ext}" for key, ext in rows}

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


class FakeAudioRepository:
    def __init__(self) -> None:
        self.refs: dict[tuple[int, str], AudioRef] = {}
        self.pins: dict[int, AudioEnginePin] = {}

    def ref(self, translation_id: int, speed: str) -> AudioRef | None:
        return self.refs.get((translation_id, speed))

    def add_ref(self, ref: AudioRef) -> None:
        self.refs[(ref.translation_id, ref.speed)] = ref

    def referenced_files(self) -> set[str]:
        return {ref.filename for ref in self.refs.values()}

    def pin(self, translation_id: int) -> AudioEnginePin | None:
        return self.pins.get(translation_id)

    def refs_of(self, translation_ids: Collection[int], speed: str) -> dict[int, AudioRef]:
        return {i: self.refs[(i, speed)] for i in translation_ids if (i, speed) in self.refs}

    def pins_of(self, translation_ids: Collection[int]) -> dict[int, AudioEnginePin]:
        return {i: self.pins[i] for i in translation_ids if i in self.pins}

    def add_pin(self, pin: AudioEnginePin) -> None:
        self.pins[pin.translation_id] = pin

    def delete_pin(self, pin: AudioEnginePin) -> None:
        self.pins.pop(pin.translation_id, None)
