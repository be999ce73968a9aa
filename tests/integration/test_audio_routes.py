"""The audio routes through the Flask test client, with real espeak-ng audio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, render_template_string

from app import create_app
from phrasebook import editing
from phrasebook.audio.errors import RateLimited
from phrasebook.audio.fake import FakeEngine
from phrasebook.audio.service import AudioService
from phrasebook.audio.settings import Engines
from phrasebook.config import Settings
from phrasebook.db import migrate
from phrasebook.store import Store

UID = "safety.do-not-shoot"


@pytest.fixture(scope="module")
def module_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One small phrase book for the module (the full seeds take seconds per test)."""
    data_dir: Path = tmp_path_factory.mktemp("audio-web")
    store = Store.open(Settings.from_env(environ={}, data_dir=data_dir))
    migrate(store.engine)
    editing.create_phrase(
        store.uow(), uid=UID, category="safety", by="test", languages=store.settings.languages,
        texts={"ko": "쏘지 마!", "uk": "Не стріляйте!", "en": "Don't shoot!"},
    )  # fmt: skip
    yield store
    store.close()


@pytest.fixture
def audio_app(module_store: Store) -> Iterator[Flask]:
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": module_store.settings,
         "PHRASEBOOK_STORE": module_store}
    )  # fmt: skip
    yield app
    app.extensions["phrasebook"].close()


@pytest.fixture
def web(audio_app: Flask) -> Any:
    return audio_app.test_client()


def generate(web: Any, speed: str = "normal", lang: str = "ko") -> dict[str, Any]:
    response = web.get(f"/audio/phrase/{UID}/{lang}?speed={speed}&format=json")
    assert response.status_code == 200, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def test_on_demand_generation_then_cache(web: Any) -> None:
    # Ukrainian: no other test here generates it, so the first request really synthesizes.
    first = generate(web, lang="uk")
    again = generate(web, lang="uk")
    slow = generate(web, "slow", lang="uk")
    assert first["generated"] is True and again["generated"] is False
    assert first["url"] == again["url"] == f"/audio/{first['key']}.mp3"
    assert first["engine"] == "espeak" and slow["url"] != first["url"]
    redirect = web.get(f"/audio/phrase/{UID}/uk", headers={"Accept": "text/html"})
    assert redirect.status_code == 303 and redirect.headers["Location"].endswith(first["url"])


def test_file_headers(web: Any) -> None:
    url = generate(web)["url"]
    response = web.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "audio/mpeg"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["ETag"] == f'"{url.rsplit("/", 1)[1].split(".")[0]}"'
    assert "Last-Modified" in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body) > 1000
    assert body[:3] == b"ID3" or body[0] == 0xFF


def test_conditional_requests_answer_304(web: Any) -> None:
    url = generate(web)["url"]
    first = web.get(url)
    by_etag = web.get(url, headers={"If-None-Match": first.headers["ETag"]})
    by_date = web.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    other = web.get(url, headers={"If-None-Match": '"somethingelse"'})
    assert (by_etag.status_code, by_date.status_code, other.status_code) == (304, 304, 200)
    assert by_etag.get_data() == b""


def test_range_requests(web: Any) -> None:
    url = generate(web)["url"]
    whole = web.get(url).get_data()
    size = len(whole)
    part = web.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 0-99/{size}"
    assert part.get_data() == whole[:100]
    tail = web.get(url, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and tail.get_data() == whole[-50:]
    middle = web.get(url, headers={"Range": f"bytes=100-{size + 500}"})  # clamped to the end
    assert middle.status_code == 206 and middle.get_data() == whole[100:]
    beyond = web.get(url, headers={"Range": f"bytes={size}-{size + 10}"})
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{size}"


@pytest.mark.parametrize(
    "path",
    ["/audio/../phrasebook.sqlite3", "/audio/..%2Fphrasebook.sqlite3",
     "/audio/" + "A" * 32 + ".mp3", "/audio/" + "a" * 32 + ".exe",
     "/audio/" + "a" * 32 + ".mp3", "/audio/%2e%2e/%2e%2e/etc/passwd.mp3",
     "/audio/phrasebook.mp3"],
)  # fmt: skip
def test_only_cached_hex_names_are_served(web: Any, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 404
    assert b"sqlite" not in response.get_data() and b"root:" not in response.get_data()


def test_bad_requests_are_clear(web: Any) -> None:
    bad_speed = web.get(f"/audio/phrase/{UID}/ko?speed=fast&format=json")
    assert bad_speed.status_code == 400 and "fast" in bad_speed.get_json()["error"]["message"]
    missing = web.get("/audio/phrase/no-such-phrase/ko?format=json")
    assert missing.status_code == 404 and "no-such-phrase" in missing.get_json()["error"]["message"]


def test_engine_failure_is_a_message_not_an_error_page(audio_app: Flask, web: Any) -> None:
    settings = audio_app.config["PHRASEBOOK_SETTINGS"].with_changes(
        env={"PHRASEBOOK_TTS_ENGINE": "gtts", "PHRASEBOOK_TTS_FALLBACK": "none"}
    )
    failing = FakeEngine(name="gtts", fail_with=RateLimited("gTTS: 429 Too Many Requests"))
    audio_app.extensions["phrasebook"].use_audio(
        AudioService(settings, engines=Engines.of(gtts=failing))
    )
    response = web.get(f"/audio/phrase/{UID}/ko?format=json")
    assert response.status_code == 503
    assert response.is_json and "429" in response.get_json()["error"]["message"]


def test_buttons_partial(audio_app: Flask) -> None:
    store = audio_app.extensions["phrasebook"].store
    with store.uow() as uow:
        phrase = uow.phrases.get(UID)
        page = (
            '{% for t in [translation, translation] %}{% include "_audio_buttons.html" %}'
            "{% endfor %}"
        )
        with audio_app.test_request_context("/"):
            html = render_template_string(
                page,
                phrase=phrase,
                translation=phrase.translations["ko"],
                reader="uk",
                target="ko",
                voices={},
            )
            nothing = render_template_string(
                '{% include "_audio_buttons.html" %}', phrase=phrase, translation=None,
                reader="uk", target="ko",
            )  # fmt: skip
    assert html.count('<button type="button" class="audio-play"') == 4
    assert 'data-speed="slow"' in html and f'data-audio-src="/audio/phrase/{UID}/ko"' in html
    assert 'aria-label="Play: ' in html and 'role="status"' in html
    assert html.count("audio.js") == 1  # the script once, however many button groups
    assert html.count("synthetic voice") == 2  # no recording: an engine speaks
    assert "<button" not in nothing


def test_phrase_page_has_the_buttons_and_the_script_is_served(web: Any) -> None:
    page = web.get(f"/phrases/{UID}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-audio-src="/audio/phrase/{UID}/ko"' in html
    script = web.get("/static/audio.js")
    assert script.status_code == 200 and b"generating" in script.get_data()
