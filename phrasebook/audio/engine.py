"""The interface every text-to-speech engine implements, and the sound it returns."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

# Learners' slow version: about 0.7x the normal speaking rate.
SLOW_FACTOR = 0.7


class Speed(enum.StrEnum):
    NORMAL = "normal"
    SLOW = "slow"


@dataclass(frozen=True)
class Pcm:
    """Mono audio as float32 samples in [-1, 1] at ``sample_rate`` Hz."""

    samples: npt.NDArray[np.float32]
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate if self.sample_rate else 0.0


class TtsEngine(Protocol):
    """A text-to-speech engine.

    ``voice`` names the voice used for a language (it is part of the cache key) and raises
    UnsupportedLanguage or EngineUnavailable when the engine cannot speak it.
    ``needs_pronounced_spelling`` is true for engines that read Korean letter by letter
    (espeak-ng): they are given the pronounced spelling instead of the written one.
    """

    @property
    def name(self) -> str: ...

    @property
    def needs_pronounced_spelling(self) -> bool: ...

    def voice(self, lang: str) -> str: ...

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm: ...


def pcm_from_int16(raw: bytes, sample_rate: int) -> Pcm:
    """Little-endian signed 16-bit samples to float32 Pcm."""
    samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    return Pcm(samples=samples, sample_rate=sample_rate)
