"""gTTS: Google Translate's online voices, natural-sounding, only with a network.

gTTS builds the requests (its text splitting and request format); phrasebook sends them itself
so that TLS certificates are verified (gTTS's own ``stream()`` turns verification off), every
request has a timeout, and failures come out as one clear error: unreachable, rate-limited
(HTTP 429) or refused. After a failure the engine rests for ``cooldown`` seconds and answers
EngineUnavailable at once, so a page of play buttons does not wait on a dead network for each.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import requests

from .engine import Pcm, Speed
from .errors import (
    EngineUnavailable,
    RateLimited,
    ServiceRefused,
    ServiceUnreachable,
    SynthesisFailed,
    UnsupportedLanguage,
)
from .processing import decode, resample

RPC_ID = "jQ1olc"
DEFAULT_TIMEOUT = 10.0
DEFAULT_COOLDOWN = 300.0


def _audio_from_reply(body: str) -> bytes:
    """The MP3 bytes in a batchexecute reply: a JSON array line holding
    ``["wrb.fr", RPC_ID, "[\\"<base64>\\"]", ...]``; other lines (the ``)]}'`` guard,
    lengths) are skipped."""
    for line in body.splitlines():
        if RPC_ID not in line:
            continue
        try:
            entries = json.loads(line)
        except ValueError:
            continue
        for entry in entries if isinstance(entries, list) else []:
            if not (isinstance(entry, list) and len(entry) > 2 and entry[:2] == ["wrb.fr", RPC_ID]):
                continue
            if not isinstance(entry[2], str):
                continue
            try:
                payload = json.loads(entry[2])
                if isinstance(payload, list) and payload and isinstance(payload[0], str):
                    return base64.b64decode(payload[0], validate=True)
            except (ValueError, binascii.Error):
                continue
    raise ServiceRefused("gTTS: the reply held no audio (the service may have changed)")


class GttsEngine:
    """``tld`` picks the Google host (``com``, ``co.kr``, ...); ``langs`` maps a phrase book
    language tag to gTTS's code when they differ."""

    name = "gtts"
    needs_pronounced_spelling = False

    def __init__(
        self,
        *,
        tld: str = "com",
        langs: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        cooldown: float = DEFAULT_COOLDOWN,
        min_interval: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tld = tld
        self.langs = {tag.lower(): code for tag, code in (langs or {}).items()}
        self.timeout = timeout
        self.cooldown = cooldown
        self.min_interval = min_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._resting_until = 0.0
        self._last_failure = ""
        self._last_request = float("-inf")

    def _code(self, lang: str) -> str:
        from gtts.lang import tts_langs

        tag = lang.lower()
        supported = {code.lower(): code for code in tts_langs()}
        candidates = [self.langs[tag]] if tag in self.langs else [tag, tag.split("-", 1)[0]]
        for candidate in candidates:
            if candidate.lower() in supported:
                return str(supported[candidate.lower()])
        raise UnsupportedLanguage(f"gTTS has no voice for {lang!r}")

    def voice(self, lang: str) -> str:
        return f"{self.tld}/{self._code(lang)}"

    def synthesize(self, text: str, lang: str, speed: Speed) -> Pcm:
        from gtts import gTTS

        code = self._code(lang)
        with self._lock:
            now = self._clock()
            if now < self._resting_until:
                raise EngineUnavailable(
                    f"gTTS not tried again for {self._resting_until - now:.0f} s after: "
                    f"{self._last_failure}"
                )
            try:
                tts = gTTS(
                    text, tld=self.tld, lang=code, slow=speed is Speed.SLOW, lang_check=False
                )
                # gTTS's request builder (text split into <=100-character parts).
                prepared = tts._prepare_requests()
            except AssertionError:
                raise SynthesisFailed(f"gTTS found nothing to say in {text!r}") from None
            try:
                pieces = [self._fetch(request) for request in prepared]
            except EngineUnavailable as exc:
                self._resting_until = self._clock() + self.cooldown
                self._last_failure = str(exc)
                raise
        return _join(pieces)

    def _fetch(self, request: requests.PreparedRequest) -> Pcm:
        wait = self._last_request + self.min_interval - self._clock()
        if wait > 0:
            time.sleep(wait)
        self._last_request = self._clock()
        url = request.url or ""
        host = urlsplit(url).netloc
        try:
            with requests.Session() as session:
                # Proxies and CA bundle from the environment, as a plain requests call has them.
                environment = session.merge_environment_settings(url, {}, None, None, None)
                response = session.send(request, timeout=self.timeout, **environment)
        except requests.Timeout:
            raise ServiceUnreachable(
                f"gTTS: {host} did not answer within {self.timeout:g} s"
            ) from None
        except requests.RequestException as exc:
            raise ServiceUnreachable(f"gTTS: cannot reach {host} ({_reason(exc)})") from None
        if response.status_code == 429:
            raise RateLimited(
                f"gTTS: {host} answered 429 Too Many Requests (rate-limited; try again later)"
            )
        if response.status_code >= 400:
            raise ServiceRefused(
                f"gTTS: {host} refused the request (HTTP {response.status_code} "
                f"{response.reason or ''})".rstrip()
            )
        return decode(_audio_from_reply(response.text))


def _reason(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 120 else text[:117] + "..."


def _join(pieces: list[Pcm]) -> Pcm:
    if not pieces:
        raise SynthesisFailed("gTTS returned no audio")
    rate = pieces[0].sample_rate
    parts: list[Any] = [resample(piece, rate).samples for piece in pieces]
    return Pcm(samples=np.concatenate(parts).astype(np.float32), sample_rate=rate)
