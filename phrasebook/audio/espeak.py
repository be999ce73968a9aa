"""espeak-ng, the offline engine, driven through ctypes on the library espeakng-loader ships.

libespeak-ng keeps global state and a ctypes call cannot be interrupted, so synthesis runs in
a separate worker process (``python -m phrasebook.audio.espeak_worker``) that holds the
library: the parent serializes requests with one lock, waits at most ``timeout`` seconds for
an answer and kills the worker when it hangs (a fresh one starts on the next request).

Wire format between parent and worker: one JSON request per line on the worker's stdin
(``{"text", "voice", "rate"}``); the answer is one JSON header line (``{"ok": true,
"sample_rate", "bytes"}`` or ``{"ok": false, "kind", "error"}``) followed by ``bytes`` bytes
of little-endian 16-bit mono samples.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import IO, Any

from .engine import SLOW_FACTOR, Pcm, Speed, pcm_from_int16
from .errors import SynthesisFailed, SynthesisTimeout, UnsupportedLanguage

# espeak-ng's public API constants (speak_lib.h).
AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_INITIALIZE_DONT_EXIT = 0x8000
ESPEAK_CHARS_UTF8 = 1
ESPEAK_ENDPAUSE = 0x1000
POS_CHARACTER = 1
PARAMETER_RATE = 1
EE_OK = 0

# espeak-ng's default speaking rate in words per minute; slow mode scales it.
NORMAL_RATE = 175
MIN_RATE = 80
DEFAULT_TIMEOUT = 30.0

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


def rate_for(speed: Speed) -> int:
    if speed is Speed.SLOW:
        return max(MIN_RATE, round(NORMAL_RATE * SLOW_FACTOR))
    return NORMAL_RATE


def data_path() -> Path:
    import espeakng_loader

    return Path(espeakng_loader.get_data_path())


@cache
def installed_voices() -> frozenset[str]:
    """Voice names espeak-ng's data directory provides (``ko``, ``uk``, ``en-us``, ...)."""
    lang_dir = data_path() / "lang"
    return frozenset(path.name.lower() for path in lang_dir.rglob("*") if path.is_file())


class EspeakLibrary:
    """libespeak-ng loaded in this process. One instance per process; one call at a time."""

    def __init__(self) -> None:
        import espeakng_loader

        self._lock = threading.Lock()
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synchronize.restype = ctypes.c_int
        self._lib = lib
        self._chunks: list[bytes] = []
        # The library keeps only a raw pointer to the callback: this reference keeps it alive.
        self._callback = _SYNTH_CALLBACK(self._collect)
        sample_rate = lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data_path()).encode(), ESPEAK_INITIALIZE_DONT_EXIT
        )
        if sample_rate <= 0:
            raise SynthesisFailed(f"espeak-ng failed to initialize (code {sample_rate})")
        self.sample_rate = sample_rate
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, count: int, _events: Any) -> int:
        if count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def synthesize_raw(self, text: str, voice: str, rate: int) -> bytes:
        """Speak ``text`` with ``voice`` at ``rate`` words per minute; 16-bit samples."""
        with self._lock:
            if self._lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
                raise UnsupportedLanguage(f"espeak-ng has no voice {voice!r}")
            self._lib.espeak_SetParameter(PARAMETER_RATE, rate, 0)
            self._chunks = []
            encoded = text.encode("utf-8") + b"\0"
            status = self._lib.espeak_Synth(
                encoded,
                len(encoded),
                0,
                POS_CHARACTER,
                0,
                ESPEAK_CHARS_UTF8 | ESPEAK_ENDPAUSE,
                None,
                None,
            )
            if status != EE_OK:
                raise SynthesisFailed(f"espeak-ng could not speak the text (code {status})")
            self._lib.espeak_Synchronize()
            raw = b"".join(self._chunks)
            self._chunks = []
            return raw


def worker_command() -> list[str]:
    return [sys.executable, "-m", "phrasebook.audio.espeak_worker"]


