"""The Piper slot: detection and messages, and how it calls a `piper` command.

Piper itself is not installed here (its voices come from a hub this machine cannot reach):
a small stand-in script checks the command line phrasebook builds and writes a WAV file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import (
    EngineUnavailable,
    SynthesisFailed,
    SynthesisTimeout,
    UnsupportedLanguage,
)
from phrasebook.audio.piper import PiperEngine

STAND_IN = """
import sys, numpy, soundfile
args = sys.argv[1:]
model = args[args.index("--model") + 1]
output = args[args.index("--output_file") + 1]
text = sys.stdin.read()
if not text.strip():
    sys.exit("piper: empty input")
scale = float(args[args.index("--length_scale") + 1]) if "--length_scale" in args else 1.0
seconds = 0.05 * len(text) * scale
times = numpy.arange(int(seconds * 16000)) / 16000
soundfile.write(output, 0.3 * numpy.sin(2 * numpy.pi * 180 * times), 16000)
"""


@pytest.fixture
def voice(tmp_path: Path) -> Path:
    path = tmp_path / "uk_UA-test-medium.onnx"
    path.write_bytes(b"not a real model")
    return path


@pytest.fixture
def command(tmp_path: Path) -> list[str]:
    script = tmp_path / "piper_stand_in.py"
    script.write_text(STAND_IN)
    return [sys.executable, str(script)]


def test_not_installed_is_reported_with_what_to_do(voice: Path) -> None:
    engine = PiperEngine(voices={"uk": voice}, command=None)
    with pytest.raises(EngineUnavailable, match="Piper is not installed.*piper-tts"):
        engine.voice("uk")


def test_language_without_a_voice_names_the_variable(command: list[str]) -> None:
    with pytest.raises(UnsupportedLanguage, match="PHRASEBOOK_PIPER_VOICE_KO_KP"):
        PiperEngine(voices={}, command=command).voice("ko-KP")


def test_missing_voice_file(command: list[str], tmp_path: Path) -> None:
    engine = PiperEngine(voices={"uk": tmp_path / "gone.onnx"}, command=command)
    with pytest.raises(EngineUnavailable, match="no voice file at"):
        engine.voice("uk")


def test_calls_piper_with_model_output_and_slow_length_scale(
    command: list[str], voice: Path
) -> None:
    engine = PiperEngine(voices={"uk": voice}, command=command)
    assert engine.voice("uk-UA").startswith("uk_UA-test-medium.onnx:")
    normal = engine.synthesize("Дякую, друже", "uk", Speed.NORMAL)
    slow = engine.synthesize("Дякую, друже", "uk", Speed.SLOW)
    assert normal.sample_rate == 16000
    assert slow.duration == pytest.approx(normal.duration / 0.7, rel=0.02)


def test_failure_and_timeout(command: list[str], voice: Path) -> None:
    with pytest.raises(SynthesisFailed, match="piper: empty input"):
        PiperEngine(voices={"uk": voice}, command=command).synthesize(" ", "uk", Speed.NORMAL)
    sleeper = [sys.executable, "-c", "import time; time.sleep(30)"]
    with pytest.raises(SynthesisTimeout, match="within 0.5 s"):
        PiperEngine(voices={"uk": voice}, command=sleeper, timeout=0.5).synthesize(
            "Так", "uk", Speed.NORMAL
        )
