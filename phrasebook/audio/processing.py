"""Make engine output fit to serve: trim silence, even out loudness, encode (no ffmpeg).

Loudness: RMS normalized to ``TARGET_RMS_DBFS`` with the peak held under ``PEAK_CEILING_DBFS``,
so every phrase plays at about the same volume whichever engine made it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import soundfile

from phrasebook.config import AUDIO_FORMATS

from .engine import Pcm
from .errors import SynthesisFailed

TARGET_RMS_DBFS = -20.0
PEAK_CEILING_DBFS = -1.0
SILENCE_BELOW_PEAK_DB = 40.0  # a 10 ms frame this far under the loudest frame counts as silence
FRAME_SECONDS = 0.010
KEEP_SECONDS = 0.050  # silence kept at each end, so the first consonant is not clipped
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)


@dataclass(frozen=True)
class AudioFormat:
    ext: str
    mimetype: str
    container: str
    subtype: str | None


FORMATS: dict[str, AudioFormat] = {
    "mp3": AudioFormat("mp3", "audio/mpeg", "MP3", None),
    "ogg": AudioFormat("ogg", "audio/ogg", "OGG", "OPUS"),
    "opus": AudioFormat("opus", "audio/ogg", "OGG", "OPUS"),
    "wav": AudioFormat("wav", "audio/wav", "WAV", "PCM_16"),
    "flac": AudioFormat("flac", "audio/flac", "FLAC", "PCM_16"),
}
# What the cache stores and the web app serves: formats every current browser plays.
SERVED_FORMATS = AUDIO_FORMATS  # (declared with PHRASEBOOK_AUDIO_FORMAT)


def _frame_rms(samples: npt.NDArray[np.float32], frame: int) -> npt.NDArray[np.float64]:
    count = len(samples) // frame
    if count == 0:
        return np.array([float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))])
    frames = samples[: count * frame].reshape(count, frame).astype(np.float64)
    rms: npt.NDArray[np.float64] = np.sqrt(np.mean(np.square(frames), axis=1))
    return rms


def trim_silence(pcm: Pcm) -> Pcm:
    """Cut leading and trailing silence, keeping ``KEEP_SECONDS`` of it at each end."""
    frame = max(1, round(pcm.sample_rate * FRAME_SECONDS))
    rms = _frame_rms(pcm.samples, frame)
    loudest = float(rms.max()) if len(rms) else 0.0
    if loudest <= 0.0:
        raise SynthesisFailed("the engine produced only silence")
    threshold = loudest * 10 ** (-SILENCE_BELOW_PEAK_DB / 20)
    voiced = np.flatnonzero(rms >= threshold)
    keep = round(pcm.sample_rate * KEEP_SECONDS)
    start = max(0, int(voiced[0]) * frame - keep)
    end = min(len(pcm.samples), (int(voiced[-1]) + 1) * frame + keep)
    return Pcm(samples=pcm.samples[start:end], sample_rate=pcm.sample_rate)


def normalize_loudness(pcm: Pcm) -> Pcm:
    samples = pcm.samples.astype(np.float64)
    rms = float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if rms <= 0.0 or peak <= 0.0:
        raise SynthesisFailed("the engine produced only silence")
    gain = min(10 ** (TARGET_RMS_DBFS / 20) / rms, 10 ** (PEAK_CEILING_DBFS / 20) / peak)
    return Pcm(samples=(samples * gain).astype(np.float32), sample_rate=pcm.sample_rate)


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear-interpolation resampling: enough for speech between nearby rates (22.05 -> 24 kHz)."""
    if rate == pcm.sample_rate or not len(pcm.samples):
        return Pcm(samples=pcm.samples, sample_rate=rate)
    count = max(1, round(len(pcm.samples) * rate / pcm.sample_rate))
    positions = np.arange(count, dtype=np.float64) * (pcm.sample_rate / rate)
    source = np.arange(len(pcm.samples), dtype=np.float64)
    samples = np.interp(positions, source, pcm.samples.astype(np.float64)).astype(np.float32)
    return Pcm(samples=samples, sample_rate=rate)


def prepare(pcm: Pcm) -> Pcm:
    """Trim and normalize: what every engine's output goes through before it is encoded."""
    return normalize_loudness(trim_silence(pcm))


def encode(pcm: Pcm, ext: str) -> bytes:
    """Encode to one of FORMATS; Opus gets the nearest rate it supports at or above the input."""
    audio_format = FORMATS[ext]
    if audio_format.subtype == "OPUS" and pcm.sample_rate not in OPUS_RATES:
        rate = next((r for r in OPUS_RATES if r >= pcm.sample_rate), OPUS_RATES[-1])
        pcm = resample(pcm, rate)
    buffer = io.BytesIO()
    soundfile.write(
        buffer,
        np.clip(pcm.samples, -1.0, 1.0),
        pcm.sample_rate,
        format=audio_format.container,
        subtype=audio_format.subtype,
    )
    return buffer.getvalue()


def decode(data: bytes) -> Pcm:
    """Decode an encoded file (MP3, Ogg, WAV, ...) to mono Pcm."""
    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise SynthesisFailed(f"could not decode the engine's audio: {exc}") from None
    mono: npt.NDArray[np.float32] = samples.mean(axis=1).astype(np.float32)
    return Pcm(samples=mono, sample_rate=int(rate))


# The field kit's audio (phrasebook.kit): speech-quality MP3, mono, constant ~25 kbit/s at the
# engine's rate; libsndfile sets LAME's bitrate through a compression level, not kbit/s.
# Every phone browser plays MP3; a kit of 500 clips stays within its 6 MB budget.
COMPACT_MP3 = {"compression_level": 0.9, "bitrate_mode": "CONSTANT"}
COMPACT_VERSION = "kit-mp3-cbr-0.9"


def compact_mp3(data: bytes) -> bytes:
    """Re-encode a clip small for the field kit (see COMPACT_MP3)."""
    pcm = decode(data)
    buffer = io.BytesIO()
    soundfile.write(
        buffer, np.clip(pcm.samples, -1.0, 1.0), pcm.sample_rate, format="MP3", **COMPACT_MP3
    )
    return buffer.getvalue()
