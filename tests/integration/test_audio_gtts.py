"""gTTS with its HTTP traffic answered by `responses`: nothing leaves the machine."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pytest
import requests
import responses
import soundfile

from phrasebook.audio.engine import Speed
from phrasebook.audio.errors import (
    EngineUnavailable,
    RateLimited,
    ServiceRefused,
    ServiceUnreachable,
)
from phrasebook.audio.gtts_engine import GttsEngine
from phrasebook.audio.service import AudioService
from phrasebook.config import Settings

URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def mp3_tone(seconds: float = 0.6, rate: int = 24000) -> bytes:
    times = np.arange(int(seconds * rate)) / rate
    buffer = io.BytesIO()
    soundfile.write(buffer, 0.4 * np.sin(2 * np.pi * 220 * times), rate, format="MP3")
    return buffer.getvalue()


def reply(mp3: bytes) -> str:
    """A batchexecute reply carrying ``mp3`` the way Google sends it."""
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    entries = [["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]]
    return ")]}'\n\n" + json.dumps(entries, separators=(",", ":"))


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    # Any request without a registered answer fails with ConnectionError: nothing goes out.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def spoken(call: responses.Call) -> list[object]:
    body = call.request.body
    text = body.decode() if isinstance(body, bytes) else str(body)
    rpc = json.loads(parse_qs(text)["f.req"][0])
    parameters: list[object] = json.loads(rpc[0][0][1])
    return parameters


def test_audio_comes_from_the_reply_and_slow_is_asked_for(http: responses.RequestsMock) -> None:
    http.add(responses.POST, URL, body=reply(mp3_tone()), status=200)
    engine = GttsEngine()
    pcm = engine.synthesize("감사합니다", "ko", Speed.NORMAL)
    slow = engine.synthesize("감사합니다", "ko", Speed.SLOW)
    assert pcm.sample_rate == 24000 and pcm.duration == pytest.approx(0.6, abs=0.1)
    assert float(np.abs(pcm.samples).max()) > 0.3
    assert len(slow.samples) > 0
    normal_parameters, slow_parameters = spoken(http.calls[0]), spoken(http.calls[1])
    # Google reads Hangul spelling itself: it gets the written form, not the pronounced one.
    assert normal_parameters[:2] == ["감사합니다", "ko"]
    assert normal_parameters[2] is None and slow_parameters[2] is True


def test_long_text_is_sent_in_pieces_and_joined(http: responses.RequestsMock) -> None:
    http.add(responses.POST, URL, body=reply(mp3_tone(0.5)), status=200)
    text = "Підніміть руки. " * 12  # about 190 characters: gTTS sends at most 100 per request
    pcm = GttsEngine().synthesize(text, "uk", Speed.NORMAL)
    assert len(http.calls) >= 2
    assert pcm.duration == pytest.approx(0.5 * len(http.calls), abs=0.2)


def test_http_429_is_rate_limited_and_the_engine_rests(http: responses.RequestsMock) -> None:
    http.add(responses.POST, URL, body="Too Many Requests", status=429)
    engine = GttsEngine(cooldown=300)
    with pytest.raises(RateLimited, match="429"):
        engine.synthesize("항복", "ko", Speed.NORMAL)
    with pytest.raises(EngineUnavailable, match="not tried again.*429"):
        engine.synthesize("항복", "ko", Speed.NORMAL)
    assert len(http.calls) == 1  # the second call never went to the network


def test_timeout_is_reported_as_unreachable(http: responses.RequestsMock) -> None:
    http.add(responses.POST, URL, body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(ServiceUnreachable, match="did not answer within 2 s"):
        GttsEngine(timeout=2).synthesize("항복", "ko", Speed.NORMAL)


def test_no_network_is_reported_as_unreachable(http: responses.RequestsMock) -> None:
    http.add(
        responses.POST, URL, body=requests.exceptions.ConnectionError("Name or service not known")
    )
    with pytest.raises(ServiceUnreachable, match="cannot reach translate.google.com"):
        GttsEngine().synthesize("항복", "ko", Speed.NORMAL)


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [(403, "Forbidden", "refused the request \\(HTTP 403"),
     (200, "<html>unusual traffic: captcha</html>", "no audio")],
)  # fmt: skip
def test_refusals_are_clear(
    http: responses.RequestsMock, status: int, body: str, message: str
) -> None:
    http.add(responses.POST, URL, body=body, status=status)
    with pytest.raises(ServiceRefused, match=message):
        GttsEngine().synthesize("항복", "ko", Speed.NORMAL)


def test_configured_host_is_used(http: responses.RequestsMock) -> None:
    http.add(responses.POST, URL.replace(".com", ".co.kr"), body=reply(mp3_tone()), status=200)
    engine = GttsEngine(tld="co.kr")
    assert engine.voice("ko") == "co.kr/ko"
    assert engine.synthesize("안녕", "ko", Speed.NORMAL).duration > 0.3


@pytest.mark.parametrize(
    "failure",
    [{"status": 429, "body": "slow down"},
     {"body": requests.exceptions.ConnectTimeout("connect timed out")}],
)  # fmt: skip
def test_service_falls_back_to_real_espeak(
    http: responses.RequestsMock, data_dir: Path, failure: dict[str, object]
) -> None:
    http.add(responses.POST, URL, **failure)  # type: ignore[arg-type]  # status/body by case
    settings = Settings.from_env(
        environ={"PHRASEBOOK_TTS_ENGINE_KO": "gtts", "PHRASEBOOK_TTS_FALLBACK": "espeak",
                 "PHRASEBOOK_GTTS_MIN_INTERVAL": "0"},
        data_dir=data_dir,
    )  # fmt: skip
    service = AudioService(settings)
    try:
        clip = service.render("항복하세요", "ko", Speed.NORMAL)
    finally:
        service.close()
    assert (
        clip.engine == "espeak"
        and clip.fallback_reason
        and clip.fallback_reason.startswith("gtts:")
    )
    assert soundfile.info(str(clip.path)).duration > 0.5
    assert len(http.calls) == 1


def test_service_uses_gtts_when_it_answers(http: responses.RequestsMock, data_dir: Path) -> None:
    http.add(responses.POST, URL, body=reply(mp3_tone(0.8)), status=200)
    settings = Settings.from_env(
        environ={"PHRASEBOOK_TTS_ENGINE": "gtts", "PHRASEBOOK_GTTS_MIN_INTERVAL": "0"},
        data_dir=data_dir,
    )
    service = AudioService(settings)
    first = service.render("Дякую", "uk", Speed.NORMAL)
    again = service.render("Дякую", "uk", Speed.NORMAL)
    assert (first.engine, first.voice, first.fallback_reason) == ("gtts", "com/uk", None)
    assert first.generated and not again.generated and len(http.calls) == 1
    assert soundfile.info(str(first.path)).format == "MP3"
