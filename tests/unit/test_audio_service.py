"""AudioService with fake engines: caching, fallback, the text engines are given."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import soundfile

from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import AudioError, RateLimited, UnsupportedLanguage
from phrasebook.audio.fake import FakeEngine
from phrasebook.audio.service import AudioService
from phrasebook.audio.settings import Engines
from phrasebook.config import Settings


def make_service(
    data_dir: Path, env: dict[str, str] | None = None, **engines: FakeEngine
) -> AudioService:
    settings = Settings.from_env(environ=env or {}, data_dir=data_dir)
    return AudioService(settings, engines=Engines.of(**engines))


def test_identical_text_is_synthesized_once(data_dir: Path) -> None:
    espeak = FakeEngine(name="espeak")
    service = make_service(data_dir, espeak=espeak)
    first = service.render("Дякую", "uk", Speed.NORMAL)
    second = service.render("Дякую", "uk", Speed.NORMAL)
    assert first.generated and not second.generated
    assert first.path == second.path and first.path.parent == data_dir / "audio"
    assert len(espeak.calls) == 1
    service.render("Дякую", "uk", Speed.SLOW)
    service.render("Дякую!", "uk", Speed.NORMAL)
    assert len(espeak.calls) == 3
    assert soundfile.info(io.BytesIO(first.path.read_bytes())).format == "MP3"


def test_slow_clip_is_longer(data_dir: Path) -> None:
    service = make_service(data_dir, espeak=FakeEngine(name="espeak"))
    normal = soundfile.info(str(service.render("Спасибо", "ru", Speed.NORMAL).path)).duration
    slow = soundfile.info(str(service.render("Спасибо", "ru", Speed.SLOW).path)).duration
    assert slow > normal * 1.3


def test_korean_goes_to_spelling_readers_in_its_pronounced_form(data_dir: Path) -> None:
    reader = FakeEngine(name="espeak", needs_pronounced_spelling=True)
    natural = FakeEngine(name="gtts", needs_pronounced_spelling=False)
    service = make_service(data_dir, espeak=reader, gtts=natural)
    service.render("감사합니다", "ko", Speed.NORMAL)
    service.render("감사합니다", "ko", Speed.NORMAL, engine_name="gtts")
    service.render("Дякую", "uk", Speed.NORMAL)
    assert reader.calls[0][0] == "감사함니다"
    assert natural.calls[0][0] == "감사합니다"
    assert reader.calls[1][0] == "Дякую"


def test_failed_engine_falls_back_to_the_configured_fallback(data_dir: Path) -> None:
    online = FakeEngine(name="gtts", fail_with=RateLimited("gTTS: 429 Too Many Requests"))
    offline = FakeEngine(name="espeak")
    service = make_service(
        data_dir, {"PHRASEBOOK_TTS_ENGINE_KO": "gtts"}, gtts=online, espeak=offline
    )
    clip = service.render("항복", "ko", Speed.NORMAL)
    assert clip.engine == "espeak"
    assert clip.fallback_reason is not None and "429" in clip.fallback_reason
    assert len(online.calls) == 1 and len(offline.calls) == 1


def test_without_fallback_the_engine_error_comes_through(data_dir: Path) -> None:
    online = FakeEngine(name="gtts", fail_with=RateLimited("gTTS: 429 Too Many Requests"))
    service = make_service(
        data_dir, {"PHRASEBOOK_TTS_ENGINE": "gtts", "PHRASEBOOK_TTS_FALLBACK": "none"},
        gtts=online, espeak=FakeEngine(name="espeak"),
    )  # fmt: skip
    with pytest.raises(RateLimited, match="429"):
        service.render("항복", "ko", Speed.NORMAL)
    assert not list(service.cache.files())


def test_when_fallback_fails_too_both_reasons_are_given(data_dir: Path) -> None:
    service = make_service(
        data_dir, {"PHRASEBOOK_TTS_ENGINE": "gtts"},
        gtts=FakeEngine(name="gtts", fail_with=RateLimited("429 from gTTS")),
        espeak=FakeEngine(name="espeak", languages=("en",)),
    )  # fmt: skip
    with pytest.raises(AudioError, match="429 from gTTS.*fallback espeak also failed.*no voice"):
        service.render("항복", "ko", Speed.NORMAL)


def test_language_without_a_voice_is_a_clear_error(data_dir: Path) -> None:
    service = make_service(data_dir, {"PHRASEBOOK_TTS_FALLBACK": "none"},
                           espeak=FakeEngine(name="espeak"))  # fmt: skip
    with pytest.raises(UnsupportedLanguage, match="no voice for 'ja'"):
        service.render("ありがとう", "ja", Speed.NORMAL)


def test_concurrent_requests_for_one_clip_synthesize_it_once(data_dir: Path) -> None:
    espeak = FakeEngine(name="espeak")
    service = make_service(data_dir, espeak=espeak)
    with ThreadPoolExecutor(max_workers=8) as pool:
        clips = list(pool.map(lambda _: service.render("Вода", "uk", Speed.NORMAL), range(16)))
    assert len(espeak.calls) == 1
    assert len({clip.path for clip in clips}) == 1
    assert sum(clip.generated for clip in clips) == 1
