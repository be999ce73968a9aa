"""Audio configuration (``PHRASEBOOK_TTS_*``, ``PHRASEBOOK_AUDIO_*`` ...) and the engines it names.

Per-language variables take the language tag upper-cased with ``-`` as ``_``:
``PHRASEBOOK_TTS_ENGINE_KO=gtts``, ``PHRASEBOOK_ESPEAK_VOICE_EN=en-us``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from phrasebook.config import TTS_ENGINES, Settings

from .engine import TtsEngine
from .errors import UnknownEngine

ENGINE_NAMES = TTS_ENGINES


@dataclass(frozen=True)
class AudioSettings:
    default_engine: str = "espeak"
    engines_by_lang: Mapping[str, str] = field(default_factory=dict)
    fallback: str | None = "espeak"
    format: str = "mp3"
    timeout: float = 30.0
    espeak_voices: Mapping[str, str] = field(default_factory=dict)
    gtts_tld: str = "com"
    gtts_langs: Mapping[str, str] = field(default_factory=dict)
    gtts_timeout: float = 10.0
    gtts_cooldown: float = 300.0
    gtts_min_interval: float = 0.5
    piper_voices: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioSettings:
        """The audio part of the settings (parsed and checked by phrasebook.config)."""
        value = settings.value
        return cls(
            default_engine=value("PHRASEBOOK_TTS_ENGINE"),
            engines_by_lang=settings.per_language("PHRASEBOOK_TTS_ENGINE"),
            fallback=value("PHRASEBOOK_TTS_FALLBACK"),
            format=value("PHRASEBOOK_AUDIO_FORMAT"),
            timeout=value("PHRASEBOOK_TTS_TIMEOUT"),
            espeak_voices=settings.per_language("PHRASEBOOK_ESPEAK_VOICE"),
            gtts_tld=value("PHRASEBOOK_GTTS_TLD"),
            gtts_langs=settings.per_language("PHRASEBOOK_GTTS_LANG"),
            gtts_timeout=value("PHRASEBOOK_GTTS_TIMEOUT"),
            gtts_cooldown=value("PHRASEBOOK_GTTS_COOLDOWN"),
            gtts_min_interval=value("PHRASEBOOK_GTTS_MIN_INTERVAL"),
            piper_voices=settings.per_language("PHRASEBOOK_PIPER_VOICE"),
        )

    def engine_for(self, lang: str) -> str:
        """The engine configured for a language, else for its base language, else the default."""
        tag = lang.lower()
        return (
            self.engines_by_lang.get(tag)
            or self.engines_by_lang.get(tag.split("-", 1)[0])
            or self.default_engine
        )


def _factories(audio: AudioSettings) -> dict[str, Callable[[], TtsEngine]]:
    def espeak() -> TtsEngine:
        from .espeak import EspeakEngine

        return EspeakEngine(voices=audio.espeak_voices, timeout=audio.timeout)

    def gtts() -> TtsEngine:
        from .gtts_engine import GttsEngine

        return GttsEngine(
            tld=audio.gtts_tld,
            langs=audio.gtts_langs,
            timeout=audio.gtts_timeout,
            cooldown=audio.gtts_cooldown,
            min_interval=audio.gtts_min_interval,
        )

    def piper() -> TtsEngine:
        from .piper import PiperEngine

        return PiperEngine(voices=audio.piper_voices, timeout=audio.timeout)

    return {"espeak": espeak, "gtts": gtts, "piper": piper}


def _constant(engine: TtsEngine) -> Callable[[], TtsEngine]:
    return lambda: engine


class Engines:
    """The engines by name, each built on first use and kept (the espeak-ng worker and
    gTTS's rest period live in the instance)."""

    def __init__(self, factories: Mapping[str, Callable[[], TtsEngine]]) -> None:
        self._factories = dict(factories)
        self._built: dict[str, TtsEngine] = {}
        self._lock = threading.Lock()

    @classmethod
    def configured(cls, audio: AudioSettings) -> Engines:
        return cls(_factories(audio))

    @classmethod
    def of(cls, **engines: TtsEngine) -> Engines:
        """Fixed instances, e.g. ``Engines.of(espeak=FakeEngine())`` in tests."""
        return cls({name: _constant(engine) for name, engine in engines.items()})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._factories)

    def get(self, name: str) -> TtsEngine:
        with self._lock:
            if name not in self._built:
                if name not in self._factories:
                    raise UnknownEngine(
                        f"no TTS engine {name!r} (available: {', '.join(self._factories)})"
                    )
                self._built[name] = self._factories[name]()
            return self._built[name]

    def close(self) -> None:
        with self._lock:
            for engine in self._built.values():
                close = getattr(engine, "close", None)
                if callable(close):
                    close()
            self._built.clear()