class EspeakEngine:
    """The offline engine. ``voices`` maps a language tag to an espeak-ng voice name
    (default: the tag's primary language, ``ko-KP`` -> ``ko``)."""

    name = "espeak"
    needs_pronounced_spelling = True

    def __init__(
        self,
        *,
        voices: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        command: Sequence[str] | None = None,
    ) -> None:
        self.voices = {tag.lower(): voice for tag, voice in (voices or {}).items()}
        self.timeout = timeout
        self.command = list(command) if command is not None else worker_command()
        self._lock = threading.Lock()
        self._worker: subprocess.Popen[bytes] | None = None

    def voice(self, lang: str) -> str:
        tag = lang.lower()
        if tag in self.voices:
            candidates = [self.voices[tag]]
        else:
            candidates = list(dict.fromkeys([tag, tag.split("-", 1)[0]]))
        available = installed_voices()
        for candidate in candidates:
            if candidate.lower() in available:
                return candidate
        raise UnsupportedLanguage(
            f"espeak-ng has no voice for {lang!r} (tried {', '.join(candidates)}; set "
            f"PHRASEBOOK_ESPEAK_VOICE_{lang.upper().replace('-', '_')} to one of its voices)"
        )

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm:
        request = {"text": text, "voice": self.voice(lang), "rate": rate_for(speed)}
        with self._lock:
            header, payload = self._exchange(request)
        if not header.get("ok"):
            message = str(header.get("error", "unknown error"))
            if header.get("kind") == "voice":
                raise UnsupportedLanguage(message)
            raise SynthesisFailed(message)
        pcm = pcm_from_int16(payload, int(header["sample_rate"]))
        if not len(pcm.samples):
            raise SynthesisFailed(f"espeak-ng produced no sound for {text!r}")
        return pcm

    def close(self) -> None:
        with self._lock:
            self._stop_worker()

    # --- the worker process ------------------------------------------------------------------

    def _start_worker(self) -> subprocess.Popen[bytes]:
        if self._worker is None or self._worker.poll() is not None:
            # The worker imports phrasebook from where this process found it.
            package_root = str(Path(__file__).resolve().parents[2])
            inherited = os.environ.get("PYTHONPATH")
            paths = [package_root, inherited] if inherited else [package_root]
            self._worker = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            )
        return self._worker

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                stream.close()

    def _exchange(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        worker = self._start_worker()
        assert worker.stdin is not None and worker.stdout is not None
        answers: list[tuple[dict[str, Any], bytes] | BaseException] = []
        reader = threading.Thread(target=_read_answer, args=(worker.stdout, answers), daemon=True)
        try:
            worker.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            worker.stdin.flush()
        except OSError as exc:
            self._stop_worker()
            raise SynthesisFailed(f"espeak-ng worker is not accepting work: {exc}") from None
        reader.start()
        reader.join(self.timeout)
        if reader.is_alive():
            # Killing the worker closes its end of the pipe, which ends the blocked read.
            self._stop_worker()
            reader.join(5)
            raise SynthesisTimeout(
                f"espeak-ng did not finish within {self.timeout:g} s and was stopped "
                "(raise PHRASEBOOK_TTS_TIMEOUT if long texts need more time)"
            )
        answer = answers[0] if answers else SynthesisFailed("espeak-ng worker gave no answer")
        if isinstance(answer, BaseException):
            try:
                code: int | None = worker.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
            self._stop_worker()
            detail = f" (exit status {code})" if code is not None else ""
            raise SynthesisFailed(f"espeak-ng worker failed: {answer}{detail}")
        return answer


def _read_answer(
    stream: IO[bytes], answers: list[tuple[dict[str, Any], bytes] | BaseException]
) -> None:
    try:
        line = stream.readline()
        if not line:
            raise EOFError("the worker exited")
        header: dict[str, Any] = json.loads(line)
        size = int(header.get("bytes", 0))
        payload = stream.read(size) if size else b""
        if len(payload) != size:
            raise EOFError("the worker exited in the middle of an answer")
        answers.append((header, payload))
    except (OSError, ValueError, EOFError) as exc:
        answers.append(exc)
