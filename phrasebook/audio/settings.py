"""Audio configuration (``PHRASEBOOK_TTS_*``, ``PHRASEBOOK_AUDIO_*`` ...) and the engines it names.

Per-language variables take the language tag upper-cased with ``-`` as ``_``:
``PHRASEBOOK_TTS_ENGINE_KO=gtts``, ``PHRASEBOOK_ESPEAK_VOICE_EN=en-us``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from phrasebook.config import ConfigError, Settings, seconds_setting

from .engine import TtsEngine
from .errors import UnknownEngine
from .processing import SERVED_FORMATS

ENGINE_NAMES = ("espeak", "gtts", "piper")


def _per_language(extra: Mapping[str, str], prefix: str) -> dict[str, str]:
    """``{prefix}KO_KP=value`` -> ``{"ko-kp": value}``."""
    return {
        name[len(prefix) :].lower().replace("_", "-"): value.strip()
        for name, value in extra.items()
        if name.startswith(prefix) and len(name) > len(prefix) and value.strip()
    }


def _engine_name(value: str, variable: str) -> str:
    name = value.strip().lower()
    if name not in ENGINE_NAMES:
        choices = ", ".join(ENGINE_NAMES)
        raise ConfigError(f"{variable}: unknown engine {value!r} (use one of: {choices})")
    return name


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
        extra = settings.extra
        default = _engine_name(extra.get("PHRASEBOOK_TTS_ENGINE", "") or "espeak",
                               "PHRASEBOOK_TTS_ENGINE")  # fmt: skip
        by_lang = {
            tag: _engine_name(value, f"PHRASEBOOK_TTS_ENGINE_{tag.upper().replace('-', '_')}")
            for tag, value in _per_language(extra, "PHRASEBOOK_TTS_ENGINE_").items()
        }
        raw_fallback = extra.get("PHRASEBOOK_TTS_FALLBACK", "espeak").strip().lower()
        fallback = (
            None
            if raw_fallback in ("", "none", "off")
            else _engine_name(raw_fallback, "PHRASEBOOK_TTS_FALLBACK")
        )
        audio_format = extra.get("PHRASEBOOK_AUDIO_FORMAT", "mp3").strip().lower() or "mp3"
        if audio_format not in SERVED_FORMATS:
            choices = ", ".join(SERVED_FORMATS)
            raise ConfigError(f"PHRASEBOOK_AUDIO_FORMAT: {audio_format!r} is not one of {choices}")
        return cls(
            default_engine=default,
            engines_by_lang=by_lang,
            fallback=fallback,
            format=audio_format,
            timeout=seconds_setting(extra, "PHRASEBOOK_TTS_TIMEOUT", 30.0),
            espeak_voices=_per_language(extra, "PHRASEBOOK_ESPEAK_VOICE_"),
            gtts_tld=extra.get("PHRASEBOOK_GTTS_TLD", "com").strip() or "com",
            gtts_langs=_per_language(extra, "PHRASEBOOK_GTTS_LANG_"),
            gtts_timeout=seconds_setting(extra, "PHRASEBOOK_GTTS_TIMEOUT", 10.0),
            gtts_cooldown=seconds_setting(extra, "PHRASEBOOK_GTTS_COOLDOWN", 300.0),
            gtts_min_interval=seconds_setting(extra, "PHRASEBOOK_GTTS_MIN_INTERVAL", 0.5),
            piper_voices=_per_language(extra, "PHRASEBOOK_PIPER_VOICE_"),
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
            tld=audio.gtts_tld, langs=audio.gtts_langs, timeout=audio.gtts_timeout,
            cooldown=audio.gtts_cooldown, min_interval=audio.gtts_min_interval,
        )  # fmt: skip

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
