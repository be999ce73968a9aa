"""Audio processing, cache keys and configuration (no engine, no database)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile

from phrasebook.audio.cache import AudioCache, ClipSpec, is_valid_name
from phrasebook.audio.engine import Pcm, Speed
from phrasebook.audio.errors import SynthesisFailed
from phrasebook.audio.processing import (
    KEEP_SECONDS,
    PEAK_CEILING_DBFS,
    TARGET_RMS_DBFS,
    decode,
    encode,
    normalize_loudness,
    prepare,
    resample,
    trim_silence,
)
from phrasebook.audio.settings import AudioSettings
from phrasebook.config import ConfigError, Settings

RATE = 22050


def tone(seconds: float, amplitude: float = 0.1, lead: float = 0.5, tail: float = 0.7) -> Pcm:
    times = np.arange(int(seconds * RATE)) / RATE
    body = (amplitude * np.sin(2 * np.pi * 300 * times)).astype(np.float32)
    parts = [np.zeros(int(lead * RATE), np.float32), body, np.zeros(int(tail * RATE), np.float32)]
    return Pcm(np.concatenate(parts), RATE)


def dbfs(value: float) -> float:
    return 20 * np.log10(value)


def test_trim_keeps_the_sound_and_a_little_silence_around_it() -> None:
    trimmed = trim_silence(tone(1.0))
    assert trimmed.duration == pytest.approx(1.0 + 2 * KEEP_SECONDS, abs=0.02)
    assert float(np.abs(trimmed.samples).max()) == pytest.approx(0.1, rel=0.01)


def test_silence_only_is_an_error() -> None:
    with pytest.raises(SynthesisFailed, match="silence"):
        trim_silence(Pcm(np.zeros(RATE, np.float32), RATE))


@pytest.mark.parametrize("amplitude", [0.01, 0.1, 0.9])
def test_loudness_is_normalized_whatever_the_input_level(amplitude: float) -> None:
    result = normalize_loudness(trim_silence(tone(1.0, amplitude)))
    rms = float(np.sqrt(np.mean(np.square(result.samples.astype(np.float64)))))
    # A sine's peak is 3 dB over its RMS: the RMS target is reached under the peak ceiling.
    assert dbfs(rms) == pytest.approx(TARGET_RMS_DBFS, abs=0.5)
    assert dbfs(float(np.abs(result.samples).max())) <= PEAK_CEILING_DBFS + 0.01


def test_peak_ceiling_wins_over_the_rms_target_for_spiky_sound() -> None:
    spiky = np.zeros(RATE, np.float32)
    spiky[::2000] = 0.5
    result = normalize_loudness(Pcm(spiky, RATE))
    assert dbfs(float(np.abs(result.samples).max())) == pytest.approx(PEAK_CEILING_DBFS, abs=0.01)


def test_resample_keeps_duration_and_pitch() -> None:
    source = trim_silence(tone(0.5))
    result = resample(source, 24000)
    assert result.sample_rate == 24000
    assert result.duration == pytest.approx(source.duration, abs=0.001)
    spectrum = np.abs(np.fft.rfft(result.samples))
    peak_hz = np.argmax(spectrum) * 24000 / len(result.samples)
    assert peak_hz == pytest.approx(300, abs=5)


@pytest.mark.parametrize(
    ("ext", "container", "rates"),
    [("mp3", "MP3", {RATE}), ("ogg", "OGG", {24000}), ("wav", "WAV", {RATE})],
)
def test_encode_writes_files_soundfile_reads_back(
    ext: str, container: str, rates: set[int]
) -> None:
    data = encode(prepare(tone(0.8)), ext)
    info = soundfile.info(io.BytesIO(data))
    assert info.format == container
    assert info.samplerate in rates
    decoded = decode(data)
    assert decoded.duration == pytest.approx(0.8 + 2 * KEEP_SECONDS, abs=0.1)


def test_decode_rejects_garbage() -> None:
    with pytest.raises(SynthesisFailed, match="decode"):
        decode(b"<html>captcha</html>")


def spec(**changes: object) -> ClipSpec:
    values: dict[str, object] = {
        "text": "감사함니다", "lang": "ko", "engine": "espeak", "voice": "ko",
        "speed": Speed.NORMAL, "ext": "mp3",
    }  # fmt: skip
    values.update(changes)
    return ClipSpec(**values)  # type: ignore[arg-type]  # test helper builds it from a dict


def test_key_changes_with_every_input_and_only_then() -> None:
    base = spec()
    assert spec().key == base.key
    variants = [
        spec(text="감사함니다!"), spec(lang="ko-KP"), spec(engine="gtts"), spec(voice="ko2"),
        spec(speed=Speed.SLOW), spec(ext="ogg"),
    ]  # fmt: skip
    keys = {variant.key for variant in variants}
    assert base.key not in keys and len(keys) == len(variants)
    assert is_valid_name(base.key, "mp3")


@pytest.mark.parametrize(
    ("key", "ext"),
    [("../../etc/passwd", "mp3"), ("A" * 32, "mp3"), ("a" * 31, "mp3"), ("a" * 32, "exe"),
     ("a" * 32, "mp3/../x"), ("a" * 32 + "\n", "mp3")],
)  # fmt: skip
def test_cache_refuses_names_that_are_not_key_and_whitelisted_ext(key: str, ext: str) -> None:
    assert not is_valid_name(key, ext)
    with pytest.raises(ValueError):
        AudioCache(Path("/tmp")).path(key, ext)


def test_settings_read_engines_per_language(tmp_path: Path) -> None:
    settings = Settings.from_env(
        environ={
            "PHRASEBOOK_TTS_ENGINE_KO": "gtts", "PHRASEBOOK_TTS_ENGINE_EN_US": "piper",
            "PHRASEBOOK_TTS_FALLBACK": "none", "PHRASEBOOK_AUDIO_FORMAT": "ogg",
            "PHRASEBOOK_ESPEAK_VOICE_EN": "en-us", "PHRASEBOOK_GTTS_TLD": "co.kr",
        },
        data_dir=str(tmp_path),
    )  # fmt: skip
    audio = AudioSettings.from_settings(settings)
    assert audio.engine_for("ko") == "gtts"
    assert audio.engine_for("ko-KP") == "gtts"
    assert audio.engine_for("en-US") == "piper"
    assert audio.engine_for("uk") == "espeak"
    assert audio.fallback is None
    assert audio.format == "ogg"
    assert audio.espeak_voices == {"en": "en-us"}
    assert audio.gtts_tld == "co.kr"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [("PHRASEBOOK_TTS_ENGINE", "festival", "^PHRASEBOOK_TTS_ENGINE: 'festival' is not one of"),
     ("PHRASEBOOK_TTS_ENGINE_KO", "polly", "^PHRASEBOOK_TTS_ENGINE_KO: 'polly' is not one of"),
     ("PHRASEBOOK_AUDIO_FORMAT", "aac", "^PHRASEBOOK_AUDIO_FORMAT: 'aac' is not one of: mp3, ogg"),
     ("PHRASEBOOK_TTS_TIMEOUT", "soon", "^PHRASEBOOK_TTS_TIMEOUT: expected a number of seconds")],
)  # fmt: skip
def test_bad_audio_settings_say_which_variable(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):  # when the settings are read, at start
        Settings.from_env(environ={variable: value}, data_dir=str(tmp_path))
