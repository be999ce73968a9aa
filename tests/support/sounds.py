"""Voice-like test sounds generated in the test (no recordings are downloaded): a few
syllables of a buzzing vowel with rising and falling loudness, padded with near-silence, so
trimming, loudness normalization and encoding work on them as on a person's voice."""

from __future__ import annotations

import io

import numpy as np
import soundfile


def speech_like(seconds: float, rate: int = 48000, *, pad: float = 0.25) -> np.ndarray:
    """``seconds`` of voiced sound between ``pad`` seconds of faint noise at each end."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = 140 + 30 * np.sin(2 * np.pi * 1.5 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 8))
    syllables = 0.5 - 0.5 * np.cos(2 * np.pi * 3 * t)  # three loudness swells a second
    sound = 0.25 * voice * syllables
    noise = np.random.default_rng(7).normal(0, 0.0005, int(pad * rate))
    return np.concatenate([noise, sound, noise]).astype(np.float32)


def encoded(
    seconds: float, fmt: str = "WAV", subtype: str | None = "PCM_16", rate: int = 48000,
    *, pad: float = 0.25,
) -> bytes:  # fmt: skip
    """``speech_like`` audio as the bytes of a file in ``fmt`` (WAV, FLAC, OGG, MP3)."""
    buffer = io.BytesIO()
    sound = speech_like(seconds, rate, pad=pad)
    soundfile.write(buffer, sound, rate, format=fmt, subtype=subtype)
    return buffer.getvalue()


def duration_of(data: bytes) -> float:
    samples, rate = soundfile.read(io.BytesIO(data))
    return len(samples) / rate
