"""Real espeak-ng synthesis (the offline engine) for the four languages."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from phrasebook.audio.engine import Pcm, Speed
from phrasebook.audio.errors import SynthesisFailed, SynthesisTimeout, UnsupportedLanguage
from phrasebook.audio.espeak import EspeakEngine
from phrasebook.audio.service import AudioService
from phrasebook.audio.settings import Engines
from phrasebook.config import Settings

PHRASES = {
    "ko": "손을 들고 천천히 오세요",
    "uk": "Підніміть руки і повільно йдіть до нас",
    "ru": "Поднимите руки и медленно идите к нам",
    "en": "Raise your hands and walk slowly towards us",
}


class RecordingEspeak(EspeakEngine):
    """The real engine, remembering the text it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm:
        self.texts.append(text)
        return super().synthesize(text, lang, speed)


@pytest.fixture(scope="module")
def espeak() -> Iterator[RecordingEspeak]:
    engine = RecordingEspeak()
    yield engine
    engine.close()


@pytest.fixture
def service(data_dir: Path, espeak: RecordingEspeak) -> AudioService:
    settings = Settings.from_env(environ={}, data_dir=data_dir)
    return AudioService(settings, engines=Engines.of(espeak=espeak))


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples.astype(np.float64)))))


@pytest.mark.parametrize("lang", sorted(PHRASES))
def test_real_speech_in_each_language(service: AudioService, lang: str) -> None:
    text = PHRASES[lang]
    normal = service.render(text, lang, Speed.NORMAL)
    slow = service.render(text, lang, Speed.SLOW)
    assert normal.engine == "espeak" and normal.voice == lang
    head = normal.path.read_bytes()[:3]
    assert head == b"ID3" or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # MPEG frame sync
    info = soundfile.info(str(normal.path))
    assert info.format == "MP3" and info.channels == 1 and info.samplerate == 22050
    samples, _rate = soundfile.read(str(normal.path), dtype="float32")
    assert rms(samples) > 0.03  # speech normalized to about -20 dBFS, not silence
    letters = sum(1 for char in text if char.isalpha())
    assert 0.04 * letters < info.duration < 0.4 * letters
    slow_duration = soundfile.info(str(slow.path)).duration
    assert slow_duration > info.duration * 1.2


def test_korean_is_spoken_from_its_pronounced_spelling(
    service: AudioService, espeak: RecordingEspeak
) -> None:
    espeak.texts.clear()
    service.render("감사합니다", "ko", Speed.NORMAL)
    service.render("국물", "ko", Speed.NORMAL)
    assert espeak.texts == ["감사함니다", "궁물"]


def test_ogg_opus_output(data_dir: Path, espeak: RecordingEspeak) -> None:
    settings = Settings.from_env(environ={"PHRASEBOOK_AUDIO_FORMAT": "ogg"}, data_dir=data_dir)
    service = AudioService(settings, engines=Engines.of(espeak=espeak))
    clip = service.render("Дякую", "uk", Speed.NORMAL)
    assert clip.path.suffix == ".ogg" and clip.path.read_bytes()[:4] == b"OggS"
    info = soundfile.info(str(clip.path))
    assert (info.format, info.subtype, info.samplerate) == ("OGG", "OPUS", 24000)


def test_unknown_voice_is_a_clear_error(espeak: RecordingEspeak) -> None:
    with pytest.raises(
        UnsupportedLanguage, match="no voice for 'tlh'.*PHRASEBOOK_ESPEAK_VOICE_TLH"
    ):
        espeak.synthesize("nuqneH", "tlh", Speed.NORMAL)


def test_configured_voice_is_used(data_dir: Path) -> None:
    engine = EspeakEngine(voices={"en": "en-us"})
    try:
        assert engine.voice("en") == "en-us"
        assert engine.synthesize("Hello", "en", Speed.NORMAL).duration > 0.2
    finally:
        engine.close()


def test_save_a_korean_sample_for_people_to_listen_to(
    service: AudioService, artifacts_dir: Path
) -> None:
    data = service.synthesize(
        "항복하세요. 안전하게 해 드리겠습니다.", "ko", Speed.NORMAL, "espeak", "mp3"
    )
    target = artifacts_dir / "audio-ko-surrender.mp3"
    target.write_bytes(data)
    assert soundfile.info(io.BytesIO(data)).duration > 1.0


HANGING_WORKER = "import sys, time\nsys.stdin.readline()\ntime.sleep(60)\n"
DYING_WORKER = "import sys\nsys.stdin.readline()\nsys.exit(3)\n"


def test_a_hanging_synthesis_is_stopped_after_the_timeout() -> None:
    engine = EspeakEngine(timeout=0.5, command=[sys.executable, "-c", HANGING_WORKER])
    with pytest.raises(SynthesisTimeout, match="within 0.5 s"):
        engine.synthesize("안녕", "ko", Speed.NORMAL)
    assert engine._worker is None  # killed, not left behind


def test_a_crashing_worker_is_reported_and_replaced() -> None:
    engine = EspeakEngine(timeout=10, command=[sys.executable, "-c", DYING_WORKER])
    with pytest.raises(SynthesisFailed, match="worker failed.*exit status 3"):
        engine.synthesize("안녕", "ko", Speed.NORMAL)
    engine.command = EspeakEngine().command
    try:
        assert engine.synthesize("안녕", "ko", Speed.NORMAL).duration > 0.2
    finally:
        engine.close()
