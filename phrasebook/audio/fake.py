"""A fake engine for unit tests: deterministic tones, and a record of every call."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .engine import SLOW_FACTOR, Pcm, Speed
from .errors import AudioError, UnsupportedLanguage

SAMPLE_RATE = 16000
SECONDS_PER_CHARACTER = 0.08


@dataclass
class FakeEngine:
    """Speaks any of ``languages`` as a tone whose length follows the text (longer when slow).
    ``fail_with`` makes every call raise that error; ``calls`` lists (text, lang, speed)."""

    name: str = "fake"
    languages: tuple[str, ...] = ("ko", "uk", "ru", "en")
    needs_pronounced_spelling: bool = True
    fail_with: AudioError | None = None
    calls: list[tuple[str, str, Speed]] = field(default_factory=list)

    def voice(self, lang: str) -> str:
        base = lang.split("-", 1)[0].lower()
        if base not in self.languages:
            raise UnsupportedLanguage(f"{self.name} has no voice for {lang!r}")
        return f"{self.name}-{base}"

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm:
        self.voice(lang)
        self.calls.append((text, lang, speed))
        if self.fail_with is not None:
            raise self.fail_with
        seconds = max(1, len(text)) * SECONDS_PER_CHARACTER
        if speed is Speed.SLOW:
            seconds /= SLOW_FACTOR
        # Silence around the tone, as real engines leave, so trimming has work to do.
        pad = np.zeros(int(0.2 * SAMPLE_RATE), dtype=np.float32)
        times = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
        pitch = 200 + 10 * (sum(map(ord, text)) % 20)
        tone = (0.3 * np.sin(2 * np.pi * pitch * times)).astype(np.float32)
        return Pcm(samples=np.concatenate([pad, tone, pad]), sample_rate=SAMPLE_RATE)
