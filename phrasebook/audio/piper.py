"""Piper: an optional neural offline engine a user installs by hand.

Used when a ``piper`` executable is on PATH (or the ``piper-tts`` Python package is
installed) and a voice file is configured for the language with
``PHRASEBOOK_PIPER_VOICE_<LANG>=/path/to/voice.onnx``. Piper has no Korean voice and its voices
are downloaded from a hub, so this engine is never the default.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .engine import SLOW_FACTOR, Pcm, Speed
from .errors import EngineUnavailable, SynthesisFailed, SynthesisTimeout, UnsupportedLanguage
from .processing import decode

DEFAULT_TIMEOUT = 60.0


def find_piper() -> list[str] | None:
    """The command that runs Piper here, or None when it is not installed."""
    executable = shutil.which("piper")
    if executable:
        return [executable]
    if importlib.util.find_spec("piper") is not None:
        return [sys.executable, "-m", "piper"]
    return None


class PiperEngine:
    name = "piper"
    needs_pronounced_spelling = False

    def __init__(
        self,
        *,
        voices: Mapping[str, str | Path],
        timeout: float = DEFAULT_TIMEOUT,
        command: list[str] | None = None,
    ) -> None:
        self.voices = {tag.lower(): Path(path) for tag, path in voices.items()}
        self.timeout = timeout
        self.command = command if command is not None else find_piper()

    def _voice_file(self, lang: str) -> Path:
        if self.command is None:
            raise EngineUnavailable(
                "Piper is not installed: put a `piper` executable on PATH or install the "
                "piper-tts package, then set PHRASEBOOK_PIPER_VOICE_<LANG> to a voice file"
            )
        tag = lang.lower()
        path = self.voices.get(tag) or self.voices.get(tag.split("-", 1)[0])
        variable = f"PHRASEBOOK_PIPER_VOICE_{lang.upper().replace('-', '_')}"
        if path is None:
            raise UnsupportedLanguage(
                f"no Piper voice for {lang!r}: set {variable} to a .onnx voice file"
            )
        if not path.is_file():
            raise EngineUnavailable(f"{variable}: no voice file at {path}")
        return path

    def voice(self, lang: str) -> str:
        path = self._voice_file(lang)
        return f"{path.name}:{path.stat().st_size}"

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm:
        model = self._voice_file(lang)
        assert self.command is not None
        with tempfile.TemporaryDirectory(prefix="phrasebook-piper-") as folder:
            output = Path(folder) / "out.wav"
            argv = [*self.command, "--model", str(model), "--output_file", str(output)]
            if speed is Speed.SLOW:
                # Piper's length scale stretches phoneme durations; pitch is unchanged.
                argv += ["--length_scale", f"{1 / SLOW_FACTOR:.3f}"]
            try:
                completed = subprocess.run(
                    argv,
                    input=text.encode("utf-8"),
                    capture_output=True,
                    timeout=self.timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise SynthesisTimeout(
                    f"Piper did not finish within {self.timeout:g} s and was stopped"
                ) from None
            except OSError as exc:
                raise EngineUnavailable(f"cannot run Piper: {exc}") from None
            if completed.returncode != 0 or not output.is_file():
                detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
                last = detail[-1] if detail else f"exit status {completed.returncode}"
                raise SynthesisFailed(f"Piper failed: {last}")
            return decode(output.read_bytes())
